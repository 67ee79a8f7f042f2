//! The shared pace of all workers (the configured [`Rate`] itself is a
//! setting, in [`crate::config`]): a token bucket that slows down when the
//! gateway says "too many requests" and recovers gradually.
//!
//! A gateway's `Retry-After` holds the bucket: no slot is handed out until
//! the wait has passed, no tokens are saved up during it, and a caller whose
//! slot was reserved before the wait came takes a new one after it, so the
//! callers queued behind the wait leave it at the pace, not all at once.
//!
//! The bucket logic ([`Bucket`]) takes the time as an argument, so it is
//! tested with made-up clocks; [`RateLimiter`] wraps it with the real clock.

use crate::config::Rate;
use crate::gateway::Exchange;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// The slowest pace throttling can push us to, in requests per second.
const FLOOR_PER_SEC: f64 = 0.5;
/// Throttle answers within this window count as one signal, so that eight
/// workers throttled at once halve the pace once, not eight times.
const SLOWDOWN_WINDOW: Duration = Duration::from_secs(1);
/// After this long without throttling, the pace grows by [`RECOVER_FACTOR`].
const RECOVER_EVERY: Duration = Duration::from_secs(2);
const RECOVER_FACTOR: f64 = 1.25;
/// The pace an unlimited run drops to on its first throttle answer.
const UNLIMITED_FALLBACK: f64 = 200.0;
/// Times one caller goes back behind a hold that came while it slept.
const MAX_REWAITS: usize = 64;

/// The token bucket. Tokens may go negative: each caller reserves its slot
/// and sleeps outside the lock until the slot comes, which spaces workers
/// evenly without a thundering herd.
#[derive(Debug, Clone)]
pub struct Bucket {
    configured: f64,
    current: f64,
    burst: f64,
    tokens: f64,
    last: Duration,
    last_slowdown: Option<Duration>,
    last_recover: Duration,
    /// No slot before this time (a gateway's `Retry-After`).
    held_until: Duration,
}

impl Bucket {
    /// A full bucket at time zero.
    pub fn new(rate: Rate, burst: u32) -> Bucket {
        let burst = f64::from(burst.max(1));
        Bucket {
            configured: rate.as_per_sec(),
            current: rate.as_per_sec(),
            burst,
            tokens: burst,
            last: Duration::ZERO,
            last_slowdown: None,
            last_recover: Duration::ZERO,
            held_until: Duration::ZERO,
        }
    }

    /// The pace right now, in requests per second.
    #[cfg(test)]
    pub fn current(&self) -> f64 {
        self.current
    }

    fn refill(&mut self, now: Duration) {
        if now <= self.last {
            return;
        }
        if !self.current.is_infinite() && self.current < self.configured {
            let since = now.saturating_sub(
                self.last_slowdown
                    .unwrap_or_default()
                    .max(self.last_recover),
            );
            if since >= RECOVER_EVERY {
                let steps = (since.as_secs_f64() / RECOVER_EVERY.as_secs_f64()).floor();
                self.current = (self.current * RECOVER_FACTOR.powf(steps)).min(self.configured);
                if self.configured.is_infinite() && self.current > 10_000.0 {
                    self.current = f64::INFINITY;
                }
                self.last_recover = now;
            }
        }
        if self.current.is_infinite() {
            self.tokens = self.burst;
        } else {
            // Nothing is saved up while the gateway asked us to wait.
            let from = self.last.max(self.held_until.min(now));
            let gained = (now - from).as_secs_f64() * self.current;
            self.tokens = (self.tokens + gained).min(self.burst);
        }
        self.last = now;
    }

    /// Takes one slot and says how long to wait for it.
    pub fn reserve(&mut self, now: Duration) -> Duration {
        self.refill(now);
        let held = self.held_until.saturating_sub(now);
        if self.current.is_infinite() {
            return held;
        }
        self.tokens -= 1.0;
        if self.tokens >= 0.0 {
            held
        } else {
            held + Duration::from_secs_f64(-self.tokens / self.current)
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

    /// The gateway said "too many requests": halve the pace (once per window)
    /// and drop any saved-up burst.
    pub fn slow_down(&mut self, now: Duration) {
        self.refill(now);
        if let Some(t) = self.last_slowdown
            && now.saturating_sub(t) < SLOWDOWN_WINDOW
        {
            return;
        }
        self.current = if self.current.is_infinite() {
            UNLIMITED_FALLBACK
        } else {
            (self.current / 2.0).max(FLOOR_PER_SEC.min(self.configured))
        };
        self.tokens = self.tokens.min(0.0);
        self.last_slowdown = Some(now);
        self.last_recover = now;
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

    pub fn slow_down(&self) {
        self.with_bucket(|b, now| b.slow_down(now));
    }

    /// Holds every slot for `wait` from now (a gateway's `Retry-After`).
    /// Returns how much later the hold ends than before.
    pub fn hold(&self, wait: Duration) -> Duration {
        self.with_bucket(|b, now| b.hold(now, wait))
    }

    /// Honours the wait an answer asked for ([`Exchange::wait_asked`]), and
    /// says so once per new wait: under cron, a run that stands still for a
    /// minute must say why.
    pub fn heed(&self, ex: &Exchange) {
        let Some(wait) = ex.wait_asked() else {
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
