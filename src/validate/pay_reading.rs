//! How a cell's words are read against the lists of [`super::pay_words`].
//!
//! A cell is folded once (lower case, every run of punctuation one space,
//! Bengali letters written one way), then read by what it is:
//! - a column that decides or records payment (`Status`, `Pay?`, `Paid`,
//!   `Hold`): a value as the whole cell or leading it (`Sent on 3 Nov`,
//!   `Hold (HR)`), or a phrase anywhere (`Active - do not pay`); in a
//!   status or paid column, any value not known as payable
//!   ([`super::payable`]) too;
//! - a note (a remark, an unknown column): a value only as the whole note
//!   or its words before the first separator (`HOLD - resigned`), a phrase
//!   anywhere; `Hold allowance` and `Festival bonus` are information;
//! - a name or a reference: a phrase anywhere, or a value set apart by
//!   brackets or a dash (`Fatema Begum (HOLD)`, `CANCELLED - Babul`); never
//!   a word inside a name (`Sentu`, `Holder`, `বাদল`);
//! - a title: a stop or paid value or any phrase anywhere, a done or
//!   not-now value leading it (`Postponed`, `Payment done (October)`).
//!
//! The lists are bounded and a cell costs a pass over its text per list
//! entry at most; a note or a name holding no anchor costs one pass.

use super::pay_words::*;
use crate::intake::InstructionKind;
use aho_corasick::AhoCorasick;
use std::sync::LazyLock;

/// Why a cell refuses its row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Says {
    /// Not to pay the row (now).
    DoNotPay,
    /// That the row was paid already.
    PaidAlready,
    /// A value of a status or paid column that payrun does not know as
    /// payable: a spelling no list holds pays nobody silently.
    Unknown,
}

/// A yes: in a column that names a reason not to pay (`Hold`), or records a
/// payment (`Paid`), it refuses the row.
pub(super) const YES: &[&str] = &["yes", "y", "true", "1", "x", "হ্যাঁ", "হ্যা", "হাঁ"];
pub(super) const YES_MARKS: &[&str] = &["✓", "✔", "☑", "✅"];

/// A no: in a column that asks whether to pay (`Pay?`), it refuses the row;
/// in a record of a payment made (`records.rs`), it says none was.
pub(super) const NO: &[&str] = &["no", "n", "false", "0", "না"];
pub(super) const NO_MARKS: &[&str] = &["✗", "✘", "×", "❌", "✕", "✖"];
/// Not a yes (yet): in a column that asks whether to pay (`Pay?`,
/// `Approved?`, `Eligible`, `Active?`), the row is not to be paid now.
pub(super) const NOT_YET: &[&str] = &[
    "nope",
    "not now",
    "not yet",
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

/// No value is longer than this (in bytes): a longer cell in a column that
/// decides payment is read for phrases only, as a note.
const LONGEST_VALUE: usize = 64;

/// The anchors as one automaton, ASCII letters in either case: a note is
/// read once for all of them. `None` only if it could not be built (it
/// always can: the anchors are fixed); then every note is folded.
static ANCHOR_FINDER: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(NOTE_ANCHORS)
        .ok()
});

/// Whether `text` may hold a value or phrase: it holds one of the anchors.
pub(super) fn anchored(text: &str) -> bool {
    ANCHOR_FINDER
        .as_ref()
        .is_none_or(|finder| finder.is_match(text))
}

