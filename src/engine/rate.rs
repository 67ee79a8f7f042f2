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
        let until = now + wait;
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
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    /// Simulates callers taking slots as soon as they are allowed and
    /// returns when the n-th slot was granted.
    fn time_for(bucket: &mut Bucket, n: usize) -> Duration {
        let mut now = Duration::ZERO;
        for _ in 0..n {
            now += bucket.reserve(now);
        }
        now
    }

    #[test]
    fn paces_at_the_configured_rate_after_the_burst() {
        let mut b = Bucket::new(Rate::per_sec(50.0), 5);
        let t = time_for(&mut b, 505);
        // 5 free, then 500 at 50/s = 10 s.
        assert!((t.as_secs_f64() - 10.0).abs() < 0.01, "{t:?}");
    }

    #[test]
    fn reservations_space_concurrent_callers() {
        let mut b = Bucket::new(Rate::per_sec(10.0), 1);
        // Four callers at the same instant get slots 0, 100, 200, 300 ms out.
        let waits: Vec<_> = (0..4).map(|_| b.reserve(ms(0))).collect();
        let want = [0, 100, 200, 300];
        for (w, want) in waits.iter().zip(want) {
            assert!(w.abs_diff(ms(want)) < ms(1), "{waits:?}");
        }
    }

    #[test]
    fn idle_time_saves_up_at_most_the_burst() {
        let mut b = Bucket::new(Rate::per_sec(10.0), 3);
        let _ = time_for(&mut b, 10);
        let later = Duration::from_secs(60);
        let free = (0..10).filter(|_| b.reserve(later).is_zero()).count();
        assert_eq!(free, 3);
    }

    #[test]
    fn throttling_halves_once_per_window_then_recovers_gradually() {
        let mut b = Bucket::new(Rate::per_sec(40.0), 1);
        b.slow_down(ms(0));
        b.slow_down(ms(10)); // same window: ignored
        assert_eq!(b.current(), 20.0);
        b.slow_down(ms(1500));
        assert_eq!(b.current(), 10.0);
        let _ = b.reserve(Duration::from_secs(3)); // 1.5 s later: too early
        assert_eq!(b.current(), 10.0);
        let _ = b.reserve(Duration::from_secs(4)); // 2.5 s: one step
        assert_eq!(b.current(), 12.5);
        let _ = b.reserve(Duration::from_secs(60));
        assert_eq!(
            b.current(),
            40.0,
            "recovers, but never above the configured rate"
        );
    }

    #[test]
    fn slowing_down_never_goes_below_the_floor() {
        let mut b = Bucket::new(Rate::per_sec(2.0), 1);
        for i in 0..20 {
            b.slow_down(Duration::from_secs(i * 2));
        }
        assert_eq!(b.current(), FLOOR_PER_SEC);
        let mut slow = Bucket::new(Rate::per_sec(0.1), 1);
        slow.slow_down(ms(0));
        assert_eq!(
            slow.current(),
            0.1,
            "a configured rate below the floor is kept"
        );
    }

    #[test]
    fn unlimited_never_waits_until_throttled() {
        let mut b = Bucket::new(Rate::UNLIMITED, 1);
        assert_eq!(time_for(&mut b, 10_000), Duration::ZERO);
        b.slow_down(ms(5));
        assert_eq!(b.current(), UNLIMITED_FALLBACK);
        assert!(!b.reserve(ms(5)).is_zero() || !b.reserve(ms(5)).is_zero());
    }

    #[test]
    fn a_hold_hands_out_no_slot_until_it_ends_then_paces_the_queue() {
        let mut b = Bucket::new(Rate::per_sec(10.0), 5);
        assert_eq!(b.hold(ms(1000), ms(2000)), ms(2000));
        assert!(b.held(ms(2999)) && !b.held(ms(3000)));
        // Three callers during the hold: the first at its end, the rest at
        // the pace behind it; nothing was saved up during the hold.
        let waits: Vec<_> = (0..3).map(|_| b.reserve(ms(1500))).collect();
        let want = [1500, 1600, 1700];
        for (w, want) in waits.iter().zip(want) {
            assert!(w.abs_diff(ms(want)) < ms(1), "{waits:?}");
        }
        // A shorter wait inside the hold changes nothing; a longer one
        // extends it by the difference.
        assert_eq!(b.hold(ms(2000), ms(500)), Duration::ZERO);
        assert_eq!(b.hold(ms(2000), ms(1500)), ms(500));
        assert!(b.held(ms(3400)) && !b.held(ms(3500)));
    }

    #[test]
    fn a_hold_gives_back_slots_reserved_before_it() {
        let mut b = Bucket::new(Rate::per_sec(10.0), 1);
        // Ten callers queue up to 900 ms out; then the gateway asks for 5 s.
        for _ in 0..10 {
            let _ = b.reserve(ms(0));
        }
        let _ = b.hold(ms(100), Duration::from_secs(5));
        // Each wakes, sees the hold, and queues again behind it: the queue
        // leaves the hold at the pace, not all at once.
        let waits: Vec<_> = (0..10).map(|_| b.reserve(ms(900))).collect();
        assert!(waits[0].abs_diff(ms(4200)) < ms(1), "{waits:?}");
        assert!(waits[9].abs_diff(ms(5100)) < ms(1), "{waits:?}");
        // Unlimited: no pace to queue at, but the hold still holds.
        let mut u = Bucket::new(Rate::UNLIMITED, 1);
        let _ = u.hold(ms(0), ms(700));
        assert_eq!(u.reserve(ms(200)), ms(500));
    }

    #[test]
    fn the_real_limiter_holds_callers_that_reserved_before_the_hold() {
        let lim = std::sync::Arc::new(RateLimiter::new(Rate::per_sec(20.0), 1));
        let stop = std::sync::Arc::new(AtomicBool::new(false));
        assert!(lim.acquire(&stop));
        let t = Instant::now();
        // This caller's slot is 50 ms out; the hold comes while it sleeps.
        let (l, s) = (std::sync::Arc::clone(&lim), std::sync::Arc::clone(&stop));
        let waiter = std::thread::spawn(move || l.acquire(&s));
        std::thread::sleep(ms(10));
        let _ = lim.hold(ms(300));
        assert!(waiter.join().unwrap_or(false));
        assert!(t.elapsed() >= ms(300), "{:?}", t.elapsed());
    }

    #[test]
    fn sleep_unless_stops_early() {
        let stop = AtomicBool::new(true);
        let t = Instant::now();
        assert!(!sleep_unless(&stop, Duration::from_secs(5)));
        assert!(t.elapsed() < Duration::from_secs(1));
        let go = AtomicBool::new(false);
        assert!(sleep_unless(&go, ms(20)));
    }

    #[test]
    fn the_real_limiter_paces_threads() {
        let lim = std::sync::Arc::new(RateLimiter::new(Rate::per_sec(200.0), 1));
        let stop = std::sync::Arc::new(AtomicBool::new(false));
        let t = Instant::now();
        let threads: Vec<_> = (0..4)
            .map(|_| {
                let (lim, stop) = (lim.clone(), stop.clone());
                std::thread::spawn(move || {
                    for _ in 0..25 {
                        lim.acquire(&stop);
                    }
                })
            })
            .collect();
        for th in threads {
            let _ = th.join();
        }
        // 100 slots at 200/s, one free: about 0.5 s.
        let secs = t.elapsed().as_secs_f64();
        assert!((0.45..1.5).contains(&secs), "{secs}");
    }
}
