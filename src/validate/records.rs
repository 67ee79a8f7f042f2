//! Columns that record a payment made, and payment dates that may be the
//! plan or such a record.
//!
//! A record (`Paid On`, `Date Paid`, `Sent On`, `TrxID`, `Transaction ID`,
//! `Payment Ref`: [`InstructionKind::Record`]) says the row was paid by
//! holding anything: a date (a date cell as much as text), a transaction id,
//! a note of how. Only an explicit no (`No`, `Not paid`, `Pending`, `N/A`),
//! a dash or other punctuation, a zero, or the date a zero is shown as
//! (`1899-12-30`: a lookup that found no payment, `=IFERROR(...;0)` in a
//! date cell) leaves the row payable. A long cell is never read as a no.
//!
//! A `Payment Date` or `Pay Date` ([`InstructionKind::PaidOrPlanned`]) is as
//! often the date planned for the whole run as the date each row was paid,
//! so it is judged over the column, among the rows otherwise payable: the
//! same value on every one of them is the plan (a note says so); anything
//! else (some rows dated and some blank, or different dates) is read as a
//! record, and every dated row is refused as paid already. Refusing a row
//! meant to be paid costs a re-check; paying a paid row again costs money.
//! `--pay-despite COLUMN` says the dates are planned ones.

use super::batch::{Loc, apply_flags};
use super::instruction_cells::repeated_value;
use super::instructions::disregarded;
use super::pay_reading::{NO, NO_MARKS, NOT_YET, folded};
use super::types::{RowIssue, Severity, ValidRow, list_rows, shown_value};
use super::{CheckOptions, Validated};
use crate::intake::{InstructionKind, Layout, Note, RowTable, column_letter, quoted};

/// What a record holds when no payment was made, besides a no or a "not
/// yet" ([`NO`], [`NOT_YET`]), as the whole cell or leading it.
const NOT_MADE: &[&str] = &[
    "none",
    "nil",
    "null",
    "unpaid",
    "not paid",
    "not sent",
    "not transferred",
    "not disbursed",
    "not applicable",
    "due",
    "tbd",
    "na",
];

/// How a zero in a date cell reads: day 0 of LibreOffice and Excel
/// (`1899-12-30`, shown `1900-01-00`), and of Gnumeric's .ods, which
/// counts Excel's 1900-02-29 (`1899-12-31`); in a workbook of the 1904
/// date system, `1904-01-01`.
const ZERO_DATES: &[&str] = &["1899-12-30", "1899-12-31", "1900-01-00", "1904-01-01"];

/// Whether a record's cell (`raw`, trimmed and not empty; `f` folded) says
/// a payment was made: anything but an explicit no, a dash or a zero.
pub(super) fn recorded(raw: &str, f: &str) -> bool {
    let t = f.trim();
    let leads = |list: &[&str]| {
        list.iter().any(|v| {
            t.strip_prefix(v)
                .is_some_and(|r| r.is_empty() || r.starts_with(' '))
        })
    };
    let nothing = t.chars().all(|c| c == '0' || c == ' ');
    let no = NO.contains(&t) || leads(NOT_YET) || leads(NOT_MADE);
    let mark = NO_MARKS.iter().any(|m| raw.starts_with(m));
    !(nothing || no || mark || ZERO_DATES.iter().any(|z| raw.starts_with(z)))
}

/// Whether a payment-date cell (trimmed; a ditto mark is the value it
/// repeats) holds a date, or anything else but a no, a dash or a zero.
fn dated(raw: &str) -> bool {
    !raw.is_empty() && recorded(raw, &folded(raw))
}

/// The first payable row of a payment-date column: its number, its cell as
/// written (trimmed), and whether that is a date. A row whose cell is
/// written the same is not folded again: the plan is one date on a million
/// rows.
struct First {
    row: usize,
    raw: String,
    dated: bool,
}

impl First {
    fn value(&self) -> Option<&str> {
        self.dated.then_some(self.raw.as_str())
    }
}

/// One payment-date column as the rows otherwise payable fill it.
struct Track {
    col: usize,
    first: Option<First>,
    /// Payable rows whose value is not the first one's, in sheet order.
    others: Vec<(usize, Option<Box<str>>)>,
}

/// The payment-date columns of a sheet, followed chunk by chunk.
#[derive(Default)]
pub(super) struct PaymentDates {
    tracks: Option<Vec<Track>>,
}

