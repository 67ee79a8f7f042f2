//! A gateway's `Retry-After` header: how long it asked payrun to wait before
//! the next request (RFC 9110 §10.2.3), on a 429, a 503, or a "too many
//! requests" refusal.
//!
//! Both forms are read: delay-seconds (`120`) and an HTTP-date (`Wed, 21 Oct
//! 2026 07:28:00 GMT`, parsed by `httpdate`, with the two obsolete forms RFC
//! 9110 requires a reader to accept). A wait longer than [`MAX_WAIT`] is
//! held for [`MAX_WAIT`]: an unattended run neither sleeps for an hour nor
//! hammers the gateway; a payout still throttled after that is left for the
//! next run by [`crate::policy`]. A value that is neither form is ignored, as
//! the RFC says, and payrun's own backoff applies.

use std::time::{Duration, SystemTime};

/// The longest wait payrun honours from one answer.
pub const MAX_WAIT: Duration = Duration::from_secs(120);

/// The wait the header asks for at `now`, at most [`MAX_WAIT`]; `None` for
/// no wait (absent, unreadable, zero, or a date already past).
pub fn wait_asked(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    let wait = if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Digits past u64 are a very long wait, not an unreadable one.
        Duration::from_secs(
            value
                .parse::<u64>()
                .unwrap_or(u64::MAX)
                .min(MAX_WAIT.as_secs()),
        )
    } else {
        let at = httpdate::parse_http_date(value).ok()?;
        at.duration_since(now).ok()?
    };
    Some(wait.min(MAX_WAIT)).filter(|w| !w.is_zero())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::UNIX_EPOCH;

    #[test]
    fn seconds_and_dates_are_read_and_capped() {
        // 2026-10-21 07:28:00 UTC.
        let now = UNIX_EPOCH + Duration::from_secs(1_792_567_680);
        let secs = |n| Some(Duration::from_secs(n));
        assert_eq!(wait_asked("2", now), secs(2));
        assert_eq!(wait_asked(" 30 ", now), secs(30));
        assert_eq!(wait_asked("3600", now), Some(MAX_WAIT));
        assert_eq!(wait_asked("99999999999999999999999", now), Some(MAX_WAIT));
        assert_eq!(wait_asked("Wed, 21 Oct 2026 07:28:45 GMT", now), secs(45));
        // RFC 850 and asctime forms, which a reader must accept.
        assert_eq!(
            wait_asked("Wednesday, 21-Oct-26 07:28:10 GMT", now),
            secs(10)
        );
        assert_eq!(wait_asked("Wed Oct 21 07:28:20 2026", now), secs(20));
        assert_eq!(
            wait_asked("Thu, 22 Oct 2026 07:28:00 GMT", now),
            Some(MAX_WAIT)
        );
    }

    #[test]
    fn nothing_to_wait_for_is_none() {
        let now = UNIX_EPOCH + Duration::from_secs(1_792_567_680);
        for v in [
            "",
            "0",
            "-5",
            "1.5",
            "soon",
            "Wed, 21 Oct 2026 07:27:00 GMT",
            "2s",
        ] {
            assert_eq!(wait_asked(v, now), None, "{v:?}");
        }
    }
}
