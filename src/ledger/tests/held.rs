//! The intent to send is refused for a payout the gateway contradicted
//! after the run chose it: `listen` records callbacks beside a run, without
//! its lock, so the flag it writes is read where the intent is recorded.

use super::*;
use crate::ledger::callbacks::{CallbackVerdict, verified};
use crate::ledger::writer::{Ack, Op};

#[test]
fn a_payout_flagged_by_a_callback_after_the_run_chose_it_is_not_sent() {
    let (_dir, mut ledger) = temp_ledger();
    let (batch, run, ids) = planned(&mut ledger, 4);
    let trade =
        |id: i64| -> String { value(&ledger, "SELECT trade_no FROM payouts WHERE id = ?1", [id]) };
    let (t0, t2) = (trade(ids[0]), trade(ids[2]));
    // Payout 0: a "paid" for a payout the ledger holds as never sent.
    let v = ledger
        .record_callback(None, &verified(&t0, State::Paid, 10_000))
        .expect("record");
    assert!(matches!(v, CallbackVerdict::Flagged(_)), "{v:?}");
    // Payout 1 revises payout 2's row; payout 2 (the earlier revision) is
    // flagged the same way.
    let identity: String = value(
        &ledger,
        "SELECT identity FROM payouts WHERE id = ?1",
        [ids[2]],
    );
    exec(
        &ledger,
        "UPDATE payouts SET identity = ?2, revision = 1 WHERE id = ?1",
        rusqlite::params![ids[1], identity],
    );
    let v = ledger
        .record_callback(None, &verified(&t2, State::Paid, 10_200))
        .expect("record");
    assert!(matches!(v, CallbackVerdict::Flagged(_)), "{v:?}");

    let held = ledger.conflicted(batch).expect("conflicted");
    let want: std::collections::HashSet<i64> = [ids[0], ids[1], ids[2]].into();
    assert_eq!(held, want, "what a run holds when it starts");

    let writer = ledger.into_writer(run).expect("writer");
    let w = writer.handle();
    for id in [ids[0], ids[1]] {
        let got = w.call(Op::BeginSend {
            payout_id: id,
            out_for: std::time::Duration::ZERO,
        });
        assert!(
            matches!(&got, Err(LedgerError::Held { why, .. }) if why.contains("planned -> paid")),
            "payout {id}: {got:?}"
        );
    }
    drop(w);
    let ledger = writer.finish().expect("finish");
    for id in [ids[0], ids[1]] {
        assert_eq!(state_of(&ledger, id), "planned");
        let attempts: i64 = value(
            &ledger,
            "SELECT COUNT(*) FROM attempts WHERE payout_id = ?1",
            [id],
        );
        assert_eq!(attempts, 0, "no intent recorded for payout {id}");
    }
    let writer = ledger.into_writer(run).expect("writer");
    assert!(
        matches!(
            writer.handle().call(Op::BeginSend {
                payout_id: ids[3],
                out_for: std::time::Duration::ZERO
            }),
            Ok(Ack::Began { .. })
        ),
        "a payout nothing contradicts is sent"
    );
    drop(writer);
}
