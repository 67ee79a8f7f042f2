//! The writer thread: intent before I/O, group commit, and the state rules
//! applied to every answer.

use super::*;
use crate::ledger::writer::{
    Ack, After, AttemptOutcome, AttemptRecord, NotFound, Op, QueryAnswer, Writer, WriterHandle,
};

/// A writer over a batch of `n` planned payouts, the first of which has just
/// begun sending, where most writer tests start: (the temp dir to keep, the
/// writer, a handle, the batch id, the payout ids, the attempt id).
pub(super) fn first_begun(
    n: usize,
) -> (tempfile::TempDir, Writer, WriterHandle, i64, Vec<i64>, i64) {
    let (dir, mut ledger) = temp_ledger();
    let (batch, run, ids) = planned(&mut ledger, n);
    let writer = ledger.into_writer(run).expect("writer");
    let w = writer.handle();
    let Ok(Ack::Began { attempt_id, .. }) = w.call(Op::BeginSend {
        payout_id: ids[0],
        out_for: std::time::Duration::ZERO,
    }) else {
        panic!("begin");
    };
    (dir, writer, w, batch, ids, attempt_id)
}

#[test]
fn writer_records_intent_then_outcome_and_flags_conflicts() {
    let (_dir, writer, w, batch, ids, attempt_id) = first_begun(2);
    // Sending twice is illegal: the second begin is refused.
    assert!(matches!(
        w.call(Op::BeginSend {
            payout_id: ids[0],
            out_for: std::time::Duration::ZERO
        }),
        Err(LedgerError::Illegal { .. })
    ));
    let finish = w.call(Op::FinishSend {
        payout_id: ids[0],
        attempt_id,
        record: AttemptRecord {
            outcome: AttemptOutcome::Accepted(State::Paid),
            http_status: Some(200),
            request_body: Some("{\"tradeNo\":\"x\"}".into()),
            ..Default::default()
        },
        after: After::Reported(reported(State::Paid)),
    });
    assert_eq!(
        finish.expect("finish"),
        Ack::Applied {
            state: State::Paid,
            effect: Effect::Move
        }
    );
    let q = |state| Op::Query {
        payout_id: ids[0],
        started_at: std::time::SystemTime::now(),
        record: AttemptRecord {
            outcome: AttemptOutcome::Accepted(State::Paid),
            response_body: Some("{}".into()),
            ..Default::default()
        },
        answer: QueryAnswer::Reported(reported(state)),
    };
    // The same final answer again changes nothing; a different one is a conflict.
    assert!(matches!(
        w.call(q(State::Paid)),
        Ok(Ack::Applied {
            state: State::Paid,
            effect: Effect::NoOp
        })
    ));
    assert!(matches!(
        w.call(q(State::Failed)),
        Ok(Ack::Applied {
            state: State::Paid,
            effect: Effect::Conflict
        })
    ));
    // A payout never sent cannot be reported unknown or requeued.
    assert!(
        w.call(Op::FinishSend {
            payout_id: ids[1],
            attempt_id,
            record: AttemptRecord::default(),
            after: After::Reported(reported(State::Paid)),
        })
        .is_err()
    );
    drop(w);
    let ledger = writer.finish().expect("finish writer");
    one_paid_in_conflict_one_planned(&ledger, batch, &ids);
}

