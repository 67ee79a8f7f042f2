//! The check report as CSV, written row by row as the sheet is validated,
//! by `csv::Writer` in the report layer's dialect (BOM, CRLF, the one
//! neutralising rule).

use super::table::CsvTable;
use crate::intake::Layout;
use crate::report::atomic::AtomicFile;
use crate::report::check::{CheckRow, headers, row_cells};
use std::io;
use std::path::Path;

/// A check report being written as CSV.
pub(crate) struct CheckCsv {
    table: CsvTable<AtomicFile>,
    layout: Layout,
}

impl CheckCsv {
    pub(crate) fn open(path: &Path, layout: &Layout) -> io::Result<CheckCsv> {
        let file = AtomicFile::create(path)?;
        let table = CsvTable::start(file, &headers(layout)).map_err(io::Error::from)?;
        Ok(CheckCsv {
            table,
            layout: layout.clone(),
        })
    }

    pub(crate) fn write(&mut self, r: &CheckRow<'_>) -> io::Result<()> {
        row_cells(&mut self.table, &self.layout, r).map_err(io::Error::from)
    }

    pub(crate) fn commit(self) -> io::Result<()> {
        self.table.finish()?.commit()
    }
}
