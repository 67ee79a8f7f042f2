//! `reconcile --all-open` takes at most a few batches a run: which ones.

use super::*;
use crate::ledger::RunInfo;

/// Batches `a`, `b`, `c`, each with one payout processing.
fn three_open() -> (tempfile::TempDir, Ledger, Vec<i64>) {
    let (dir, mut ledger) = temp_ledger();
    let mut ids = Vec::new();
    for (i, label) in ["a", "b", "c"].into_iter().enumerate() {
        let row = payout(2, Some("E1"), &format!("0171234567{i}"), 500);
        let (batch, _, _) = record_rows(&mut ledger, label, &[row]);
        ids.push(batch);
    }
    exec(&ledger, "UPDATE payouts SET state = 'processing'", []);
    (dir, ledger, ids)
}

fn reconciled(ledger: &mut Ledger, batch: i64) {
    let info = RunInfo {
        command: "reconcile".to_string(),
        ..RunInfo::default()
    };
    ledger.begin_run(Some(batch), &info).expect("run");
}

/// Batches that never settle (a payout unknown for a person) must not keep
/// the batches after them out of every run: the batch followed longest ago
/// (never first) comes first, so each run reaches further.
#[test]
fn the_batches_followed_longest_ago_come_first() {
    let (_d, mut l, ids) = three_open();
    assert_eq!(l.batches_open(2).expect("open"), ["a", "b"]);
    reconciled(&mut l, ids[0]);
    reconciled(&mut l, ids[1]);
    assert_eq!(l.batches_open(2).expect("open"), ["c", "a"]);
    reconciled(&mut l, ids[2]);
    reconciled(&mut l, ids[0]);
    assert_eq!(l.batches_open(2).expect("open"), ["b", "c"]);
}

/// `--all-open --recheck-final`: a batch with nothing open is followed too
/// when a payout of it became paid or failed within the window, in the
/// same order, and said to have nothing open.
#[test]
fn final_batches_are_followed_only_to_be_rechecked_within_their_window() {
    let (_d, mut l, ids) = three_open();
    exec(
        &l,
        "UPDATE payouts SET state = 'paid', updated_at = '2026-01-01T00:00:00.000Z'
          WHERE batch_id = ?1",
        [ids[0]],
    );
    exec(
        &l,
        "UPDATE payouts SET state = 'failed' WHERE batch_id = ?1",
        [ids[1]],
    );
    assert_eq!(l.batches_open(5).expect("open"), ["c"]);
    let all = l.batches_to_follow(5, Some(None)).expect("all");
    let want = [("a", false), ("b", false), ("c", true)];
    let want: Vec<(String, bool)> = want.iter().map(|(l, o)| (l.to_string(), *o)).collect();
    assert_eq!(all, want);
    let recent = l
        .batches_to_follow(5, Some(Some("2026-06-01T00:00:00.000Z")))
        .expect("recent");
    assert_eq!(recent, want[1..]);
    reconciled(&mut l, ids[1]);
    let order = l.batches_to_follow(2, Some(None)).expect("order");
    assert_eq!(order, [want[0].clone(), want[2].clone()]);
}
