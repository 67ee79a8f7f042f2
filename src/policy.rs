//! The one resend policy: what an answer from the gateway means for a payout,
//! what the ledger records for it, and what happens next. The engine (for
//! `submit`) and `settle` call it; the ledger only applies what it decides,
//! and refuses any move its state machine ([`crate::ledger::state`]) does
//! not allow. "Where is a resend decided?" Here, in [`after_query`].
//!
//! Pure: no I/O, no clock, no randomness. The time comes in as a [`Clock`];
//! a wait goes out as a [`Wait`] for the caller to schedule.
//!
//! # The table
//!
//! After a **payout request** ([`read_send`], then [`after_send`]):
//!
//! | the gateway answered | the ledger records | next step |
//! |---|---|---|
//! | `0000` with a `data.status` | that status | settled |
//! | `1001` (the row is wrong) | failed, with the code and message | settled |
//! | failed (`1001`, or `0000` with a failure) to a send after one that may have placed an order | unknown | query, as below (`doubted_failure`) |
//! | `1002`, `1003`, `1005` (systemic) | back to planned (no order was placed) | halt the run |
//! | `1006` (throttled) | back to planned | slow down; the same tradeNo after backoff, at most [`MAX_THROTTLES`] times |
//! | nothing left this machine | back to planned | the same tradeNo after backoff, at most `max_attempts` sends |
//! | `1004` (duplicate), `1007`, an unmapped code, 5xx, a timeout, an unreadable body | unknown | query after `query_delay`; the grace period starts now (the same unmapped code 3 times in a row halts the run: [`Streak`]) |
//!
//! After a **query** ([`read_query`], then [`after_query`]):
//!
//! | the gateway answered | the ledger records | next step |
//! |---|---|---|
//! | this order's status | that status (final is final: a contradiction is a conflict) | settled |
//! | an answer about another tradeNo, or another amount | nothing (another amount: a conflict flag) | query after backoff, at most `query_retries` |
//! | a status payrun cannot read (`REFUND`, `REVERSED`), for a paid or failed payout | a conflict flag, with the gateway's words (`state::unreadable`) | settled (the state kept) |
//! | not found, the query sent within the grace period | nothing | query again when the grace period ends |
//! | failed, for an unknown payout, the query sent within the grace period | nothing | query again when the grace period ends |
//! | not found after the grace period, the payout unknown | back to planned | **resend the same tradeNo** |
//! | not found after the grace period, a send of it answered `1004` | nothing | leave it unknown, for a person |
//! | not found after the grace period, the payout processing | a conflict flag | settled (processing) |
//! | not found after the grace period, the payout paid (`reconcile --recheck-final`) | a conflict flag, saying the provider does not say how long queries find old orders | settled (paid) |
//! | systemic | nothing | halt the run |
//! | throttled | nothing | slow down; query after backoff |
//! | no usable answer | nothing | query after backoff, at most `query_retries`, then leave it unknown |
//!
//! Whatever the answer, a payout a callback settled meanwhile is settled in
//! the state the ledger holds. A resolution also leaves a payout unknown after
//! [`MAX_POLLS`] queries or [`RESOLVE_SLACK`] past the grace period.
//! `settle` reads answers with the same functions and asks again at its own
//! pace (`--wait`) until [`is_settled`]. How long a "not found" is doubted
//! is checked once, before anything is sent ([`check_grace`]).

mod answer;
mod journey;
mod streak;
pub use answer::{query_answer_for, rejected_row, reported, state_of, unread_answer};
pub use journey::{Clock, Journey, Known, Limits, Resolving, Step, Wait};
pub use streak::Streak;

use crate::codes::{RejectClass, TxStatus};
use crate::config::ConfigError;
use crate::gateway::{Outcome, UnreadStatus};
use crate::ledger::writer::{After, NotFound, QueryAnswer};
use crate::ledger::{PayoutRow, Requeue, State};
use std::time::{Duration, Instant, SystemTime};

/// Throttled answers tolerated for one payout before it is left for the next run.
pub const MAX_THROTTLES: u32 = 30;
/// Queries for one payout in one resolution, whatever they answer.
pub const MAX_POLLS: u32 = 100;
/// How long past the grace period a resolution may keep polling.
pub const RESOLVE_SLACK: Duration = Duration::from_secs(30);
/// The shortest wait between two "not found" answers within the grace period.
const MIN_POLL: Duration = Duration::from_millis(20);
/// The shortest grace period payrun accepts for a gateway off this machine.
pub const MIN_GRACE: Duration = Duration::from_secs(10);

