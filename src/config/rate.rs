//! A configured pace: what `--rate`, `PAYRUN_RATE` and `rate` in
//! `payrun.toml` say. A leaf: the engine paces by it, the CLI and the
//! configuration parse it.

use std::fmt;
use std::str::FromStr;

/// A configured pace: `20/s`, `600/min`, `5` (per second) or `unlimited`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rate {
    /// Requests per second; infinite for `unlimited`.
    per_sec: f64,
}

impl Rate {
    #[cfg(test)]
    pub fn per_sec(per_sec: f64) -> Rate {
        Rate { per_sec }
    }

    pub const UNLIMITED: Rate = Rate {
        per_sec: f64::INFINITY,
    };

    pub fn as_per_sec(self) -> f64 {
        self.per_sec
    }

    pub fn is_unlimited(self) -> bool {
        self.per_sec.is_infinite()
    }
}

impl FromStr for Rate {
    type Err = String;

    fn from_str(s: &str) -> Result<Rate, String> {
        let t = s.trim().to_ascii_lowercase();
        if t == "unlimited" || t == "max" {
            return Ok(Rate::UNLIMITED);
        }
        let (num, per) = match t.split_once('/') {
            Some((n, unit)) => match unit.trim() {
                "s" | "sec" | "second" => (n, 1.0),
                "m" | "min" | "minute" => (n, 60.0),
                "h" | "hour" => (n, 3600.0),
                other => {
                    return Err(format!(
                        "rate {s:?}: unknown unit {other:?}; write e.g. 20/s, 600/min or unlimited"
                    ));
                }
            },
            None => (t.as_str(), 1.0),
        };
        let n: f64 = num.trim().parse().map_err(|_| {
            format!("rate {s:?}: not a number; write e.g. 20/s, 600/min or unlimited")
        })?;
        if !(n.is_finite() && n > 0.0) {
            return Err(format!(
                "rate {s:?}: must be more than zero; write e.g. 20/s, or unlimited"
            ));
        }
        Ok(Rate { per_sec: n / per })
    }
}

impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_unlimited() {
            f.write_str("unlimited")
        } else {
            write!(f, "{}/s", (self.per_sec * 100.0).round() / 100.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rates_and_refuses_nonsense() {
        assert_eq!("20/s".parse::<Rate>(), Ok(Rate::per_sec(20.0)));
        assert_eq!("20".parse::<Rate>(), Ok(Rate::per_sec(20.0)));
        assert_eq!("600/min".parse::<Rate>(), Ok(Rate::per_sec(10.0)));
        assert!("unlimited".parse::<Rate>().is_ok_and(Rate::is_unlimited));
        for bad in ["0/s", "-1", "abc", "5/fortnight", "NaN", "inf"] {
            assert!(bad.parse::<Rate>().is_err(), "{bad}");
        }
        assert_eq!(Rate::per_sec(20.0).to_string(), "20/s");
    }
}
