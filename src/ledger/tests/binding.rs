//! `ledger::binding`: a batch moves to other settings only while nothing of
//! it might be at its gateway, and only such a batch counts for the
//! same-sheet check.

use super::*;

const OTHER: &str = "https://other.example";

/// Batch `nov` with two planned payouts, recorded by a real submit run of
/// sheet digest `d1`; returns (run id, payout ids).
fn nov(ledger: &mut Ledger) -> (i64, Vec<i64>) {
    let (batch, _, ids) = record_rows(ledger, "nov", &rows(2));
    let info = RunInfo {
        command: "submit".into(),
        payouts_digest: Some("d1".into()),
        ..RunInfo::default()
    };
    let run = ledger.begin_run(Some(batch), &info).expect("run");
    (run, ids)
}

fn moves(ledger: &mut Ledger) -> bool {
    match ledger.ensure_batch("nov", "0000000001", OTHER, true) {
        Ok(b) => {
            assert_eq!(b.gateway_url, OTHER);
            true
        }
        Err(LedgerError::BatchMismatch { .. }) => false,
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn a_batch_nothing_of_which_reached_its_gateway_moves_and_leaves_its_sheet_free() {
    let (_dir, mut ledger) = temp_ledger();
    let (run, ids) = nov(&mut ledger);
    // Questions answered "not found" or refused (a loss check), a recovery.
    for (outer, status) in [("1007", None), ("1003", None::<&str>)] {
        exec(
            &ledger,
            "INSERT INTO attempts (payout_id, run_id, kind, started_at, outer_code, data_status)
             VALUES (?1, ?2, 'query', 't', ?3, ?4)",
            rusqlite::params![ids[0], run, outer, status],
        );
    }
    exec(
        &ledger,
        "INSERT INTO events (payout_id, source, received_at, applied) VALUES (?1, 'query', 't', 'x')",
        [ids[0]],
    );
    assert!(!ledger.reached_gateway(1).expect("read"));
    let elsewhere = ledger.same_payouts_elsewhere("d1", "nov-b").expect("read");
    assert_eq!(elsewhere, None, "nothing was submitted under 'nov'");
    assert!(
        ledger
            .ensure_batch("nov", "0000000001", OTHER, false)
            .is_err(),
        "an untrusted ledger never moves a batch"
    );
    assert!(moves(&mut ledger));
    let b = ledger.batch("nov").expect("read").expect("batch");
    assert_eq!(
        (b.merchant_no.as_str(), b.gateway_url.as_str()),
        ("0000000001", OTHER)
    );
}

#[test]
fn anything_the_gateway_might_hold_or_told_of_binds_the_batch() {
    let marks: &[&str] = &[
        "INSERT INTO attempts (payout_id, run_id, kind, started_at) VALUES (?1, ?2, 'payout', 't')",
        "INSERT INTO attempts (payout_id, run_id, kind, started_at, outer_code)
         VALUES (?1, ?2, 'payout', 't', '1003')",
        "INSERT INTO attempts (payout_id, run_id, kind, started_at, data_status)
         VALUES (?1, ?2, 'query', 't', '0000')",
        "INSERT INTO events (payout_id, run_id, source, received_at, verified, applied)
         VALUES (?1, ?2, 'callback', 't', 0, 'x')",
        "INSERT INTO events (payout_id, run_id, source, received_at, status, applied)
         VALUES (?1, ?2, 'query', 't', '0015', 'x')",
        "UPDATE payouts SET state = 'sending' WHERE id = ?1 AND ?2 > 0",
        "UPDATE payouts SET state = 'unknown' WHERE id = ?1 AND ?2 > 0",
        "UPDATE payouts SET state = 'processing' WHERE id = ?1 AND ?2 > 0",
        "UPDATE payouts SET state = 'failed' WHERE id = ?1 AND ?2 > 0",
        "UPDATE payouts SET state = 'paid' WHERE id = ?1 AND ?2 > 0",
        "UPDATE payouts SET attempts = 1 WHERE id = ?1 AND ?2 > 0",
        "UPDATE payouts SET first_sent_at = 't' WHERE id = ?1 AND ?2 > 0",
        "UPDATE payouts SET platform_trade_no = 'P1' WHERE id = ?1 AND ?2 > 0",
        "UPDATE payouts SET conflict = 1 WHERE id = ?1 AND ?2 > 0",
    ];
    for mark in marks {
        let (_dir, mut ledger) = temp_ledger();
        let (run, ids) = nov(&mut ledger);
        exec(&ledger, mark, [ids[1], run]);
        assert!(ledger.reached_gateway(1).expect("read"), "{mark}");
        assert!(!moves(&mut ledger), "moved after {mark}");
        let elsewhere = ledger.same_payouts_elsewhere("d1", "nov-b").expect("read");
        assert_eq!(elsewhere.map(|e| e.label).as_deref(), Some("nov"), "{mark}");
    }
}

#[test]
fn a_label_that_never_sent_its_sheet_does_not_own_it_against_one_that_did() {
    let (_dir, mut ledger) = temp_ledger();
    let (_, _) = nov(&mut ledger);
    // The same sheet under `nov-b`, which sent it.
    let (batch, run, ids) = record_rows(&mut ledger, "nov-b", &rows(1));
    let info = RunInfo {
        command: "submit".into(),
        payouts_digest: Some("d1".into()),
        ..RunInfo::default()
    };
    ledger.begin_run(Some(batch), &info).expect("run");
    exec(
        &ledger,
        "INSERT INTO attempts (payout_id, run_id, kind, started_at) VALUES (?1, ?2, 'payout', 't')",
        [ids[0], run],
    );
    let elsewhere = ledger.same_payouts_elsewhere("d1", "nov").expect("read");
    assert_eq!(elsewhere.map(|e| e.label).as_deref(), Some("nov-b"));
}
