//! Rows below a sheet's print area or its AutoFilter's range are paid, but
//! not without a word: `check` (and `submit`, which reads the sheet the
//! same way) warns, naming the rows (`outside_areas.py`: an openpyxl
//! source saved by LibreOffice and Gnumeric).

use super::corpus::{SAVES, V, total, verdicts};

/// Rows 2 to 9, all paid: Tk 1,000 to Tk 1,007.
fn all_paid() -> Vec<(usize, V)> {
    (2..=9).map(|n| (n, V::Paid)).collect()
}

#[test]
fn rows_below_the_print_area_or_the_filter_range_are_named() {
    for (stem, rows, area) in [
        (
            "print-area",
            "rows 6-9 below the sheet's print area (A1:D5)",
            "print area",
        ),
        (
            "filter-range",
            "rows 7-9 below the sheet's AutoFilter range (A1:D6)",
            "AutoFilter",
        ),
    ] {
        for save in SAVES {
            let file = format!("{stem}.{save}");
            let r = verdicts(&file, &[], 0, &all_paid());
            assert_eq!(total(&r), Some(802_800), "{file}");
            assert!(
                r.all.contains(rows),
                "{file}: no {area} warning:\n{}",
                r.all
            );
        }
    }
}

/// `submit` reads the sheet as `check` does and says the same.
#[test]
fn submit_names_the_rows_below_the_filter_range_too() {
    let dir = super::tmp();
    let sheet = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/sheets/filter-range.ods");
    let out = super::payrun(dir.path())
        .env("HOME", crate::test_home())
        .env_remove("XDG_DATA_HOME")
        .args([
            "submit",
            "--dry-run",
            "--sandbox",
            "--batch",
            "2026-12-outside",
        ])
        .arg(&sheet)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let all = super::all_of(&out);
    assert_eq!(out.status.code(), Some(0), "{all}");
    assert!(
        all.contains("rows 7-9 below the sheet's AutoFilter range (A1:D6)"),
        "{all}"
    );
}
