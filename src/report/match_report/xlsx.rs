//! The match report as XLSX: a `Summary` sheet (counts per class, the
//! control equations) and a `Rows` sheet. Text is written as text cells,
//! never formulas, so wallet ids and order numbers keep their leading zeros
//! and a cell like `=HYPERLINK(...)` stays text. Amounts are numbers.

use super::model::{MatchReport, MatchRow, MatchSummary};
use super::{COLUMNS, summary_lines};
use crate::matching::Class;
use crate::money::Amount;
use crate::report::ReportError;
use rust_xlsxwriter::{Color, Format, FormatBorder, Workbook, Worksheet, XlsxError};

/// Excel's last row index.
const MAX_ROWS: usize = 1_048_575;
const TAKA_FORMAT: &str = "\"৳\"#,##0.00";
const WIDTHS: [f64; 23] = [
    24.0, 48.0, 48.0, 16.0, 8.0, 14.0, 22.0, 15.0, 9.0, 28.0, 22.0, 12.0, 13.0, 14.0, 26.0, 20.0,
    14.0, 13.0, 13.0, 10.0, 13.0, 13.0, 16.0,
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
                .set_num_format("@")
                .set_background_color(Color::RGB(0xC6EFCE)),
            bad: Format::new()
                .set_num_format("@")
                .set_bold()
                .set_font_color(Color::White)
                .set_background_color(Color::RGB(0xC00000)),
        }
    }
}

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

fn taka(ws: &mut Worksheet, row: u32, col: u16, a: Amount, f: &Formats) -> Result<(), XlsxError> {
    ws.write_number_with_format(row, col, a.to_taka_f64(), &f.taka)?;
    Ok(())
}

fn write_row(ws: &mut Worksheet, row: u32, r: &MatchRow, f: &Formats) -> Result<(), XlsxError> {
    let class_format = if r.class == Class::Matched.key() {
        &f.good
    } else {
        &f.bad
    };
    ws.write_string_with_format(row, 0, &r.class_label, class_format)?;
    text(ws, row, 1, Some(&r.next_step), &f.text)?;
    text(ws, row, 2, Some(&r.detail), &f.text)?;
    text(ws, row, 3, r.batch.as_deref(), &f.text)?;
    if let Some(n) = r.sheet_row {
        ws.write_number(row, 4, n as f64)?;
    }
    text(ws, row, 5, r.reference.as_deref(), &f.text)?;
    text(ws, row, 6, r.name.as_deref(), &f.text)?;
    text(ws, row, 7, r.wallet.as_deref(), &f.text)?;
    text(ws, row, 8, r.provider.as_deref(), &f.text)?;
    text(ws, row, 9, r.trade_no.as_deref(), &f.text)?;
    text(ws, row, 10, r.platform_trade_no.as_deref(), &f.text)?;
    text(ws, row, 11, r.ledger_status.as_deref(), &f.text)?;
    if let Some(a) = r.amount {
        taka(ws, row, 12, a, f)?;
        ws.write_number_with_format(row, 13, a.poisha() as f64, &f.poisha)?;
    }
    text(ws, row, 14, Some(&r.statement_lines), &f.text)?;
    text(ws, row, 15, r.statement_time.as_deref(), &f.text)?;
    text(ws, row, 16, r.statement_status.as_deref(), &f.text)?;
    taka(ws, row, 17, r.debited, f)?;
    taka(ws, row, 18, r.credited, f)?;
    taka(ws, row, 19, r.fee, f)?;
    taka(ws, row, 20, r.net, f)?;
    ws.write_number_with_format(row, 21, r.net.poisha() as f64, &f.poisha)?;
    ws.write_string_with_format(row, 22, &r.class, &f.text)?;
    Ok(())
}

fn row_index(i: usize) -> Result<u32, ReportError> {
    if i > MAX_ROWS {
        return Err(ReportError::Xlsx(format!(
            "{i} rows do not fit in one Excel sheet (max {MAX_ROWS}); write a .csv or .json match report instead"
        )));
    }
    u32::try_from(i).map_err(|_| ReportError::Xlsx(format!("row {i} out of range")))
}

fn rows_sheet(ws: &mut Worksheet, report: &MatchReport, f: &Formats) -> Result<(), ReportError> {
    ws.set_name("Rows").map_err(xerr)?;
    for (col, (title, width)) in COLUMNS.iter().zip(WIDTHS).enumerate() {
        let col = col as u16;
        ws.write_string_with_format(0, col, *title, &f.header)
            .map_err(xerr)?;
        ws.set_column_width(col, width).map_err(xerr)?;
    }
    for (i, r) in report.rows.iter().enumerate() {
        write_row(ws, row_index(i + 1)?, r, f).map_err(xerr)?;
    }
    let last = row_index(report.rows.len())?;
    ws.set_freeze_panes(1, 0).map_err(xerr)?;
    ws.autofilter(0, 0, last, (COLUMNS.len() - 1) as u16)
        .map_err(xerr)?;
    Ok(())
}

fn summary_sheet(ws: &mut Worksheet, s: &MatchSummary, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name("Summary")?;
    ws.set_column_width(0, 46.0)?;
    ws.set_column_width(1, 90.0)?;
    ws.set_column_width(2, 16.0)?;
    ws.set_column_width(3, 18.0)?;
    let mut row = 0u32;
    for (label, value) in summary_lines(s) {
        ws.write_string_with_format(row, 0, &label, &f.header)?;
        let fmt = match label.as_str() {
            "Result" if s.all_matched => &f.good,
            "Result" => &f.bad,
            l if l.starts_with("Control: ")
                && value.ends_with("BALANCED")
                && !value.contains("NOT") =>
            {
                &f.good
            }
            l if l.starts_with("Control: ") => &f.bad,
            _ => &f.text,
        };
        ws.write_string_with_format(row, 1, &value, fmt)?;
        row += 1;
    }
    row += 1;
    for (col, title) in ["Equation", "Term", "Amount (Tk)", "Amount (poisha)"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(row, col as u16, *title, &f.header)?;
    }
    for e in &s.equations.equations {
        let terms = std::iter::once((e.left_label.clone(), e.left))
            .chain(e.right.iter().map(|t| (format!("  {}", t.label), t.amount)))
            .chain(std::iter::once((
                format!("  difference: {}", e.verdict()),
                e.difference,
            )));
        for (term, a) in terms {
            row += 1;
            ws.write_string_with_format(row, 0, &e.name, &f.text)?;
            ws.write_string_with_format(row, 1, &term, &f.text)?;
            taka(ws, row, 2, a, f)?;
            ws.write_number_with_format(row, 3, a.poisha() as f64, &f.poisha)?;
        }
    }
    Ok(())
}

pub(super) fn render(report: &MatchReport) -> Result<Vec<u8>, ReportError> {
    crate::xlsxtmp::ensure_temp_writable().map_err(|e| ReportError::Xlsx(e.to_string()))?;
    let f = Formats::new();
    let mut wb = Workbook::new();
    summary_sheet(wb.add_worksheet(), &report.summary, &f).map_err(xerr)?;
    rows_sheet(wb.add_worksheet_with_constant_memory(), report, &f)?;
    wb.save_to_buffer().map_err(xerr)
}
