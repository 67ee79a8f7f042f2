//! How fast to go: the pace the token bucket hands out slots at, decided
//! from the gateway's recent answers (additive increase, multiplicative
//! decrease).
//!
//! A refusal (HTTP 429 or 503 without a `Retry-After`, or a "too many
//! requests" code such as `1006`) is either a pace limit or a random fault.
//! A front that limits the pace (nginx's `limit_req` answers 503) refuses
//! most of what is sent over its limit; an overloaded or flaky gateway
//! refuses a few answers at any pace. So one refusal says little: the pace is
//! halved only when refusals are a large share of the last [`WINDOW`]
//! answers, and grows back by a step after a run of good answers. Reading
//! every 503 as "slow down" collapsed the pace under 5% random 503s and
//! never recovered (the soak went over its time limit).

use std::collections::VecDeque;
use std::time::Duration;

/// The slowest pace refusals can push us to, in requests per second.
pub const FLOOR_PER_SEC: f64 = 0.5;
/// How many of the latest answers the share of refusals is taken over.
pub const WINDOW: usize = 20;
/// Refusals among the last [`WINDOW`] answers that mean "over the pace":
/// 40%. Random faults at 5% reach it about once in 300,000 answers; a
/// front with no burst refuses about half of what is sent over its limit
/// (every other request), and one with a burst refuses `1 - limit/pace`.
pub const TRIP: usize = 8;
/// Before [`WINDOW`] answers have come at this pace (at the start, or
/// since the pace was raised), refusals trip the same 40% share of what
/// has, once there are this many: a gateway over its pace from the first
/// request, or a step over its limit, is met within a few answers, not
/// after eight refusals.
pub const TRIP_EARLY: usize = 4;
/// Good answers in a row after which the pace grows by one step.
pub const RECOVER_RUN: u32 = 20;
/// Steps from the floor back to the configured rate.
const RECOVER_STEPS: f64 = 20.0;
/// The pace an unlimited run drops to on its first slowdown.
pub const UNLIMITED_FALLBACK: f64 = 200.0;
/// An unlimited run that grows back past this is unlimited again.
const UNLIMITED_CEILING: f64 = 10.0 * UNLIMITED_FALLBACK;

/// What one answer says about the pace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Heard {
    /// "Too many requests", with no word on how long to wait.
    Refused,
    /// Any other answer, good or bad: the gateway took the request in.
    Answered,
}

/// The pace and the evidence it is decided on.
#[derive(Debug, Clone)]
pub struct Pace {
    configured: f64,
    current: f64,
    /// The latest answers, newest last: true for a refusal.
    recent: VecDeque<bool>,
    good_run: u32,
    /// When the pace was last lowered. Refusals of requests sent before then
    /// were paced at the old rate and say nothing about the new one.
    last_slowdown: Option<Duration>,
}

impl Pace {
    pub fn new(per_sec: f64) -> Pace {
        Pace {
            configured: per_sec,
            current: per_sec,
            recent: VecDeque::with_capacity(WINDOW),
            good_run: 0,
            last_slowdown: None,
        }
    }

    /// Requests per second right now (infinite: no pacing).
    pub fn current(&self) -> f64 {
        self.current
    }

    /// Takes in an answer to a request `sent` then, heard `now`. Returns
    /// true when the pace was lowered.
    pub fn heard(&mut self, heard: Heard, sent: Duration, now: Duration) -> bool {
        let refused = heard == Heard::Refused;
        if self.recent.len() == WINDOW {
            self.recent.pop_front();
        }
        self.recent.push_back(refused);
        if !refused {
            self.good_run += 1;
            if self.good_run >= RECOVER_RUN {
                self.good_run = 0;
                self.speed_up();
            }
            return false;
        }
        self.good_run = 0;
        let fresh = self.last_slowdown.is_none_or(|t| sent > t);
        let refusals = self.recent.iter().filter(|r| **r).count();
        let over = refusals >= TRIP
            || refusals >= TRIP_EARLY && refusals * WINDOW >= TRIP * self.recent.len();
        if !fresh || !over {
            return false;
        }
        self.slow_down(now);
        true
    }

    fn slow_down(&mut self, now: Duration) {
        self.current = if self.current.is_infinite() {
            UNLIMITED_FALLBACK
        } else {
            (self.current / 2.0).max(FLOOR_PER_SEC.min(self.configured))
        };
        self.last_slowdown = Some(now);
    }

    fn speed_up(&mut self) {
        if self.current >= self.configured {
            return;
        }
        let step = if self.configured.is_infinite() {
            UNLIMITED_FALLBACK / 2.0
        } else {
            self.configured / RECOVER_STEPS
        };
        self.current = (self.current + step).min(self.configured);
        // The answers so far were to the old pace; the new one is judged on
        // its own. A slowdown keeps them: they still say "too fast".
        self.recent.clear();
        if self.configured.is_infinite() && self.current >= UNLIMITED_CEILING {
            self.current = f64::INFINITY;
        }
    }
}

#[cfg(test)]
mod tests;
