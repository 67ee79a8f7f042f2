//! Fault injection: what can go wrong between payrun and a real gateway, on
//! demand and reproducibly (every draw comes from one seeded `StdRng`).

pub use super::trade_no_rule::TradeNoAlphabet;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Most extra debits a statement plants.
pub const MAX_EXTRA_DEBITS: u32 = 10_000;
/// Largest fee per order a statement plants: 1,000 taka.
pub const MAX_FEE_POISHA: u64 = 100_000;
/// The longest query lag a sandbox takes: an hour.
pub const MAX_QUERY_LAG_MS: u64 = 3_600_000;

/// How the rate limit answers a request over the limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ThrottleMode {
    /// HTTP 200 with outer code `1006` (a refusal: nothing was placed).
    #[default]
    #[serde(rename = "1006")]
    Code1006,
    /// HTTP 429 with `Retry-After: 1` (the client cannot know it was refused).
    #[serde(rename = "429")]
    Http429,
}

/// How a dropped answer (`drop_rate`) is lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum DropMode {
    /// The connection is closed right after processing, with no answer:
    /// the client learns at once that it will never hear back.
    #[default]
    #[serde(rename = "close")]
    Close,
    /// The connection stays open and silent: the client waits out its own
    /// timeout, as when the answer is lost further away.
    #[serde(rename = "silence")]
    Silence,
}

/// Every fault knob. The same names are the JSON fields of
/// `POST /_sandbox/faults` and, with dashes, the flags of `payrun sandbox`.
/// Rates are probabilities from 0 to 1, drawn per request in arrival order:
/// with one client thread the same seed gives the same faults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Faults {
    /// Seed of the one random generator behind every rate.
    pub seed: u64,
    /// Delay before every gateway answer, in ms (the low end of a range).
    pub latency_ms: u64,
    /// The high end of a latency range, in ms; 0 (or below `latency_ms`)
    /// means a fixed `latency_ms`.
    pub latency_max_ms: u64,
    /// Gateway requests allowed per second across all clients; 0 is no limit.
    pub rate_limit: u32,
    /// The answer over the rate limit.
    pub throttle_with: ThrottleMode,
    /// Fraction answered with `error_status` before any processing.
    pub error_rate: f64,
    /// The 5xx status those answers carry.
    pub error_status: u16,
    /// Fraction processed, then left without any answer.
    pub drop_rate: f64,
    /// How those answers are lost: the connection closes, or stays silent.
    pub drop_with: DropMode,
    /// Fraction processed, then answered with HTTP 200 and an HTML body.
    pub garbage_rate: f64,
    /// Fraction of callbacks delivered twice.
    pub callback_duplicate_rate: f64,
    /// Fraction of payouts whose callback is POSTed at once, before the payout
    /// response is sent and while the query still answers `0015`.
    pub callback_early_rate: f64,
    /// A repeated tradeNo is placed as a NEW order (paid again) instead of
    /// being refused with `1004`. The provider does not say whether its
    /// gateway refuses a repeat, so this is the worst gateway payrun can
    /// meet: every test of "never pays twice" that must not lean on the
    /// gateway's duplicate check runs against it.
    pub accept_duplicates: bool,
    /// Fraction of queries (only) answered with `error_status` before any
    /// processing: a query endpoint flakier than the payout endpoint, so
    /// that an unanswered question is never mistaken for "not found".
    pub query_error_rate: f64,
    /// A new order is "not found" (1007) by queries until this long, in ms,
    /// after it was placed: a gateway whose query index lags its payouts,
    /// which is why payrun believes a "not found" only after its grace.
    pub query_lag_ms: u64,
    /// The characters the payout endpoint takes in a tradeNo; any other is
    /// refused `1001 tradeNo format error` (`trade_no_rule`).
    pub trade_no_alphabet: TradeNoAlphabet,
    /// Statement (`GET /_sandbox/statement`): fraction of paid orders whose
    /// debit line is missing.
    pub statement_missing_rate: f64,
    /// Statement: fraction of paid orders debited 10 taka more than ordered.
    pub statement_amount_rate: f64,
    /// Statement: fraction of paid orders reversed after paid (a credit
    /// line a minute after the debit).
    pub statement_reversal_rate: f64,
    /// Statement: debits for orders no client ever sent, at the end.
    pub statement_extra_debits: u32,
    /// Statement: the fee charged per debited order, in poisha (0: none).
    pub statement_fee_poisha: u64,
}

