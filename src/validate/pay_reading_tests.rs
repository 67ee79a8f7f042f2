//! The values that refuse a row, both ways.

use super::*;
use InstructionKind::{Note, Paid, Question, Status, Stop};

#[test]
fn stop_values_refuse_in_every_instruction_column() {
    for kind in [Question, Status, Paid, Stop] {
        for v in [
            "Cancelled",
            "CANCELED",
            "cancel",
            "Hold",
            "On Hold",
            "on-hold",
            " ON HOLD. ",
            "Held",
            "Stop",
            "Stopped",
            "Skip",
            "Excluded",
            "Don't pay",
            "DONT PAY",
            "do not pay",
            "Not to pay",
            "No pay",
            "Void",
            "Removed",
            "Deleted",
            "Rejected",
            "Duplicate",
            "Not approved",
            "বাতিল",
            "স্থগিত",
        ] {
            assert_eq!(says(kind, v), Some(Says::DoNotPay), "{kind:?} {v:?}");
        }
    }
}

#[test]
fn a_no_refuses_only_a_question_and_a_yes_only_a_stop_or_paid_column() {
    for v in ["No", "n", "N", "FALSE", "0", "না", "✗"] {
        assert_eq!(says(Question, v), Some(Says::DoNotPay), "{v}");
        for kind in [Stop, Paid] {
            assert_eq!(says(kind, v), None, "{kind:?} {v}");
        }
        // A no as a row's status says neither "pay" nor "do not pay".
        assert_eq!(says(Status, v), Some(Says::Unknown), "{v}");
    }
    for v in ["Yes", "y", "TRUE", "1", "x", "✓", "হ্যাঁ"] {
        assert_eq!(says(Stop, v), Some(Says::DoNotPay), "{v}");
        assert_eq!(says(Paid, v), Some(Says::PaidAlready), "{v}");
        for kind in [Question, Status] {
            assert_eq!(says(kind, v), None, "{kind:?} {v}");
        }
    }
}

/// A row already paid must not be paid again.
#[test]
fn paid_already_refuses_in_a_status_or_paid_column() {
    for v in ["Paid", "Already paid", "PAID ALREADY", "পরিশোধিত"] {
        assert_eq!(says(Status, v), Some(Says::PaidAlready), "{v}");
        assert_eq!(says(Paid, v), Some(Says::PaidAlready), "{v}");
    }
    // A status that says the payment was made was paid (the probe of
    // 2026-12-05, f11: d72360a paid each); the answer to `Approved?` is
    // not about a payment.
    for v in ["Done", "Completed", "Sent", "Disbursed"] {
        assert_eq!(says(Paid, v), Some(Says::PaidAlready), "{v}");
        assert_eq!(says(Status, v), Some(Says::PaidAlready), "{v}");
        assert_eq!(says(Question, v), None, "{v}");
    }
    for v in ["Unpaid", "Not yet", "Pending", "Due", "No", ""] {
        assert_eq!(says(Paid, v), None, "{v}");
    }
}

#[test]
fn ordinary_statuses_and_answers_leave_the_row_payable() {
    for kind in [Question, Status, Paid, Stop] {
        for v in [
            "",
            "  ",
            "Active",
            "Permanent",
            "Probation",
            "Contract",
            "Approved",
            "OK",
            "Pay",
            "Regular",
            "Cancellation reviewed by HR on 3 Nov and withdrawn, pay as usual this month please",
        ] {
            assert_eq!(says(kind, v), None, "{kind:?} {v:?}");
        }
    }
    for v in [
        "Yes", "Y", "TRUE", "1", "✓", "ok", "approved", "pay", "active",
    ] {
        assert_eq!(says(Question, v), None, "{v}");
    }
    // Words no list holds say nothing in a question or a stop column; in
    // a status or paid column payrun does not know them as payable.
    for v in ["On holiday", "Holder"] {
        for kind in [Question, Stop] {
            assert_eq!(says(kind, v), None, "{kind:?} {v:?}");
        }
        for kind in [Status, Paid] {
            assert_eq!(says(kind, v), Some(Says::Unknown), "{kind:?} {v:?}");
        }
    }
    // Pending is "to be paid" as a status; as the answer to `Approved?` or
    // `Pay?` it is "not yet", below.
    for kind in [Status, Paid, Stop] {
        assert_eq!(says(kind, "Pending"), None, "{kind:?}");
    }
}

