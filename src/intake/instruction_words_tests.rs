//! Which headers say whether a row is to be paid: tests, both ways.

use super::*;
use InstructionKind::{Note, Paid, PaidOrPlanned, Question, Record, Status, Stop};

#[test]
fn headers_that_decide_or_record_payment_are_instructions() {
    for (h, kind) in [
        ("Status", Status),
        ("STATUS", Status),
        ("Action", Status),
        ("অবস্থা", Status),
        ("স্থিতি", Status),
        ("Pay?", Question),
        ("pay?", Question),
        ("Pay", Question),
        ("To pay", Question),
        ("To pay?", Question),
        ("Pay (Y/N)", Question),
        ("Pay Y/N", Question),
        ("Payable?", Question),
        ("Include", Question),
        ("Include in payroll", Question),
        ("Approved", Question),
        ("Approval", Question),
        ("Process", Question),
        ("Not paid", Question),
        ("প্রদান?", Question),
        ("অনুমোদিত", Question),
        ("Paid", Paid),
        ("Paid?", Paid),
        ("Already Paid", Paid),
        ("Payment Status", Paid),
        ("Pay Status", Paid),
        ("Disbursed", Paid),
        ("পরিশোধিত", Paid),
        ("Hold", Stop),
        ("On Hold", Stop),
        ("Cancel", Stop),
        ("Cancelled", Stop),
        ("Skip", Stop),
        ("Stop", Stop),
        ("Exclude", Stop),
        ("Do not pay", Stop),
        ("Not payable", Stop),
        ("Don't pay", Stop),
        ("বাতিল", Stop),
        ("স্থগিত", Stop),
        ("HR Note", Note),
        ("Comments", Note),
        ("মন্তব্য", Note),
    ] {
        assert_eq!(instruction_kind(h), Some(kind), "{h}");
    }
}

#[test]
fn ordinary_headers_are_not_instructions() {
    for h in [
        "",
        "Name",
        "Designation",
        "Department",
        "Amount",
        "Net Pay",
        "Payable Amount",
        "Salary Month",
        "Joining Date",
        "Bonus?",
        "SL",
        "Mobile",
        "Branch",
    ] {
        assert_eq!(instruction_kind(h), None, "{h}");
    }
}

#[test]
fn a_count_under_a_pay_word_is_no_instruction() {
    // The probe of 2026-12-05 found `Paid leave` = 1 refused as "paid
    // already", and `Approved OT` = 0 as "not approved".
    for h in [
        "Paid leave",
        "Paid days",
        "Hold days",
        "Days on hold",
        "Exclude from tax",
        "Approved leave",
        "Approved OT (hrs)",
        "Approved OT",
    ] {
        assert_eq!(instruction_kind(h), None, "{h}");
    }
    // A question is a question, whatever it counts.
    assert_eq!(
        instruction_kind("Paid leave? (Y/N)"),
        Some(InstructionKind::Paid)
    );
    assert_eq!(
        instruction_kind("Paid this month"),
        Some(InstructionKind::Paid)
    );
}

/// A column that records a payment made: when, or by which transaction.
/// (At d72360a `Paid On` was read as `Paid`, whose values are yes/done, so
/// a date there paid its row; `TrxID` was a note.)
#[test]
fn headers_that_record_a_payment_made_are_records() {
    for h in [
        "Paid On",
        "Paid Date",
        "Date Paid",
        "Paid At",
        "Paid on (date)",
        "Already paid on",
        "Disbursed On",
        "Sent On",
        "Transferred On",
        "Settled On",
        "Payment Ref",
        "Payment Reference",
        "TrxID",
        "Trx ID",
        "TRXID",
        "TxnID",
        "Txn ID",
        "Transaction ID",
        "Transaction No",
        "bKash TrxID",
        "bKash Transaction ID",
        "পরিশোধের তারিখ",
        "পরিশোধের তারিখ",
    ] {
        assert_eq!(instruction_kind(h), Some(Record), "{h}");
    }
    // A date that may be the plan for every row or a payment made.
    for h in [
        "Payment Date",
        "Pay Date",
        "Payout Date",
        "Disbursement Date",
        "Date of Payment",
        "Transfer Date",
        "Send Date",
        "Release Date",
    ] {
        assert_eq!(instruction_kind(h), Some(PaidOrPlanned), "{h}");
    }
    // Still what they were.
    for (h, kind) in [
        ("Paid", Some(Paid)),
        ("Paid?", Some(Paid)),
        ("Payment Status", Some(Paid)),
        ("Paid this month", Some(Paid)),
        ("Paid days", None),
        ("Joining Date", None),
        ("Salary Month", None),
        ("Transaction Type", None),
        ("Payment No", None),
    ] {
        assert_eq!(instruction_kind(h), kind, "{h}");
    }
}

