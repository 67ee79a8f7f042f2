//! A batch whose every payout is final but whose report is not on disk (a
//! run killed after the last payout became final and before the report
//! was written; a report deleted or moved since): an auditor months later
//! finds none. `status` says so with the command that writes it, and
//! `reconcile` writes it, since the report is derived from the ledger.

use super::finished::finished;
use super::*;

/// A sandbox batch `dec`, paid in full; its report's path.
fn paid(d: &Path) -> PathBuf {
    let s = sheet(d, "pay.csv", 2, 100);
    let out = run(payrun(d)
        .arg("submit")
        .arg(&s)
        .args(["--batch", "dec", "--sandbox"]));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let report = d.join("payrun-sandbox/reports/dec.xlsx");
    assert!(report.is_file(), "{}", stdout(&out));
    report
}

/// `status --batch dec` and the plain list say the report is missing and
/// name `payrun report` with the flags that reach this ledger; the code
/// stays the payouts' (0: every payout is paid), the JSON counts it.
fn assert_status_says_missing(d: &Path, report: &Path, why: &str) {
    let out = run(payrun(d).args(["status", "--batch", "dec", "--sandbox"]));
    let said = stdout(&out);
    assert_eq!(code(&out), 0, "{said}");
    let command = format!(
        "payrun report --batch dec --out {} --sandbox",
        report.display()
    );
    for want in ["MISSING", why, command.as_str()] {
        assert!(
            said.contains(want),
            "status --batch lacks {want:?}:\n{said}"
        );
    }
    let out = run(payrun(d).args(["--log-format", "json", "status", "--sandbox"]));
    let said = stdout(&out);
    assert_eq!(code(&out), 0, "{said}");
    assert!(said.contains("NO REPORT"), "{said}");
    assert!(said.contains(&command), "{said}");
    assert_eq!(finished(&out)["batches_without_report"], 1);
}

#[test]
fn a_final_batch_whose_report_is_gone_is_flagged_and_reconcile_writes_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let report = paid(d);
    let out = run(payrun(d).args(["status", "--sandbox"]));
    assert_eq!(code(&out), 0, "{}", stdout(&out));

    std::fs::remove_file(&report).unwrap();
    assert_status_says_missing(d, &report, "deleted or moved");

    // The cron line writes it back: the ledger holds every outcome.
    let out = run(payrun(d).args([
        "--log-format",
        "json",
        "reconcile",
        "--all-open",
        "--sandbox",
    ]));
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    assert!(report.is_file(), "{}", stdout(&out));
    assert!(stdout(&out).contains("missing"), "{}", stdout(&out));
    let f = finished(&out);
    assert_eq!(f["reports_written"], 1, "{f}");
    assert_eq!(f["reports_missing_left"], 0, "{f}");
    let out = run(payrun(d).args(["status", "--batch", "dec", "--sandbox"]));
    assert_eq!(code(&out), 0, "{}", stdout(&out));
}

/// A run killed before its report: no file, and no record of one.
#[test]
fn a_final_batch_whose_report_was_never_written_is_flagged_until_written() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let report = paid(d);
    std::fs::remove_file(&report).unwrap();
    let db = rusqlite::Connection::open(d.join("payrun-sandbox/ledger.sqlite")).unwrap();
    db.execute("DELETE FROM report_stamps", []).unwrap();
    drop(db);
    assert_status_says_missing(d, &report, "never written");

    // The command it names writes it, and the flag goes.
    let out = run(payrun(d)
        .args(["report", "--batch", "dec", "--sandbox", "--out"])
        .arg(&report));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = run(payrun(d).args(["status", "--sandbox"]));
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    let out = run(payrun(d).args(["status", "--batch", "dec", "--sandbox"]));
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert!(!stdout(&out).contains("MISSING"), "{}", stdout(&out));
}

/// A report written while payouts were still open, and never again (the
/// batch settled by callbacks, or the run that settled it stopped before
/// its report): on disk, untouched, but it shows what no longer holds.
#[test]
fn a_report_written_before_the_batch_settled_is_out_of_date_until_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let report = paid(d);
    let db = rusqlite::Connection::open(d.join("payrun-sandbox/ledger.sqlite")).unwrap();
    db.execute(
        "UPDATE report_stamps SET written_at = '2000-01-01T00:00:00.000Z'",
        [],
    )
    .unwrap();
    drop(db);
    let out = run(payrun(d).args(["status", "--batch", "dec", "--sandbox"]));
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert!(
        stdout(&out).contains("Report: OUT OF DATE"),
        "{}",
        stdout(&out)
    );
    let out = run(payrun(d).args(["status", "--sandbox"]));
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert!(
        stdout(&out).contains("REPORT OUT OF DATE"),
        "{}",
        stdout(&out)
    );
    let out = run(payrun(d).args(["reconcile", "--all-open", "--sandbox"]));
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert!(report.is_file());
    let out = run(payrun(d).args(["status", "--sandbox"]));
    assert_eq!(code(&out), 0, "{}", stdout(&out));
}
