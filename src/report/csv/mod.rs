//! CSV: every report as CSV files. The rows in `NAME.csv`; what does not
//! fit one table beside it (`NAME.summary.csv`, `NAME.approvals.csv`),
//! because a CSV holds only one table. The dialect (BOM, CRLF, quoting,
//! the neutralising rule) is in [`table`].
//!
//! Excel drops the leading zero of a wallet id when it *opens* a CSV; the
//! file itself keeps `01712345678`, and the XLSX keeps it on screen too.

mod check;
pub(super) mod summary;
pub(crate) mod table;

pub(crate) use check::CheckCsv;

use super::match_report::MatchReport;
use super::model::ReportData;
use super::table::TableWriter;
use super::{Exporter, Rendered, ReportError, approvals, batch, match_report};

pub(crate) struct CsvExporter;

pub(crate) fn csv_err(e: ::csv::Error) -> ReportError {
    ReportError::Csv(e.to_string())
}

impl Exporter<ReportData> for CsvExporter {
    fn render(&self, data: &ReportData) -> Result<Rendered, ReportError> {
        let main = table::render(&batch::COLUMNS, |t| {
            data.rows
                .iter()
                .try_for_each(|r| t.row(&batch::row_cells(r)))
        })
        .map_err(csv_err)?;
        let mut companions = vec![(".summary.csv".to_string(), summary::batch(&data.summary)?)];
        // Each statement and signature, for auditors (docs/auditors.md).
        let approvals = &data.summary.approvals;
        if !approvals.is_empty() {
            let bytes = table::render(&approvals::COLUMNS, |t| {
                approvals
                    .iter()
                    .try_for_each(|a| t.row(&approvals::row_cells(a)))
            })
            .map_err(csv_err)?;
            companions.push((".approvals.csv".to_string(), bytes));
        }
        Ok(Rendered { main, companions })
    }
}

impl Exporter<MatchReport> for CsvExporter {
    fn render(&self, report: &MatchReport) -> Result<Rendered, ReportError> {
        Ok(Rendered {
            main: table::render(&match_report::COLUMNS, |t| {
                (report.rows.iter()).try_for_each(|r| t.row(&match_report::row_cells(r)))
            })
            .map_err(csv_err)?,
            companions: vec![(
                ".summary.csv".to_string(),
                summary::matching(&report.summary)?,
            )],
        })
    }
}
