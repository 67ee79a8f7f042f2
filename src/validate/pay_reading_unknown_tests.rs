//! A status or paid column holds a value payrun knows as payable, or the
//! row is refused: the probe of 2026-12-05 (b1, findings 4 and 5) found
//! every spelling the deny-lists lacked paid (0d3801e paid all of these).

use super::vocabulary_tests::all_said;
use super::*;
use InstructionKind::{Label, Note, Paid, Status};

/// A provider or a transaction with a done word, and Bengali "paid" forms:
/// paid already, in a status, a paid column or a remark.
#[test]
fn a_payment_made_in_other_words_refuses_as_paid_already() {
    let values = [
        "bKash sent",
        "Nagad done",
        "Cash paid",
        "Trx done",
        "Cash given",
        "Given in cash",
        "Handed cash on 28-Oct",
        "পেইড",
        "বিকাশে পাঠানো হয়েছে",
        "প্রদান হয়েছে",
        "পরিশোধ হইছে",
    ];
    all_said(&[Status, Paid, Note], &values, Some(Says::PaidAlready));
}

/// Held, cancelled or withheld in other spellings: not to be paid.
#[test]
fn a_hold_or_a_cancel_in_other_spellings_refuses_the_row() {
    let values = [
        "OnHold",
        "Cancelld",
        "Witheld",
        "হোল্ডে আছে",
        "বাতিলকৃত",
        "ক্যান্সেল",
        "দেওয়া হবেনা",
    ];
    all_said(&[Status, Paid], &values, Some(Says::DoNotPay));
    let remarks = [
        "Hold till January",
        "Hold until KYC",
        "Hold for now",
        "Skip this month",
        "OnHold",
        "দেওয়া হবেনা",
        "ক্যান্সেল",
    ];
    all_said(&[Note], &remarks, Some(Says::DoNotPay));
}

/// A name that says it is held or paid in a part set apart.
#[test]
fn a_name_held_to_later_or_paid_refuses_the_row() {
    for (name, said) in [
        ("Babul (next month)", Says::DoNotPay),
        ("Rafiq (pay in Dec)", Says::DoNotPay),
        ("Rahim [bKash sent]", Says::PaidAlready),
        ("Sumi (ক্যান্সেল)", Says::DoNotPay),
    ] {
        assert_eq!(says(Label, name), Some(said), "{name}");
    }
}

/// What a payroll's status column holds for a row to pay stays payable.
#[test]
fn the_statuses_of_a_row_to_pay_leave_it_payable() {
    let values = [
        "-",
        "Active",
        "ACTIVE",
        "OK",
        "Okay",
        "Approved",
        "Approved by CFO",
        "Active (joined Oct)",
        "Pay",
        "Due",
        "Unpaid",
        "Not paid",
        "Pending payment",
        "Ready",
        "Regular",
        "Permanent",
        "Probation",
        "Confirmed",
        "Contractual",
        "New",
        "New joiner",
        "Joined",
        "Current",
        "Valid",
        "Verified",
        "সক্রিয়",
        "অনুমোদিত",
        "চলমান",
        "কর্মরত",
        "On leave",
        "Increment",
    ];
    all_said(&[Status, Paid], &values, None);
    // A paid column's no, and its pending, say no payment was made.
    all_said(&[Status], &["Yes"], None);
    all_said(&[Paid], &["No", "N", "0", "না", "Pending", "✗", "N/A"], None);
}

/// Anything else in a status or paid column is refused as unknown; in a
/// note or a name it says nothing.
#[test]
fn a_value_payrun_does_not_know_refuses_in_a_status_column_only() {
    let values = [
        "Resigned",
        "Processing",
        "Suspense",
        "Approved - pending KYC",
        "Left",
        "Xyz",
        "Absent",
    ];
    all_said(&[Status, Paid], &values, Some(Says::Unknown));
    let notes = [
        "Hold allowance",
        "Cash allowance",
        "Skip level meeting",
        "Resigned",
        "Processing",
        "Left",
    ];
    all_said(&[Note, Label], &notes, None);
}
