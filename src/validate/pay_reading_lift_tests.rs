//! Hold and paid words that a note or a title takes back (probe14 section
//! 2): a hold lifted since, a payment made some other way until a change,
//! a cancelled loan or leave, arrears of held salary, a means not to pay
//! by, a company named with a hold word. Each beside the holds that stay.

use super::*;
use InstructionKind::{Label, Note, Status};

/// November's sheet, as its title says (`Salary Sheet November 2026`).
fn on_november(v: &str) -> Option<Says> {
    says_in(Note, v, &|| Some(11))
}

#[test]
fn a_note_telling_of_a_hold_lifted_or_a_loan_cancelled_says_nothing() {
    for v in [
        "Was on hold in October, released now (HR mail 28 Nov)",
        "Salary stopped in Sep, resumed from Nov as per MD",
        "অক্টোবরে স্থগিত ছিল, নভেম্বরে ছাড়া হয়েছে",
        "Paid by cash until October, bKash from November",
        "Paid in cash till Sep; bKash from Oct",
        "Loan installment cancelled this month as per MD",
        "Leave cancelled, full month salary",
        "Annual leave cancelled",
        "Salary hold in Oct lifted in Nov",
        "Payment on hold during Oct, released 5 Nov",
        "Including arrears for salary held Aug-Oct",
        "Pay through MFS only - do not pay in cash",
        "Do not pay by cheque",
    ] {
        assert_eq!(on_november(v), None, "{v:?}");
    }
    // A lift with no month after it, and the words that are not of this
    // payment, need no month of the sheet. (A month after the lift, even a
    // mail's date, needs it since probe15: `released. Pay in Dec`.)
    assert_eq!(
        says(
            Note,
            "Was on hold in October, released now (HR mail 28 Nov)"
        ),
        Some(Says::DoNotPay)
    );
    for v in [
        "Was on hold in October, released now (HR mail)",
        "Loan installment cancelled this month as per MD",
        "Leave cancelled, full month salary",
        "Pay through MFS only - do not pay in cash",
    ] {
        assert_eq!(says(Note, v), None, "{v:?}");
    }
}

/// A lift or a change of means from a month later than the sheet's, or on
/// a sheet of no known month, is still a hold: `resumed from Dec` on
/// November's sheet, `Paid by cash until November` on November's.
#[test]
fn a_lift_named_by_its_month_counts_only_up_to_the_sheets_month() {
    for v in [
        "Salary stopped in Sep, resumed from Nov as per MD",
        "অক্টোবরে স্থগিত ছিল, নভেম্বরে ছাড়া হয়েছে",
        "Salary hold in Oct lifted in Nov",
    ] {
        assert_eq!(says(Note, v), Some(Says::DoNotPay), "{v:?}");
        assert_eq!(
            says_in(Note, v, &|| Some(10)),
            Some(Says::DoNotPay),
            "{v:?}"
        );
    }
    for v in [
        "Salary stopped in Oct, resumed from Dec",
        "Salary stopped in Sep, resumed from Jan",
    ] {
        assert_eq!(on_november(v), Some(Says::DoNotPay), "{v:?}");
    }
    assert_eq!(
        says_in(Note, "Salary stopped in Nov, resumed from Jan", &|| Some(1)),
        None
    );
    for (v, month) in [
        ("Paid by cash until October, bKash from November", None),
        ("Paid by cash until October, bKash from November", Some(10)),
        ("Paid by cash until November, bKash from December", Some(11)),
        ("Paid by cash until October, bKash from December", Some(11)),
    ] {
        assert_eq!(
            says_in(Note, v, &|| month),
            Some(Says::PaidAlready),
            "{v:?} {month:?}"
        );
    }
}

#[test]
fn a_sheets_month_is_the_one_its_titles_name() {
    let month = |titles: &[&str]| sheet_month(titles.iter().copied());
    assert_eq!(
        month(&["ABC Textiles Ltd.", "Salary Sheet November 2026"]),
        Some(11)
    );
    assert_eq!(month(&["নভেম্বর ২০২৬ বেতন"]), Some(11));
    assert_eq!(month(&["Salary Nov-26", "Approved 28 Nov"]), Some(11));
    assert_eq!(month(&["November salary, to be paid 2 Dec"]), None);
    assert_eq!(month(&["Salary sheet", "May be revised"]), None);
    assert_eq!(month(&[]), None);
}

