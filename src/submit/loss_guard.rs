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
    /// It answered, with an outer code payrun cannot place (not `1007`,
    /// not systemic: `2001 order not exist`), or `0000` without `data`
    /// (`code` `0000`). An answer, so not asked again; but no "not found"
    /// either, until the operator maps it ([`Answer::unplaced_words`]).
    /// `request`: the refusal is of the request's own fields (`1001`,
    /// `invalid_row`): tradeNo, timestamp, sign are payrun's, so no
    /// mapping as "not found" is offered.
    Unplaced {
        code: String,
        msg: String,
        request: bool,
    },
}

impl Answer {
    /// For [`Answer::Unplaced`]: what the gateway said, and the setting
    /// that reads it as its "not found", to set only once the provider
    /// confirms it. `None` for the other answers.
    pub fn unplaced_words(&self) -> Option<String> {
        let Answer::Unplaced { code, msg, request } = self else {
            return None;
        };
        Some(if *request {
            format!(
                "the gateway refused the query itself with code {code} ({msg}), a refusal of the \
                 request's fields, which are payrun's own (tradeNo, timestamp, sign), not the \
                 sheet's: no setting reads that as \"not found\". Ask the provider what {code} \
                 refused (see docs/gateway.md, \"Known limits\", for the tradeNo's characters)"
            )
        } else if code == "0000" {
            format!(
                "the gateway answered outer code 0000 without a `data` object ({msg:?}), which \
                 payrun does not read as \"not found\" by default: such an answer may come from \
                 a gateway that holds the order. If the provider confirms that its query \
                 endpoint says \"no such order\" this way, set [code_classes] \"{}\" = \
                 \"not_found\" in payrun.toml and run the same command again",
                crate::codes::WITHOUT_DATA
            )
        } else {
            format!(
                "the gateway answered code {code} ({msg}), a refusal payrun cannot place (its \
                 \"not found\" is 1007). If {code} is how this gateway says it has no such \
                 order (ask the provider), map it in payrun.toml, [code_classes] \"{code}\" = \
                 \"not_found\", and run the same command again"
            )
        })
    }
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

/// One answer, read: only "found" and "not found" are answers. A refusal
/// payrun cannot place, and `0000` without `data`, are told apart from
/// silence, to name the setting that reads them.
fn read(ex: &Exchange) -> Answer {
    let bare = || {
        let (status, body) = ex.http_status.zip(ex.body.as_deref())?;
        crate::gateway::without_data(status, body)
    };
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
        Outcome::Rejected {
            class: RejectClass::Throttled,
            code,
            msg,
        } => Answer::Silent(format!("code {code} ({msg})")),
        Outcome::Rejected { code, msg, class } => Answer::Unplaced {
            code: code.clone(),
            msg: msg.clone(),
            request: *class == RejectClass::InvalidRow,
        },
        Outcome::Unknown { reason, .. } => match bare() {
            Some(msg) => Answer::Unplaced {
                code: "0000".to_string(),
                msg,
                request: false,
            },
            None => Answer::Silent(reason.clone()),
        },
        Outcome::NotSent { reason } => Answer::Silent(reason.clone()),
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

    /// A refusal payrun cannot place is an answer, not silence: asked once,
    /// and told with the setting that reads it as "not found", except a
    /// refusal of the query's own fields (`1001`), which no mapping fixes.
    #[test]
    fn a_refusal_payrun_cannot_place_is_told_with_its_setting_or_as_payrun_s_own_fields() {
        let limiter = RateLimiter::new(Rate::per_sec(1000.0), 5);
        let stop = AtomicBool::new(false);
        let refusal = |class, code: &str| Outcome::Rejected {
            class,
            code: code.into(),
            msg: "order not exist".into(),
        };
        let gw = Scripted(Mutex::new(vec![refusal(RejectClass::Unknown, "2001")]));
        let got = ask(&gw, &["T1".to_string()], &limiter, &stop, 1, TRIES);
        assert!(got[0].unanswered.is_empty(), "an answer, not asked again");
        let words = got[0].answer.unplaced_words().unwrap_or_default();
        assert!(
            words.contains(r#"[code_classes] "2001" = "not_found""#),
            "{words}"
        );
        let gw = Scripted(Mutex::new(vec![refusal(RejectClass::InvalidRow, "1001")]));
        let got = ask(&gw, &["T1".to_string()], &limiter, &stop, 1, TRIES);
        let words = got[0].answer.unplaced_words().unwrap_or_default();
        assert!(
            words.contains("payrun's own") && !words.contains("not_found\""),
            "{words}"
        );
        let throttled = refusal(RejectClass::Throttled, "1006");
        let gw = Scripted(Mutex::new(vec![throttled]));
        let got = ask(&gw, &["T1".to_string()], &limiter, &stop, 1, 2);
        assert!(
            matches!(got[0].answer, Answer::Silent(_)),
            "throttled is asked again"
        );
    }
}
