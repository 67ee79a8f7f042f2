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
