//! The words a finance clerk writes to say a row was paid already, is held
//! back or is not to be paid (`Sent`, `Completed` pasted back from the
//! bKash portal, `Paid by cheque`, `Deferred to December`, `পরিশোধ হয়েছে`),
//! in a status, a remark, a name or a title, refuse the rows they stand on;
//! the ordinary words beside them (`Active`, `Approved`, `Festival bonus`,
//! `Transfer` as a department, `Sentu` as a name) leave rows payable. The
//! workbooks are saved by LibreOffice and Gnumeric
//! (`tests/fixtures/sheets/paid_words.py`). The probe of 2026-12-05 (f11,
//! f1, f8, f2) paid every one of these rows.

use super::corpus::SAVES;
use super::corpus::{V, total, verdicts};
use super::*;
use V::{Invalid, Paid};

const STATUS: V = Invalid("column \"Status\": ");
const TXN: V = Invalid("column \"Txn Status\": ");
const PAYMENT: V = Invalid("column \"Payment Status\": ");
const REMARKS: V = Invalid("column \"Remarks\": ");
const PAID_ALREADY: &str = "says this row was paid already";
const NOT_TO_PAY: &str = "says this row is not to be paid";

/// paid-words: each row and its verdict.
const WORDS: [(usize, V); 24] = [
    (2, Paid),     // Active, November salary, Sewing
    (3, STATUS),   // Sent
    (4, STATUS),   // Disbursed
    (5, STATUS),   // Transferred
    (6, REMARKS),  // Paid by cheque
    (7, REMARKS),  // Do not process
    (8, REMARKS),  // Deferred to December
    (9, STATUS),   // পরিশোধ হয়েছে
    (10, Paid),    // Approved, Festival bonus, Transfer
    (11, TXN),     // Completed
    (12, TXN),     // Success
    (13, PAYMENT), // Payment done
    (14, PAYMENT), // পরিশোধ হয়েছে
    (15, Paid),    // OK, Pending, Hold allowance
    (16, STATUS),  // Postponed
    (17, REMARKS), // Paid 28-Oct
    (18, REMARKS), // Duplicate entry
    (19, REMARKS), // নগদে দেওয়া হয়েছে
    (20, REMARKS), // দেওয়া হবে না
    (21, Paid),    // Active, To be paid by bKash
    (22, STATUS),  // Not for payment
    (23, Paid),    // Active, Transferred from Gazipur unit
    (24, STATUS),  // Done
    (25, REMARKS), // পরে দেওয়া হবে
];

/// The rows paid: 2, 10, 15, 21 and 23 (Tk 1,000 × (row - 1)).
const WORDS_PAID_POISHA: i64 = (1 + 9 + 14 + 20 + 22) * 1000 * 100;

#[test]
fn words_that_say_paid_already_or_do_not_pay_refuse_their_rows_in_every_format() {
    for save in SAVES {
        let file = format!("paid-words.{save}");
        let r = verdicts(&file, &[], 2, &WORDS);
        assert_eq!(total(&r), Some(WORDS_PAID_POISHA), "{file}");
        for (row, says) in [
            (3, PAID_ALREADY),
            (6, PAID_ALREADY),
            (7, NOT_TO_PAY),
            (8, NOT_TO_PAY),
            (11, PAID_ALREADY),
            (14, PAID_ALREADY),
            (20, NOT_TO_PAY),
        ] {
            let issues = &r.rows.iter().find(|(n, _, _)| *n == row).unwrap().2;
            assert!(issues.contains(says), "{file} row {row}: {issues}");
            assert!(
                issues.contains("--pay-despite"),
                "{file} row {row}: {issues}"
            );
        }
    }
}

/// `--skip-invalid` pays exactly the five payable rows.
#[test]
fn skip_invalid_pays_only_the_rows_no_word_refuses() {
    let dir = tmp();
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sheets/paid-words.xlsx");
    let (code, all) = dry_run(dir.path(), &file, &["--skip-invalid"]);
    assert_eq!(code, Some(1), "{all}");
    assert!(all.contains("would send 5 payouts, Tk 66,000.00"), "{all}");
}

/// paid-names: a name or reference that says "do not pay", "HOLD" or
/// "paid in cash" refuses its row as a remark would; a name that only holds
/// such a word inside it is a name.
const NAMES: [(usize, V); 12] = [
    (2, Paid),                                // Rahim Uddin
    (3, Invalid("column \"Name\": ")),        // Karim Mia - do not pay
    (4, Invalid("column \"Name\": ")),        // Fatema Begum (HOLD)
    (5, Invalid("column \"Employee ID\": ")), // E4 (resigned - do not pay)
    (6, Invalid("column \"Name\": ")),        // Rina [paid in cash]
    (7, Invalid("column \"Name\": ")),        // CANCELLED - Babul
    (8, Paid),                                // Sentu Holder
    (9, Paid),                                // Maria Doneva
    (10, Paid),                               // বাদল মিয়া
    (11, Invalid("column \"Name\": ")),       // পরেশ চন্দ্র (বাদ)
    (12, Paid),                               // E-11, Abdul-Karim
    (13, Invalid("column \"Name\": ")),       // Nasima Akter (paid)
];

