//! What `payrun check` writes: the human and JSON summaries, and the
//! row-by-row result file (CSV or XLSX) next to the user's own columns.
//!
//! Every file is written to a temporary name in the target directory and
//! renamed into place, so a crash or a full disk never leaves a half-written
//! report that looks complete.

mod csv;
mod summary;
mod xlsx;

pub use summary::{human_summary, json_summary};

use crate::intake::{Field, RowView};
use crate::money::Amount;
use crate::validate::{RowIssue, Severity, Validated};
use crate::wallet::Provider;
use std::io::{self, Write};
use std::path::Path;

/// Why the row-result file could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: io::Error,
    },
    #[error("{path}: {message}")]
    Format { path: String, message: String },
}

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
pub struct ReportRow<'a> {
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

/// Joins raw rows, arriving in sheet order, with their verdicts. Payouts,
/// invalid rows and issues are all sorted by row, so this is one merge pass,
/// not a lookup per row.
#[derive(Default)]
struct Joiner {
    pi: usize,
    ii: usize,
    si: usize,
}

impl Joiner {
    fn join<'a>(&mut self, v: &'a Validated, raw: RowView<'a>) -> ReportRow<'a> {
        let n = raw.number();
        while v.payouts.get(self.pi).is_some_and(|p| p.row < n) {
            self.pi += 1;
        }
        while v.invalid.get(self.ii).is_some_and(|r| r.row < n) {
            self.ii += 1;
        }
        while v.issues.get(self.si).is_some_and(|i| i.row < n) {
            self.si += 1;
        }
        let start = self.si;
        while v.issues.get(self.si).is_some_and(|i| i.row == n) {
            self.si += 1;
        }
        let issues = v.issues.get(start..self.si).unwrap_or(&[]);
        if let Some(p) = v.payouts.get(self.pi).filter(|p| p.row == n) {
            let status = if issues.iter().any(|i| i.severity == Severity::Warning) {
                Status::Warning
            } else {
                Status::Ok
            };
            ReportRow {
                raw,
                status,
                wallet: Some(&p.wallet),
                provider: Some(p.provider),
                amount: Some(p.amount),
                issues,
            }
        } else {
            let inv = v.invalid.get(self.ii).filter(|r| r.row == n);
            ReportRow {
                raw,
                status: Status::Invalid,
                wallet: inv.and_then(|r| r.wallet.as_deref()),
                provider: inv.and_then(|r| r.provider),
                amount: inv.and_then(|r| r.amount),
                issues,
            }
        }
    }
}

/// Reads the sheet's rows again and hands each, joined with its verdict, to
/// `each`. The rows are not kept in memory between validation and report,
/// so they are read again here, and the file's SHA-256 must match the one
/// validated: a report never mixes two versions of a sheet.
pub fn for_each_row(
    v: &Validated,
    mut each: impl FnMut(&ReportRow<'_>) -> io::Result<()>,
) -> io::Result<()> {
    let mut joiner = Joiner::default();
    let mut failed: Option<io::Error> = None;
    // Reading runs on its own thread, formatting and writing on this one.
    let (tx, rx) = std::sync::mpsc::sync_channel::<crate::intake::RowTable>(2);
    let read = std::thread::scope(|scope| {
        let reader = scope.spawn(move || {
            crate::intake::read_sheet_chunked(
                &v.sheet.path,
                &v.sheet.read_options,
                16 * 1024,
                &mut |_, chunk| {
                    // A closed channel means writing failed; stop sending.
                    let _ = tx.send(chunk);
                },
            )
        });
        for chunk in rx {
            if failed.is_some() {
                continue;
            }
            for raw in chunk.iter() {
                let row = joiner.join(v, raw);
                if let Err(e) = each(&row) {
                    failed = Some(e);
                    break;
                }
            }
        }
        reader.join()
    });
    let again = match read {
        Ok(r) => {
            r.map_err(|e| io::Error::other(format!("reading the sheet again for the report: {e}")))?
        }
        Err(_) => return Err(io::Error::other("the sheet reader stopped unexpectedly")),
    };
    if let Some(e) = failed {
        return Err(e);
    }
    if again.file_sha256 != v.file_sha256 {
        return Err(io::Error::other(format!(
            "{} changed while it was being checked; check it again",
            v.file_name
        )));
    }
    Ok(())
}

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
pub fn error_columns(v: &Validated, issues: &[RowIssue]) -> Vec<usize> {
    let mut cols = Vec::new();
    for i in issues.iter().filter(|i| i.severity == Severity::Error) {
        let Some(h) = &i.column else { continue };
        for f in Field::ALL {
            if let Some(c) = v.sheet.layout.columns.get(f)
                && v.sheet.layout.header(c) == *h
            {
                cols.push(c);
            }
        }
    }
    cols
}

/// Refuses a report path payrun cannot write, before any work is done.
pub fn check_report_path(path: &Path) -> Result<(), ReportError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if ext == "csv" || ext == "xlsx" {
        Ok(())
    } else {
        Err(ReportError::Format {
            path: path.display().to_string(),
            message: "the report must end in .csv or .xlsx".into(),
        })
    }
}

/// Writes the row-result file, choosing CSV or XLSX by extension.
pub fn write_report(v: &Validated, path: &Path) -> Result<(), ReportError> {
    check_report_path(path)?;
    let is_xlsx = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if is_xlsx {
        xlsx::write(v, path)
    } else {
        csv::write(v, path)
    }
}

/// Writes `path` atomically: into a temporary file in the same directory,
/// synced, then renamed over the target. On any error the temporary file is
/// removed and the target is untouched.
pub fn write_atomic(
    path: &Path,
    fill: impl FnOnce(&mut io::BufWriter<std::fs::File>) -> io::Result<()>,
) -> Result<(), ReportError> {
    let shown = path.display().to_string();
    let io_err = |source| ReportError::Io {
        path: shown.clone(),
        source,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).map_err(io_err)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report".into());
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let file = std::fs::File::create(&tmp)?;
        let mut w = io::BufWriter::with_capacity(256 * 1024, file);
        fill(&mut w)?;
        w.flush()?;
        let file = w.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(io_err(e));
    }
    Ok(())
}
