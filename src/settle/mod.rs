//! Settling: turns `processing` and `unknown` payouts final by asking the
//! gateway's query endpoint, paced by submit's rate limiter and recorded
//! through the ledger writer (an attempt and an event per query, every state
//! change checked by the ledger's transition rules).
//!
//! Callbacks settle payouts too (see [`crate::listen`]); whichever arrives
//! first wins, a repeat changes nothing, and a contradiction between the two
//! is flagged `conflict` by the ledger, never resolved by picking one.
//!
//! An `unknown` payout the gateway has never heard of, once the grace period
//! after its last send is over, goes back to `planned` ("not sent"), ready for
//! the next `submit` with the same tradeNo. It is never marked failed.

use crate::gateway::{Outcome, RejectClass};
use crate::ledger::writer::{Ack, Op, QueryAnswer, WriterHandle};
use crate::ledger::{PayoutRow, State};
use crate::submit::backoff::Backoff;
use crate::submit::pool::work_through;
use crate::submit::rate::{RateLimiter, sleep_unless};
use crate::submit::{Gateway, Halt, record};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime};

/// How to settle.
#[derive(Debug, Clone)]
pub struct SettleConfig {
    /// Keep polling until everything is final or this much time has passed.
    /// `None`: one query per payout, then stop.
    pub wait: Option<Duration>,
    /// A "not found" means "never created" only this long after the last send.
    pub grace: Duration,
    /// Spacing of one payout's queries: grows from `base` to `max`, so a batch
    /// that settles in hours does not hammer the gateway every second.
    pub poll: Backoff,
    /// Queries in flight at most.
    pub concurrency: usize,
}

impl Default for SettleConfig {
    fn default() -> Self {
        SettleConfig {
            wait: None,
            grace: Duration::from_secs(60),
            poll: Backoff {
                base: Duration::from_secs(2),
                max: Duration::from_secs(60),
            },
            concurrency: 4,
        }
    }
}

/// What settling did.
#[derive(Debug, Default)]
pub struct SettleOutcome {
    pub queries: u64,
    /// Payouts that reached paid or failed.
    pub finalised: u64,
    /// Unknown payouts proven never created: back to planned ("not sent").
    pub requeued: u64,
    /// Payouts still processing or unknown at the end, by tradeNo.
    pub left: Vec<(String, State)>,
    /// Every payout handed in, by ledger id, with the state it was left in.
    pub states: Vec<(i64, State)>,
    /// `--wait` ran out before everything was final.
    pub timed_out: bool,
    /// Why settling stopped early, if it did.
    pub halt: Option<Halt>,
}

/// One payout being settled.
struct Item {
    p: PayoutRow,
    state: State,
    due: Instant,
    polls: u32,
    /// When a "not found" may be believed, on the monotonic clock so that a
    /// wall-clock jump while settling cannot end the grace period early.
    grace_end: Instant,
}

/// The grace period's end for a payout last sent at `last`, as an instant.
fn grace_end(last: Option<SystemTime>, grace: Duration, now: Instant) -> Instant {
    let Some(last) = last else {
        // Never sent, as far as the ledger knows: no order to wait for.
        return now;
    };
    let since = SystemTime::now().duration_since(last).unwrap_or_default();
    now + grace.saturating_sub(since)
}

/// What one query did to one payout.
struct Step {
    state: State,
    /// The limiter or the ledger refused to go on.
    stopped: bool,
}

/// Whether settling is over for a payout in this state.
fn settled(state: State) -> bool {
    state.is_final() || state == State::Planned
}

