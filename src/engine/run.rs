//! The engine: the resolve and send phases, each a fixed number of workers
//! sharing one rate limiter, one circuit breaker and one queue
//! ([`super::queue`]) in which payouts wait for their grace period or
//! backoff without holding a worker.

use super::pool::on_threads;
use super::queue::Queue;
use super::rate::RateLimiter;
use super::step::{Ctx, Done, Job, Next, clock};
use super::{EngineConfig, Gateway, Halt, Link, Stats};
use crate::ledger::writer::WriterHandle;
use crate::ledger::{PayoutRow, State};
use crate::policy::{Journey, Known, Step, Streak, Wait};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// Sends and resolves payouts with a fixed number of workers sharing one
/// rate limiter and one circuit breaker.
pub struct Engine<'a, G: Gateway + ?Sized> {
    gateway: &'a G,
    writer: WriterHandle,
    cfg: EngineConfig,
    limiter: RateLimiter,
    stop: Arc<AtomicBool>,
    halt: Mutex<Option<Halt>>,
    /// Identical unmapped refusals of payout requests in a row, run-wide.
    streak: Mutex<Streak>,
}

/// What one phase did.
#[derive(Debug, Default)]
pub struct PhaseResult {
    /// Every payout handed to the phase, with the state it was left in
    /// (payouts never reached keep their state).
    pub outcomes: Vec<(i64, State)>,
    /// Resolve phase: payouts proven never created, to send again with the
    /// same tradeNo.
    pub resend: Vec<PayoutRow>,
}

impl<'a, G: Gateway + ?Sized> Engine<'a, G> {
    /// `stop` is shared with the Ctrl-C handler: raising it stops handing
    /// out work; requests in flight finish and are recorded.
    pub fn new(
        gateway: &'a G,
        writer: WriterHandle,
        cfg: EngineConfig,
        stop: Arc<AtomicBool>,
    ) -> Self {
        let limiter = RateLimiter::new(cfg.rate, cfg.burst);
        Engine {
            gateway,
            writer,
            cfg,
            limiter,
            stop,
            halt: Mutex::new(None),
            streak: Mutex::new(Streak::default()),
        }
    }

    /// Why the engine stopped early, if it did.
    pub fn halt(&self) -> Option<Halt> {
        let h = self.halt.lock().unwrap_or_else(|p| p.into_inner()).clone();
        match h {
            Some(h) => Some(h),
            None if self.stop.load(Ordering::Relaxed) => Some(Halt::Interrupted),
            None => None,
        }
    }

    /// The shared pace, for settling after sending (`submit --wait`) at the
    /// same rate as everything else.
    pub fn limiter(&self) -> &RateLimiter {
        &self.limiter
    }

    /// Resolves payouts left `unknown` (by a crash or an earlier run) by
    /// query, before anything new is sent. Those proven never created come
    /// back in [`PhaseResult::resend`], planned.
    pub fn resolve(&self, items: Vec<PayoutRow>, stats: &Stats) -> PhaseResult {
        let ctx = self.ctx(stats, true);
        let (now, limits) = (clock(), ctx.limits());
        let jobs = items.iter().enumerate().map(|(idx, p)| {
            let (journey, step) = Journey::resolve(p, &limits, now);
            let due = match step {
                Step::Query(Wait::Until(at)) => at,
                _ => now.now,
            };
            if let Some(r) = journey.resolving {
                stats.waiting.enter(p.id, r.grace_end);
            }
            let job = Job {
                idx,
                p: p.clone(),
                journey,
                next: Next::Query,
                resend: false,
            };
            (due, job)
        });
        let outcomes = self.run(&ctx, &items, Queue::new(Vec::new(), jobs));
        let resend = items
            .iter()
            .zip(&outcomes)
            .filter(|(p, (_, s))| *s == State::Planned && p.state != State::Planned)
            .map(|(p, _)| PayoutRow {
                state: State::Planned,
                ..p.clone()
            })
            .collect();
        PhaseResult { outcomes, resend }
    }

    /// Sends planned payouts. An uncertain one waits for its grace period
    /// parked, and is asked about (and, proven never created, sent again
    /// with the same tradeNo) while the workers go on sending the others.
    pub fn send(&self, items: Vec<PayoutRow>, stats: &Stats) -> PhaseResult {
        let ctx = self.ctx(stats, false);
        let jobs: Vec<Job> = items
            .iter()
            .enumerate()
            .map(|(idx, p)| Job {
                idx,
                p: p.clone(),
                journey: Journey::new(Known::of(p)),
                next: Next::Send,
                resend: false,
            })
            .collect();
        let outcomes = self.run(&ctx, &items, Queue::new(jobs, Vec::new()));
        PhaseResult {
            outcomes,
            resend: Vec::new(),
        }
    }

    fn ctx<'s>(&'s self, stats: &'s Stats, hand_back_resends: bool) -> Ctx<'s, G> {
        Ctx {
            link: Link {
                gateway: self.gateway,
                writer: &self.writer,
                limiter: &self.limiter,
                stop: &self.stop,
            },
            cfg: &self.cfg,
            stats,
            halt: &self.halt,
            streak: &self.streak,
            hand_back_resends,
        }
    }

    /// Works the queue to the end (or the stop) and returns every item's
    /// state, in the order of `items`.
    fn run(&self, ctx: &Ctx<'_, G>, items: &[PayoutRow], queue: Queue<Job>) -> Vec<(i64, State)> {
        let mut states: Vec<Option<State>> = vec![None; items.len()];
        let workers = self.cfg.concurrency.clamp(1, items.len().max(1));
        let done: Vec<(usize, State)> = on_threads(workers, || worker(ctx, &queue));
        for (idx, state) in done {
            if let Some(slot) = states.get_mut(idx) {
                *slot = Some(state);
            }
        }
        // Stopped while waiting: the state the ledger last acknowledged.
        for job in queue.into_left() {
            ctx.stats.waiting.leave(job.p.id);
            if let Some(slot @ None) = states.get_mut(job.idx) {
                *slot = Some(job.journey.known.state);
            }
        }
        items
            .iter()
            .zip(states)
            .map(|(p, s)| (p.id, s.unwrap_or(p.state)))
            .collect()
    }
}

/// One worker: takes the next ready payout, takes one step with it, parks it
/// or counts it done. A broken contract (an assertion) in a step stops the
/// run instead of leaving the other workers sending.
fn worker<G: Gateway + ?Sized>(ctx: &Ctx<'_, G>, queue: &Queue<Job>) -> Vec<(usize, State)> {
    let mut mine = Vec::new();
    while let Some(job) = queue.take(ctx.link.stop) {
        match catch_unwind(AssertUnwindSafe(|| ctx.work(job))) {
            Ok(Done::Park(due, job)) => queue.park(due, job),
            Ok(Done::Finished(idx, state)) => {
                count(ctx.stats, state);
                mine.push((idx, state));
                queue.done();
            }
            Err(panic) => {
                let why = panic
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| panic.downcast_ref::<&str>().copied())
                    .unwrap_or("a worker panicked");
                ctx.trip(Halt::Ledger(format!(
                    "internal error, nothing more is sent: {why}"
                )));
                queue.done();
            }
        }
    }
    mine
}

fn count(stats: &Stats, state: State) {
    Stats::bump(&stats.done);
    let counter = match state {
        State::Paid => &stats.paid,
        State::Processing => &stats.processing,
        State::Failed => &stats.failed,
        State::Planned => &stats.planned,
        State::Unknown | State::Sending | State::Superseded => &stats.unknown,
    };
    Stats::bump(counter);
}
