//! The policy's vocabulary: the clock it is given, the limits it keeps,
//! what it knows of one payout in this run, and the steps it answers with.

use super::{RESOLVE_SLACK, grace_end};
use crate::ledger::{PayoutRow, State};
use std::time::{Duration, Instant, SystemTime};

/// Now, on both clocks: the monotonic one for waits (a wall-clock jump must
/// not end a grace period early), the wall one for ledger timestamps.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    pub now: Instant,
    pub wall: SystemTime,
}

/// How hard to try.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// A "not found" counts as "never created" only this long after the last send.
    pub grace: Duration,
    /// Sends of one payout per run (throttled answers excepted).
    pub max_attempts: u32,
    /// Wait before the first query of an uncertain send.
    pub query_delay: Duration,
    /// Unanswered queries before leaving a payout unknown.
    pub query_retries: u32,
}

/// When to take the next step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    /// At this instant.
    Until(Instant),
    /// After the caller's jittered backoff for retry number `n` (from 0).
    Backoff(u32),
}

/// What happens next to one payout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Done for this run, in this state (paid, processing, failed, or
    /// wherever a callback put it).
    Settled(State),
    /// Ask the query endpoint.
    Query(Wait),
    /// Send the same tradeNo again.
    Resend(Wait),
    /// Stop trying in this run; the payout stays in this state for the next.
    Leave(State),
    /// Stop the whole run: the gateway refused the merchant.
    Halt(String),
}

/// The payout as the ledger knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Known {
    pub state: State,
    /// A payout request for its tradeNo was answered "duplicate" (`1004`):
    /// by the gateway's own word an order exists, so no "not found" is
    /// ever believed for it.
    pub answered_duplicate: bool,
    /// An earlier payout request for its tradeNo may have placed an order
    /// (never answered, or answered uncertainly): a refusal of a later send
    /// of it is then no word about that order.
    pub may_exist: bool,
}

impl Known {
    pub fn of(p: &PayoutRow) -> Known {
        Known {
            state: p.state,
            answered_duplicate: p.answered_duplicate,
            may_exist: p.may_exist,
        }
    }
}

/// One resolution by query: from an uncertain send (or an unknown payout
/// left by an earlier run) to an answer, a resend, or giving up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resolving {
    /// When a "not found" may be believed.
    pub grace_end: Instant,
    /// When to give up asking.
    pub deadline: Instant,
    pub(super) misses: u32,
    pub(super) throttles: u32,
    pub(super) polls: u32,
}

impl Resolving {
    /// A resolution whose grace period ends at `grace_end`.
    pub fn new(grace_end: Instant, clock: Clock) -> Resolving {
        Resolving {
            grace_end,
            deadline: grace_end.max(clock.now) + RESOLVE_SLACK,
            misses: 0,
            throttles: 0,
            polls: 0,
        }
    }

    /// Seconds of grace still to wait, for progress.
    pub fn grace_left(&self, clock: Clock) -> Duration {
        self.grace_end.saturating_duration_since(clock.now)
    }
}

/// One payout in this run: what the ledger knows and what was tried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Journey {
    pub known: Known,
    pub(super) sends: u32,
    pub(super) throttles: u32,
    pub(super) not_sent: u32,
    /// Set while the payout is being resolved by query.
    pub resolving: Option<Resolving>,
}

impl Journey {
    /// A payout about to be sent.
    pub fn new(known: Known) -> Journey {
        Journey {
            known,
            sends: 0,
            throttles: 0,
            not_sent: 0,
            resolving: None,
        }
    }

    /// An unknown payout left by an earlier run (or adopted): resolved by
    /// query first, its grace period counted from its last send.
    pub fn resolve(p: &PayoutRow, limits: &Limits, clock: Clock) -> (Journey, Step) {
        let mut j = Journey::new(Known::of(p));
        let grace_end = grace_end(p.last_attempt_at, limits.grace, clock);
        j.resolving = Some(Resolving::new(grace_end, clock));
        (j, Step::Query(Wait::Until(clock.now + limits.query_delay)))
    }
}
