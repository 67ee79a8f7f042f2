//! A workbook saved while looking at another sheet than its first: a
//! finance lead who saved on "November" with "October" first. payrun reads
//! the first visible sheet (the spec's rule), so when the sheet the
//! workbook opens on is another payroll table it refuses the file, in check
//! and submit alike, rather than pay last month again under cron; an open
//! Summary tab changes nothing but a note. Fixtures: open_sheet.py.

use super::*;

/// Each save of a fixture: LibreOffice's `.xlsx` and `.xls`, and Gnumeric's
/// three (LibreOffice's headless `.ods` records no open sheet).
const OPENED: [&str; 5] = [
    "xlsx",
    "xls",
    "gnumeric.xlsx",
    "gnumeric.xls",
    "gnumeric.ods",
];

#[test]
fn a_workbook_opening_on_another_payroll_sheet_is_refused_until_one_is_picked() {
    for ext in OPENED {
        let dir = tmp();
        let f = sheet_fixture(&format!("open-on-november.{ext}"));
        let all = check_fails(
            dir.path(),
            &f,
            &[],
            &[
                "opens on worksheet \"November\"",
                "\"October\"",
                "--sheet \"November\"",
                "--sheet \"October\"",
            ],
        );
        assert!(!all.contains("VALID"), "{ext}: {all}");
        no_report_written(dir.path());
        let submit = payrun(dir.path())
            .env("HOME", crate::test_home())
            .env_remove("XDG_DATA_HOME")
            .args(["submit", "--dry-run", "--sandbox", "--batch", "nov"])
            .arg(&f)
            .timeout(std::time::Duration::from_secs(60))
            .output()
            .unwrap();
        let out = all_of(&submit);
        assert_eq!(submit.status.code(), Some(2), "{ext}: {out}");
        assert!(
            out.contains("opens on worksheet \"November\""),
            "{ext}: {out}"
        );
        // `--sheet` always wins, either way.
        for (sheet, total) in [("November", 750_000), ("October", 300_000)] {
            let (code, v) = json_of(
                dir.path(),
                &["check", f.to_str().unwrap(), "--sheet", sheet],
            );
            assert_eq!(code, 0, "{ext} {sheet}: {v:#}");
            assert_eq!(v["worksheet"], sheet, "{ext}");
            assert_eq!(v["total_poisha"], total, "{ext} {sheet}");
        }
    }
}

#[test]
fn a_workbook_opening_on_its_summary_is_read_from_the_payroll_with_a_note() {
    let dir = tmp();
    for ext in OPENED {
        let f = sheet_fixture(&format!("open-on-summary.{ext}"));
        let (code, v) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
        assert_eq!(code, 0, "{ext}: {v:#}");
        assert_eq!(v["worksheet"], "Payroll", "{ext}");
        assert_eq!(v["total_poisha"], 900_000, "{ext}");
        // The note is a limit: kept under --quiet, in the JSON's limits.
        assert!(
            v["limits"]
                .to_string()
                .contains(r#"opens on \"Summary\", which is not read"#),
            "{ext}: {v:#}"
        );
    }
}
