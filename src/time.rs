//! Timestamps as stored in the ledger and logged: UTC, RFC 3339, milliseconds.
//! Text, because auditors read the ledger with the sqlite3 shell. A leaf, so
//! that logging can stamp a line without reaching into the ledger.

use chrono::{DateTime, SecondsFormat, Utc};
use std::time::{Duration, SystemTime};

/// The ledger's text form of an instant.
pub fn to_text(t: SystemTime) -> String {
    DateTime::<Utc>::from(t).to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Now, in the ledger's text form.
pub fn now_text() -> String {
    to_text(SystemTime::now())
}

/// Reads a stored instant back; `None` for anything else, which callers
/// treat as "long ago" or "unknown" explicitly.
pub fn from_text(s: &str) -> Option<SystemTime> {
    let dt = DateTime::parse_from_rfc3339(s).ok()?;
    let ms = dt.timestamp_millis();
    let ms = u64::try_from(ms).ok()?;
    SystemTime::UNIX_EPOCH.checked_add(Duration::from_millis(ms))
}

/// THE reading of a duration written in a flag, an environment variable or
/// `payrun.toml` (`30s`, `5m`, `1h 30m`). humantime reads a capital `M` as
/// months and a small `m` as minutes, so `--wait 5M` meant five months of
/// polling and `grace = "10M"` ten months: a unit of one capital `M` is
/// refused, naming both readings. `month`/`months` spelt out stay.
pub fn duration(s: &str) -> Result<Duration, String> {
    let t = s.trim();
    let units = t.split(|c: char| !c.is_ascii_alphabetic());
    if units.into_iter().any(|u| u == "M") {
        return Err(format!(
            "{t:?}: `M` is ambiguous (payrun's durations would read it as months, and `m` \
             is minutes); write 5m for five minutes, or 150d or 5months for months"
        ));
    }
    humantime::parse_duration(t)
        .map_err(|e| format!("not a duration ({e}); write e.g. 30s, 2m or 1h"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_to_the_millisecond() {
        let t = SystemTime::UNIX_EPOCH + Duration::from_millis(1_790_000_000_123);
        let s = to_text(t);
        assert_eq!(s, "2026-09-21T14:13:20.123Z");
        assert_eq!(from_text(&s), Some(t));
        assert_eq!(from_text("yesterday"), None);
    }

    #[test]
    fn a_capital_m_is_refused_and_says_which_to_write() {
        for ambiguous in ["5M", "1h 30M", "2 M", "10M5s"] {
            let e = duration(ambiguous).expect_err(ambiguous);
            assert!(e.contains("5m") && e.contains("months"), "{ambiguous}: {e}");
        }
        assert_eq!(duration("5m"), Ok(Duration::from_secs(300)));
        assert_eq!(duration(" 1h 30m "), Ok(Duration::from_secs(5400)));
        assert_eq!(duration("2months").map(|d| d.as_secs() / 86_400), Ok(60));
        assert!(duration("ten minutes").is_err());
    }
}
