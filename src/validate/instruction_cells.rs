//! What a row's instruction cells say of it, and the message that refuses
//! it ([`super::instructions`] holds the values).
//!
//! A cell is read as a person reads the sheet: a ditto mark (`Do`, `"`) as
//! the value it repeats, and a cell under a merged range that spans rows
//! ("On hold" merged down over rows 5-8) as the value of the range's first
//! cell, which the file holds on that row only. A value kept under such a
//! merge, shown to nobody, is judged too: it refused its row before merges
//! were read, and still does.

use super::instructions::disregarded;
use super::pay_reading::{Says, SheetMonth, says_in, sheet_month};
use super::row::Ctx;
use super::{CheckOptions, Severity};

use crate::fields::Field;
use crate::intake::{
    Cell, CellKind, InstructionColumn, InstructionKind, RowView, is_error_text, quoted,
};

/// Ditto marks: the cell says "as above" (`"`, `〃`, `Do`, `-do-`), as
/// finance teams in Bangladesh write under a repeated status.
const DITTO: &[&str] = &["\"", "〃", "''", "do", "do.", "-do-", "ditto", "\"do\""];

/// How far up a ditto mark's value is looked for, in rows.
const MAX_DITTO_ROWS: usize = 1000;

fn is_ditto(text: &str) -> bool {
    let t = text.trim();
    DITTO.iter().any(|d| t.eq_ignore_ascii_case(d))
}

/// The fields a ditto mark is refused in: the money's way, its sum, and the
/// payout's identity. Each row's own: "as above" is for a person to copy,
/// never payrun.
const COPIED_NEVER: [Field; 4] = [
    Field::Wallet,
    Field::Provider,
    Field::Amount,
    Field::Reference,
];

/// Why a cell of `field` cannot be read: it is a ditto mark where payrun
/// reads each row's own value.
pub(super) fn copied_down(field: Field, text: &str) -> Option<String> {
    (COPIED_NEVER.contains(&field) && is_ditto(text)).then(|| {
        format!(
            "is a ditto mark (\"as above\"); payrun reads each row's own {} and never copies one down: write it on this row",
            field.key()
        )
    })
}

/// What column `col` of `row` shows: the value of a merged range's first
/// cell when one spanning rows covers it, else its own text.
fn shown_text<'a>(row: RowView<'a>, col: usize) -> &'a str {
    row.merged(col)
        .map_or_else(|| row.text(col), |m| m.cell.text)
}

/// What a ditto mark in column `col` of `row` repeats: the first cell above
/// that is no ditto mark, as shown, with its row number. `None` past
/// [`MAX_DITTO_ROWS`] or the first row this chunk of the sheet holds.
fn repeated(row: RowView<'_>, col: usize) -> Option<(usize, &str)> {
    let mut r = row;
    for _ in 0..MAX_DITTO_ROWS {
        r = r.above()?;
        let t = shown_text(r, col);
        if !is_ditto(t) {
            return Some((r.number(), t));
        }
    }
    None
}

/// The text column `col` of `row` shows, or that of the cell a ditto mark
/// there repeats (the mark itself when that cannot be seen).
pub(super) fn repeated_value(row: RowView<'_>, col: usize) -> &str {
    let text = shown_text(row, col);
    match is_ditto(text) {
        true => repeated(row, col).map_or(text, |(_, t)| t),
        false => text,
    }
}

/// What an instruction cell says of its row.
enum Judged<'a> {
    Payable,
    /// A formula error: the sheet gives no answer.
    Error,
    /// A ditto mark whose value payrun cannot see.
    Lost,
    /// A ditto mark (or a chain of them) repeating the empty cell of this
    /// row: the clerk meant a value the sheet no longer shows there.
    Blank(usize),
    /// It says so, itself or (row, text) by repeating a cell above.
    Says(Says, Option<(usize, &'a str)>),
}

fn judge<'a>(
    row: RowView<'a>,
    c: &InstructionColumn,
    cell: Cell<'a>,
    month: SheetMonth,
) -> Judged<'a> {
    // Free text: a ditto mark it cannot resolve and a formula error say
    // nothing there.
    let note = matches!(c.kind, InstructionKind::Note | InstructionKind::Label);
    let (text, from) = match is_ditto(cell.text) {
        false => (cell.text, None),
        true => match repeated(row, c.col) {
            // Even in a note: "as above" under a cleared `do not pay` must
            // not read as nothing.
            Some((n, t)) if t.trim().is_empty() => return Judged::Blank(n),
            Some((n, t)) => (t, Some((n, t))),
            None if note => return Judged::Payable,
            None => return Judged::Lost,
        },
    };
    // In a CSV saved from a spreadsheet, an error is its text (`#N/A`).
    if !note && (cell.kind == CellKind::Error || is_error_text(text.trim())) {
        return Judged::Error;
    }
    says_in(c.kind, text, month).map_or(Judged::Payable, |s| Judged::Says(s, from))
}

