//! Workbook intake through calamine: `.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`.
//!
//! Formulas are read as their cached values; a cached error (`#REF!`) stays an
//! error cell for the validator to name. Dates are kept as dates so that they
//! are never taken for wallet ids. The default sheet is the first *visible*
//! one, because that is the one a person sees first when opening the file.

use super::chunker::Chunker;
use super::table::CellKind;
use super::{IntakeError, Problem, hex, quoted};
use calamine::{Data, DataRef, Range, Reader, SheetType, SheetVisible, Sheets};
use sha2::{Digest, Sha256};
use std::cell::Cell;
use std::io::Cursor;
use std::sync::Once;

/// What the workbook reader found.
pub(super) struct ExcelRead {
    pub sha256: String,
    pub sheet_name: String,
    pub notes: Vec<String>,
    /// The other worksheets, when the sheet was chosen by default (for a
    /// hint if it turns out to hold no payroll).
    pub others: Vec<String>,
    /// What is hidden in the sheet read (`.xlsx`/`.xlsm` and `.ods`; for
    /// `.xlsb` and `.xls` a note says payrun cannot see it).
    pub hidden: super::HiddenParts,
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
    format: Format,
    wanted: Option<&str>,
    sink: &mut Chunker<'_, '_>,
) -> Result<ExcelRead, IntakeError> {
    let err = |p: Problem| p.at(path_display);
    if bytes.is_empty() {
        return Err(err(Problem::Empty));
    }
    let sha256 = hex(&Sha256::digest(&bytes));
    check_magic(&bytes, format).map_err(err)?;
    if format == Format::Ods {
        super::ods_guard::check(&bytes).map_err(|m| err(Problem::Unreadable(m)))?;
    }
    let cursor = Cursor::new(bytes.as_slice());
    let opened: Result<Sheets<Cursor<&[u8]>>, String> = guarded(|| match format {
        Format::Xlsx => calamine::open_workbook_from_rs(cursor)
            .map(Sheets::Xlsx)
            .map_err(|e: calamine::XlsxError| e.to_string()),
        Format::Xlsb => calamine::open_workbook_from_rs(cursor)
            .map(Sheets::Xlsb)
            .map_err(|e: calamine::XlsbError| e.to_string()),
        Format::Xls => calamine::open_workbook_from_rs(cursor)
            .map(Sheets::Xls)
            .map_err(|e: calamine::XlsError| e.to_string()),
        Format::Ods => calamine::open_workbook_from_rs(cursor)
            .map(Sheets::Ods)
            .map_err(|e: calamine::OdsError| e.to_string()),
    });
    let mut book = opened.map_err(|e| {
        err(Problem::Unreadable(format!(
            "not a readable workbook ({e}); the file may be truncated or damaged — open it in Excel and save it again"
        )))
    })?;
    let mut notes = Vec::new();
    let sheets = book.sheets_metadata().to_vec();
    let name = match wanted {
        Some(w) => sheets
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
                err(Problem::Sheet(format!(
                    "no worksheet named {}; the workbook has {}",
                    quoted(w),
                    if names.is_empty() {
                        "none".to_string()
                    } else {
                        names.join(", ")
                    }
                )))
            })?,
        None => {
            let visible = sheets.iter().find(|s| {
                s.visible == SheetVisible::Visible && matches!(s.typ, SheetType::WorkSheet)
            });
            let chosen = visible
                .or_else(|| sheets.first())
                .ok_or_else(|| err(Problem::Unreadable("the workbook has no worksheets".into())))?;
            for s in sheets.iter().take_while(|s| s.name != chosen.name) {
                notes.push(format!(
                    "skipped {} sheet {}; read {} (pick another with --sheet NAME)",
                    match (s.visible, s.typ) {
                        (SheetVisible::Visible, _) => "non-worksheet",
                        _ => "hidden",
                    },
                    quoted(&s.name),
                    quoted(&chosen.name)
                ));
            }
            chosen.name.clone()
        }
    };
    let range = match guarded(|| sheet_range(&mut book, &name)) {
        Ok(Ok(range)) => range,
        Ok(Err(too_sparse)) => {
            return Err(err(Problem::Unreadable(format!(
                "worksheet {} {too_sparse}",
                quoted(&name)
            ))));
        }
        Err(e) => {
            return Err(err(Problem::Unreadable(format!(
                "cannot read worksheet {}: {e}; the file may be damaged — open it in Excel and save it again",
                quoted(&name)
            ))));
        }
    };
    let others: Vec<String> = if wanted.is_none() {
        sheets
            .iter()
            .filter(|s| s.name != name && matches!(s.typ, SheetType::WorkSheet))
            .map(|s| s.name.clone())
            .collect()
    } else {
        Vec::new()
    };
    let hidden = match format {
        Format::Xlsx => super::hidden::scan_xlsx(&bytes, &name),
        Format::Ods => super::hidden_ods::scan_ods(&bytes, &name),
        Format::Xlsb | Format::Xls => {
            notes.push(format!(
                "payrun cannot see hidden rows or columns in {} files, and reads them like any other; unhide everything before paying, or save the workbook as .xlsx",
                if format == Format::Xls { ".xls" } else { ".xlsb" }
            ));
            super::HiddenParts::none()
        }
    };
    drop(book);
    drop(bytes);
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let mut buf = String::new();
    for (i, row) in range.rows().enumerate() {
        let table = sink.table();
        table.begin_row(row0 as usize + i + 1);
        // Keep column letters aligned with the sheet when it does not start at A.
        for _ in 0..col0 {
            table.push_cell("", CellKind::Text);
        }
        for cell in row {
            let kind = render(cell, &mut buf);
            table.push_cell(&buf, kind);
        }
        sink.row_done()
            .map_err(|e| super::other_sheets_hint(e, &name, &others))?;
    }
    Ok(ExcelRead {
        sha256,
        sheet_name: name,
        notes,
        others,
        hidden,
    })
}

