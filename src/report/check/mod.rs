//! What `payrun check` writes: the human and JSON summaries, and the
//! row-by-row result file (CSV or XLSX) next to the user's own columns.
//!
//! The result file streams: a million-row sheet is never held in memory.
//! It is written by the report layer's format writers
//! ([`crate::report::csv::CheckCsv`], [`crate::report::xlsx::CheckXlsx`])
//! through its one atomic writer, so a crash or a full disk never leaves a
//! half-written report that looks complete.

mod cells;
mod changes;
mod join;
mod summary;

pub(crate) use cells::{headers, row_cells};
pub use changes::{changes_path, write_changes};
pub use summary::{human_summary, human_summary_with, json_summary, verdict_line};

use super::csv::CheckCsv;
use super::xlsx::CheckXlsx;
use super::{ReportError, ReportFormat};
use crate::fields::Field;
use crate::intake::{Layout, RowView};
use crate::money::Amount;
use crate::validate::{ChunkVerdicts, RowIssue, Severity, Validated};
use crate::wallet::Provider;
use std::io;
use std::path::Path;

/// A row's verdict as the report shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Ok,
    Warning,
    Invalid,
}

impl Status {
    pub const fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Warning => "warning",
            Status::Invalid => "invalid",
        }
    }
}

/// One data row joined with its verdict.
pub struct CheckRow<'a> {
    pub raw: RowView<'a>,
    pub status: Status,
    pub wallet: Option<&'a str>,
    pub provider: Option<Provider>,
    pub amount: Option<Amount>,
    pub issues: &'a [RowIssue],
}

/// The extra columns appended after the user's own.
pub const EXTRA_COLUMNS: [&str; 6] = [
    "row",
    "status",
    "normalized_wallet",
    "provider_code",
    "amount_poisha",
    "issues",
];

/// The issues of one row as one cell: `error: column "Wallet": "x" is ...`.
pub fn issues_text(issues: &[RowIssue]) -> String {
    let mut s = String::new();
    for (k, i) in issues.iter().enumerate() {
        if k > 0 {
            s.push_str(" | ");
        }
        let full = i.to_string();
        let without_row = full
            .strip_prefix(&format!("row {}", i.row))
            .map(|r| r.trim_start_matches([',', ':', ' ']))
            .unwrap_or(&full);
        s.push_str(&format!("{}: {without_row}", i.severity));
    }
    s
}

/// Columns (0-based) named by a row's errors, for marking cells red.
pub(crate) fn error_columns(layout: &Layout, issues: &[RowIssue]) -> Vec<usize> {
    let mut cols = Vec::new();
    for i in issues.iter().filter(|i| i.severity == Severity::Error) {
        let Some(h) = &i.column else { continue };
        for f in Field::ALL {
            if let Some(c) = layout.columns.get(f)
                && layout.header(c) == *h
            {
                cols.push(c);
            }
        }
        // A `Status` or `Pay?` cell that refused its row.
        for c in layout.instructions.iter().map(|i| i.col) {
            if layout.header(c) == *h && !cols.contains(&c) {
                cols.push(c);
            }
        }
    }
    cols
}

/// Refuses a report path payrun cannot write, before any work is done.
/// The format comes from the extension as for every report
/// ([`ReportFormat::from_path`]); `check` writes CSV or XLSX, not JSON.
pub fn check_report_path(path: &Path) -> Result<(), ReportError> {
    match ReportFormat::from_path(path) {
        Ok(ReportFormat::Csv | ReportFormat::Xlsx) => Ok(()),
        _ => Err(ReportError::CheckFormat {
            path: path.to_path_buf(),
        }),
    }
}

/// A report file being written, CSV or XLSX.
enum Sink {
    Csv(Box<CheckCsv>),
    Xlsx(Box<CheckXlsx>),
}

impl Sink {
    fn open(path: &Path, layout: &Layout) -> io::Result<Sink> {
        let is_xlsx = matches!(ReportFormat::from_path(path), Ok(ReportFormat::Xlsx));
        Ok(if is_xlsx {
            Sink::Xlsx(Box::new(CheckXlsx::open(path, layout)?))
        } else {
            Sink::Csv(Box::new(CheckCsv::open(path, layout)?))
        })
    }

