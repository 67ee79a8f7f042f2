//! Sheet readers: a CSV or workbook in, raw rows with their row numbers out.
//!
//! Intake knows nothing about wallets or money. It finds the header row (even
//! under title rows), matches columns to fields, and hands every data row on
//! as cell text, numbered the way the user sees the sheet, so every later
//! message can point at a cell the user can find.

// The .xls records calamine does not report (hidden rows, cell reach).
mod areas;
mod biff;
mod chunker;
mod column_values;
mod columns;
mod columns_hint;
// Cell comments (notes) of the worksheet read.
mod comments;
// Cells whose formula reads another workbook.
mod csv;
mod excel;
mod excel_cells;
mod excel_range;
mod external_links;
mod format_words;
mod forward;
mod header_words;
mod stated_units;
mod unit_words;
// Columns that say whether a row is to be paid (`Status`, `Pay?`, `Paid`).
mod instruction_words;
// calamine does not report hidden rows and columns; read them from the XML.
mod hidden;
// Cells whose own format shows nothing (`;;;`, white ink), for .xlsx.
mod named_provider;
mod note;
mod outline;
mod overrides;
mod payee_words;
mod unseen;
// The same for .xls: FORMAT, FONT, XF and PALETTE records.
mod biff_styles;
// And for .ods: data styles, cell styles and their parents.
mod unseen_ods;
// The .xlsx styles.xml: number formats, fonts, fills and cell styles.
mod xlsx_styles;
// Values under merged cells (.xlsx, .xls, .ods, .xlsb).
mod merged;
// What an .xlsb hides: its records, styles and worksheet part.
mod xlsb_book;
mod xlsb_records;
mod xlsb_sheet;
mod xlsb_styles;
// Conditional formats that can hide a value, and what an .xlsx worksheet
// part says after its rows (merges, conditional formats).
mod biff_conditional;
mod conditional;
mod ods_conditional;
mod xlsx_tail;
// Rich-text runs that show nothing or strike through: the rule, and .xlsx's.
mod runs;
mod xlsx_runs;
// The colours of an .xlsx theme, for text and fills picked from it.
mod xlsx_theme;
// docs/fuzzing.md finding 4: an .ods whose repeat attributes expand to
// billions of cells is refused before calamine lays them out.
mod ods_guard;
// Hidden rows and columns of an .ods, and the error and boolean cells
// calamine reads as an empty string and as the number 1.
mod legible;
mod ods_cells;
mod ods_clean;
mod ods_scan;
mod ods_styles;
mod opens_on;
// What a file really is, whatever its name says (web pages saved as .xls).
mod shown;
mod shown_number;
mod sign_off;
// The rest of a sign-off block, the rows under the header that describe
// the columns, and notes under the total (`paperwork.rs`).
mod head_rows;
mod paperwork;
mod sign_off_block;
mod sniff;
mod summary;
mod swallowed;
mod table;
mod totals;
mod totals_told;
mod uncalculated;
// UTF-16 text with a byte-order mark, read as UTF-8.
// .xls: checked, rebuilt clean for calamine, hidden rows read.
mod xls;
mod xls_formats;
mod xml;
// Zip bombs: every part of a ZIP workbook is measured before calamine opens it.
mod zip_guard;

pub use columns::{HEADER_SEARCH_ROWS, NamedProvider, ProviderSource};
// The one case-and-punctuation fold for headers, shared with the statement reader.
pub(crate) use crate::fields::fold;
use crate::fields::{ColumnMap, ColumnOverride};
pub use crate::text::quoted;
pub use areas::{AreaKind, SheetTable};
pub(crate) use columns_hint::closest_header;
pub use format_words::Unit;
pub use hidden::{HiddenParts, Rounded, Struck};
pub use instruction_words::{InstructionColumn, InstructionKind};
pub use legible::LOWEST_READABLE_ROW_PT;
pub use note::Note;
pub use ods_cells::is_error_text;
pub use shown::{column_letter, hex, quoted_as_written};
pub use stated_units::StatedUnit;
pub use table::{Cell, CellKind, MAX_CELL_CHARS, RowTable, RowView};
pub use totals::{StatedTotal, TotalKind};
pub use unit_words::Said;
pub(crate) use unit_words::said_in;

