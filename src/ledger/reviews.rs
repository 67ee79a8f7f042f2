//! A person's check of a payout in conflict, kept beside the flag.
//!
//! A conflict (a callback, a query or the provider's statement contradicting
//! a final answer) needs a person, and until this table payrun had no place
//! for what they found: the batch stayed exit 1 for ever, and the finding
//! lived in an email. A review records who checked it, when, what they
//! found and the flag's reasons as they stood (`detail_reviewed`). It never
//! touches the payout: its state stays what the gateway said (final is
//! final, and a person's finding is not an answer from the gateway), its
//! flag and reasons stay for auditors, and the send hold on it stays, so a
//! review can neither move money nor resend. What it changes is only how
//! the conflict is counted: a conflict whose current reasons a review
//! covers is *checked*, and no longer holds `status`, `report`, `reconcile`
//! or `submit` at exit 1. A reason added after the review (the flag's text
//! grows) reopens it.

use super::record::{get, opt_row_no, record};
use super::store::state_col;
use super::{Ledger, LedgerError, State, sql};
use crate::time::now_text;
use rusqlite::{OptionalExtension, params};
use std::collections::HashMap;

/// SQL over `payouts p`: flagged, and no review covers its current reasons.
pub(crate) const OPEN_CONFLICT: &str = "p.conflict = 1 AND NOT EXISTS (
      SELECT 1 FROM conflict_reviews r
       WHERE r.payout_id = p.id AND r.detail_reviewed = COALESCE(p.conflict_detail, ''))";

/// What a reviewer found. Stored as its key; never a payout state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Finding {
    /// The payee received the money.
    Paid,
    /// No money reached the payee.
    Failed,
    /// The money went out and came back to the merchant account.
    Reversed,
    /// Checked; nothing to state about the money (see the note).
    Noted,
}

impl Finding {
    pub fn key(self) -> &'static str {
        match self {
            Finding::Paid => "paid",
            Finding::Failed => "failed",
            Finding::Reversed => "reversed",
            Finding::Noted => "noted",
        }
    }
}

record! {
    /// One review, as stored.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ConflictReview {
        pub id: i64,
        pub payout_id: i64,
        pub trade_no: String,
        pub reviewed_by: String,
        pub reviewed_at: String,
        pub outcome: String,
        pub note: String,
        pub detail_reviewed: String,
        pub state_at_review: String,
    }
    select const REVIEW_COLUMNS;
    decode fn review_row;
}

record! {
    /// A payout flagged `conflict`, for `payrun conflict list`.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ConflictEntry {
        pub payout_id: i64 = get("p.id"),
        pub batch_label: String = get("b.label"),
        pub trade_no: String = get("p.trade_no"),
        pub row_no: Option<usize> = opt_row_no("p.row_no"),
        pub state: State = state_col("p.state"),
        pub detail: String = get("COALESCE(p.conflict_detail, '')"),
    }
    select const ENTRY_COLUMNS;
    decode fn entry_row;
}

/// A review to record.
pub struct NewReview<'a> {
    pub trade_no: &'a str,
    pub by: &'a str,
    pub finding: Finding,
    pub note: &'a str,
}

impl Ledger {
    /// Whether this ledger has the reviews table: one on read-only media,
    /// too old to be migrated, has none and so no review.
    fn has_reviews(&self) -> Result<bool, LedgerError> {
        sql::has_table(&self.conn, "conflict_reviews")
            .map_err(LedgerError::sql("looking for conflict reviews"))
    }

    /// Every payout flagged `conflict` (of one batch, or of all), in batch
    /// and sheet order.
    pub fn conflict_entries(
        &self,
        batch_id: Option<i64>,
    ) -> Result<Vec<ConflictEntry>, LedgerError> {
        let sql = format!(
            "SELECT {ENTRY_COLUMNS} FROM payouts p JOIN batches b ON b.id = p.batch_id
              WHERE p.conflict = 1 AND (?1 IS NULL OR p.batch_id = ?1)
              ORDER BY b.id, p.row_no IS NULL, p.row_no, p.id"
        );
        sql::all(&self.conn, &sql, params![batch_id], entry_row)
            .map_err(LedgerError::sql("listing payouts in conflict"))
    }

    /// Every review of the payout, oldest first.
    pub fn conflict_reviews(&self, payout_id: i64) -> Result<Vec<ConflictReview>, LedgerError> {
        if !self.has_reviews()? {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT {REVIEW_COLUMNS} FROM conflict_reviews WHERE payout_id = ?1 ORDER BY id"
        );
        sql::all(&self.conn, &sql, [payout_id], review_row)
            .map_err(LedgerError::sql("reading conflict reviews"))
    }

