//! The XLSX report: a Summary sheet, a Rows sheet and an Approvals sheet.
//!
//! Every text cell is written with `write_string` and a text format, never as
//! a formula, so a payee named `=HYPERLINK(...)` stays a name and wallet ids
//! and tradeNos keep their leading zeros. Amounts are numbers with a taka
//! format so finance can sum them; the exact poisha sit beside them.

use super::model::{ReportData, ReportRow, RowStatus, Summary};
use super::{COLUMNS, Exporter, ReportError, notes_cell, summary_lines};
use rust_xlsxwriter::{Color, Format, FormatBorder, Workbook, Worksheet, XlsxError};

pub(crate) struct XlsxExporter;

pub(crate) mod formats;
pub(crate) mod number;
pub(crate) mod print;
pub(crate) mod table;

/// Excel's last row index; a batch bigger than a sheet must not be cut short.
const MAX_ROWS: usize = 1_048_575;

const TAKA_FORMAT: &str = "\"৳\"#,##0.00";

/// Column widths of the Rows sheet, in [`COLUMNS`] order.
const WIDTHS: [f64; 18] = [
    6.0, 14.0, 24.0, 15.0, 9.0, 14.0, 14.0, 28.0, 22.0, 11.0, 11.0, 28.0, 9.0, 21.0, 21.0, 20.0,
    50.0, 40.0,
];

fn xerr(e: XlsxError) -> ReportError {
    ReportError::Xlsx(e.to_string())
}

struct Formats {
    header: Format,
    text: Format,
    taka: Format,
    poisha: Format,
    good: Format,
    bad: Format,
    /// One format per [`RowStatus`], built once: building a `Format` per row
    /// showed up in the profile of a 100,000-row report.
    statuses: Vec<Format>,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xD9E1F2))
                .set_border_bottom(FormatBorder::Thin),
            text: Format::new().set_num_format("@"),
            taka: Format::new().set_num_format(TAKA_FORMAT),
            poisha: Format::new().set_num_format("0"),
            good: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xC6EFCE)),
            bad: Format::new()
                .set_bold()
                .set_font_color(Color::White)
                .set_background_color(Color::RGB(0xC00000)),
            statuses: RowStatus::ALL.into_iter().map(Formats::status).collect(),
        }
    }

    /// The colour of `status`, in [`RowStatus::ALL`] order.
    fn for_status(&self, status: RowStatus) -> &Format {
        RowStatus::ALL
            .iter()
            .position(|s| *s == status)
            .and_then(|i| self.statuses.get(i))
            .unwrap_or(&self.text)
    }

    /// Status colours: green paid, amber processing, red failed, and a loud
    /// dark red for conflicts, which a person must resolve.
    fn status(status: RowStatus) -> Format {
        let (bg, white) = match status {
            RowStatus::Paid => (0xC6EFCE, false),
            RowStatus::Processing => (0xFFEB9C, false),
            RowStatus::Failed => (0xFFC7CE, false),
            RowStatus::Unknown => (0xF8CBAD, false),
            RowStatus::NotSent => (0xD9D9D9, false),
            RowStatus::Invalid => (0xE4DFEC, false),
            RowStatus::Conflict => (0xC00000, true),
        };
        let f = Format::new()
            .set_num_format("@")
            .set_background_color(Color::RGB(bg));
        if white {
            f.set_bold().set_font_color(Color::White)
        } else {
            f
        }
    }
}

fn row_index(i: usize) -> Result<u32, ReportError> {
    if i > MAX_ROWS {
        return Err(ReportError::Xlsx(format!(
            "{i} rows do not fit in one Excel sheet (max {MAX_ROWS}); write a .csv or .json report instead"
        )));
    }
    u32::try_from(i).map_err(|_| ReportError::Xlsx(format!("row {i} out of range")))
}

/// Writes text only when there is some, so empty cells stay truly empty.
fn text(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    s: Option<&str>,
    f: &Format,
) -> Result<(), XlsxError> {
    if let Some(s) = s.filter(|s| !s.is_empty()) {
        ws.write_string_with_format(row, col, s, f)?;
    }
    Ok(())
}

