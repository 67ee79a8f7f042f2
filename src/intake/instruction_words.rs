//! Which columns say whether a row is to be paid, by their header's words.
//!
//! Finance sheets often carry such a column beside the payout's own: `Status`
//! (`Cancelled`, `Hold`), `Pay?` or `Send?` (`No`), `Include` (`N`), `Paid`
//! (`Yes`: paid already), `Paid On` or `TrxID` (any value: paid already),
//! `Payment Date` (planned, or paid), `Hold`, `Approved`, or a remark
//! (`HOLD - do not pay`). payrun
//! reads no payout field from them, but a row they mark "do not pay" must
//! never be paid without a word. This module only says which columns they are
//! and what kind of question each answers; what a cell says is judged in
//! `src/validate/instructions.rs`, with the words in `pay_words.rs`.
//!
//! A column already read as a payout field (wallet, amount, provider, name,
//! reference, repeat) is never an instruction column; the remark column is a
//! note column. A header that asks a question (`Pay?`, `Pay (Y/N)`,
//! `Approved?`) is an instruction even when it holds a money word, so it is
//! no longer taken for a second amount column ([`asks`]); every other
//! money-sounding header keeps its place among the amount candidates.

use super::header_words::words;
use crate::fields::{ColumnMap, Field};

// The word lists; this file holds the rules that combine them.
#[path = "instruction_word_lists.rs"]
mod lists;
use lists::{
    ASKED_GATE_WORDS, ASKED_PAY_WORDS_BN, COUNT_WORDS, DATE_WORDS, DONE_FILLER, DONE_WORDS,
    GATE_FILLER, GATE_WORDS, ID_WORDS, INSTRUCTION_WORDS, MADE_WORDS, NOTE_WORDS, OK_PHRASES,
    PAID_WORDS, PAY_QUESTIONS, PAYMENT_STATUS_WORDS, PAYMENT_WORDS, QUESTION_WORDS, REF_WORDS,
    STATUS_WORDS, STOP_WORDS, TRX_WORDS, WHEN_WORDS,
};

/// What an instruction column answers, which decides which of its values
/// refuse a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InstructionKind {
    /// Whether to pay the row: `Pay?`, `To pay`, `Include`, `Approved`,
    /// `Process`, `Not paid`, `অনুমোদিত`. A no refuses it.
    Question,
    /// The row's state: `Status`, `Action`, `Decision`, `অবস্থা`, alone or
    /// about the payment (`bKash Status`), and an instruction (`Payment
    /// Instruction`, `নির্দেশনা`). A cancel, a hold, a not-now or "paid"
    /// refuses it.
    Status,
    /// Whether the row was paid already: `Paid`, `Already paid`, `Payment
    /// Status`, `Disbursed`, `পরিশোধিত`. A yes refuses it: paying it again
    /// would pay twice.
    Paid,
    /// A record of a payment made: when (`Paid On`, `Date Paid`, `Sent On`)
    /// or by which transaction (`TrxID`, `Transaction ID`, `Payment Ref`,
    /// `পরিশোধের তারিখ`). Any value but an explicit no, pending or dash
    /// refuses the row: paying it again would pay twice.
    Record,
    /// A date that may be planned for every row or record a payment made
    /// (`Payment Date`, `Pay Date`, `Disbursement Date`): judged over the
    /// whole column in `src/validate/planned.rs`, not cell by cell.
    PaidOrPlanned,
    /// A reason not to pay, named by the header: `Hold`, `Cancel`, `Skip`,
    /// `Stop`, `Exclude`, `Do not pay`, `বাতিল`, `স্থগিত`. A yes refuses it.
    Stop,
    /// Free text: the remark (sent to the recipient) and other notes
    /// (`Note`, `Comments`, `মন্তব্য`), and a status of something other
    /// than the payment (`KYC Status`, `Loan Status`). Only an explicit
    /// phrase refuses it.
    Note,
    /// The payee's name or reference, where a clerk also writes `(HOLD)`
    /// or `- do not pay`. Only an explicit phrase, or a status set apart by
    /// brackets or a dash, refuses it.
    Label,
}

