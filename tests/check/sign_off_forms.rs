//! Sign-off rows as people write them, and page totals with a row slipped
//! between them (probe13's findings on this session's own rules).
//!
//! A sign-off row is one that names a signer and cannot pay: a label
//! (`Prepared by`, `Authorised Signatory`, `Signed by`, `Recommended by`)
//! with a name, a date, an extension, or a serial number beside it. Before,
//! any digit in the row made it a payee row, refused as a row, so
//! `--skip-invalid` paid the payee typed under the signatures. Payee rows
//! under the *last* sign-off are refused; a printout signed at the foot of
//! every page is not.

use super::*;

const HEAD: &str = "Employee ID,Name,Wallet,Provider,Amount\n\
    EMP-001,Payee 1,01700000001,bKash,1000\n\
    EMP-002,Payee 2,01700000002,bKash,2000\n\
    EMP-003,Payee 3,01700000003,bKash,3000\n";
const LATE: &str = "EMP-009,Payee 9,01700000009,bKash,25000\n";

fn skip_invalid(dir: &Path, f: &Path) -> (Option<i32>, String) {
    dry_run(dir, f, &["--skip-invalid"])
}

#[test]
fn a_payee_under_any_written_form_of_a_sign_off_refuses_the_sheet() {
    let dir = tmp();
    let forms = [
        "Prepared by: Sumi,,,,Date: 30/11/2026",
        "Prepared by,Sumi,Date,30/11/2026,",
        "Authorised Signatory,,,,",
        "Signed by: Sumi,,,,",
        "Prepared & Checked by,Sumi,,,",
        "Accounts Officer,Prepared by,,,",
        "Prepared by,Sumi,Ext 1234,,",
        ",Prepared by: Sumi,,,",
        "4,Prepared by: Sumi,,,",
        "Recommended by: Sumi,,,,",
        "প্রস্তুতকারী,সুমি,তারিখ,৩০/১১/২০২৬,",
    ];
    let mut files: Vec<PathBuf> = forms
        .iter()
        .enumerate()
        .map(|(i, row)| {
            write(
                dir.path(),
                &format!("f{i}.csv"),
                format!("{HEAD}{row}\n{LATE}"),
            )
        })
        .collect();
    files.extend(["xlsx", "xls", "ods"].map(|e| sheet_fixture(&format!("signed-dated.{e}"))));
    for f in files {
        let (code, all) = skip_invalid(dir.path(), &f);
        assert_eq!(
            code,
            Some(2),
            "{}: --skip-invalid paid it: {all}",
            f.display()
        );
        assert!(
            all.contains("after the sign-off on row"),
            "{}: {all}",
            f.display()
        );
    }
}

#[test]
fn a_printout_signed_at_the_foot_of_every_page_or_block_is_paid() {
    let dir = tmp();
    let every_page = "Employee ID,Name,Wallet,Provider,Amount\n\
        EMP-001,Payee 1,01700000001,bKash,1000\n\
        EMP-002,Payee 2,01700000002,bKash,2000\n\
        EMP-003,Payee 3,01700000003,bKash,3000\n\
        ,Carried forward,,,6000\n\
        Prepared by,Checked by,Approved by,,\n\
        ,Brought forward,,,6000\n\
        EMP-004,Payee 4,01700000004,bKash,4000\n\
        EMP-005,Payee 5,01700000005,bKash,5000\n\
        ,Total,,,15000\n\
        Prepared by,Checked by,Approved by,,\n";
    let blocks = format!(
        "{HEAD}Prepared by: Sumi,,,,\n\
        EMP-004,Payee 4,01700000004,bKash,4000\n\
        EMP-005,Payee 5,01700000005,bKash,5000\n\
        Prepared by: Karim,,,,\n"
    );
    for (name, text) in [
        ("pages.csv", every_page.to_string()),
        ("blocks.csv", blocks),
    ] {
        let f = write(dir.path(), name, &text);
        let (code, v) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
        assert_eq!(code, 0, "{name}: {v:#}");
    }
}

#[test]
fn a_payee_between_carried_and_brought_forward_refuses_the_sheet() {
    let dir = tmp();
    let between = format!(
        "{HEAD},Carried forward,,,6000\n\
        EMP-009,Payee 9,01700000009,bKash,7000\n\
        ,Brought forward,,,6000\n\
        EMP-004,Payee 4,01700000004,bKash,4000\n"
    );
    let with_total = format!("{between},Total,,,20000\n");
    let after_last = format!(
        "{HEAD},Carried forward,,,6000\n\
        EMP-004,Payee 4,01700000004,bKash,4000\n\
        EMP-005,Payee 5,01700000005,bKash,5000\n"
    );
    for (name, text, row) in [
        ("between.csv", between, "row 6"),
        ("total.csv", with_total, "row 6"),
        ("after.csv", after_last, "rows 6, 7"),
    ] {
        let f = write(dir.path(), name, &text);
        let (code, all) = skip_invalid(dir.path(), &f);
        assert_eq!(code, Some(2), "{name}: paid: {all}");
        assert!(all.contains(row), "{name}: {row}: {all}");
    }
}

/// The amount in words under the total, as payrolls and vouchers in
/// Bangladesh write it: a line of paperwork that cannot pay, skipped with a
/// note like a sign-off. Before, it refused the sheet as a row (this
/// session's build called it "a units row" in thousands).
#[test]
fn the_amount_in_words_under_the_total_is_skipped_with_a_note() {
    let dir = tmp();
    let lines = [
        "\"In words: Taka Three Thousand Only\",,,,",
        "Amount in words:,Taka Three Thousand only,,,",
        ",\"Taka Three Thousand Only\",,,",
        "কথায়: তিন হাজার টাকা মাত্র,,,,",
    ];
    let body = "Employee ID,Name,Wallet,Provider,Amount\n\
        E1,A,01711111111,bKash,1000\n\
        E2,B,01711111112,Nagad,2000\n\
        ,Total,,,3000\n";
    for (i, line) in lines.iter().enumerate() {
        let f = write(dir.path(), &format!("w{i}.csv"), format!("{body}{line}\n"));
        let (code, v) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
        assert_eq!(code, 0, "{line}: {v:#}");
        assert!(v.to_string().contains("in words"), "{line}: {v:#}");
    }
}
