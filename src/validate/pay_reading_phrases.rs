//! The phrases a cell may hold anywhere (a payment made, "do not pay", a
//! payment verb with its means or date, a channel with "done" after it),
//! found in one pass by one automaton: the part of [`super`] that reads a
//! phrase, apart from how a whole value is read.

use super::*;

/// What a phrase of the automaton below says.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Phrase {
    /// [`PAID_PHRASES`].
    Paid,
    /// [`DO_NOT`] or [`LATER`].
    Stop,
    /// [`PAID_VERBS`]: a payment if its means or date follows.
    Verb,
    /// [`CHANNELS_DONE`]: a payment if one of [`DONE_AFTER`] follows.
    Channel,
}

/// Every phrase and payment verb, in one list for one automaton.
static PHRASES: LazyLock<Vec<(Phrase, &'static str)>> = LazyLock::new(|| {
    let tag = |kind: Phrase, list: &'static [&'static str]| list.iter().map(move |p| (kind, *p));
    tag(Phrase::Paid, PAID_PHRASES)
        .chain(tag(Phrase::Stop, DO_NOT))
        .chain(tag(Phrase::Stop, LATER))
        .chain(tag(Phrase::Verb, PAID_VERBS))
        .chain(tag(Phrase::Channel, CHANNELS_DONE))
        .collect()
});

/// The phrases as one automaton: a folded cell is read once for all of
/// them, not once for each. `None` only if it could not be built (it
/// always can: the phrases are fixed); then each is looked for in turn.
static PHRASE_FINDER: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
    AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::Standard)
        .build(PHRASES.iter().map(|(_, p)| p))
        .ok()
});

/// Every phrase `f` holds as whole words: its kind, text and byte offset.
fn phrases_at(f: &str) -> Vec<(Phrase, &'static str, usize)> {
    let whole = |p: &str, at: usize| f[..at].ends_with(' ') && f[at + p.len()..].starts_with(' ');
    match PHRASE_FINDER.as_ref() {
        Some(finder) => finder
            .find_overlapping_iter(f)
            .filter_map(|m| {
                PHRASES
                    .get(m.pattern().as_usize())
                    .map(|&(k, p)| (k, p, m.start()))
            })
            .filter(|&(_, p, at)| whole(p, at))
            .collect(),
        None => PHRASES
            .iter()
            .flat_map(|&(k, p)| whole_at(f, p).map(move |at| (k, p, at)))
            .collect(),
    }
}

fn is_day(w: &str) -> bool {
    let digits = w.trim_end_matches(|c: char| c.is_alphabetic());
    !digits.is_empty()
        && digits.chars().count() <= 2
        && digits.chars().all(char::is_numeric)
        && matches!(&w[digits.len()..], "" | "st" | "nd" | "rd" | "th")
}

fn is_number(w: &str) -> bool {
    !w.is_empty() && w.chars().all(char::is_numeric)
}

/// Whether `rest` (the words after a verb) starts with a date: `28 oct`,
/// `28 10 2026`, `oct 28`, `2026 10 28`, `on 3rd`, `today`.
fn dated(rest: &[&str]) -> bool {
    let on = rest.first() == Some(&"on");
    let rest = if on { &rest[1..] } else { rest };
    let (Some(a), b) = (rest.first().copied(), rest.get(1).copied()) else {
        return false;
    };
    let month = |w: Option<&str>| w.is_some_and(|w| MONTHS.contains(&w));
    let number = |w: Option<&str>| w.is_some_and(is_number);
    matches!(a, "today" | "yesterday")
        || (is_day(a) && (month(b) || number(b)))
        || (month(Some(a)) && b.is_some_and(is_day))
        || (a.len() == 4 && is_number(a) && number(b))
        || (on && (is_day(a) || month(Some(a))))
}

