//! Which worksheet of a workbook is read: the one `--sheet` names, else
//! the first visible worksheet, the one a person sees first; the notes
//! that say what was skipped; and the refusal when the workbook opens on
//! another sheet that holds a payroll table too.
//!
//! Separate from [`super`], which reads the sheet chosen: choosing it is a
//! rule of its own, about what a person meant, not about the file.

use super::read_range;
use crate::intake::chunker::Chunker;
use crate::intake::{Problem, quoted};
use calamine::{Reader, Sheet, SheetType, SheetVisible, Sheets};
use std::io::Cursor;

/// The worksheet to read and what choosing it means for the user.
pub(super) struct Chosen {
    pub(super) name: String,
    /// Its place in calamine's list of sheets (the last of that name, as
    /// calamine keeps the last).
    pub(super) index: usize,
    pub(super) notes: Vec<String>,
    pub(super) others: Vec<String>,
}

pub(super) fn choose_sheet(
    book: &Sheets<Cursor<&[u8]>>,
    wanted: Option<&str>,
    opens_on: Option<&str>,
) -> Result<Chosen, Problem> {
    let sheets = book.sheets_metadata();
    let mut notes = Vec::new();
    let name = match wanted {
        Some(w) => named(sheets, w)?,
        None => first_visible(sheets, opens_on, &mut notes)?,
    };
    let others = match wanted {
        None => sheets
            .iter()
            .filter(|s| s.name != name && matches!(s.typ, SheetType::WorkSheet))
            .map(|s| s.name.clone())
            .collect(),
        Some(_) => Vec::new(),
    };
    let index = sheets.iter().rposition(|s| s.name == name).unwrap_or(0);
    Ok(Chosen {
        name,
        index,
        notes,
        others,
    })
}

/// The sheet `--sheet` names: as written, else the one of that name but
/// for case and spaces around it.
fn named(sheets: &[Sheet], w: &str) -> Result<String, Problem> {
    sheets
        .iter()
        .find(|s| s.name == w)
        .or_else(|| {
            sheets
                .iter()
                .find(|s| s.name.trim().eq_ignore_ascii_case(w.trim()))
        })
        .map(|s| s.name.clone())
        .ok_or_else(|| {
            let names: Vec<String> = sheets.iter().map(|s| quoted(&s.name)).collect();
            Problem::Sheet(format!(
                "no worksheet named {}; the workbook has {}",
                quoted(w),
                if names.is_empty() {
                    "none".to_string()
                } else {
                    names.join(", ")
                }
            ))
        })
}

/// The first visible worksheet, with a note for each chart or dialog sheet
/// skipped before it and for the one the workbook opens on, when that is
/// another.
fn first_visible(
    sheets: &[Sheet],
    opens_on: Option<&str>,
    notes: &mut Vec<String>,
) -> Result<String, Problem> {
    let visible = sheets
        .iter()
        .find(|s| s.visible == SheetVisible::Visible && matches!(s.typ, SheetType::WorkSheet));
    let chosen = visible
        .or_else(|| sheets.first())
        .ok_or_else(|| Problem::Unreadable("the workbook has no worksheets".into()))?;
    // Hidden worksheets, before it or after, are named by
    // `hidden_sheets::notes`; here the charts and dialogs skipped before it.
    for s in sheets.iter().take_while(|s| s.name != chosen.name) {
        if s.visible == SheetVisible::Visible && !matches!(s.typ, SheetType::WorkSheet) {
            notes.push(format!(
                "skipped non-worksheet sheet {}; read {} (pick another with --sheet NAME)",
                quoted(&s.name),
                quoted(&chosen.name)
            ));
        }
    }
    notes.extend(crate::intake::opens_on::not_read(
        sheets,
        &chosen.name,
        opens_on,
    ));
    Ok(chosen.name.clone())
}

/// Refuses a workbook read by default whose open sheet (the tab its author
/// last looked at) is another visible worksheet holding a payroll table:
/// a lead who saved on "November" with "October" first would otherwise get
/// October paid again, and under cron nobody reads a note. An open sheet
/// with no payroll table (a Summary, Instructions) changes nothing; one
/// that cannot be read refuses too, as it cannot be told apart.
pub(super) fn refuse_open_payroll(
    book: &mut Sheets<Cursor<&[u8]>>,
    read: &str,
    opens_on: Option<&str>,
    sink: &Chunker<'_, '_>,
) -> Result<(), Problem> {
    let Some(open) = opens_on.filter(|n| *n != read) else {
        return Ok(());
    };
    let shown = book.sheets_metadata().iter().any(|s| {
        s.name == open
            && s.visible == SheetVisible::Visible
            && matches!(s.typ, SheetType::WorkSheet)
    });
    if !shown || !sink.wants_payroll() {
        return Ok(());
    }
    let range = read_range(book, open).map_err(|e| {
        Problem::Sheet(format!(
            "the workbook opens on worksheet {}, which payrun cannot read to tell whether it holds the payroll ({e}); pick the sheet to pay with --sheet {}",
            quoted(open),
            quoted(read)
        ))
    })?;
    match sink.finds_payroll(&super::hidden_sheets::head_rows(&range)) {
        false => Ok(()),
        true => Err(Problem::Sheet(format!(
            "the workbook opens on worksheet {open}, which holds a payroll table, but payrun reads the first visible worksheet, {read}, unless told otherwise; nothing was read or paid. Pick the sheet to pay: --sheet {open} or --sheet {read}",
            open = quoted(open),
            read = quoted(read)
        ))),
    }
}
