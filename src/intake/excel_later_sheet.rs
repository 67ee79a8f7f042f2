//! A workbook read by default whose sheet is a draft, or beside a later
//! version of it: refused, asking for `--sheet`.
//!
//! payrun reads the first visible worksheet. When that one is named a
//! draft or an old copy (`Draft`, `Dec old`), or another visible worksheet
//! holding a payroll table is named as the later version (`Final`, `Dec
//! (revised)`, `Dec new`) or a later month (`Dec` beside the `Nov` read:
//! Excel's "Move or Copy" puts the new month last), the first visible
//! sheet is more likely the one not to pay. A note is not enough: under
//! cron nobody reads it, and the last month's payroll would be paid again.
//! A hidden later month gets a warning (`hidden_sheets.rs`); a visible one
//! is the likelier to pay, so it refuses. An explicit `--sheet` is the
//! person's choice: nothing here runs then.

use super::hidden_sheets::{head_rows, named_month, same_or_later};
use super::read_range;
use crate::fields::bengali_one_form;
use crate::intake::chunker::Chunker;
use crate::intake::{Problem, quoted};
use calamine::{Reader, SheetType, SheetVisible, Sheets};
use std::io::Cursor;

/// Words of a sheet's name that say it is not the version to pay.
const DRAFT: &[&str] = &[
    "draft",
    "old",
    "older",
    "superseded",
    "outdated",
    "obsolete",
    "previous",
    "prev",
    "backup",
    "wrong",
    "discarded",
    "খসড়া",
    "পুরাতন",
    "পুরনো",
    "পুরানো",
];

/// Words of a sheet's name that say it is the version to pay.
const LATER: &[&str] = &[
    "final",
    "revised",
    "revision",
    "new",
    "corrected",
    "correction",
    "updated",
    "latest",
    "amended",
    "চূড়ান্ত",
    "সংশোধিত",
    "নতুন",
    "হালনাগাদ",
];

/// The word of `list` that the sheet name `name` holds as a whole word.
fn word_of(name: &str, list: &'static [&'static str]) -> Option<&'static str> {
    let tokens: Vec<String> = name
        .split(|c: char| c.is_whitespace() || (c.is_ascii() && !c.is_ascii_alphanumeric()))
        .filter(|t| !t.is_empty())
        .map(|t| bengali_one_form(&t.to_lowercase()).into_owned())
        .collect();
    list.iter()
        .copied()
        .find(|w| tokens.iter().any(|t| *t == bengali_one_form(w)))
}

/// Why `other` reads as a later version of the sheet `read`, if it does:
/// a later month, or a word of [`LATER`] that `read` does not hold (and
/// no earlier month).
fn later_by_name(other: &str, read: &str) -> Option<String> {
    let months = named_month(other).zip(named_month(read));
    if let Some((o, r)) = months {
        if o != r && same_or_later(o, r) {
            return Some(format!(
                "whose name reads as a month after that of {}",
                quoted(read)
            ));
        }
        if o != r {
            return None;
        }
    }
    let word = word_of(other, LATER)?;
    word_of(read, LATER)
        .is_none()
        .then(|| format!("whose name says it is the {word} version (\"{word}\")"))
}

/// Refuses a workbook read by default whose sheet `read` is named a
/// draft or an old copy, or that shows a later version of it.
pub(super) fn refuse_later_sheet(
    book: &mut Sheets<Cursor<&[u8]>>,
    read: &str,
    sink: &Chunker<'_, '_>,
) -> Result<(), Problem> {
    if !sink.wants_payroll() {
        return Ok(());
    }
    let others: Vec<String> = book
        .sheets_metadata()
        .iter()
        .filter(|s| {
            s.name != read
                && s.visible == SheetVisible::Visible
                && matches!(s.typ, SheetType::WorkSheet)
        })
        .map(|s| s.name.clone())
        .collect();
    let pick = |names: &[&String]| {
        let mut picks: Vec<String> = names
            .iter()
            .map(|n| format!("--sheet {}", quoted(n)))
            .collect();
        picks.push(format!("--sheet {}", quoted(read)));
        picks.join(" or ")
    };
    if let Some(word) = word_of(read, DRAFT) {
        let listed: Vec<&String> = others.iter().collect();
        return Err(Problem::Sheet(format!(
            "payrun reads the first visible worksheet, {}, unless told otherwise, and its name says it is a draft or an old copy (\"{word}\"); nothing was read or paid. Pick the sheet to pay: {}",
            quoted(read),
            pick(&listed)
        )));
    }
    for other in &others {
        let Some(why) = later_by_name(other, read) else {
            continue;
        };
        let holds = match read_range(book, other) {
            Ok(range) => sink.finds_payees(&head_rows(&range)),
            // It cannot be told apart from the payroll to pay: refused too.
            Err(_) => true,
        };
        if holds {
            return Err(Problem::Sheet(format!(
                "payrun reads the first visible worksheet, {}, unless told otherwise, but the workbook also shows worksheet {}, which holds a payroll table with payees and {why}; nothing was read or paid. Pick the sheet to pay: {}",
                quoted(read),
                quoted(other),
                pick(&[other])
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_later_version_is_told_by_a_word_or_a_later_month() {
        assert!(later_by_name("Final", "Draft").is_some());
        assert!(later_by_name("Dec (revised)", "Dec").is_some());
        assert!(later_by_name("Dec new", "Dec old").is_some());
        assert!(later_by_name("Dec", "Nov").is_some());
        assert!(later_by_name("January 2027", "December 2026").is_some());
        assert!(later_by_name("নতুন", "বেতন").is_some());
        assert_eq!(later_by_name("Nov", "Dec"), None);
        assert_eq!(later_by_name("Nov final", "Dec"), None);
        assert_eq!(later_by_name("Dec final", "Dec final"), None);
        assert_eq!(later_by_name("Rates", "Dec"), None);
        assert_eq!(later_by_name("Summary", "Payroll"), None);
        assert_eq!(later_by_name("Newton", "Payroll"), None);
    }

    #[test]
    fn a_draft_is_told_by_a_word_of_its_name() {
        assert_eq!(word_of("Draft", DRAFT), Some("draft"));
        assert_eq!(word_of("Dec old", DRAFT), Some("old"));
        assert_eq!(word_of("খসড়া", DRAFT), Some("খসড়া"));
        assert_eq!(word_of("Golden", DRAFT), None);
        assert_eq!(word_of("Payroll", DRAFT), None);
    }
}
