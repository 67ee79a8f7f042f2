//! `approval_max_age`: how old an approval may be and still let a batch be
//! sent. An approval is as old as the older of its two times: when the
//! ledger recorded it, and the date its statement was written on (signed
//! with it, so an edited ledger row cannot make it younger). A time later
//! than now by more than [`TOLERANCE`] refuses it too: either a clock was
//! moved back since (and now is not to be believed), or the record was
//! moved forward to make it count for longer.
//!
//! Its age is measured to [`super::Context::at`]: `submit` and `approve`
//! pass the later of the system clock and the newest time the ledger has
//! seen (`Ledger::latest_time`), so a clock set back does not make an old
//! approval young. Whether it is dated in the future is judged by the
//! system clock alone ([`super::Context::clock`]): an approval given under a
//! clock set forward moved the ledger's newest time forward with it.

use super::Context;
use crate::approval::statement::Header;
use crate::ledger::approvals::Approval;
use chrono::{DateTime, NaiveDateTime, Utc};
use std::time::Duration;

/// How far a clock may lag another without a refusal: the statement's date
/// is written to the minute, and two machines' clocks differ a little.
pub(super) const TOLERANCE: Duration = Duration::from_secs(5 * 60);

/// Why `a` is too old (or too young) to count now; `None` when it is within
/// the limit or no limit applies.
pub(super) fn stale(a: &Approval, ctx: &Context<'_>) -> Option<String> {
    let limit = ctx.policy.max_age?;
    let mut times: Vec<(DateTime<Utc>, &str)> = Vec::with_capacity(2);
    match crate::time::from_text(&a.approved_at) {
        Some(t) => times.push((t.into(), "recorded")),
        None => {
            return Some(format!(
                "its recorded time {:?} is not a time payrun can read, so its age is unknown \
                 (approval_max_age)",
                a.approved_at
            ));
        }
    }
    if let Some(statement) = &a.statement {
        match statement_date(statement) {
            Some(t) => times.push((t, "its statement is dated")),
            None => {
                return Some(
                    "its statement has no date payrun can read, so its age is unknown \
                     (approval_max_age): write a new statement and sign it"
                        .into(),
                );
            }
        }
    }
    let tolerance = chrono::Duration::from_std(TOLERANCE).unwrap_or_default();
    let now = ctx.clock.min(ctx.at);
    if let Some((t, what)) = times.iter().find(|(t, _)| *t > now + tolerance) {
        return Some(format!(
            "{what} {}, later than now ({}): a clock is wrong (set back since, or ahead when \
             it was given). Fix the clock and approve again",
            words(*t),
            words(now)
        ));
    }
    let (oldest, what) = times.iter().min_by_key(|(t, _)| *t)?;
    let age = ctx
        .at
        .signed_duration_since(*oldest)
        .to_std()
        .unwrap_or_default();
    (age > limit).then(|| {
        format!(
            "{what} {}, {} ago: older than approval_max_age ({}). Approve the batch again \
             (a new statement, signed again)",
            words(*oldest),
            rounded(age),
            humantime::format_duration(limit)
        )
    })
}

/// The `date:` line of a statement, `2026-12-04 10:15 UTC`.
fn statement_date(statement: &str) -> Option<DateTime<Utc>> {
    let header = Header::parse(statement).ok()?;
    let text = header.get("date")?;
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M UTC")
        .ok()
        .map(|t| t.and_utc())
}

fn words(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// An age as people say it: `340 days 15 h`, `3 h 12 min`.
fn rounded(age: Duration) -> String {
    let s = age.as_secs();
    let (days, hours, minutes) = (s / 86_400, s % 86_400 / 3_600, s % 3_600 / 60);
    match days {
        0 => format!("{hours} h {minutes} min"),
        1 => format!("1 day {hours} h"),
        d => format!("{d} days {hours} h"),
    }
}
