//! Rows outside every total the sheet shows, and a second header whose
//! columns are in another order: what finance and the approver saw is not
//! what would be paid, so the sheet is refused whole (a batch error that
//! `--skip-invalid` never skips). Fixture: `row-after-total.xlsx`, a
//! LibreOffice save of a sheet whose `Grand Total` (=SUM, 15,000) and
//! sign-off rows are followed by a typed payee row of 25,000 (probe9
//! finding 2).

use super::hidden::batch_errors;
use super::*;

/// `submit --dry-run --skip-invalid` on `f`: its exit code and stderr.
fn skip_invalid_dry_run(dir: &Path, f: &Path) -> (Option<i32>, String) {
    let out = payrun(dir)
        .args([
            "submit",
            "--dry-run",
            "--sandbox",
            "--skip-invalid",
            "--batch",
            "after",
        ])
        .arg(f)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_payee_row_after_the_last_total_refuses_the_sheet() {
    let dir = tmp();
    let csv = write(
        dir.path(),
        "after.csv",
        "ID,Name,Wallet,Provider,Amount\n\
         E1,N1,01711111111,bKash,1000\n\
         E2,N2,01711111112,bKash,2000\n\
         E3,N3,01711111113,bKash,3000\n\
         Grand Total,,,,6000\n\
         ,,,,\n\
         Prepared by: Sumi,,Approved by: Rahim,,\n\
         E9,Late add,01711111119,bKash,25000\n",
    );
    let xlsx = sheet_fixture("row-after-total.xlsx");
    for (f, total_row, total, late_row) in
        [(&csv, 5, "Tk 6,000.00", 8), (&xlsx, 7, "Tk 15,000.00", 10)]
    {
        let (code, v) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
        assert_eq!(code, 2, "{}: {v:#}", f.display());
        let errors = batch_errors(&v);
        assert_eq!(errors.len(), 1, "{errors:#?}");
        let e = &errors[0];
        for part in [
            format!("row {late_row} comes after row {total_row}"),
            format!("\"Grand Total\" ({total})"),
            "outside every total the sheet shows".to_string(),
            "move it above the total and update the total, or delete it".to_string(),
        ] {
            assert!(e.contains(&part), "{part}: {e}");
        }
        let (code, err) = skip_invalid_dry_run(dir.path(), f);
        assert_eq!(code, Some(2), "--skip-invalid must not skip it: {err}");
        assert!(err.contains("outside every total"), "{err}");
    }
}

#[test]
fn rows_under_a_total_that_heads_them_are_inside_it() {
    let dir = tmp();
    // A total under the header sums every row below it; totals heading
    // their blocks sum the rows after them.
    for (name, text) in [
        (
            "top.csv",
            "Name,Wallet,Provider,Amount\nTotal,,,1200\n\
             A,01712345678,bKash,500\nB,01812345678,bKash,700\n",
        ),
        (
            "heads.csv",
            "Name,Wallet,Provider,Amount\nTotal (Sewing),,,1200\n\
             A,01712345678,bKash,500\nB,01812345678,bKash,700\n\
             Total (Finishing),,,300\nC,01912345678,Nagad,300\n",
        ),
    ] {
        let f = write(dir.path(), name, text);
        let (code, v) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
        assert_eq!(code, 0, "{name}: {v:#}");
    }
}

#[test]
fn a_late_row_that_equals_the_total_is_still_outside_it() {
    let dir = tmp();
    // The rows after the total add up to it too: a total the rows above
    // already make is theirs, not the late row's.
    let f = write(
        dir.path(),
        "eq.csv",
        "Name,Wallet,Provider,Amount\nA,01712345678,bKash,500\nB,01812345678,bKash,700\n\
         Total,,,1200\nC,01912345678,Nagad,1200\nD,01612345678,Nagad,300\n",
    );
    let (code, v) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
    assert_eq!(code, 2, "{v:#}");
    let errors = batch_errors(&v);
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("rows 5, 6 come after row 4")),
        "{errors:#?}"
    );
}

#[test]
fn a_second_header_in_another_order_refuses_the_sheet() {
    let dir = tmp();
    // Two exports pasted together, the second with Amount and Employee No
    // swapped: read by the first header, C and D would be paid their
    // employee numbers (probe9 finding 4).
    let f = write(
        dir.path(),
        "pasted.csv",
        "Name,Wallet,Provider,Amount,Employee No\n\
         A,01711111111,bKash,15000,10231\n\
         B,01711111112,bKash,16000,10232\n\
         Name,Wallet,Provider,Employee No,Amount\n\
         C,01711111113,bKash,10233,17000\n\
         D,01711111114,bKash,10234,18000\n",
    );
    let (code, v) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
    assert_eq!(code, 2, "{v:#}");
    let errors = batch_errors(&v);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let e = &errors[0];
    for part in [
        "row 4 is a second header",
        "row 1",
        "\"Employee No\" is in column D here and in column E in row 1",
        "\"Amount\" is in column E here and in column D in row 1",
        "rows 5-6",
    ] {
        assert!(e.contains(part), "{part}: {e}");
    }
    let (code, err) = skip_invalid_dry_run(dir.path(), &f);
    assert_eq!(code, Some(2), "--skip-invalid must not skip it: {err}");
    assert!(err.contains("is a second header"), "{err}");
    // Deleting the second header is no fix either: rows 4 and 5 then hold
    // employee numbers as amounts, and a person must say which is right. A
    // header repeated in the same order is still skipped with a note
    // (`totals::a_repeated_header_row_is_skipped_with_a_note`).
}

/// Totals placed above each block, two blocks adding up the same: the
/// second total is also the first block's sum, so it is read as theirs and
/// the last block falls outside every total (sheets.md). The refusal says
/// why, and the fix: each block's total under its block (probe10).
#[test]
fn heading_totals_of_equal_blocks_are_refused_saying_how_to_place_them() {
    let dir = tmp();
    let f = write(
        dir.path(),
        "heads.csv",
        "Name,Wallet,Provider,Amount\nTotal Shift A,,,1200\nA,01712345678,bKash,500\n\
         B,01812345678,bKash,700\nTotal Shift B,,,1200\nC,01912345678,Nagad,600\n\
         D,01612345678,Nagad,600\n",
    );
    let (code, v) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
    assert_eq!(code, 2, "{v:#}");
    let errors = batch_errors(&v);
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("rows 6, 7 come after row 5")
                && e.contains("Row 5 also equals the rows below it")
                && e.contains("under its block")),
        "{errors:#?}"
    );
}
