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
//! (by the hidden-row scan, which reads every cell tag anyway) and a note, a limit never dropped by
//! `--quiet`, says what they are and how to get their results saved. What
//! each cell is read as does not change: a 0 is still refused as zero.

use super::shown::column_letter;
use super::xml::{Tag, Xml, attr, local, truthy};
use std::io::Cursor;

/// The most `xl/workbook.xml` read: a list of sheets.
const MAX_WORKBOOK_XML_BYTES: u64 = 64 * 1024 * 1024;

/// The formula cells of a worksheet, counted by the hidden-row scan as it
/// reads the sheet (no second pass), when the workbook asks to be
/// recalculated on loading.
#[derive(Debug, Default)]
pub(super) struct FormulaCount {
    on: bool,
    /// The current cell's reference as written, kept until the first
    /// formula is found (one buffer: no allocation per cell).
    cell_ref: Vec<u8>,
    count: usize,
    first: Option<(usize, usize)>,
}

impl FormulaCount {
    /// Counting, if the workbook in `bytes` asks to be recalculated.
    pub(super) fn for_workbook(bytes: &[u8]) -> FormulaCount {
        FormulaCount {
            on: recalculates_on_load(bytes),
            ..FormulaCount::default()
        }
    }

    /// A `<c>` starts.
    pub(super) fn cell(&mut self, e: &quick_xml::events::BytesStart<'_>) {
        if !self.on || self.first.is_some() {
            return;
        }
        self.cell_ref.clear();
        let mut attrs = e.attributes();
        attrs.with_checks(false);
        if let Some(r) = attrs.flatten().find(|a| local(a.key.as_ref()) == b"r") {
            self.cell_ref.extend_from_slice(&r.value);
        }
    }

    /// An `<f>` in row `row` (as seen).
    pub(super) fn formula(&mut self, row: usize) {
        if !self.on {
            return;
        }
        self.count += 1;
        if self.first.is_none() {
            let at = std::str::from_utf8(&self.cell_ref)
                .ok()
                .and_then(super::merged::cell);
            self.first = Some(at.unwrap_or((row, 0)));
        }
    }

    /// The note, if the workbook asks to be recalculated and the sheet has
    /// formulas.
    pub(super) fn note(&self) -> Option<String> {
        let (r, c) = self.first?;
        let count = self.count;
        Some(format!(
            "this workbook was written by a program that did not calculate its formulas (it asks Excel to recalculate them on opening): its {count} formula {} (the first at {}{r}) hold the value the program saved, 0 or nothing, which may not be what Excel shows; open it in Excel or LibreOffice and save it, then check again",
            if count == 1 { "cell" } else { "cells" },
            column_letter(c),
        ))
    }
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
    while let Ok(Some(tag)) = xml.next_tag() {
        if let Tag::Open { e, .. } = tag
            && local(e.name().as_ref()) == b"calcPr"
        {
            return attr(&e, b"fullCalcOnLoad").is_some_and(|v| truthy(&v));
        }
    }
    false
}
