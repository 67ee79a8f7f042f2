//! The vocabulary of a paid, held or cancelled row, both ways: what the
//! probe of 2026-12-05 found paid (f11, f1, f8, f2: d72360a paid every one)
//! and the ordinary words beside them that must stay payable.

use super::*;
use InstructionKind::{Label, Note, Paid, Question, Status};

/// Asserts what each of `values` says in each column kind of `kinds`.
pub(super) fn all_said(kinds: &[InstructionKind], values: &[&str], said: Option<Says>) {
    for &kind in kinds {
        for v in values {
            assert_eq!(says(kind, v), said, "{kind:?} {v:?}");
        }
    }
}

/// A status (`Status`, `Txn Status` from the bKash portal, `অবস্থা`) or a
/// payment status that says the payment was made.
#[test]
fn a_status_that_says_the_payment_was_made_refuses_as_paid_already() {
    let values = [
        "Sent",
        "Transferred",
        "Success",
        "Successful",
        "Completed",
        "Complete",
        "Done",
        "Disbursed",
        "Settled",
        "Credited",
        "Already sent",
        "Already transferred",
        "Payment done",
        "Payment completed",
        "Paid by cheque",
        "Paid via bank",
        "Sent on 28-Oct",
        "Disbursed 3 Nov 2026",
        "Done by HR",
        "SUCCESS (bKash)",
        "পরিশোধ হয়েছে",
        "পরিশোধ করা হয়েছে",
        "দেওয়া হয়েছে",
        "দেয়া হয়েছে",
        "টাকা দেওয়া হয়েছে",
        "পাঠানো হয়েছে",
        "নগদে দেওয়া হয়েছে",
        "সম্পন্ন",
    ];
    all_said(&[Status, Paid], &values, Some(Says::PaidAlready));
}

/// `য়` typed as one letter or as `য` and a nukta, `ো` as one letter or as
/// its two signs: the same word.
#[test]
fn a_bengali_word_typed_either_way_is_the_same_word() {
    for v in [
        "দেওয\u{09BC}া হয\u{09BC}েছে",
        "দেও\u{09DF}া হ\u{09DF}েছে",
        "পাঠান\u{09CB} হয়েছে",
        "পাঠান\u{09C7}\u{09BE} হয়েছে",
    ] {
        assert!(anchored(v), "{v}");
        assert_eq!(says(Status, v), Some(Says::PaidAlready), "{v}");
        assert_eq!(says(Note, v), Some(Says::PaidAlready), "{v}");
    }
}

#[test]
fn a_status_that_says_not_now_or_not_at_all_refuses_the_row() {
    let values = [
        "Deferred",
        "Postponed",
        "Deferred to December",
        "Pay next month",
        "Carried forward",
        "Carried forward to December",
        "Later",
        "Do not process",
        "Not for payment",
        "Duplicate entry",
        "Pending approval",
        "Awaiting approval",
        "Active - do not pay",
        "বন্ধ",
        "বাদ",
        "দেওয়া হবে না",
        "পরে দেওয়া হবে",
        "পরে",
    ];
    all_said(&[Status, Paid, Question], &values, Some(Says::DoNotPay));
}

/// A remark or an unknown column refuses only on an explicit phrase (or a
/// stop or paid value standing alone or before its explanation).
#[test]
fn a_remark_in_these_words_refuses_its_row() {
    for (v, said) in [
        ("Paid by cheque", Says::PaidAlready),
        ("Paid via bank", Says::PaidAlready),
        ("paid through bKash", Says::PaidAlready),
        ("Paid 28-Oct", Says::PaidAlready),
        ("Paid on 3/11/2026", Says::PaidAlready),
        ("Salary sent via bKash on 2 Nov", Says::PaidAlready),
        ("Disbursed on 3rd", Says::PaidAlready),
        ("Disbursed (bKash)", Says::PaidAlready),
        ("Paid cash", Says::PaidAlready),
        ("Has been paid in cash", Says::PaidAlready),
        ("October list - already sent", Says::PaidAlready),
        ("Payment done (October)", Says::PaidAlready),
        ("টাকা দেওয়া হয়েছে", Says::PaidAlready),
        ("পাঠানো হয়েছে", Says::PaidAlready),
        ("নগদে দেওয়া হয়েছে", Says::PaidAlready),
        ("পরিশোধ হয়েছে", Says::PaidAlready),
        ("Do not process", Says::DoNotPay),
        ("Not for payment", Says::DoNotPay),
        ("Deferred to December", Says::DoNotPay),
        ("Postponed", Says::DoNotPay),
        ("Postponed until January", Says::DoNotPay),
        ("Carried forward to December", Says::DoNotPay),
        ("Pay next month", Says::DoNotPay),
        ("Duplicate entry", Says::DoNotPay),
        ("বন্ধ", Says::DoNotPay),
        ("বাদ", Says::DoNotPay),
        ("দেওয়া হবে না", Says::DoNotPay),
        ("পরে দেওয়া হবে", Says::DoNotPay),
    ] {
        assert_eq!(says(Note, v), Some(said), "{v:?}");
    }
}

