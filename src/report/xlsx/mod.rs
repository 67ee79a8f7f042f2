//! XLSX: every report as one workbook, a Summary sheet first, then its
//! tables (Rows, Approvals). Text cells are text, never formulas; amounts
//! are numbers with lakh grouping; every sheet prints landscape, one page
//! wide, with its header row on every page and a footer naming the batch
//! and the page ([`print`]).

mod check;
pub(crate) mod formats;
pub(crate) mod number;
pub(crate) mod print;
mod summary;
pub(crate) mod table;

pub(crate) use check::CheckXlsx;

use super::match_report::MatchReport;
use super::model::ReportData;
use super::table::TableWriter;
use super::{Exporter, Rendered, ReportError, approvals, batch, match_report};
use formats::Formats;
use rust_xlsxwriter::{Workbook, Worksheet};
use table::{TableError, TableState, XlsxTable};

pub(crate) struct XlsxExporter;

pub(crate) fn xerr(e: impl std::fmt::Display) -> ReportError {
    ReportError::Xlsx(e.to_string())
}

/// Writes a table sheet named `name`: the header, the rows `rows` writes,
/// and the print setup under `title`.
pub(crate) fn table_sheet<S: AsRef<str>>(
    ws: &mut Worksheet,
    f: &Formats,
    (name, title): (&str, &str),
    columns: &[S],
    rows: impl FnOnce(&mut XlsxTable<'_>) -> Result<(), TableError>,
) -> Result<(), TableError> {
    ws.set_name(name)?;
    let mut state = TableState::start(ws, f, columns)?;
    rows(&mut state.on(ws, f))?;
    state.finish(ws, title)
}

/// A new workbook, once the temporary folder it streams through is known
/// to be writable (see src/xlsxtmp.rs).
fn workbook() -> Result<Workbook, ReportError> {
    crate::xlsxtmp::ensure_temp_writable().map_err(xerr)?;
    Ok(Workbook::new())
}

impl Exporter<ReportData> for XlsxExporter {
    fn render(&self, data: &ReportData) -> Result<Rendered, ReportError> {
        let f = Formats::new();
        let title = format!("Batch {}", data.summary.batch);
        let mut wb = workbook()?;
        summary::batch(wb.add_worksheet(), &data.summary, &f, &title).map_err(xerr)?;
        // Constant memory: a 100,000-row batch streams to a temporary file.
        let rows = wb.add_worksheet_with_constant_memory();
        table_sheet(rows, &f, ("Rows", &title), &batch::COLUMNS, |t| {
            data.rows
                .iter()
                .try_for_each(|r| t.row(&batch::row_cells(r)))
        })
        .map_err(xerr)?;
        let approvals = &data.summary.approvals;
        let sheet = wb.add_worksheet();
        table_sheet(sheet, &f, ("Approvals", &title), &approvals::COLUMNS, |t| {
            approvals
                .iter()
                .try_for_each(|a| t.row(&approvals::row_cells(a)))
        })
        .map_err(xerr)?;
        Ok(Rendered::alone(wb.save_to_buffer().map_err(xerr)?))
    }
}

impl Exporter<MatchReport> for XlsxExporter {
    fn render(&self, report: &MatchReport) -> Result<Rendered, ReportError> {
        let f = Formats::new();
        let title = format!("Statement match: {}", report.summary.batches.join(", "));
        let mut wb = workbook()?;
        summary::matching(wb.add_worksheet(), &report.summary, &f, &title).map_err(xerr)?;
        let rows = wb.add_worksheet_with_constant_memory();
        table_sheet(rows, &f, ("Rows", &title), &match_report::COLUMNS, |t| {
            (report.rows.iter()).try_for_each(|r| t.row(&match_report::row_cells(r)))
        })
        .map_err(xerr)?;
        Ok(Rendered::alone(wb.save_to_buffer().map_err(xerr)?))
    }
}
