//! Which headers decide payment. A `Status` about something other than the
//! payment (`KYC Status` = `Completed`, `Loan Status` = `Disbursed`,
//! `Employment Status` = `Transferred`) is a note: its rows are paid unless
//! it says plainly not to (`Hold`). A header that instructs (`Payment
//! Instruction` = `Next month`, `Done`) is read as the row's state, and a
//! Bengali header that asks (`প্রদান (হ্যাঁ/না)` = `না`) as a question. The
//! probe of 2026-12-05 (findings 2 and 6) refused the first and paid the
//! others.

use super::corpus::{V, total, verdicts};
use super::*;
use V::{Invalid, Paid};

const HEAD: &str = "Employee ID,Name,bKash Number,Net Pay";

/// A sheet of `HEAD` and `extra` headers, one row per entry of `cells`
/// (row n pays Tk 1,000 × (n - 1)), written to `dir`.
fn sheet(dir: &Path, name: &str, extra: &str, cells: &[&str]) -> String {
    let mut text = format!("{HEAD},{extra}\n");
    for (i, c) in cells.iter().enumerate() {
        let n = i + 1;
        text.push_str(&format!("E{n},P{n},017100000{n:02},{},{c}\n", n * 1000));
    }
    write(dir, name, text).display().to_string()
}

#[test]
fn a_status_of_something_else_pays_its_row_unless_it_says_not_to() {
    let dir = tmp();
    let extra = "KYC Status,Loan Status,Employment Status,কেওয়াইসি অবস্থা,Status";
    let file = sheet(
        dir.path(),
        "hr.csv",
        extra,
        &[
            "Completed,Disbursed,Transferred,সম্পন্ন,Active",
            "Sent for verification,Settled,Confirmed,,",
            "Done,,Hold,,",
            ",,,,Cancelled",
            ",,,,Done",
        ],
    );
    let want = [
        (2, Paid),
        (3, Paid),
        (4, Invalid("column \"Employment Status\": ")),
        (5, Invalid("column \"Status\": ")),
        (6, Invalid("column \"Status\": ")),
    ];
    let r = verdicts(&file, &[], 2, &want);
    assert_eq!(total(&r), Some(3000 * 100), "{}", r.all);
}

#[test]
fn an_instruction_or_a_bengali_question_refuses_the_rows_it_holds_back() {
    let dir = tmp();
    let extra = "Payment Instruction,প্রদান (হ্যাঁ/না),দেওয়া হবে?";
    let file = sheet(
        dir.path(),
        "instr.csv",
        extra,
        &[
            "Pay,হ্যাঁ,হ্যাঁ",
            "Next month,,",
            "Later,,",
            "Hold till Jan,,",
            "Done,,",
            "Sent,,",
            ",না,",
            ",,না",
            ",,",
        ],
    );
    let instr = Invalid("column \"Payment Instruction\": ");
    let want = [
        (2, Paid),
        (3, instr),
        (4, instr),
        (5, instr),
        (6, instr),
        (7, instr),
        (8, Invalid("column \"প্রদান (হ্যাঁ/না)\": ")),
        (9, Invalid("column \"দেওয়া হবে?\": ")),
        (10, Paid),
    ];
    // No --map: an instruction is no second amount column.
    let r = verdicts(&file, &[], 2, &want);
    assert_eq!(total(&r), Some((1000 + 9000) * 100), "{}", r.all);
}

/// A header that is only a word of a payment made (`Sent`, `Transferred?`,
/// `Already sent`, `Remitted`) records whether the row was paid: a yes
/// refuses it as paid already, a no leaves it payable, and `Not sent` asks
/// the other way round. An HR `Transferred From` is no such record.
#[test]
fn a_header_that_says_sent_or_transferred_records_a_payment_made() {
    let dir = tmp();
    let extra = "Sent,Transferred?,Already sent,Not sent,Transferred From";
    let file = sheet(
        dir.path(),
        "sent.csv",
        extra,
        &[
            "Yes,,,,Gazipur unit",
            ",Yes,,,",
            ",,✓,,",
            ",,,No,",
            "No,No,,Yes,Savar unit",
        ],
    );
    let want = [
        (
            2,
            Invalid("column \"Sent\": \"Yes\" says this row was paid already"),
        ),
        (3, Invalid("column \"Transferred?\": ")),
        (4, Invalid("column \"Already sent\": ")),
        (5, Invalid("column \"Not sent\": ")),
        (6, Paid),
    ];
    let r = verdicts(&file, &[], 2, &want);
    assert_eq!(total(&r), Some(5000 * 100), "{}", r.all);
}
