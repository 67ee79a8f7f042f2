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

/// A sandbox run's "Next:" lines are commands a new user copies as they
/// are: without `--sandbox`, `payrun reconcile` looks for the default
/// ledger (and the real gateway) and finds neither.
#[test]
fn a_sandbox_runs_next_steps_name_the_sandbox() {
    let dir = tempfile::tempdir().unwrap();
    // 5555 stays processing in the sandbox; 0000 fails.
    let sheet = dir.path().join("s.csv");
    std::fs::write(
        &sheet,
        "Reference,Name,Wallet,Provider,Amount\n\
         N-1,Stays processing,01712345555,bKash,1000\n\
         N-2,Rejected,01812340000,Nagad,1000\n",
    )
    .unwrap();
    let out = run({
        let mut c = Command::new(assert_cmd::cargo::cargo_bin("payrun"));
        c.current_dir(dir.path())
            .arg("submit")
            .arg(&sheet)
            .args(["--batch", "nx", "--sandbox"])
            .env_remove("PAYRUN_LEDGER")
            .env_remove("PAYRUN_APP_SECRET");
        c
    });
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let t = text(&out);
    assert!(
        t.contains("`payrun reconcile --batch nx --sandbox`"),
        "the next step must name the sandbox: {t}"
    );
    assert!(!t.contains("`payrun reconcile --batch nx`"), "{t}");
}

/// The same for a run on a ledger named with --ledger: the suggested
/// reconcile names that ledger.
#[test]
fn next_steps_name_the_ledger_the_run_used() {
    let dir = tempfile::tempdir().unwrap();
    let sbx = sandbox_with(|_| {});
    let mut row = rows(1).remove(0);
    row.wallet = "01712345555".to_string(); // stays processing
    row.provider = "bkash";
    let sheet = write_sheet(dir.path(), "s.csv", &[row]);
    let ledger = dir.path().join("my ledger.sqlite");
    let out = run(submit_cmd(&sbx.url(), &ledger, &sheet, "lx", &[]));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let t = text(&out);
    let want = format!(
        "`payrun reconcile --batch lx --ledger '{}'`",
        ledger.display()
    );
    assert!(t.contains(&want), "want {want} in: {t}");
}
