//! A row the sheet itself says not to pay is never paid without a word.
//!
//! Finance sheets carry columns that decide or record whether a row is paid
//! (`Status` = `Cancelled`, `Pay?` = `No`, `Paid` = `Yes`, a remark `HOLD -
//! do not pay`), and clerks write the same in a name (`Fatema Begum
//! (HOLD)`). Intake finds those columns by their headers
//! (`src/intake/instruction_words.rs`, [`InstructionKind`]); the words that
//! refuse a row are in `pay_words.rs` and how a cell is read against them in
//! `pay_reading.rs`; this file holds the judgement. A refused row is an
//! invalid row (an error): it names the column and the value, and says what to
//! do: delete the row, clear the cell, or pass `--pay-despite COLUMN` to say
//! the column does not decide payment (then a note that is never suppressed
//! names the column disregarded).

use super::pay_reading::{Says, says};
use super::row::Ctx;
use super::{CheckOptions, Severity, Validated};
use crate::intake::{
    Cell, CellKind, InstructionColumn, InstructionKind, Layout, Note, RowView, column_letter,
    is_error_text, quoted,
};

/// Whether `--pay-despite NAME` names the column headed `header`: as
/// written, or folded (`pay?` for `Pay?`).
fn named(name: &str, header: &str) -> bool {
    let (n, h) = (name.trim(), header.trim());
    n.eq_ignore_ascii_case(h) || {
        let f = crate::fields::fold(n);
        !f.is_empty() && f == crate::fields::fold(h)
    }
}

fn disregarded(layout: &Layout, c: &InstructionColumn, opts: &CheckOptions) -> bool {
    !opts.pay_despite.is_empty() && {
        let header = layout.header(c.col);
        opts.pay_despite.iter().any(|n| named(n, &header))
    }
}

/// Ditto marks: the cell says "as above" (`"`, `〃`, `Do`, `-do-`), as
/// finance teams in Bangladesh write under a repeated status.
const DITTO: &[&str] = &["\"", "〃", "''", "do", "do.", "-do-", "ditto", "\"do\""];

/// How far up a ditto mark's value is looked for, in rows.
const MAX_DITTO_ROWS: usize = 1000;

fn is_ditto(text: &str) -> bool {
    let t = text.trim();
    DITTO.iter().any(|d| t.eq_ignore_ascii_case(d))
}

/// What a ditto mark in column `col` of `row` repeats: the first cell above
/// that is no ditto mark, with its row number. `None` past
/// [`MAX_DITTO_ROWS`] or the first row this chunk of the sheet holds.
fn repeated(row: RowView<'_>, col: usize) -> Option<(usize, &str)> {
    let mut r = row;
    for _ in 0..MAX_DITTO_ROWS {
        r = r.above()?;
        let t = r.text(col);
        if !is_ditto(t) {
            return Some((r.number(), t));
        }
    }
    None
}

/// What an instruction cell says of its row.
enum Judged<'a> {
    Payable,
    /// A formula error: the sheet gives no answer.
    Error,
    /// A ditto mark whose value payrun cannot see.
    Lost,
    /// It says so, itself or (row, text) by repeating a cell above.
    Says(Says, Option<(usize, &'a str)>),
}

fn judge<'a>(row: RowView<'a>, c: &InstructionColumn, cell: Cell<'a>) -> Judged<'a> {
    // Free text: a ditto mark it cannot resolve and a formula error say
    // nothing there.
    let note = matches!(c.kind, InstructionKind::Note | InstructionKind::Label);
    let (text, from) = match is_ditto(cell.text) {
        false => (cell.text, None),
        true => match repeated(row, c.col) {
            Some((n, t)) => (t, Some((n, t))),
            None if note => return Judged::Payable,
            None => return Judged::Lost,
        },
    };
    // In a CSV saved from a spreadsheet, an error is its text (`#N/A`).
    if !note && (cell.kind == CellKind::Error || is_error_text(text.trim())) {
        return Judged::Error;
    }
    says(c.kind, text).map_or(Judged::Payable, |s| Judged::Says(s, from))
}

/// Refuses the row when one of its instruction cells says not to pay it.
pub(super) fn check_instructions(cx: &mut Ctx<'_>, opts: &CheckOptions) {
    let layout = cx.layout;
    for c in &layout.instructions {
        let Some(cell) = cx.row.cell(c.col) else {
            continue;
        };
        let judged = judge(cx.row, c, cell);
        if matches!(judged, Judged::Payable) || disregarded(layout, c, opts) {
            continue;
        }
        let column = quoted(&layout.header(c.col));
        let despite =
            format!("pass --pay-despite {column} to say the column does not decide payment");
        let message = match judged {
            Judged::Payable => continue,
            // A lookup that found nothing (`#N/A`) says neither "pay" nor
            // "do not pay": the person checking the sheet saw no answer.
            Judged::Error => format!(
                "is a formula error, so the sheet does not say whether this row is to be paid; fix the formula (or clear the cell), or {despite}"
            ),
            Judged::Lost => format!(
                "is a ditto mark (\"as above\"), and payrun cannot see the value it repeats; write the value itself, or {despite}"
            ),
            Judged::Says(said, from) => {
                let clear = match c.kind {
                    InstructionKind::Label => "write the name or reference alone",
                    _ => "clear the cell",
                };
                let (what, delete_if, keep_if) = match said {
                    Says::DoNotPay => (
                        "says this row is not to be paid",
                        "it is not to be paid",
                        "it is",
                    ),
                    Says::PaidAlready => (
                        "says this row was paid already, and paying it again would pay twice",
                        "it was paid",
                        "it was not",
                    ),
                };
                let repeats = from.map_or(String::new(), |(row, text)| {
                    format!("repeats {} of row {row}, which ", quoted(text))
                });
                format!(
                    "{repeats}{what}; delete the row if {delete_if}; if {keep_if}, {clear}, or {despite}"
                )
            }
        };
        cx.issue(Some(c.col), Some(cell.text), Severity::Error, message);
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
        .partition(|c| disregarded(layout, c, opts));
    for c in &skipped {
        notes.push(Note::limit(format!(
            "{} is not read as an instruction, because --pay-despite {} says it does not decide payment: its rows are paid whatever it says",
            name(c),
            quoted(&layout.header(c.col)),
        )));
    }
    let read: Vec<String> = read
        .iter()
        .filter(|c| !matches!(c.kind, InstructionKind::Note | InstructionKind::Label))
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
