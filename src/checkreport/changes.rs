//! The changes CSV beside the check report: every change since the last
//! payroll, one row each (the check output shows only the counts).

use super::atomic::AtomicFile;
use super::csv::neutralise;
use super::{ReportError, io_error};
use crate::changes::{Changes, render};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Where the changes go for a check report at `report`:
/// `payrun-out/pay.check.csv` -> `payrun-out/pay.check.changes.csv`.
pub fn changes_path(report: &Path) -> PathBuf {
    report.with_extension("changes.csv")
}

/// Writes the changes CSV (UTF-8 with a BOM, formulas neutralised), whole or
/// not at all.
pub fn write_changes(path: &Path, c: &Changes) -> Result<(), ReportError> {
    let mut file = AtomicFile::create(path).map_err(|e| io_error(path, e))?;
    file.write_all("\u{feff}".as_bytes())
        .map_err(|e| io_error(path, e))?;
    let mut w = ::csv::Writer::from_writer(file);
    let err = |e: ::csv::Error| ReportError::Format {
        path: path.display().to_string(),
        message: e.to_string(),
    };
    w.write_record(render::CSV_HEADER).map_err(err)?;
    for row in render::csv_rows(c) {
        w.write_record(row.iter().map(|s| neutralise(s).into_owned()))
            .map_err(err)?;
    }
    let file = w.into_inner().map_err(|e| io_error(path, e.into_error()))?;
    file.commit().map_err(|e| io_error(path, e))
}
