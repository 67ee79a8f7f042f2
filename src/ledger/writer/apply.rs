//! What each op does inside the group transaction. Every state change goes
//! through [`crate::ledger::state`].

use super::{Ack, After, AttemptRecord, Op, Reported};
use crate::ledger::LedgerError;
use crate::ledger::state::{self, Effect, State};
use crate::ledger::store::current;
use crate::time::{now_text, to_text};
use rusqlite::{Connection, OptionalExtension, ToSql, params};
use std::time::{Duration, SystemTime};

pub(super) fn apply(tx: &Connection, run_id: i64, op: &Op) -> Result<Ack, LedgerError> {
    match op {
        Op::BeginSend { payout_id, out_for } => begin_send(tx, run_id, *payout_id, *out_for),
        Op::FinishSend {
            payout_id,
            attempt_id,
            record,
            after,
        } => finish_send(tx, *payout_id, *attempt_id, record, after),
        Op::Query {
            payout_id,
            started_at,
            record,
            answer,
        } => super::query::query(tx, run_id, *payout_id, *started_at, record, answer),
    }
}

/// Records the intent to send. `last_attempt_at`, from which the grace
/// period counts, is set to the latest the request can end (`out_for` after
/// now): a run killed before the answer is recorded leaves that, and the
/// gateway may still place the order until then, as after a timeout.
/// [`finish_send`] sets the real end.
fn begin_send(
    tx: &Connection,
    run_id: i64,
    payout_id: i64,
    out_for: Duration,
) -> Result<Ack, LedgerError> {
    let (from, trade) = current(tx, payout_id)?;
    state::transition(from, State::Sending).map_err(LedgerError::illegal(trade.clone()))?;
    held_by_conflict(tx, payout_id, trade)?;
    let at = SystemTime::now();
    let at_text = to_text(at);
    let latest_end = to_text(at.checked_add(out_for).unwrap_or(at));
    let e = LedgerError::sql("recording the intent to send");
    let written: String = tx
        .prepare_cached(
            "UPDATE payouts SET state = 'sending', attempts = attempts + 1,
                first_sent_at = COALESCE(first_sent_at, ?2), last_attempt_at = ?3, updated_at = ?2
             WHERE id = ?1 RETURNING state",
        )
        .and_then(|mut s| s.query_row(params![payout_id, at_text, latest_end], |r| r.get(0)))
        .map_err(e)?;
    // A state read after the write: nothing may send on an intent the
    // ledger does not hold.
    assert_eq!(
        written,
        State::Sending.key(),
        "contract: intent for payout {payout_id}"
    );
    tx.prepare_cached(
        "INSERT INTO attempts (payout_id, run_id, kind, started_at) VALUES (?1, ?2, 'payout', ?3)",
    )
    .and_then(|mut s| s.execute(params![payout_id, run_id, at_text]))
    .map_err(LedgerError::sql("recording the intent to send"))?;
    Ok(Ack::Began {
        attempt_id: tx.last_insert_rowid(),
        at,
    })
}

/// Refuses the intent to send a payout the gateway has contradicted: one
/// flagged `conflict` (a callback said paid what a query had called never
/// created), or a revision of a row whose earlier revision is so flagged
/// (a late "paid" for the failed one it replaces). A run chooses what to send when it starts,
/// and `listen` records callbacks beside it without the run lock, so the
/// flag is read here, in the transaction that records the intent: a flag
/// written a moment before still stops the request.
fn held_by_conflict(tx: &Connection, payout_id: i64, trade: String) -> Result<(), LedgerError> {
    let detail: Option<String> = tx
        .prepare_cached(
            "SELECT COALESCE(o.conflict_detail, 'in conflict')
               FROM payouts me JOIN payouts o
                 ON o.batch_id = me.batch_id AND o.identity = me.identity
                AND o.revision <= me.revision
              WHERE me.id = ?1 AND o.conflict = 1
              ORDER BY o.revision DESC LIMIT 1",
        )
        .and_then(|mut s| s.query_row([payout_id], |r| r.get(0)).optional())
        .map_err(LedgerError::sql("reading whether a payout is in conflict"))?;
    match detail {
        Some(why) => Err(LedgerError::Held {
            trade_no: trade,
            why,
        }),
        None => Ok(()),
    }
}

