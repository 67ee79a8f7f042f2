//! Settling against a scripted gateway and a real ledger file.

use super::*;
use crate::codes::{RejectClass, TxStatus};
use crate::config::Rate;
use crate::gateway::{Accepted, Exchange, Outcome, PayoutRequest};
use crate::ledger::Ledger;
use crate::ledger::tests::one_payout_in;
use std::time::SystemTime;

/// Answers every query with `answer(trade_no, n)`, n counting from 0.
struct Scripted<F: Fn(&str, usize) -> Outcome + Sync> {
    answer: F,
    calls: std::sync::Mutex<usize>,
}

impl<F: Fn(&str, usize) -> Outcome + Sync> Gateway for Scripted<F> {
    fn payout(&self, _req: &PayoutRequest<'_>) -> Exchange {
        Exchange::scripted(Outcome::NotSent {
            reason: "settling never sends".to_string(),
        })
    }

    fn query(&self, trade_no: &str) -> Exchange {
        let n = {
            let mut c = self.calls.lock().unwrap_or_else(|p| p.into_inner());
            *c += 1;
            *c - 1
        };
        Exchange::scripted((self.answer)(trade_no, n))
    }
}

fn scripted<F: Fn(&str, usize) -> Outcome + Sync>(answer: F) -> Scripted<F> {
    Scripted {
        answer,
        calls: std::sync::Mutex::new(0),
    }
}

fn accepted(status: TxStatus, code: &str) -> Outcome {
    Outcome::Accepted(Accepted {
        platform_trade_no: Some("P1".to_string()),
        ..Accepted::bare(status, code)
    })
}

fn not_found() -> Outcome {
    Outcome::Rejected {
        class: RejectClass::NotFound,
        code: "1007".to_string(),
        msg: "order not found".to_string(),
    }
}

/// A ledger with one payout in `state`, last sent `sent_ago` ago.
fn ledger_with(state: &str, sent_ago: Duration) -> (tempfile::TempDir, Ledger, i64) {
    let (dir, ledger, run) = one_payout_in(state);
    let sent = crate::time::to_text(SystemTime::now() - sent_ago);
    ledger
        .connection()
        .execute(
            "UPDATE payouts SET attempts = 1, last_attempt_at = ?1",
            [sent.as_str()],
        )
        .expect("set state");
    (dir, ledger, run)
}

