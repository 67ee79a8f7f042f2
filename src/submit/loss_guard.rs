//! The ledger-loss guard: before the first send of payouts this ledger has
//! never sent, ask the gateway whether it already knows a few of them.
//!
//! tradeNos are deterministic, so a lost ledger (a dead disk, a deleted file,
//! a new host) plus the same sheet and label would send every payout again
//! under the same tradeNos, and only the gateway's duplicate check (which the
//! provider does not promise) would stand in the way. The gateway can tell:
//! if it knows any of them, the ledger is not the whole story.
//!
//! Cost: a sample, not every row. The first few (a partial earlier run sent
//! the sheet's first rows first) and a random handful (a corrected or
//! reordered sheet), [`FIRST`] + [`RANDOM`] queries whatever the batch's
//! size (and for the first few the other tradeNos the same payout may have
//! had: `cmd::submit::loss`), paced by the run's rate. It proves nothing for certain: the sure way
//! to rebuild a ledger is `--adopt`, which asks about every row.
//!
//! A question the gateway does not answer (a 5xx, a timeout, throttling, an
//! unreadable body) is asked again a bounded number of times; still
//! unanswered, it is never read as "not known".

use crate::codes::RejectClass;
use crate::engine::pool::work_through;
use crate::engine::{Backoff, Gateway, RateLimiter, record, sleep_unless};
use crate::gateway::{Accepted, Exchange, Outcome};
use crate::ledger::writer::AttemptRecord;
use rand::Rng;
use rand::seq::index::sample as pick;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::SystemTime;

/// The sheet's first payouts asked about.
pub const FIRST: usize = 3;
/// Further payouts asked about, drawn at random from the rest.
pub const RANDOM: usize = 5;
/// Times one question of the guard is asked while it gets no answer.
pub const TRIES: u32 = 4;

/// What the gateway said about one tradeNo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// It holds an order for it.
    Known(Accepted),
    /// It says it has none ("order not found").
    NotFound,
    /// No usable answer after the number of tries asked for (a timeout, an
    /// unreadable body): the gateway stayed silent on it.
    Silent(String),
    /// It refused the merchant (bad sign, unknown merchant): stop.
    Systemic(String),
}

/// One question and its last answer, as the ledger keeps it.
#[derive(Debug, Clone)]
pub struct Probe {
    pub trade_no: String,
    pub answer: Answer,
    pub started_at: SystemTime,
    pub record: AttemptRecord,
    /// The tries before the last, none answered: each was a request, and
    /// the ledger keeps every request.
    pub unanswered: Vec<Unanswered>,
}

/// A try of a question that got no answer, and why.
#[derive(Debug, Clone)]
pub struct Unanswered {
    pub started_at: SystemTime,
    pub record: AttemptRecord,
    pub why: String,
}

/// Which of `n` payouts (in sheet order) to ask about: the first
/// [`FIRST`], then [`RANDOM`] of the others. Sorted, without repeats.
pub fn sample(n: usize, rng: &mut impl Rng) -> Vec<usize> {
    let first = n.min(FIRST);
    let rest = n - first;
    let mut out: Vec<usize> = (0..first).collect();
    out.extend(
        pick(rng, rest, rest.min(RANDOM))
            .into_iter()
            .map(|i| i + first),
    );
    out.sort_unstable();
    out
}

/// Asks about every tradeNo, `workers` at a time, paced by `limiter`.
/// Stops handing out questions at the first systemic refusal or when `stop`
/// is raised; questions never asked are absent from the result, which is in
/// the order of `trades` otherwise.
pub fn ask<G: Gateway + ?Sized>(
    gateway: &G,
    trades: &[String],
    limiter: &RateLimiter,
    stop: &AtomicBool,
    workers: usize,
    tries: u32,
) -> Vec<Probe> {
    let halt = AtomicBool::new(stop.load(Ordering::Relaxed));
    let mut got = work_through(trades, workers, &halt, |trade| {
        let probe = ask_one(gateway, trade, limiter, stop, tries);
        let systemic = probe
            .as_ref()
            .is_some_and(|p| matches!(p.answer, Answer::Systemic(_)));
        if systemic || stop.load(Ordering::Relaxed) {
            halt.store(true, Ordering::Relaxed);
        }
        probe
    });
    got.sort_unstable_by_key(|(i, _)| *i);
    got.into_iter().filter_map(|(_, p)| p).collect()
}