/// Queries every payout in `items` that is `processing` or `unknown`, once or
/// (with `wait`) until each is final or the time is up. A `paid` or `failed`
/// payout in `items` is asked about once, to confirm a callback's word (a
/// contradiction becomes a conflict in the ledger). Bounded: one query per
/// payout per pass, passes spaced by the per-payout backoff, and `wait` caps
/// the whole.
pub fn settle<G: Gateway + ?Sized>(
    gateway: &G,
    writer: &WriterHandle,
    limiter: &RateLimiter,
    stop: &AtomicBool,
    items: Vec<PayoutRow>,
    cfg: &SettleConfig,
) -> SettleOutcome {
    let start = Instant::now();
    let deadline = cfg.wait.map(|w| start + w);
    let mut out = SettleOutcome::default();
    let halt: Mutex<Option<Halt>> = Mutex::new(None);
    let mut pending: Vec<Item> = items
        .into_iter()
        .filter(|p| {
            matches!(
                p.state,
                State::Processing | State::Unknown | State::Paid | State::Failed
            )
        })
        .map(|p| Item {
            state: p.state,
            grace_end: grace_end(p.last_attempt_at, cfg.grace, start),
            p,
            due: start,
            polls: 0,
        })
        .collect();
    loop {
        if stop.load(Ordering::Relaxed) {
            break;
        }
        let now = Instant::now();
        let due: Vec<usize> = (0..pending.len())
            .filter(|&i| pending.get(i).is_some_and(|it| it.due <= now))
            .collect();
        let steps = run_round(gateway, writer, limiter, stop, &halt, &pending, &due, cfg);
        for (i, step) in steps {
            let Some(it) = pending.get_mut(i) else {
                continue;
            };
            if step.stopped {
                continue;
            }
            out.queries += 1;
            if step.state.is_final() && !it.state.is_final() {
                out.finalised += 1;
            }
            if step.state == State::Planned && it.state != State::Planned {
                out.requeued += 1;
            }
            it.state = step.state;
            it.due = Instant::now() + cfg.poll.delay(it.polls);
            it.polls = it.polls.saturating_add(1);
        }
        for it in pending.iter().filter(|it| settled(it.state)) {
            out.states.push((it.p.id, it.state));
        }
        pending.retain(|it| !settled(it.state));
        if pending.is_empty() || stop.load(Ordering::Relaxed) {
            break;
        }
        let Some(deadline) = deadline else {
            // One pass: stop once every payout has been asked once.
            if pending.iter().all(|it| it.polls > 0) {
                break;
            }
            continue;
        };
        let now = Instant::now();
        if now >= deadline {
            out.timed_out = true;
            break;
        }
        let next = pending
            .iter()
            .map(|it| it.due)
            .min()
            .unwrap_or(deadline)
            .min(deadline);
        if !sleep_unless(stop, next.saturating_duration_since(now)) {
            break;
        }
    }
    for it in pending {
        out.states.push((it.p.id, it.state));
        out.left.push((it.p.trade_no, it.state));
    }
    out.halt = halt
        .into_inner()
        .unwrap_or_else(|p| p.into_inner())
        .or_else(|| stop.load(Ordering::Relaxed).then_some(Halt::Interrupted));
    out
}

/// Queries the due payouts with a few threads sharing the limiter.
#[allow(clippy::too_many_arguments)]
fn run_round<G: Gateway + ?Sized>(
    gateway: &G,
    writer: &WriterHandle,
    limiter: &RateLimiter,
    stop: &AtomicBool,
    halt: &Mutex<Option<Halt>>,
    pending: &[Item],
    due: &[usize],
    cfg: &SettleConfig,
) -> Vec<(usize, Step)> {
    work_through(due, cfg.concurrency, stop, |&i| {
        let it = pending.get(i)?;
        Some((i, query_one(gateway, writer, limiter, stop, halt, it)))
    })
    .into_iter()
    .filter_map(|(_, step)| step)
    .collect()
}

fn trip(stop: &AtomicBool, halt: &Mutex<Option<Halt>>, why: Halt) {
    let mut h = halt.lock().unwrap_or_else(|p| p.into_inner());
    if h.is_none() {
        *h = Some(why);
    }
    stop.store(true, Ordering::SeqCst);
}

fn query_one<G: Gateway + ?Sized>(
    gateway: &G,
    writer: &WriterHandle,
    limiter: &RateLimiter,
    stop: &AtomicBool,
    halt: &Mutex<Option<Halt>>,
    it: &Item,
) -> Step {
    let stopped = Step {
        state: it.state,
        stopped: true,
    };
    if !limiter.acquire(stop) {
        return stopped;
    }
    let started_at = SystemTime::now();
    // Another order's answer is dropped here; a wrong amount is judged when
    // recorded, where it flags a conflict (see Outcome::about_order).
    let ex = gateway.query(&it.p.trade_no).about_order(&it.p.trade_no);
    let rec = record::attempt(&ex);
    let answer = match &ex.outcome {
        Outcome::Accepted(a) => record::query_answer(a, &it.p),
        Outcome::Rejected {
            class: RejectClass::NotFound,
            ..
        } => {
            // Past the grace period the ledger decides by the payout's state
            // as it stands: an unknown one goes back to not sent, a processing
            // one the gateway has forgotten is flagged as a conflict.
            let grace_over = Instant::now() >= it.grace_end;
            QueryAnswer::NotFound {
                requeue: grace_over,
            }
        }
        Outcome::Rejected {
            class: RejectClass::Systemic,
            code,
            msg,
        } => {
            trip(
                stop,
                halt,
                Halt::Systemic(format!(
                    "the gateway refused a query for {} with code {code} ({msg})",
                    it.p.trade_no
                )),
            );
            QueryAnswer::NoAnswer
        }
        Outcome::Rejected {
            class: RejectClass::Throttled,
            ..
        }
        | Outcome::Unknown {
            throttled: true, ..
        } => {
            limiter.slow_down();
            QueryAnswer::NoAnswer
        }
        _ => QueryAnswer::NoAnswer,
    };
    match writer.call(Op::Query {
        payout_id: it.p.id,
        started_at,
        record: rec,
        answer,
    }) {
        Ok(Ack::Applied { state, .. }) => Step {
            state,
            stopped: false,
        },
        Ok(Ack::Began { .. }) => {
            trip(
                stop,
                halt,
                Halt::Ledger("the ledger answered a query with a send".to_string()),
            );
            stopped
        }
        Err(e) => {
            trip(stop, halt, Halt::Ledger(e.to_string()));
            stopped
        }
    }
}

#[cfg(test)]
mod tests;
