//! The policy's table, row by row, on a made-up clock.

use super::*;
use crate::codes::TxStatus;
use crate::gateway::Accepted;
use crate::ledger::writer::Reported;
use crate::money::Amount;
use crate::wallet::Provider;
use State::*;

pub(super) const T: &str = "T-1";

/// `outcome` about [`T`], acknowledged by the ledger with `state`.
pub(super) fn ack(outcome: &Outcome, state: State) -> Acked<'_> {
    Acked {
        outcome,
        trade_no: T,
        state,
    }
}

/// `secs` after one fixed moment (the same for every call in the process).
pub(super) fn clock_at(secs: u64) -> Clock {
    static BASE: std::sync::OnceLock<(Instant, SystemTime)> = std::sync::OnceLock::new();
    let (now, wall) = *BASE.get_or_init(|| (Instant::now(), SystemTime::now()));
    Clock {
        now: now + Duration::from_secs(secs),
        wall: wall + Duration::from_secs(secs),
    }
}

pub(super) fn limits() -> Limits {
    Limits {
        grace: Duration::from_secs(60),
        max_attempts: 3,
        query_delay: Duration::from_millis(500),
        query_retries: 3,
    }
}

pub(super) fn payout(state: State) -> PayoutRow {
    PayoutRow {
        id: 1,
        trade_no: T.to_string(),
        wallet: "01712345678".to_string(),
        provider: Provider::Bkash,
        amount: Amount::from_poisha(50_000),
        remark: None,
        state,
        attempts: 1,
        last_attempt_at: None,
        answered_duplicate: false,
        may_exist: false,
    }
}

/// The gateway's answer about [`T`] (its order `P1`): `code`, `status`.
pub(super) fn answer(status: TxStatus, code: &str) -> Accepted {
    Accepted {
        trade_no: Some(T.to_string()),
        platform_trade_no: Some("P1".to_string()),
        ..Accepted::bare(status, code)
    }
}

pub(super) fn accepted(status: TxStatus, code: &str) -> Outcome {
    Outcome::Accepted(answer(status, code))
}

pub(super) fn rejected(class: RejectClass, code: &str) -> Outcome {
    Outcome::Rejected {
        class,
        code: code.to_string(),
        msg: "m".to_string(),
    }
}

pub(super) fn uncertain(throttled: bool) -> Outcome {
    Outcome::Unknown {
        reason: "HTTP 503".to_string(),
        throttled,
    }
}

pub(super) fn not_sent() -> Outcome {
    Outcome::NotSent {
        reason: "connection refused".to_string(),
    }
}

/// The send half of the table: what is recorded, and the next step when the
/// ledger leaves the payout where the answer put it.
#[test]
fn every_payout_answer_is_recorded_and_followed_as_the_table_says() {
    let c = clock_at(0);
    let query_soon = Step::Query(Wait::Until(c.now + limits().query_delay));
    // (answer, what is recorded, what the ledger then holds, next step)
    #[rustfmt::skip]
    let rows: Vec<(Outcome, After, State, Step)> = vec![
        (accepted(TxStatus::Paid, "0000"),          After::Reported(reported_of(Paid, "0000")),       Paid,       Step::Settled(Paid)),
        (accepted(TxStatus::Processing, "0015"),    After::Reported(reported_of(Processing, "0015")), Processing, Step::Settled(Processing)),
        (rejected(RejectClass::InvalidRow, "1001"), After::Reported(rejected_row("1001", "m")),       Failed,     Step::Settled(Failed)),
        (rejected(RejectClass::Systemic, "1002"),   After::Requeue(Requeue::Refused), Planned,
            Step::Halt("the gateway refused payout T-1 with code 1002 (m)".to_string())),
        (rejected(RejectClass::Throttled, "1006"),  After::Requeue(Requeue::Refused), Planned, Step::Resend(Wait::Backoff(0))),
        (not_sent(),                                After::Requeue(Requeue::NotSent), Planned, Step::Resend(Wait::Backoff(0))),
        (rejected(RejectClass::Duplicate, "1004"),  After::Unknown, Unknown, query_soon.clone()),
        (rejected(RejectClass::NotFound, "1007"),   After::Unknown, Unknown, query_soon.clone()),
        (rejected(RejectClass::Unknown, "9999"),    After::Unknown, Unknown, query_soon.clone()),
        (uncertain(false),                          After::Unknown, Unknown, query_soon.clone()),
        (uncertain(true),                           After::Unknown, Unknown, query_soon),
    ];
    for (outcome, record, acked, want) in rows {
        let reading = read_send(&outcome, Known::of(&payout(Planned)));
        assert_eq!(reading.record, record, "{outcome:?}");
        let mut j = Journey::new(Known::of(&payout(Planned)));
        let step = after_send(ack(&outcome, acked), &mut j, &limits(), c);
        assert_eq!(step, want, "{outcome:?}");
        assert_eq!(j.known.state, acked);
        let resolving = matches!(step, Step::Query(_));
        assert_eq!(j.resolving.is_some(), resolving, "{outcome:?}");
        if let Some(r) = j.resolving {
            assert_eq!(r.grace_end, c.now + limits().grace, "grace from the answer");
        }
    }
}

fn reported_of(state: State, code: &str) -> Reported {
    Reported {
        state,
        platform_trade_no: Some("P1".to_string()),
        status_code: Some(code.to_string()),
        status_desc: None,
        success_time: None,
    }
}