/// Runs `f` over the ledger's payouts in `states`, linked to `gateway` with
/// a writer of run `run`, an unlimited pace and no stop; then the ledger's
/// path.
fn with_writer<G: Gateway + ?Sized, T>(
    ledger: Ledger,
    run: i64,
    states: &[State],
    gateway: &G,
    f: impl FnOnce(&Link<'_, G>, Vec<PayoutRow>) -> T,
) -> (T, std::path::PathBuf) {
    let items = ledger.payouts_in(1, states).expect("items");
    let path = ledger.path().to_path_buf();
    let writer = ledger.into_writer(run).expect("writer");
    // The handle is a temporary of this statement, gone before `finish`,
    // which refuses a handle still held.
    let out = f(
        &Link {
            gateway,
            writer: &writer.handle(),
            limiter: &crate::engine::RateLimiter::new(Rate::UNLIMITED, 10),
            stop: &AtomicBool::new(false),
        },
        items,
    );
    drop(writer.finish().expect("finish"));
    (out, path)
}

fn settle_with<G: Gateway + ?Sized>(
    ledger: Ledger,
    run: i64,
    gateway: &G,
    cfg: &SettleConfig,
) -> (SettleOutcome, String) {
    let open = [State::Processing, State::Unknown];
    let (out, path) = with_writer(ledger, run, &open, gateway, |link, items| {
        settle(link, items, cfg)
    });
    let state: String = Ledger::open(&path)
        .expect("reopen")
        .connection()
        .query_row("SELECT state FROM payouts", [], |r| r.get(0))
        .expect("state");
    (out, state)
}

fn fast(wait: Option<Duration>) -> SettleConfig {
    SettleConfig {
        wait,
        grace: Duration::from_secs(60),
        poll: Backoff {
            base: Duration::from_millis(20),
            max: Duration::from_millis(50),
        },
        concurrency: 2,
    }
}

#[test]
fn processing_becomes_final_when_the_query_says_so() {
    let (_d, l, run) = ledger_with("processing", Duration::from_secs(1));
    let gw = scripted(|_, _| accepted(TxStatus::Paid, "0000"));
    let (out, state) = settle_with(l, run, &gw, &fast(None));
    assert_eq!(state, "paid");
    assert_eq!((out.queries, out.finalised, out.left.len()), (1, 1, 0));
}

#[test]
fn not_found_after_the_grace_period_is_not_sent_never_failed() {
    let (_d, l, run) = ledger_with("unknown", Duration::from_secs(120));
    let (out, state) = settle_with(l, run, &scripted(|_, _| not_found()), &fast(None));
    assert_eq!(state, "planned");
    assert_eq!(out.requeued, 1);
}

#[test]
fn not_found_within_the_grace_period_stays_unknown() {
    let (_d, l, run) = ledger_with("unknown", Duration::from_secs(1));
    let (out, state) = settle_with(l, run, &scripted(|_, _| not_found()), &fast(None));
    assert_eq!(state, "unknown");
    assert_eq!((out.queries, out.requeued), (1, 0));
    assert_eq!(out.left.len(), 1);
}

#[test]
fn wait_keeps_polling_until_final_and_gives_up_in_time() {
    let (_d, l, run) = ledger_with("processing", Duration::from_secs(1));
    let gw = scripted(|_, n| {
        if n < 3 {
            accepted(TxStatus::Processing, "0015")
        } else {
            accepted(TxStatus::Failed, "00029")
        }
    });
    let (out, state) = settle_with(l, run, &gw, &fast(Some(Duration::from_secs(10))));
    assert_eq!(state, "failed");
    assert_eq!(out.queries, 4);
    assert!(!out.timed_out);

    let (_d, l, run) = ledger_with("processing", Duration::from_secs(1));
    let gw = scripted(|_, _| accepted(TxStatus::Processing, "0015"));
    let started = std::time::Instant::now();
    // 1 s, polls 20 to 50 ms apart: room for a second query however loaded
    // the machine (a 300 ms wait held only one, twice in 9 loaded runs).
    let (out, state) = settle_with(l, run, &gw, &fast(Some(Duration::from_secs(1))));
    assert_eq!(state, "processing");
    assert!(out.timed_out);
    assert!(out.queries >= 2, "{}", out.queries);
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn a_systemic_refusal_stops_settling() {
    let (_d, l, run) = ledger_with("processing", Duration::from_secs(1));
    let gw = scripted(|_, _| Outcome::Rejected {
        class: RejectClass::Systemic,
        code: "1002".to_string(),
        msg: "sign error".to_string(),
    });
    let (out, state) = settle_with(l, run, &gw, &fast(Some(Duration::from_secs(10))));
    assert_eq!(state, "processing");
    assert!(matches!(out.halt, Some(Halt::Systemic(ref m)) if m.contains("1002")));
}

/// An accepted answer whose status payrun cannot read, as the client hands
/// it over.
fn unread(status: &str, message: &str) -> Exchange {
    Exchange {
        outcome: Outcome::Unknown {
            reason: format!("data.status {status} is not one payrun can read"),
            throttled: false,
        },
        unread: Some(crate::gateway::UnreadStatus {
            status: status.to_string(),
            message: Some(message.to_string()),
            trade_no: None,
            amount: None,
            merchant_no: None,
        }),
        ..Exchange::scripted(Outcome::NotSent {
            reason: String::new(),
        })
    }
}

/// A gateway whose every query answers `ex()`.
struct Fixed<F: Fn() -> Exchange + Sync>(F);

impl<F: Fn() -> Exchange + Sync> Gateway for Fixed<F> {
    fn payout(&self, _req: &PayoutRequest<'_>) -> Exchange {
        Exchange::scripted(Outcome::NotSent {
            reason: "a recheck never sends".to_string(),
        })
    }

    fn query(&self, _trade_no: &str) -> Exchange {
        (self.0)()
    }
}

/// Rechecks the one payout of a ledger in `state`; (what it did, state,
/// conflict detail).
fn recheck_one(state: &str, gw: &dyn Gateway, time: Duration) -> (Rechecked, String, String) {
    recheck_after(state, Duration::from_secs(3600), gw, time)
}

/// [`recheck_one`] of a payout last sent `sent_ago` ago.
fn recheck_after(
    state: &str,
    sent_ago: Duration,
    gw: &dyn Gateway,
    time: Duration,
) -> (Rechecked, String, String) {
    let (_d, ledger, run) = ledger_with(state, sent_ago);
    let (out, path) = recheck_in(ledger, run, gw, time);
    let (state, detail) = Ledger::open(&path)
        .expect("reopen")
        .connection()
        .query_row(
            "SELECT state, COALESCE(conflict_detail, '') FROM payouts",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("state");
    (out, state, detail)
}

/// Rechecks the ledger's paid and failed payouts through `gw` within
/// `time`; what it did, and the ledger's path.
fn recheck_in(
    ledger: Ledger,
    run: i64,
    gw: &dyn Gateway,
    time: Duration,
) -> (Rechecked, std::path::PathBuf) {
    let finals = [State::Paid, State::Failed];
    with_writer(ledger, run, &finals, gw, |link, items| {
        recheck(link, items, &fast(None), time)
    })
}

#[test]
fn a_recheck_flags_a_final_payout_the_gateway_now_answers_otherwise_and_keeps_its_state() {
    let minute = Duration::from_secs(60);
    let refund = Fixed(|| unread("REFUND", "refunded to the payer"));
    let (out, state, detail) = recheck_one("paid", &refund, minute);
    assert_eq!((out.asked, out.not_asked, state.as_str()), (1, 0, "paid"));
    assert!(
        detail.contains("REFUND") && detail.contains("refunded"),
        "{detail}"
    );

    let paid = Fixed(|| Exchange::scripted(accepted(TxStatus::Paid, "0000")));
    let (_, state, detail) = recheck_one("failed", &paid, minute);
    assert_eq!(state, "failed");
    assert!(detail.contains("paid"), "{detail}");

    // The same answer, or none, says nothing new.
    let (_, state, detail) = recheck_one("paid", &paid, minute);
    assert_eq!((state.as_str(), detail.as_str()), ("paid", ""));
    let silent = Fixed(|| {
        Exchange::scripted(Outcome::Unknown {
            reason: "timed out".to_string(),
            throttled: false,
        })
    });
    let (out, _, detail) = recheck_one("paid", &silent, minute);
    assert_eq!((out.asked, detail.as_str()), (1, ""));

    // Out of time before the first part: nothing asked.
    let (out, _, detail) = recheck_one("paid", &refund, Duration::ZERO);
    assert_eq!((out.asked, out.not_asked, out.timed_out), (0, 1, true));
    assert_eq!(detail, "");
}

/// Rechecks one payout of a ledger in `state`, last sent `sent_ago` ago,
/// every query answered `answer`; (state, conflict detail).
fn recheck_sent(state: &str, sent_ago: Duration, answer: Outcome) -> (String, String) {
    let gw = Fixed(|| Exchange::scripted(answer.clone()));
    let (_, state, detail) = recheck_after(state, sent_ago, &gw, Duration::from_secs(60));
    (state, detail)
}

#[test]
fn a_recheck_flags_a_paid_payout_the_gateway_now_cannot_find() {
    let hour = Duration::from_secs(3600);
    let (state, detail) = recheck_sent("paid", hour, not_found());
    assert_eq!(state, "paid", "the ledger keeps paid");
    assert!(
        detail.contains("not found") && detail.contains("how long"),
        "a person must see it, and what to ask: {detail:?}"
    );

    // Within the grace period a fresh order may not show in queries yet.
    let (state, detail) = recheck_sent("paid", Duration::from_secs(1), not_found());
    assert_eq!((state.as_str(), detail.as_str()), ("paid", ""));

    // A failed payout may never have become an order (a refused row).
    let (state, detail) = recheck_sent("failed", hour, not_found());
    assert_eq!((state.as_str(), detail.as_str()), ("failed", ""));
}

/// A gateway whose every query takes `slow` and answers paid.
struct Slow(Duration);

impl Gateway for Slow {
    fn payout(&self, _req: &PayoutRequest<'_>) -> Exchange {
        Exchange::scripted(Outcome::NotSent {
            reason: "a recheck never sends".to_string(),
        })
    }

    fn query(&self, _trade_no: &str) -> Exchange {
        std::thread::sleep(self.0);
        Exchange::scripted(accepted(TxStatus::Paid, "0000"))
    }
}

/// `--recheck-time` holds per query, not per part of 16: a slow gateway
/// (each query near its timeout) cannot carry a recheck far past it. What
/// is not asked waits for the next run.
#[test]
fn a_recheck_stops_asking_when_its_time_is_up_even_within_a_part() {
    let (_d, mut ledger) = crate::ledger::tests::temp_ledger();
    let (_, run, _) =
        crate::ledger::tests::record_rows(&mut ledger, "nov", &crate::ledger::tests::rows(6));
    crate::ledger::tests::exec(
        &ledger,
        "UPDATE payouts SET state = 'paid', attempts = 1, last_attempt_at = ?1",
        [crate::time::to_text(
            SystemTime::now() - Duration::from_secs(3600),
        )],
    );
    let gw = Slow(Duration::from_millis(400));
    let started = std::time::Instant::now();
    let (out, _) = recheck_in(ledger, run, &gw, Duration::from_millis(100));
    assert!(out.timed_out, "{out:?}");
    assert!(out.halt.is_none(), "out of time is no halt: {out:?}");
    // Two workers: at most the two queries they held when time ran out
    // (fewer on a machine too loaded to claim one within 100 ms).
    assert!(out.asked <= 2, "{out:?}");
    assert_eq!(out.not_asked, 6 - out.asked, "{out:?}");
    let took = started.elapsed();
    assert!(took < Duration::from_secs(5), "{took:?}");
}
