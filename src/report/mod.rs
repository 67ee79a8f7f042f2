//! Every file payrun writes for people: the batch reconciliation report,
//! the check report, the statement match report. One layer, so that all of
//! them add up the same way, open cleanly in Excel and LibreOffice, print,
//! stay private, and never turn a payee's name into a live formula.
//!
//! ```text
//! model, summary, from_ledger   the batch report's data (batch.rs: its tables)
//! check/                        the check report's rows, streamed while validating
//! match_report/                 the statement match's data and tables
//! table.rs                      a row as typed cells, said once for every format
//! csv/  xlsx/  json.rs          one Exporter per format, for every report
//! neutralise.rs                 the one rule against formula injection (CSV)
//! atomic.rs                     the one way a report file is written
//! ```
//!
//! The format follows the output file's extension ([`ReportFormat`]).

mod approvals;
pub(crate) mod atomic;
mod batch;
pub mod check;
mod csv;
pub mod digest;
pub mod from_ledger;
pub mod guard;
pub mod json;
pub mod kept;
mod mask;
pub mod match_report;
pub mod model;
pub(crate) mod neutralise;
pub mod open;
mod own;
pub mod summary;
pub(crate) mod table;
pub mod text;
mod writable;
mod xlsx;

#[cfg(test)]
mod atomic_tests;

pub use model::{InputFile, ReportData, ReportRow, RowStatus};
pub use summary::{SheetTotals, SummaryHeader};

use std::path::{Path, PathBuf};

/// Why a report could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error(
        "{path}: unknown report format {ext:?}; name the output file .csv, .xlsx or .json \
         (for example --out reports/june.xlsx)"
    )]
    UnknownFormat { path: PathBuf, ext: String },
    #[error("{path}: cannot write the report: {cause}; check the directory exists and is writable")]
    Io {
        path: PathBuf,
        cause: std::io::Error,
    },
    #[error("cannot build the XLSX report: {0}")]
    Xlsx(String),
    #[error("cannot build the JSON report: {0}")]
    Json(String),
    #[error("cannot build the CSV report: {0}")]
    Csv(String),
    #[error("{}: the report must end in .csv or .xlsx", .path.display())]
    CheckFormat { path: PathBuf },
    #[error(
        "the {what} does not fit in 64 bits; the ledger holds impossible amounts, do not pay from it"
    )]
    Overflow { what: String },
    #[error("{}: no batch labelled {}; {}", .ledger.display(), crate::text::quoted(.label), known_batches(.known))]
    UnknownBatch {
        label: String,
        ledger: PathBuf,
        known: Vec<String>,
    },
    #[error(transparent)]
    Ledger(#[from] crate::ledger::LedgerError),
    /// The report path names a file payrun reads as input (`guard`).
    #[error("{0}")]
    ReplacesInput(String),
    /// The report path cannot be written at all (`writable`).
    #[error("{0}")]
    Unwritable(String),
}

fn known_batches(known: &[String]) -> String {
    if known.is_empty() {
        "the ledger holds no batch yet; check --ledger".to_string()
    } else {
        format!("known batches: {}", known.join(", "))
    }
}

/// The output formats, chosen by the file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Csv,
    Xlsx,
    Json,
}

impl ReportFormat {
    /// Picks the format from `path`'s extension, case-insensitively, so that a
    /// typo like `.xls` is refused instead of producing a file Excel rejects.
    pub fn from_path(path: &Path) -> Result<ReportFormat, ReportError> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Ok(ReportFormat::Csv),
            "xlsx" => Ok(ReportFormat::Xlsx),
            "json" => Ok(ReportFormat::Json),
            _ => Err(ReportError::UnknownFormat {
                path: path.to_path_buf(),
                ext,
            }),
        }
    }
}

/// A report rendered in one format: the main file, and the files written
/// beside it as (suffix replacing the extension, bytes). A CSV holds one
/// table, so its summary goes in a companion file.
pub(crate) struct Rendered {
    pub main: Vec<u8>,
    pub companions: Vec<(String, Vec<u8>)>,
}

impl Rendered {
    pub(crate) fn alone(main: Vec<u8>) -> Rendered {
        Rendered {
            main,
            companions: Vec::new(),
        }
    }
}

/// One output format. `csv/`, `xlsx/` and `json.rs` each implement it for
/// every report (`R` is [`ReportData`] or [`match_report::MatchReport`]).
/// Exporters get the finished data and compute nothing, so every format
/// says the same thing.
pub(crate) trait Exporter<R: ?Sized> {
    /// Renders the whole report, so that each file is written in one
    /// atomic step.
    fn render(&self, report: &R) -> Result<Rendered, ReportError>;
}

/// Renders `report` in `format`.
fn render_as<R: ?Sized>(format: ReportFormat, report: &R) -> Result<Rendered, ReportError>
where
    csv::CsvExporter: Exporter<R>,
    xlsx::XlsxExporter: Exporter<R>,
    json::JsonExporter: Exporter<R>,
{
    match format {
        ReportFormat::Csv => csv::CsvExporter.render(report),
        ReportFormat::Xlsx => xlsx::XlsxExporter.render(report),
        ReportFormat::Json => json::JsonExporter.render(report),
    }
}

/// Writes `report` to `path` in the format its extension names, and its
/// companion files. Each file appears complete or not at all, and the
/// companions come first: the main file appearing means the whole set is
/// there, so a cron job never mails half a report. Returns every path
/// written, the main one first.
pub(crate) fn write_files<R: ?Sized>(path: &Path, report: &R) -> Result<Vec<PathBuf>, ReportError>
where
    csv::CsvExporter: Exporter<R>,
    xlsx::XlsxExporter: Exporter<R>,
    json::JsonExporter: Exporter<R>,
{
    let rendered = render_as(ReportFormat::from_path(path)?, report)?;
    let mut written = vec![path.to_path_buf()];
    for (suffix, extra) in rendered.companions {
        let extra_path = companion_path(path, &suffix);
        write_atomically(&extra_path, &extra)?;
        written.push(extra_path);
    }
    write_atomically(path, &rendered.main)?;
    Ok(written)
}

/// How to write a report.
#[derive(Debug, Clone, Copy, Default)]
pub struct WriteOptions {
    /// Show only the last 4 digits of wallet ids, for reports that leave finance.
    pub mask_wallets: bool,
}

/// Writes the batch report to `path` in the format its extension names
/// (see [`write_files`]). Returns every path written, the main one first.
pub fn write_report(
    path: &Path,
    data: &ReportData,
    opts: WriteOptions,
) -> Result<Vec<PathBuf>, ReportError> {
    ReportFormat::from_path(path)?;
    if opts.mask_wallets {
        write_files(path, &mask::masked(data))
    } else {
        write_files(path, data)
    }
}

/// `june.csv` + `.summary.csv` -> `june.summary.csv`.
pub fn companion_path(path: &Path, suffix: &str) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report".to_string());
    path.with_file_name(format!("{stem}{suffix}"))
}

/// Writes `bytes` to `path` whole or not at all, readable by the owner
/// only (like the ledger): a report names who was paid how much.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), ReportError> {
    atomic::write_file(path, bytes).map_err(|source| io_error(path, source))
}

/// An I/O error writing `path`, or the guard's refusal to write there.
pub(crate) fn io_error(path: &Path, source: std::io::Error) -> ReportError {
    match guard::refusal_in(&source) {
        Some(r) => ReportError::ReplacesInput(r.0.clone()),
        None => ReportError::Io {
            path: path.to_path_buf(),
            cause: source,
        },
    }
}

/// Report times are UTC RFC 3339 with seconds, the same form the ledger uses.
pub fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
