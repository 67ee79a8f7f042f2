//! A report path is judged before anything is sent: one that cannot be
//! written (its folder is a file, it names a folder, an unknown format) is
//! exit 2 with nothing sent, and no report path may replace a file payrun
//! itself reads or keeps (the sandbox's books, the ledger's side files, the
//! config, the secret file).

use super::{code, payrun, run, stderr, stdout};
use std::path::Path;

fn pay_sheet(d: &Path) {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/payroll-2026-11.csv");
    std::fs::copy(sample, d.join("pay.csv")).unwrap();
}

/// Exit 2, and the sandbox's ledger holds no payout request.
fn assert_nothing_sent(out: &std::process::Output, d: &Path, says: &str) {
    assert_eq!(code(out), 2, "{}", stderr(out));
    let err = stderr(out);
    assert!(err.contains(says), "{says:?} not in: {err}");
    assert!(err.contains("Nothing was"), "says nothing was done: {err}");
    assert!(!stdout(out).contains("paid"), "{}", stdout(out));
    let ledger = d.join("payrun-sandbox/ledger.sqlite");
    if ledger.exists() {
        let db = rusqlite::Connection::open(&ledger).unwrap();
        let n: i64 = db
            .query_row("SELECT COUNT(*) FROM attempts", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 0, "a payout request was made");
    }
}

#[test]
fn submit_refuses_a_report_path_it_cannot_write_before_sending_anything() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    pay_sheet(d);
    std::fs::write(d.join("afile"), b"x").unwrap();
    std::fs::create_dir(d.join("adir")).unwrap();
    let cases = [
        ("afile/r.xlsx", "is a file, not a folder"),
        ("afile/sub/r.xlsx", "is a file, not a folder"),
        ("adir", "is a folder"),
        ("r.txt", "unknown report format"),
    ];
    let submit = [
        "submit",
        "pay.csv",
        "--batch",
        "rp",
        "--sandbox",
        "--report",
    ];
    for (report, says) in cases {
        let out = run(payrun(d)
            .args(["--log-format", "json"])
            .args(submit)
            .arg(report));
        assert_nothing_sent(&out, d, says);
        assert!(!stderr(&out).contains("report_not_written"), "{report}");
    }
    // A folder that does not exist yet is made, as before.
    let out = run(payrun(d).args(submit).arg("new/r.xlsx"));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(d.join("new/r.xlsx").is_file());
    // reconcile judges its report path before asking anything.
    let out = run(payrun(d).args([
        "reconcile",
        "--batch",
        "rp",
        "--sandbox",
        "--report",
        "afile/x.xlsx",
    ]));
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(!stdout(&out).contains("Settling"), "{}", stdout(&out));
}

/// No report path replaces a file payrun keeps or reads: the sandbox's
/// books and their lock, the ledger's side files, the config file and the
/// secret file, whether or not the file exists yet.
#[test]
fn no_report_path_replaces_a_file_payrun_keeps_or_reads() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    pay_sheet(d);
    let out = run(payrun(d).args(["submit", "pay.csv", "--batch", "r", "--sandbox"]));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    std::fs::write(d.join("payrun.toml"), "max_amount = 50000\n").unwrap();
    // Named like a report, so that only the guard stands between them.
    std::fs::write(d.join("secret.csv"), "sandbox-secret-0001\n").unwrap();
    let kept = [
        "payrun-sandbox/sandbox-gateway.json",
        "payrun-sandbox/sandbox-gateway.json.lock",
        "payrun-sandbox/ledger.sqlite-wal",
        "payrun-sandbox/ledger.sqlite-shm",
        "payrun-sandbox/ledger.sqlite-journal",
        "payrun-sandbox/ledger.sqlite.lock",
        "payrun-sandbox/ledger.sqlite.mark",
        "payrun.toml",
        "secret.csv",
    ];
    for target in kept {
        let before = std::fs::read(d.join(target)).ok();
        let out = run(payrun(d).env("PAYRUN_APP_SECRET_FILE", "secret.csv").args([
            "report",
            "--batch",
            "r",
            "--sandbox",
            "--out",
            target,
        ]));
        assert_eq!(code(&out), 2, "{target}: {}", stderr(&out));
        // A name no report has (`.lock`, `-wal`) is refused for its format.
        let refused = if target.ends_with(".json") || target.ends_with(".csv") {
            "will not write a report over"
        } else {
            "unknown report format"
        };
        assert!(stderr(&out).contains(refused), "{target}: {}", stderr(&out));
        assert_eq!(std::fs::read(d.join(target)).ok(), before, "{target}");
    }
    let out = run(payrun(d).args(["reconcile", "--batch", "r", "--sandbox"]));
    assert_eq!(code(&out), 0, "the books are whole: {}", stderr(&out));
}