/// A value said first and then explained is the value: `Cancelled by HR`,
/// `Hold (HR)`, `Paid via cheque`, `No - resigned`; a question answered
/// "not yet" is not answered yes. (The probe of 2026-12-05 paid each.)
#[test]
fn a_value_leading_its_explanation_refuses_as_the_value() {
    for (kind, v, said) in [
        (Status, "Cancelled by HR", Says::DoNotPay),
        (Status, "Cancelled - duplicate", Says::DoNotPay),
        (Status, "Hold (HR)", Says::DoNotPay),
        (Status, "HOLD/CANCEL", Says::DoNotPay),
        (Status, "Stopped per CFO", Says::DoNotPay),
        (Status, "Rejected by HR", Says::DoNotPay),
        (Status, "বাতিল করা হয়েছে", Says::DoNotPay),
        (Status, "স্থগিত রাখুন", Says::DoNotPay),
        (Status, "Paid via cheque", Says::PaidAlready),
        (Status, "Paid (cash)", Says::PaidAlready),
        (Paid, "Yes - Oct", Says::PaidAlready),
        (Paid, "Already transferred", Says::PaidAlready),
        (Paid, "Paid via bKash", Says::PaidAlready),
        (Question, "No (resigned)", Says::DoNotPay),
        (Question, "NO - hold", Says::DoNotPay),
        (Question, "N/A", Says::DoNotPay),
        (Question, "Not yet", Says::DoNotPay),
        (Question, "Pending", Says::DoNotPay),
        (Question, "✕", Says::DoNotPay),
        (Note, "HOLD", Says::DoNotPay),
        (Note, "Skip", Says::DoNotPay),
        (Note, "hold - resigned", Says::DoNotPay),
        (Note, "Do not send", Says::DoNotPay),
        (Note, "Resigned, don't release", Says::DoNotPay),
        (Note, "Paid in cash", Says::PaidAlready),
        (Note, "পরিশোধ করবেন না", Says::DoNotPay),
    ] {
        assert_eq!(says(kind, v), Some(said), "{kind:?} {v:?}");
    }
    for (kind, v) in [
        (Note, "Hold allowance"),
        (Note, "Cancellation allowance"),
        (Note, "November salary"),
        (Note, "Approved by HR"),
        (Status, "Active (probation)"),
        (Question, "Yes - November"),
        (Question, "None pending"),
    ] {
        assert_eq!(says(kind, v), None, "{kind:?} {v:?}");
    }
}

/// Only an explicit phrase refuses a remark: it is sent to the recipient,
/// and it is information otherwise.
#[test]
fn a_remark_refuses_only_on_an_explicit_phrase() {
    for v in [
        "HOLD - do not pay",
        "Do not pay",
        "don't pay this month",
        "Dont pay",
        "Not to be paid",
        "Cancelled",
        "resigned, canceled",
        "on hold",
        "Stop payment",
        "VOID",
        "বাতিল",
    ] {
        assert_eq!(says(Note, v), Some(Says::DoNotPay), "{v}");
    }
    assert_eq!(says(Note, "already paid by cash"), Some(Says::PaidAlready));
    for v in [
        "",
        "November salary",
        "Hold allowance",
        "Holiday bonus",
        "Avoid delays",
        "Paid leave adjusted",
        "No deductions",
        "Stopover allowance",
        "pay as usual",
    ] {
        assert_eq!(says(Note, v), None, "{v}");
    }
}

/// Bounded: a long cell is never folded outside a note column, and a note
/// costs one pass over its text.
#[test]
fn long_cells_cost_one_pass() {
    let long = "x".repeat(crate::intake::MAX_CELL_CHARS);
    assert_eq!(says(Status, &long), None);
    // Processor time, not wall time: a busy CI machine must not fail it.
    let t = crate::testing::cpu::ThreadClock::start();
    let note = format!("{} do not pay", "word ".repeat(6_000));
    assert_eq!(says(Note, &note), Some(Says::DoNotPay));
    let took = t.elapsed();
    assert!(took < std::time::Duration::from_secs(2), "{took:?}");
}

#[test]
fn titles_that_hold_rows_back_and_titles_that_do_not() {
    for (title, words) in [
        ("On hold - do not pay this month", Some("do not pay")),
        ("ON HOLD", Some("on hold")),
        ("Hold", Some("hold")),
        ("Held", Some("held")),
        ("Don't pay (left in October)", Some("dont pay")),
        ("Cancelled payments", Some("cancelled")),
        ("Payment stopped by HR", Some("payment stopped")),
        ("Already paid - for reference only", Some("already paid")),
        ("Paid", Some("paid")),
        ("বাতিল", Some("বাতিল")),
        ("স্থগিত (ডিসেম্বর)", Some("স্থগিত")),
        ("Sewing", None),
        ("Finishing section", None),
        ("Pending payments", None),
        ("Resigned staff - final settlement", None),
        ("Household staff", None),
        ("Shareholders", None),
        ("সেলাই", None),
        // Any word of a title that refuses a status holds its rows back.
        ("Hold till January", Some("hold till")),
        ("Salary withheld", Some("withheld")),
        ("Paid in cash", Some("paid in cash")),
        ("Exclude from this run", Some("exclude")),
        ("Do not release", Some("do not release")),
        ("পরিশোধ করবেন না", Some("পরিশোধ করবেন না")),
    ] {
        assert_eq!(title_holds_back(title), words, "{title}");
    }
}

#[test]
fn a_note_without_an_anchor_is_not_folded() {
    // The anchors only skip the fold: a value or phrase without one would
    // never be found in a note (every list read in one is checked in
    // `every_entry_is_written_folded_and_every_anchor_one_way`).
    for (text, found) in [
        ("November salary", false),
        ("HOLD - do not pay", true),
        ("Payment stopped", true),
        ("বাতিল", true),
        ("", false),
    ] {
        assert_eq!(anchored(text), found, "{text}");
    }
}