impl PaymentDates {
    /// Reads the payment-date cells of a chunk's payable rows (`valid`, in
    /// sheet order, among `rows`). Nothing for a sheet without such a column.
    pub(super) fn observe(&mut self, layout: &Layout, rows: &RowTable, valid: &[ValidRow]) {
        let tracks = self.tracks.get_or_insert_with(|| {
            layout
                .instructions
                .iter()
                .filter(|c| c.kind == InstructionKind::PaidOrPlanned)
                .map(|c| Track {
                    col: c.col,
                    first: None,
                    others: Vec::new(),
                })
                .collect()
        });
        for t in tracks.iter_mut() {
            let mut valid = valid.iter().map(|v| v.row).peekable();
            for i in 0..rows.len() {
                let Some(number) = rows.row(i).map(|r| r.number()) else {
                    continue;
                };
                while valid.next_if(|&v| v < number).is_some() {}
                if valid.next_if_eq(&number).is_none() {
                    continue;
                }
                let raw = rows.row(i).map_or("", |r| repeated_value(r, t.col).trim());
                match &t.first {
                    None => {
                        t.first = Some(First {
                            row: number,
                            raw: raw.to_string(),
                            dated: dated(raw),
                        })
                    }
                    Some(f) if f.raw == raw => {}
                    Some(f) => {
                        let value = dated(raw).then_some(raw);
                        if value != f.value() {
                            t.others.push((number, value.map(Box::from)));
                        }
                    }
                }
            }
        }
    }

    /// Whether a column reads as a record, so that rows may be refused: a
    /// counted check must then keep its rows.
    pub(super) fn any_record(&self) -> bool {
        self.tracks.iter().flatten().any(|t| !t.others.is_empty())
    }

    /// Notes each column's reading, and refuses the dated rows of a column
    /// that reads as a record.
    pub(super) fn judge(self, v: &mut Validated, opts: &CheckOptions) {
        for t in self.tracks.into_iter().flatten() {
            let layout = &v.sheet.layout;
            if disregarded(layout, t.col, opts) {
                continue;
            }
            let header = quoted(&layout.header(t.col));
            let name = format!("column {} {header}", column_letter(t.col));
            let Some(first) = &t.first else {
                continue;
            };
            if t.others.is_empty() {
                if let Some(date) = first.value() {
                    v.sheet.notes.push(Note::info(format!(
                        "{name} holds {date} on every row paid, so it is read as the date planned for this run; a date on some rows only would be read as payments made, and those rows refused"
                    )));
                }
                continue;
            }
            let why = why_a_record(first.row, first.value(), &t.others);
            v.sheet.notes.push(Note::info(format!(
                "{name} is read as a record of payments made, because {why}: a row with a date there is refused as paid already"
            )));
            refuse_dated(v, &t, &header, &why);
        }
    }
}

/// Why a column with `others` besides the first value is no plan: the
/// rows it leaves blank, or two of its dates.
fn why_a_record(
    first_row: usize,
    first: Option<&str>,
    others: &[(usize, Option<Box<str>>)],
) -> String {
    let mut blank: Vec<usize> = others
        .iter()
        .filter(|(_, v)| v.is_none())
        .map(|(r, _)| *r)
        .collect();
    if first.is_none() {
        blank.insert(0, first_row);
    }
    if !blank.is_empty() {
        return format!("it is blank on {}", list_rows(&blank));
    }
    let (row, other) = others
        .first()
        .map_or((0, ""), |(r, v)| (*r, v.as_deref().unwrap_or("")));
    format!(
        "it holds different dates on different rows ({} on row {first_row}, {} on row {row})",
        quoted(first.unwrap_or("")),
        quoted(other)
    )
}

/// Moves every payout whose cell in the column holds a value to the
/// invalid rows, naming the value.
fn refuse_dated(v: &mut Validated, t: &Track, header: &str, why: &str) {
    let column = v.sheet.layout.header(t.col);
    let first = t.first.as_ref().and_then(First::value);
    let mut flags = Vec::new();
    for (i, p) in v.payouts.iter().enumerate() {
        let value = match t.others.binary_search_by_key(&p.row, |(r, _)| *r) {
            Ok(k) => t.others.get(k).and_then(|(_, v)| v.as_deref()),
            Err(_) => first,
        };
        let Some(value) = value else { continue };
        let message = format!(
            "says this row was paid already ({header} {why}, so a date there is read as a payment made), and paying it again would pay twice; delete the row if it was paid; if it was not, clear the cell, or, if the column holds the dates planned for this run, pass --pay-despite {header}"
        );
        flags.push((
            Loc::Payout(i),
            RowIssue {
                row: p.row,
                column: Some(column.clone()),
                value: Some(shown_value(value)),
                severity: Severity::Error,
                message,
                spaces_named: false,
            },
        ));
    }
    apply_flags(v, flags);
}

#[cfg(test)]
#[path = "records_tests.rs"]
mod tests;
