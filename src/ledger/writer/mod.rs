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

mod apply;
mod not_found;
mod orders;
mod outcome;
mod query;

pub use outcome::{AttemptOutcome, Refusal};
pub(super) use outcome::{duplicate_key, placed_no_order_keys};

pub(super) use apply::{apply_reported, flag_conflict_once, insert_query_attempt};

use super::state::{Effect, Requeue, State};
use super::{Ledger, LedgerError};
use crate::ledger::sql;
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime};

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
    /// The outcome class, e.g. `accepted:paid`, `rejected:throttled`, `unknown`.
    pub outcome: AttemptOutcome,
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

/// What a query told about a payout, as the resend policy (`src/policy.rs`,
/// a later stage that drives the ledger) reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryAnswer {
    Reported(Reported),
    /// "Order not found", and what it proves.
    NotFound(NotFound),
    /// No usable answer (unreachable, throttled, garbage).
    Silent,
    /// An answer that is not evidence about this payout: it names another
    /// tradeNo, or another amount. It is kept as an event and changes no
    /// state; with `conflict`, the payout is flagged for a person (a signed
    /// callback with a wrong amount is treated the same way).
    Mismatch {
        why: String,
        conflict: bool,
    },
    /// A final answer not believed yet: a failure for a payout the gateway
    /// never acknowledged, from a query sent within the grace period (a
    /// gateway that does not see a fresh order yet may say so with a code
    /// that reads as a failure). Kept as an event, changes nothing; the
    /// policy asks again when the grace period ends.
    Early {
        why: String,
    },
}

/// What a "not found" proves, as the policy decided from the payout the
/// ledger knew. The ledger applies it only to a payout still in the state
/// it was decided for; one that a callback settled meanwhile is left alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotFound {
    /// Asked within the grace period: nothing.
    WithinGrace,
    /// Asked after the grace period about an unknown payout: never created,
    /// back to planned, to be sent again with the same tradeNo.
    NeverCreated,
    /// Asked after the grace period, but a send of the tradeNo was answered
    /// "duplicate": the order exists by the gateway's own word. Left
    /// unknown for a person.
    AfterDuplicate,
    /// Asked after the grace period about a payout the gateway accepted
    /// (processing) or said it paid: it contradicts itself, or no longer
    /// finds orders this old. Flagged as a conflict; the state is kept.
    Contradicts,
    /// About a payout in any other state: nothing.
    Ignored,
}

/// One unit of work for the writer.
#[derive(Debug, Clone)]
pub enum Op {
    /// `planned -> sending` and a new attempt row: the intent to send.
    BeginSend {
        payout_id: i64,
        /// The longest the request can be out (the client's whole-request
        /// timeout): until its answer is recorded, the grace period counts
        /// from then, so a run killed mid-request is never worse than a
        /// timeout.
        out_for: Duration,
    },
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

/// What the writer's channel carries. `Close` comes from `finish` alone, so
/// the writer stops when its owner says so, not when the last handle is
/// dropped: a handle kept by mistake cannot keep the run waiting.
#[allow(
    clippy::large_enum_variant,
    reason = "the channel holds jobs anyway: Close, sent once, costs no more than a job"
)]
enum Msg {
    Job(Job),
    Close,
}

/// Owns the writer thread. Finish it to get the ledger back.
pub struct Writer {
    handle: WriterHandle,
    thread: JoinHandle<Ledger>,
}

/// A cheap, cloneable way for workers to submit ops.
#[derive(Clone)]
pub struct WriterHandle {
    tx: mpsc::Sender<Msg>,
    /// One clone per live handle: `finish` counts the ones still held.
    live: std::sync::Arc<()>,
}

impl Writer {
    pub(super) fn spawn(ledger: Ledger, run_id: i64) -> Result<Writer, LedgerError> {
        let (tx, rx) = mpsc::channel::<Msg>();
        let thread = std::thread::Builder::new()
            .name("payrun-ledger".to_string())
            .spawn(move || run(ledger, run_id, rx))
            .map_err(|e| {
                LedgerError::CommitFailed(format!("cannot start the writer thread: {e}"))
            })?;
        Ok(Writer {
            handle: WriterHandle {
                tx,
                live: std::sync::Arc::new(()),
            },
            thread,
        })
    }