fn write_row(ws: &mut Worksheet, row: u32, r: &ReportRow, f: &Formats) -> Result<(), XlsxError> {
    if let Some(n) = r.row_no {
        ws.write_number(row, 0, n as f64)?;
    }
    text(ws, row, 1, r.reference.as_deref(), &f.text)?;
    text(ws, row, 2, r.name.as_deref(), &f.text)?;
    text(ws, row, 3, Some(&r.wallet), &f.text)?;
    text(ws, row, 4, r.provider.map(|p| p.display_name()), &f.text)?;
    if let Some(a) = r.amount {
        ws.write_number_with_format(row, 5, a.to_taka_f64(), &f.taka)?;
        ws.write_number_with_format(row, 6, a.poisha() as f64, &f.poisha)?;
    }
    text(ws, row, 7, r.trade_no.as_deref(), &f.text)?;
    text(ws, row, 8, r.platform_trade_no.as_deref(), &f.text)?;
    ws.write_string_with_format(row, 9, r.status.label(), f.for_status(r.status))?;
    text(ws, row, 10, r.status_code.as_deref(), &f.text)?;
    text(ws, row, 11, r.status_desc.as_deref(), &f.text)?;
    ws.write_number(row, 12, f64::from(r.attempts))?;
    text(ws, row, 13, r.first_sent_at.as_deref(), &f.text)?;
    text(ws, row, 14, r.last_update_at.as_deref(), &f.text)?;
    text(ws, row, 15, r.success_time.as_deref(), &f.text)?;
    text(ws, row, 16, Some(&notes_cell(r)), &f.text)?;
    text(ws, row, 17, r.statement.as_deref(), &f.text)?;
    Ok(())
}

fn rows_sheet(ws: &mut Worksheet, data: &ReportData, f: &Formats) -> Result<(), ReportError> {
    ws.set_name("Rows").map_err(xerr)?;
    for (col, (title, width)) in COLUMNS.iter().zip(WIDTHS).enumerate() {
        let col = col as u16;
        ws.write_string_with_format(0, col, *title, &f.header)
            .map_err(xerr)?;
        ws.set_column_width(col, width).map_err(xerr)?;
    }
    for (i, r) in data.rows.iter().enumerate() {
        write_row(ws, row_index(i + 1)?, r, f).map_err(xerr)?;
    }
    let last = row_index(data.rows.len())?;
    ws.set_freeze_panes(1, 0).map_err(xerr)?;
    ws.autofilter(0, 0, last, (COLUMNS.len() - 1) as u16)
        .map_err(xerr)?;
    Ok(())
}

fn summary_sheet(ws: &mut Worksheet, s: &Summary, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name("Summary")?;
    ws.set_column_width(0, 44.0)?;
    ws.set_column_width(1, 16.0)?;
    ws.set_column_width(2, 18.0)?;
    ws.set_column_width(3, 18.0)?;
    let mut row = 0u32;
    for (label, value) in summary_lines(s) {
        ws.write_string_with_format(row, 0, &label, &f.header)?;
        let fmt = match label.as_str() {
            "Control result" if s.control.balanced => &f.good,
            "Control result" => &f.bad,
            _ => &f.text,
        };
        ws.write_string_with_format(row, 1, &value, fmt)?;
        row += 1;
    }
    row += 1;
    for (col, title) in ["Status", "Rows", "Amount (Tk)", "Amount (poisha)"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(row, col as u16, *title, &f.header)?;
    }
    for t in &s.by_status {
        row += 1;
        ws.write_string_with_format(row, 0, t.status.label(), f.for_status(t.status))?;
        ws.write_number(row, 1, t.rows as f64)?;
        ws.write_number_with_format(row, 2, t.amount.to_taka_f64(), &f.taka)?;
        ws.write_number_with_format(row, 3, t.amount.poisha() as f64, &f.poisha)?;
    }
    row += 2;
    for (col, title) in [
        "Provider / status",
        "Rows",
        "Amount (Tk)",
        "Amount (poisha)",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(row, col as u16, *title, &f.header)?;
    }
    for p in &s.by_provider {
        let name = p.provider.map(|p| p.display_name()).unwrap_or("(none)");
        row += 1;
        ws.write_string_with_format(row, 0, name, &f.header)?;
        ws.write_number(row, 1, p.rows as f64)?;
        ws.write_number_with_format(row, 2, p.amount.to_taka_f64(), &f.taka)?;
        ws.write_number_with_format(row, 3, p.amount.poisha() as f64, &f.poisha)?;
        for t in p.by_status.iter().filter(|t| t.rows > 0) {
            row += 1;
            ws.write_string_with_format(row, 0, format!("{name} / {}", t.status), &f.text)?;
            ws.write_number(row, 1, t.rows as f64)?;
            ws.write_number_with_format(row, 2, t.amount.to_taka_f64(), &f.taka)?;
            ws.write_number_with_format(row, 3, t.amount.poisha() as f64, &f.poisha)?;
        }
    }
    Ok(())
}

impl Exporter for XlsxExporter {
    fn render(&self, data: &ReportData) -> Result<Vec<u8>, ReportError> {
        crate::xlsxtmp::ensure_temp_writable().map_err(|e| ReportError::Xlsx(e.to_string()))?;
        let f = Formats::new();
        let mut wb = Workbook::new();
        summary_sheet(wb.add_worksheet(), &data.summary, &f).map_err(xerr)?;
        rows_sheet(wb.add_worksheet_with_constant_memory(), data, &f)?;
        super::approvals::sheet(
            wb.add_worksheet(),
            &data.summary.approvals,
            &f.header,
            &f.text,
        )
        .map_err(xerr)?;
        wb.save_to_buffer().map_err(xerr)
    }
}
