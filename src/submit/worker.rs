//! One payout's journey through the gateway: send, classify, and resolve
//! anything uncertain by query before any resend.

use super::backoff::Backoff;
use super::rate::{RateLimiter, sleep_unless};
use super::record;
use super::{EngineConfig, Gateway, Halt, Stats};
use crate::gateway::{Outcome, PayoutRequest, RejectClass};
use crate::ledger::writer::{Ack, After, AttemptRecord, Op, QueryAnswer, WriterHandle};
use crate::ledger::{LedgerError, PayoutRow, Requeue, State};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime};

/// Throttled answers tolerated for one payout before it is left for the next run.
const MAX_THROTTLES: u32 = 30;
/// Queries for one payout in one resolution, whatever they answer.
const MAX_POLLS: u32 = 100;
/// How long past the grace period a resolution may keep polling.
const RESOLVE_SLACK: Duration = Duration::from_secs(30);

/// Everything a worker shares with the others.
pub(super) struct Ctx<'a, G: Gateway + ?Sized> {
    pub gateway: &'a G,
    pub writer: &'a WriterHandle,
    pub limiter: &'a RateLimiter,
    pub cfg: &'a EngineConfig,
    pub stats: &'a Stats,
    /// Raised by the breaker, a ledger failure or Ctrl-C: hand out no more work.
    pub stop: &'a AtomicBool,
    /// Why `stop` was raised by the engine (Ctrl-C leaves it empty).
    pub halt: &'a Mutex<Option<Halt>>,
}

/// How a resolution by query ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Resolution {
    /// The gateway told us where the payout stands.
    Settled(State),
    /// Provably never created: back to planned, send the same tradeNo again.
    Resend,
    /// No answer in time; it stays unknown for the next run.
    Left,
}

