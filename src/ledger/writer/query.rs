//! A query's answer inside the group transaction: the attempt, what the
//! answer does to the payout (through [`super::apply::apply_reported`] and
//! the state rules), and the event an auditor reads.

use super::apply::{apply_reported, flag_conflict_once, insert_query_attempt};
use super::{Ack, AttemptRecord, QueryAnswer, Reported};
use crate::ledger::LedgerError;
use crate::ledger::state::{Effect, State};
use crate::ledger::store::current;
use crate::time::{now_text, to_text};
use rusqlite::{Connection, params};
use std::time::SystemTime;

/// Records a query (its attempt, then its answer's effect and event).
pub(super) fn query(
    tx: &Connection,
    run_id: i64,
    payout_id: i64,
    started_at: SystemTime,
    record: &AttemptRecord,
    answer: &QueryAnswer,
) -> Result<Ack, LedgerError> {
    let started = to_text(started_at);
    insert_query_attempt(tx, payout_id, run_id, &started, record, "recording a query")?;
    let (from, trade) = current(tx, payout_id)?;
    let (ack, applied) = match answer {
        QueryAnswer::Reported(r) => {
            let ack = apply_reported(tx, payout_id, from, trade.clone(), r)?;
            let applied = reported_words(&ack, from, r);
            (ack, applied)
        }
        QueryAnswer::NotFound(seen) => {
            super::not_found::not_found(tx, payout_id, from, &trade, *seen)?
        }
        QueryAnswer::Silent => {
            return Ok(Ack::Applied {
                state: from,
                effect: Effect::NoOp,
            });
        }
        QueryAnswer::Early { why } => (
            Ack::Applied {
                state: from,
                effect: Effect::NoOp,
            },
            format!("no change ({from}): {why}"),
        ),
        QueryAnswer::Mismatch { why, conflict } => {
            if *conflict {
                flag_conflict_once(tx, payout_id, why)?;
            }
            let applied = if *conflict {
                format!("conflict: {why}")
            } else {
                format!("refused: {why}")
            };
            (
                Ack::Applied {
                    state: from,
                    effect: Effect::NoOp,
                },
                applied,
            )
        }
    };
    record_query_event(tx, payout_id, &trade, run_id, record, &applied)?;
    Ok(ack)
}

/// Keeps a query's answer among the payout's events, with what it did to
/// the payout (`applied`), for the auditor.
fn record_query_event(
    tx: &Connection,
    payout_id: i64,
    trade: &str,
    run_id: i64,
    record: &AttemptRecord,
    applied: &str,
) -> Result<(), LedgerError> {
    tx.prepare_cached(
        "INSERT INTO events (payout_id, trade_no, run_id, source, received_at, raw_body, status, applied)
         VALUES (?1, ?2, ?3, 'query', ?4, ?5, ?6, ?7)",
    )
    .and_then(|mut s| {
        s.execute(params![
            payout_id,
            trade,
            run_id,
            now_text(),
            record.response_body,
            record.data_status,
            applied
        ])
    })
    .map_err(LedgerError::sql("recording a query answer"))?;
    Ok(())
}

/// What a reported status did to a payout, in the words an event keeps.
fn reported_words(ack: &Ack, from: State, r: &Reported) -> String {
    match ack {
        Ack::Applied {
            effect: Effect::Move,
            state,
        } => format!("{from} -> {state}"),
        Ack::Applied {
            effect: Effect::Conflict,
            ..
        } => format!("conflict: kept {from}, gateway says {}", r.state),
        _ => format!("no change ({from})"),
    }
}
