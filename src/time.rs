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
}
