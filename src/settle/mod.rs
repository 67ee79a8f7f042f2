//! Settling: turns `processing` and `unknown` payouts final by asking the
//! gateway's query endpoint, paced by submit's rate limiter and recorded
//! through the ledger writer (an attempt and an event per query, every state
//! change checked by the ledger's transition rules).
//!
//! Callbacks settle payouts too (see [`crate::listen`]); whichever arrives
//! first wins, a repeat changes nothing, and a contradiction between the two
//! is flagged `conflict` by the ledger, never resolved by picking one.
//!
//! An `unknown` payout the gateway has never heard of, once the grace period
//! after its last send is over, goes back to `planned` ("not sent"), ready for
//! the next `submit` with the same tradeNo. It is never marked failed.

use crate::config::keys::{self, Ctx};
use crate::engine::pool::work_through;
use crate::engine::{Backoff, Gateway, Halt, Link, clock, sleep_unless, trip};
use crate::ledger::{PayoutRow, State};
use crate::policy::{self, Journey, Known, Limits, Resolving, Step};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

mod recheck;
#[cfg(test)]
use recheck::Rechecked;
pub use recheck::recheck;

/// How to settle.
#[derive(Debug, Clone)]
pub struct SettleConfig {
    /// Keep polling until everything is final or this much time has passed.
    /// `None`: one query per payout, then stop.
    pub wait: Option<Duration>,
    /// A "not found" means "never created" only this long after the last send.
    pub grace: Duration,
    /// Spacing of one payout's queries: grows from `base` to `max`, so a batch
    /// that settles in hours does not hammer the gateway every second.
    pub poll: Backoff,
    /// Queries in flight at most.
    pub concurrency: usize,
}

impl Default for SettleConfig {
    /// `reconcile`'s settings off the sandbox, read from the settings table
    /// (`config::keys`: the one place they are declared); the spacing of
    /// one payout's queries is settling's own (reconcile's hidden
    /// `--poll-min`/`--poll-max` change it).
    fn default() -> Self {
        let reconcile = Ctx::new("reconcile", false);
        SettleConfig {
            wait: None,
            grace: keys::GRACE.fixed(reconcile),
            poll: Backoff {
                base: Duration::from_secs(2),
                max: Duration::from_secs(60),
            },
            concurrency: keys::CONCURRENCY.fixed(reconcile) as usize,
        }
    }
}

/// What settling did.
#[derive(Debug, Default)]
pub struct SettleOutcome {
    pub queries: u64,
    /// Payouts that reached paid or failed.
    pub finalised: u64,
    /// Unknown payouts proven never created: back to planned ("not sent").
    pub requeued: u64,
    /// Payouts still processing or unknown at the end, by tradeNo.
    pub left: Vec<(String, State)>,
    /// Every payout handed in, by ledger id, with the state it was left in.
    pub states: Vec<(i64, State)>,
    /// `--wait` ran out before everything was final.
    pub timed_out: bool,
    /// Why settling stopped early, if it did.
    pub halt: Option<Halt>,
}

/// One payout being settled: what the ledger knows of it, and when a "not
/// found" may be believed (on the monotonic clock, so that a wall-clock jump
/// while settling cannot end the grace period early).
struct Item {
    p: PayoutRow,
    journey: Journey,
    due: Instant,
    polls: u32,
}

impl Item {
    fn state(&self) -> State {
        self.journey.known.state
    }
}

/// What one query did to one payout.
struct Polled {
    journey: Journey,
    /// The limiter or the ledger refused to go on.
    stopped: bool,
}

/// Queries every payout in `items` that is `processing` or `unknown`, once or
/// (with `wait`) until each is final or the time is up. A `paid` or `failed`
/// payout in `items` is asked about once, to confirm a callback's word (a
/// contradiction becomes a conflict in the ledger). Bounded: one query per
/// payout per pass, passes spaced by the per-payout backoff, and `wait` caps
/// the whole. `link.limiter` is the pace shared with whatever else sends.
pub fn settle<G: Gateway + ?Sized>(
    link: &Link<'_, G>,
    items: Vec<PayoutRow>,
    cfg: &SettleConfig,
) -> SettleOutcome {
    let stop = link.stop;
    let deadline = cfg.wait.map(|w| Instant::now() + w);
    let mut out = SettleOutcome::default();
    let halt: Mutex<Option<Halt>> = Mutex::new(None);
    let mut pending = to_settle(items, cfg.grace);
    loop {
        if stop.load(Ordering::Relaxed) {
            break;
        }
        let now = Instant::now();
        let due: Vec<usize> = (0..pending.len())
            .filter(|&i| pending.get(i).is_some_and(|it| it.due <= now))
            .collect();
        let steps = run_round(link, &halt, &pending, &due, cfg);
        for (i, asked) in steps {
            if let Some(it) = pending.get_mut(i) {
                out.count(it, asked, &cfg.poll);
            }
        }
        out.take_settled(&mut pending);
        if pending.is_empty() || stop.load(Ordering::Relaxed) {
            break;
        }
        match pause(&pending, deadline, stop) {
            Pause::Again => {}
            Pause::Done => break,
            Pause::TimedOut => {
                out.timed_out = true;
                break;
            }
        }
    }
    out.finish(pending, halt, stop)
}

