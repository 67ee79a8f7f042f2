//! The notes, never suppressed, for the hidden worksheets of a workbook read
//! by default, wherever they sit: a lead who left November showing and hid
//! the new December sheet by mistake gets November paid unless told. A
//! hidden sheet that looks like the month to pay, by its name or by the
//! payroll table it holds, is a warning rather than a plain note.
//!
//! Apart from [`super::choose`], which picks the sheet: this only tells the
//! user what was not read, and never changes what is.

use super::read_range;
use crate::fields::bengali_one_form;
use crate::intake::chunker::Chunker;
use crate::intake::excel_cells::render;
use crate::intake::{HEADER_SEARCH_ROWS, RowTable, quoted};
use calamine::{Reader, SheetType, SheetVisible, Sheets};
use std::io::Cursor;

/// Month names in English (full and short) and in Bengali, January first.
const MONTHS: [&[&str]; 12] = [
    &["january", "jan", "জানুয়ারি", "জানুয়ারী"],
    &["february", "feb", "ফেব্রুয়ারি", "ফেব্রুয়ারী"],
    &["march", "mar", "মার্চ"],
    &["april", "apr", "এপ্রিল"],
    &["may", "মে"],
    &["june", "jun", "জুন"],
    &["july", "jul", "জুলাই"],
    &["august", "aug", "আগস্ট", "আগষ্ট"],
    &["september", "sep", "sept", "সেপ্টেম্বর"],
    &["october", "oct", "অক্টোবর"],
    &["november", "nov", "নভেম্বর"],
    &["december", "dec", "ডিসেম্বর"],
];

/// A month a sheet's name speaks of: `December`, `Dec-26`, `2026-12`,
/// `ডিসেম্বর ২০২৬` is not read for its Bengali digits (the month is).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct NamedMonth {
    year: Option<i32>,
    /// 1 to 12.
    month: u32,
}

/// The month a sheet's name speaks of, if it names one.
pub(super) fn named_month(name: &str) -> Option<NamedMonth> {
    let tokens: Vec<String> = name
        .split(|c: char| c.is_whitespace() || (c.is_ascii() && !c.is_ascii_alphanumeric()))
        .filter(|t| !t.is_empty())
        .map(|t| bengali_one_form(&t.to_lowercase()).into_owned())
        .collect();
    let year_at = tokens.iter().position(|t| full_year(t).is_some());
    let year = year_at.and_then(|i| full_year(&tokens[i]));
    let word = tokens.iter().enumerate().find_map(|(i, t)| {
        MONTHS
            .iter()
            .position(|names| names.iter().any(|n| bengali_one_form(n) == t.as_str()))
            .map(|m| (i, m as u32 + 1))
    });
    match (word, year_at) {
        (Some((i, month)), _) => {
            // `Dec-26`: a two-digit year right after the month's name.
            let short = tokens.get(i + 1).and_then(|t| two_digit_year(t));
            Some(NamedMonth {
                year: year.or(short),
                month,
            })
        }
        (None, Some(i)) => {
            // `2026-12` or `12-2026`: the number beside the year.
            let beside = [i.checked_add(1), i.checked_sub(1)];
            let month = beside
                .into_iter()
                .flatten()
                .filter_map(|j| tokens.get(j))
                .find_map(|t| month_number(t))?;
            Some(NamedMonth { year, month })
        }
        (None, None) => None,
    }
}

fn full_year(t: &str) -> Option<i32> {
    let y: i32 = (t.len() == 4).then(|| t.parse().ok()).flatten()?;
    (1990..=2099).contains(&y).then_some(y)
}

fn two_digit_year(t: &str) -> Option<i32> {
    let y: i32 = (t.len() == 2).then(|| t.parse().ok()).flatten()?;
    Some(2000 + y)
}

fn month_number(t: &str) -> Option<u32> {
    let m: u32 = (t.len() <= 2).then(|| t.parse().ok()).flatten()?;
    (1..=12).contains(&m).then_some(m)
}

/// Whether `hidden` is the month of `read` or one after it: with both
/// years, by the calendar; without, up to six months on, so that a hidden
/// January after a December read counts and a hidden October does not.
pub(super) fn same_or_later(hidden: NamedMonth, read: NamedMonth) -> bool {
    match (hidden.year, read.year) {
        (Some(hy), Some(ry)) => (hy, hidden.month) >= (ry, read.month),
        _ => (hidden.month + 12 - read.month) % 12 <= 6,
    }
}