    /// The latest review covering each of the batch's conflicts as its
    /// reasons stand now, by payout id: the conflicts that are checked.
    pub fn covering_reviews(
        &self,
        batch_id: i64,
    ) -> Result<HashMap<i64, ConflictReview>, LedgerError> {
        if !self.has_reviews()? {
            return Ok(HashMap::new());
        }
        let sql = format!(
            "SELECT {REVIEW_COLUMNS} FROM conflict_reviews WHERE id IN (
                 SELECT r.id FROM conflict_reviews r JOIN payouts p ON p.id = r.payout_id
                  WHERE p.batch_id = ?1 AND p.conflict = 1
                    AND r.detail_reviewed = COALESCE(p.conflict_detail, ''))
              ORDER BY id"
        );
        let all: Vec<ConflictReview> = sql::all(&self.conn, &sql, [batch_id], review_row)
            .map_err(LedgerError::sql("reading conflict reviews"))?;
        Ok(all.into_iter().map(|r| (r.payout_id, r)).collect())
    }

    /// Records a review of the payout `r.trade_no`, covering its reasons as
    /// they stand at this instant (one statement: a reason a listener adds
    /// meanwhile is either covered or reopens it). `None` when no payout
    /// with that tradeNo is flagged `conflict`. Writes only the review.
    pub fn record_conflict_review(
        &mut self,
        r: &NewReview<'_>,
    ) -> Result<Option<ConflictReview>, LedgerError> {
        let e = || LedgerError::sql("recording a conflict review");
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(e())?;
        let added = tx
            .execute(
                "INSERT INTO conflict_reviews (payout_id, trade_no, reviewed_by, reviewed_at,
                        outcome, note, detail_reviewed, state_at_review)
                 SELECT id, trade_no, ?2, ?3, ?4, ?5, COALESCE(conflict_detail, ''), state
                   FROM payouts WHERE trade_no = ?1 AND conflict = 1",
                params![
                    r.trade_no,
                    r.by.trim(),
                    now_text(),
                    r.finding.key(),
                    r.note.trim()
                ],
            )
            .map_err(e())?;
        if added != 1 {
            // None, or (never made by payrun) two payouts of one tradeNo.
            return Ok(None);
        }
        let id = tx.last_insert_rowid();
        let (uid, login) = os_account();
        tx.execute(
            "INSERT INTO conflict_review_accounts (review_id, os_uid, os_login) VALUES (?1, ?2, ?3)",
            params![id, uid, login],
        )
        .map_err(e())?;
        let review = tx
            .query_row(
                &format!("SELECT {REVIEW_COLUMNS} FROM conflict_reviews WHERE id = ?1"),
                [id],
                review_row,
            )
            .map_err(e())?;
        tx.commit().map_err(e())?;
        Ok(Some(review))
    }
}

/// The account running payrun: the effective uid (what the system says) and
/// the login name the environment gives (`USER`, `LOGNAME`: for reading only,
/// it can be set to anything).
pub(super) fn os_account() -> (Option<i64>, Option<String>) {
    #[cfg(unix)]
    // SAFETY: geteuid has no preconditions and cannot fail.
    let uid = Some(i64::from(unsafe { libc::geteuid() }));
    #[cfg(not(unix))]
    let uid = None;
    let login = ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()));
    (uid, login)
}

impl Ledger {
    /// `uid 1000 (login "karim")`: the account that recorded review `id`;
    /// `None` for a review recorded before payrun kept it.
    pub fn review_account(&self, id: i64) -> Result<Option<String>, LedgerError> {
        let e = || LedgerError::sql("reading a conflict review's account");
        if !sql::has_table(&self.conn, "conflict_review_accounts").map_err(e())? {
            return Ok(None);
        }
        let row: Option<(Option<i64>, Option<String>)> = self
            .conn
            .query_row(
                "SELECT os_uid, os_login FROM conflict_review_accounts WHERE review_id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(e())?;
        Ok(row.map(|(uid, login)| {
            let uid = uid.map_or("uid unknown".to_string(), |u| format!("uid {u}"));
            match login {
                Some(l) => format!("{uid} (login {})", crate::text::quoted(&l)),
                None => uid,
            }
        }))
    }
}

#[cfg(test)]
#[path = "reviews_tests.rs"]
mod tests;