/// A cell folded: lower case, every run of other characters than letters,
/// digits and marks one space, a space at each end (so a phrase matches as
/// whole words), apostrophes dropped first (`Don't Pay!` is ` dont pay `).
/// Bengali letters a keyboard writes two ways are written one way: `য়`,
/// `ড়`, `ঢ়` as the letter and a nukta, `ো` and `ৌ` as one letter.
pub(super) fn folded(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push(' ');
    // The Bengali letters typed two ways, one way: the headers' rule.
    let one_form = crate::fields::bengali_one_form(text);
    for c in one_form.chars().flat_map(char::to_lowercase) {
        match c {
            _ if c.is_alphanumeric() || is_mark(c) => out.push(c),
            '\'' | '\u{2019}' => {}
            _ if !out.ends_with(' ') => out.push(' '),
            _ => {}
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

/// Whether a folded cell holds `phrase` as whole words: between two of
/// the spaces [`folded`] puts around every word. Found in place, with no
/// copy: it runs on every note of every row.
pub(super) fn holds(folded: &str, phrase: &str) -> bool {
    whole_at(folded, phrase).next().is_some()
}

/// Where `phrase` stands in `folded` as whole words.
fn whole_at<'a>(folded: &'a str, phrase: &'a str) -> impl Iterator<Item = usize> + 'a {
    folded
        .match_indices(phrase)
        .map(|(at, _)| at)
        .filter(move |&at| {
            folded[..at].ends_with(' ') && folded[at + phrase.len()..].starts_with(' ')
        })
}

/// Whether the folded cell `f` is the value `v`, or begins with its words
/// (`Cancelled by HR`, `Hold (HR)`, `Paid via cheque`, `No - resigned`).
pub(super) fn leads(f: &str, v: &str) -> bool {
    f.strip_prefix(' ')
        .and_then(|rest| rest.strip_prefix(v))
        .is_some_and(|rest| rest.starts_with(' '))
}

/// The longest value of `list` that `f` leads with.
fn leading(f: &str, list: &'static [&'static str]) -> Option<&'static str> {
    longest(list.iter().filter(|v| leads(f, v)))
}

/// The longest [`NOT_NOW`] value `f` leads with, unless `from` follows it,
/// or a [`PAY_WHEN`] followed by a month or `next` (`pay in Dec`).
fn not_now(f: &str) -> Option<&'static str> {
    let later = |v: &&str| {
        f[1 + v.len()..]
            .split_whitespace()
            .next()
            .is_some_and(|w| w == "next" || MONTHS.contains(&w))
    };
    longest(
        NOT_NOW
            .iter()
            .filter(|v| leads(f, v) && !f[1 + v.len()..].starts_with(" from "))
            .chain(PAY_WHEN.iter().filter(|v| leads(f, v) && later(v))),
    )
}

fn longest<'a>(found: impl Iterator<Item = &'a &'static str>) -> Option<&'static str> {
    found.max_by_key(|v| v.len()).copied()
}

/// Whether one of `guards` is among the `back` words before byte `at`.
fn guarded(f: &str, at: usize, guards: &[&[&str]], back: usize) -> bool {
    f[..at]
        .split_whitespace()
        .rev()
        .take(back)
        .any(|w| guards.iter().any(|g| g.contains(&w)))
}

// The phrases, found anywhere in a cell by one automaton.
#[path = "pay_reading_phrases.rs"]
mod phrases;
use phrases::phrase_says;

/// A note's words before its first separator (`HOLD` of `HOLD - resigned`,
/// `Paid` of `Paid (cash)`), when it has one: a value said first and then
/// explained. `Hold allowance` has none, so it is read whole.
fn head(raw: &str) -> Option<&str> {
    raw.find(['-', ':', '(', '/', ';', '|', ',', '–', '—'])
        .map(|at| &raw[..at])
}

/// The parts of a note set apart by brackets, commas, slashes or a spaced
/// dash (`Not released yet - hold`, `Bonus (held)`); not by a dash inside
/// a word (`non-stop`, `Hold-Fast`).
fn parts(raw: &str) -> impl Iterator<Item = &str> {
    let spaced = |s: &str| s.is_empty() || s.starts_with(char::is_whitespace);
    let mut rest = raw;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let cut = rest.char_indices().find(|&(at, c)| {
            ",;:()[]{}|/–—".contains(c)
                || (c == '-'
                    && (spaced(&rest[at + 1..]) || rest[..at].ends_with(char::is_whitespace)))
        });
        let (part, next) = match cut {
            Some((at, c)) => (&rest[..at], &rest[at + c.len_utf8()..]),
            None => (rest, ""),
        };
        rest = next;
        Some(part)
    })
}

