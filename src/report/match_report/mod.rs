//! The match report (`payrun match`): one row per payout in scope and per
//! statement line of no payout in scope, discrepancies first, each with its
//! class and a short next step; the control equations on the summary.
//!
//! Written by the report layer's exporters like the batch report: the
//! format follows the extension, every file is written atomically and
//! privately, and the table below is said once for CSV and XLSX.

pub mod model;
pub mod text;

pub use model::{MatchReport, MatchRow, MatchSummary, build};

use super::ReportError;
use super::table::{Cell, Mark};
use crate::matching::Class;
use std::borrow::Cow;
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

/// One row of the Rows table, in [`COLUMNS`] order: the class in green
/// when matched and in the alarm colour otherwise.
pub(crate) fn row_cells(r: &MatchRow) -> [Cell<'_>; 23] {
    let mark = if r.class == Class::Matched.key() {
        Mark::Good
    } else {
        Mark::Alarm
    };
    let long = |s: &str| Cell::long(s.to_string());
    [
        Cell::Marked(Cow::Borrowed(&r.class_label), mark),
        long(&r.next_step),
        long(&r.detail),
        Cell::text(r.batch.as_deref()),
        r.sheet_row.map_or(Cell::Empty, |n| Cell::Int(n as i64)),
        Cell::text(r.reference.as_deref()),
        Cell::text(r.name.as_deref()),
        Cell::text(r.wallet.as_deref()),
        Cell::text(r.provider.as_deref()),
        Cell::text(r.trade_no.as_deref()),
        Cell::text(r.platform_trade_no.as_deref()),
        Cell::text(r.ledger_status.as_deref()),
        Cell::taka(r.amount),
        Cell::poisha(r.amount),
        Cell::text(Some(&r.statement_lines)),
        Cell::text(r.statement_time.as_deref()),
        Cell::text(r.statement_status.as_deref()),
        Cell::Taka(r.debited),
        Cell::Taka(r.credited),
        Cell::Taka(r.fee),
        Cell::Taka(r.net),
        Cell::Poisha(r.net),
        Cell::text(Some(&r.class)),
    ]
}

/// An equation term by term, for the summaries: the left side, each term of
/// the right side indented, and the difference, labelled by `difference`
/// from the verdict.
pub(crate) fn equation_terms<'e>(
    e: &'e crate::matching::Equation,
    difference: impl Fn(&str) -> String + 'e,
) -> impl Iterator<Item = (String, crate::money::Amount)> + 'e {
    std::iter::once((e.left_label.clone(), e.left))
        .chain(e.right.iter().map(|t| (format!("  {}", t.label), t.amount)))
        .chain(std::iter::once((difference(&e.verdict()), e.difference)))
}

/// Writes the report to `path` in the format its extension names, and its
/// companion files (a CSV's summary). Returns every path, the main one first.
pub fn write(path: &Path, report: &MatchReport) -> Result<Vec<PathBuf>, ReportError> {
    super::write_files(path, report)
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