/// The most cells a worksheet's bounding box may span when most of them are
/// empty. calamine lays a sheet out densely, one slot per cell between the
/// first and the last value, so two values at `A1` and `XFD1048576` in a
/// 1 KB file would ask for 17 billion slots and abort the process (found
/// while fuzzing, see docs/fuzzing.md). 20 million slots is about 640 MB; a
/// real sheet that large is also full, and a full sheet always passes.
const MAX_SPARSE_SPAN: u64 = 20_000_000;

/// Reads one worksheet densely, as calamine's `worksheet_range` does, but
/// checks the span first. The outer error is calamine's (the file is
/// damaged); the inner one says the span is too sparse to lay out. `.xls`
/// and `.ods` are laid out by calamine while the file is opened, so only
/// `.xlsx`/`.xlsm` and `.xlsb` get the check.
fn sheet_range(
    book: &mut Sheets<Cursor<&[u8]>>,
    name: &str,
) -> Result<Result<Range<Data>, String>, String> {
    match book {
        Sheets::Xlsx(x) => match x.worksheet_cells_reader(name) {
            Ok(mut r) => dense(|| r.next_cell().map_err(|e| e.to_string())),
            // A chart sheet has no cells; calamine reads it as empty too.
            Err(calamine::XlsxError::NotAWorksheet(_)) => Ok(Ok(Range::default())),
            Err(e) => Err(e.to_string()),
        },
        Sheets::Xlsb(x) => match x.worksheet_cells_reader(name) {
            Ok(mut r) => dense(|| r.next_cell().map_err(|e| e.to_string())),
            Err(e) => Err(e.to_string()),
        },
        other => other
            .worksheet_range(name)
            .map(Ok)
            .map_err(|e| e.to_string()),
    }
}

/// Collects the non-empty cells and lays them out, unless they span more
/// than [`MAX_SPARSE_SPAN`] slots and four times their own number.
fn dense<'a>(
    mut next: impl FnMut() -> Result<Option<calamine::Cell<DataRef<'a>>>, String>,
) -> Result<Result<Range<Data>, String>, String> {
    let mut cells = Vec::new();
    let (mut top, mut bottom, mut left, mut right) = (u32::MAX, 0u32, u32::MAX, 0u32);
    while let Some(cell) = next()? {
        if matches!(cell.get_value(), DataRef::Empty) {
            continue;
        }
        let (r, c) = cell.get_position();
        (top, bottom) = (top.min(r), bottom.max(r));
        (left, right) = (left.min(c), right.max(c));
        cells.push(calamine::Cell::new(
            (r, c),
            Data::from(cell.get_value().clone()),
        ));
    }
    if !cells.is_empty() {
        let span = u64::from(bottom - top + 1) * u64::from(right - left + 1);
        let filled = cells.len() as u64;
        if span > MAX_SPARSE_SPAN.max(filled.saturating_mul(4)) {
            return Ok(Err(format!(
                "spans {}{}:{}{} ({span} cells) but only {filled} hold a value; \
                 something far outside the payroll table (or a damaged file) makes it too big \
                 to read — copy the table to a new sheet, or delete the rows and columns around it",
                super::column_letter(left as usize),
                u64::from(top) + 1,
                super::column_letter(right as usize),
                u64::from(bottom) + 1,
            )));
        }
    }
    Ok(Ok(Range::from_sparse(cells)))
}