#[test]
fn the_holds_beside_them_still_refuse() {
    for (v, said) in [
        ("Hold - do not pay", Says::DoNotPay),
        ("stopped", Says::DoNotPay),
        ("on hold", Says::DoNotPay),
        ("already paid", Says::PaidAlready),
        ("paid in cash", Says::PaidAlready),
        ("স্থগিত", Says::DoNotPay),
        // `released` denied, to come, or of someone else, lifts nothing.
        ("Not released yet - hold", Says::DoNotPay),
        ("Was on hold in October, not released yet", Says::DoNotPay),
        ("On hold since Oct, to be released in Dec", Says::DoNotPay),
        ("On hold in Oct until released by MD", Says::DoNotPay),
        (
            "Salary on hold from Nov - released from service",
            Says::DoNotPay,
        ),
        (
            "Salary on hold for Nov, Oct arrears released",
            Says::DoNotPay,
        ),
        (
            "Was on hold in Oct, released, on hold again",
            Says::DoNotPay,
        ),
        // A hold or a payment with a time alone: which month is this?
        ("Salary stopped in Sep", Says::DoNotPay),
        ("Salary stopped", Says::DoNotPay),
        ("Paid by cash until October", Says::PaidAlready),
        ("Paid in cash in October", Says::PaidAlready),
        ("Paid 28-Oct", Says::PaidAlready),
        ("Salary cancelled due to leave", Says::DoNotPay),
        ("Absent - leave, cancelled", Says::DoNotPay),
        ("Do not pay via bKash", Says::DoNotPay),
        ("Resigned - HOLD", Says::DoNotPay),
        ("Bonus (held)", Says::DoNotPay),
        ("HOLD - released 5 Nov", Says::DoNotPay),
    ] {
        assert_eq!(says(Note, v), Some(said), "{v:?}");
    }
    // A part that is only `paid` is no record of this payment: leave.
    for v in [
        "On maternity leave (paid)",
        "Worked non-stop",
        "Transferred from Hold-Fast unit",
    ] {
        assert_eq!(says(Note, v), None, "{v:?}");
    }
    // The other kinds of cell read as before.
    assert_eq!(says(Status, "Stopped per CFO"), Some(Says::DoNotPay));
    assert_eq!(says(Label, "Fatema Begum (HOLD)"), Some(Says::DoNotPay));
}

#[test]
fn a_title_above_the_header_is_read_the_same_way() {
    for title in [
        "One Stop Solutions Ltd.",
        "Including arrears for salary held Aug-Oct",
        "Pay through MFS only - do not pay in cash",
        "Salary was on hold in October, released now",
        "Bashundhara Holdings Ltd.",
        "Non-Stop Logistics Ltd., Dhaka",
        "Hold-Fast Co.",
    ] {
        assert_eq!(sheet_held(title), None, "{title}");
    }
    for (title, words) in [
        ("STOP PAYMENT", "stop payment"),
        ("Do not pay - on hold", "do not pay"),
        ("HOLD", "hold"),
        ("Already paid", "already paid"),
        ("PAID", "paid"),
        ("স্থগিত", "স্থগিত"),
        ("Salary held Aug-Oct", "held"),
        ("Arrears held till Dec", "held"),
        ("ABC Ltd. - HOLD", "hold"),
        ("STOP PAYMENT - ABC Ltd.", "stop payment"),
        ("Salary held - ABC Ltd.", "held"),
        ("ABC Ltd. - PAID", "paid"),
        ("Hold-Fast Co. (do not pay)", "do not pay"),
        ("One Stop Solutions", "stop"),
        ("Do not pay via Nagad", "do not pay"),
        // probe15: a hold written before a company's name is no name.
        ("HOLD ABC Ltd.", "hold"),
        // A name that opens with a stop word cannot be told from a hold
        // written before a name: the safe reading is the hold.
        ("Stop & Shop Limited", "stop"),
        ("Salary held ABC Ltd.", "held"),
        // The titles name the sheet's month: a title's lift by a month is
        // not read.
        ("Salary stopped in Sep, resumed from Nov", "salary stopped"),
    ] {
        assert_eq!(sheet_held(title), Some(words), "{title}");
    }
}

