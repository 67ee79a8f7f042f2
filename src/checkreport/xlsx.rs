//! The XLSX row-result file: the user's columns as text (wallet ids stay
//! text, so Excel cannot eat a leading zero again), invalid cells in red.

use super::{
    EXTRA_COLUMNS, ReportError, Status, error_columns, for_each_row, issues_text, write_atomic,
};
use crate::intake::{CellKind, Field};
use crate::validate::Validated;
use rust_xlsxwriter::{Color, Format, Workbook, XlsxError};
use std::io::Write;
use std::path::Path;

/// Excel's row limit, header included.
const MAX_ROWS: usize = 1_048_576;
/// Excel's cell limit in characters.
const MAX_CHARS: usize = 32_767;

fn cut(s: &str) -> &str {
    match s.char_indices().nth(MAX_CHARS - 1) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

pub(super) fn write(v: &Validated, path: &Path) -> Result<(), ReportError> {
    let shown = path.display().to_string();
    if v.rows_read + 1 > MAX_ROWS {
        return Err(ReportError::Format {
            path: shown,
            message: format!(
                "{} rows do not fit in an XLSX sheet (limit {MAX_ROWS}); write a .csv report instead",
                v.rows_read
            ),
        });
    }
    let bytes = build(v).map_err(|e| ReportError::Format {
        path: shown.clone(),
        message: e.to_string(),
    })?;
    write_atomic(path, |w| w.write_all(&bytes))
}

fn build(v: &Validated) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("check")?;
    let bold = Format::new().set_bold();
    let text = Format::new().set_num_format("@");
    let red = Format::new()
        .set_num_format("@")
        .set_background_color(Color::RGB(0xFFC7CE))
        .set_font_color(Color::RGB(0x9C0006));
    let amber = Format::new().set_background_color(Color::RGB(0xFFEB9C));
    let width = v.sheet.layout.headers.len();
    let wallet_col = v.sheet.layout.columns.get(Field::Wallet);
    for (c, h) in v.sheet.layout.headers.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, cut(h), &bold)?;
    }
    for (k, name) in EXTRA_COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(0, (width + k) as u16, *name, &bold)?;
    }
    // Wallet ids must stay text, whole columns included.
    if let Some(c) = wallet_col {
        sheet.set_column_format(c as u16, &text)?;
    }
    sheet.set_column_format((width + 2) as u16, &text)?;
    sheet.set_freeze_panes(1, 0)?;
    let mut i = 0u32;
    let mut write_row = |r: &super::ReportRow<'_>| -> Result<(), XlsxError> {
        i += 1;
        let row = i;
        let bad = error_columns(v, r.issues);
        for c in 0..width {
            let Some(cell) = r.raw.cell(c) else { continue };
            let col = c as u16;
            if bad.contains(&c) {
                sheet.write_string_with_format(row, col, cut(cell.text), &red)?;
            } else if cell.kind == CellKind::Number
                && Some(c) != wallet_col
                && let Ok(n) = cell.text.parse::<f64>()
            {
                sheet.write_number(row, col, n)?;
            } else if !cell.text.is_empty() {
                sheet.write_string_with_format(row, col, cut(cell.text), &text)?;
            }
        }
        let base = width as u16;
        sheet.write_number(row, base, r.raw.number() as f64)?;
        match r.status {
            Status::Invalid => sheet.write_string_with_format(row, base + 1, "invalid", &red)?,
            Status::Warning => sheet.write_string_with_format(row, base + 1, "warning", &amber)?,
            Status::Ok => sheet.write_string(row, base + 1, "ok")?,
        };
        if let Some(w) = r.wallet {
            sheet.write_string_with_format(row, base + 2, w, &text)?;
        }
        if let Some(p) = r.provider {
            sheet.write_string(row, base + 3, p.default_way_code())?;
        }
        if let Some(a) = r.amount {
            // Exact: poisha below 2^53 are exact in f64.
            sheet.write_number(row, base + 4, a.poisha() as f64)?;
        }
        if !r.issues.is_empty() {
            sheet.write_string(row, base + 5, cut(&issues_text(r.issues)))?;
        }
        Ok(())
    };
    for_each_row(v, |r| write_row(r).map_err(std::io::Error::other)).map_err(io_to_xlsx)?;
    book.save_to_buffer()
}

fn io_to_xlsx(e: std::io::Error) -> XlsxError {
    XlsxError::IoError(e)
}
