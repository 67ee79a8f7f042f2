//! Amounts and wallets read from another workbook (an external link).
//!
//! A cell `=[1]Sheet1!B2` holds the value the linked file had when this one
//! was last saved. Excel asks "Update links?" on opening; an approver who
//! clicks Update sees the linked file's figures now, which payrun does not
//! read. So a warning, never suppressed, names the cells of the amount or
//! wallet column that read another workbook and the file each reads, and
//! says the values are as of the last save. Intake finds them
//! (`intake/external_links.rs`, `.xlsx` and `.ods`).

use super::Validated;
use super::types::list_rows;
use crate::fields::Field;
use crate::intake::{Note, quoted};

/// Adds the warning for the amount and wallet cells that read another
/// workbook, one per linked file.
pub(super) fn note_linked(v: &mut Validated) {
    let layout = &v.sheet.layout;
    let mut notes: Vec<Note> = Vec::new();
    for field in [Field::Amount, Field::Wallet] {
        let Some(col) = layout.columns.get(field) else {
            continue;
        };
        let mut files: Vec<(&str, Vec<usize>)> = Vec::new();
        for c in v.sheet.hidden.linked() {
            if c.col != col || c.row <= layout.header_row {
                continue;
            }
            match files.iter_mut().find(|(f, _)| *f == c.file) {
                Some((_, rows)) => rows.push(c.row),
                None => files.push((&c.file, vec![c.row])),
            }
        }
        for (file, rows) in files {
            notes.push(Note::limit(format!(
                "warning: {}, column {}: {} {} ({}) read another workbook, {}: payrun reads the values saved with this file, as of its last save, and the linked file may say otherwise now (Excel asks \"Update links?\" on opening). Open both, update the links, save, and check again; or replace the formulas with their values (Paste Special > Values)",
                v.file_name,
                quoted(&layout.header(col)),
                rows.len(),
                if rows.len() == 1 { "cell" } else { "cells" },
                list_rows(&rows),
                quoted(file)
            )));
        }
    }
    v.sheet.notes.extend(notes);
}
