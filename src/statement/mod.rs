//! A provider's statement (a merchant-portal export, CSV or workbook), read
//! into lines: which order each line is about, and what money it moved.
//!
//! The file is read by intake's readers ([`crate::intake::read_raw`]): the
//! same encoding rules, workbook handling, limits and SHA-256 as a payroll
//! sheet. The header is found under the title block the same way, with the
//! statement's own column names (see [`fields`]) and `--map`. The provider's
//! format is not published, so every reasonable reading is supported: debit
//! and credit columns or one signed amount column, `Dr`/`Cr` markers,
//! currency marks and grouping, status words, and reversals either as their
//! own credit lines or as a status on the original line.
//!
//! Data flows one way: this module knows intake and money; the matcher
//! ([`crate::matching`]) reads its lines.

mod aliases;
mod columns;
pub mod fields;
mod lines;
mod merchant;
pub mod money;
mod readings;
pub mod when;
pub mod words;

pub use fields::StatementMap;
pub use words::StatusWord;

use crate::intake::IntakeError;
use std::path::Path;

/// A statement longer than this is not one month of one merchant's payouts.
pub const MAX_LINES: usize = 500_000;
/// Bytes: a bigger file is refused before it is read.
pub const MAX_FILE_BYTES: u64 = 128 * 1024 * 1024;
/// Characters in a reference cell; a longer one is not an order number.
pub const MAX_REFERENCE_CHARS: usize = 64;

/// What a line did to the merchant account, all readings resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Effect {
    /// Money out for an order.
    Debit,
    /// A debit whose own status says it was reversed or refunded since:
    /// out and back in one line.
    DebitReversed,
    /// Money back in: a reversal or refund, or a deposit.
    Credit,
    /// A fee or charge line.
    Fee,
    /// Refused: no money moved.
    Failed,
    /// Not final yet: no money moved yet.
    Pending,
    /// A line with no amount on it.
    NoMoney,
}

impl Effect {
    pub const ALL: [Effect; 7] = [
        Effect::Debit,
        Effect::DebitReversed,
        Effect::Credit,
        Effect::Fee,
        Effect::Failed,
        Effect::Pending,
        Effect::NoMoney,
    ];

    /// The ledger's key (`statement_lines.effect`).
    pub const fn key(self) -> &'static str {
        match self {
            Effect::Debit => "debit",
            Effect::DebitReversed => "debit_reversed",
            Effect::Credit => "credit",
            Effect::Fee => "fee",
            Effect::Failed => "failed",
            Effect::Pending => "pending",
            Effect::NoMoney => "none",
        }
    }

    pub fn from_key(key: &str) -> Option<Effect> {
        Effect::ALL.into_iter().find(|e| e.key() == key)
    }
}

/// One line of the statement: the ledger's statement line, with the
/// effect all readings resolved to (stored as its [`Effect::key`]).
pub type Line = crate::ledger::statements::Line<Effect>;

/// How to read a statement.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// The worksheet of a workbook; the first visible one when `None`.
    pub sheet: Option<String>,
    pub maps: Vec<StatementMap>,
    pub status_words: Vec<StatusWord>,
}

/// A statement as read.
#[derive(Debug, Clone)]
pub struct Statement {
    pub file_name: String,
    pub file_sha256: String,
    pub sheet_name: Option<String>,
    /// The header's row (1-based), for tests and `{:?}`.
    #[allow(dead_code, reason = "read by tests and Debug")]
    pub header_row: usize,
    pub lines: Vec<Line>,
    /// The merchant number its title block names, and the row holding it.
    pub merchant_no: Option<(usize, String)>,
    /// What the user should know: which columns were read and how, rows
    /// left out as totals, the sign convention found.
    pub notes: Vec<String>,
}

/// Why a statement cannot be read. Each names the file, and where a cell
/// is at fault its row, column and value as written, and what to do.
#[derive(Debug, thiserror::Error)]
pub enum StatementError {
    #[error(transparent)]
    Intake(#[from] IntakeError),
    #[error("{path}: {message}")]
    Columns { path: String, message: String },
    #[error("{path}: row {row}, column {column}: {value} {message}")]
    Cell {
        path: String,
        row: usize,
        column: String,
        value: String,
        message: String,
    },
    #[error("{path}: {message}")]
    TooLarge { path: String, message: String },
}

/// Reads a statement file.
pub fn read(path: &Path, opts: &ReadOptions) -> Result<Statement, StatementError> {
    let shown = path.display().to_string();
    if let Ok(meta) = std::fs::metadata(path)
        && meta.is_file()
        && meta.len() > MAX_FILE_BYTES
    {
        return Err(StatementError::TooLarge {
            path: shown,
            message: format!(
                "the file is {} MiB, more than the {} MiB a statement may be; export a shorter period",
                meta.len() / (1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        });
    }
    let raw = crate::intake::read_raw(path, opts.sheet.as_deref(), MAX_LINES + 64)?;
    if raw.rows_read > MAX_LINES + 64 {
        return Err(StatementError::TooLarge {
            path: shown,
            message: format!(
                "{} rows, more than the {MAX_LINES} lines a statement may have; export a shorter period",
                raw.rows_read
            ),
        });
    }
    let mut notes: Vec<String> = raw.notes.iter().map(ToString::to_string).collect();
    if raw.hidden.any() {
        notes.push(
            "rows, columns or cells are hidden in the workbook; hidden lines are read like the others"
                .to_string(),
        );
    }
    let (header_row, lines, more) = lines::read_lines(&shown, &raw.rows, opts)?;
    notes.extend(more);
    let merchant_no = merchant::merchant_no(&raw.rows, header_row);
    Ok(Statement {
        file_name: shown,
        file_sha256: raw.file_sha256,
        sheet_name: raw.sheet_name,
        header_row,
        lines,
        merchant_no,
        notes,
    })
}

#[cfg(test)]
mod tests;