/// What the ledger holds after `writer_records_intent_then_outcome_and_flags_conflicts`:
/// the first payout paid once and flagged by the conflicting query, the second
/// never sent.
fn one_paid_in_conflict_one_planned(ledger: &Ledger, batch: i64, ids: &[i64]) {
    assert_eq!(state_of(ledger, ids[0]), "paid");
    assert_eq!(state_of(ledger, ids[1]), "planned");
    let c = ledger.connection();
    let (attempts, conflict): (i64, i64) = c
        .query_row(
            "SELECT attempts, conflict FROM payouts WHERE id = ?1",
            [ids[0]],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("row");
    assert_eq!((attempts, conflict), (1, 1));
    let kinds: Vec<String> = c
        .prepare("SELECT kind FROM attempts ORDER BY id")
        .expect("prep")
        .query_map([], |r| r.get(0))
        .expect("q")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(kinds, ["payout", "query", "query"]);
    let events: i64 = c
        .query_row(
            "SELECT COUNT(*) FROM events WHERE source = 'query'",
            [],
            |r| r.get(0),
        )
        .expect("events");
    assert_eq!(events, 2);
    let totals = ledger.totals(batch).expect("totals");
    assert_eq!(totals.count(State::Paid), 1);
    assert_eq!(totals.conflicts, 1);
}

#[test]
fn unknown_is_requeued_only_by_not_found_after_grace() {
    let (_dir, writer, w, _, ids, attempt_id) = first_begun(1);
    w.call(Op::FinishSend {
        payout_id: ids[0],
        attempt_id,
        record: AttemptRecord::default(),
        after: After::Unknown,
    })
    .expect("unknown");
    // A refusal cannot requeue an unknown payout: that would be a blind resend.
    assert!(
        w.call(Op::FinishSend {
            payout_id: ids[0],
            attempt_id,
            record: AttemptRecord::default(),
            after: After::Requeue(Requeue::Refused),
        })
        .is_ok_and(|a| a
            == Ack::Applied {
                state: State::Unknown,
                effect: Effect::NoOp
            })
    );
    let query = |requeue| Op::Query {
        payout_id: ids[0],
        started_at: std::time::SystemTime::now(),
        record: AttemptRecord::default(),
        answer: QueryAnswer::NotFound(if requeue {
            NotFound::NeverCreated
        } else {
            NotFound::WithinGrace
        }),
    };
    assert_eq!(
        w.call(query(false)).expect("within grace"),
        Ack::Applied {
            state: State::Unknown,
            effect: Effect::NoOp
        }
    );
    assert_eq!(
        w.call(query(true)).expect("after grace"),
        Ack::Applied {
            state: State::Planned,
            effect: Effect::Move
        }
    );
    drop(w);
    let ledger = writer.finish().expect("finish");
    assert_eq!(state_of(&ledger, ids[0]), "planned");
}

#[test]
fn a_crashed_run_leaves_sending_which_becomes_unknown() {
    let (_dir, mut ledger) = temp_ledger();
    let (batch, run, ids) = planned(&mut ledger, 3);
    let writer = ledger.into_writer(run).expect("writer");
    let w = writer.handle();
    w.call(Op::BeginSend {
        payout_id: ids[1],
        out_for: std::time::Duration::ZERO,
    })
    .expect("begin");
    drop(w);
    let mut ledger = writer.finish().expect("finish");
    let run2 = ledger
        .begin_run(Some(batch), &RunInfo::default())
        .expect("run");
    assert_eq!(ledger.recover_interrupted(batch, run2).expect("recover"), 1);
    assert_eq!(state_of(&ledger, ids[1]), "unknown");
    let outcome: String = value(
        &ledger,
        "SELECT outcome FROM attempts WHERE payout_id = ?1",
        [ids[1]],
    );
    assert_eq!(outcome, "interrupted");
    let left = ledger
        .payouts_in(batch, &[State::Unknown, State::Planned])
        .expect("rows");
    assert_eq!(
        left.iter().map(|p| (p.id, p.state)).collect::<Vec<_>>(),
        vec![
            (ids[1], State::Unknown),
            (ids[0], State::Planned),
            (ids[2], State::Planned)
        ]
    );
    assert!(left[0].last_attempt_at.is_some());
    assert_eq!(left[0].attempts, 1);
}

#[test]
fn group_commit_serves_many_threads() {
    let (_dir, mut ledger) = temp_ledger();
    let (batch, run, ids) = planned(&mut ledger, 400);
    let writer = ledger.into_writer(run).expect("writer");
    let threads: Vec<_> = ids
        .chunks(50)
        .map(|chunk| {
            let w = writer.handle();
            let chunk = chunk.to_vec();
            std::thread::spawn(move || {
                for id in chunk {
                    let Ok(Ack::Began { attempt_id, .. }) = w.call(Op::BeginSend {
                        payout_id: id,
                        out_for: std::time::Duration::ZERO,
                    }) else {
                        return false;
                    };
                    let done = w.call(Op::FinishSend {
                        payout_id: id,
                        attempt_id,
                        record: AttemptRecord::default(),
                        after: After::Reported(reported(State::Processing)),
                    });
                    if done.is_err() {
                        return false;
                    }
                }
                true
            })
        })
        .collect();
    for t in threads {
        assert!(t.join().expect("join"));
    }
    let ledger = writer.finish().expect("finish");
    let totals = ledger.totals(batch).expect("totals");
    assert_eq!(totals.count(State::Processing), 400);
    let expected: i64 = (0..400).map(|i| (100 + i) * 100).sum();
    let got: i64 = totals.by_state.iter().map(|t| t.amount.poisha()).sum();
    assert_eq!(got, expected);
}

/// A run that began a payout request has sent something (whatever its
/// outcome); another run of the same ledger has not.
#[test]
fn payout_attempts_are_counted_per_run() {
    let (_dir, writer, w, batch, _ids, _attempt) = first_begun(2);
    drop(w);
    let mut ledger = writer.finish().expect("finish writer");
    let run = value(&ledger, "SELECT MAX(run_id) FROM attempts", []);
    assert_eq!(ledger.payout_attempts_in_run(run).expect("count"), 1);
    let later = ledger
        .begin_run(Some(batch), &RunInfo::default())
        .expect("run");
    assert_eq!(ledger.payout_attempts_in_run(later).expect("count"), 0);
}

/// A handle kept past `finish` (a worker not joined, a clone left in scope)
/// used to keep the writer's channel open, so `finish` waited for it forever
/// and the run hung after its last payout. Now `finish` closes the writer
/// itself: it returns within a bound, says that a handle leaked, and the
/// leaked handle's next op is refused instead of going unrecorded.
#[test]
fn a_handle_held_past_finish_cannot_hang_it() {
    let (_dir, writer, w, _batch, ids, _attempt) = first_begun(2);
    let leaked = w.clone();
    drop(w);
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(writer.finish().map(|_| ()));
    });
    let result = finished
        .recv_timeout(std::time::Duration::from_secs(20))
        .expect("Writer::finish hung while a handle was still held");
    let err = result.expect_err("a leaked handle is a broken contract, said by finish");
    assert!(
        matches!(err, LedgerError::HandleLeaked { handles: 1 }),
        "{err:?}"
    );
    assert!(err.to_string().contains("1 writer handle"), "{err}");
    assert!(matches!(
        leaked.call(Op::BeginSend {
            payout_id: ids[1],
            out_for: std::time::Duration::ZERO
        }),
        Err(LedgerError::WriterGone)
    ));
}
