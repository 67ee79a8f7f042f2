//! Title rows whose words hold back the rows under them.
//!
//! Finance teams split a payroll sheet with title rows: `Sewing`,
//! `Finishing`, or `On hold - do not pay this month` above the rows held
//! back, often merged across the table and in bold. A title row holds no
//! wallet, provider or amount, so it is an invalid row of its own, and
//! `--skip-invalid` would skip it and pay the rows under it: exactly the
//! rows its words hold back. So a title that says its rows are not to be
//! paid refuses the batch, naming the rows under it (and `--skip-invalid`
//! cannot skip it), until the sheet says what it means: those rows deleted
//! (not to be paid) or the title deleted or reworded (to be paid).
//!
//! The rows under a title run to the next title row or to the end of the
//! sheet, blank and totals rows included: a held section is not known to
//! end anywhere else, and refusing a row that was meant to be paid costs a
//! re-check, not money. A department title says nothing of payment: it
//! stays an invalid row of its own and the rows under it are paid as before.

use super::Validated;
use super::batch::{Loc, apply_flags};
use super::types::{InvalidRow, RowIssue, list_rows};
use crate::intake::quoted;
use crate::money::Amount;
use crate::text::count;

/// Words and phrases that hold a row back, folded (lower case, every run
/// of other characters one space) and matched as whole words in a folded
/// title. Kept to what says "not now" outright: `Pending` (pending
/// payments are paid) and `Resigned` (a final settlement is paid) are not
/// among them.
const HOLD_BACK: [&str; 30] = [
    "hold",
    "on hold",
    "held",
    "withheld",
    "withhold",
    "do not pay",
    "dont pay",
    "don t pay",
    "not to be paid",
    "not to pay",
    "not payable",
    "no payment",
    "cancel",
    "cancelled",
    "canceled",
    "stopped",
    "stop payment",
    "suspend",
    "suspended",
    "defer",
    "deferred",
    "postponed",
    "exclude",
    "excluded",
    "void",
    "next month",
    "already paid",
    "reference only",
    "বাতিল",
    "স্থগিত",
];

/// `text` in lower case with every run of characters that are not letters,
/// digits or marks (Bengali vowel signs are marks) as one space, padded
/// with a space at each end, so a phrase matches as whole words.
pub(super) fn fold_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push(' ');
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || is_mark(c) {
            out.push(c);
        } else if !out.ends_with(' ') {
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

/// The phrase of [`HOLD_BACK`] a title says, if any: the longest, so the
/// message quotes `on hold` rather than `hold`.
pub(super) fn holds_back(title: &str) -> Option<&'static str> {
    let folded = fold_words(title);
    HOLD_BACK
        .iter()
        .filter(|p| folded.contains(&format!(" {p} ")))
        .max_by_key(|p| p.len())
        .copied()
}

/// Whether any title among `invalid` holds rows back: then a counted
/// check must keep its rows, so they can be named and refused.
pub(super) fn any_held(invalid: &[InvalidRow]) -> bool {
    invalid
        .iter()
        .any(|r| r.title.as_deref().is_some_and(|t| holds_back(t).is_some()))
}

/// A title row: its sheet row, what it says, and the phrase that holds its
/// rows back (if it does).
struct Title {
    row: usize,
    text: String,
    phrase: Option<&'static str>,
}

/// Refuses the payouts under every title that holds them back, and the
/// batch with them.
pub(super) fn check_sections(v: &mut Validated) {
    let mut titles: Vec<Title> = v
        .invalid
        .iter()
        .filter_map(|r| {
            let text = r.title.clone()?;
            let phrase = holds_back(&text);
            Some(Title {
                row: r.row,
                text,
                phrase,
            })
        })
        .collect();
    if titles.iter().all(|t| t.phrase.is_none()) {
        return;
    }
    titles.sort_by_key(|t| t.row);
    let mut flags: Vec<(Loc, RowIssue)> = Vec::new();
    for (k, title) in titles.iter().enumerate() {
        let Some(phrase) = title.phrase else {
            continue;
        };
        let end = titles.get(k + 1).map_or(usize::MAX, |t| t.row);
        let under: Vec<(usize, usize, Amount)> = v
            .payouts
            .iter()
            .enumerate()
            .filter(|(_, p)| p.row > title.row && p.row < end)
            .map(|(i, p)| (i, p.row, p.amount))
            .collect();
        if under.is_empty() {
            continue;
        }
        let rows: Vec<usize> = under.iter().map(|(_, row, _)| *row).collect();
        let sum = under
            .iter()
            .try_fold(Amount::ZERO, |s, (_, _, a)| s.checked_add(*a));
        let said = quoted(&title.text);
        let sum = sum.map_or_else(String::new, |s| format!(", Tk {s}"));
        v.batch_errors.push(format!(
            "{}: row {} reads {said}, and {} under it would be paid ({}{sum}), yet its words (\"{phrase}\") say they are not to be paid; delete those rows (and the title) if they are not to be paid, or delete or reword the title if they are, then check again",
            v.file_name,
            title.row,
            count(rows.len() as u64, "payout", "payouts"),
            list_rows(&rows),
        ));
        for (i, row, _) in under {
            flags.push((
                Loc::Payout(i),
                RowIssue::row_error(
                    row,
                    format!(
                        "is under the title on row {} ({said}), whose words (\"{phrase}\") say the rows under it are not to be paid — delete this row if it is not to be paid; if it is, delete or reword the title",
                        title.row
                    ),
                ),
            ));
        }
    }
    apply_flags(v, flags);
}

#[cfg(test)]
mod tests {
    use super::holds_back;

    #[test]
    fn titles_that_hold_rows_back_and_titles_that_do_not() {
        for (title, phrase) in [
            ("On hold - do not pay this month", Some("do not pay")),
            ("ON HOLD", Some("on hold")),
            ("Hold", Some("hold")),
            ("Don't pay (left in October)", Some("don t pay")),
            ("Cancelled payments", Some("cancelled")),
            ("Payment stopped by HR", Some("stopped")),
            ("Deferred to next month", Some("next month")),
            ("Already paid - for reference only", Some("reference only")),
            ("বাতিল", Some("বাতিল")),
            ("স্থগিত (ডিসেম্বর)", Some("স্থগিত")),
            ("Sewing", None),
            ("Finishing section", None),
            ("Pending payments", None),
            ("Resigned staff - final settlement", None),
            ("Household staff", None),
            ("Shareholders", None),
            ("Bus stop crew", None),
            ("সেলাই", None),
        ] {
            assert_eq!(holds_back(title), phrase, "{title}");
        }
    }
}