/// A column that says whether a row is to be paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InstructionColumn {
    /// 0-based.
    pub col: usize,
    pub kind: InstructionKind,
}

fn any(w: &[String], list: &[&str]) -> bool {
    w.iter().any(|x| {
        list.iter()
            .any(|l| x == l || (!l.is_ascii() && x.starts_with(l)))
    })
}

fn is_phrase(w: &[String], phrases: &[&[&str]]) -> bool {
    phrases
        .iter()
        .any(|q| w.iter().map(String::as_str).eq(q.iter().copied()))
}

/// A header that asks a yes/no question: `Pay?`, `Pay (Y/N)`, `Include
/// yes/no`, `OK to pay`.
fn question_form(header: &str, w: &[String]) -> bool {
    header.contains('?')
        || w.windows(2).any(|p| {
            matches!(
                (p[0].as_str(), p[1].as_str()),
                ("y", "n") | ("yes", "no") | ("হ্যাঁ" | "হ্যা" | "হাঁ", "না")
            )
        })
        || w.iter().any(|x| x == "yn")
        || is_phrase(w, OK_PHRASES)
}

/// Whether the header records a payment made (`Paid On`, `TrxID`,
/// `Transaction ID`, `Payment Ref`, `পরিশোধের তারিখ`), or holds a date
/// that may be planned or a payment made (`Payment Date`, `Send Date`).
fn dated_or_recorded(w: &[String]) -> Option<InstructionKind> {
    let made = any(w, MADE_WORDS) && any(w, WHEN_WORDS);
    let trx = any(w, TRX_WORDS) || (any(w, &["transaction"]) && any(w, ID_WORDS));
    let payment_ref = any(w, &["payment", "disbursement"]) && any(w, REF_WORDS);
    // `পরিশোধের` is "of the payment made" (`পরিশোধিত`, paid, is a Paid word).
    let paid_bn = any(w, &["পরিশোধ"]) && any(w, &["তারিখ"]);
    if made || trx || payment_ref || paid_bn {
        return Some(InstructionKind::Record);
    }
    let paying = any(w, PAYMENT_WORDS) || any(w, &["payout", "send", "release"]);
    (paying && any(w, DATE_WORDS)).then_some(InstructionKind::PaidOrPlanned)
}

/// Whether the header asks whether to send the row (`Send?`, `Eligible`,
/// `Active?`, `Pay now`, `OK to pay`): a gate word with nothing but filler.
fn asks_to_send(header: &str, w: &[String]) -> bool {
    let short = |list: &[&str]| {
        any(w, list)
            && w.iter()
                .all(|x| list.contains(&x.as_str()) || GATE_FILLER.contains(&x.as_str()))
    };
    short(GATE_WORDS)
        || (question_form(header, w) && short(ASKED_GATE_WORDS))
        || is_phrase(w, OK_PHRASES)
        || is_phrase(w, &[&["pay", "now"]])
}

/// Whether the header is a word of a payment made with nothing but filler
/// (`Sent`, `Already transferred`): whether the row was paid.
fn done_alone(w: &[String]) -> bool {
    any(w, DONE_WORDS)
        && w.iter()
            .all(|x| DONE_WORDS.contains(&x.as_str()) || DONE_FILLER.contains(&x.as_str()))
}

/// Whether a header instructs what to do with the row's payment: an
/// instruction (`Payment Instruction`, `নির্দেশনা`), or a note about the
/// payment (`Payment Remarks`; `Bonus Remarks` is a note).
fn instructs(w: &[String]) -> bool {
    // Not `transfer`: `Transfer Remarks` may be the employee's posting.
    let paying = any(w, PAYMENT_WORDS) && !any(w, &["transfer"]);
    any(w, INSTRUCTION_WORDS) || (any(w, NOTE_WORDS) && paying)
}

