//! Title rows that split a payroll: one whose words hold back the rows under
//! it ("On hold - do not pay this month") refuses the sheet, `--skip-invalid`
//! or not, naming those rows; department titles ("Sewing") stay invalid rows
//! of their own and every payee under them is paid. The workbooks are saved
//! by LibreOffice and Gnumeric (`tests/fixtures/sheets/section_titles.py`).

use super::corpus::{Run, SAVES, V, verdicts};
use super::*;

const HELD_ERROR: &str = "row 5 reads \"On hold - do not pay this month\", and 2 payouts under it would be paid (rows 6, 7, Tk 17,000.00), yet its words (\"do not pay\") say they are not to be paid";

/// The batch errors of a `check --json` run, as said, one a line.
fn errors_of(r: &Run) -> String {
    let errors = r.json.as_ref().and_then(|v| v["batch_errors"].as_array());
    errors
        .map(|a| a.iter().filter_map(|e| e.as_str()).collect::<Vec<_>>())
        .unwrap_or_default()
        .join("\n")
}

pub(super) fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/sheets")
        .join(name)
}

#[test]
fn a_title_that_holds_back_the_rows_under_it_refuses_the_sheet() {
    let under = "is under the title on row 5";
    let want = [
        (2, V::Paid),
        (3, V::Paid),
        (
            5,
            V::Invalid("is a title whose words hold back the rows under it"),
        ),
        (6, V::Invalid(under)),
        (7, V::Invalid(under)),
    ];
    for save in SAVES {
        let file = format!("section-held.{save}");
        let r = verdicts(&file, &[], 2, &want);
        assert!(errors_of(&r).contains(HELD_ERROR), "{file}: {}", r.all);
    }
}

#[test]
fn skip_invalid_does_not_pay_the_rows_a_title_holds_back() {
    let dir = tmp();
    // The two payees to be paid, then the title of those held back.
    let head = "Name,Wallet,Provider,Amount\n\
         Rahim Uddin,01712345601,bKash,12000\n\
         Fatema Khatun,01812345602,Nagad,15000\n\
         ,,,\n\
         On hold - do not pay this month,,,\n";
    let held = "Jamal Hossain,01712345603,bKash,9000\n\
         Kamal Ahmed,01812345604,Nagad,8000\n";
    let csv = write(dir.path(), "held.csv", format!("{head}{held}"));
    let files = [
        csv,
        sheet_fixture("section-held.xlsx"),
        sheet_fixture("section-held.ods"),
    ];
    for file in &files {
        let (code, all) = dry_run(dir.path(), file, &["--skip-invalid"]);
        assert_eq!(code, Some(2), "{}: {all}", file.display());
        assert!(all.contains(HELD_ERROR), "{all}");
        assert!(!all.contains("would send"), "{all}");
        assert!(
            all.contains("--skip-invalid does not skip the batch errors above"),
            "{all}"
        );
    }
    // Deleting the held rows says what the sheet means: the rest is paid.
    let kept = write(dir.path(), "kept.csv", head);
    let (code, all) = dry_run(dir.path(), &kept, &["--skip-invalid"]);
    // 1: the title row itself is skipped as invalid.
    assert_eq!(code, Some(1), "{all}");
    assert!(all.contains("would send 2 payouts, Tk 27,000.00"), "{all}");
}

#[test]
fn department_titles_hold_nothing_back() {
    let want = [
        (2, V::Invalid("is a title or a note, not a payout")),
        (3, V::Paid),
        (4, V::Paid),
        (5, V::Invalid("is a title or a note, not a payout")),
        (6, V::Paid),
        (7, V::Paid),
    ];
    for save in SAVES {
        let file = format!("section-departments.{save}");
        let r = verdicts(&file, &[], 2, &want);
        assert_eq!(errors_of(&r), "", "{file}: {}", r.all);
    }
    let dir = tmp();
    let (code, all) = dry_run(
        dir.path(),
        &sheet_fixture("section-departments.xlsx"),
        &["--skip-invalid"],
    );
    // 1: the two title rows are skipped as invalid.
    assert_eq!(code, Some(1), "{all}");
    assert!(all.contains("would send 4 payouts, Tk 44,000.00"), "{all}");
}

/// What a probe of the rule found paid or refused wrongly (2026-12-05): a
/// title typed in the wallet column, a title beside its section's subtotal,
/// and a department title inside the held block still hold the rows back;
/// a payee row cleared of its wallet and amount is no title.
#[test]
fn a_title_holds_back_wherever_it_is_typed_and_a_cleared_payee_is_no_title() {
    let dir = tmp();
    let held = [
        // The title in the first column, which is the wallet's.
        (
            "Mobile No,Name,Provider,Amount\n\
             01712345601,Rahim,bKash,12000\n\
             On hold - do not pay this month,,,\n\
             01712345603,Jamal,bKash,9000\n",
            "rows 4",
        ),
        // The title beside its section's subtotal.
        (
            "Name,Wallet,Provider,Amount\n\
             Rahim,01712345601,bKash,12000\n\
             Hold till January,,,9000\n\
             Jamal,01712345603,bKash,9000\n",
            "rows 4",
        ),
        // A department title inside the held block ends nothing.
        (
            "Name,Wallet,Provider,Amount\n\
             Rahim,01712345601,bKash,12000\n\
             On hold - do not pay,,,\n\
             Sewing,,,\n\
             Jamal,01712345603,bKash,9000\n\
             Finishing,,,\n\
             Kamal,01812345604,Nagad,8000\n",
            "rows 5, 7",
        ),
    ];
    for (i, (sheet, rows)) in held.iter().enumerate() {
        let f = write(dir.path(), &format!("held-{i}.csv"), sheet);
        let (code, all) = dry_run(dir.path(), &f, &["--skip-invalid"]);
        assert_eq!(code, Some(2), "{sheet}\n{all}");
        let rows = rows.replace("rows 4", "row 4");
        assert!(
            all.contains(&format!("under it would be paid ({rows}")),
            "{sheet}\n{all}"
        );
        assert!(!all.contains("would send"), "{all}");
    }
    // A payee row left without its wallet and amount, its status saying
    // why: refused as a row of its own, and the rows under it are paid.
    let f = write(
        dir.path(),
        "cleared.csv",
        "Reference,Name,Wallet,Provider,Amount,Status\n\
         E1,Rahim,01712345601,bKash,12000,Active\n\
         E2,Karim,,,,Cancelled\n\
         E3,Jamal,01712345603,bKash,9000,Active\n",
    );
    let (code, all) = dry_run(dir.path(), &f, &["--skip-invalid"]);
    assert_eq!(code, Some(1), "{all}");
    assert!(all.contains("would send 2 payouts, Tk 21,000.00"), "{all}");
}
