//! What `submit` and `settle` share: the worker pool and the queue in which
//! payouts wait without holding a worker, the rate limiter, backoff, the
//! circuit breaker ([`Halt`]), the [`Gateway`] trait, and the conversion of
//! a gateway exchange into the ledger's attempt record.
//!
//! The promise kept here is "no blind resend": a payout is only ever sent
//! after the ledger committed the intent ([`crate::ledger::writer`]), and
//! what happens after each answer is decided by [`crate::policy`], never
//! here.

pub mod backoff;
mod link;
pub(crate) mod pool;
mod queue;
pub mod rate;
pub mod record;
mod run;
mod step;
mod waiting;

pub use backoff::Backoff;
pub use link::Link;
pub use rate::{RateLimiter, sleep_unless};
pub use run::{Engine, PhaseResult};
pub use step::clock;
pub use waiting::Waiting;

use crate::config::Rate;
use crate::config::keys::{self, Ctx};
use crate::gateway::{Client, Exchange, PayoutRequest};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

/// The two calls the engine makes. [`Client`] implements it; tests use fakes
/// that fail in exactly the way a test needs.
pub trait Gateway: Sync {
    fn payout(&self, req: &PayoutRequest<'_>) -> Exchange;
    fn query(&self, trade_no: &str) -> Exchange;
}

impl Gateway for Client {
    fn payout(&self, req: &PayoutRequest<'_>) -> Exchange {
        Client::payout(self, req)
    }

    fn query(&self, trade_no: &str) -> Exchange {
        Client::query(self, trade_no)
    }
}

/// How hard and how fast to try.
#[derive(Debug, Clone)]
pub struct EngineConfig {
    /// Worker threads, i.e. requests in flight at most.
    pub concurrency: usize,
    pub rate: Rate,
    pub burst: u32,
    /// Sends of one payout per run (throttled answers excepted); after
    /// that it stays unknown (or planned) for the next run, never failed.
    pub max_attempts: u32,
    /// A "not found" counts as "never created" only this long after the last send.
    pub grace: Duration,
    /// Wait before the first query of an unknown outcome.
    pub query_delay: Duration,
    /// Unanswered queries (unreachable, garbage) before leaving a payout unknown.
    pub query_retries: u32,
    pub backoff: Backoff,
    /// The longest one request can be out (the client's whole-request
    /// timeout): the ledger counts a killed run's grace from its end.
    pub request_timeout: Duration,
}

impl Default for EngineConfig {
    /// `submit`'s settings off the sandbox, read from the settings table
    /// (`config::keys`: the one place they are declared); the query delay
    /// and retries and the backoff are the engine's own.
    fn default() -> Self {
        let submit = Ctx::new("submit", false);
        EngineConfig {
            concurrency: keys::CONCURRENCY.fixed(submit) as usize,
            rate: keys::RATE.fixed(submit),
            burst: keys::BURST.fixed(submit),
            max_attempts: keys::MAX_ATTEMPTS.fixed(submit),
            grace: keys::GRACE.fixed(submit),
            query_delay: Duration::from_millis(500),
            query_retries: 5,
            backoff: Backoff::default(),
            request_timeout: keys::REQUEST_TIMEOUT.fixed(submit),
        }
    }
}

/// Why the engine stopped handing out work before the end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Halt {
    /// The gateway refused the merchant (bad signature, unknown merchant,
    /// insufficient balance). Exit code 3.
    Systemic(String),
    /// Ctrl-C or SIGTERM.
    Interrupted,
    /// The ledger could not record (or an internal contract broke); nothing
    /// more may be sent.
    Ledger(String),
}

/// Stops the run: raises `stop` (no more work is handed out) and keeps the
/// first reason in `halt`; later reasons are dropped.
pub fn trip(stop: &AtomicBool, halt: &Mutex<Option<Halt>>, why: Halt) {
    let mut h = halt.lock().unwrap_or_else(|p| p.into_inner());
    if h.is_none() {
        *h = Some(why);
    }
    stop.store(true, Ordering::SeqCst);
}

/// Live counters, read by the progress display.
#[derive(Debug, Default)]
pub struct Stats {
    /// Payouts whose handling in this phase is over.
    pub done: AtomicU64,
    pub paid: AtomicU64,
    pub processing: AtomicU64,
    pub failed: AtomicU64,
    pub unknown: AtomicU64,
    /// Payouts left planned (not sent, or provably never created).
    pub planned: AtomicU64,
    /// Payout requests sent (each one an attempt row).
    pub requests: AtomicU64,
    pub queries: AtomicU64,
    pub throttled: AtomicU64,
    /// Resends of a tradeNo after "not found" past the grace period.
    pub resends: AtomicU64,
    /// Uncertain payouts being resolved by query right now, and their grace periods.
    pub waiting: Waiting,
}

impl Stats {
    pub fn get(counter: &AtomicU64) -> u64 {
        counter.load(Ordering::Relaxed)
    }

    pub(crate) fn bump(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// Adds another phase's requests, queries, throttled answers, resends
    /// and uncertain payouts to these, for a run's summary.
    pub fn absorb(&self, other: &Stats) {
        for (a, b) in [
            (&self.requests, &other.requests),
            (&self.queries, &other.queries),
            (&self.throttled, &other.throttled),
            (&self.resends, &other.resends),
        ] {
            a.fetch_add(Stats::get(b), Ordering::Relaxed);
        }
        self.waiting.absorb(&other.waiting);
    }
}

#[cfg(test)]
mod tests;
