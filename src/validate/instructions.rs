//! A row the sheet itself says not to pay is never paid without a word.
//!
//! Finance sheets carry columns that decide or record whether a row is paid
//! (`Status` = `Cancelled`, `Pay?` = `No`, `Paid` = `Yes`, a remark `HOLD -
//! do not pay`). Intake finds them by their headers
//! (`src/intake/instruction_words.rs`, [`InstructionKind`]); this file holds
//! the values that refuse a row; `instruction_cells.rs` reads each row's
//! cells (ditto marks, merged cells) and says why it refuses one. A refused row is an
//! invalid row (an error): it names the column and the value, and says what to
//! do: delete the row, clear the cell, or pass `--pay-despite COLUMN` to say
//! the column does not decide payment (then a note that is never suppressed
//! names the column disregarded).
//!
//! Values are matched as the whole cell, ignoring case, spaces and
//! punctuation (`ON-HOLD`, `on hold.`), except in note columns, where only
//! an explicit phrase anywhere in the text counts (`HOLD - do not pay`):
//! a remark such as `Hold allowance` or `November salary` is information.
//! Anything not listed (`Active`, `Permanent`, `Probation`, `Pending`, an
//! empty cell) leaves the row payable. The lists are bounded, and a cell
//! costs one pass over its text.

use super::{CheckOptions, Validated};
use crate::intake::{InstructionColumn, InstructionKind, Layout, Note, column_letter, quoted};
use aho_corasick::AhoCorasick;
use std::sync::LazyLock;

/// Values that say "do not pay" in any instruction column.
const STOP: &[&str] = &[
    "cancel",
    "cancellation",
    "hold",
    "held",
    "hold payment",
    "payment hold",
    "payment on hold",
    "put on hold",
    "withhold",
    "withheld",
    "stop",
    "stopped",
    "skip",
    "skipped",
    "exclude",
    "excluded",
    "no pay",
    "not payable",
    "voided",
    "remove",
    "removed",
    "delete",
    "deleted",
    "reject",
    "rejected",
    "declined",
    "not approved",
    "unapproved",
    "disapproved",
    "duplicate",
    "suspend",
    "suspended",
    "blocked",
    "হোল্ড",
];

/// "Do not pay" in any words: a status or a remark that says it, as
/// the whole cell, leading it, or (in a note) anywhere in it.
const DO_NOT: &[&str] = &[
    "do not pay",
    "dont pay",
    "not to be paid",
    "not to pay",
    "do not disburse",
    "cancelled",
    "canceled",
    "on hold",
    "stop payment",
    "payment stopped",
    "void",
    "do not release",
    "dont release",
    "do not send",
    "dont send",
    "do not transfer",
    "dont transfer",
    "no payment",
    "বাতিল",
    "স্থগিত",
    "প্রদান করবেন না",
    "পরিশোধ করবেন না",
    "দেবেন না",
    "দেওয়া যাবে না",
];

/// A yes: in a column that names a reason not to pay (`Hold`), or records a
/// payment (`Paid`), it refuses the row.
const YES: &[&str] = &["yes", "y", "true", "1", "x", "হ্যাঁ", "হ্যা", "হাঁ"];
const YES_MARKS: &[&str] = &["✓", "✔", "☑", "✅"];

/// A no: in a column that asks whether to pay (`Pay?`), it refuses the row.
pub(super) const NO: &[&str] = &["no", "n", "false", "0", "না"];
pub(super) const NO_MARKS: &[&str] = &["✗", "✘", "×", "❌", "✕", "✖"];
/// Not a yes (yet): in a column that asks whether to pay (`Pay?`,
/// `Approved?`, `Eligible`, `Active?`), the row is not to be paid now.
pub(super) const NOT_YET: &[&str] = &[
    "nope",
    "not now",
    "not yet",
    "later",
    "pending",
    "n a",
    "not eligible",
    "ineligible",
    "not active",
    "inactive",
    "not confirmed",
    "unconfirmed",
    "not ok",
];

/// The row was paid already (in a `Status` or a `Paid` column).
const PAID: &[&str] = &[
    "paid",
    "already paid",
    "paid already",
    "paid before",
    "পরিশোধিত",
    "প্রদত্ত",
];

/// What a `Paid` or `Payment Status` column says of a payment made.
const DONE: &[&str] = &[
    "done",
    "complete",
    "completed",
    "sent",
    "disbursed",
    "transferred",
    "success",
    "successful",
    "settled",
    "already sent",
    "already transferred",
];

/// Phrases that refuse a row wherever they stand in a remark or a note,
/// besides [`DO_NOT`].
const NOTE_PHRASES: &[&str] = &["not to be disbursed"];
const NOTE_PAID: &[&str] = &[
    "already paid",
    "paid already",
    "paid in cash",
    "paid by cash",
];