/// The payouts settling asks about, each due at once, with the end of its
/// grace period worked out from its last send.
fn to_settle(items: Vec<PayoutRow>, grace: Duration) -> Vec<Item> {
    let now = clock();
    items
        .into_iter()
        .filter(|p| {
            matches!(
                p.state,
                State::Processing | State::Unknown | State::Paid | State::Failed
            )
        })
        .map(|p| {
            let mut journey = Journey::new(Known::of(&p));
            let grace_end = policy::grace_end(p.last_attempt_at, grace, now);
            journey.resolving = Some(Resolving::new(grace_end, now));
            Item {
                p,
                journey,
                due: now.now,
                polls: 0,
            }
        })
        .collect()
}

/// What comes after a round that left payouts unsettled.
enum Pause {
    /// Ask the payouts that are due now.
    Again,
    /// Stop: one pass is over, or a stop was asked for while sleeping.
    Done,
    /// `--wait` ran out.
    TimedOut,
}

/// Sleeps until the next payout is due (never past `deadline`). Without a
/// deadline settling makes one pass: done once every payout was asked once.
fn pause(pending: &[Item], deadline: Option<Instant>, stop: &AtomicBool) -> Pause {
    let Some(deadline) = deadline else {
        return if pending.iter().all(|it| it.polls > 0) {
            Pause::Done
        } else {
            Pause::Again
        };
    };
    let now = Instant::now();
    if now >= deadline {
        return Pause::TimedOut;
    }
    let next = pending
        .iter()
        .map(|it| it.due)
        .min()
        .unwrap_or(deadline)
        .min(deadline);
    if sleep_unless(stop, next.saturating_duration_since(now)) {
        Pause::Again
    } else {
        Pause::Done
    }
}

impl SettleOutcome {
    /// Counts one answered query and schedules the payout's next one.
    fn count(&mut self, it: &mut Item, asked: Polled, poll: &Backoff) {
        if asked.stopped {
            return;
        }
        self.queries += 1;
        let (before, after) = (it.state(), asked.journey.known.state);
        if after.is_final() && !before.is_final() {
            self.finalised += 1;
        }
        if after == State::Planned && before != State::Planned {
            self.requeued += 1;
        }
        it.journey = asked.journey;
        it.due = Instant::now() + poll.delay(it.polls);
        it.polls = it.polls.saturating_add(1);
    }

    /// Moves the settled payouts out of `pending`, noting their states.
    fn take_settled(&mut self, pending: &mut Vec<Item>) {
        for it in pending.iter().filter(|it| policy::is_settled(it.state())) {
            self.states.push((it.p.id, it.state()));
        }
        pending.retain(|it| !policy::is_settled(it.state()));
    }

    /// Notes what is left unsettled and why settling stopped.
    fn finish(
        mut self,
        pending: Vec<Item>,
        halt: Mutex<Option<Halt>>,
        stop: &AtomicBool,
    ) -> SettleOutcome {
        for it in pending {
            let state = it.state();
            self.states.push((it.p.id, state));
            self.left.push((it.p.trade_no, state));
        }
        self.halt = halt
            .into_inner()
            .unwrap_or_else(|p| p.into_inner())
            .or_else(|| stop.load(Ordering::Relaxed).then_some(Halt::Interrupted));
        self
    }
}

/// Queries the due payouts with a few threads sharing the limiter.
fn run_round<G: Gateway + ?Sized>(
    link: &Link<'_, G>,
    halt: &Mutex<Option<Halt>>,
    pending: &[Item],
    due: &[usize],
    cfg: &SettleConfig,
) -> Vec<(usize, Polled)> {
    let limits = Limits {
        grace: cfg.grace,
        max_attempts: 0,
        query_delay: Duration::ZERO,
        query_retries: u32::MAX,
    };
    work_through(due, cfg.concurrency, link.stop, |&i| {
        let it = pending.get(i)?;
        Some((i, query_one(link, halt, it, &limits)))
    })
    .into_iter()
    .filter_map(|(_, step)| step)
    .collect()
}

/// Asks about one payout and records the answer as [`crate::policy`] reads
/// it. Whatever the next step, settling asks again at its own pace until
/// the payout is settled or `--wait` ends; only a halt is obeyed at once.
fn query_one<G: Gateway + ?Sized>(
    link: &Link<'_, G>,
    halt: &Mutex<Option<Halt>>,
    it: &Item,
    limits: &Limits,
) -> Polled {
    let mut journey = it.journey.clone();
    let stopped = match link.query(&it.p, &mut journey, limits) {
        Ok(Some(asked)) => {
            if let Step::Halt(why) = asked.step {
                trip(link.stop, halt, Halt::Systemic(why));
            }
            false
        }
        Ok(None) => true,
        Err(e) => {
            trip(link.stop, halt, Halt::Ledger(e.to_string()));
            true
        }
    };
    Polled { journey, stopped }
}

#[cfg(test)]
mod tests;
