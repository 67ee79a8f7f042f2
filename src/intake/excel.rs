//! Workbook intake through calamine: `.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`.
//!
//! Formulas are read as their cached values; a cached error (`#REF!`) stays an
//! error cell for the validator to name. Dates are kept as dates so that they
//! are never taken for wallet ids. The default sheet is the first *visible*
//! one, because that is the one a person sees first when opening the file.
//!
//! Before calamine sees a file, its content must be what its name says
//! (`sniff`), and it must fit what payrun reads (`zip_guard`, `ods_guard`,
//! `xls`). After, payrun reads what calamine does not report: hidden rows and
//! columns, and `.ods` error and boolean cells (`ods_scan`).

use super::chunker::Chunker;
use super::excel_cells::{render, render_fix};
use super::excel_range::{guarded, range_too_wide, sheet_range};
use super::merged::MergedValues;
use super::ods_scan::Fix;
use super::sniff::{self, Content};
use super::table::CellKind;
use super::{HiddenParts, IntakeError, Problem, hex, quoted};
use calamine::{Data, Range, Reader, Sheets};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::Cursor;

// Which sheet is read; what payrun reads of it itself.
#[path = "excel_choose.rs"]
mod choose;
#[path = "excel_hidden_sheets.rs"]
mod hidden_sheets;
#[path = "excel_inside.rs"]
mod inside;
#[path = "excel_later_sheet.rs"]
mod later_sheet;
use choose::{choose_sheet, refuse_open_payroll};
use inside::{Inside, look_inside, xls_inside};

/// What the workbook reader found.
pub(super) struct ExcelRead {
    pub sha256: String,
    pub sheet_name: String,
    pub notes: Vec<String>,
    /// The other worksheets, when the sheet was chosen by default (for a
    /// hint if it turns out to hold no payroll).
    pub others: Vec<String>,
    /// What is hidden in the sheet read.
    pub hidden: HiddenParts,
}

/// Which reader a file name asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    Xlsx,
    Xlsb,
    Xls,
    Ods,
}

impl Format {
    pub(super) fn from_extension(ext: &str) -> Option<Format> {
        match ext.to_ascii_lowercase().as_str() {
            "xlsx" | "xlsm" => Some(Format::Xlsx),
            "xlsb" => Some(Format::Xlsb),
            "xls" => Some(Format::Xls),
            "ods" => Some(Format::Ods),
            _ => None,
        }
    }
}

/// Reads one worksheet of a workbook whose bytes are already in memory (so
/// the digest is of exactly the bytes parsed).
pub(super) fn read(
    path_display: &str,
    bytes: Vec<u8>,
    ext: &str,
    wanted: Option<&str>,
    allow_xls_unchecked: bool,
    sink: &mut Chunker<'_, '_>,
) -> Result<ExcelRead, IntakeError> {
    let err = |p: Problem| p.at(path_display);
    let unreadable = |m: String| err(Problem::Unreadable(m));
    let format = Format::from_extension(ext).unwrap_or(Format::Xlsx);
    if bytes.is_empty() {
        return Err(err(Problem::Empty));
    }
    let sha256 = hex(&Sha256::digest(&bytes));
    content_fits(&bytes, ext, format).map_err(unreadable)?;
    let xls = guard(&bytes, format).map_err(unreadable)?;
    // An indented `.ods` (Gnumeric's) is given to calamine without the
    // whitespace between its cells, which calamine refuses.
    let ods = match format {
        Format::Ods => super::ods_clean::cleaned(&bytes).map_err(unreadable)?,
        _ => None,
    };
    let for_calamine = match (&xls, &ods) {
        (Some(x), _) => x.clean.as_slice(),
        (None, Some(o)) => o.as_slice(),
        (None, None) => bytes.as_slice(),
    };
    let mut book = open(for_calamine, format).map_err(unreadable)?;
    let opens_on = match (format, &xls) {
        (Format::Xls, Some(x)) => x.opens_on(),
        _ => super::opens_on::sheet(format, &bytes),
    }
    .and_then(|tab| tab.name(book.sheets_metadata()));
    let mut chosen = choose_sheet(&book, wanted, opens_on.as_deref()).map_err(err)?;
    if wanted.is_none() {
        refuse_open_payroll(&mut book, &chosen.name, opens_on.as_deref(), sink).map_err(err)?;
        later_sheet::refuse_later_sheet(&mut book, &chosen.name, sink).map_err(err)?;
        let hidden = hidden_sheets::notes(&mut book, &chosen.name, sink);
        chosen.notes.splice(0..0, hidden);
    }
    let range = read_range(&mut book, &chosen.name).map_err(unreadable)?;
    let linked = linked_cells(&mut book, format, &bytes, &chosen.name);
    let areas = super::areas::from_defined_names(book.defined_names(), &chosen.name);
    drop(book);
    if matches!(format, Format::Xls) {
        super::xls::refuse_cut_at_iv(&range, &chosen.name).map_err(unreadable)?;
    }
    let Inside {
        hidden,
        fixes,
        note,
        merges,
    } = match (format, &xls) {
        (Format::Xls, Some(x)) => {
            xls_inside(x, chosen.index, &range, allow_xls_unchecked).map_err(unreadable)?
        }
        _ => look_inside(format, &bytes, &chosen.name, &range).map_err(unreadable)?,
    };
    drop(xls);
    drop(ods);
    drop(bytes);
    let mut notes = chosen.notes;
    notes.extend(note);
    let others = chosen.others;
    let name = chosen.name;
    sink.set_merged(MergedValues::read(&merges, &range, &fixes).map_err(unreadable)?);
    sink.set_tables(hidden.tables());
    push_rows(&range, &fixes, sink).map_err(|e| super::other_sheets_hint(e, &name, &others))?;
    Ok(ExcelRead {
        sha256,
        sheet_name: name,
        notes,
        others,
        hidden: hidden.with_areas(areas).with_linked(linked),
    })
}

