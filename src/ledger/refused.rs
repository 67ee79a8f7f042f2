//! The budget for evidence of refused callbacks (the issue-13 disk fill:
//! four clients posting 256 KiB junk grew a ledger by 4 GB in 20 s).
//!
//! A refused callback (its sign did not verify, or its body was over the
//! limit) is anyone's bytes. An auditor needs to know that it came, from
//! whom, how large it was, what it hashed to, how it began and why it was
//! refused, not the bytes themselves. So its event row keeps the first
//! [`EVIDENCE_HEAD`] bytes of the body with the whole body's size and
//! SHA-256, and such rows are kept only within a budget per minute and in
//! total. Past it, a refusal is counted in `refused_evidence` (per hour and
//! in total) and not stored. Verified callbacks never touch this budget: they
//! are kept whole.

use super::LedgerError;
use super::callbacks::CallbackEvent;
use crate::ledger::sql;
#[cfg(test)]
use rusqlite::OptionalExtension;
use rusqlite::{Connection, params};

/// Bytes of a refused body kept in its event's `raw_body`.
pub const EVIDENCE_HEAD: usize = 1024;
/// Refused callbacks kept per minute.
pub const MINUTE_ROWS: usize = 60;
/// Bytes of refused evidence kept per minute (rows cost more than their body).
pub const MINUTE_BYTES: u64 = 128 * 1024;
/// Refused callbacks kept in a ledger's life.
pub const TOTAL_ROWS: u64 = 50_000;
/// Bytes of refused evidence kept in a ledger's life.
pub const TOTAL_BYTES: u64 = 64 * 1024 * 1024;
/// What a kept row costs beyond its text: the row, its index entries, its
/// numbers and timestamps.
const ROW_COST: u64 = 256;

/// Which budget a refusal did not fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spent {
    /// This minute's; the next minute has its own.
    Minute,
    /// The ledger's; nothing more is kept until an operator makes room.
    Total,
}

/// The first [`EVIDENCE_HEAD`] bytes of `raw`, cut at a character boundary.
pub fn head(raw: &str) -> &str {
    cut(raw, EVIDENCE_HEAD)
}

/// Longest a refused callback's tradeNo, status or reason is kept (a real
/// tradeNo is at most 32 characters).
pub const SHORT_FIELD: usize = 200;

/// `value` cut to [`SHORT_FIELD`] bytes at a character boundary.
pub fn short(value: &str) -> &str {
    cut(value, SHORT_FIELD)
}

fn cut(value: &str, max: usize) -> &str {
    if value.len() <= max {
        return value;
    }
    let mut end = max;
    while !value.is_char_boundary(end) {
        end -= 1;
    }
    value.get(..end).unwrap_or_default()
}

/// What keeping a row of `stored_text` bytes costs against the budget.
pub fn cost(stored_text: usize) -> u64 {
    stored_text as u64 + ROW_COST
}

/// The keys of `now` (ledger time text): its UTC minute and hour.
pub fn minute_of(now: &str) -> &str {
    now.get(..16).unwrap_or(now)
}

fn hour_of(now: &str) -> &str {
    now.get(..13).unwrap_or(now)
}

/// Takes `cost` from the budget, or counts a drop of a body of `body_bytes`;
/// inside the caller's (IMMEDIATE) transaction, so that two listeners on one
/// ledger share one budget. `Ok(None)`: keep the row.
pub(super) fn take(
    tx: &Connection,
    cost: u64,
    body_bytes: u64,
    now: &str,
) -> rusqlite::Result<Option<Spent>> {
    let (minute, hour) = (minute_of(now), hour_of(now));
    counters(tx, hour)?;
    let (rows, bytes, at, m_rows, m_bytes): (u64, u64, Option<String>, u64, u64) = tx.query_row(
        "SELECT kept_rows, kept_bytes, minute, minute_rows, minute_bytes
         FROM refused_evidence WHERE period = 'total'",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
    )?;
    let (m_rows, m_bytes) = if at.as_deref() == Some(minute) {
        (m_rows, m_bytes)
    } else {
        (0, 0)
    };
    let spent = if rows >= TOTAL_ROWS || bytes.saturating_add(cost) > TOTAL_BYTES {
        Some(Spent::Total)
    } else if m_rows >= MINUTE_ROWS as u64 || m_bytes.saturating_add(cost) > MINUTE_BYTES {
        Some(Spent::Minute)
    } else {
        None
    };
    if spent.is_some() {
        count_dropped(tx, 1, body_bytes, now, now)?;
        return Ok(spent);
    }
    tx.execute(
        "UPDATE refused_evidence SET kept_rows = kept_rows + 1, kept_bytes = kept_bytes + ?1
         WHERE period IN ('total', ?2)",
        params![cost, hour],
    )?;
    tx.execute(
        "UPDATE refused_evidence SET minute = ?1, minute_rows = ?2, minute_bytes = ?3
         WHERE period = 'total'",
        params![minute, m_rows + 1, m_bytes.saturating_add(cost)],
    )?;
    Ok(None)
}

