//! Report files a person can trust: a report path never replaces the sheet
//! being paid or checked, nor any file the ledger records as an input, and
//! an interrupted run leaves no temporary copy of names and wallets behind.

use super::{code, payrun, run, sheet, stderr, stdout};
use std::path::{Path, PathBuf};

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
}

/// The refusal: exit 2, the file untouched, the message naming the path
/// and what to do.
fn assert_refused(out: &std::process::Output, file: &Path, before: &[u8]) {
    assert_eq!(code(out), 2, "{}", stderr(out));
    let err = stderr(out);
    let name = file.file_name().unwrap().to_string_lossy();
    assert!(err.contains(&*name), "the message names the file: {err}");
    assert!(err.contains("will not write a report over"), "{err}");
    assert_eq!(
        std::fs::read(file).unwrap(),
        before,
        "{} was replaced",
        file.display()
    );
}

#[test]
fn check_never_writes_its_report_over_the_sheet_it_checks() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = sheet(d, "feb.csv", 3, 100);
    let before = std::fs::read(&s).unwrap();
    for report in ["feb.csv", "./feb.csv"] {
        let out = run(payrun(d)
            .arg("check")
            .arg("feb.csv")
            .args(["--report", report]));
        assert_refused(&out, &s, &before);
    }
    // A hard link is the same file under another name.
    std::fs::hard_link(&s, d.join("link.csv")).unwrap();
    let out = run(payrun(d).args(["check", "feb.csv", "--report", "link.csv"]));
    assert_refused(&out, &d.join("link.csv"), &before);
    assert!(stderr(&out).contains("feb.csv"), "names the sheet it is");
}

/// After a sandbox batch, every command that writes a report refuses to
/// write it over the batch's sheet, or over any copy of it (same SHA-256 as
/// the ledger records), or over the statement being matched.
#[test]
fn report_reconcile_match_and_submit_never_replace_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::copy(sample("payroll-2026-11.csv"), d.join("pay.csv")).unwrap();
    std::fs::copy(sample("statement-demo.xlsx"), d.join("st.xlsx")).unwrap();
    let out = run(payrun(d).args(["submit", "pay.csv", "--batch", "demo", "--sandbox"]));
    assert!(matches!(code(&out), 0 | 1), "{}", stderr(&out));
    std::fs::copy(d.join("pay.csv"), d.join("copy.csv")).unwrap();
    let sheet_bytes = std::fs::read(d.join("pay.csv")).unwrap();
    let st_bytes = std::fs::read(d.join("st.xlsx")).unwrap();

    for target in ["pay.csv", "copy.csv"] {
        let out = run(payrun(d).args(["report", "--batch", "demo", "--sandbox", "--out", target]));
        assert_refused(&out, &d.join(target), &sheet_bytes);
        let out = run(payrun(d)
            .args(["reconcile", "--batch", "demo", "--sandbox"])
            .args(["--report", target]));
        assert_refused(&out, &d.join(target), &sheet_bytes);
        assert!(
            !stdout(&out).contains("Settling"),
            "refused before any query"
        );
        let out = run(payrun(d).args([
            "match",
            "st.xlsx",
            "--batch",
            "demo",
            "--sandbox",
            "--out",
            target,
        ]));
        assert_refused(&out, &d.join(target), &sheet_bytes);
        let out = run(payrun(d).args([
            "submit",
            "pay.csv",
            "--batch",
            "demo",
            "--sandbox",
            "--report",
            target,
        ]));
        assert_refused(&out, &d.join(target), &sheet_bytes);
    }
    // A CSV report's companion (NAME.summary.csv) is held to the same rule.
    std::fs::copy(d.join("pay.csv"), d.join("r.summary.csv")).unwrap();
    let out = run(payrun(d).args(["report", "--batch", "demo", "--sandbox", "--out", "r.csv"]));
    assert_refused(&out, &d.join("r.summary.csv"), &sheet_bytes);
    assert!(!d.join("r.csv").exists());

    std::fs::write(d.join("st.csv"), "").unwrap();
    let out = run(payrun(d).args([
        "match",
        "st.xlsx",
        "--batch",
        "demo",
        "--sandbox",
        "--out",
        "st.xlsx",
    ]));
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert_eq!(std::fs::read(d.join("st.xlsx")).unwrap(), st_bytes);

    // An ordinary earlier report is replaced, as a cron job expects.
    for _ in 0..2 {
        let out =
            run(payrun(d).args(["report", "--batch", "demo", "--sandbox", "--out", "r2.csv"]));
        assert!(matches!(code(&out), 0 | 1), "{}", stderr(&out));
    }
}
