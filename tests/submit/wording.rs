//! What a run prints, as a new user reads it.

use super::*;

#[test]
fn a_one_row_run_says_one_row_and_one_payout_request() {
    let dir = tempfile::tempdir().unwrap();
    let sbx = sandbox_with(|c| c.instant = true);
    let ledger = dir.path().join("ledger.sqlite");
    let sheet = write_sheet(dir.path(), "one.csv", &rows(1));
    let out = run(submit_cmd(&sbx.url(), &ledger, &sheet, "one", &[]));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let t = text(&out);
    assert!(t.contains("one.csv (1 row read)"), "{t}");
    assert!(t.contains("This run: 1 payout request, "), "{t}");
}

#[test]
fn rerunning_the_only_paid_batch_does_not_say_the_ledger_has_no_paid_batch() {
    let dir = tempfile::tempdir().unwrap();
    let sbx = sandbox_with(|c| c.instant = true);
    let ledger = dir.path().join("ledger.sqlite");
    let sheet = write_sheet(dir.path(), "s.csv", &rows(3));
    let first = run(submit_cmd(&sbx.url(), &ledger, &sheet, "nov", &[]));
    assert_eq!(first.status.code(), Some(0), "{}", text(&first));
    let again = run(submit_cmd(&sbx.url(), &ledger, &sheet, "nov", &[]));
    assert_eq!(again.status.code(), Some(0), "{}", text(&again));
    let t = text(&again);
    assert!(!t.contains("no batch in the ledger paid"), "{t}");
    assert!(
        t.contains("the only batch in the ledger that paid, or may have paid, anything is \"nov\", this one"),
        "{t}"
    );
}

#[test]
fn a_payout_refused_for_its_data_is_not_offered_a_retry_that_cannot_help() {
    let dir = tempfile::tempdir().unwrap();
    // Tk 150 at most: the third row (Tk 174) gets 1001 "outside the limits".
    let sbx = sandbox_with(|c| {
        c.instant = true;
        c.max_amount = Amount::from_poisha(150 * 100);
    });
    let ledger = dir.path().join("ledger.sqlite");
    let sheet = write_sheet(dir.path(), "s.csv", &rows(3));
    let out = run(submit_cmd(&sbx.url(), &ledger, &sheet, "lim", &[]));
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let t = text(&out);
    assert!(t.contains("1001"), "the 1001 refusal is listed: {t}");
    assert!(!t.contains("--retry-failed"), "a retry cannot help: {t}");
    assert!(
        t.contains("1 payout refused by the gateway for its data"),
        "{t}"
    );
    assert!(t.contains("correct the row"), "{t}");
}

#[test]
fn a_run_that_finds_the_ledger_locked_prints_no_changes_analysis_before_exit_4() {
    let dir = tempfile::tempdir().unwrap();
    let sbx = sandbox_with(|c| c.instant = true);
    let ledger = dir.path().join("ledger.sqlite");
    let sheet = write_sheet(dir.path(), "s.csv", &rows(3));
    let first = run(submit_cmd(&sbx.url(), &ledger, &sheet, "oct", &[]));
    assert_eq!(first.status.code(), Some(0), "{}", text(&first));
    // Another run holds the ledger: its lock file, locked by this process.
    let held = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(dir.path().join("ledger.sqlite.lock"))
        .unwrap();
    held.try_lock().unwrap();
    let nov = write_sheet(dir.path(), "nov.csv", &rows(4));
    let out = run(submit_cmd(&sbx.url(), &ledger, &nov, "nov", &[]));
    assert_eq!(out.status.code(), Some(4), "{}", text(&out));
    let t = text(&out);
    assert!(
        t.contains("another payrun run holds the ledger lock"),
        "{t}"
    );
    assert!(!t.contains("Changes since the last payroll"), "{t}");
    assert_eq!(sbx.orders().len(), 3, "nothing sent");
    drop(held);
}
