//! Dry run, the sandbox quick start, and help.

use super::*;

#[test]
fn dry_run_sends_nothing_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let sbx = sandbox_with(|_| {});
    let sheet = write_sheet(dir.path(), "s.csv", &rows(10));
    let ledger = dir.path().join("ledger.sqlite");
    let out = run(submit_cmd(
        &sbx.url(),
        &ledger,
        &sheet,
        "dry",
        &["--dry-run"],
    ));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let t = text(&out);
    assert!(t.contains("would send 10 payouts"), "{t}");
    assert!(t.contains("Balance"), "{t}");
    assert_eq!(t.matches("\tsend").count(), 10, "{t}");
    assert!(sbx.orders().is_empty());
    assert!(!ledger.exists(), "a dry run creates no ledger");
}

#[test]
fn the_sandbox_quick_start_runs_in_seconds_and_shows_the_ledger() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = write_sheet(dir.path(), "s.csv", &rows(40));
    let t = Instant::now();
    let out = run({
        let mut c = Command::new(assert_cmd::cargo::cargo_bin("payrun"));
        c.current_dir(dir.path())
            .arg("submit")
            .arg(&sheet)
            .args(["--batch", "demo", "--sandbox"])
            .env_remove("PAYRUN_LEDGER")
            .env_remove("PAYRUN_APP_SECRET");
        c
    });
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    // 40 rows at the default 20/s take 2 s; the bound leaves room for a
    // stalled sandbox connection (3 s timeout + 3 s grace) on a loaded machine.
    assert!(t.elapsed() < Duration::from_secs(20), "{:?}", t.elapsed());
    assert!(text(&out).contains("payrun-sandbox"), "{}", text(&out));
    assert!(dir.path().join("payrun-sandbox/ledger.sqlite").exists());
}

#[test]
fn help_has_examples_and_no_secret_flag() {
    let out = Command::new(assert_cmd::cargo::cargo_bin("payrun"))
        .args(["submit", "--help"])
        .env("PAYRUN_APP_SECRET", "do-not-print-me")
        .output()
        .unwrap();
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "Examples:",
        "--batch",
        "--sandbox",
        "--dry-run",
        "--skip-invalid",
        "--ledger",
        "--rate",
        "--grace",
        "PAYRUN_APP_SECRET",
    ] {
        assert!(help.contains(needle), "--help lacks {needle}");
    }
    assert!(!help.contains("do-not-print-me"));
    assert!(!help.contains("--secret"));
}