fn finish_send(
    tx: &Connection,
    payout_id: i64,
    attempt_id: i64,
    record: &AttemptRecord,
    after: &After,
) -> Result<Ack, LedgerError> {
    write_attempt(
        tx,
        "UPDATE attempts SET elapsed_ms = ?2, http_status = ?3, outer_code = ?4, data_status = ?5,
                outcome = ?6, error = ?7, request_body = ?8, response_body = ?9
         WHERE id = ?1",
        &[&attempt_id],
        record,
        "recording an attempt",
    )?;
    // The grace period before a "not found" is believed runs from the end
    // of the last attempt: a request that timed out may still become an
    // order. `last_attempt_at` is read only for that.
    tx.prepare_cached("UPDATE payouts SET last_attempt_at = ?2 WHERE id = ?1")
        .and_then(|mut s| s.execute(params![payout_id, now_text()]))
        .map_err(LedgerError::sql("recording an attempt"))?;
    let (from, trade) = current(tx, payout_id)?;
    match after {
        After::Reported(r) => apply_reported(tx, payout_id, from, trade, r),
        // Someone else (a callback) settled the payout while the request was
        // out: an inconclusive answer changes nothing.
        After::Unknown | After::Requeue(_) if from != State::Sending => Ok(Ack::Applied {
            state: from,
            effect: Effect::NoOp,
        }),
        After::Unknown => {
            state::transition(from, State::Unknown).map_err(LedgerError::illegal(trade))?;
            set_state(tx, payout_id, State::Unknown)
        }
        After::Requeue(why) => {
            state::requeue(from, *why).map_err(LedgerError::illegal(trade))?;
            set_state(tx, payout_id, State::Planned)
        }
    }
}

/// Runs `sql` with `head` as its first parameters and the record's eight
/// fields after them, in this order: elapsed_ms, http_status, outer_code,
/// data_status, outcome, error, request_body, response_body. The one place
/// that lists them, so that a payout attempt (updated after the answer) and
/// a query attempt (inserted whole) store an exchange alike.
pub(in crate::ledger) fn write_attempt(
    tx: &Connection,
    sql: &str,
    head: &[&dyn ToSql],
    record: &AttemptRecord,
    what: &'static str,
) -> Result<(), LedgerError> {
    let elapsed_ms = record.elapsed_ms as i64;
    let outcome = record.outcome.key();
    let fields: [&dyn ToSql; 8] = [
        &elapsed_ms,
        &record.http_status,
        &record.outer_code,
        &record.data_status,
        &outcome,
        &record.error,
        &record.request_body,
        &record.response_body,
    ];
    let all: Vec<&dyn ToSql> = head.iter().copied().chain(fields).collect();
    tx.prepare_cached(sql)
        .and_then(|mut s| s.execute(all.as_slice()))
        .map_err(LedgerError::sql(what))?;
    Ok(())
}

/// Stores a query and its answer as one attempt row of kind `query`, for
/// the resolution by query and the ledger-loss guard's questions alike.
pub(in crate::ledger) fn insert_query_attempt(
    tx: &Connection,
    payout_id: i64,
    run_id: i64,
    started_at: &str,
    record: &AttemptRecord,
    what: &'static str,
) -> Result<(), LedgerError> {
    write_attempt(
        tx,
        "INSERT INTO attempts (payout_id, run_id, kind, started_at, elapsed_ms, http_status, outer_code,
                               data_status, outcome, error, request_body, response_body)
         VALUES (?1, ?2, 'query', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        &[&payout_id, &run_id, &started_at],
        record,
        what,
    )
}

pub(super) fn set_state(tx: &Connection, payout_id: i64, to: State) -> Result<Ack, LedgerError> {
    let written: String = tx
        .prepare_cached(
            "UPDATE payouts SET state = ?2, updated_at = ?3 WHERE id = ?1 RETURNING state",
        )
        .and_then(|mut s| s.query_row(params![payout_id, to.key(), now_text()], |r| r.get(0)))
        .map_err(LedgerError::sql("changing a payout's state"))?;
    // A state read after the write: the state acknowledged is the state held.
    assert_eq!(written, to.key(), "contract: state of payout {payout_id}");
    Ok(Ack::Applied {
        state: to,
        effect: Effect::Move,
    })
}