/// Refuses a grace period shorter than [`MIN_GRACE`] for a gateway that is
/// not on this machine. The provider does not say whether it refuses a
/// tradeNo it has seen, nor how soon a new order shows in queries; on a
/// gateway that does neither, a "not found" believed too early is a second
/// payment. Loopback gateways (the sandbox, tests) may use any grace.
pub fn check_grace(gateway_url: &str, grace: Duration) -> Result<(), ConfigError> {
    let (host, local) = crate::config::transport::gateway_host(gateway_url);
    if grace >= MIN_GRACE || local {
        return Ok(());
    }
    Err(ConfigError::Transport(format!(
        "grace period {} is shorter than {} for the gateway at {host}: a new order may not show \
         in queries at once, and a \"not found\" believed too early can pay someone twice on a \
         gateway that does not refuse a repeated tradeNo. Use --grace {}s or more (the default \
         is 60s)",
        humantime::format_duration(grace),
        humantime::format_duration(MIN_GRACE),
        MIN_GRACE.as_secs()
    )))
}

/// When the grace period of a payout whose last attempt ended at
/// `last_sent` ends. Never sent, as far as the ledger knows: there is no
/// order to wait for. A `last_sent` still ahead is the latest end of a
/// request a killed run left out: the grace counts from there.
pub fn grace_end(last_sent: Option<SystemTime>, grace: Duration, clock: Clock) -> Instant {
    let Some(last) = last_sent else {
        return clock.now;
    };
    match clock.wall.duration_since(last) {
        Ok(since) => clock.now + grace.saturating_sub(since),
        Err(ahead) => clock.now + ahead.duration().saturating_add(grace),
    }
}

/// Whether another payout request may go out for this payout in this run.
pub fn may_send(j: &Journey, limits: &Limits) -> bool {
    j.sends < limits.max_attempts && j.throttles <= MAX_THROTTLES
}

/// Whether another query may go out in this resolution.
pub fn may_query(j: &Journey, clock: Clock) -> bool {
    j.resolving
        .is_some_and(|r| r.polls < MAX_POLLS && clock.now <= r.deadline)
}

/// Whether settling is over for a payout in this state: final, or back to
/// "not sent" (settling never sends).
pub fn is_settled(state: State) -> bool {
    state.is_final() || state == State::Planned
}

/// What one answer asks of the ledger and of the pace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading<A> {
    /// What the ledger records.
    pub record: A,
    /// The gateway said "too many requests": slow everyone down.
    pub throttled: bool,
}

fn is_throttled(outcome: &Outcome) -> bool {
    matches!(
        outcome,
        Outcome::Rejected {
            class: RejectClass::Throttled,
            ..
        } | Outcome::Unknown {
            throttled: true,
            ..
        }
    )
}

/// What a payout request's answer means for the ledger, given what it
/// `known` of the payout before the request.
pub fn read_send(outcome: &Outcome, known: Known) -> Reading<After> {
    let record = match outcome {
        // A failure a resend heard is no word about an earlier order.
        _ if doubted_failure(outcome, known) => After::Unknown,
        Outcome::Accepted(a) => After::Reported(reported(a)),
        Outcome::Rejected {
            class: RejectClass::InvalidRow,
            code,
            msg,
        } => After::Reported(rejected_row(code, msg)),
        // By contract, a refusal placed no order.
        Outcome::Rejected {
            class: RejectClass::Systemic | RejectClass::Throttled,
            ..
        } => After::Requeue(Requeue::Refused),
        Outcome::NotSent { .. } => After::Requeue(Requeue::NotSent),
        // Duplicate (1004), "not found" or an unmapped refusal on a payout
        // call, and every uncertain outcome: ask, never resend blindly.
        Outcome::Rejected { .. } | Outcome::Unknown { .. } => After::Unknown,
    };
    Reading {
        record,
        throttled: is_throttled(outcome),
    }
}

