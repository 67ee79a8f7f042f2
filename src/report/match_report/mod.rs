//! The match report (`payrun match`): one row per payout in scope and per
//! statement line of no payout in scope, discrepancies first, each with its
//! class and a short next step; the control equations on the summary.
//!
//! Built on the report layer's parts: the format follows the extension
//! ([`ReportFormat`]), every file is written atomically and privately, and
//! every text cell goes through the one formula-neutralising rule. One file
//! per format, like the batch report, so that the two stacks can fold into
//! one exporter layer without touching the match itself.

mod csv;
mod json;
pub mod model;
pub mod text;
mod xlsx;

pub use json::{FORMAT_NAME, parse};
pub use model::{MatchReport, MatchRow, MatchSummary, StatementRef, build};

use super::{ReportError, ReportFormat, companion_path, write_atomically};
use std::path::{Path, PathBuf};

/// The rows table's columns, shared by the CSV and XLSX writers.
pub(crate) const COLUMNS: [&str; 23] = [
    "Class",
    "Next step",
    "Detail",
    "Batch",
    "Sheet row",
    "Reference",
    "Name",
    "Wallet",
    "Provider",
    "tradeNo",
    "platFormTradeNo",
    "Ledger status",
    "Amount (Tk)",
    "Amount (poisha)",
    "Statement lines",
    "Statement time",
    "Statement status",
    "Debited (Tk)",
    "Credited (Tk)",
    "Fee (Tk)",
    "Net (Tk)",
    "Net (poisha)",
    "Class key",
];

/// Writes the report to `path` in the format its extension names, and its
/// companion files (a CSV's summary). Returns every path, the main one first.
pub fn write(path: &Path, report: &MatchReport) -> Result<Vec<PathBuf>, ReportError> {
    let (bytes, companions) = match ReportFormat::from_path(path)? {
        ReportFormat::Csv => (
            csv::rows(report)?,
            vec![(".summary.csv".to_string(), csv::summary(&report.summary)?)],
        ),
        ReportFormat::Xlsx => (xlsx::render(report)?, Vec::new()),
        ReportFormat::Json => (json::render(report)?, Vec::new()),
    };
    let mut written = vec![path.to_path_buf()];
    for (suffix, extra) in companions {
        let p = companion_path(path, &suffix);
        write_atomically(&p, &extra)?;
        written.push(p);
    }
    write_atomically(path, &bytes)?;
    Ok(written)
}

/// The default path, beside the batch report:
/// `<ledger folder>/reports/<label>.match.xlsx`, or
/// `<ledger folder>/reports/match-<from>_<to>.xlsx` for a period.
pub fn default_path(ledger: &Path, label: Option<&str>, period: Option<(&str, &str)>) -> PathBuf {
    let stem = match (label, period) {
        (Some(l), _) => format!("{l}.match"),
        (None, Some((from, to))) => format!("match-{from}_{to}"),
        (None, None) => "match".to_string(),
    };
    super::from_ledger::default_report_path(ledger, &stem)
}

/// The summary as label/value lines, shared by the CSV summary file, the
/// XLSX summary sheet and the terminal, so all say the same in one order.
pub(crate) fn summary_lines(s: &MatchSummary) -> Vec<(String, String)> {
    let mut out = vec![
        ("Batches".to_string(), s.batches.join(", ")),
        ("payrun version".to_string(), s.payrun_version.clone()),
        ("Report generated".to_string(), s.generated_at.clone()),
    ];
    if let (Some(f), Some(t)) = (&s.from, &s.to) {
        out.push(("Period".to_string(), format!("{f} to {t}")));
    }
    out.push(("Statement".to_string(), s.statement.file_name.clone()));
    out.push(("Statement SHA-256".to_string(), s.statement.sha256.clone()));
    out.push((
        "Statement imported".to_string(),
        s.statement.imported_at.clone(),
    ));
    for (i, u) in s.statements_used.iter().enumerate() {
        out.push((
            format!("Statement used {}", i + 1),
            format!("{} ({} lines, SHA-256 {})", u.file_name, u.lines, u.sha256),
        ));
    }
    for c in crate::matching::Class::ALL {
        out.push((format!("Rows {}", c.label()), s.count(c).to_string()));
    }
    out.push((
        "Rows needing attention".to_string(),
        s.needs_attention.to_string(),
    ));
    for e in &s.equations.equations {
        out.push((format!("Control: {}", e.name), e.text()));
    }
    out.push((
        "Fees on the statement".to_string(),
        format!("Tk {}", s.equations.fees),
    ));
    out.push((
        "Credited back (reversals, refunds, deposits)".to_string(),
        format!("Tk {}", s.equations.credits),
    ));
    out.push((
        "Result".to_string(),
        if s.all_matched {
            "ALL MATCHED".to_string()
        } else {
            "NEEDS ATTENTION".to_string()
        },
    ));
    out
}