/// A piece of every value and phrase that refuses a row (`pay` of `do not
/// pay`, `hold` of `on hold`, `skip`): a remark holding none of them, in any
/// letter case, holds none of them, and is passed without being folded. Most remarks are such
/// (`November salary`), and a sheet has one on every row.
const NOTE_ANCHORS: &[&str] = &[
    "pay",
    "paid",
    "disburse",
    "cancel",
    "hold",
    "held",
    "stop",
    "skip",
    "exclud",
    "void",
    "remov",
    "delet",
    "reject",
    "declin",
    "approv",
    "duplicat",
    "suspend",
    "block",
    "send",
    "releas",
    "transfer",
    "cash",
    "বাতিল",
    "স্থগিত",
    "হোল্ড",
    "করবেন না",
    "দেবেন না",
    "যাবে না",
    "পরিশোধিত",
    "প্রদত্ত",
];

/// The anchors as one automaton, ASCII letters in either case: a remark
/// is read once for all of them, not once for each. `None` only if the
/// automaton could not be built (it always can: the anchors are fixed);
/// then every remark is folded.
static ANCHOR_FINDER: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(NOTE_ANCHORS)
        .ok()
});

/// Whether `text` may hold a note phrase: it holds one of the anchors.
fn anchored(text: &str) -> bool {
    ANCHOR_FINDER
        .as_ref()
        .is_none_or(|finder| finder.is_match(text))
}

/// No listed value is longer than this (in bytes); a longer cell is no stop
/// value and is not folded.
const LONGEST_VALUE: usize = 64;

/// Why a cell refuses its row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Says {
    /// Not to pay the row.
    DoNotPay,
    /// That the row was paid already.
    PaidAlready,
}

/// A cell folded: lower case, every run of other characters than letters,
/// digits and marks one space, a space at each end (so a phrase matches as
/// whole words), apostrophes dropped first (`Don't Pay!` is ` dont pay `).
pub(super) fn folded(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push(' ');
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || is_mark(c) {
            out.push(c);
        } else if !matches!(c, '\'' | '\u{2019}') && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if !out.ends_with(' ') {
        out.push(' ');
    }
    out
}

/// Bengali vowel signs and other combining marks, which are part of a word.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{0981}'..='\u{0983}' | '\u{09BC}'..='\u{09D7}' | '\u{200C}' | '\u{200D}')
}

/// What a title row says of the rows under it ([`super::sections`]), as
/// the words that said it (the longest). A title is short and says nothing
/// but what its rows are: it holds them back when any of its words is a
/// value that refuses a row in a `Status` column (`Hold till January`,
/// `Salary withheld`, `Paid in cash`, `বাতিল`) or a phrase that refuses one
/// in a remark (`On hold - do not pay this month`). `Sewing`, `Pending
/// payments` and `Resigned staff` hold nothing back; a department named
/// with such a word (`Stop & Shop branch`) is refused, which costs a reword.
pub(super) fn title_holds_back(title: &str) -> Option<&'static str> {
    let f = folded(title.trim());
    STOP.iter()
        .chain(DO_NOT)
        .chain(PAID)
        .chain(NOTE_PAID)
        .chain(NOTE_PHRASES)
        .filter(|v| holds(&f, v))
        .max_by_key(|v| v.len())
        .copied()
}

/// Whether a folded cell holds `phrase` as whole words: between two of
/// the spaces [`folded`] puts around every word. Found in place, with no
/// copy: it runs on every remark of every row.
fn holds(folded: &str, phrase: &str) -> bool {
    folded
        .match_indices(phrase)
        .any(|(at, _)| folded[..at].ends_with(' ') && folded[at + phrase.len()..].starts_with(' '))
}

/// Whether the folded cell `f` is the value `v`, or begins with its words
/// (`Cancelled by HR`, `Hold (HR)`, `Paid via cheque`, `No - resigned`).
fn leads(f: &str, v: &str) -> bool {
    f.strip_prefix(' ')
        .and_then(|rest| rest.strip_prefix(v))
        .is_some_and(|rest| rest.starts_with(' '))
}

/// A note's words before its first separator (`HOLD` of `HOLD - resigned`,
/// `Paid` of `Paid (cash)`), when it has one: a value said first and then
/// explained. `Hold allowance` has none, so it is read whole.
fn head(raw: &str) -> Option<&str> {
    raw.find(['-', ':', '(', '/', ';', '|', ',', '–', '—'])
        .map(|at| &raw[..at])
}