#[test]
fn a_callback_that_settled_the_payout_meanwhile_wins_over_any_answer() {
    for outcome in [
        rejected(RejectClass::Throttled, "1006"),
        not_sent(),
        uncertain(false),
    ] {
        for acked in [Paid, Failed, Processing] {
            let mut j = Journey::new(Known::of(&payout(Planned)));
            let step = after_send(ack(&outcome, acked), &mut j, &limits(), clock_at(0));
            assert_eq!(step, Step::Settled(acked), "{outcome:?} {acked}");
        }
    }
}

/// A journey resolving a payout sent at `clock_at(0)`, grace 60 s.
pub(super) fn resolving(known: Known) -> Journey {
    let mut j = Journey::new(known);
    j.resolving = Some(Resolving::new(
        clock_at(0).now + limits().grace,
        clock_at(0),
    ));
    j
}

/// What the ledger knows of [`T`]: its `state`, and whether a send of it
/// was answered "duplicate".
pub(super) fn known(state: State, answered_duplicate: bool) -> Known {
    Known {
        state,
        answered_duplicate,
        may_exist: false,
    }
}

/// What a "not found" proves, by the payout's state, a duplicate answer and
/// the grace period: the only way back to planned (a resend of the same
/// tradeNo) is unknown, never answered "duplicate", asked after the grace.
#[test]
fn a_not_found_is_believed_only_after_the_grace_period_and_never_after_a_duplicate() {
    let nf = rejected(RejectClass::NotFound, "1007");
    let p = payout(Unknown);
    let grace_end = clock_at(60).now;
    for state in State::ALL {
        for dup in [false, true] {
            for (started, after) in [(clock_at(59).now, false), (clock_at(60).now, true)] {
                let got = read_query((&nf, None), &p, known(state, dup), grace_end, started).record;
                let want = match (state, dup, after) {
                    (_, _, false) => NotFound::WithinGrace,
                    (Unknown, true, true) => NotFound::AfterDuplicate,
                    (Unknown, false, true) => NotFound::NeverCreated,
                    (Processing | Paid, _, true) => NotFound::Contradicts,
                    _ => NotFound::Ignored,
                };
                assert_eq!(
                    got,
                    QueryAnswer::NotFound(want),
                    "{state} dup={dup} after={after}"
                );
            }
        }
    }
}

/// The query half of the table.
#[test]
fn every_query_answer_is_recorded_and_followed_as_the_table_says() {
    let p = payout(Unknown);
    let l = limits();
    let within = clock_at(10);
    let after = clock_at(61);
    let grace_end = clock_at(60).now;
    let poll = Step::Query(Wait::Until(grace_end));
    let other_order = Outcome::Accepted(Accepted {
        trade_no: Some("T-2".to_string()),
        ..answer(TxStatus::Paid, "0000")
    });
    // (answer, known, when asked, what the ledger then holds, next step)
    #[rustfmt::skip]
    let rows: Vec<(Outcome, Known, Clock, State, Step)> = vec![
        (accepted(TxStatus::Paid, "0000"),       known(Unknown, false),    within, Paid,       Step::Settled(Paid)),
        (accepted(TxStatus::Processing, "0015"), known(Unknown, false),    within, Processing, Step::Settled(Processing)),
        (rejected(RejectClass::NotFound, "1007"), known(Unknown, false),    within, Unknown,    poll.clone()),
        (rejected(RejectClass::NotFound, "1007"), known(Unknown, false),    after,  Planned,    Step::Resend(Wait::Until(after.now))),
        (rejected(RejectClass::NotFound, "1007"), known(Unknown, true),     after,  Unknown,    Step::Leave(Unknown)),
        (rejected(RejectClass::NotFound, "1007"), known(Processing, false), after,  Processing, Step::Settled(Processing)),
        // A failure of a payout never acknowledged waits for the grace
        // period's end, like "not found"; after it, or once the gateway had
        // accepted the payout, it is final.
        (accepted(TxStatus::Failed, "1007"),     known(Unknown, false),    within, Unknown,    poll.clone()),
        (accepted(TxStatus::Failed, "1007"),     known(Unknown, false),    after,  Failed,     Step::Settled(Failed)),
        (accepted(TxStatus::Failed, "00029"),    known(Processing, false), within, Failed,     Step::Settled(Failed)),
        (rejected(RejectClass::Systemic, "1003"), known(Unknown, false),    within, Unknown,
            Step::Halt("the gateway refused a query for T-1 with code 1003 (m)".to_string())),
        // A callback settled it while the query was out.
        (uncertain(false),                       known(Unknown, false),    within, Paid,       Step::Settled(Paid)),
    ];
    // Every answer that says nothing final about this payout, within the
    // grace period: ask again after the first backoff.
    let ask_again = [
        other_order,
        rejected(RejectClass::Throttled, "1006"),
        uncertain(true),
        uncertain(false),
        not_sent(),
        rejected(RejectClass::Duplicate, "1004"),
    ];
    let ask_again = ask_again.into_iter().map(|outcome| {
        let step = Step::Query(Wait::Backoff(0));
        (outcome, known(Unknown, false), within, Unknown, step)
    });
    let rows = rows.into_iter().chain(ask_again);
    for (outcome, known, when, acked, want) in rows {
        let reading = read_query((&outcome, None), &p, known, grace_end, when.now);
        let mut j = resolving(known);
        let step = after_query(ack(&outcome, acked), &reading.record, &mut j, &l, when);
        assert_eq!(step, want, "{outcome:?} {known:?}");
        assert_eq!(reading.throttled, is_throttled(&outcome));
    }
}