impl Default for Faults {
    /// No faults at all.
    fn default() -> Self {
        Faults {
            seed: 1,
            latency_ms: 0,
            latency_max_ms: 0,
            rate_limit: 0,
            throttle_with: ThrottleMode::Code1006,
            error_rate: 0.0,
            error_status: 503,
            drop_rate: 0.0,
            drop_with: DropMode::Close,
            garbage_rate: 0.0,
            callback_duplicate_rate: 0.0,
            callback_early_rate: 0.0,
            accept_duplicates: false,
            query_error_rate: 0.0,
            query_lag_ms: 0,
            trade_no_alphabet: TradeNoAlphabet::Any,
            statement_missing_rate: 0.0,
            statement_amount_rate: 0.0,
            statement_reversal_rate: 0.0,
            statement_extra_debits: 0,
            statement_fee_poisha: 0,
        }
    }
}

impl Faults {
    /// Refuses rates outside 0..=1 and statuses that are not 5xx, naming the knob.
    pub fn validate(&self) -> Result<(), String> {
        let rates = [
            ("error_rate", self.error_rate),
            ("drop_rate", self.drop_rate),
            ("garbage_rate", self.garbage_rate),
            ("callback_duplicate_rate", self.callback_duplicate_rate),
            ("callback_early_rate", self.callback_early_rate),
            ("query_error_rate", self.query_error_rate),
            ("statement_missing_rate", self.statement_missing_rate),
            ("statement_amount_rate", self.statement_amount_rate),
            ("statement_reversal_rate", self.statement_reversal_rate),
        ];
        for (name, rate) in rates {
            if !(0.0..=1.0).contains(&rate) {
                return Err(format!(
                    "fault {name} = {rate} is not a fraction; use a number from 0 to 1, e.g. 0.05"
                ));
            }
        }
        if self.statement_extra_debits > MAX_EXTRA_DEBITS {
            return Err(format!(
                "fault statement_extra_debits = {} is more than {MAX_EXTRA_DEBITS}",
                self.statement_extra_debits
            ));
        }
        if self.statement_fee_poisha > MAX_FEE_POISHA {
            return Err(format!(
                "fault statement_fee_poisha = {} is more than {MAX_FEE_POISHA} (1,000 taka)",
                self.statement_fee_poisha
            ));
        }
        if self.query_lag_ms > MAX_QUERY_LAG_MS {
            return Err(format!(
                "fault query_lag_ms = {} is more than {MAX_QUERY_LAG_MS} (one hour)",
                self.query_lag_ms
            ));
        }
        if !(500..=599).contains(&self.error_status) {
            return Err(format!(
                "fault error_status = {} is not a 5xx status; use e.g. 500, 502 or 503",
                self.error_status
            ));
        }
        Ok(())
    }
}

/// The per-request decisions, drawn together so that the sequence of draws
/// does not depend on which fault fired.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Draw {
    pub latency: Duration,
    pub error: bool,
    pub drop: bool,
    pub garbage: bool,
    pub early_callback: bool,
    /// Not drawn: [`Faults::accept_duplicates`], carried to the books.
    pub accept_duplicates: bool,
    /// Drawn only while `query_error_rate` is above 0, so that the other
    /// faults of a seed stay the same whether or not it is set.
    pub query_error: bool,
}

/// The seeded generator and the rate limiter's bucket.
pub(crate) struct Dice {
    rng: Mutex<StdRng>,
    bucket: Mutex<Bucket>,
}

struct Bucket {
    tokens: f64,
    last: Instant,
}

impl Dice {
    pub fn new(seed: u64) -> Dice {
        Dice {
            rng: Mutex::new(StdRng::seed_from_u64(seed)),
            bucket: Mutex::new(Bucket {
                tokens: 0.0,
                last: Instant::now(),
            }),
        }
    }

    /// Restarts the sequence, as a fresh sandbox with that seed would.
    pub fn reseed(&self, seed: u64, f: &Faults) {
        if let Ok(mut rng) = self.rng.lock() {
            *rng = StdRng::seed_from_u64(seed);
        }
        if let Ok(mut b) = self.bucket.lock() {
            b.tokens = f64::from(f.rate_limit);
            b.last = Instant::now();
        }
    }

