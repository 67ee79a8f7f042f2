//! The check report as XLSX, written row by row as the sheet is validated:
//! the user's columns as read (wallet ids stay text, so Excel cannot eat a
//! leading zero again), cells named by an error in red, then the verdict.

use super::formats::Formats;
use super::table::{TableError, TableState};
use crate::fields::Field;
use crate::intake::Layout;
use crate::report::atomic::AtomicFile;
use crate::report::check::{CheckRow, EXTRA_COLUMNS, headers, row_cells};
use rust_xlsxwriter::Workbook;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

fn io_err(e: impl std::fmt::Display) -> io::Error {
    io::Error::other(e.to_string())
}

/// An XLSX check report being built; it is written out whole on commit.
pub(crate) struct CheckXlsx {
    path: PathBuf,
    book: Workbook,
    formats: Formats,
    state: TableState,
    layout: Layout,
}

impl CheckXlsx {
    pub(crate) fn open(path: &Path, layout: &Layout) -> io::Result<CheckXlsx> {
        crate::xlsxtmp::ensure_temp_writable()?;
        let mut book = Workbook::new();
        let formats = Formats::new();
        // Constant memory: a million-row check report streams to a temporary
        // file instead of holding every cell (see src/xlsxtmp.rs).
        let sheet = book.add_worksheet_with_constant_memory();
        sheet.set_name("check").map_err(io_err)?;
        let state = TableState::start(sheet, &formats, &headers(layout)).map_err(io_err)?;
        // Wallet ids stay text in whole columns, for cells a person adds.
        let normalized = EXTRA_COLUMNS
            .iter()
            .position(|c| *c == "normalized_wallet")
            .map(|k| layout.headers.len() + k);
        let wallets = layout.columns.get(Field::Wallet).into_iter();
        for c in wallets.chain(normalized) {
            let col = u16::try_from(c).map_err(io_err)?;
            sheet
                .set_column_format(col, &formats.text)
                .map_err(io_err)?;
        }
        Ok(CheckXlsx {
            path: path.to_path_buf(),
            book,
            formats,
            state,
            layout: layout.clone(),
        })
    }

    pub(crate) fn write(&mut self, r: &CheckRow<'_>) -> io::Result<()> {
        let sheet = self.book.worksheet_from_index(0).map_err(io_err)?;
        let mut t = self.state.on(sheet, &self.formats);
        row_cells(&mut t, &self.layout, r).map_err(|e: TableError| io_err(e))
    }

    /// Writes the workbook; `title` goes in the printed footer.
    pub(crate) fn commit(mut self, title: &str) -> io::Result<()> {
        let sheet = self.book.worksheet_from_index(0).map_err(io_err)?;
        self.state.finish(sheet, title).map_err(io_err)?;
        let bytes = self.book.save_to_buffer().map_err(io_err)?;
        let mut file = AtomicFile::create(&self.path)?;
        file.write_all(&bytes)?;
        file.commit()
    }
}
