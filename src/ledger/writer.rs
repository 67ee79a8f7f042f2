//! The single ledger writer used while sending, with group commit.
//!
//! Workers send it [`Op`]s and wait for the reply. The writer drains every
//! pending op into ONE transaction, commits (one fsync for the group), and
//! only then replies. A worker sends its HTTP request only after its
//! [`Op::BeginSend`] is acknowledged, so intent is always on disk before I/O,
//! and throughput grows with concurrency instead of being capped by fsync.
//!
//! If a commit fails, the writer refuses every later op: a run that cannot
//! record must not send.

use super::state::{self, Effect, Requeue, State};
use super::time::{now_text, to_text};
use super::{Ledger, LedgerError};
use rusqlite::{Connection, OptionalExtension, params};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::SystemTime;

/// Most ops committed together; bounds a transaction's size and latency.
const MAX_GROUP: usize = 1024;

/// What one HTTP exchange returned, in ledger terms (the gateway's own types
/// stay in the gateway module).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AttemptRecord {
    pub elapsed_ms: u64,
    pub http_status: Option<u16>,
    pub outer_code: Option<String>,
    pub data_status: Option<String>,
    /// The outcome class, e.g. `accepted`, `rejected:throttled`, `unknown`.
    pub outcome: String,
    pub error: Option<String>,
    /// The exact body sent (it carries the sign, never the secret).
    pub request_body: Option<String>,
    pub response_body: Option<String>,
}

/// A status the gateway reported for one tradeNo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reported {
    /// `Paid`, `Processing` or `Failed`.
    pub state: State,
    pub platform_trade_no: Option<String>,
    pub status_code: Option<String>,
    pub status_desc: Option<String>,
    pub success_time: Option<String>,
}

/// What a payout attempt's outcome means for the payout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum After {
    /// The gateway said where the payout stands.
    Reported(Reported),
    /// The request may have reached the gateway; resolve by query.
    Unknown,
    /// Provably no order was created: back to planned.
    Requeue(Requeue),
}

/// What a query told about a payout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryAnswer {
    Reported(Reported),
    /// "Order not found". `requeue` is true once the grace period is over.
    NotFound {
        requeue: bool,
    },
    /// No usable answer (unreachable, throttled, garbage).
    NoAnswer,
}

/// One unit of work for the writer.
#[derive(Debug, Clone)]
pub enum Op {
    /// `planned -> sending` and a new attempt row: the intent to send.
    BeginSend { payout_id: i64 },
    /// Records the answer to a send and applies it.
    FinishSend {
        payout_id: i64,
        attempt_id: i64,
        record: AttemptRecord,
        after: After,
    },
    /// Records a query (attempt and event rows) and applies its answer.
    Query {
        payout_id: i64,
        started_at: SystemTime,
        record: AttemptRecord,
        answer: QueryAnswer,
    },
}

/// The writer's reply, sent only after the op's transaction committed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ack {
    Began {
        attempt_id: i64,
        at: SystemTime,
    },
    /// The payout's state after the op, and what the op did to it.
    Applied {
        state: State,
        effect: Effect,
    },
}

struct Job {
    op: Op,
    reply: mpsc::SyncSender<Result<Ack, LedgerError>>,
}

/// Owns the writer thread. Finish it to get the ledger back.
pub struct Writer {
    handle: WriterHandle,
    thread: JoinHandle<Ledger>,
}

/// A cheap, cloneable way for workers to submit ops.
#[derive(Clone)]
pub struct WriterHandle {
    tx: mpsc::Sender<Job>,
}

impl Writer {
    pub(super) fn spawn(ledger: Ledger, run_id: i64) -> Result<Writer, LedgerError> {
        let (tx, rx) = mpsc::channel::<Job>();
        let thread = std::thread::Builder::new()
            .name("payrun-ledger".to_string())
            .spawn(move || run(ledger, run_id, rx))
            .map_err(|e| {
                LedgerError::CommitFailed(format!("cannot start the writer thread: {e}"))
            })?;
        Ok(Writer {
            handle: WriterHandle { tx },
            thread,
        })
    }

    pub fn handle(&self) -> WriterHandle {
        self.handle.clone()
    }

    /// Waits for every op to be committed and returns the ledger. Drop all
    /// handles first (workers must have finished).
    pub fn finish(self) -> Result<Ledger, LedgerError> {
        drop(self.handle);
        self.thread.join().map_err(|_| LedgerError::WriterGone)
    }
}