    pub fn draw(&self, f: &Faults) -> Draw {
        let Ok(mut rng) = self.rng.lock() else {
            return Draw {
                latency: Duration::ZERO,
                error: false,
                drop: false,
                garbage: false,
                early_callback: false,
                accept_duplicates: f.accept_duplicates,
                query_error: false,
            };
        };
        let latency = if f.latency_max_ms > f.latency_ms {
            rng.random_range(f.latency_ms..=f.latency_max_ms)
        } else {
            f.latency_ms
        };
        let mut hit = |rate: f64| {
            let x: f64 = rng.random();
            x < rate
        };
        Draw {
            latency: Duration::from_millis(latency),
            error: hit(f.error_rate),
            drop: hit(f.drop_rate),
            garbage: hit(f.garbage_rate),
            early_callback: hit(f.callback_early_rate),
            accept_duplicates: f.accept_duplicates,
            query_error: f.query_error_rate > 0.0 && hit(f.query_error_rate),
        }
    }

    /// A fraction for callback duplication, from the same sequence.
    pub fn hit(&self, rate: f64) -> bool {
        if rate <= 0.0 {
            return false;
        }
        match self.rng.lock() {
            Ok(mut rng) => rng.random::<f64>() < rate,
            Err(_) => false,
        }
    }

    /// Takes one token from a bucket of `rps` tokens refilled at `rps` per
    /// second; `false` means over the limit.
    pub fn admit(&self, rps: u32) -> bool {
        if rps == 0 {
            return true;
        }
        let Ok(mut b) = self.bucket.lock() else {
            return true;
        };
        let now = Instant::now();
        let cap = f64::from(rps);
        let refill = now.duration_since(b.last).as_secs_f64() * cap;
        b.tokens = (b.tokens + refill).min(cap);
        b.last = now;
        if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_faults() {
        let f = Faults {
            drop_rate: 0.3,
            error_rate: 0.2,
            latency_ms: 5,
            latency_max_ms: 50,
            ..Faults::default()
        };
        let a = Dice::new(7);
        let b = Dice::new(7);
        let da: Vec<Draw> = (0..200).map(|_| a.draw(&f)).collect();
        let db: Vec<Draw> = (0..200).map(|_| b.draw(&f)).collect();
        assert_eq!(da, db);
        let drops = da.iter().filter(|d| d.drop).count();
        assert!((30..=90).contains(&drops), "{drops} drops of 200 at 0.3");
        assert!(
            da.iter()
                .all(|d| (5..=50).contains(&(d.latency.as_millis() as u64)))
        );
        let c = Dice::new(8);
        let dc: Vec<Draw> = (0..200).map(|_| c.draw(&f)).collect();
        assert_ne!(da, dc);
    }

    #[test]
    fn zero_and_one_rates_are_exact() {
        let d = Dice::new(1);
        let all = Faults {
            drop_rate: 1.0,
            ..Faults::default()
        };
        assert!((0..100).all(|_| d.draw(&all).drop));
        assert!((0..100).all(|_| !d.draw(&Faults::default()).drop));
    }

    #[test]
    fn rate_limit_admits_about_rps_per_second() {
        let d = Dice::new(1);
        d.reseed(
            1,
            &Faults {
                rate_limit: 5,
                ..Faults::default()
            },
        );
        let admitted = (0..20).filter(|_| d.admit(5)).count();
        assert_eq!(admitted, 5, "a burst gets the bucket, no more");
        assert!(d.admit(0));
    }

    #[test]
    fn bad_knobs_are_named() {
        let f = Faults {
            drop_rate: 1.5,
            ..Faults::default()
        };
        assert!(f.validate().unwrap_err().contains("drop_rate"));
        let f = Faults {
            error_status: 404,
            ..Faults::default()
        };
        assert!(f.validate().unwrap_err().contains("error_status"));
        assert!(Faults::default().validate().is_ok());
    }

    #[test]
    fn json_uses_flag_names_and_rejects_typos() {
        let f: Faults =
            serde_json::from_str(r#"{"drop_rate":0.5,"throttle_with":"429","seed":9}"#).unwrap();
        assert_eq!(f.throttle_with, ThrottleMode::Http429);
        assert_eq!(f.drop_with, DropMode::Close);
        assert_eq!((f.drop_rate, f.seed, f.error_status), (0.5, 9, 503));
        assert!(serde_json::from_str::<Faults>(r#"{"drop_rat":0.5}"#).is_err());
        let f: Faults = serde_json::from_str(r#"{"drop_with":"silence"}"#).unwrap();
        assert_eq!(f.drop_with, DropMode::Silence);
        assert!(serde_json::from_str::<Faults>(r#"{"drop_with":"reset"}"#).is_err());
    }
}