/// What a remark or a note says: a refusing value as the whole note or
/// before its first separator, or a phrase anywhere in it.
fn note_says(raw: &str) -> Option<Says> {
    if !anchored(raw) {
        return None;
    }
    let f = folded(raw);
    let first = head(raw).map(folded);
    let is = |list: &[&str]| {
        list.iter()
            .any(|v| f.trim() == *v || first.as_deref().is_some_and(|h| h.trim() == *v))
    };
    if is(PAID) || NOTE_PAID.iter().any(|p| holds(&f, p)) {
        return Some(Says::PaidAlready);
    }
    let phrase = NOTE_PHRASES.iter().chain(DO_NOT).any(|p| holds(&f, p));
    (is(STOP) || is(DO_NOT) || phrase).then_some(Says::DoNotPay)
}

/// What a cell of a column of `kind` says, if it says not to pay its row:
/// a value of the column's kind, alone or leading the cell.
pub(super) fn says(kind: InstructionKind, text: &str) -> Option<Says> {
    let raw = text.trim();
    if raw.is_empty() {
        return None;
    }
    if kind == InstructionKind::Note {
        return note_says(raw);
    }
    if raw.len() > LONGEST_VALUE {
        // A long note of how a payment was made is still a record of it.
        return (kind == InstructionKind::Record).then_some(Says::PaidAlready);
    }
    let f = folded(raw);
    let lead = |list: &[&str]| list.iter().any(|v| leads(&f, v));
    let mark = |list: &[&str]| list.iter().any(|m| raw.starts_with(m));
    use InstructionKind::*;
    match kind {
        _ if lead(STOP) || lead(DO_NOT) => Some(Says::DoNotPay),
        Question if lead(NO) || lead(NOT_YET) || mark(NO_MARKS) => Some(Says::DoNotPay),
        Stop if lead(YES) || mark(YES_MARKS) => Some(Says::DoNotPay),
        Status if lead(PAID) => Some(Says::PaidAlready),
        Paid if lead(PAID) || lead(DONE) || lead(YES) || mark(YES_MARKS) => Some(Says::PaidAlready),
        Record if super::records::recorded(raw, &f) => Some(Says::PaidAlready),
        _ => None,
    }
}

/// Whether `--pay-despite NAME` names the column headed `header`: as
/// written, or folded (`pay?` for `Pay?`).
fn named(name: &str, header: &str) -> bool {
    let (n, h) = (name.trim(), header.trim());
    n.eq_ignore_ascii_case(h) || {
        let f = crate::fields::fold(n);
        !f.is_empty() && f == crate::fields::fold(h)
    }
}

/// Whether `--pay-despite` names column `col`.
pub(super) fn disregarded(layout: &Layout, col: usize, opts: &CheckOptions) -> bool {
    !opts.pay_despite.is_empty() && {
        let header = layout.header(col);
        opts.pay_despite.iter().any(|n| named(n, &header))
    }
}

/// Notes on the instruction columns: which were read, and, never
/// suppressed, which `--pay-despite` disregarded, and a `--pay-despite`
/// that names no column of the sheet.
pub(super) fn note_instructions(v: &mut Validated, opts: &CheckOptions) {
    let layout = &v.sheet.layout;
    let name = |c: &InstructionColumn| {
        format!(
            "column {} {}",
            column_letter(c.col),
            quoted(&layout.header(c.col))
        )
    };
    let mut notes = Vec::new();
    let (skipped, read): (Vec<&InstructionColumn>, Vec<&InstructionColumn>) = layout
        .instructions
        .iter()
        .partition(|c| disregarded(layout, c.col, opts));
    for c in &skipped {
        notes.push(Note::limit(format!(
            "{} is not read as an instruction, because --pay-despite {} says it does not decide payment: its rows are paid whatever it says",
            name(c),
            quoted(&layout.header(c.col)),
        )));
    }
    let read: Vec<String> = read
        .iter()
        // A payment date says how it is read itself (`records.rs`).
        .filter(|c| {
            !matches!(
                c.kind,
                InstructionKind::Note | InstructionKind::PaidOrPlanned
            )
        })
        .take(5)
        .map(|c| name(c))
        .collect();
    if !read.is_empty() {
        notes.push(Note::info(format!(
            "{} {} read as saying whether a row is paid: a row marked cancelled, on hold, not to pay or paid already is refused",
            read.join(", "),
            if read.len() == 1 { "is" } else { "are" },
        )));
    }
    for n in &opts.pay_despite {
        let why = if skipped.iter().any(|c| named(n, &layout.header(c.col))) {
            continue;
        } else if layout.headers.iter().any(|h| named(n, h)) {
            "payrun does not read that column as an instruction anyway"
        } else {
            "the sheet has no such column"
        };
        notes.push(Note::limit(format!(
            "--pay-despite {}: {why}, so it changes nothing",
            quoted(n)
        )));
    }
    v.sheet.notes.extend(notes);
}

#[cfg(test)]
#[path = "instructions_tests.rs"]
mod tests;