/// Runs one calamine call and turns a panic inside it into an error.
///
/// calamine 0.31 indexes some tables with numbers taken from the file (a
/// cell naming a shared string past the end of the table panics; found by
/// the `xlsx_intake` fuzz target, see docs/fuzzing.md). A damaged workbook
/// must be a clean "damaged file" error naming the file, never a crash or a
/// backtrace on the terminal. Only calamine's own calls are wrapped, so a bug
/// in payrun's code still surfaces; the workbook is dropped right after, so
/// no half-updated state is ever used.
///
/// The panic message is kept out of stderr by a hook installed once that
/// stays silent only for the thread inside this function and hands every
/// other panic to the hook that was there before.
fn guarded<T>(call: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !IN_CALAMINE.with(Cell::get) {
                previous(info);
            }
        }));
    });
    IN_CALAMINE.with(|f| f.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(call));
    IN_CALAMINE.with(|f| f.set(false));
    result.unwrap_or_else(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no details".to_string());
        Err(format!(
            "the workbook reader failed on damaged content: {what}"
        ))
    })
}

thread_local! {
    /// Set while this thread runs a [`guarded`] calamine call.
    static IN_CALAMINE: Cell<bool> = const { Cell::new(false) };
}

/// A workbook that does not even start like one gets a plain message instead
/// of a parser's complaint about a missing XML part.
fn check_magic(bytes: &[u8], format: Format) -> Result<(), Problem> {
    let zip = bytes.starts_with(b"PK\x03\x04");
    let ole = bytes.starts_with(b"\xD0\xCF\x11\xE0");
    let ok = match format {
        Format::Xlsx | Format::Xlsb | Format::Ods => zip,
        Format::Xls => ole,
    };
    if ok {
        return Ok(());
    }
    let what = if zip {
        "a ZIP-based workbook (.xlsx); rename it to .xlsx"
    } else if ole {
        "an old Excel workbook; rename it to .xls"
    } else if bytes.iter().take(4096).all(|b| *b >= 0x09) {
        "text, perhaps a CSV; rename it to .csv"
    } else {
        "not a workbook at all"
    };
    Err(Problem::Unreadable(format!(
        "the file's name says workbook but its content is {what}"
    )))
}

/// Renders one cell into `buf` and says what kind of value it was.
fn render(cell: &Data, buf: &mut String) -> CellKind {
    use std::fmt::Write;
    buf.clear();
    match cell {
        Data::Empty => CellKind::Text,
        Data::String(s) => {
            buf.push_str(s);
            CellKind::Text
        }
        Data::Int(i) => {
            let _ = write!(buf, "{i}");
            CellKind::Number
        }
        // Rust's Display is the shortest text that reads back as the same
        // f64 (19.99 -> "19.99") and never uses exponent notation.
        Data::Float(f) => {
            let _ = write!(buf, "{f}");
            CellKind::Number
        }
        Data::Bool(b) => {
            buf.push_str(if *b { "TRUE" } else { "FALSE" });
            CellKind::Bool
        }
        Data::DateTime(dt) => {
            // Serial days since 1899-12-30 (Excel's 1900 system).
            let serial = dt.as_f64();
            let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30);
            let days = serial.floor();
            let date = epoch.and_then(|e| {
                (days.is_finite() && days.abs() < 3_000_000.0)
                    .then(|| e.checked_add_signed(chrono::Duration::days(days as i64)))
                    .flatten()
            });
            match date {
                Some(d) if dt.is_datetime() && serial == days => {
                    let _ = write!(buf, "{d}");
                }
                Some(d) if dt.is_datetime() => {
                    let secs = ((serial - days) * 86_400.0).round() as u32;
                    let _ = write!(
                        buf,
                        "{d} {:02}:{:02}:{:02}",
                        secs / 3600,
                        secs / 60 % 60,
                        secs % 60
                    );
                }
                _ => {
                    let _ = write!(buf, "{serial}");
                }
            }
            CellKind::Date
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => {
            buf.push_str(s);
            CellKind::Date
        }
        Data::Error(e) => {
            let _ = write!(buf, "{e}");
            CellKind::Error
        }
    }
}