/// Whether a payout request's answer says failed (a refusal of the row,
/// `1001`, or `0000` with a failure in `data.status`) when an earlier send
/// of the same tradeNo may have placed an order. The provider does not say
/// how a gateway answers a tradeNo it has seen: one may refuse the repeat
/// with its generic "parameter" code, or accept the request and fail the
/// transaction ("duplicate tradeNo"), and either says nothing of the order
/// the first send made. Failed is final, and `--retry-failed` or a corrected
/// sheet would pay the row again under a new tradeNo while that order goes
/// through: such an answer is unknown, and the query decides. A paid or
/// processing answer is this tradeNo's, and applies.
fn doubted_failure(outcome: &Outcome, known: Known) -> bool {
    let failed = match outcome {
        Outcome::Accepted(a) => a.status == TxStatus::Failed,
        Outcome::Rejected { class, .. } => *class == RejectClass::InvalidRow,
        Outcome::NotSent { .. } | Outcome::Unknown { .. } => false,
    };
    failed && known.may_exist
}

/// An answer as the ledger acknowledged it: what the gateway said about
/// which tradeNo, and the state the ledger left the payout in after
/// recording it. What both [`after_send`] and [`after_query`] start from.
#[derive(Debug, Clone, Copy)]
pub struct Acked<'a> {
    pub outcome: &'a Outcome,
    pub trade_no: &'a str,
    pub state: State,
}

/// The next step after the ledger recorded a payout request's answer.
pub fn after_send(a: Acked<'_>, j: &mut Journey, limits: &Limits, clock: Clock) -> Step {
    if let Some(halt) = answered(j, a, "payout") {
        return halt;
    }
    if let Outcome::Rejected {
        class: RejectClass::Duplicate,
        ..
    } = a.outcome
    {
        j.known.answered_duplicate = true;
    }
    let doubted = doubted_failure(a.outcome, j.known);
    match a.outcome {
        Outcome::Accepted(_)
        | Outcome::Rejected {
            class: RejectClass::InvalidRow,
            ..
        } if !doubted => Step::Settled(a.state),
        // A callback settled it while the request was out.
        _ if !matches!(a.state, State::Planned | State::Unknown) => Step::Settled(a.state),
        Outcome::Rejected {
            class: RejectClass::Throttled,
            ..
        } => {
            // Bounded by MAX_THROTTLES, not by max_attempts: the gateway
            // asked us to wait, not to give up.
            j.throttles += 1;
            Step::Resend(Wait::Backoff(j.throttles - 1))
        }
        Outcome::NotSent { .. } => {
            j.sends += 1;
            j.not_sent += 1;
            Step::Resend(Wait::Backoff(j.not_sent - 1))
        }
        Outcome::Accepted(_) | Outcome::Rejected { .. } | Outcome::Unknown { .. } => {
            j.sends += 1;
            j.known.may_exist = true;
            // The grace period runs from the end of the attempt, not its
            // start: a request that timed out may still be turning into an
            // order at the gateway, and a "not found" right after the
            // timeout proves nothing.
            j.resolving = Some(Resolving::new(clock.now + limits.grace, clock));
            Step::Query(Wait::Until(clock.now + limits.query_delay))
        }
    }
}

/// What every answer, to a payout request or a query, does first: the
/// journey takes the state the ledger left the payout in, and a systemic
/// refusal (1002, 1003, 1005: the merchant's key or account, not the payout)
/// halts the run, since no other payout would fare better. `what` names the
/// request in the halt's message.
fn answered(j: &mut Journey, a: Acked<'_>, what: &str) -> Option<Step> {
    j.known.state = a.state;
    let trade_no = a.trade_no;
    match a.outcome {
        Outcome::Rejected {
            class: RejectClass::Systemic,
            code,
            msg,
        } => Some(Step::Halt(format!(
            "the gateway refused {what} {trade_no} with code {code} ({msg})"
        ))),
        _ => None,
    }
}

/// What a query's answer means for the ledger. `started` is when the query
/// was sent: the answer reflects some moment after that, so only a query
/// sent after `grace_end` can prove an order was never created.
pub fn read_query(
    (outcome, unread): (&Outcome, Option<&UnreadStatus>),
    p: &PayoutRow,
    known: Known,
    grace_end: Instant,
    started: Instant,
) -> Reading<QueryAnswer> {
    let record = match outcome {
        Outcome::Accepted(a) => not_yet(query_answer_for(a, p), known, started >= grace_end),
        Outcome::Rejected {
            class: RejectClass::NotFound,
            ..
        } => QueryAnswer::NotFound(not_found(known, started >= grace_end)),
        Outcome::Unknown { .. } => {
            unread.map_or(QueryAnswer::Silent, |u| unread_answer(u, p, known))
        }
        _ => QueryAnswer::Silent,
    };
    Reading {
        record,
        throttled: is_throttled(outcome),
    }
}

