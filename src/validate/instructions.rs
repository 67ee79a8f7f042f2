//! A row the sheet itself says not to pay is never paid without a word.
//!
//! Finance sheets carry columns that decide or record whether a row is paid
//! (`Status` = `Cancelled`, `Pay?` = `No`, `Paid` = `Yes`, a remark `HOLD -
//! do not pay`), and clerks write the same in a name (`Fatema Begum
//! (HOLD)`). Intake finds those columns by their headers
//! (`src/intake/instruction_words.rs`, [`InstructionKind`]); the words that
//! refuse a row are in `pay_words.rs` and how a cell is read against them in
//! `pay_reading.rs`; `instruction_cells.rs` reads each row's cells (ditto
//! marks, merged cells) and says why it refuses one; this file holds
//! `--pay-despite` and the notes. A refused row is an
//! invalid row (an error): it names the column and the value, and says what to
//! do: delete the row, clear the cell, or pass `--pay-despite COLUMN` to say
//! the column does not decide payment (then a note that is never suppressed
//! names the column disregarded).

use super::{CheckOptions, Validated};
use crate::intake::{InstructionColumn, InstructionKind, Layout, Note, column_letter, quoted};

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
    let statuses = read
        .iter()
        .any(|c| matches!(c.kind, InstructionKind::Status | InstructionKind::Paid));
    let read: Vec<String> = read
        .iter()
        // A payment date says how it is read itself (`records.rs`).
        .filter(|c| {
            !matches!(
                c.kind,
                InstructionKind::Note | InstructionKind::Label | InstructionKind::PaidOrPlanned
            )
        })
        .take(5)
        .map(|c| name(c))
        .collect();
    if !read.is_empty() {
        notes.push(Note::info(format!(
            "{} {} read as saying whether a row is paid: a row marked cancelled, on hold, not to pay or paid already is refused{}",
            read.join(", "),
            if read.len() == 1 { "is" } else { "are" },
            // A status's value no list knows as payable refuses its row.
            if statuses { ", and so is a row whose status payrun does not know as payable" } else { "" },
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
