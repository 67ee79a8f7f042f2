//! What intake hands on: the sheet's errors, how it is to be read, its
//! layout and what is known of it without its rows. Apart from [`super`],
//! which reads it, so that the types a caller holds are in one short file.

use super::*;

/// Why a sheet could not be read at all. Every message names the file and
/// says what to do next; row-level problems are not intake errors.
#[derive(Debug, thiserror::Error)]
pub enum IntakeError {
    /// The file could not be opened or read.
    /// The reason is in the message, so not a `source` (said once).
    #[error("{path}: {cause}")]
    Io { path: String, cause: std::io::Error },
    /// The file has no bytes, or no rows with anything in them.
    #[error("{path}: the file is empty; export the payroll sheet again")]
    Empty { path: String },
    /// Not UTF-8 text (UTF-16, Windows-1252): payrun never guesses.
    #[error("{path}: {message}")]
    Encoding { path: String, message: String },
    /// Not a sheet: binary data, a damaged or truncated workbook, a ZIP that
    /// is not a workbook, an unknown extension.
    #[error("{path}: {message}")]
    Unreadable { path: String, message: String },
    /// `--sheet NAME` names no worksheet.
    #[error("{path}: {message}")]
    Sheet { path: String, message: String },
    /// No header row holds the required columns, or two columns claim one field.
    #[error("{path}: {message}")]
    Columns { path: String, message: String },
    /// The header is there but no data rows follow it (a template not yet
    /// filled in).
    #[error(
        "{path}: the header is on row {header_row} but no data rows follow it: the sheet has no payout rows yet; fill in one row per payout under the header, then check again"
    )]
    NoRows { path: String, header_row: usize },
}

/// An intake problem before the file name is attached.
#[derive(Debug)]
pub(crate) enum Problem {
    Empty,
    Encoding(String),
    Unreadable(String),
    Sheet(String),
}

impl Problem {
    pub(in crate::intake) fn at(self, path: &str) -> IntakeError {
        let path = path.to_string();
        match self {
            Problem::Empty => IntakeError::Empty { path },
            Problem::Encoding(message) => IntakeError::Encoding { path, message },
            Problem::Unreadable(message) => IntakeError::Unreadable { path, message },
            Problem::Sheet(message) => IntakeError::Sheet { path, message },
        }
    }
}

/// What to read and how to match its columns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// The worksheet to read; the first visible one when `None`.
    pub sheet: Option<String>,
    /// `--map field="Header"` overrides.
    pub maps: Vec<ColumnOverride>,
    /// `--allow-xls-unchecked`: read an `.xls` whose hidden rows payrun
    /// cannot check, because a person checked it by hand.
    pub allow_xls_unchecked: bool,
    /// `--provider NAME`: every row's provider, for a sheet with no
    /// provider column.
    pub provider: Option<crate::wallet::Provider>,
}

/// Where the header is and which column holds each field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Layout {
    /// The header row's number as the user sees it.
    pub header_row: usize,
    /// Header cells as written, one per column (trailing blanks removed).
    pub headers: Vec<String>,
    pub columns: ColumnMap,
    /// The provider of every row, when the wallet column's header names one
    /// (`bKash Number`) or `--provider` gives it. With a provider column as
    /// well, each row's cell must agree with it.
    pub named_provider: Option<NamedProvider>,
    /// The columns that say whether a row is to be paid (`Status`, `Pay?`,
    /// `Paid`, the remark), in column order; judged row by row in validate.
    pub instructions: Vec<InstructionColumn>,
    /// Columns of wallet numbers that matched the wallet column on every
    /// row header detection read (`Contact No`), or were filled on too few
    /// of them to tell: validate refuses each row where they differ, since
    /// the sample could not tell which is meant.
    pub rivals: Vec<usize>,
    /// Where the rows around the header say the amounts are in a unit or
    /// another currency, or hold poisha in a column of their own:
    /// `validate` refuses the sheet for each.
    pub amount_units: super::stated_units::AmountUnits,
    /// The non-empty cells of the rows above the header (titles, notes,
    /// legends), as written: validate reads their words for a hold on the
    /// whole sheet.
    pub above: Vec<AboveCell>,
    /// Whether the rows come from a workbook, not a CSV: a workbook's cells
    /// are cells as the user drew them, so a message about a row's shape
    /// names a cell, never an unquoted comma.
    pub workbook: bool,
}

/// A cell above the header row: where it is and what it says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AboveCell {
    /// The sheet row, as the user sees it.
    pub row: usize,
    /// The column, from 0.
    pub col: usize,
    pub text: String,
}

impl Layout {
    /// The header of column `col`, or its letter when the header cell is blank.
    pub fn header(&self, col: usize) -> String {
        match self.headers.get(col).map(|h| h.trim()) {
            Some(h) if !h.is_empty() => h.to_string(),
            _ => format!("column {}", column_letter(col)),
        }
    }
}

/// A sheet as read, without its rows: enough to name every cell in a
/// message, and to read the same rows again (for a report) and prove they
/// are the same bytes.
#[derive(Debug, Clone)]
pub struct SheetInfo {
    /// The path as the user gave it, for messages.
    pub file_name: String,
    /// The path, to read the rows again.
    pub path: std::path::PathBuf,
    /// How the sheet was read, to read it again the same way.
    pub read_options: ReadOptions,
    /// SHA-256 of exactly the bytes parsed, as lower-case hex.
    pub file_sha256: String,
    /// The worksheet read, for workbooks.
    pub sheet_name: Option<String>,
    pub layout: Layout,
    /// Data rows read (title rows, header and fully empty rows not counted).
    pub data_rows: usize,
    /// Things the user should know that are not errors (a skipped hidden
    /// sheet, a semicolon delimiter, an unnamed column, a skipped totals row).
    /// Those that say what payrun did not read or check are never dropped.
    pub notes: Vec<Note>,
    /// The totals rows skipped, in sheet order, as the sheet states them.
    pub stated_totals: Vec<StatedTotal>,
    /// The notes under the total left out (`Legend:`, `* Figures as per
    /// HR`), in sheet order: validate reads their words for a hold, as it
    /// reads a title row's.
    pub notes_under_total: Vec<AboveCell>,
    /// Rows and columns hidden in the workbook, so that a row a person hid
    /// ("not this month") is never paid without a word. Empty for CSV.
    pub hidden: HiddenParts,
    /// Rows read after a long run of empty rows (at most
    /// [`super::chunker::MAX_GAPS`]), in sheet order: nobody reviewing the
    /// list on screen sees them.
    pub gaps: Vec<Gap>,
}

/// A non-empty row under the header that follows at least
/// [`super::chunker::FAR_GAP`] empty rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gap {
    /// The row after the empty rows.
    pub row: usize,
    /// The last non-empty row before them (the header, if none).
    pub after: usize,
}