/// Whether every word of a status header is a status word, a note word
/// (`Status / Remarks`), a number or a word of the payment's
/// ([`PAYMENT_STATUS_WORDS`]): the status is the row's, not the payee's
/// KYC, loan or training.
fn of_the_payment(w: &[String]) -> bool {
    let lists = [STATUS_WORDS, NOTE_WORDS, PAYMENT_STATUS_WORDS];
    w.iter().all(|x| {
        x.chars().all(|c| c.is_ascii_digit())
            || lists.iter().any(|l| any(std::slice::from_ref(x), l))
    })
}

/// What an unmapped column headed `header` answers, if it says whether a row
/// is to be paid.
pub(super) fn instruction_kind(header: &str) -> Option<InstructionKind> {
    // `Don't pay` is one word, `dont`.
    let w = words(&header.replace(['\'', '\u{2019}'], ""));
    if w.is_empty() {
        return None;
    }
    // `Paid leave`, `Hold days`, `Approved OT (hrs)`, `Exclude from tax`:
    // a count or a measure of the payee's, not an answer (`1` is a day).
    if any(&w, COUNT_WORDS) && !question_form(header, &w) {
        return None;
    }
    if let Some(kind) = dated_or_recorded(&w) {
        return Some(kind);
    }
    let not = w.iter().any(|x| x == "not" || x == "dont");
    let paid = any(&w, PAID_WORDS) || done_alone(&w);
    let kind = if paid && not {
        // `Not paid`: a yes means "pay it".
        InstructionKind::Question
    } else if paid || (any(&w, PAYMENT_WORDS) && any(&w, STATUS_WORDS)) {
        InstructionKind::Paid
    } else if any(&w, STOP_WORDS) || (not && (any(&w, PAYMENT_WORDS) || any(&w, &["payable"]))) {
        InstructionKind::Stop
    } else if any(&w, QUESTION_WORDS)
        || is_phrase(&w, PAY_QUESTIONS)
        || asks_to_send(header, &w)
        || (question_form(header, &w)
            && (any(&w, PAYMENT_WORDS)
                || any(&w, &["payable", "eligible"])
                || any(&w, ASKED_PAY_WORDS_BN)))
    {
        InstructionKind::Question
    } else if instructs(&w) || (any(&w, STATUS_WORDS) && of_the_payment(&w)) {
        InstructionKind::Status
    } else if any(&w, NOTE_WORDS) || any(&w, STATUS_WORDS) {
        InstructionKind::Note
    } else {
        return None;
    };
    Some(kind)
}

/// A header that asks whether to pay (`Pay?`, `Pay (Y/N)`, `Amount paid?`,
/// `OK to pay`) or instructs (`Payment Instruction`): never an amount
/// candidate, whatever money word it holds.
pub(super) fn asks(header: &str) -> bool {
    let w = words(header);
    instructs(&w)
        || (question_form(header, &w)
            && instruction_kind(header).is_some_and(|k| k != InstructionKind::Note))
}

/// The instruction columns of a header row whose fields are `columns`, in
/// column order: every unmapped column [`instruction_kind`] recognises, and
/// the remark column and every other unmapped column with a header as a
/// note (`Category`, `HR remark`, `Department`: a cell there that says "On
/// hold - do not pay" is as plain as in a remark; only what refuses a note
/// refuses it). One pass over the header.
pub(super) fn instruction_columns(
    headers: &[String],
    columns: &ColumnMap,
) -> Vec<InstructionColumn> {
    headers
        .iter()
        .enumerate()
        .filter_map(|(col, h)| {
            let kind = match columns.field_of(col) {
                Some(Field::Remark) => InstructionKind::Note,
                Some(Field::Name | Field::Reference) => InstructionKind::Label,
                Some(_) => return None,
                None if h.trim().is_empty() => return None,
                None => instruction_kind(h).unwrap_or(InstructionKind::Note),
            };
            Some(InstructionColumn { col, kind })
        })
        .collect()
}

#[cfg(test)]
#[path = "instruction_words_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "instruction_columns_tests.rs"]
mod column_tests;
