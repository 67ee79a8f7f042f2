//! One step of one payout: a payout request or a query, recorded through the
//! ledger writer, then handed to [`crate::policy`] for what comes next. A
//! step never waits for anything but the rate limiter and the gateway: every
//! other wait (a grace period, a backoff) parks the payout in the queue.

use super::record;
use super::{EngineConfig, Gateway, Halt, Link, Stats};
use crate::gateway::PayoutRequest;
use crate::ledger::writer::Op;
use crate::ledger::{LedgerError, PayoutRow, State};
use crate::policy::{self, Acked, Clock, Journey, Limits, Step, Wait};
use std::sync::Mutex;
use std::sync::atomic::Ordering;
use std::time::{Instant, SystemTime};

/// What a payout waits for next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Next {
    Send,
    Query,
}

/// One payout in the engine's queue.
#[derive(Debug)]
pub(super) struct Job {
    /// Its index in the phase's list.
    pub idx: usize,
    pub p: PayoutRow,
    pub journey: Journey,
    pub next: Next,
    /// The next send is a resend after "not found" past the grace period:
    /// counted when it goes out, not when it is decided (a payout out of
    /// sends this run is decided so and never sent).
    pub resend: bool,
}

/// How a step ended.
pub(super) enum Done {
    /// Take it up again at this instant.
    Park(Instant, Job),
    /// Finished for this phase, in this state.
    Finished(usize, State),
}

/// Everything a worker shares with the others.
pub(super) struct Ctx<'a, G: Gateway + ?Sized> {
    /// The gateway, the ledger writer, the shared pace, and the stop flag:
    /// raised by the breaker, a ledger failure or Ctrl-C, it hands out no
    /// more work.
    pub link: Link<'a, G>,
    pub cfg: &'a EngineConfig,
    pub stats: &'a Stats,
    /// Why `stop` was raised by the engine (Ctrl-C leaves it empty).
    pub halt: &'a Mutex<Option<Halt>>,
    /// The same unmapped refusal to payout requests in a row
    /// ([`policy::Streak`]): enough of them stop the run.
    pub streak: &'a Mutex<policy::Streak>,
    /// The resolve phase: a payout proven never created is handed back
    /// (planned) instead of being sent again here.
    pub hand_back_resends: bool,
}

/// The real clock, for the policy.
pub fn clock() -> Clock {
    Clock {
        now: Instant::now(),
        wall: SystemTime::now(),
    }
}