    pub fn handle(&self) -> WriterHandle {
        self.handle.clone()
    }

    /// Waits for every op sent before it to be committed and returns the
    /// ledger. Workers must have finished: a handle still held is refused
    /// from now on, and said as [`LedgerError::HandleLeaked`] rather than
    /// waited for (the writer would otherwise wait for it forever).
    pub fn finish(self) -> Result<Ledger, LedgerError> {
        let Writer { handle, thread } = self;
        // A failed send means the writer thread is gone already: join says how.
        let _ = handle.tx.send(Msg::Close);
        let live = handle.live.clone();
        drop(handle);
        let ledger = thread.join().map_err(|_| LedgerError::WriterGone)?;
        match std::sync::Arc::strong_count(&live) - 1 {
            0 => Ok(ledger),
            handles => Err(LedgerError::HandleLeaked { handles }),
        }
    }
}

/// The writer's acknowledgement of [`Op::BeginSend`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Began {
    pub attempt_id: i64,
    pub at: SystemTime,
}

/// The writer's acknowledgement of an answer ([`Op::FinishSend`], [`Op::Query`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Applied {
    pub state: State,
    pub effect: Effect,
}

impl WriterHandle {
    /// Submits one op and waits until it is durable.
    pub fn call(&self, op: Op) -> Result<Ack, LedgerError> {
        let (reply, rx) = mpsc::sync_channel(1);
        self.tx
            .send(Msg::Job(Job { op, reply }))
            .map_err(|_| LedgerError::WriterGone)?;
        rx.recv().map_err(|_| LedgerError::WriterGone)?
    }

    /// Records the intent to send payout `payout_id`. The writer answers an
    /// intent with a new attempt and nothing else (asserted on both sides).
    pub fn begin_send(&self, payout_id: i64, out_for: Duration) -> Result<Began, LedgerError> {
        match self.call(Op::BeginSend { payout_id, out_for })? {
            Ack::Began { attempt_id, at } => Ok(Began { attempt_id, at }),
            other => panic!("contract: the ledger answered an intent to send with {other:?}"),
        }
    }

    /// Records an answer and applies it. The writer answers an answer with
    /// the payout's state and nothing else (asserted on both sides).
    pub fn apply(&self, op: Op) -> Result<Applied, LedgerError> {
        assert!(
            !matches!(op, Op::BeginSend { .. }),
            "contract: an intent to send goes through begin_send"
        );
        match self.call(op)? {
            Ack::Applied { state, effect } => Ok(Applied { state, effect }),
            other => panic!("contract: the ledger answered an answer with {other:?}"),
        }
    }
}

fn run(mut ledger: Ledger, run_id: i64, rx: mpsc::Receiver<Msg>) -> Ledger {
    let mut broken: Option<String> = None;
    let mut closing = false;
    while !closing {
        let Ok(Msg::Job(first)) = rx.recv() else {
            break;
        };
        let mut group = vec![first];
        while group.len() < MAX_GROUP {
            match rx.try_recv() {
                Ok(Msg::Job(job)) => group.push(job),
                Ok(Msg::Close) => {
                    closing = true;
                    break;
                }
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
    let mut tx = sql::write_tx(&mut ledger.conn)?;
    let mut results = Vec::with_capacity(group.len());
    for job in group {
        let sp = tx.savepoint()?;
        let result = apply::apply(&sp, run_id, &job.op);
        // The writer's half of the acknowledgement contract (the other half
        // is in WriterHandle): an intent gets an attempt, an answer a state.
        assert!(
            result.as_ref().map_or(true, |ack| matches!(
                (&job.op, ack),
                (Op::BeginSend { .. }, Ack::Began { .. })
                    | (
                        Op::FinishSend { .. } | Op::Query { .. },
                        Ack::Applied { .. }
                    )
            )),
            "contract: {:?} acknowledged as {result:?}",
            job.op
        );
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
