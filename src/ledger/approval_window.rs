//! What the approval window (`approval_window`) reads: the batches of other
//! labels approved or sent recently, each with its approvals and what it
//! sent, and the verdicts `payrun approve` recorded for auditors. This
//! module only reads and stores; which of these batches count toward a
//! batch's tier is `approval::policy`'s to judge.

use super::approvals::{Approval, COLUMNS, approval_row};
use super::{Ledger, LedgerError};
use crate::ledger::sql;
use crate::money::Amount;
use crate::time::now_text;
use rusqlite::params;

/// Another label's batch, approved or sent within the window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Neighbour {
    pub label: String,
    /// Every approval of the label (all digests and roles), oldest first.
    pub approvals: Vec<Approval>,
    /// Its payouts that were or may still be paid: neither failed nor
    /// superseded (nothing when it was only approved).
    pub sent: Amount,
    /// When the latest of those was first sent (planned, when not yet
    /// sent); `None` when it sent nothing.
    pub last_sent: Option<String>,
}

/// What `payrun approve` judged right after recording an approval, kept
/// beside it for auditors (`approval_verdicts`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApprovalVerdict {
    pub approval_id: i64,
    pub judged_at: String,
    pub verdict: String,
}

impl Ledger {
    /// Every label but `except` with an approval recorded, or a payout
    /// planned or sent, at or after `since` (the ledger's RFC 3339 text).
    pub fn neighbours(&self, except: &str, since: &str) -> Result<Vec<Neighbour>, LedgerError> {
        let labels: Vec<String> = sql::all(
            &self.conn,
            "SELECT batch_label FROM approvals WHERE approved_at >= ?1 AND batch_label <> ?2
             UNION
             SELECT b.label FROM batches b JOIN payouts p ON p.batch_id = b.id
              WHERE b.label <> ?2 AND COALESCE(p.first_sent_at, p.created_at) >= ?1
             ORDER BY 1",
            params![since, except],
            |r| r.get(0),
        )
        .map_err(LedgerError::sql("read recent batches"))?;
        labels.into_iter().map(|l| self.neighbour(l)).collect()
    }

    fn neighbour(&self, label: String) -> Result<Neighbour, LedgerError> {
        let approvals = sql::all(
            &self.conn,
            &format!("SELECT {COLUMNS} FROM approvals WHERE batch_label = ?1 ORDER BY id"),
            params![label],
            approval_row,
        )
        .map_err(LedgerError::sql("read approvals"))?;
        let (sent, last_sent): (i64, Option<String>) = self
            .conn
            .query_row(
                "SELECT COALESCE(SUM(p.amount_poisha), 0), MAX(COALESCE(p.first_sent_at, p.created_at))
                   FROM payouts p JOIN batches b ON p.batch_id = b.id
                  WHERE b.label = ?1 AND p.state NOT IN ('failed', 'superseded')",
                params![label],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(LedgerError::sql("read a recent batch's payouts"))?;
        Ok(Neighbour {
            label,
            approvals,
            sent: Amount::from_poisha(sent),
            last_sent,
        })
    }

    /// Keeps what was judged right after approval `approval_id` was recorded.
    pub fn record_approval_verdict(
        &mut self,
        approval_id: i64,
        verdict: &str,
    ) -> Result<(), LedgerError> {
        self.conn
            .execute(
                "INSERT INTO approval_verdicts (approval_id, judged_at, verdict) VALUES (?1, ?2, ?3)",
                params![approval_id, now_text(), verdict],
            )
            .map_err(LedgerError::sql("record an approval's verdict"))?;
        Ok(())
    }

    /// The verdicts recorded beside a batch's approvals, oldest first.
    pub fn approval_verdicts(&self, label: &str) -> Result<Vec<ApprovalVerdict>, LedgerError> {
        sql::all(
            &self.conn,
            "SELECT v.approval_id, v.judged_at, v.verdict FROM approval_verdicts v
               JOIN approvals a ON a.id = v.approval_id
              WHERE a.batch_label = ?1 ORDER BY v.id",
            params![label],
            |r| {
                Ok(ApprovalVerdict {
                    approval_id: r.get(0)?,
                    judged_at: r.get(1)?,
                    verdict: r.get(2)?,
                })
            },
        )
        .map_err(LedgerError::sql("read approval verdicts"))
    }
}