/// A failure reported for a payout the gateway never acknowledged (still
/// `unknown`: no answer to any send), by a query sent within the grace
/// period, is not believed yet. A gateway that does not see a fresh order
/// may say so with a code payrun reads as a failure (`0000` with a "not
/// found" code inside `data`), and a failure is final: `--retry-failed`
/// would pay it again under a new tradeNo while the first order goes
/// through. After the grace period a failure is believed, as "not found"
/// is; the wait costs a real failure no more than the grace period.
fn not_yet(answer: QueryAnswer, known: Known, after_grace: bool) -> QueryAnswer {
    match answer {
        QueryAnswer::Reported(r)
            if r.state == State::Failed && known.state == State::Unknown && !after_grace =>
        {
            QueryAnswer::Early {
                why: format!(
                    "the query, sent within the grace period, says failed (code {}) of a payout \
                     the gateway never acknowledged: not believed until the grace period ends",
                    r.status_code.as_deref().unwrap_or("-")
                ),
            }
        }
        other => other,
    }
}

/// What a "not found" proves, given what the ledger knows.
fn not_found(known: Known, after_grace: bool) -> NotFound {
    match known.state {
        _ if !after_grace => NotFound::WithinGrace,
        // The gateway answered a send of this tradeNo "duplicate": by its
        // own word the order exists. Going back to "not sent" would let a
        // corrected sheet replace it with a new tradeNo and pay twice.
        State::Unknown if known.answered_duplicate => NotFound::AfterDuplicate,
        State::Unknown => NotFound::NeverCreated,
        // The gateway accepted this payout (or said it paid) and now says
        // it has no such order: it contradicts itself, or no longer finds
        // orders this old (the provider does not say how long it keeps
        // them). Neither resent nor failed nor unpaid: flagged for a person.
        State::Processing | State::Paid => NotFound::Contradicts,
        _ => NotFound::Ignored,
    }
}

/// The next step of a resolution after the ledger recorded a query's
/// answer (`answer`, what the policy read from it).
pub fn after_query(
    a: Acked<'_>,
    answer: &QueryAnswer,
    j: &mut Journey,
    limits: &Limits,
    clock: Clock,
) -> Step {
    if let Some(halt) = answered(j, a, "a query for") {
        return halt;
    }
    let Some(r) = j.resolving.as_mut() else {
        return Step::Leave(a.state);
    };
    r.polls += 1;
    let missed = |r: &mut Resolving| {
        r.misses += 1;
        if r.misses >= limits.query_retries {
            Step::Leave(a.state)
        } else {
            Step::Query(Wait::Backoff(r.misses - 1))
        }
    };
    match (a.state, answer) {
        // The ledger believed the "not found": never created.
        (State::Planned, QueryAnswer::NotFound(_)) => {
            j.resolving = None;
            Step::Resend(Wait::Until(clock.now))
        }
        // Settled by this answer, or by a callback while it was out.
        (s, _) if s != State::Unknown => Step::Settled(s),
        (_, QueryAnswer::NotFound(NotFound::WithinGrace) | QueryAnswer::Early { .. }) => {
            // Nothing in between: the payout waits aside, and a query
            // within the grace period proves nothing while it costs a slot
            // of the pace the other rows are sent at.
            let wait = r.grace_left(clock).max(MIN_POLL);
            Step::Query(Wait::Until(clock.now + wait))
        }
        // Past the grace period yet still unknown (a duplicate answer):
        // asking again now would only hear the same.
        (_, QueryAnswer::NotFound(_) | QueryAnswer::Reported(_)) => Step::Leave(a.state),
        (_, QueryAnswer::Silent) if is_throttled(a.outcome) => {
            r.throttles += 1;
            Step::Query(Wait::Backoff(r.throttles - 1))
        }
        // No answer, or one that is not evidence about this payout.
        (_, QueryAnswer::Silent | QueryAnswer::Mismatch { .. }) => missed(r),
    }
}

#[cfg(test)]
mod bounds_tests;
#[cfg(test)]
mod grace_tests;
#[cfg(test)]
mod resend_tests;
#[cfg(test)]
mod tests;
