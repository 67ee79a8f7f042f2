//! Read-only queries for the report, `status` and `reconcile`: everything a
//! batch's reconciliation report shows, straight from the tables.
//!
//! The sheet side of the control equation ([`Ledger::sheet_count`]) is its own
//! SQL aggregate, deliberately not derived from [`Ledger::payout_details`], so
//! that a row lost between the two shows up as a difference. The same SQL is
//! printed in `docs/auditors.md` for auditors to run themselves.

use super::PayoutRow;
use super::read::{PAYOUT_ROW_COLUMNS, payout_row};
use super::record::{get, opt_count, opt_row_no, poisha, record, row_no};
use super::sql::count;
use super::state::State;
use super::store::{BATCH_COLUMNS, Batch, batch_row, provider_col, state_col};
use super::unread::{Unread, unread_col, unread_sql};
use super::{Ledger, LedgerError};
use crate::ledger::sql;
use crate::money::Amount;
use crate::wallet::Provider;
use rusqlite::params;

record! {
    /// A payout with everything the report shows about it.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct PayoutDetail {
        pub id: i64,
        pub trade_no: String,
        pub row_no: Option<usize> = opt_row_no,
        pub reference: Option<String>,
        pub name: Option<String>,
        pub wallet: String,
        pub provider: Provider = provider_col,
        pub amount: Amount = poisha("amount_poisha"),
        pub state: State = state_col,
        pub platform_trade_no: Option<String>,
        pub status_code: Option<String>,
        pub status_desc: Option<String>,
        /// One that does not fit a `u32` is an error, as for [`PayoutRow`].
        pub attempts: u32,
        pub first_sent_at: Option<String>,
        pub updated_at: String,
        pub success_time: Option<String>,
        pub conflict: bool,
        pub conflict_detail: Option<String>,
        /// For a payout in conflict: when the gateway last contradicted the
        /// ledger (its latest `conflict:` event), for the person who looks.
        pub conflict_at: Option<String> = get(
            "CASE WHEN conflict = 1 THEN (SELECT MAX(e.received_at) FROM events e
              WHERE e.payout_id = payouts.id AND e.applied LIKE 'conflict:%') END"
        ),
        /// For a payout still open: the answer payrun refused to read, when
        /// its latest attempt heard one (asking again cannot settle it).
        pub unread: Option<Unread> = unread_col(unread_sql!()),
    }
    select pub(super) const DETAIL_COLUMNS;
    decode pub(super) fn detail_row;
}

record! {
    /// One invocation of payrun against a batch, for the report's provenance.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct RunRecord {
        pub id: i64,
        pub command: String,
        pub started_at: String,
        pub ended_at: Option<String>,
        pub input_file: Option<String>,
        pub input_sha256: Option<String>,
        pub payouts_digest: Option<String>,
        pub rows_in_sheet: Option<u64> = opt_count,
        pub exit_code: Option<i32>,
        /// The process that ran it, to tell it from the lock's holder.
        pub pid: i64,
    }
    select const RUN_COLUMNS;
    decode fn run_row;
}

record! {
    /// A row never sent (invalid in the sheet, or refused by the batch's
    /// history): one type for what the run that read it records and what
    /// the report reads back, so the two cannot drift apart.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct InvalidRecord {
        pub row_no: usize = row_no,
        /// `invalid` (validation) or `refused` (history).
        pub kind: String,
        pub reference: Option<String>,
        pub name: Option<String>,
        /// The wallet, provider and amount cells as written. Always written;
        /// the columns allow NULL, which a report reads as "not written".
        pub wallet_raw: Option<String>,
        pub provider_raw: Option<String>,
        pub amount_raw: Option<String>,
        pub issues: String,
    }
    select const INVALID_COLUMNS;
    decode fn invalid_row;
}

/// The sheet side of the control equation, counted by SQLite.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SheetCount {
    pub rows: u64,
    pub amount: Amount,
}

/// The latest run of a batch that read a sheet: its invalid rows are the
/// ones the report lists (earlier uploads' invalid rows were corrected or
/// dropped since).
/// Which payouts are rows of the report (and of the control equation): all
/// but superseded revisions, which moved no money, unless the gateway later
/// contradicted that (`conflict`).
const REPORTED: &str = "(state <> 'superseded' OR conflict = 1)";

const LATEST_SHEET_RUN: &str = "(SELECT MAX(id) FROM runs
      WHERE batch_id = ?1 AND input_sha256 IS NOT NULL AND dry_run = 0)";

/// SQL over `payouts p`: its final status came from a verified callback and
/// no query has confirmed it (a query answer other than processing). Such a
/// payout is asked about once by `reconcile`, and never retried as failed.
pub(super) const CALLBACK_ONLY: &str = "EXISTS (SELECT 1 FROM events e WHERE e.payout_id = p.id
               AND e.source = 'callback' AND e.verified = 1)
     AND NOT EXISTS (SELECT 1 FROM events e WHERE e.payout_id = p.id
               AND e.source = 'query' AND e.status IS NOT NULL AND e.status <> '0015')";

