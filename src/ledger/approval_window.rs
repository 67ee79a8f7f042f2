//! What the approval window (`approval_window`) reads: the batches of other
//! labels approved or sent recently, each with its approvals and what it
//! sent, and the verdicts `payrun approve` recorded for auditors. This
//! module only reads and stores; which of these batches count toward a
//! batch's tier is `approval::policy`'s to judge.

use super::approvals::{Approval, COLUMNS, approval_row};
use super::record::record;
use super::{Ledger, LedgerError};
use crate::ledger::sql;
use crate::money::Amount;
use crate::plan::{Content, Plan};
use crate::time::now_text;
use rusqlite::params;
use std::collections::HashMap;

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
    /// The payouts digests of the runs that planned or sent those payouts:
    /// the content each passed the gate as. Approvers of other content
    /// under the label never saw what it paid.
    pub sent_digests: Vec<String>,
}

record! {
    /// What `payrun approve` judged right after recording an approval, kept
    /// beside it for auditors (`approval_verdicts`).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ApprovalVerdict {
        pub approval_id: i64,
        pub judged_at: String,
        /// Where the batch stood: how many approvals it needed and had.
        pub verdict: String,
        /// When other labels' batches within the approval window raised the
        /// tier: which, and the sum (`needs 2 approvers: with ...`).
        pub why: Option<String>,
    }
    select const VERDICT_COLUMNS;
    decode fn verdict_row;
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
        let sent_digests = sql::all(
            &self.conn,
            "SELECT DISTINCT r.payouts_digest FROM runs r JOIN batches b ON r.batch_id = b.id
              WHERE b.label = ?1 AND r.payouts_digest IS NOT NULL AND r.dry_run = 0
                AND EXISTS (SELECT 1 FROM payouts p
                             WHERE p.state NOT IN ('failed', 'superseded')
                               AND (p.created_run_id = r.id
                                    OR EXISTS (SELECT 1 FROM attempts a
                                                WHERE a.payout_id = p.id AND a.run_id = r.id
                                                  AND a.kind = 'payout')))
              ORDER BY 1",
            params![label],
            |r| r.get(0),
        )
        .map_err(LedgerError::sql(
            "read the content a recent batch was sent as",
        ))?;
        Ok(Neighbour {
            label,
            approvals,
            sent: Amount::from_poisha(sent),
            last_sent,
            sent_digests,
        })
    }

    /// What batch `label` has paid or may still pay (neither failed nor
    /// superseded) in payouts that are not `plan`'s rows as they stand:
    /// those of earlier sheets it dropped, or whose content it changed.
    /// A batch's tier is chosen by all it pays, so sending it in two
    /// sheets does not halve it.
    pub fn paid_outside(&self, label: &str, plan: &Plan) -> Result<Amount, LedgerError> {
        let sheet: HashMap<&str, Content> = plan
            .rows
            .iter()
            .map(|r| (r.key.as_str(), r.content()))
            .collect();
        let live: Vec<(String, String, String, i64)> = sql::all(
            &self.conn,
            "SELECT p.identity, p.provider, p.wallet, p.amount_poisha
               FROM payouts p JOIN batches b ON p.batch_id = b.id
              WHERE b.label = ?1 AND p.state NOT IN ('failed', 'superseded')",
            params![label],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .map_err(LedgerError::sql("read what a batch has paid"))?;
        let outside = live.iter().filter(|(identity, provider, wallet, poisha)| {
            sheet.get(identity.as_str()).is_none_or(|c| {
                c.provider.key() != provider || c.wallet != *wallet || c.amount.poisha() != *poisha
            })
        });
        Ok(
            Amount::checked_sum(outside.map(|(.., poisha)| Amount::from_poisha(*poisha)))
                .unwrap_or(Amount::from_poisha(i64::MAX)),
        )
    }

    /// Keeps what was judged right after approval `approval_id` was recorded.
    pub fn record_approval_verdict(
        &mut self,
        approval_id: i64,
        verdict: &str,
        why: Option<&str>,
    ) -> Result<(), LedgerError> {
        self.conn
            .execute(
                "INSERT INTO approval_verdicts (approval_id, judged_at, verdict, why) VALUES (?1, ?2, ?3, ?4)",
                params![approval_id, now_text(), verdict, why],
            )
            .map_err(LedgerError::sql("record an approval's verdict"))?;
        Ok(())
    }

    /// The verdicts recorded beside a batch's approvals, oldest first.
    pub fn approval_verdicts(&self, label: &str) -> Result<Vec<ApprovalVerdict>, LedgerError> {
        sql::all(
            &self.conn,
            &format!(
                "SELECT {VERDICT_COLUMNS} FROM approval_verdicts
                  WHERE approval_id IN (SELECT id FROM approvals WHERE batch_label = ?1)
                  ORDER BY id"
            ),
            params![label],
            verdict_row,
        )
        .map_err(LedgerError::sql("read approval verdicts"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::approvals::NewApproval;
    use crate::ledger::tests::{exec, put_state, record_rows, temp_ledger};
    use crate::plan::tests::payout;

    fn approve(l: &mut Ledger, label: &str, by: &str, poisha: i64) -> i64 {
        let a = NewApproval {
            batch_label: label,
            digest: "d",
            role: "approve",
            approver: by,
            payouts: 1,
            total: Amount::from_poisha(poisha),
            input_file: None,
            input_sha256: None,
            note: None,
            key_fingerprint: None,
            statement: None,
            signature: None,
        };
        match l.record_approval(&a).unwrap() {
            crate::ledger::approvals::Recorded::New(a) => a.id,
            crate::ledger::approvals::Recorded::Already(a) => a.id,
        }
    }

    /// Approved only, sent (failed payouts left out), and the batch asked
    /// about itself: each read as the window rule needs it.
    #[test]
    fn recent_batches_with_their_approvals_and_what_they_may_still_pay() {
        let (_dir, mut l) = temp_ledger();
        approve(&mut l, "pending", "alice", 60_000);
        approve(&mut l, "nov", "alice", 1);
        let rows = [
            payout(2, Some("E1"), "01712345678", 500),
            payout(3, Some("E2"), "01712345679", 700),
        ];
        let (_, _, ids) = record_rows(&mut l, "paid", &rows);
        put_state(&l, ids[1], "failed");
        let got = l.neighbours("nov", "2000-01-01T00:00:00.000Z").unwrap();
        let labels: Vec<&str> = got.iter().map(|n| n.label.as_str()).collect();
        assert_eq!(labels, ["paid", "pending"]);
        assert_eq!(
            got[0].sent,
            Amount::from_poisha(50_000),
            "the failed Tk 700 is left out"
        );
        assert!(got[0].last_sent.is_some() && got[0].approvals.is_empty());
        assert_eq!(got[1].approvals.len(), 1);
        assert_eq!((got[1].sent.poisha(), got[1].last_sent.clone()), (0, None));
        // Nothing since a moment after everything.
        assert!(
            l.neighbours("nov", "2999-01-01T00:00:00.000Z")
                .unwrap()
                .is_empty()
        );
        // The verdict kept beside an approval, read back by label.
        let id = approve(&mut l, "pending", "bob", 60_000);
        l.record_approval_verdict(id, "1 of 2 approvals", Some("needs 2"))
            .unwrap();
        let v = l.approval_verdicts("pending").unwrap();
        assert_eq!(v[0].why.as_deref(), Some("needs 2"));
        assert_eq!(
            (v.len(), v[0].approval_id, v[0].verdict.as_str()),
            (1, id, "1 of 2 approvals")
        );
        assert!(l.approval_verdicts("nov").unwrap().is_empty());
    }

    /// What a batch pays outside a sheet: payouts the sheet dropped or
    /// changed, never its failed ones nor rows it keeps as they are; and
    /// the content each live payout was sent as, for the window.
    #[test]
    fn what_a_batch_pays_outside_a_sheet_and_the_contents_it_sent() {
        let (_dir, mut l) = temp_ledger();
        let first = [
            payout(2, Some("E1"), "01712345678", 500),
            payout(3, Some("E2"), "01712345679", 700),
            payout(4, Some("E3"), "01712345670", 900),
        ];
        let (_, run, ids) = record_rows(&mut l, "nov", &first);
        put_state(&l, ids[2], "failed");
        exec(
            &l,
            "UPDATE runs SET payouts_digest = 'sent-as' WHERE id = ?1",
            [run],
        );
        let label = crate::plan::BatchLabel::parse("nov").unwrap();
        let second = [
            payout(2, Some("E1"), "01712345678", 500),
            payout(3, Some("E2"), "01712345679", 800),
            payout(4, Some("E4"), "01712345671", 100),
        ];
        let plan = Plan::new(label.clone(), &second).unwrap();
        assert_eq!(
            l.paid_outside("nov", &plan).unwrap(),
            Amount::from_poisha(70_000),
            "E2's Tk 700 (its amount changed); not E1 (kept), not E3 (failed)"
        );
        let whole = Plan::new(label, &first).unwrap();
        assert_eq!(l.paid_outside("nov", &whole).unwrap().poisha(), 0);
        let n = l.neighbours("dec", "2000-01-01T00:00:00.000Z").unwrap();
        assert_eq!(n[0].sent_digests, ["sent-as"]);
    }
}