impl WriterHandle {
    /// Submits one op and waits until it is durable.
    pub fn call(&self, op: Op) -> Result<Ack, LedgerError> {
        let (reply, rx) = mpsc::sync_channel(1);
        self.tx
            .send(Job { op, reply })
            .map_err(|_| LedgerError::WriterGone)?;
        rx.recv().map_err(|_| LedgerError::WriterGone)?
    }
}

fn run(mut ledger: Ledger, run_id: i64, rx: mpsc::Receiver<Job>) -> Ledger {
    let mut broken: Option<String> = None;
    while let Ok(first) = rx.recv() {
        let mut group = vec![first];
        while group.len() < MAX_GROUP {
            match rx.try_recv() {
                Ok(job) => group.push(job),
                Err(_) => break,
            }
        }
        if let Some(why) = &broken {
            for job in group {
                let _ = job.reply.send(Err(LedgerError::CommitFailed(why.clone())));
            }
            continue;
        }
        match apply_group(&mut ledger, run_id, &group) {
            Ok(results) => {
                for (job, result) in group.into_iter().zip(results) {
                    let _ = job.reply.send(result);
                }
            }
            Err(e) => {
                let why = e.to_string();
                for job in group {
                    let _ = job.reply.send(Err(LedgerError::CommitFailed(why.clone())));
                }
                broken = Some(why);
            }
        }
    }
    ledger
}

/// One transaction for the whole group; each op in its own savepoint so that
/// one op's error (a logic error) does not undo the others.
fn apply_group(
    ledger: &mut Ledger,
    run_id: i64,
    group: &[Job],
) -> Result<Vec<Result<Ack, LedgerError>>, rusqlite::Error> {
    let mut tx = ledger
        .conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let mut results = Vec::with_capacity(group.len());
    for job in group {
        let sp = tx.savepoint()?;
        let result = apply(&sp, run_id, &job.op);
        if result.is_ok() {
            sp.commit()?;
        } else {
            // Dropping an uncommitted savepoint rolls it back.
            drop(sp);
        }
        results.push(result);
    }
    tx.commit()?;
    Ok(results)
}

fn apply(tx: &Connection, run_id: i64, op: &Op) -> Result<Ack, LedgerError> {
    match op {
        Op::BeginSend { payout_id } => begin_send(tx, run_id, *payout_id),
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
        } => query(tx, run_id, *payout_id, *started_at, record, answer),
    }
}

fn current(tx: &Connection, payout_id: i64) -> Result<(State, String), LedgerError> {
    tx.prepare_cached("SELECT state, trade_no FROM payouts WHERE id = ?1")
        .and_then(|mut s| {
            s.query_row([payout_id], |r| {
                Ok((super::store::state_col(r, 0)?, r.get(1)?))
            })
            .optional()
        })
        .map_err(LedgerError::sql("reading a payout's state"))?
        .ok_or_else(|| LedgerError::Corrupt(format!("payout id {payout_id} does not exist")))
}

fn illegal(trade_no: String) -> impl FnOnce(state::IllegalTransition) -> LedgerError {
    move |cause| LedgerError::Illegal { trade_no, cause }
}

fn begin_send(tx: &Connection, run_id: i64, payout_id: i64) -> Result<Ack, LedgerError> {
    let (from, trade) = current(tx, payout_id)?;
    state::transition(from, State::Sending).map_err(illegal(trade))?;
    let at = SystemTime::now();
    let at_text = to_text(at);
    let e = LedgerError::sql("recording the intent to send");
    tx.prepare_cached(
        "UPDATE payouts SET state = 'sending', attempts = attempts + 1,
                first_sent_at = COALESCE(first_sent_at, ?2), last_attempt_at = ?2, updated_at = ?2
         WHERE id = ?1",
    )
    .and_then(|mut s| s.execute(params![payout_id, at_text]))
    .map_err(e)?;
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

fn finish_send(
    tx: &Connection,
    payout_id: i64,
    attempt_id: i64,
    record: &AttemptRecord,
    after: &After,
) -> Result<Ack, LedgerError> {
    tx.prepare_cached(
        "UPDATE attempts SET elapsed_ms = ?2, http_status = ?3, outer_code = ?4, data_status = ?5,
                outcome = ?6, error = ?7, request_body = ?8, response_body = ?9
         WHERE id = ?1",
    )
    .and_then(|mut s| {
        s.execute(params![
            attempt_id,
            record.elapsed_ms as i64,
            record.http_status,
            record.outer_code,
            record.data_status,
            record.outcome,
            record.error,
            record.request_body,
            record.response_body,
        ])
    })
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
            state::transition(from, State::Unknown).map_err(illegal(trade))?;
            set_state(tx, payout_id, State::Unknown)
        }
        After::Requeue(why) => {
            state::requeue(from, *why).map_err(illegal(trade))?;
            set_state(tx, payout_id, State::Planned)
        }
    }
}