/// The cells of sheet `name` whose formula reads another workbook
/// (`.xlsx`, `.ods`). What cannot be read links nothing: this only warns.
fn linked_cells(
    book: &mut Sheets<Cursor<&[u8]>>,
    format: Format,
    bytes: &[u8],
    name: &str,
) -> Vec<super::external_links::LinkedCell> {
    use super::external_links::{ods_cells, xlsx_books, xlsx_cells};
    match format {
        Format::Xlsx => {
            let books = xlsx_books(bytes).unwrap_or_default();
            if books.is_empty() {
                return Vec::new();
            }
            book.worksheet_formula(name)
                .map(|f| xlsx_cells(&f, &books))
                .unwrap_or_default()
        }
        Format::Ods => book
            .worksheet_formula(name)
            .map(|f| ods_cells(&f))
            .unwrap_or_default(),
        Format::Xls | Format::Xlsb => Vec::new(),
    }
}

/// Whether the bytes are what the file's name says: a compound file for
/// `.xls`, a ZIP for the others, and not a password-protected workbook.
fn content_fits(bytes: &[u8], ext: &str, format: Format) -> Result<(), String> {
    let expected = if format == Format::Xls {
        Content::Ole
    } else {
        Content::Zip
    };
    let content = sniff::content(bytes);
    if content == Content::Ole && format != Format::Xls && super::xls::is_encrypted_ooxml(bytes) {
        return Err(
            "the workbook is password-protected (encrypted), and payrun cannot read it; open it in \
             Excel, remove the password (File > Info > Protect Workbook > Encrypt with Password) \
             and save it again"
                .into(),
        );
    }
    match sniff::mismatch(ext, content, expected) {
        Some(m) => Err(m),
        None => Ok(()),
    }
}

/// The checks before calamine opens the file; for `.xls`, the checked
/// workbook, rebuilt for calamine.
fn guard(bytes: &[u8], format: Format) -> Result<Option<super::xls::XlsBook>, String> {
    match format {
        Format::Xls => super::xls::prepare(bytes).map(Some),
        Format::Ods => {
            super::zip_guard::check(bytes)?;
            super::ods_guard::check(bytes)?;
            Ok(None)
        }
        Format::Xlsx | Format::Xlsb => super::zip_guard::check(bytes).map(|()| None),
    }
}

/// Hands the sheet's rows to the sink, numbered as the sheet numbers them,
/// each cell rendered (or as payrun read it itself, for fixed cells).
fn push_rows(
    range: &Range<Data>,
    fixes: &HashMap<(u32, u32), Fix>,
    sink: &mut Chunker<'_, '_>,
) -> Result<(), IntakeError> {
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let mut buf = String::new();
    for (i, row) in range.rows().enumerate() {
        let r = row0 + i as u32;
        let table = sink.table();
        table.begin_row(r as usize + 1);
        // Keep column letters aligned with the sheet when it does not start at A.
        for _ in 0..col0 {
            table.push_cell("", CellKind::Text);
        }
        for (j, cell) in row.iter().enumerate() {
            let kind = match fixes.get(&(r, col0 + j as u32)) {
                Some(fix) => render_fix(fix, &mut buf),
                None => render(cell, &mut buf),
            };
            table.push_cell(&buf, kind);
        }
        sink.row_done()?;
    }
    Ok(())
}

/// Opens the workbook with calamine, a panic inside it being an error.
fn open(bytes: &[u8], format: Format) -> Result<Sheets<Cursor<&[u8]>>, String> {
    let cursor = Cursor::new(bytes);
    guarded(|| match format {
        Format::Xlsx => open_as(cursor).map(Sheets::Xlsx),
        Format::Xlsb => open_as(cursor).map(Sheets::Xlsb),
        Format::Xls => open_as(cursor).map(Sheets::Xls),
        Format::Ods => open_as(cursor).map(Sheets::Ods),
    })
    .map_err(|e| {
        format!(
            "not a readable workbook ({e}); the file may be truncated or damaged — open it in Excel and save it again"
        )
    })
}

/// The bytes opened by calamine's reader for one format, its error as text.
fn open_as<'a, R: Reader<Cursor<&'a [u8]>>>(cursor: Cursor<&'a [u8]>) -> Result<R, String>
where
    R::Error: std::fmt::Display,
{
    calamine::open_workbook_from_rs(cursor).map_err(|e: R::Error| e.to_string())
}

/// The sheet's cells, laid out within bounds.
fn read_range(book: &mut Sheets<Cursor<&[u8]>>, name: &str) -> Result<Range<Data>, String> {
    let range = match guarded(|| sheet_range(book, name)) {
        Ok(Ok(range)) => range,
        Ok(Err(too_big)) => return Err(format!("worksheet {} {too_big}", quoted(name))),
        Err(e) => {
            return Err(format!(
                "cannot read worksheet {}: {e}; the file may be damaged — open it in Excel and save it again",
                quoted(name)
            ));
        }
    };
    match range_too_wide(&range) {
        Some(far) => Err(format!("worksheet {} {far}", quoted(name))),
        None => Ok(range),
    }
}
