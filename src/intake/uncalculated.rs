//! Formulas a program saved without calculating them.
//!
//! Excel and LibreOffice save every formula with its result, and payrun
//! reads that result. A program that writes a workbook (XlsxWriter,
//! rust_xlsxwriter, and others) cannot calculate: it saves each formula's
//! result as 0, or none, and sets `fullCalcOnLoad` on `<calcPr>` in
//! `xl/workbook.xml` (ECMA-376 Part 1, 18.2.2) so that Excel recalculates
//! on opening. Excel then shows 10,500 where the file holds 0, and payrun's
//! "0 is zero" left the user looking for a zero they never typed.
//!
//! So for such a workbook, the formula cells of the sheet read are counted
//! (calamine's formula layer) and a note, a limit never dropped by
//! `--quiet`, says what they are and how to get their results saved. What
//! each cell is read as does not change: a 0 is still refused as zero.

use super::excel_range::guarded;
use super::shown::column_letter;
use super::xml::{Xml, attr, local, truthy};
use calamine::{Reader, Sheets};
use quick_xml::events::Event;
use std::io::Cursor;

/// The most `xl/workbook.xml` read: a list of sheets.
const MAX_WORKBOOK_XML_BYTES: u64 = 64 * 1024 * 1024;

/// The note for worksheet `sheet` of the `.xlsx` in `bytes`, opened as
/// `book`, if the workbook asks to be recalculated and the sheet has
/// formulas.
pub(super) fn note(bytes: &[u8], book: &mut Sheets<Cursor<&[u8]>>, sheet: &str) -> Option<String> {
    if !recalculates_on_load(bytes) {
        return None;
    }
    let formulas = guarded(|| book.worksheet_formula(sheet).map_err(|e| e.to_string())).ok()?;
    let (row0, col0) = formulas.start()?;
    let mut count = 0usize;
    let mut first = None;
    for (r, row) in formulas.rows().enumerate() {
        for (c, f) in row.iter().enumerate() {
            if !f.trim().is_empty() {
                count += 1;
                first.get_or_insert((row0 as usize + r, col0 as usize + c));
            }
        }
    }
    let (r, c) = first?;
    Some(format!(
        "this workbook was written by a program that did not calculate its formulas (it asks Excel to recalculate them on opening): its {count} formula {} (the first at {}{}) hold the value the program saved, 0 or nothing, which may not be what Excel shows; open it in Excel or LibreOffice and save it, then check again",
        if count == 1 { "cell" } else { "cells" },
        column_letter(c),
        r + 1
    ))
}

/// Whether `<calcPr fullCalcOnLoad>` says the saved results are not to be
/// trusted.
fn recalculates_on_load(bytes: &[u8]) -> bool {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return false;
    };
    let Ok(part) = zip.by_name("xl/workbook.xml") else {
        return false;
    };
    let mut xml = Xml::new(part, MAX_WORKBOOK_XML_BYTES, "xl/workbook.xml");
    while let Ok(Some(event)) = xml.next() {
        if let Event::Start(e) | Event::Empty(e) = event
            && local(e.name().as_ref()) == b"calcPr"
        {
            return attr(&e, b"fullCalcOnLoad").is_some_and(|v| truthy(&v));
        }
    }
    false
}