/// The payout with this tradeNo, read on `conn`: the callback path reads it
/// inside its own IMMEDIATE transaction, so this cannot be a `Ledger` method.
pub(super) fn detail_by_trade_no(
    conn: &rusqlite::Connection,
    trade_no: &str,
) -> rusqlite::Result<Option<PayoutDetail>> {
    use rusqlite::OptionalExtension;
    let sql = format!("SELECT {DETAIL_COLUMNS} FROM payouts WHERE trade_no = ?1");
    conn.query_row(&sql, [trade_no], detail_row).optional()
}

/// The one payout whose tradeNo is `trade_no` in another letter case: a
/// gateway that keeps order numbers in capitals echoes them so. No two
/// tradeNos payrun makes differ only in case; should a ledger hold two that
/// do, the echo names neither. A scan (the index is case-sensitive): only
/// for a signed callback [`detail_by_trade_no`] did not find.
pub(super) fn detail_in_any_case(
    conn: &rusqlite::Connection,
    trade_no: &str,
) -> rusqlite::Result<Option<PayoutDetail>> {
    let sql =
        format!("SELECT {DETAIL_COLUMNS} FROM payouts WHERE trade_no = ?1 COLLATE NOCASE LIMIT 2");
    let mut stmt = conn.prepare(&sql)?;
    let mut found = stmt
        .query_map([trade_no], detail_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(if found.len() == 1 { found.pop() } else { None })
}

impl Ledger {
    /// Every batch, oldest first, for `payrun status` without `--batch`.
    pub fn batches(&self) -> Result<Vec<Batch>, LedgerError> {
        let e = || LedgerError::sql("listing batches");
        sql::all(
            &self.conn,
            &format!("SELECT {BATCH_COLUMNS} FROM batches ORDER BY id"),
            [],
            batch_row,
        )
        .map_err(e())
    }

    /// The batch's payouts as the report lists them: superseded revisions
    /// (replaced by a corrected upload, no money moved) left out, unless the
    /// gateway later reported one paid (`conflict`): then money did move on
    /// it, and a person must see it.
    pub fn payout_details(&self, batch_id: i64) -> Result<Vec<PayoutDetail>, LedgerError> {
        let e = || LedgerError::sql("reading the batch's payouts for the report");
        let sql = format!(
            "SELECT {DETAIL_COLUMNS} FROM payouts WHERE batch_id = ?1 AND {REPORTED}
             ORDER BY row_no IS NULL, row_no, id"
        );
        sql::all(&self.conn, &sql, [batch_id], detail_row).map_err(e())
    }

    /// Every run of the batch, oldest first.
    pub fn runs(&self, batch_id: i64) -> Result<Vec<RunRecord>, LedgerError> {
        let e = || LedgerError::sql("reading the batch's runs");
        let sql = format!(
            "SELECT {RUN_COLUMNS} FROM runs WHERE batch_id = ?1 AND dry_run = 0 ORDER BY id"
        );
        sql::all(&self.conn, &sql, [batch_id], run_row).map_err(e())
    }

    /// The invalid and refused rows of the batch's latest upload.
    pub fn latest_invalid(&self, batch_id: i64) -> Result<Vec<InvalidRecord>, LedgerError> {
        let e = || LedgerError::sql("reading the batch's invalid rows");
        let sql = format!(
            "SELECT {INVALID_COLUMNS} FROM invalid_rows WHERE batch_id = ?1 AND run_id = {LATEST_SHEET_RUN}
             ORDER BY row_no, id"
        );
        sql::all(&self.conn, &sql, [batch_id], invalid_row).map_err(e())
    }

    /// The control equation's sheet side: non-superseded payouts plus the
    /// latest upload's invalid rows, and the payouts' poisha (invalid rows
    /// count 0 taka). Summed by SQLite, exactly as `docs/auditors.md` shows.
    pub fn sheet_count(&self, batch_id: i64) -> Result<SheetCount, LedgerError> {
        let sql = format!(
            "SELECT (SELECT COUNT(*) FROM payouts WHERE batch_id = ?1 AND {REPORTED})
                  + (SELECT COUNT(*) FROM invalid_rows WHERE batch_id = ?1 AND run_id = {LATEST_SHEET_RUN}),
                    (SELECT COALESCE(SUM(amount_poisha), 0) FROM payouts
                      WHERE batch_id = ?1 AND {REPORTED})"
        );
        let (rows, poisha): (i64, i64) = self
            .conn
            .query_row(&sql, [batch_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(LedgerError::sql("counting the batch's rows"))?;
        Ok(SheetCount {
            rows: count(rows),
            amount: Amount::from_poisha(poisha),
        })
    }

    /// The labels of batches with payouts sent and not final yet
    /// (processing, unknown, or `sending` left by a crash), at most
    /// `limit`: what `reconcile --all-open` asks about. The batch
    /// reconciled longest ago comes first (one never reconciled before any,
    /// then the oldest batch): batches that never settle (a payout left
    /// unknown for a person) would otherwise take every run's places, and
    /// the batches after them would never be asked about.
    pub fn batches_open(&self, limit: usize) -> Result<Vec<String>, LedgerError> {
        let both = self.batches_to_follow(limit, None)?;
        Ok(both.into_iter().map(|(label, _)| label).collect())
    }

    /// [`Ledger::batches_open`], and with `recheck` (`reconcile --all-open
    /// --recheck-final`) the batches with a payout paid or failed at or
    /// after the instant it holds (`None` in it: any), in one order: a
    /// batch left final for good would otherwise never be asked about
    /// again. Each label comes with whether the batch has a payout open.
    pub fn batches_to_follow(
        &self,
        limit: usize,
        recheck: Option<Option<&str>>,
    ) -> Result<Vec<(String, bool)>, LedgerError> {
        let e = || LedgerError::sql("listing batches with open payouts");
        const OPEN: &str = "EXISTS (SELECT 1 FROM payouts p WHERE p.batch_id = b.id
                              AND p.state IN ('processing', 'unknown', 'sending'))";
        sql::all(
            &self.conn,
            &format!(
                "SELECT b.label, {OPEN} FROM batches b
                  WHERE {OPEN}
                     OR (?2 AND EXISTS (SELECT 1 FROM payouts p WHERE p.batch_id = b.id
                                          AND p.state IN ('paid', 'failed')
                                          AND (?3 IS NULL OR p.updated_at >= ?3)))
                  ORDER BY (SELECT MAX(r.id) FROM runs r
                             WHERE r.batch_id = b.id AND r.command = 'reconcile') NULLS FIRST,
                           b.id
                  LIMIT ?1"
            ),
            params![
                i64::try_from(limit).unwrap_or(i64::MAX),
                recheck.is_some(),
                recheck.flatten()
            ],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .map_err(e())
    }

    /// Signed callbacks about a tradeNo no payout of this ledger has (kept,
    /// answered 404): another ledger's orders, or orders a lost ledger
    /// sent. How many, and when the latest came.
    pub fn callbacks_for_no_payout(&self) -> Result<(u64, Option<String>), LedgerError> {
        self.conn
            .query_row(
                "SELECT COUNT(*), MAX(received_at) FROM events
                  WHERE payout_id IS NULL AND source = 'callback' AND verified = 1",
                [],
                |r| Ok((r.get::<_, i64>(0)?.max(0) as u64, r.get(1)?)),
            )
            .map_err(LedgerError::sql("counting callbacks for no payout"))
    }

    /// Paid or failed payouts whose final status came only from a callback,
    /// never from a query. `reconcile` asks about each once, so that a
    /// callback the query contradicts is flagged `conflict` whichever of the
    /// two came first.
    pub fn unconfirmed_finals(&self, batch_id: i64) -> Result<Vec<PayoutRow>, LedgerError> {
        let e = || LedgerError::sql("reading payouts settled by callback");
        let sql = format!(
            "SELECT {PAYOUT_ROW_COLUMNS}
             FROM payouts p
             WHERE batch_id = ?1 AND state IN ('paid', 'failed') AND conflict = 0
               AND {CALLBACK_ONLY}
             ORDER BY id"
        );
        sql::all(&self.conn, &sql, [batch_id], payout_row).map_err(e())
    }
    /// Paid and failed payouts of the batch to ask the gateway about again
    /// (`reconcile --recheck-final`), whose final status was recorded at or
    /// after `since` (every one when `None`), the latest first, at most
    /// `max`; and how many there are in all. A payout stays final whatever
    /// the answer: only a conflict flag can follow.
    pub fn finals_to_recheck(
        &self,
        batch_id: i64,
        since: Option<&str>,
        max: usize,
    ) -> Result<(Vec<PayoutRow>, usize), LedgerError> {
        let e = || LedgerError::sql("reading final payouts to ask about again");
        let filter =
            "batch_id = ?1 AND state IN ('paid', 'failed') AND (?2 IS NULL OR updated_at >= ?2)";
        let all: i64 = sql::one(
            &self.conn,
            &format!("SELECT COUNT(*) FROM payouts p WHERE {filter}"),
            params![batch_id, since],
        )
        .map_err(e())?;
        let sql = format!(
            "SELECT {PAYOUT_ROW_COLUMNS} FROM payouts p WHERE {filter}
             ORDER BY updated_at DESC, id DESC LIMIT ?3"
        );
        let limit = i64::try_from(max).unwrap_or(i64::MAX);
        let rows = sql::all(
            &self.conn,
            &sql,
            params![batch_id, since, limit],
            payout_row,
        )
        .map_err(e())?;
        Ok((rows, count(all) as usize))
    }

    /// The conflict reasons of the batch's flagged payouts, by id: what a
    /// recheck compares to tell a new disagreement from one already known.
    pub fn conflict_details(
        &self,
        batch_id: i64,
    ) -> Result<std::collections::HashMap<i64, String>, LedgerError> {
        let e = || LedgerError::sql("reading the batch's conflicts");
        sql::all(
            &self.conn,
            "SELECT id, COALESCE(conflict_detail, '') FROM payouts WHERE batch_id = ?1 AND conflict = 1",
            [batch_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .map_err(e())
    }
}
