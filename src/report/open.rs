//! Payouts sent and not final yet (processing, unknown): `status --batch`
//! and `reconcile` list each with its age since it was first sent, and the
//! oldest's age goes to the `finished` event, so that one a gateway never
//! settles is seen by a person and by monitoring (operations.md, "What to
//! monitor": processing older than a day) instead of dropping out of sight.

use super::{ReportData, ReportRow, RowStatus};
use std::fmt::Write;
use std::time::{Duration, SystemTime};

/// Whether the row was sent and has no final answer yet: by its status, or
/// a conflict row whose payout the ledger still holds open.
pub fn is_open(r: &ReportRow) -> bool {
    r.awaiting_final || matches!(r.status, RowStatus::Processing | RowStatus::Unknown)
}

/// How long ago the row was first sent, as of `now`; `None` if the ledger
/// holds no readable send time.
fn age(r: &ReportRow, now: SystemTime) -> Option<Duration> {
    let sent = crate::time::from_text(r.first_sent_at.as_deref()?)?;
    Some(now.duration_since(sent).unwrap_or_default())
}

/// How long a payout may stay open before `payrun status` calls its batch
/// for a person (operations.md, "What to monitor": processing older than a
/// day, ask the provider).
pub const TOO_LONG: Duration = Duration::from_secs(86_400);

/// The age of the oldest open payout, if it is open longer than
/// [`TOO_LONG`].
pub fn open_too_long(data: &ReportData, now: SystemTime) -> Option<Duration> {
    oldest_open(data, now).filter(|d| *d > TOO_LONG)
}

/// The age of the oldest open payout, to the second; `None` when none is open.
pub fn oldest_open(data: &ReportData, now: SystemTime) -> Option<Duration> {
    data.rows
        .iter()
        .filter(|r| is_open(r))
        .filter_map(|r| age(r, now))
        .max()
        .map(|d| Duration::from_secs(d.as_secs()))
}

/// The open rows (row, reference, tradeNo, state, amount, age since sent),
/// then the oldest's age and what to do; empty when none is open.
pub fn section(data: &ReportData, now: SystemTime) -> String {
    let open: Vec<&ReportRow> = data.rows.iter().filter(|r| is_open(r)).collect();
    if open.is_empty() {
        return String::new();
    }
    let mut out = String::from("\nOpen payouts (sent, no final answer yet):\n");
    for r in &open {
        let sent = match age(r, now) {
            Some(a) => format!("sent {} ago", shown(a)),
            None => "send time not recorded".to_string(),
        };
        let _ = writeln!(out, "{}  {sent}", super::text::listed(r, true));
        if let Some(words) = &r.unread {
            let _ = writeln!(out, "             unread: {words}");
        }
    }
    if let Some(oldest) = oldest_open(data, now) {
        let _ = writeln!(
            out,
            "  oldest open payout: sent {} ago. payrun reconcile (--batch {}, or --all-open){} \
             asks the gateway again; one open for more than a day: ask the provider.",
            shown(oldest),
            crate::text::shell_word(&data.summary.batch),
            crate::config::selection::flags(),
        );
    }
    out
}

/// An age in whole minutes (seconds under one), as people read it.
fn shown(d: Duration) -> String {
    let secs = d.as_secs();
    let rounded = if secs < 60 { secs } else { secs - secs % 60 };
    humantime::format_duration(Duration::from_secs(rounded)).to_string()
}