#[test]
fn a_name_or_reference_that_says_do_not_pay_refuses_its_row() {
    // Rows 2, 8, 9, 10 and 12 (Tk 1,000 × (row - 1)).
    let paid: i64 = (1 + 7 + 8 + 9 + 11) * 1000 * 100;
    for save in SAVES {
        let file = format!("paid-names.{save}");
        let r = verdicts(&file, &[], 2, &NAMES);
        assert_eq!(total(&r), Some(paid), "{file}");
        let issues = &r.rows.iter().find(|(n, _, _)| *n == 6).unwrap().2;
        assert!(issues.contains(PAID_ALREADY), "{file}: {issues}");
        assert!(
            issues.contains("--pay-despite \"Name\""),
            "{file}: {issues}"
        );
    }
    // Said not to decide payment, the names are names again.
    let all: Vec<(usize, V)> = NAMES.iter().map(|(n, _)| (*n, Paid)).collect();
    let despite = ["--pay-despite", "Name", "--pay-despite", "Employee ID"];
    verdicts("paid-names.xlsx", &despite, 0, &all);
}

/// paid-title: `Deferred to December - do not process` holds back the two
/// rows under it, `--skip-invalid` or not; `Transfer Desk` holds nothing.
#[test]
fn a_title_in_these_words_holds_back_its_rows() {
    let under = "is under the title on row 5";
    let want = [
        (2, Invalid("is a title or a note, not a payout")),
        (3, Paid),
        (4, Paid),
        (
            5,
            Invalid("is a title whose words hold back the rows under it"),
        ),
        (6, Invalid(under)),
        (7, Invalid(under)),
    ];
    for save in SAVES {
        verdicts(&format!("paid-title.{save}"), &[], 2, &want);
    }
    let dir = tmp();
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sheets/paid-title.ods");
    let (code, all) = dry_run(dir.path(), &file, &["--skip-invalid"]);
    assert_eq!(code, Some(2), "{all}");
    assert!(
        all.contains("row 5 reads \"Deferred to December - do not process\", and 2 payouts under it would be paid (rows 6, 7, Tk 17,000.00)"),
        "{all}"
    );
    assert!(!all.contains("would send"), "{all}");
}

/// A remark that names what it holds (`Hold Nov salary`, `Salary held`) or
/// why (`Hold for audit`) refuses its row, as `HOLD` does; `Hold allowance`
/// (an earning's name) leaves its row payable. Before, every one of these
/// rows was paid, and `--skip-invalid` had nothing to skip.
#[test]
fn a_remark_naming_what_is_held_or_why_refuses_its_row() {
    let dir = tmp();
    let remarks = [
        "Hold Nov salary",
        "Hold this month's salary",
        "Salary held",
        "Hold for audit",
        "HOLD Dec",
        "Hold allowance",
    ];
    let mut csv = String::from("Wallet,Provider,Amount,Remarks\n");
    for (i, r) in remarks.iter().enumerate() {
        csv.push_str(&format!("0171234560{i},bKash,1000,{r}\n"));
    }
    let file = write(dir.path(), "held.csv", csv);
    let file = file.to_str().expect("utf-8 path");
    let (code, json) = json_of(dir.path(), &["check", file]);
    assert_eq!(code, 2, "{json}");
    let cells = issue_cells(&json);
    for row in 2..=6u64 {
        assert!(
            cells.iter().any(|(r, c)| *r == row && c == "Remarks"),
            "row {row} held: {cells:?}"
        );
    }
    assert!(
        !cells.iter().any(|(r, _)| *r == 7),
        "Hold allowance pays: {cells:?}"
    );
}

/// probe15: on November's sheet, a lift that is denied, put off, partial
/// or a release from the job, a hold bounded by a month to come, and a
/// means excused with another after it, refuse their rows; a plain lift
/// from an earlier month still pays. Before, every one of these was paid.
#[test]
fn a_remark_whose_lift_is_not_plain_refuses_its_row() {
    let dir = tmp();
    let remarks = [
        "Was on hold in Oct. Released: NO",
        "Was on hold, released next month",
        "Was on hold in Oct, released. Pay in Dec",
        "Was on hold, released by HR from service",
        "Was on hold in Oct, released partially",
        "Hold salary till Dec, then released",
        "Hold Nov salary, Oct salary released",
        "do not pay in cash or bKash",
        "বেতন স্থগিত ছিল, চালু হবে",
        "Pay in Dec",
        "Was on hold in October, released now",
    ];
    let mut csv = String::from("Salary Sheet November 2026\nWallet,Provider,Amount,Remarks\n");
    for (i, r) in remarks.iter().enumerate() {
        csv.push_str(&format!("017123456{i:02},bKash,1000,\"{r}\"\n"));
    }
    let file = write(dir.path(), "lifts.csv", csv);
    let file = file.to_str().expect("utf-8 path");
    let (code, json) = json_of(dir.path(), &["check", file]);
    assert_eq!(code, 2, "{json}");
    let cells = issue_cells(&json);
    for row in 3..=12u64 {
        assert!(
            cells.iter().any(|(r, c)| *r == row && c == "Remarks"),
            "row {row} held: {cells:?}"
        );
    }
    assert!(
        !cells.iter().any(|(r, _)| *r == 13),
        "a plain lift pays: {cells:?}"
    );
}