/// Headers that ask whether to send the row this run; and look-alikes that
/// do not (`Active since`, `Sender`, `Eligible amount`).
#[test]
fn headers_that_ask_whether_to_send_are_questions() {
    for h in [
        "Send?",
        "Send",
        "Send (Y/N)",
        "Eligible",
        "Eligible?",
        "Eligibility",
        "Eligible for payment",
        "Active?",
        "Active (Y/N)",
        "Release",
        "Release?",
        "Pay now",
        "Pay now?",
        "Confirmed",
        "Confirmed?",
        "OK to pay",
        "OK to pay?",
        "Ok?",
    ] {
        assert_eq!(instruction_kind(h), Some(Question), "{h}");
    }
    for h in [
        "Active since",
        "Active",
        "Sender",
        "Sender Name",
        "Eligible amount",
        "Eligible Amount (Tk)",
        "Send amount",
        "Confirmation",
        "Okay",
    ] {
        assert_ne!(instruction_kind(h), Some(Question), "{h}");
    }
    // `OK to pay` asks: it is no amount candidate; `Eligible amount` still is.
    use crate::fields::Field;
    use crate::intake::header_words::could_be;
    assert!(!could_be(Field::Amount, "OK to pay"));
    assert!(could_be(Field::Amount, "Eligible amount"));
}

/// A `Status` or an `Action` about something other than the payment (`KYC
/// Status` = `Completed`, `Loan Status` = `Disbursed`, `Employment Status`
/// = `Transferred`) is a note: only an explicit phrase refuses it. Alone,
/// or about the payment (`Salary Status`, `bKash Status`), it is the row's
/// state. (The probe of 2026-12-05, finding 2, refused all of these rows as
/// paid already.)
#[test]
fn a_status_of_something_else_is_a_note() {
    for h in [
        "KYC Status",
        "Training Status",
        "Probation Status",
        "Appraisal Status",
        "PF Status",
        "Loan Status",
        "Advance Status",
        "Document Status",
        "Bank A/C Status",
        "Employment Status",
        "Employee Status",
        "Resignation Status",
        "Leave Status",
        "কেওয়াইসি অবস্থা",
        "HR Action",
        "Disciplinary Action",
        "Action Taken",
    ] {
        // `Leave Status` is no instruction at all (a count word): a note too.
        assert_eq!(instruction_kind(h).unwrap_or(Note), Note, "{h}");
    }
    for h in [
        "Status",
        "Action",
        "Decision",
        "অবস্থা",
        "স্ট্যাটাস",
        "Salary Status",
        "bKash Status",
        "Nagad Status",
        "Current Status",
        "Final Status",
        "Status 2",
        "Status / Remarks",
        "Salary Action",
        "বেতনের অবস্থা",
    ] {
        assert_eq!(instruction_kind(h), Some(Status), "{h}");
    }
    // About the payment, as before.
    for (h, kind) in [
        ("Payment Status", Paid),
        ("Pay Status", Paid),
        ("Disbursement Status", Paid),
        ("Txn Status", Record),
    ] {
        assert_eq!(instruction_kind(h), Some(kind), "{h}");
    }
}

/// A header that instructs what to do with the row's payment is read as
/// its state (a stop, a not-now or a paid value refuses); a Bengali header
/// that asks whether to pay is a question (a no refuses). (The probe of
/// 2026-12-05, finding 6, read them as notes and paid `Next month`, `Done`
/// and `না`.)
#[test]
fn an_instruction_is_a_status_and_a_bengali_question_a_question() {
    for h in [
        "Instruction",
        "Instructions",
        "Payment Instruction",
        "Pay Instruction",
        "Remark / Instruction",
        "Payment Remarks",
        "Payment Note",
        "নির্দেশনা",
        "পেমেন্ট নির্দেশনা",
    ] {
        assert_eq!(instruction_kind(h), Some(Status), "{h}");
    }
    for h in [
        "প্রদান (হ্যাঁ/না)",
        "প্রদান (হ্যা/না)",
        "দেওয়া হবে?",
        "দেও\u{9df}া হবে?",
        "দেয়া হবে?",
        "পেমেন্ট করবেন?",
        "পেমেন্ট?",
        "দিবেন?",
        "Payment Instruction?",
    ] {
        assert_eq!(instruction_kind(h), Some(Question), "{h}");
        assert!(asks(h), "{h}");
    }
    // An instruction is no amount candidate, whatever money word it holds.
    use crate::fields::Field;
    use crate::intake::header_words::could_be;
    for h in ["Payment Instruction", "Pay Instruction", "প্রদান (হ্যাঁ/না)"]
    {
        assert!(!could_be(Field::Amount, h), "{h}");
    }
    // Still notes, or nothing.
    for (h, kind) in [
        ("Remarks", Some(Note)),
        ("HR Note", Some(Note)),
        ("Bonus Remarks", Some(Note)),
        ("Transfer Remarks", Some(Note)),
        ("Salary Month", None),
        ("দেওয়া", None),
    ] {
        assert_eq!(instruction_kind(h), kind, "{h}");
    }
}

/// A word of a payment made, alone or with filler, records whether the row
/// was paid; with anything else it is no such record.
#[test]
fn a_header_of_a_payment_made_alone_is_a_paid_column() {
    for h in [
        "Sent",
        "Sent?",
        "Transferred",
        "Already sent",
        "Remitted",
        "Credited",
    ] {
        assert_eq!(instruction_kind(h), Some(Paid), "{h}");
    }
    assert_eq!(instruction_kind("Not sent"), Some(Question));
    for h in ["Transferred From", "Sent to HR", "Transferred Branch"] {
        assert_ne!(instruction_kind(h), Some(Paid), "{h}");
    }
}