/// Makes sure the two counter rows a refusal counts in exist: `total`,
/// and the hour's.
fn counters(tx: &Connection, hour: &str) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT OR IGNORE INTO refused_evidence (period) VALUES ('total'), (?1)",
        [hour],
    )?;
    Ok(())
}

/// Adds `rows` refusals of `bytes` body bytes in all, received from
/// `first` to `last`, to the dropped counts of `total` and of `last`'s hour.
pub(super) fn count_dropped(
    tx: &Connection,
    rows: u64,
    bytes: u64,
    first: &str,
    last: &str,
) -> rusqlite::Result<()> {
    let hour = hour_of(last);
    counters(tx, hour)?;
    tx.execute(
        "UPDATE refused_evidence
         SET dropped_rows = dropped_rows + ?1, dropped_bytes = dropped_bytes + ?2,
             first_dropped_at = COALESCE(first_dropped_at, ?3), last_dropped_at = ?4
         WHERE period IN ('total', ?5)",
        params![rows, bytes, first, last, hour],
    )?;
    Ok(())
}

#[cfg(test)]
/// What `refused_evidence` says in total: (kept rows, dropped rows).
pub fn totals(conn: &Connection) -> rusqlite::Result<(u64, u64)> {
    Ok(conn
        .query_row(
            "SELECT kept_rows, dropped_rows FROM refused_evidence WHERE period = 'total'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .unwrap_or((0, 0)))
}

/// What an event row stores of a callback: all of a verified one; of a
/// refused one (anyone's bytes), only its evidence.
pub(super) struct Stored<'a> {
    pub raw_body: &'a str,
    pub trade_no: Option<&'a str>,
    pub status: Option<&'a str>,
    pub applied: String,
}

impl<'a> Stored<'a> {
    pub fn of(ev: &'a CallbackEvent, applied: String) -> Stored<'a> {
        if ev.verified {
            return Stored {
                raw_body: &ev.raw_body,
                trade_no: ev.trade_no.as_deref(),
                status: ev.status.as_deref(),
                applied,
            };
        }
        Stored {
            raw_body: head(&ev.raw_body),
            trade_no: ev.trade_no.as_deref().map(short),
            status: ev.status.as_deref().map(short),
            applied: short(&applied).to_string(),
        }
    }

    fn len(&self) -> usize {
        self.raw_body.len()
            + self.trade_no.map_or(0, str::len)
            + self.status.map_or(0, str::len)
            + self.applied.len()
    }
}

/// Takes a refused callback's row from the evidence budget; `Some` when it
/// did not fit (and was counted as dropped).
pub(super) fn take_budget(
    tx: &Connection,
    ev: &CallbackEvent,
    stored: &Stored<'_>,
    now: &str,
) -> Result<Option<Spent>, LedgerError> {
    let a = &ev.arrival;
    let text = stored.len() + a.peer.as_deref().map_or(0, str::len) + 64;
    let body_bytes = a.body_bytes.unwrap_or(ev.raw_body.len() as u64);
    take(tx, cost(text), body_bytes, now).map_err(LedgerError::sql("counting refused evidence"))
}

impl super::Ledger {
    /// Counts refusals a listener dropped without asking the ledger (it
    /// already knew the budget was spent): `rows` refusals of `bytes` body
    /// bytes, received from `first` to `last` (ledger time text).
    pub fn count_dropped_refusals(
        &mut self,
        rows: u64,
        bytes: u64,
        first: &str,
        last: &str,
    ) -> Result<(), LedgerError> {
        let e = || LedgerError::sql("counting dropped refusals");
        let tx = sql::write_tx(&mut self.conn).map_err(e())?;
        count_dropped(&tx, rows, bytes, first, last).map_err(e())?;
        tx.commit().map_err(e())
    }
}

#[cfg(test)]
mod tests;