/// Whether the payment verb `verb` at byte `at` of `f` is said with its
/// means or its date (`Paid by cheque`, `Sent via bKash`, `Disbursed
/// (bKash)`, `Paid 28-Oct`, `Disbursed on 3 Nov`).
fn verb_said(f: &str, verb: &str, at: usize) -> bool {
    let rest: Vec<&str> = f[at + verb.len()..].split_whitespace().take(3).collect();
    let by = rest.first().is_some_and(|b| BY.contains(b));
    let means = rest
        .get(usize::from(by))
        .is_some_and(|m| CHANNELS.contains(m) || (by && MEANS.contains(m)));
    means || (DATED_VERBS.contains(&verb) && dated(&rest))
}

/// Whether the channel `channel` at byte `at` of `f` is followed by a word
/// of a payment made (`bKash sent`, `Trx done`).
fn done_after(f: &str, channel: &str, at: usize) -> bool {
    f[at + channel.len()..]
        .split_whitespace()
        .next()
        .is_some_and(|w| DONE_AFTER.contains(&w))
}

/// What a phrase anywhere in the folded cell `f` says, and the phrase (the
/// longest): a payment made first. A payment with a negation or a future
/// in the two words before it (`to be paid by bKash`) and a "do not pay"
/// with `not` just before it (`not on hold`) say nothing.
pub(super) fn phrase_says(f: &str) -> Option<(Says, &'static str)> {
    phrase_says_unless(f, |_, _, _| false)
}

/// [`phrase_says`], but a phrase that `lifted(paid, phrase, at)` takes
/// back (`paid` for a payment made) says nothing: a remark's or a
/// comment's, read with its neighbours ([`super::lifted`]).
pub(super) fn phrase_says_unless(
    f: &str,
    lifted: impl Fn(bool, &str, usize) -> bool,
) -> Option<(Says, &'static str)> {
    let (mut paid, mut stop): (Option<&'static str>, Option<&'static str>) = (None, None);
    let keep = |slot: &mut Option<&'static str>, p: &'static str| {
        if slot.is_none_or(|q| q.len() < p.len()) {
            *slot = Some(p);
        }
    };
    for (kind, p, at) in phrases_at(f) {
        if lifted(kind != Phrase::Stop, p, at) {
            continue;
        }
        match kind {
            Phrase::Stop if !guarded(f, at, &[NEGATIONS], 1) => keep(&mut stop, p),
            Phrase::Paid if !guarded(f, at, &[NEGATIONS, FUTURES], 2) => keep(&mut paid, p),
            Phrase::Verb if !guarded(f, at, &[NEGATIONS, FUTURES], 2) && verb_said(f, p, at) => {
                keep(&mut paid, p)
            }
            Phrase::Channel
                if !guarded(f, at, &[NEGATIONS, FUTURES], 2) && done_after(f, p, at) =>
            {
                keep(&mut paid, p)
            }
            _ => {}
        }
    }
    paid.map(|p| (Says::PaidAlready, p))
        .or(stop.map(|p| (Says::DoNotPay, p)))
}

/// What a title above the header says of the whole sheet, phrase by
/// phrase: `do not pay` and the like, and a payment said to be made
/// *already* (`already paid`, `বেতন দেওয়া হয়েছে`). A title says how or
/// when the sheet is paid far more often than that it was (`Salary paid
/// through bKash`, `November salary (paid in December)`): a payment verb
/// or a plain "salary paid" there says nothing.
pub(super) fn sheet_phrase_says(
    f: &str,
    lifted: impl Fn(bool, &str, usize) -> bool,
) -> Option<&'static str> {
    let already = |p: &str| {
        ["already", "হয়েছে", "হইছে", "গেছে"]
            .iter()
            .any(|w| p.contains(w))
    };
    phrases_at(f)
        .into_iter()
        .filter(|&(kind, p, at)| !lifted(kind != Phrase::Stop, p, at))
        .filter(|&(kind, p, at)| match kind {
            Phrase::Stop => !guarded(f, at, &[NEGATIONS], 1),
            Phrase::Paid => already(p) && !guarded(f, at, &[NEGATIONS, FUTURES], 2),
            Phrase::Verb | Phrase::Channel => false,
        })
        .map(|(_, p, _)| p)
        .max_by_key(|p| p.len())
}
