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