impl<G: Gateway + ?Sized> Ctx<'_, G> {
    fn halted(&self) -> bool {
        self.link.stop.load(Ordering::Relaxed)
    }

    /// Stops the whole run. The first reason wins.
    pub fn trip(&self, why: Halt) {
        super::trip(self.link.stop, self.halt, why);
    }

    fn ledger_failed(&self, e: &LedgerError) {
        self.trip(Halt::Ledger(e.to_string()));
    }

    pub fn limits(&self) -> Limits {
        Limits {
            grace: self.cfg.grace,
            max_attempts: self.cfg.max_attempts,
            query_delay: self.cfg.query_delay,
            query_retries: self.cfg.query_retries,
        }
    }

    pub fn work(&self, job: Job) -> Done {
        match job.next {
            Next::Send => self.send(job),
            Next::Query => self.query(job),
        }
    }

    /// Sends a planned payout once and records the answer.
    fn send(&self, mut job: Job) -> Done {
        let p = &job.p;
        if self.halted() || !policy::may_send(&job.journey, &self.limits()) {
            return Done::Finished(job.idx, State::Planned);
        }
        if !self.link.limiter.acquire(self.link.stop) || self.halted() {
            return Done::Finished(job.idx, State::Planned);
        }
        // Intent before I/O: nothing leaves until this is on disk.
        let attempt_id = match self.link.writer.begin_send(p.id, self.cfg.request_timeout) {
            Ok(began) => began.attempt_id,
            // A callback flagged it since the run chose it: this payout
            // waits for a person; the others go on.
            Err(e @ LedgerError::Held { .. }) => {
                crate::log::warn("payout_held", e.to_string());
                return Done::Finished(job.idx, State::Planned);
            }
            Err(e) => {
                self.ledger_failed(&e);
                return Done::Finished(job.idx, State::Planned);
            }
        };
        Stats::bump(&self.stats.requests);
        if std::mem::take(&mut job.resend) {
            Stats::bump(&self.stats.resends);
        }
        let req = PayoutRequest {
            trade_no: &p.trade_no,
            amount: p.amount,
            wallet_id: &p.wallet,
            provider: p.provider,
            remark: p.remark.as_deref(),
        };
        let ex = self
            .link
            .gateway
            .payout(&req)
            .about(&p.trade_no, p.amount)
            .to_wallet(&p.wallet, p.provider);
        self.link.limiter.heed(&ex);
        let reading = policy::read_send(&ex.outcome, job.journey.known);
        self.throttled(reading.throttled);
        let op = Op::FinishSend {
            payout_id: p.id,
            attempt_id,
            record: record::attempt(&ex),
            after: reading.record,
        };
        let acked = match self.link.writer.apply(op) {
            Ok(applied) => applied.state,
            Err(e) => {
                // The payout stays `sending`, for the next run to resolve.
                self.ledger_failed(&e);
                return Done::Finished(job.idx, State::Sending);
            }
        };
        let streak = self.streak.lock().unwrap_or_else(|p| p.into_inner());
        let halt = { streak }.heard(&ex.outcome);
        if let Some(why) = halt {
            self.trip(Halt::Systemic(why));
        }
        let limits = self.limits();
        let acked = Acked {
            outcome: &ex.outcome,
            trade_no: &p.trade_no,
            state: acked,
        };
        let step = policy::after_send(acked, &mut job.journey, &limits, clock());
        self.follow(job, step)
    }

    /// Asks the query endpoint about a payout being resolved, once.
    fn query(&self, mut job: Job) -> Done {
        let left = job.journey.known.state;
        if self.halted() || !policy::may_query(&job.journey, clock()) {
            return self.finish(job, left);
        }
        match self.link.query(&job.p, &mut job.journey, &self.limits()) {
            Ok(Some(asked)) => {
                Stats::bump(&self.stats.queries);
                if asked.throttled {
                    Stats::bump(&self.stats.throttled);
                }
                // Handed back, a resend goes out in the send phase at once.
                if matches!(asked.step, Step::Resend(_)) && self.hand_back_resends {
                    Stats::bump(&self.stats.resends);
                }
                self.follow(job, asked.step)
            }
            Ok(None) => self.finish(job, left),
            Err(e) => {
                self.ledger_failed(&e);
                self.finish(job, left)
            }
        }
    }

    /// Counts a "too many requests" answer; the pace itself is decided by
    /// the limiter, which heard the answer already.
    fn throttled(&self, throttled: bool) {
        if throttled {
            Stats::bump(&self.stats.throttled);
        }
    }

    /// Carries out the policy's step.
    fn follow(&self, mut job: Job, step: Step) -> Done {
        match step {
            Step::Settled(s) | Step::Leave(s) => self.finish(job, s),
            Step::Halt(why) => {
                self.trip(Halt::Systemic(why));
                let s = job.journey.known.state;
                self.finish(job, s)
            }
            Step::Query(wait) => {
                if let Some(r) = job.journey.resolving {
                    self.stats.waiting.enter(job.p.id, r.grace_end);
                }
                job.next = Next::Query;
                Done::Park(self.when(wait), job)
            }
            Step::Resend(_) if self.hand_back_resends => self.finish(job, State::Planned),
            Step::Resend(wait) => {
                self.stats.waiting.leave(job.p.id);
                job.next = Next::Send;
                job.resend = true;
                job.journey.resolving = None;
                Done::Park(self.when(wait), job)
            }
        }
    }

    fn finish(&self, job: Job, state: State) -> Done {
        self.stats.waiting.leave(job.p.id);
        Done::Finished(job.idx, state)
    }

    fn when(&self, wait: Wait) -> Instant {
        match wait {
            Wait::Until(at) => at,
            Wait::Backoff(n) => Instant::now() + self.cfg.backoff.delay(n),
        }
    }
}
