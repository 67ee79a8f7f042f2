//! The shared pace of all workers (the configured [`Rate`] itself is a
//! setting, in [`crate::config`]): a token bucket whose pace [`pace::Pace`]
//! lowers when refusals are a large share of the gateway's recent answers,
//! and raises again after a run of good ones.
//!
//! A gateway's `Retry-After` holds the bucket: no slot is handed out until
//! the wait has passed, no tokens are saved up during it, and a caller whose
//! slot was reserved before the wait came takes a new one after it, so the
//! callers queued behind the wait leave it at the pace, not all at once.
//!
//! The bucket logic ([`Bucket`]) takes the time as an argument, so it is
//! tested with made-up clocks; [`RateLimiter`] wraps it with the real clock.

mod pace;

use crate::config::Rate;
use crate::gateway::{Exchange, Outcome};
use pace::{Heard, Pace};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Times one caller goes back behind a hold that came while it slept.
const MAX_REWAITS: usize = 64;

/// The token bucket. Tokens may go negative: each caller reserves its slot
/// and sleeps outside the lock until the slot comes, which spaces workers
/// evenly without a thundering herd.
#[derive(Debug, Clone)]
pub struct Bucket {
    pace: Pace,
    burst: f64,
    tokens: f64,
    last: Duration,
    /// No slot before this time (a gateway's `Retry-After`).
    held_until: Duration,
}

impl Bucket {
    /// A full bucket at time zero.
    pub fn new(rate: Rate, burst: u32) -> Bucket {
        let burst = f64::from(burst.max(1));
        Bucket {
            pace: Pace::new(rate.as_per_sec()),
            burst,
            tokens: burst,
            last: Duration::ZERO,
            held_until: Duration::ZERO,
        }
    }

    /// The pace right now, in requests per second.
    #[cfg(test)]
    pub fn current(&self) -> f64 {
        self.pace.current()
    }

    fn refill(&mut self, now: Duration) {
        if now <= self.last {
            return;
        }
        let current = self.pace.current();
        if current.is_infinite() {
            self.tokens = self.burst;
        } else {
            // Nothing is saved up while the gateway asked us to wait.
            let from = self.last.max(self.held_until.min(now));
            let gained = (now - from).as_secs_f64() * current;
            self.tokens = (self.tokens + gained).min(self.burst);
        }
        self.last = now;
    }

    /// Takes one slot and says how long to wait for it.
    pub fn reserve(&mut self, now: Duration) -> Duration {
        self.refill(now);
        let held = self.held_until.saturating_sub(now);
        let current = self.pace.current();
        if current.is_infinite() {
            return held;
        }
        self.tokens -= 1.0;
        if self.tokens >= 0.0 {
            held
        } else {
            held + Duration::from_secs_f64(-self.tokens / current)
        }
    }

    /// The gateway asked for no request before `now + wait`. Returns how
    /// much later the hold now ends than before (zero when an earlier,
    /// longer wait already covers it).
    pub fn hold(&mut self, now: Duration, wait: Duration) -> Duration {
        self.refill(now);
        let until = now.saturating_add(wait);
        if until <= self.held_until {
            return Duration::ZERO;
        }
        let extended = until - self.held_until.max(now);
        self.held_until = until;
        // Slots reserved before the wait are taken again after it (see
        // `RateLimiter::acquire`), so they are given back; the first slot
        // after the wait is free, the rest come at the pace.
        self.tokens = 1.0;
        extended
    }

    /// Whether a slot handed out now would break a hold.
    pub fn held(&self, now: Duration) -> bool {
        now < self.held_until
    }

    /// An answer to a request `sent` then came `now`: the pace learns from
    /// it, and a lowered pace drops any saved-up burst.
    pub fn heard(&mut self, now: Duration, sent: Duration, heard: Heard) {
        self.refill(now);
        if self.pace.heard(heard, sent, now) {
            self.tokens = self.tokens.min(0.0);
        }
    }
}

/// The bucket shared by every worker, on the real clock.
pub struct RateLimiter {
    bucket: Mutex<Bucket>,
    epoch: Instant,
}

impl RateLimiter {
    pub fn new(rate: Rate, burst: u32) -> RateLimiter {
        RateLimiter {
            bucket: Mutex::new(Bucket::new(rate, burst)),
            epoch: Instant::now(),
        }
    }

    fn with_bucket<T>(&self, f: impl FnOnce(&mut Bucket, Duration) -> T) -> T {
        let now = self.epoch.elapsed();
        // A poisoned lock means a worker panicked mid-update; the bucket's
        // numbers are still usable, and pacing must not stop the run.
        let mut b = self.bucket.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut b, now)
    }

    /// Waits for a slot. Returns false, early, if `stop` was raised.
    pub fn acquire(&self, stop: &AtomicBool) -> bool {
        // A hold that came while this caller slept moves it behind the hold.
        // Each new hold needs a new answer from the gateway, so this is
        // bounded in practice; the count bounds it anyway.
        for _ in 0..MAX_REWAITS {
            let wait = self.with_bucket(|b, now| b.reserve(now));
            if !sleep_unless(stop, wait) {
                return false;
            }
            if !self.with_bucket(|b, now| b.held(now)) {
                return true;
            }
        }
        !stop.load(Ordering::Relaxed)
    }

    /// Holds every slot for `wait` from now (a gateway's `Retry-After`).
    /// Returns how much later the hold ends than before.
    pub fn hold(&self, wait: Duration) -> Duration {
        self.with_bucket(|b, now| b.hold(now, wait))
    }

    /// Heeds every answer from the gateway: the one place the pace is
    /// decided. A wait the answer asked for ([`Exchange::wait_asked`]) holds
    /// every request, and is said once per new wait: under cron, a run that
    /// stands still for a minute must say why. Any other answer goes to the
    /// pace rule ([`pace`]), which tells a pace limit from random refusals.
    pub fn heed(&self, ex: &Exchange) {
        let Some(wait) = ex.wait_asked() else {
            self.learn(ex);
            return;
        };
        let extended = self.hold(wait);
        if extended >= Duration::from_secs(1) {
            crate::log::warn(
                "gateway_wait",
                format!(
                    "the gateway asked payrun to wait {} s before its next request (Retry-After \
                     on HTTP {}); every request waits until then",
                    wait.as_secs(),
                    ex.http_status
                        .map_or_else(|| "-".to_string(), |s| s.to_string())
                ),
            );
        }
    }
}

impl RateLimiter {
    /// Gives an answer without a `Retry-After` to the pace rule. A request
    /// that never left (`NotSent`) says nothing about the gateway's pace.
    fn learn(&self, ex: &Exchange) {
        let heard = match &ex.outcome {
            Outcome::NotSent { .. } => return,
            _ if ex.throttled() || ex.http_status == Some(503) => Heard::Refused,
            _ => Heard::Answered,
        };
        self.with_bucket(|b, now| b.heard(now, now.saturating_sub(ex.elapsed), heard));
    }
}

/// Sleeps in short steps so that Ctrl-C and the circuit breaker are honoured
/// promptly. Returns false if `stop` was raised.
pub fn sleep_unless(stop: &AtomicBool, total: Duration) -> bool {
    const STEP: Duration = Duration::from_millis(50);
    let end = Instant::now() + total;
    loop {
        if stop.load(Ordering::Relaxed) {
            return false;
        }
        let left = end.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return true;
        }
        std::thread::sleep(left.min(STEP));
    }
}

#[cfg(test)]
mod tests;