/// The words beside them that stay payable: a department named
/// `Transfer`, an allowance named `Hold`, a payment still to be made, a
/// negated hold, a payee transferred to another unit.
#[test]
fn ordinary_words_beside_them_leave_the_row_payable() {
    let everywhere = [
        "Active",
        "Approved",
        "OK",
        "Transfer",
        "Transfer desk",
        "November salary",
        "Festival bonus",
        "Hold allowance",
        "Not on hold",
        "Not cancelled",
        "To be paid by bKash",
        "Will be sent via Nagad",
        "Not paid by cheque",
        "Not yet paid via bank",
        "Transferred from Gazipur unit",
        "Carried forward from October",
        "Paid 2 days leave",
        "Joined 28 Oct",
        "বাদল",
        "পরেশ",
        "দেওয়া হবে",
    ];
    all_said(&[Note, Label], &everywhere, None);
    for v in [
        "Paid advance of 5000, deduct 1000",
        "Training completed",
        "Completed",
        "Sent",
        "Disbursed",
        "Done",
        "Later",
        "Pending approval",
    ] {
        // Under an unknown column (`Training`, `Loan`) these say nothing
        // of the payment.
        assert_eq!(says(Note, v), None, "{v:?}");
    }
    all_said(
        &[Status, Paid, Question],
        &["Active", "Approved", "OK", "Regular"],
        None,
    );
    all_said(&[Question], &["Transfer", "Transfer desk"], None);
    all_said(
        &[Status, Paid],
        &["Pending", "Carried forward from October"],
        None,
    );
    // As a status, `Transfer` may be a payee moved away: not known payable.
    all_said(
        &[Status, Paid],
        &["Transfer", "Transfer desk"],
        Some(Says::Unknown),
    );
}

/// A name or a reference: an explicit phrase anywhere, or a status set
/// apart by brackets or a dash (the probe's f8), never a word inside it.
#[test]
fn a_name_says_so_only_in_a_phrase_or_a_part_set_apart() {
    for (v, said) in [
        ("Karim Mia - do not pay", Says::DoNotPay),
        ("Fatema Begum (HOLD)", Says::DoNotPay),
        ("Rina [paid in cash]", Says::PaidAlready),
        ("CANCELLED - Babul", Says::DoNotPay),
        ("E4 (resigned - do not pay)", Says::DoNotPay),
        ("Nasima Akter (paid)", Says::PaidAlready),
        ("Jamal / sent", Says::PaidAlready),
        ("Hold - Kamal Ahmed", Says::DoNotPay),
        ("পরেশ চন্দ্র (বাদ)", Says::DoNotPay),
        ("করিম (বাতিল)", Says::DoNotPay),
        ("Salma (deferred)", Says::DoNotPay),
    ] {
        assert_eq!(says(Label, v), Some(said), "{v:?}");
    }
    for v in [
        "Rahim Uddin",
        "Sentu Holder",
        "Maria Doneva",
        "Md. Paid Hossain",
        "Stopford",
        "Abdul-Karim",
        "E-11",
        "Karim (Sewing)",
        "বাদল মিয়া",
        "পরেশ চন্দ্র",
        "বন্ধন",
    ] {
        assert_eq!(says(Label, v), None, "{v:?}");
    }
}

#[test]
fn titles_in_these_words_hold_their_rows_back() {
    for (title, words) in [
        (
            "Deferred to December - do not process",
            Some("do not process"),
        ),
        ("Not for payment", Some("not for payment")),
        ("October list - already sent", Some("already sent")),
        ("Postponed", Some("postponed")),
        ("Payment done (October)", Some("payment done")),
        ("পরিশোধ হয়েছে", Some("পরিশোধ হয়েছে")),
        ("Carried forward to December", Some("carried forward to")),
        ("Completed", Some("completed")),
        ("Sewing", None),
        ("Finishing", None),
        ("Transfer Desk", None),
        ("November 2026 salary", None),
        ("Carried forward from October", None),
    ] {
        assert_eq!(title_holds_back(title), words, "{title}");
    }
}

/// Every list entry is written folded, so a folded cell can match it, and
/// no anchor holds a letter a keyboard writes two ways.
#[test]
fn every_entry_is_written_folded_and_every_anchor_one_way() {
    // Read in a note or a name: each holds an anchor, or the anchors would
    // pass it by unfolded.
    let in_notes = [
        STOP,
        DO_NOT,
        LATER,
        PAID,
        DONE,
        PAID_PHRASES,
        PAID_VERBS,
        DONE_AFTER,
    ];
    for p in in_notes.iter().copied().flatten() {
        assert!(NOTE_ANCHORS.iter().any(|a| p.contains(a)), "{p}: no anchor");
    }
    for p in [
        NOT_NOW,
        MEANS,
        CHANNELS,
        super::super::payable::PAYABLE,
        CHANNELS_DONE,
        PAY_WHEN,
    ]
    .iter()
    .chain(&in_notes)
    .copied()
    .flatten()
    {
        assert_eq!(folded(p).trim(), *p, "{p}");
    }
    for a in NOTE_ANCHORS {
        assert!(
            !a.contains([
                '\u{09DF}', '\u{09DC}', '\u{09DD}', '\u{09BC}', '\u{09CB}', '\u{09CC}'
            ]),
            "{a}"
        );
        assert!(
            !a.contains("\u{09C7}\u{09BE}") && !a.contains("\u{09C7}\u{09D7}"),
            "{a}"
        );
    }
}
