//! The reconciliation report: one data model, one writer per format.
//!
//! Finance closes the month and auditors sign off from this report, so it must
//! add up (see [`summary`]), open cleanly in Excel and LibreOffice, and never
//! turn a payee's name into a live formula. The format follows the output
//! file's extension; each lives in its own file behind [`Exporter`].

mod approvals;
mod atomic;
mod csv;
pub mod digest;
pub mod from_ledger;
pub mod json;
mod mask;
pub mod match_report;
pub mod model;
pub(crate) mod neutralise;
pub mod summary;
pub(crate) mod table;
pub mod text;
mod xlsx;

#[cfg(test)]
mod atomic_tests;

pub use model::{
    Approval, Control, InputFile, ProviderTally, ReportData, ReportRow, RowStatus, Summary, Tally,
};
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
    #[error(
        "{path}: cannot write the report: {source}; check the directory exists and is writable"
    )]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot build the XLSX report: {0}")]
    Xlsx(String),
    #[error("cannot build the JSON report: {0}")]
    Json(String),
    #[error("cannot build the CSV report: {0}")]
    Csv(String),
    #[error(
        "the {what} does not fit in 64 bits; the ledger holds impossible amounts, do not pay from it"
    )]
    Overflow { what: String },
    #[error("{}: no batch labelled {label:?}; {}", .ledger.display(), known_batches(.known))]
    UnknownBatch {
        label: String,
        ledger: PathBuf,
        known: Vec<String>,
    },
    #[error(transparent)]
    Ledger(#[from] crate::ledger::LedgerError),
}

fn known_batches(known: &[String]) -> String {
    if known.is_empty() {
        "the ledger holds no batch yet; check --ledger".to_string()
    } else {
        format!("known batches: {}", known.join(", "))
    }
}

impl From<ReportError> for crate::error::Error {
    fn from(e: ReportError) -> Self {
        match e {
            ReportError::UnknownFormat { .. } | ReportError::UnknownBatch { .. } => {
                crate::error::Error::Usage(e.to_string())
            }
            ReportError::Ledger(l) => crate::error::Error::Ledger(l),
            ReportError::Io { path, source } => crate::error::Error::Io { path, source },
            other => crate::error::Error::Usage(other.to_string()),
        }
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

    fn exporter(self) -> &'static dyn Exporter {
        match self {
            ReportFormat::Csv => &csv::CsvExporter,
            ReportFormat::Xlsx => &xlsx::XlsxExporter,
            ReportFormat::Json => &json::JsonExporter,
        }
    }
}

/// One report format. Writers get the finished data model and render all of
/// it; they compute nothing, so every format says the same thing.
pub trait Exporter {
    /// Renders the whole report into bytes, so the file can be written in one
    /// atomic step.
    fn render(&self, data: &ReportData) -> Result<Vec<u8>, ReportError>;

    /// Files written beside the main one, as (suffix replacing the extension,
    /// bytes). A CSV holds one table, so its summary goes in a companion file.
    fn companions(&self, _data: &ReportData) -> Result<Vec<(String, Vec<u8>)>, ReportError> {
        Ok(Vec::new())
    }
}

/// How to write a report.
#[derive(Debug, Clone, Copy, Default)]
pub struct WriteOptions {
    /// Show only the last 4 digits of wallet ids, for reports that leave finance.
    pub mask_wallets: bool,
}

/// Writes the report to `path` in the format its extension names. The file
/// appears complete or not at all (temp file in the same directory, then
/// rename), so a cron job never mails a half-written report. Creates the
/// parent directory if needed. Returns every path written, the main one first.
pub fn write_report(
    path: &Path,
    data: &ReportData,
    opts: WriteOptions,
) -> Result<Vec<PathBuf>, ReportError> {
    let format = ReportFormat::from_path(path)?;
    let masked;
    let data = if opts.mask_wallets {
        masked = mask::masked(data);
        &masked
    } else {
        data
    };
    let exporter = format.exporter();
    let bytes = exporter.render(data)?;
    let mut written = vec![path.to_path_buf()];
    // Companions first: the main file appearing means the whole set is there.
    for (suffix, extra) in exporter.companions(data)? {
        let extra_path = companion_path(path, &suffix);
        write_atomically(&extra_path, &extra)?;
        written.push(extra_path);
    }
    write_atomically(path, &bytes)?;
    Ok(written)
}

