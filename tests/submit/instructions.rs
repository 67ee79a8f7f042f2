//! A row the sheet says not to pay (`Status` = `Cancelled`, `Paid` = `Yes`,
//! a remark `do not pay`) is never sent: `submit` and `--dry-run` refuse the
//! sheet, `--skip-invalid` pays only the other rows, and `--pay-despite`
//! pays them all with a note. The truth comes from the sandbox's books.

use super::*;

/// The sheet (rows 2 to 7): two ordinary rows and four that say not to pay.
/// (The names are names: a name such as `Cancelled` or `On hold` refuses
/// its row as well.)
const SHEET: &str = "\
Reference,Name,Wallet,Provider,Amount,Status,Paid,Remark
E-01,Rahim,01712300142,bKash,1000,Active,No,November salary
E-02,Karim,01712300242,bKash,2000,Cancelled,,
E-03,Fatema,01712300342,bKash,3000,On Hold,,
E-04,Salma,01712300442,bKash,4000,,Yes,
E-05,Jamal,01712300542,bKash,5000,,,HOLD - do not pay
E-06,Rina,01712300642,bKash,6000,Permanent,,Hold allowance
";

/// [`SHEET`] written in `dir`, and the ledger beside it.
fn files(dir: &Path) -> (PathBuf, PathBuf) {
    let sheet = dir.join("s.csv");
    std::fs::write(&sheet, SHEET).unwrap();
    (sheet, dir.join("ledger.sqlite"))
}

fn wallets(sbx: &SandboxHandle) -> Vec<(String, i64)> {
    let mut w: Vec<(String, i64)> = sbx
        .orders()
        .iter()
        .map(|o| (o.wallet_id.clone(), o.amount.poisha()))
        .collect();
    w.sort();
    w
}

/// Before, all six rows were paid (exit 0): the Status, Paid and Remark
/// columns were read by nobody.
#[test]
fn rows_the_sheet_says_not_to_pay_are_never_sent() {
    let (dir, sbx) = (tempfile::tempdir().unwrap(), sandbox_with(|_| {}));
    let (sheet, ledger) = files(dir.path());
    for extra in [&["--dry-run"][..], &[][..]] {
        let out = run(submit_cmd(&sbx.url(), &ledger, &sheet, "hold", extra));
        assert_eq!(out.status.code(), Some(2), "{extra:?}: {}", text(&out));
        let t = text(&out);
        for (row, col, value) in [
            (3, "Status", "Cancelled"),
            (4, "Status", "On Hold"),
            (5, "Paid", "Yes"),
            (6, "Remark", "HOLD - do not pay"),
        ] {
            assert!(
                t.contains(&format!("row {row}, column \"{col}\": \"{value}\"")),
                "{extra:?} row {row}: {t}"
            );
        }
        assert!(sbx.orders().is_empty(), "{extra:?}");
    }

    let out = run(submit_cmd(
        &sbx.url(),
        &ledger,
        &sheet,
        "hold",
        &["--skip-invalid"],
    ));
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert_eq!(
        wallets(&sbx),
        [
            ("01712300142".to_string(), 100_000),
            ("01712300642".to_string(), 600_000)
        ]
    );
    let l = Ledger::open(&ledger).unwrap();
    let refused: i64 = l
        .connection()
        .query_row("SELECT COUNT(*) FROM invalid_rows", [], |r| r.get(0))
        .unwrap();
    assert_eq!(refused, 4);
}

/// `--pay-despite` (repeatable) says the columns do not decide payment:
/// every row is paid, and a warning names each column disregarded.
#[test]
fn pay_despite_pays_with_a_note_naming_the_column() {
    let (dir, sbx) = (tempfile::tempdir().unwrap(), sandbox_with(|_| {}));
    let (sheet, ledger) = files(dir.path());
    let flags = [
        "--pay-despite",
        "Status",
        "--pay-despite",
        "Paid",
        "--pay-despite",
        "Remark",
        "--quiet",
    ];
    let out = run(submit_cmd(&sbx.url(), &ledger, &sheet, "despite", &flags));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(sbx.orders().len(), 6);
    let t = text(&out);
    for col in ["Status", "Paid", "Remark"] {
        assert!(
            t.contains(&format!(
                "\"{col}\" is not read as an instruction, because --pay-despite"
            )),
            "{col}: {t}"
        );
    }
}

/// A `Status` "On hold" merged over rows 3-5, a `Pay?` "No" over 7-8 and a
/// `Remark` "do not pay" over 10-11 (LibreOffice's save of
/// `tests/fixtures/sheets/merged_status.py`): `--skip-invalid` sends only
/// the rows nobody reading the sheet holds back. (Before, the rows under
/// each merge's first row were sent: rows 4, 5, 6, 8 and 11.)
#[test]
fn skip_invalid_sends_none_of_the_rows_a_merged_status_covers() {
    let (dir, sbx) = (tempfile::tempdir().unwrap(), sandbox_with(|_| {}));
    let sheet =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sheets/merged-status.xlsx");
    let ledger = dir.path().join("ledger.sqlite");
    let out = run(submit_cmd(
        &sbx.url(),
        &ledger,
        &sheet,
        "merged",
        &["--dry-run"],
    ));
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(sbx.orders().is_empty());
    let out = run(submit_cmd(
        &sbx.url(),
        &ledger,
        &sheet,
        "merged",
        &["--skip-invalid"],
    ));
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    // Row n: wallet 0171230{n-1:02}42, Tk 1,000 × (n - 1).
    let want: Vec<(String, i64)> = [2, 9, 12, 13, 14, 15, 17]
        .iter()
        .map(|n| (format!("0171230{:02}42", n - 1), (n - 1) * 100_000))
        .collect();
    assert_eq!(wallets(&sbx), want);
}
