//! A guard that every XLSX writer calls before it creates a workbook.
//!
//! The report's Rows sheet uses rust_xlsxwriter's constant-memory mode, which
//! halves the time of a 100,000-row report and cuts its memory by a factor of
//! five (docs/benchmarks.md). That feature has a price: with it enabled, every
//! new worksheet opens a temporary file in the system temp directory and the
//! crate panics if it cannot. A cron job with an unwritable `TMPDIR` must get
//! an error that says so, not a panic, so we try first.

use std::io;

/// Checks that a temporary file can be created where rust_xlsxwriter will
/// create one, and says what to do if not.
pub fn ensure_temp_writable() -> io::Result<()> {
    let dir = std::env::temp_dir();
    tempfile::tempfile_in(&dir).map(drop).map_err(|e| {
        io::Error::new(
            e.kind(),
            format!(
                "cannot create a temporary file in {} ({e}), which writing an XLSX file needs; \
                 set TMPDIR to a writable directory",
                dir.display()
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_temp_dir_is_usable() {
        ensure_temp_writable().unwrap();
    }
}