/// What a remark or a note says: a paid value as the whole note or before
/// its first separator, a stop value as the whole note or any part set
/// apart in it, or a phrase anywhere in it that the rest of the note does
/// not take back ([`lifted`]: `Was on hold in October, released now`).
fn note_says(raw: &str, month: SheetMonth) -> Option<Says> {
    if !anchored(raw) {
        return None;
    }
    let f = folded(raw);
    let first = head(raw).map(folded);
    let is = |list: &[&str]| {
        list.iter()
            .any(|v| f.trim() == *v || first.as_deref().is_some_and(|h| h.trim() == *v))
    };
    if is(PAID) {
        return Some(Says::PaidAlready);
    }
    let clauses = lifted::Clauses::of(raw);
    let lifted = |paid, p: &str, at| clauses.lifted(&f, paid, p, at, month);
    let phrase = phrases::phrase_says_unless(&f, lifted).map(|(s, _)| s);
    let stop_part = || parts(raw).any(|p| STOP.contains(&folded(p).trim()));
    let held_part = || {
        parts(raw).any(|p| {
            held::held(folded(p).trim())
                .is_some_and(|w| !f.find(w).is_some_and(|at| lifted(false, w, at)))
        })
    };
    let later = || lifted::paid_later(&f, month);
    if (is(STOP) || stop_part() || held_part() || later()) && phrase.is_none() {
        return Some(Says::DoNotPay);
    }
    phrase
}

/// What separates a status from a name in a name or reference cell:
/// brackets, dashes, a colon, a bar, a slash, a comma.
const LABEL_SEPARATORS: &[char] = &[
    '(', ')', '[', ']', '{', '}', '<', '>', '-', '–', '—', ':', '|', '/', ',', ';', '*',
];

/// What a name or a reference says: a phrase anywhere (`Karim Mia - do
/// not pay`), or a stop, paid or done value leading one of its parts when
/// brackets or a dash part it (`Fatema Begum (HOLD)`, `CANCELLED -
/// Babul`). A name of one part is read for phrases only.
fn label_says(raw: &str) -> Option<Says> {
    if !anchored(raw) {
        return None;
    }
    if let Some((said, _)) = phrase_says(&folded(raw)) {
        return Some(said);
    }
    let mut parts = raw
        .split(LABEL_SEPARATORS)
        .filter(|p| !p.trim().is_empty())
        .peekable();
    let first = parts.next()?;
    parts.peek()?;
    std::iter::once(first).chain(parts).find_map(|p| {
        let f = folded(p);
        let lead = |list: &'static [&'static str]| leading(&f, list).is_some();
        if lead(PAID) || lead(DONE) {
            Some(Says::PaidAlready)
        } else {
            (lead(STOP) || not_now(&f).is_some()).then_some(Says::DoNotPay)
        }
    })
}

/// What a cell of a column of `kind` says, if it says not to pay its row,
/// on a sheet of no known month.
#[cfg(test)]
pub(super) fn says(kind: InstructionKind, text: &str) -> Option<Says> {
    says_in(kind, text, &|| None)
}

/// [`says`], on a sheet whose month is `month` (a note's lift that names a
/// month is read against it: [`lifted`]).
pub(super) fn says_in(kind: InstructionKind, text: &str, month: SheetMonth) -> Option<Says> {
    let raw = text.trim();
    if raw.is_empty() {
        return None;
    }
    use InstructionKind::*;
    match kind {
        Note => return note_says(raw, month),
        Label => return label_says(raw),
        // A long note of how a payment was made is still a record of it.
        Record if raw.len() > LONGEST_VALUE => return Some(Says::PaidAlready),
        _ if raw.len() > LONGEST_VALUE => return note_says(raw, month),
        _ => {}
    }
    let f = folded(raw);
    let lead = |list: &'static [&'static str]| leading(&f, list).is_some();
    let mark = |list: &[&str]| list.iter().any(|m| raw.starts_with(m));
    let value = match kind {
        _ if lead(STOP) || lead(DO_NOT) => Some(Says::DoNotPay),
        Question if lead(NO) || lead(NOT_YET) || mark(NO_MARKS) => Some(Says::DoNotPay),
        Stop if lead(YES) || mark(YES_MARKS) => Some(Says::DoNotPay),
        Status | Question | Paid if lead(PAID) => Some(Says::PaidAlready),
        Status | Paid if lead(DONE) => Some(Says::PaidAlready),
        Paid if lead(YES) || mark(YES_MARKS) => Some(Says::PaidAlready),
        Status | Question | Paid if not_now(&f).is_some() => Some(Says::DoNotPay),
        Record if super::records::recorded(raw, &f) => Some(Says::PaidAlready),
        _ => None,
    };
    value
        .or_else(|| phrase_says(&f).map(|(s, _)| s))
        .or_else(|| match kind {
            Status | Paid => (!super::payable::payable(kind, raw, &f)).then_some(Says::Unknown),
            _ => None,
        })
}

