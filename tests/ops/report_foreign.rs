//! A report path never replaces a file payrun did not write: on a batch's
//! first run the ledger records no input yet, so a byte copy of the sheet
//! (or any other file) at the report path used to be overwritten.

use super::report_files::sample;
use super::{code, payrun, run, stderr};

/// A run of the sandbox demo batch (its report path added).
const SUBMIT: [&str; 5] = ["submit", "pay.csv", "--batch", "demo", "--sandbox"];

#[test]
fn a_first_run_never_writes_its_report_over_a_file_payrun_did_not_write() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::copy(sample("payroll-2026-11.csv"), d.join("pay.csv")).unwrap();
    std::fs::copy(d.join("pay.csv"), d.join("copy.csv")).unwrap();
    std::fs::copy(sample("statement-demo.xlsx"), d.join("other.xlsx")).unwrap();
    let sheet = std::fs::read(d.join("pay.csv")).unwrap();
    let other = std::fs::read(d.join("other.xlsx")).unwrap();
    for (target, before) in [("copy.csv", &sheet), ("other.xlsx", &other)] {
        let out = run(payrun(d).args(SUBMIT).args(["--report", target]));
        assert_eq!(code(&out), 2, "{}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains("not a report payrun wrote") && err.contains(target),
            "{err}"
        );
        assert_eq!(
            &std::fs::read(d.join(target)).unwrap(),
            before,
            "{target} replaced"
        );
    }
    // Nothing was sent: the batch pays in full on the next run, and its own
    // report (and an empty file) may then be written again and again.
    std::fs::write(d.join("empty.csv"), b"").unwrap();
    for target in [
        "r.csv",
        "r.csv",
        "r.xlsx",
        "r.xlsx",
        "r.json",
        "r.json",
        "empty.csv",
    ] {
        let out = run(payrun(d).args(["report", "--batch", "demo", "--sandbox", "--out", target]));
        let first = target == "r.csv" && !d.join("r.csv").exists();
        if first {
            assert_eq!(code(&out), 2, "no batch yet: {}", stderr(&out));
            let out = run(payrun(d).args(SUBMIT).args(["--report", "r.csv"]));
            assert!(matches!(code(&out), 0 | 1), "{}", stderr(&out));
            continue;
        }
        assert!(matches!(code(&out), 0 | 1), "{target}: {}", stderr(&out));
    }
}