/// `june.csv` + `.summary.csv` -> `june.summary.csv`.
pub fn companion_path(path: &Path, suffix: &str) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report".to_string());
    path.with_file_name(format!("{stem}{suffix}"))
}

/// Renders without writing, for callers that stream (tests, stdout).
pub fn render(
    format: ReportFormat,
    data: &ReportData,
    opts: WriteOptions,
) -> Result<Vec<u8>, ReportError> {
    if opts.mask_wallets {
        format.exporter().render(&mask::masked(data))
    } else {
        format.exporter().render(data)
    }
}

/// Writes `bytes` to `path` whole or not at all, readable by the owner
/// only (like the ledger): a report names who was paid how much.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), ReportError> {
    atomic::write_file(path, bytes).map_err(|source| ReportError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Report times are UTC RFC 3339 with seconds, the same form the ledger uses.
pub fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The rows table's columns, shared by the CSV and XLSX writers so that both
/// carry the same columns under the same headers (documented in auditors.md).
pub(crate) const COLUMNS: [&str; 18] = [
    "Row",
    "Reference",
    "Name",
    "Wallet",
    "Provider",
    "Amount (Tk)",
    "Amount (poisha)",
    "tradeNo",
    "platFormTradeNo",
    "Status",
    "Status code",
    "Status description",
    "Attempts",
    "First sent",
    "Last update",
    "Success time",
    "Notes",
    "Statement",
];

/// Joins a row's notes into one cell.
pub(crate) fn notes_cell(row: &ReportRow) -> String {
    row.notes.join("; ")
}

/// The summary as label/value lines, shared by the CSV summary file and the
/// XLSX summary sheet so both say the same thing in the same order.
pub(crate) fn summary_lines(s: &Summary) -> Vec<(String, String)> {
    let mut out = vec![
        ("Batch".to_string(), s.batch.clone()),
        ("payrun version".to_string(), s.payrun_version.clone()),
        (
            "Merchant number".to_string(),
            s.merchant_no.clone().unwrap_or_default(),
        ),
        (
            "Gateway base URL".to_string(),
            s.gateway_url.clone().unwrap_or_default(),
        ),
        (
            "Started".to_string(),
            s.started_at.clone().unwrap_or_default(),
        ),
        (
            "Finished".to_string(),
            s.finished_at.clone().unwrap_or_default(),
        ),
        ("Report generated".to_string(), s.generated_at.clone()),
        (
            "Wallets masked".to_string(),
            if s.wallets_masked { "yes" } else { "no" }.to_string(),
        ),
    ];
    for (i, input) in s.inputs.iter().enumerate() {
        let n = i + 1;
        out.push((format!("Input file {n}"), input.name.clone()));
        out.push((format!("Input file {n} SHA-256"), input.sha256.clone()));
        out.push((
            format!("Input file {n} validated-payouts digest"),
            input.payouts_digest.clone().unwrap_or_default(),
        ));
    }
    let c = &s.control;
    out.push(("Control (rows)".to_string(), c.rows_equation()));
    out.push(("Control (taka)".to_string(), c.amount_equation()));
    if c.unreadable_amounts > 0 {
        out.push((
            "Invalid rows with unreadable amount (0 taka both sides)".to_string(),
            c.unreadable_amounts.to_string(),
        ));
    }
    out.push(("Control result".to_string(), c.verdict()));
    if s.approvals.is_empty() {
        out.push(("Approvals".to_string(), "none recorded".to_string()));
    }
    for a in &s.approvals {
        let note = a
            .note
            .as_deref()
            .map(|n| format!(" ({n})"))
            .unwrap_or_default();
        let how = match (&a.key_fingerprint, a.signed) {
            (Some(fp), true) => format!("signed, key {fp}"),
            _ => "unsigned".to_string(),
        };
        let label = if a.role == "prepare" {
            "Prepared by"
        } else {
            "Approved by"
        };
        out.push((
            label.to_string(),
            format!("{} ({how}) at {}{note}", a.by, a.at),
        ));
    }
    out
}