fn ask_one<G: Gateway + ?Sized>(
    gateway: &G,
    trade: &str,
    limiter: &RateLimiter,
    stop: &AtomicBool,
    tries: u32,
) -> Option<Probe> {
    let backoff = Backoff::default();
    let mut last: Option<Probe> = None;
    for attempt in 0..tries.max(1) {
        if attempt > 0 && !sleep_unless(stop, backoff.delay(attempt - 1)) {
            break;
        }
        if !limiter.acquire(stop) {
            break;
        }
        let started_at = SystemTime::now();
        let ex = gateway.query(trade).about_order(trade);
        limiter.heed(&ex);
        let answer = read(&ex);
        let done = !matches!(answer, Answer::Silent(_));
        let mut unanswered = Vec::new();
        if let Some(Probe {
            answer: Answer::Silent(why),
            started_at,
            record,
            unanswered: before,
            ..
        }) = last.take()
        {
            unanswered = before;
            unanswered.push(Unanswered {
                started_at,
                record,
                why,
            });
        }
        last = Some(Probe {
            trade_no: trade.to_string(),
            answer,
            started_at,
            record: record::attempt(&ex),
            unanswered,
        });
        if done {
            break;
        }
    }
    last
}

/// One answer, read: only "found" and "not found" are answers.
fn read(ex: &Exchange) -> Answer {
    match &ex.outcome {
        Outcome::Accepted(a) => Answer::Known(a.clone()),
        Outcome::Rejected {
            class: RejectClass::NotFound,
            ..
        } => Answer::NotFound,
        Outcome::Rejected {
            class: RejectClass::Systemic,
            code,
            msg,
        } => Answer::Systemic(format!("code {code} ({msg})")),
        Outcome::Rejected { code, msg, .. } => Answer::Silent(format!("code {code} ({msg})")),
        Outcome::Unknown { reason, .. } | Outcome::NotSent { reason } => {
            Answer::Silent(reason.clone())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Rate;
    use crate::gateway::PayoutRequest;
    use rand::SeedableRng;
    use std::sync::Mutex;

    #[test]
    fn the_sample_is_the_first_few_and_a_bounded_random_handful() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(1);
        assert_eq!(sample(0, &mut rng), Vec::<usize>::new());
        assert_eq!(sample(2, &mut rng), vec![0, 1]);
        assert_eq!(sample(8, &mut rng), (0..8).collect::<Vec<_>>());
        for n in [9, 100, 100_000] {
            let s = sample(n, &mut rng);
            assert_eq!(s.len(), FIRST + RANDOM, "{n}");
            assert_eq!(&s[..FIRST], &[0, 1, 2]);
            assert!(s.windows(2).all(|w| w[0] < w[1]) && s.iter().all(|&i| i < n));
        }
    }

    /// Answers queries from a script: one outcome per call, the last repeated.
    struct Scripted(Mutex<Vec<Outcome>>);

    impl Gateway for Scripted {
        fn payout(&self, _: &PayoutRequest<'_>) -> Exchange {
            panic!("the guard never sends a payout")
        }
        fn query(&self, _: &str) -> Exchange {
            let mut s = self.0.lock().unwrap_or_else(|p| p.into_inner());
            let outcome = if s.len() > 1 {
                s.remove(0)
            } else {
                s[0].clone()
            };
            Exchange::scripted(outcome)
        }
    }

    fn unknown() -> Outcome {
        Outcome::Unknown {
            reason: "HTTP 503".into(),
            throttled: false,
        }
    }

    #[test]
    fn an_unanswered_question_is_asked_again_and_never_read_as_not_found() {
        let limiter = RateLimiter::new(Rate::per_sec(1000.0), 5);
        let stop = AtomicBool::new(false);
        let gw = Scripted(Mutex::new(vec![unknown()]));
        let got = ask(&gw, &["T1".to_string()], &limiter, &stop, 1, TRIES);
        assert!(matches!(got[0].answer, Answer::Silent(_)), "{got:?}");
        let not_found = Outcome::Rejected {
            class: RejectClass::NotFound,
            code: "1007".into(),
            msg: "not found".into(),
        };
        assert_eq!(got[0].unanswered.len(), TRIES as usize - 1);
        let gw = Scripted(Mutex::new(vec![unknown(), unknown(), not_found]));
        let got = ask(&gw, &["T1".to_string()], &limiter, &stop, 1, TRIES);
        assert_eq!(got[0].answer, Answer::NotFound);
        // Every try is kept, for the ledger: two unanswered, then the answer.
        assert_eq!(got[0].unanswered.len(), 2);
        let systemic = Outcome::Rejected {
            class: RejectClass::Systemic,
            code: "1002".into(),
            msg: "sign".into(),
        };
        let gw = Scripted(Mutex::new(vec![systemic]));
        let got = ask(
            &gw,
            &["T1".to_string(), "T2".to_string()],
            &limiter,
            &stop,
            1,
            TRIES,
        );
        assert_eq!(got.len(), 1, "stops at a systemic refusal");
        assert!(matches!(got[0].answer, Answer::Systemic(_)));
    }
}