use std::path::Path;

mod sheet_types;
pub(crate) use sheet_types::Problem;
pub use sheet_types::{AboveCell, Gap, IntakeError, Layout, ReadOptions, SheetInfo};

/// Reads a CSV or workbook, chosen by extension, finds its header, and hands
/// the data rows to `on_chunk` in chunks of up to `chunk_rows`, in sheet order.
pub fn read_sheet_chunked(
    path: &Path,
    opts: &ReadOptions,
    chunk_rows: usize,
    on_chunk: &mut dyn FnMut(&Layout, RowTable),
) -> Result<SheetInfo, IntakeError> {
    let shown = path.display().to_string();
    let mut sink =
        chunker::Chunker::new(&shown, opts, chunk_rows, on_chunk).in_workbook(is_workbook(path));
    let read = read_file(
        path,
        &shown,
        opts.sheet.as_deref(),
        opts.allow_xls_unchecked,
        &mut sink,
    )?;
    let done = sink.finish().map_err(|e| match &read.sheet_name {
        Some(name) => other_sheets_hint(e, name, &read.others),
        None => e,
    })?;
    let mut notes = read.notes;
    notes.extend(done.notes);
    Ok(SheetInfo {
        file_name: shown,
        path: path.to_path_buf(),
        read_options: opts.clone(),
        file_sha256: read.sha256,
        sheet_name: read.sheet_name,
        layout: done.layout,
        data_rows: done.data_rows,
        notes,
        stated_totals: done.stated_totals,
        notes_under_total: done.notes_under_total,
        hidden: read.hidden,
        gaps: done.gaps,
    })
}

/// What reading a file's bytes gave, before any header is looked for.
struct FileRead {
    sha256: String,
    sheet_name: Option<String>,
    notes: Vec<Note>,
    /// The other worksheets, when the sheet was chosen by default.
    others: Vec<String>,
    hidden: HiddenParts,
}

/// Whether `path` is read as a workbook (by the reader `read_file` picks),
/// not as a CSV: the cells of a workbook carry their kind, a CSV's are all
/// text.
pub fn is_workbook(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| excel::Format::from_extension(e).is_some())
}

/// The one place that picks a reader by extension and feeds `sink`.
fn read_file(
    path: &Path,
    shown: &str,
    sheet: Option<&str>,
    allow_xls_unchecked: bool,
    sink: &mut chunker::Chunker<'_, '_>,
) -> Result<FileRead, IntakeError> {
    let io_err = |cause| IntakeError::Io {
        path: shown.to_string(),
        cause,
    };
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let meta = std::fs::metadata(path).map_err(io_err)?;
    if meta.is_dir() {
        return Err(Problem::Unreadable("is a directory, not a sheet".into()).at(shown));
    }
    if is_workbook(path) {
        let bytes = std::fs::read(path).map_err(io_err)?;
        let r = excel::read(shown, bytes, &ext, sheet, allow_xls_unchecked, sink)?;
        Ok(FileRead {
            sha256: r.sha256,
            sheet_name: Some(r.sheet_name),
            // The workbook reader's notes are about sheets skipped and rows it
            // cannot see: kept as limits, never dropped.
            notes: r.notes.into_iter().map(Note::from).collect(),
            others: r.others,
            hidden: r.hidden,
        })
    } else if ext == "csv" || ext == "txt" || ext == "tsv" || ext.is_empty() {
        if sheet.is_some() {
            return Err(Problem::Sheet(
                "--sheet only applies to workbooks; a CSV file has one sheet".into(),
            )
            .at(shown));
        }
        let file = std::fs::File::open(path).map_err(io_err)?;
        let r = csv::read(shown, file, sink)?;
        Ok(FileRead {
            sha256: r.sha256,
            sheet_name: None,
            notes: r.notes,
            others: Vec::new(),
            hidden: HiddenParts::none(),
        })
    } else if ext == "fods" {
        Err(Problem::Unreadable(format!(
            "this is {}; {}",
            sniff::FLAT_ODF,
            sniff::FLAT_ODF_FIX
        ))
        .at(shown))
    } else {
        Err(Problem::Unreadable(format!(
            "unsupported file type .{ext}; payrun reads .csv (also .txt and .tsv), .xlsx, .xlsm, .xlsb, .xls and .ods"
        ))
        .at(shown))
    }
}