/// A cell that refuses its row: what it shows, the rows of the merged
/// range it shows, and why.
type Refusing<'a> = (Cell<'a>, Option<(usize, usize)>, Judged<'a>);

/// The first cell of column `c` that refuses `row`: what a merged range
/// over it shows, then its own cell when that holds something else.
fn refusing<'a>(
    row: RowView<'a>,
    c: &InstructionColumn,
    month: SheetMonth,
) -> Option<Refusing<'a>> {
    let merged = row.merged(c.col);
    let own = row
        .cell(c.col)
        .filter(|own| merged.is_none_or(|m| m.cell.text != own.text));
    merged
        .map(|m| (m.cell, Some(m.rows)))
        .into_iter()
        .chain(own.map(|own| (own, None)))
        .map(|(cell, rows)| (cell, rows, judge(row, c, cell, month)))
        .find(|(.., judged)| !matches!(judged, Judged::Payable))
}

/// Refuses the row when one of its instruction cells says not to pay it.
pub(super) fn check_instructions(cx: &mut Ctx<'_>, opts: &CheckOptions) {
    let layout = cx.layout;
    // Asked only of a remark that lifts a hold in a named month: rare.
    let month = || sheet_month(layout.above.iter().map(|a| a.text.as_str()));
    for c in &layout.instructions {
        let Some((cell, rows, judged)) = refusing(cx.row, c, &month) else {
            continue;
        };
        if disregarded(layout, c.col, opts) {
            continue;
        }
        let column = quoted(&layout.header(c.col));
        let message = message(judged, rows, &column, c.kind);
        cx.issue(Some(c.col), Some(cell.text), Severity::Error, message);
    }
}

/// Why `judged` refuses its row, and what to do, for the column headed
/// `column` (quoted) of `kind`; `rows`, the rows of the merged range it
/// shows.
fn message(
    judged: Judged<'_>,
    rows: Option<(usize, usize)>,
    column: &str,
    kind: InstructionKind,
) -> String {
    let despite = format!("pass --pay-despite {column} to say the column does not decide payment");
    let (merged, clear) = match rows {
        Some((r0, r1)) => (
            format!("(merged over rows {r0}-{r1}) "),
            "unmerge the cell and clear it on this row",
        ),
        // A name or a reference is kept: only the words that hold it back go.
        None if kind == InstructionKind::Label => {
            (String::new(), "write the name or reference alone")
        }
        None => (String::new(), "clear the cell"),
    };
    let why = match judged {
        // A lookup that found nothing (`#N/A`) says neither "pay" nor
        // "do not pay": the person checking the sheet saw no answer.
        Judged::Error => format!(
            "is a formula error, so the sheet does not say whether this row is to be paid; fix the formula (or clear the cell), or {despite}"
        ),
        Judged::Lost => format!(
            "is a ditto mark (\"as above\"), and payrun cannot see the value it repeats; write the value itself, or {despite}"
        ),
        Judged::Blank(row) => format!(
            "is a ditto mark (\"as above\"), but the cell it repeats, on row {row}, is empty, so the sheet does not say what it meant here; write the value itself (or clear the mark if the row is to be paid), or {despite}"
        ),
        Judged::Says(said, from) => {
            let repeats = from.map_or(String::new(), |(row, text)| {
                format!("repeats {} of row {row}, which ", quoted(text))
            });
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
                Says::Unknown => {
                    let payable = super::payable::PAYABLE_SHOWN;
                    return format!(
                        "{merged}{repeats}is a value payrun does not know, so it cannot tell whether this row is to be paid; if it is, write one of {payable} or leave the cell empty; if it is not, delete the row; or {despite}"
                    );
                }
            };
            format!(
                "{repeats}{what}; delete the row if {delete_if}; if {keep_if}, {clear}, or {despite}"
            )
        }
        Judged::Payable => String::new(),
    };
    format!("{merged}{why}")
}
