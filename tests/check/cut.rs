//! An `.xls` holds 256 columns (A to IV). LibreOffice and Excel save a
//! wider sheet as `.xls` by dropping every column past IV, with a warning
//! nobody reads twice, and nothing in the file says so
//! (`cut_columns.py`). A `Status` past IV saying "do not pay" was lost and
//! its row paid; a payroll past IV was refused as having no wallet column.

use super::corpus::run;

/// Both files are refused, saying what happened and what to do.
#[test]
fn an_xls_cut_at_column_iv_is_refused_saying_so() {
    for file in ["cut-status.xls", "cut-payroll.xls"] {
        let r = run(file, &[]);
        assert_eq!(r.code, 2, "{file}: {}", r.all);
        assert!(r.rows.is_empty(), "{file}: no row is read");
        for says in ["column IV", "256 columns", ".xlsx", ".csv"] {
            assert!(r.all.contains(says), "{file}: {says}: {}", r.all);
        }
    }
}