    fn write(&mut self, row: &CheckRow<'_>) -> io::Result<()> {
        match self {
            Sink::Csv(s) => s.write(row),
            Sink::Xlsx(s) => s.write(row),
        }
    }

    /// Puts the file in place; `sheet` (its file name, without the
    /// folder) names the checked sheet in the XLSX's printed footer.
    fn commit(self, sheet: &str) -> io::Result<()> {
        let name = Path::new(sheet)
            .file_name()
            .map_or_else(|| sheet.into(), |n| n.to_string_lossy());
        match self {
            Sink::Csv(s) => s.commit(),
            Sink::Xlsx(s) => s.commit(&format!("payrun check: {name}")),
        }
    }
}

fn io_error(path: &Path, source: io::Error) -> ReportError {
    crate::report::io_error(path, source)
}

/// Writes the row-result file (CSV or XLSX, by extension), reading the rows
/// again from the sheet.
pub fn write_report(v: &Validated, path: &Path) -> Result<(), ReportError> {
    check_report_path(path)?;
    let mut sink = Sink::open(path, &v.sheet.layout).map_err(|e| io_error(path, e))?;
    join::for_each_row(v, |row| sink.write(row)).map_err(|e| io_error(path, e))?;
    sink.commit(&v.file_name).map_err(|e| io_error(path, e))
}

/// Writes the row-result file while the sheet is being validated, chunk by
/// chunk, so the sheet is read once. If the batch checks later change a
/// row's verdict (duplicates), the streamed file is dropped and the report is
/// written again from a second read; the target only ever receives a
/// complete, correct file.
pub struct StreamingReport {
    path: std::path::PathBuf,
    sink: Option<Sink>,
    failed: bool,
}

impl StreamingReport {
    /// Refuses a path that cannot be a report before any work is done.
    pub fn new(path: &Path) -> Result<StreamingReport, ReportError> {
        check_report_path(path)?;
        Ok(StreamingReport {
            path: path.to_path_buf(),
            sink: None,
            failed: false,
        })
    }

    /// Writes one validated chunk.
    pub fn chunk(&mut self, c: &ChunkVerdicts<'_>) {
        if self.failed {
            return;
        }
        if self.sink.is_none() {
            match Sink::open(&self.path, c.layout) {
                Ok(s) => self.sink = Some(s),
                Err(_) => {
                    // Retried, with its error reported, in `finish`.
                    self.failed = true;
                    return;
                }
            }
        }
        let verdicts = join::Verdicts {
            valid: c.valid,
            invalid: c.invalid,
            issues: c.issues,
        };
        // Each chunk's verdicts are their own sorted slices.
        let mut joiner = join::Joiner::default();
        let Some(sink) = self.sink.as_mut() else {
            return;
        };
        for raw in c.rows.iter() {
            let row = joiner.join(verdicts, raw);
            if sink.write(&row).is_err() {
                self.failed = true;
                return;
            }
        }
    }

    /// Whether every chunk shown so far was written: a report of a counted
    /// sheet cannot be written again from a second read (no payouts kept).
    pub fn is_whole(&self) -> bool {
        !self.failed
    }

    /// Puts the report in place, or writes it again from a second read if
    /// the streamed rows are stale or writing them failed.
    pub fn finish(self, v: &Validated) -> Result<(), ReportError> {
        match self.sink {
            Some(sink) if !self.failed && v.batch_flagged_rows.is_empty() => sink
                .commit(&v.file_name)
                .map_err(|e| io_error(&self.path, e)),
            stale => {
                // Abandon the streamed file first: dropping it removes its
                // temporary file without writing another byte.
                drop(stale);
                write_report(v, &self.path)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `check` writes its row results as CSV or XLSX, whatever the case of
    /// the extension; JSON and anything else is refused before any work.
    #[test]
    fn the_check_report_is_csv_or_xlsx_by_its_extension() {
        for ok in ["r.csv", "r.CSV", "dir/r.xlsx", "r.XlsX"] {
            assert!(check_report_path(Path::new(ok)).is_ok(), "{ok}");
        }
        for bad in ["r.json", "r.xls", "r", "r.csv.txt"] {
            assert!(
                matches!(
                    check_report_path(Path::new(bad)),
                    Err(ReportError::CheckFormat { .. })
                ),
                "{bad}"
            );
        }
    }
}