/// One note for each hidden or very hidden worksheet of the workbook (the
/// sheet `read` aside), in the workbook's order; a warning, naming why, for
/// one that names the month read or a later one, or that holds a payroll
/// table and names no earlier month.
pub(super) fn notes(
    book: &mut Sheets<Cursor<&[u8]>>,
    read: &str,
    sink: &Chunker<'_, '_>,
) -> Vec<String> {
    let hidden: Vec<String> = book
        .sheets_metadata()
        .iter()
        .filter(|s| {
            s.name != read
                && s.visible != SheetVisible::Visible
                && matches!(s.typ, SheetType::WorkSheet)
        })
        .map(|s| s.name.clone())
        .collect();
    let read_month = named_month(read);
    let mut notes = Vec::with_capacity(hidden.len());
    for name in hidden {
        let month = named_month(&name);
        let later = month
            .zip(read_month)
            .is_some_and(|(h, r)| same_or_later(h, r));
        let earlier = month
            .zip(read_month)
            .is_some_and(|(h, r)| !same_or_later(h, r));
        let why = if later {
            Some(format!(
                "its name reads as the month of {} or a later one",
                quoted(read)
            ))
        } else if !earlier && sink.wants_payroll() {
            payroll_in(book, &name, sink)
        } else {
            None
        };
        notes.push(match why {
            Some(why) => format!(
                "warning: did not read hidden sheet {name_q}, and {why}; read {read_q}, the first visible sheet. If {name_q} is the one to pay, unhide it or pick it with --sheet {name_q}",
                name_q = quoted(&name),
                read_q = quoted(read)
            ),
            None => format!(
                "skipped hidden sheet {}; read {} (pick another with --sheet NAME)",
                quoted(&name),
                quoted(read)
            ),
        });
    }
    notes
}

/// Why worksheet `name` may be the payroll: a payroll table in its first
/// rows, as the sheet read would be searched, or no way to tell, when it
/// cannot be read.
fn payroll_in(
    book: &mut Sheets<Cursor<&[u8]>>,
    name: &str,
    sink: &Chunker<'_, '_>,
) -> Option<String> {
    match read_range(book, name) {
        Ok(range) => sink
            .finds_payroll(&head_rows(&range))
            .then(|| "it holds a payroll table".to_string()),
        Err(e) => Some(format!(
            "payrun cannot read it to tell whether it holds a payroll table ({e})"
        )),
    }
}

/// The first rows of a worksheet as the header search reads them.
pub(super) fn head_rows(range: &calamine::Range<calamine::Data>) -> Vec<(usize, Vec<String>)> {
    let (row0, _) = range.start().unwrap_or((0, 0));
    let mut head = RowTable::new();
    let mut buf = String::new();
    for (i, row) in range.rows().enumerate() {
        if head.len() >= HEADER_SEARCH_ROWS {
            break;
        }
        head.begin_row(row0 as usize + i + 1);
        for cell in row {
            let kind = render(cell, &mut buf);
            head.push_cell(&buf, kind);
        }
    }
    head.end_row();
    head.head_rows()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(year: Option<i32>, month: u32) -> Option<NamedMonth> {
        Some(NamedMonth { year, month })
    }

    #[test]
    fn a_sheet_name_is_read_for_the_month_it_names() {
        assert_eq!(named_month("December"), m(None, 12));
        assert_eq!(named_month("Payroll Dec-26"), m(Some(2026), 12));
        assert_eq!(named_month("November 2026"), m(Some(2026), 11));
        assert_eq!(named_month("2027-01"), m(Some(2027), 1));
        assert_eq!(named_month("01.2027"), m(Some(2027), 1));
        assert_eq!(named_month("জানুয়ারি"), m(None, 1));
        assert_eq!(named_month("Rates"), None);
        assert_eq!(named_month("Mayor"), None);
        assert_eq!(named_month("Sheet2"), None);
    }

    #[test]
    fn later_is_by_the_calendar_with_years_and_six_months_on_without() {
        let dec = NamedMonth {
            year: None,
            month: 12,
        };
        let jan = NamedMonth {
            year: None,
            month: 1,
        };
        let oct = NamedMonth {
            year: None,
            month: 10,
        };
        assert!(same_or_later(jan, dec));
        assert!(same_or_later(dec, dec));
        assert!(!same_or_later(oct, dec));
        let y = |year, month| NamedMonth {
            year: Some(year),
            month,
        };
        assert!(same_or_later(y(2027, 1), y(2026, 12)));
        assert!(!same_or_later(y(2026, 1), y(2026, 12)));
    }
}
