//! The XLSX row-result file: the user's columns as text (wallet ids stay
//! text, so Excel cannot eat a leading zero again), invalid cells in red.

use super::atomic::AtomicFile;
use super::{EXTRA_COLUMNS, ReportRow, Status, error_columns, issues_text};
use crate::intake::{CellKind, Field, Layout};
use rust_xlsxwriter::{Color, Format, Workbook, XlsxError};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Excel's row limit, header included.
const MAX_ROWS: u32 = 1_048_576;
/// Excel's cell limit in characters.
const MAX_CHARS: usize = 32_767;

fn cut(s: &str) -> &str {
    match s.char_indices().nth(MAX_CHARS - 1) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

fn io(e: XlsxError) -> io::Error {
    io::Error::other(e.to_string())
}

/// An XLSX report being built; it is written out whole on commit.
pub(super) struct XlsxSink {
    path: PathBuf,
    book: Workbook,
    layout: Layout,
    next_row: u32,
    text: Format,
    red: Format,
    amber: Format,
}

impl XlsxSink {
    pub(super) fn open(path: &Path, layout: &Layout) -> io::Result<XlsxSink> {
        crate::xlsxtmp::ensure_temp_writable()?;
        let mut book = Workbook::new();
        let text = Format::new().set_num_format("@");
        let bold = Format::new().set_bold();
        // Constant memory: a million-row check report streams to a temp file
        // instead of holding every cell (see src/xlsxtmp.rs).
        let sheet = book.add_worksheet_with_constant_memory();
        sheet.set_name("check").map_err(io)?;
        let width = layout.headers.len();
        for (c, h) in layout.headers.iter().enumerate() {
            sheet
                .write_string_with_format(0, c as u16, cut(h), &bold)
                .map_err(io)?;
        }
        for (k, name) in EXTRA_COLUMNS.iter().enumerate() {
            sheet
                .write_string_with_format(0, (width + k) as u16, *name, &bold)
                .map_err(io)?;
        }
        // Wallet ids must stay text, whole columns included.
        if let Some(c) = layout.columns.get(Field::Wallet) {
            sheet.set_column_format(c as u16, &text).map_err(io)?;
        }
        sheet
            .set_column_format((width + 2) as u16, &text)
            .map_err(io)?;
        sheet.set_freeze_panes(1, 0).map_err(io)?;
        Ok(XlsxSink {
            path: path.to_path_buf(),
            book,
            layout: layout.clone(),
            next_row: 1,
            text,
            red: Format::new()
                .set_num_format("@")
                .set_background_color(Color::RGB(0xFFC7CE))
                .set_font_color(Color::RGB(0x9C0006)),
            amber: Format::new().set_background_color(Color::RGB(0xFFEB9C)),
        })
    }

    pub(super) fn write(&mut self, r: &ReportRow<'_>) -> io::Result<()> {
        let row = self.next_row;
        if row >= MAX_ROWS {
            return Err(io::Error::other(format!(
                "more rows than an XLSX sheet holds ({MAX_ROWS}); write a .csv report instead"
            )));
        }
        self.next_row += 1;
        let layout = &self.layout;
        let width = layout.headers.len();
        let wallet_col = layout.columns.get(Field::Wallet);
        let bad = error_columns(layout, r.issues);
        let sheet = self.book.worksheet_from_index(0).map_err(io)?;
        for c in 0..width {
            let Some(cell) = r.raw.cell(c) else { continue };
            let col = c as u16;
            if bad.contains(&c) {
                sheet.write_string_with_format(row, col, cut(cell.text), &self.red)
            } else if cell.kind == CellKind::Number
                && Some(c) != wallet_col
                && let Ok(n) = cell.text.parse::<f64>()
            {
                sheet.write_number(row, col, n)
            } else if !cell.text.is_empty() {
                sheet.write_string_with_format(row, col, cut(cell.text), &self.text)
            } else {
                continue;
            }
            .map_err(io)?;
        }
        let base = width as u16;
        sheet
            .write_number(row, base, r.raw.number() as f64)
            .map_err(io)?;
        match r.status {
            Status::Invalid => sheet.write_string_with_format(row, base + 1, "invalid", &self.red),
            Status::Warning => {
                sheet.write_string_with_format(row, base + 1, "warning", &self.amber)
            }
            Status::Ok => sheet.write_string(row, base + 1, "ok"),
        }
        .map_err(io)?;
        if let Some(w) = r.wallet {
            sheet
                .write_string_with_format(row, base + 2, w, &self.text)
                .map_err(io)?;
        }
        if let Some(p) = r.provider {
            sheet
                .write_string(row, base + 3, p.default_way_code())
                .map_err(io)?;
        }
        if let Some(a) = r.amount {
            // Exact: poisha below 2^53 are exact in f64.
            sheet
                .write_number(row, base + 4, a.poisha() as f64)
                .map_err(io)?;
        }
        if !r.issues.is_empty() {
            sheet
                .write_string(row, base + 5, cut(&issues_text(r.issues)))
                .map_err(io)?;
        }
        Ok(())
    }

    pub(super) fn commit(mut self) -> io::Result<()> {
        let bytes = self.book.save_to_buffer().map_err(io)?;
        let mut file = AtomicFile::create(&self.path)?;
        file.write_all(&bytes)?;
        file.commit()
    }
}