fn set_state(tx: &Connection, payout_id: i64, to: State) -> Result<Ack, LedgerError> {
    tx.prepare_cached("UPDATE payouts SET state = ?2, updated_at = ?3 WHERE id = ?1")
        .and_then(|mut s| s.execute(params![payout_id, to.key(), now_text()]))
        .map_err(LedgerError::sql("changing a payout's state"))?;
    Ok(Ack::Applied {
        state: to,
        effect: Effect::Move,
    })
}

fn apply_reported(
    tx: &Connection,
    payout_id: i64,
    from: State,
    trade: String,
    r: &Reported,
) -> Result<Ack, LedgerError> {
    let effect = state::transition(from, r.state).map_err(illegal(trade))?;
    let e = || LedgerError::sql("recording a payout's status");
    match effect {
        Effect::Move => {
            tx.prepare_cached(
                "UPDATE payouts SET state = ?2, platform_trade_no = COALESCE(?3, platform_trade_no),
                        status_code = COALESCE(?4, status_code), status_desc = COALESCE(?5, status_desc),
                        success_time = COALESCE(?6, success_time), updated_at = ?7
                 WHERE id = ?1",
            )
            .and_then(|mut s| {
                s.execute(params![
                    payout_id,
                    r.state.key(),
                    r.platform_trade_no,
                    r.status_code,
                    r.status_desc,
                    r.success_time,
                    now_text()
                ])
            })
            .map_err(e())?;
            Ok(Ack::Applied {
                state: r.state,
                effect,
            })
        }
        Effect::NoOp => Ok(Ack::Applied {
            state: from,
            effect,
        }),
        Effect::Conflict => {
            let detail = format!(
                "recorded {from}, then the gateway reported {} (code {})",
                r.state,
                r.status_code.as_deref().unwrap_or("-")
            );
            tx.prepare_cached(
                "UPDATE payouts SET conflict = 1,
                        conflict_detail = COALESCE(conflict_detail || '; ', '') || ?2, updated_at = ?3
                 WHERE id = ?1",
            )
            .and_then(|mut s| s.execute(params![payout_id, detail, now_text()]))
            .map_err(e())?;
            Ok(Ack::Applied {
                state: from,
                effect,
            })
        }
    }
}

fn query(
    tx: &Connection,
    run_id: i64,
    payout_id: i64,
    started_at: SystemTime,
    record: &AttemptRecord,
    answer: &QueryAnswer,
) -> Result<Ack, LedgerError> {
    let started = to_text(started_at);
    tx.prepare_cached(
        "INSERT INTO attempts (payout_id, run_id, kind, started_at, elapsed_ms, http_status, outer_code,
                               data_status, outcome, error, request_body, response_body)
         VALUES (?1, ?2, 'query', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )
    .and_then(|mut s| {
        s.execute(params![
            payout_id,
            run_id,
            started,
            record.elapsed_ms as i64,
            record.http_status,
            record.outer_code,
            record.data_status,
            record.outcome,
            record.error,
            record.request_body,
            record.response_body,
        ])
    })
    .map_err(LedgerError::sql("recording a query"))?;
    let (from, trade) = current(tx, payout_id)?;
    let (ack, applied) = match answer {
        QueryAnswer::Reported(r) => {
            let ack = apply_reported(tx, payout_id, from, trade.clone(), r)?;
            let applied = match ack {
                Ack::Applied {
                    effect: Effect::Move,
                    state,
                } => format!("{from} -> {state}"),
                Ack::Applied {
                    effect: Effect::Conflict,
                    ..
                } => format!("conflict: kept {from}, gateway says {}", r.state),
                _ => format!("no change ({from})"),
            };
            (ack, applied)
        }
        QueryAnswer::NotFound { requeue: true } if from == State::Unknown => {
            state::requeue(from, Requeue::NotFoundAfterGrace).map_err(illegal(trade.clone()))?;
            let ack = set_state(tx, payout_id, State::Planned)?;
            (
                ack,
                format!("{from} -> planned: not found after the grace period"),
            )
        }
        // Within the grace period, or the payout was settled meanwhile (a
        // callback): a "not found" changes nothing.
        QueryAnswer::NotFound { .. } => (
            Ack::Applied {
                state: from,
                effect: Effect::NoOp,
            },
            format!("no change ({from}): not found, within the grace period"),
        ),
        QueryAnswer::NoAnswer => {
            return Ok(Ack::Applied {
                state: from,
                effect: Effect::NoOp,
            });
        }
    };
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
    Ok(ack)
}
