//! Withdrawing a statement imported by mistake (another merchant's export,
//! the wrong month, a file edited before import): recorded with who and
//! why, the statement and its lines kept for the audit trail, and its
//! matches undone.
//!
//! "Undone" means: no match weighs its lines again (`statements_matched`
//! leaves it out), `status` no longer names it as a batch's last match,
//! and each batch it was matched against loses its payouts' statement
//! classes, which `payrun statement withdraw` then recomputes from the
//! statements that remain. What it does **not** undo is a flag it raised:
//! a payout flagged `conflict` (a reversal, a debit the ledger says never
//! happened) stays flagged, because clearing the flag would let payrun send
//! a payout that may have moved money; a person checks it and records that
//! with `payrun conflict resolve`. The same file imported again is refused:
//! it was withdrawn.

use super::super::sql;
use super::{Ledger, LedgerError, StoredStatement};
use crate::time::now_text;
use rusqlite::{OptionalExtension, params};

/// A withdrawal, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Withdrawal {
    pub statement_id: i64,
    pub file_sha256: String,
    pub withdrawn_by: String,
    pub withdrawn_at: String,
    pub reason: String,
    /// The batches it had been matched against, by id and label.
    pub batches: Vec<(i64, String)>,
    /// Payouts it flagged `conflict` (tradeNo), which stay flagged.
    pub flagged: Vec<String>,
}

impl Ledger {
    /// SQL that leaves withdrawn statements out, on column `col`: empty on
    /// a ledger too old to have withdrawals.
    pub(super) fn not_withdrawn(&self, col: &str) -> Result<String, LedgerError> {
        let has = sql::has_table(&self.conn, "statement_withdrawals")
            .map_err(LedgerError::sql("looking for statement withdrawals"))?;
        Ok(match has {
            true => format!("AND {col} NOT IN (SELECT statement_id FROM statement_withdrawals)"),
            false => String::new(),
        })
    }

    /// The withdrawal of statement `id`, if it was withdrawn.
    pub fn withdrawal(&self, id: i64) -> Result<Option<(String, String, String)>, LedgerError> {
        if self.not_withdrawn("x")?.is_empty() {
            return Ok(None);
        }
        self.conn
            .query_row(
                "SELECT withdrawn_by, withdrawn_at, reason FROM statement_withdrawals
                  WHERE statement_id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()
            .map_err(LedgerError::sql("reading a statement withdrawal"))
    }

    /// Every statement imported, oldest first, with the labels of the
    /// batches it was matched against.
    pub fn all_statements(&self) -> Result<Vec<(StoredStatement, Vec<String>)>, LedgerError> {
        let ids: Vec<i64> = sql::all(
            &self.conn,
            "SELECT id FROM statements ORDER BY id",
            [],
            |r| r.get(0),
        )
        .map_err(LedgerError::sql("listing statements"))?;
        let mut out = Vec::new();
        for s in self.statements(&ids)? {
            let labels = sql::all(
                &self.conn,
                "SELECT b.label FROM statement_matches m JOIN batches b ON b.id = m.batch_id
                  WHERE m.statement_id = ?1 ORDER BY b.id",
                [s.id],
                |r| r.get(0),
            )
            .map_err(LedgerError::sql("listing statements"))?;
            out.push((s, labels));
        }
        Ok(out)
    }

    /// Withdraws statement `id` in one transaction: records who and why,
    /// and drops the statement classes of every batch it was matched
    /// against (the caller matches them again without it). Touches no
    /// payout. `None` when it was withdrawn already.
    pub fn withdraw_statement(
        &mut self,
        id: i64,
        by: &str,
        reason: &str,
    ) -> Result<Option<Withdrawal>, LedgerError> {
        let e = || LedgerError::sql("withdrawing the statement");
        let tx = sql::write_tx(&mut self.conn).map_err(e())?;
        let batches: Vec<(i64, String)> = sql::all(
            &tx,
            "SELECT b.id, b.label FROM statement_matches m JOIN batches b ON b.id = m.batch_id
              WHERE m.statement_id = ?1 ORDER BY b.id",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .map_err(e())?;
        let labels: Vec<&str> = batches.iter().map(|(_, l)| l.as_str()).collect();
        let now = now_text();
        let added = tx
            .execute(
                "INSERT OR IGNORE INTO statement_withdrawals
                     (statement_id, file_sha256, withdrawn_by, withdrawn_at, reason, batches)
                 SELECT id, file_sha256, ?2, ?3, ?4, ?5 FROM statements WHERE id = ?1",
                params![id, by.trim(), now, reason.trim(), labels.join("\n")],
            )
            .map_err(e())?;
        if added != 1 {
            return Ok(None);
        }
        for (batch, _) in &batches {
            tx.execute("DELETE FROM payout_statement WHERE batch_id = ?1", [batch])
                .map_err(e())?;
        }
        let flagged: Vec<String> = sql::all(
            &tx,
            "SELECT DISTINCT trade_no FROM statement_events WHERE statement_id = ?1 ORDER BY trade_no",
            [id],
            |r| r.get(0),
        )
        .map_err(e())?;
        let file_sha256: String = sql::one(
            &tx,
            "SELECT file_sha256 FROM statements WHERE id = ?1",
            [id],
        )
        .map_err(e())?;
        tx.commit().map_err(e())?;
        Ok(Some(Withdrawal {
            statement_id: id,
            file_sha256,
            withdrawn_by: by.trim().to_string(),
            withdrawn_at: now,
            reason: reason.trim().to_string(),
            batches,
            flagged,
        }))
    }
}