pub(in crate::ledger) fn apply_reported(
    tx: &Connection,
    payout_id: i64,
    from: State,
    trade: String,
    r: &Reported,
) -> Result<Ack, LedgerError> {
    let effect = state::transition(from, r.state).map_err(LedgerError::illegal(trade))?;
    if let Some(why) = super::orders::another_order(tx, payout_id, r)? {
        flag_conflict_once(tx, payout_id, &why)?;
        // The answer to this very send says what the send did: applied (a
        // payout never stays `sending`), and flagged. Any other report is
        // another order's status: kept out.
        if from != State::Sending {
            return Ok(Ack::Applied {
                state: from,
                effect: Effect::Conflict,
            });
        }
    }
    match effect {
        Effect::Move => {
            move_to_reported(tx, payout_id, r)?;
            Ok(Ack::Applied {
                state: r.state,
                effect,
            })
        }
        Effect::NoOp => {
            if r.state == from {
                keep_success_time(tx, payout_id, r)?;
            }
            Ok(Ack::Applied {
                state: from,
                effect,
            })
        }
        Effect::Conflict => {
            let detail = format!(
                "recorded {from}, then the gateway reported {} (code {})",
                r.state,
                r.status_code.as_deref().unwrap_or("-")
            );
            // The same contradiction again (a replayed callback, the next
            // reconcile's query) adds no new words.
            flag_conflict_once(tx, payout_id, &detail)?;
            Ok(Ack::Applied {
                state: from,
                effect,
            })
        }
    }
}

/// Moves a payout to the state a report gives, keeping the gateway's words
/// it carries (an absent one leaves the one held). The state read after the
/// write is the state acknowledged.
fn move_to_reported(tx: &Connection, payout_id: i64, r: &Reported) -> Result<(), LedgerError> {
    let e = || LedgerError::sql("recording a payout's status");
    let written: String = tx
        .prepare_cached(
            "UPDATE payouts SET state = ?2, platform_trade_no = COALESCE(?3, platform_trade_no),
                status_code = COALESCE(?4, status_code), status_desc = COALESCE(?5, status_desc),
                success_time = COALESCE(?6, success_time), updated_at = ?7
         WHERE id = ?1 RETURNING state",
        )
        .and_then(|mut s| {
            s.query_row(
                params![
                    payout_id,
                    r.state.key(),
                    r.platform_trade_no,
                    r.status_code,
                    r.status_desc,
                    r.success_time,
                    now_text()
                ],
                |row| row.get(0),
            )
        })
        .map_err(e())?;
    assert_eq!(
        written,
        r.state.key(),
        "contract: state of payout {payout_id}"
    );
    Ok(())
}

/// Flags a payout `conflict` for a person, appending `why` to what is
/// already recorded; the same words again (a later query, a replayed
/// callback) add nothing. Its state is left as it is: the state rules never
/// pick a side between two contradicting reports.
pub(in crate::ledger) fn flag_conflict_once(
    tx: &Connection,
    payout_id: i64,
    why: &str,
) -> Result<(), LedgerError> {
    tx.prepare_cached(
        "UPDATE payouts SET conflict = 1,
                conflict_detail = COALESCE(conflict_detail || '; ', '') || ?2, updated_at = ?3
         WHERE id = ?1 AND instr(COALESCE(conflict_detail, ''), ?2) = 0",
    )
    .and_then(|mut s| s.execute(params![payout_id, why, now_text()]))
    .map_err(LedgerError::sql("flagging a conflict"))?;
    Ok(())
}

/// A payout's success time from whichever answer carried it: a send
/// answered paid at once carries none, and the callback or query that
/// confirms it (no move, the same final state) has it. A time already
/// held stays: final is final, and the first report of it is the one kept.
fn keep_success_time(tx: &Connection, payout_id: i64, r: &Reported) -> Result<(), LedgerError> {
    if r.success_time.is_none() {
        return Ok(());
    }
    tx.prepare_cached(
        "UPDATE payouts SET success_time = ?2 WHERE id = ?1 AND success_time IS NULL",
    )
    .and_then(|mut s| s.execute(params![payout_id, r.success_time]))
    .map_err(LedgerError::sql("keeping a payout's success time"))?;
    Ok(())
}