/// A file's cells as read, every non-empty row with its number, and no
/// header looked for: for files with their own columns (a provider's
/// statement), read by the same readers, with the same encoding rules,
/// limits and digest as a payroll sheet.
#[derive(Debug, Clone)]
pub struct RawSheet {
    /// SHA-256 of exactly the bytes parsed, as lower-case hex.
    pub file_sha256: String,
    pub sheet_name: Option<String>,
    pub notes: Vec<Note>,
    /// Rows and columns hidden in the workbook (empty for CSV).
    pub hidden: HiddenParts,
    /// At most `max_rows` rows, in file order.
    pub rows: RowTable,
    /// Non-empty rows in the file, kept or not: above `max_rows` the file
    /// is too long for its purpose, and the caller says so.
    pub rows_read: usize,
}

/// Reads every non-empty row of a CSV or workbook, keeping at most
/// `max_rows` of them (the rest are counted, not stored).
pub fn read_raw(
    path: &Path,
    sheet: Option<&str>,
    max_rows: usize,
) -> Result<RawSheet, IntakeError> {
    let shown = path.display().to_string();
    let mut rows = RowTable::new();
    let mut rows_read = 0usize;
    let mut keep = |_: &Layout, chunk: RowTable| {
        for r in chunk.iter() {
            rows_read += 1;
            if rows.len() < max_rows {
                rows.begin_row(r.number());
                for c in r.cells() {
                    rows.push_cell(c.text, c.kind);
                }
                rows.end_row();
            }
        }
    };
    let opts = ReadOptions::default();
    let mut sink = chunker::Chunker::new(&shown, &opts, 4096, &mut keep).raw();
    // A statement is never read unchecked: an .xls whose hidden rows
    // cannot be read is refused.
    let read = read_file(path, &shown, sheet, false, &mut sink)?;
    sink.finish()?;
    Ok(RawSheet {
        file_sha256: read.sha256,
        sheet_name: read.sheet_name,
        notes: read.notes,
        hidden: read.hidden,
        rows,
        rows_read,
    })
}

/// When the sheet payrun chose by default has no payroll table, the table is
/// usually on another sheet: say which sheets there are and how to pick one,
/// instead of only "no column for the required fields".
fn other_sheets_hint(e: IntakeError, read: &str, others: &[String]) -> IntakeError {
    if others.is_empty() {
        return e;
    }
    let names: Vec<String> = others.iter().map(|n| quoted(n)).collect();
    let hint = format!(
        "payrun read worksheet {}; the workbook also has {}: pick the one with the payroll using --sheet NAME",
        quoted(read),
        names.join(", ")
    );
    match e {
        IntakeError::Columns { path, message } => IntakeError::Columns {
            path,
            message: format!("{message}\n  {hint}"),
        },
        IntakeError::Empty { path } => IntakeError::Sheet {
            path,
            message: format!("worksheet {} is empty; {hint}", quoted(read)),
        },
        // The header is payrun's own: this is the payroll sheet, not yet
        // filled in (payrun's template is one). Naming the other sheets
        // would send the user to its Instructions.
        IntakeError::NoRows { path, header_row } => IntakeError::Sheet {
            path,
            message: format!(
                "worksheet {} has its header on row {header_row} but no data rows under it: the sheet has no payout rows yet; fill in one row per payout under the header, then check again (if the payouts are on another worksheet, pick it with --sheet NAME)",
                quoted(read)
            ),
        },
        other => other,
    }
}