/// Where payrun cannot tell, the refusal says what to write instead.
#[test]
fn a_hold_told_as_history_but_not_plainly_lifted_gets_a_hint() {
    for v in [
        "HOLD - released 5 Nov",
        "Paid by cash until October",
        "Was on hold in October, not released yet",
    ] {
        assert!(says(Note, v).is_some(), "{v:?}");
        let hint = lift_hint(v).unwrap_or_default();
        assert!(hint.contains("released in November"), "{v:?}");
    }
    for v in ["Hold - do not pay", "Already paid", "স্থগিত"] {
        assert_eq!(lift_hint(v), None, "{v:?}");
    }
}

/// probe15: a lift that is denied, put off, asked, partial, or a release
/// from the job; a hold bounded by a time still to come; a means excused
/// with another after it; a month of the hold that is the sheet's. Before,
/// each of these was read as taken back, and its row was paid.
#[test]
fn a_lift_that_is_not_plainly_a_lift_still_holds() {
    for v in [
        "Was on hold in Oct. Released: NO",
        "Was on hold in Oct, released? no",
        "Was on hold in Oct, released? Not yet",
        "Was on hold in Oct, released?",
        "Was on hold, released next month",
        "Was on hold, released later",
        "Was on hold, released after audit",
        "Was on hold, released subject to approval",
        "Was on hold in Oct, released if approved",
        "Was on hold, released — awaiting HR",
        "Was on hold, released; confirm before paying",
        "Was on hold in Oct, released. Pay in Dec",
        "On hold since Oct 2026, released 2027",
        "বেতন স্থগিত ছিল, চালু হবে",
        "বেতন স্থগিত ছিল, চালু হয়নি",
        "বেতন স্থগিত ছিল, প্রত্যাহার হয়নি",
        "স্থগিত ছিল, চালু করা হবে",
        "Was on hold, released by HR from service",
        "Was on hold; released (resigned)",
        "Was on hold, released w.e.f. 30 Nov",
        "Was on hold in Oct, released; joining Dec",
        "Was on hold in Oct, released partially",
        "Was on hold in Oct, released half",
        "Hold salary till Dec, then released",
        "Hold till Dec, then released",
        "Hold salary 1 month then released",
        "Hold Nov salary, Oct salary released",
        "Held in Oct, released in Dec",
        "do not pay in cash or bKash",
        "Do not pay by cheque or bKash",
        "Do not pay in hand or wallet",
        "do not pay in cash until clearance",
        "do not pay in hand this month",
    ] {
        assert_eq!(on_november(v), Some(Says::DoNotPay), "{v:?}");
    }
}

/// probe15: the sheet's month is its pay period, not the day it was
/// printed, nor a word that opens with a month's letters; a period written
/// in figures counts, so a title naming another month beside it gives no
/// month at all (and no lift by a month is read).
#[test]
fn the_sheets_month_is_its_pay_period() {
    let month = |titles: &[&str]| lifted::sheet_month(titles.iter().copied());
    assert_eq!(month(&["Salary Sheet November 2026"]), Some(11));
    assert_eq!(
        month(&["Salary Sheet November 2026", "Printed on 3 December 2026"]),
        Some(11)
    );
    assert_eq!(month(&["Salary Sheet 11/2026"]), Some(11));
    assert_eq!(month(&["Salary Sheet 2026-11", "Jan Sathi Unit"]), None);
    assert_eq!(month(&["মার্চেন্ডাইজিং বিভাগ - বেতন শিট"]), None);
    assert_eq!(month(&["জুনিয়র স্টাফ বেতন, নভেম্বর"]), Some(11));
    assert_eq!(month(&["অক্টোবরের বেতন"]), Some(10));
}
