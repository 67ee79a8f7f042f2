//! The documented crontab is sound (docs/operations.md, "A complete
//! crontab"): `--quiet` prints nothing when nothing needs a person, a
//! reconcile of a month whose batch does not exist yet can be told that is
//! fine (`--if-exists`), and under `--log-format json` stdout still says why
//! a run stopped.

use super::{code, payrun, run, sheet, stderr, stdout, write};

#[test]
fn quiet_reconcile_of_a_paid_batch_prints_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = sheet(d, "pay.csv", 3, 200);
    let out = run(payrun(d)
        .arg("submit")
        .arg(&s)
        .args(["--batch", "nov", "--sandbox"]));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = run(payrun(d).args(["--quiet", "reconcile", "--batch", "nov", "--sandbox"]));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), "", "nothing needs a person");
    assert_eq!(stderr(&out), "");
    // Without --quiet the summary is there.
    let out = run(payrun(d).args(["reconcile", "--batch", "nov", "--sandbox"]));
    assert!(stdout(&out).contains("nov"), "{}", stdout(&out));
}

#[test]
fn reconcile_if_exists_lets_cron_run_before_the_months_batch_exists() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let month = ["reconcile", "--batch", "payroll-2026-12", "--sandbox"];
    // No ledger yet, then a ledger without the month's batch.
    for first in [true, false] {
        if !first {
            let s = sheet(d, "pay.csv", 2, 200);
            let out = run(payrun(d)
                .arg("submit")
                .arg(&s)
                .args(["--batch", "nov", "--sandbox"]));
            assert_eq!(code(&out), 0, "{}", stderr(&out));
        }
        let out = run(payrun(d).arg("--quiet").args(month).arg("--if-exists"));
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        assert_eq!(stdout(&out), "");
        let out = run(payrun(d).args(month).arg("--if-exists"));
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        assert!(
            stdout(&out).contains("payroll-2026-12")
                && stdout(&out).contains("nothing to reconcile"),
            "{}",
            stdout(&out)
        );
        // A manual run still learns of a typo'd label.
        let out = run(payrun(d).args(month));
        assert_eq!(code(&out), 2, "{}", stderr(&out));
    }
}

#[test]
fn a_json_log_run_that_stops_still_says_why_on_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Not a valid sheet (exit 2), read under the crontab's flags.
    let s = write(
        d,
        "bad.csv",
        "reference,name,provider,wallet,amount\nE1,A,bkash,0171,200\n",
    );
    let out = run(payrun(d)
        .args(["--log-format", "json", "--quiet", "submit"])
        .arg(&s)
        .args(["--batch", "nov", "--sandbox"]));
    assert_eq!(code(&out), 2);
    assert!(stdout(&out).contains("0171"), "stdout: {}", stdout(&out));
    assert!(!stdout(&out).contains("\"event\""), "text, not JSON");
    // A config error stops before anything, and says so too.
    write(d, "payrun.toml", "log_format = \"json\"\n");
    let out = run(payrun(d).args(["--log-format", "json", "status"]));
    assert_eq!(code(&out), 2);
    assert!(
        stdout(&out).contains("log_format"),
        "stdout: {}",
        stdout(&out)
    );
    // log_format is read before the file: the message says where it goes.
    assert!(
        stderr(&out).contains("PAYRUN_LOG_FORMAT"),
        "{}",
        stderr(&out)
    );
}