/// What a title row says of the rows under it ([`super::sections`]), as
/// the words that said it (the longest). A title is short and says nothing
/// but what its rows are: it holds them back when any of its words is a
/// stop or paid value (`Hold till January`, `Salary withheld`, `বাতিল`),
/// it holds a phrase (`On hold - do not pay this month`, `October list -
/// already sent`), or it leads with a done or not-now value (`Postponed`,
/// `Completed`). `Sewing`, `Transfer Desk`, `Pending payments` and
/// `Resigned staff` hold nothing back; a department named with such a word
/// (`Stop & Shop branch`) is refused, which costs a reword.
pub(super) fn title_holds_back(title: &str) -> Option<&'static str> {
    let f = folded(title.trim());
    let anywhere = longest(STOP.iter().chain(PAID).filter(|v| holds(&f, v)));
    let phrase = phrase_says(&f).map(|(_, p)| p);
    [anywhere, phrase, leading(&f, DONE), not_now(&f)]
        .into_iter()
        .flatten()
        .max_by_key(|v| v.len())
}

/// What a title above the header says of the whole sheet
/// ([`super::above_header`]): a stop value, a "do not pay" phrase, or a
/// payment said to be made already (a paid value other than the bare
/// `paid`, or an "already" phrase), none with a negation or a future in
/// the two words before it (`December salary, to be paid 30 Dec`). Above
/// the header a title says how or when the sheet is paid far more often
/// than that it was (`Salary paid through bKash`, `Paid Leave
/// Encashment`), so a bare `paid` in a title, a payment verb and a
/// leading `Done` say nothing there; a cell that says only `PAID` (a
/// stamp) does.
pub(super) fn sheet_held(title: &str) -> Option<&'static str> {
    if parts(title).any(company) {
        return names::held_beside_a_company(title);
    }
    title_held(title)
}

/// [`sheet_held`] of a title that names no company.
fn title_held(title: &str) -> Option<&'static str> {
    let f = folded(title.trim());
    let clauses = lifted::Clauses::of(title.trim());
    // The titles are where the sheet's month is read from, so a title's own
    // lift that names a month is not taken.
    let taken_back = |paid: bool, p: &str, at: usize| clauses.lifted(&f, paid, p, at, &|| None);
    let phrase = phrases::sheet_phrase_says(&f, taken_back);
    let guards: &[&[&str]] = &[NEGATIONS, FUTURES];
    let said = |v: &&&'static str| {
        whole_at(&f, v)
            .any(|at| !guarded(&f, at, guards, 2) && !taken_back(PAID.contains(v), v, at))
    };
    let paid_already = PAID.iter().filter(|p| **p != "paid");
    let anywhere = longest(STOP.iter().chain(paid_already).filter(said));
    // A cell that says only `PAID`: a stamp, not a title.
    let stamp = (f.trim() == "paid").then_some("paid");
    [anywhere, phrase, not_now(&f), stamp]
        .into_iter()
        .flatten()
        .max_by_key(|v| v.len())
}

// A company's name above the header, read as a name.
#[path = "pay_reading_names.rs"]
mod names;
use names::company;

// Hold and paid words that the rest of a note takes back.
#[path = "pay_reading_held.rs"]
mod held;

#[path = "pay_reading_lifted.rs"]
mod lifted;
pub(super) use lifted::{SheetMonth, lift_hint, sheet_month};

#[cfg(test)]
#[path = "pay_reading_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "pay_reading_vocabulary_tests.rs"]
mod vocabulary_tests;

#[cfg(test)]
#[path = "pay_reading_unknown_tests.rs"]
mod unknown_tests;

#[cfg(test)]
#[path = "pay_reading_lift_tests.rs"]
mod lift_tests;

#[cfg(test)]
#[path = "pay_reading_held_tests.rs"]
mod held_tests;