impl<G: Gateway + ?Sized> Ctx<'_, G> {
    fn halted(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }

    /// Stops the whole run. The first reason wins.
    pub fn trip(&self, why: Halt) {
        let mut h = self.halt.lock().unwrap_or_else(|p| p.into_inner());
        if h.is_none() {
            *h = Some(why);
        }
        self.stop.store(true, Ordering::SeqCst);
    }

    fn ledger_failed(&self, e: &LedgerError) {
        self.trip(Halt::Ledger(e.to_string()));
    }

    fn backoff(&self) -> Backoff {
        self.cfg.backoff
    }

    /// Records a send's answer; `None` if the ledger failed (the run stops and
    /// the payout stays `sending`, for the next run to resolve).
    fn finish(
        &self,
        p: &PayoutRow,
        attempt_id: i64,
        rec: AttemptRecord,
        after: After,
    ) -> Option<State> {
        self.apply(Op::FinishSend {
            payout_id: p.id,
            attempt_id,
            record: rec,
            after,
        })
    }

    fn record_query(
        &self,
        p: &PayoutRow,
        started_at: SystemTime,
        rec: AttemptRecord,
        answer: QueryAnswer,
    ) -> Option<State> {
        self.apply(Op::Query {
            payout_id: p.id,
            started_at,
            record: rec,
            answer,
        })
    }

    /// Records an answer and returns the state the ledger left the payout
    /// in; `None` if the ledger failed, which stops the run.
    fn apply(&self, op: Op) -> Option<State> {
        match self.writer.call(op) {
            Ok(Ack::Applied { state, .. }) => Some(state),
            // Never happens for an answer: the writer broke its contract, so
            // stop the run as for any ledger fault (settle does the same).
            Ok(Ack::Began { .. }) => {
                self.trip(Halt::Ledger(
                    "the ledger answered an answer with a new attempt".to_string(),
                ));
                None
            }
            Err(e) => {
                self.ledger_failed(&e);
                None
            }
        }
    }

    /// Sends a planned payout until the gateway says where it stands, the
    /// attempts run out, or the run stops. Returns the state it is left in.
    pub fn send(&self, p: &PayoutRow) -> State {
        let req = PayoutRequest {
            trade_no: &p.trade_no,
            amount: p.amount,
            wallet_id: &p.wallet,
            provider: p.provider,
            remark: p.remark.as_deref(),
        };
        let (mut sends, mut throttles, mut not_sent) = (0u32, 0u32, 0u32);
        loop {
            if self.halted() || sends >= self.cfg.max_attempts || throttles > MAX_THROTTLES {
                return State::Planned;
            }
            if !self.limiter.acquire(self.stop) || self.halted() {
                return State::Planned;
            }
            // Intent before I/O: nothing leaves until this is on disk.
            let attempt_id = match self.writer.call(Op::BeginSend { payout_id: p.id }) {
                Ok(Ack::Began { attempt_id, .. }) => attempt_id,
                Ok(Ack::Applied { state, .. }) => return state,
                Err(e) => {
                    self.ledger_failed(&e);
                    return State::Planned;
                }
            };
            Stats::bump(&self.stats.requests);
            let ex = self.gateway.payout(&req).about(&p.trade_no, p.amount);
            let rec = record::attempt(&ex);
            match &ex.outcome {
                Outcome::Accepted(a) => {
                    return self
                        .finish(p, attempt_id, rec, After::Reported(record::reported(a)))
                        .unwrap_or(State::Sending);
                }
                Outcome::Rejected {
                    class: RejectClass::InvalidRow,
                    code,
                    msg,
                } => {
                    let after = After::Reported(record::rejected_row(code, msg));
                    return self
                        .finish(p, attempt_id, rec, after)
                        .unwrap_or(State::Sending);
                }
                Outcome::Rejected {
                    class: RejectClass::Systemic,
                    code,
                    msg,
                } => {
                    let state = self.finish(p, attempt_id, rec, After::Requeue(Requeue::Refused));
                    self.trip(Halt::Systemic(format!(
                        "the gateway refused payout {} with code {code} ({msg})",
                        p.trade_no
                    )));
                    return state.unwrap_or(State::Sending);
                }
                Outcome::Rejected {
                    class: RejectClass::Throttled,
                    ..
                } => {
                    // Throttled requests are bounded by MAX_THROTTLES, not
                    // by --max-attempts: the gateway asked us to wait, not to give up.
                    Stats::bump(&self.stats.throttled);
                    match self.finish(p, attempt_id, rec, After::Requeue(Requeue::Refused)) {
                        None => return State::Sending,
                        Some(State::Planned) => {}
                        // A callback settled it while the request was out.
                        Some(s) => return s,
                    }
                    self.limiter.slow_down();
                    let wait = self.backoff().delay(throttles);
                    throttles += 1;
                    if !sleep_unless(self.stop, wait) {
                        return State::Planned;
                    }
                }
                Outcome::NotSent { .. } => {
                    sends += 1;
                    match self.finish(p, attempt_id, rec, After::Requeue(Requeue::NotSent)) {
                        None => return State::Sending,
                        Some(State::Planned) => {}
                        Some(s) => return s,
                    }
                    let wait = self.backoff().delay(not_sent);
                    not_sent += 1;
                    if !sleep_unless(self.stop, wait) {
                        return State::Planned;
                    }
                }
                // Duplicate (1004), "not found" or an unmapped refusal on a
                // payout call, and every uncertain outcome: ask, never resend blindly.
                Outcome::Rejected { .. } | Outcome::Unknown { .. } => {
                    sends += 1;
                    if let Outcome::Unknown {
                        throttled: true, ..
                    } = ex.outcome
                    {
                        Stats::bump(&self.stats.throttled);
                        self.limiter.slow_down();
                    }
                    match self.finish(p, attempt_id, rec, After::Unknown) {
                        None => return State::Sending,
                        // A callback settled it while the request was out.
                        Some(s) if s != State::Unknown => return s,
                        Some(_) => {}
                    }
                    // The grace period runs from the end of the attempt,
                    // not its start: a request that timed out may still be
                    // turning into an order at the gateway, and a "not
                    // found" right after the timeout proves nothing.
                    match self.resolve(p, SystemTime::now()) {
                        Resolution::Settled(s) => return s,
                        Resolution::Left => return State::Unknown,
                        Resolution::Resend => Stats::bump(&self.stats.resends),
                    }
                }
            }
        }
    }

    /// Asks the query endpoint what became of an unknown payout, waiting out
    /// the grace period before believing "not found". Bounded in queries and time.
    /// `last_sent` is when the last attempt ended (or, for one left by an
    /// earlier run, began). From then on time is measured on the monotonic
    /// clock, so a wall-clock jump during the wait cannot end the grace
    /// period early.
    pub fn resolve(&self, p: &PayoutRow, last_sent: SystemTime) -> Resolution {
        let since = SystemTime::now()
            .duration_since(last_sent)
            .unwrap_or_default();
        let grace_end = Instant::now() + self.cfg.grace.saturating_sub(since);
        let deadline = grace_end.max(Instant::now()) + RESOLVE_SLACK;
        let poll = (self.cfg.grace / 4).clamp(Duration::from_millis(100), Duration::from_secs(5));
        let (mut misses, mut throttles) = (0u32, 0u32);
        if !sleep_unless(self.stop, self.cfg.query_delay) {
            return Resolution::Left;
        }
        for _ in 0..MAX_POLLS {
            if self.halted() || Instant::now() > deadline {
                return Resolution::Left;
            }
            if !self.limiter.acquire(self.stop) {
                return Resolution::Left;
            }
            let started = SystemTime::now();
            let started_mono = Instant::now();
            // Another order's answer is dropped; a wrong amount flags a
            // conflict when recorded (see Outcome::about_order).
            let ex = self.gateway.query(&p.trade_no).about_order(&p.trade_no);
            Stats::bump(&self.stats.queries);
            let rec = record::attempt(&ex);
            let wait = match &ex.outcome {
                Outcome::Accepted(a) => {
                    let answer = record::query_answer(a, p);
                    let mismatch = matches!(answer, QueryAnswer::Mismatch { .. });
                    match self.record_query(p, started, rec, answer) {
                        Some(s) if s != State::Unknown => return Resolution::Settled(s),
                        // Not evidence about this payout: ask again, as
                        // after an unreadable answer.
                        Some(_) if mismatch => {}
                        _ => return Resolution::Left,
                    }
                    misses += 1;
                    if misses >= self.cfg.query_retries {
                        return Resolution::Left;
                    }
                    self.backoff().delay(misses - 1)
                }
                Outcome::Rejected {
                    class: RejectClass::NotFound,
                    ..
                } => {
                    // The answer reflects some moment after the query was
                    // sent: only a query sent after the grace period counts.
                    let requeue = started_mono >= grace_end;
                    match self.record_query(p, started, rec, QueryAnswer::NotFound { requeue }) {
                        None => return Resolution::Left,
                        Some(State::Planned) => return Resolution::Resend,
                        // Past the grace period yet still unknown: the
                        // ledger does not believe this "not found" (the
                        // gateway called the tradeNo a duplicate). Asking
                        // again now would only hear the same.
                        Some(State::Unknown) if requeue => return Resolution::Left,
                        Some(State::Unknown) => {}
                        Some(s) => return Resolution::Settled(s),
                    }
                    grace_end
                        .saturating_duration_since(Instant::now())
                        .min(poll)
                        .max(Duration::from_millis(20))
                }
                Outcome::Rejected {
                    class: RejectClass::Systemic,
                    code,
                    msg,
                } => {
                    self.record_query(p, started, rec, QueryAnswer::NoAnswer);
                    self.trip(Halt::Systemic(format!(
                        "the gateway refused a query for {} with code {code} ({msg})",
                        p.trade_no
                    )));
                    return Resolution::Left;
                }
                Outcome::Rejected {
                    class: RejectClass::Throttled,
                    ..
                }
                | Outcome::Unknown {
                    throttled: true, ..
                } => {
                    Stats::bump(&self.stats.throttled);
                    if self
                        .record_query(p, started, rec, QueryAnswer::NoAnswer)
                        .is_none()
                    {
                        return Resolution::Left;
                    }
                    self.limiter.slow_down();
                    throttles += 1;
                    self.backoff().delay(throttles - 1)
                }
                _ => {
                    if self
                        .record_query(p, started, rec, QueryAnswer::NoAnswer)
                        .is_none()
                    {
                        return Resolution::Left;
                    }
                    misses += 1;
                    if misses >= self.cfg.query_retries {
                        return Resolution::Left;
                    }
                    self.backoff().delay(misses - 1)
                }
            };
            if !sleep_unless(self.stop, wait) {
                return Resolution::Left;
            }
        }
        Resolution::Left
    }
}
