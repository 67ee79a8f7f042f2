//! The sending engine: the resolve and send phases, run on the shared
//! worker pool ([`super::pool`]).

use super::pool::work_through;
use super::rate::RateLimiter;
use super::worker::{Ctx, Resolution};
use super::{EngineConfig, Gateway, Halt, Stats};
use crate::ledger::writer::WriterHandle;
use crate::ledger::{PayoutRow, State};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

/// Sends and resolves payouts with a fixed number of workers sharing one
/// rate limiter and one circuit breaker.
pub struct Engine<'a, G: Gateway + ?Sized> {
    gateway: &'a G,
    writer: WriterHandle,
    cfg: EngineConfig,
    limiter: RateLimiter,
    stop: Arc<AtomicBool>,
    halt: Mutex<Option<Halt>>,
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

    /// The pace right now (it drops when the gateway throttles).
    pub fn current_rate(&self) -> f64 {
        self.limiter.current()
    }

    /// Resolves payouts left `unknown` (by a crash or an earlier run) by
    /// query, before anything new is sent.
    pub fn resolve(&self, items: Vec<PayoutRow>, stats: &Stats) -> PhaseResult {
        let outcomes = self.pool(&items, stats, |ctx, p| {
            let last = p.last_attempt_at.unwrap_or(SystemTime::UNIX_EPOCH);
            match ctx.resolve(p, last) {
                Resolution::Settled(s) => s,
                Resolution::Resend => {
                    // Sent again in the send phase, with the same tradeNo.
                    Stats::bump(&ctx.stats.resends);
                    State::Planned
                }
                Resolution::Left => State::Unknown,
            }
        });
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

    /// Sends planned payouts.
    pub fn send(&self, items: Vec<PayoutRow>, stats: &Stats) -> PhaseResult {
        let outcomes = self.pool(&items, stats, |ctx, p| ctx.send(p));
        PhaseResult {
            outcomes,
            resend: Vec::new(),
        }
    }

    fn pool<F>(&self, items: &[PayoutRow], stats: &Stats, work: F) -> Vec<(i64, State)>
    where
        F: Fn(&Ctx<'_, G>, &PayoutRow) -> State + Sync,
    {
        let ctx = Ctx {
            gateway: self.gateway,
            writer: &self.writer,
            limiter: &self.limiter,
            cfg: &self.cfg,
            stats,
            stop: &self.stop,
            halt: &self.halt,
        };
        let mut states: Vec<Option<State>> = vec![None; items.len()];
        let done = work_through(items, self.cfg.concurrency, &self.stop, |p| {
            let state = work(&ctx, p);
            count(stats, state);
            state
        });
        for (i, state) in done {
            if let Some(slot) = states.get_mut(i) {
                *slot = Some(state);
            }
        }
        items
            .iter()
            .zip(states)
            .map(|(p, s)| (p.id, s.unwrap_or(p.state)))
            .collect()
    }
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
