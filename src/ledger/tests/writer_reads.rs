//! The writer as the sending phase reads it back: every field of an
//! exchange stored, and what a payout request's answer says of the order it
//! may have placed.

use super::writer::first_begun;
use super::*;
use crate::ledger::writer::{Ack, After, AttemptOutcome, AttemptRecord, Op, QueryAnswer, Refusal};

/// A payout attempt (begun, then finished) and a query attempt (one insert)
/// store an exchange alike: every field of the record in its own column.
#[test]
fn both_attempt_kinds_store_every_field_of_the_record() {
    let (_dir, writer, w, _, ids, attempt_id) = first_begun(1);
    let record = AttemptRecord {
        elapsed_ms: 1234,
        http_status: Some(502),
        outer_code: Some("9999".into()),
        data_status: Some("0001".into()),
        outcome: AttemptOutcome::Unknown,
        error: Some("bad gateway".into()),
        request_body: Some("{\"req\":1}".into()),
        response_body: Some("<html>".into()),
    };
    w.call(Op::FinishSend {
        payout_id: ids[0],
        attempt_id,
        record: record.clone(),
        after: After::Unknown,
    })
    .expect("finish");
    w.call(Op::Query {
        payout_id: ids[0],
        started_at: std::time::SystemTime::now(),
        record: record.clone(),
        answer: QueryAnswer::Silent,
    })
    .expect("query");
    drop(w);
    let ledger = writer.finish().expect("finish writer");
    let stored: Vec<(String, AttemptRecord)> = ledger
        .connection()
        .prepare(
            "SELECT kind, elapsed_ms, http_status, outer_code, data_status, outcome, error,
                    request_body, response_body
             FROM attempts WHERE payout_id = ?1 ORDER BY id",
        )
        .expect("prep")
        .query_map([ids[0]], |r| {
            Ok((
                r.get(0)?,
                AttemptRecord {
                    elapsed_ms: r.get(1)?,
                    http_status: r.get(2)?,
                    outer_code: r.get(3)?,
                    data_status: r.get(4)?,
                    outcome: AttemptOutcome::from_key(&r.get::<_, String>(5)?).unwrap_or_default(),
                    error: r.get(6)?,
                    request_body: r.get(7)?,
                    response_body: r.get(8)?,
                },
            ))
        })
        .expect("q")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(
        stored,
        [
            ("payout".to_string(), record.clone()),
            ("query".to_string(), record)
        ]
    );
}

/// The sending phase reads back that a payout request was answered
/// "duplicate tradeNo" (`PayoutRow::answered_duplicate`, the SQL built
/// from the one stored key): a later "not found" must never make it
/// planned again. Another uncertain answer reads as not duplicate. It also
/// reads whether any send may have placed an order (`may_exist`): an
/// uncertain or duplicate answer may, a send that never left did not, and
/// a refusal of a later send is then no word about that order.
#[test]
fn a_duplicate_answer_is_read_back_with_the_payout() {
    let (_dir, writer, w, batch, ids, first) = first_begun(4);
    // Payout request `attempt_id` of payout `id` answered `outcome`.
    let answered = |id: i64, attempt_id: i64, outcome: AttemptOutcome, after: After| {
        let record = AttemptRecord {
            outcome,
            ..Default::default()
        };
        w.call(Op::FinishSend {
            payout_id: id,
            attempt_id,
            record,
            after,
        })
        .expect("answered");
    };
    let begin = |id: i64| {
        let Ok(Ack::Began { attempt_id, .. }) = w.call(Op::BeginSend {
            payout_id: id,
            out_for: std::time::Duration::ZERO,
        }) else {
            panic!("begin");
        };
        attempt_id
    };
    let duplicate = AttemptOutcome::Rejected(Refusal::Duplicate);
    answered(ids[0], first, duplicate, After::Unknown);
    answered(
        ids[1],
        begin(ids[1]),
        AttemptOutcome::Unknown,
        After::Unknown,
    );
    let not_sent = After::Requeue(crate::ledger::Requeue::NotSent);
    answered(ids[2], begin(ids[2]), AttemptOutcome::NotSent, not_sent);
    drop(w);
    let ledger = writer.finish().expect("finish");
    let rows = ledger
        .payouts_in(batch, &[State::Unknown, State::Planned])
        .expect("rows");
    let mut read: Vec<_> = rows
        .iter()
        .map(|p| (p.id, p.answered_duplicate, p.may_exist))
        .collect();
    read.sort();
    assert_eq!(
        read,
        vec![
            (ids[0], true, true),
            (ids[1], false, true),
            (ids[2], false, false),
            (ids[3], false, false)
        ]
    );
}
