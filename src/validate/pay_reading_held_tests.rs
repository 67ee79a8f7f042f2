//! A remark that says what is held (`Hold Nov salary`, `Salary held`) or
//! why (`Hold for audit`) holds its row, as `Hold` alone does; a name of a
//! thing that only starts with a stop word (`Hold allowance`) does not.

use super::*;
use InstructionKind::Note;

/// Before: each of these was read as information, and its row was paid.
#[test]
fn a_remark_naming_what_is_held_or_why_holds_its_row() {
    for v in [
        "Hold Nov salary",
        "Hold November salary",
        "Hold this month's salary",
        "Hold pay",
        "Hold it",
        "HOLD Dec",
        "Hold Dec 2026",
        "Stop Nov salary",
        "Hold for audit",
        "Hold pending clearance",
        "hold as per MD",
        "Withhold salary",
        "Suspend payment",
        "Salary held",
        "Nov salary held",
        "This month's salary withheld",
        "Payment suspended",
        "Salary blocked",
        "Hold Nov salary - resigned",
        "Resigned - hold his salary",
        // probe15 (paid by every build before): a hold for a span, and a
        // hold written after a word that only starts like a loan's.
        "Hold 15 days",
        "Hold 2 weeks",
        "Emily hold",
        "Leave hold",
        "Tax hold",
    ] {
        assert_eq!(says(Note, v), Some(Says::DoNotPay), "{v:?}");
    }
}

/// A stop word that names a thing, or is followed by something other than
/// what is paid, stays information; a hold told lifted stays lifted.
#[test]
fn a_stop_word_naming_a_thing_or_lifted_is_still_information() {
    for v in [
        "Hold allowance",
        "Hold allowance included",
        "Stopover allowance",
        "Stop & Shop",
        "Cancellation allowance",
        "November salary",
        "Salary held in October, released now",
        "Was on hold in October, released now",
        "Loan installment held",
    ] {
        assert_eq!(says(Note, v), None, "{v:?}");
    }
}

/// probe15: a remark that puts the payment in a month after the sheet's
/// (`Pay in Dec` on November's sheet) holds the row; the sheet's own month
/// or an earlier one says nothing. Before, it was paid.
#[test]
fn a_remark_paying_in_a_later_month_holds_its_row() {
    let on_november = |v: &str| says_in(Note, v, &|| Some(11));
    for v in [
        "Pay in Dec",
        "Payment in January",
        "Pay from Dec 2026",
        "pay after Dec",
    ] {
        assert_eq!(on_november(v), Some(Says::DoNotPay), "{v:?}");
    }
    for v in ["Pay in Nov", "Pay in Oct arrears too", "Joined in Dec 2025"] {
        assert_eq!(on_november(v), None, "{v:?}");
    }
}
