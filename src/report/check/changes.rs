//! The changes CSV beside the check report: every change since the last
//! payroll, one row each (the check output shows only the counts).

use crate::changes::{Changes, render};
use crate::report::csv::table::CsvTable;
use crate::report::table::{Cell, TableWriter};
use crate::report::{ReportError, atomic::AtomicFile};
use std::path::{Path, PathBuf};

/// Where the changes go for a check report at `report`:
/// `payrun-out/pay.check.csv` -> `payrun-out/pay.check.changes.csv`.
pub fn changes_path(report: &Path) -> PathBuf {
    report.with_extension("changes.csv")
}

/// Writes the changes CSV in the report layer's CSV dialect, whole or not
/// at all.
pub fn write_changes(path: &Path, c: &Changes) -> Result<(), ReportError> {
    let io = |cause| ReportError::Io {
        path: path.to_path_buf(),
        cause,
    };
    let file = AtomicFile::create(path).map_err(io)?;
    let csv = |e: ::csv::Error| ReportError::Csv(format!("{}: {e}", path.display()));
    let mut t = CsvTable::start(file, &render::CSV_HEADER).map_err(csv)?;
    for row in render::csv_rows(c) {
        for (col, s) in row.iter().enumerate() {
            let cell = match col {
                // amount_before_poisha, amount_now_poisha: payrun's numbers.
                5 | 6 if !s.is_empty() => Cell::Number(s),
                _ => Cell::text(Some(s)),
            };
            t.cell(&cell).map_err(csv)?;
        }
        t.end_row().map_err(csv)?;
    }
    t.finish().map_err(io)?.commit().map_err(io)
}
