//! Maker-checker approvals: who approved exactly which payouts for a batch.
//!
//! An approval binds a batch label to the digest of the validated payouts
//! (`payrun check` prints it). Changing one payout changes the digest, so an
//! approval never covers an edited sheet. Over the threshold, two different
//! people must approve; the same person twice counts once.

use super::time::now_text;
use super::{Ledger, LedgerError};
use crate::money::Amount;
use rusqlite::{OptionalExtension, params};

/// One recorded approval.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approval {
    pub batch_label: String,
    pub digest: String,
    /// The name as the approver typed it.
    pub approver: String,
    pub approved_at: String,
    pub payouts: u64,
    pub total: Amount,
    pub input_file: Option<String>,
    pub note: Option<String>,
}

/// What `payrun approve` records.
#[derive(Debug, Clone)]
pub struct NewApproval<'a> {
    pub batch_label: &'a str,
    pub digest: &'a str,
    pub approver: &'a str,
    pub payouts: u64,
    pub total: Amount,
    pub input_file: Option<&'a str>,
    pub input_sha256: Option<&'a str>,
    pub note: Option<&'a str>,
}

/// Whether the approval is new or was already there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recorded {
    New(Approval),
    /// The same person already approved this content; nothing changed.
    Already(Approval),
}

/// The key that tells approvers apart: "Rahim " and "rahim" are one person.
pub fn approver_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// Whether a batch may be sent, given its approvals of this exact digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Enough different people approved.
    Approved { by: Vec<String> },
    /// `have` different people approved; `need` are required.
    Short { have: Vec<String>, need: usize },
}

/// Approvers needed for a batch of `total`: one, or two above `two_above`.
pub fn approvers_needed(total: Amount, two_above: Option<Amount>) -> usize {
    match two_above {
        Some(limit) if total > limit => 2,
        _ => 1,
    }
}

/// Judges `approvals` (of one digest) against the rule.
pub fn verdict(approvals: &[Approval], total: Amount, two_above: Option<Amount>) -> Verdict {
    let mut keys: Vec<String> = Vec::new();
    let mut by: Vec<String> = Vec::new();
    for a in approvals {
        let k = approver_key(&a.approver);
        if !keys.contains(&k) {
            keys.push(k);
            by.push(a.approver.clone());
        }
    }
    let need = approvers_needed(total, two_above);
    if by.len() >= need {
        Verdict::Approved { by }
    } else {
        Verdict::Short { have: by, need }
    }
}

const COLUMNS: &str =
    "batch_label, digest, approver, approved_at, payouts, total_poisha, input_file, note";

fn approval_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Approval> {
    let payouts: i64 = r.get(4)?;
    Ok(Approval {
        batch_label: r.get(0)?,
        digest: r.get(1)?,
        approver: r.get(2)?,
        approved_at: r.get(3)?,
        payouts: u64::try_from(payouts).unwrap_or(0),
        total: Amount::from_poisha(r.get(5)?),
        input_file: r.get(6)?,
        note: r.get(7)?,
    })
}

impl Ledger {
    /// Records an approval, once per person per content.
    pub fn record_approval(&mut self, a: &NewApproval<'_>) -> Result<Recorded, LedgerError> {
        let key = approver_key(a.approver);
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(LedgerError::sql("begin approval"))?;
        let existing = tx
            .query_row(
                &format!(
                    "SELECT {COLUMNS} FROM approvals WHERE batch_label = ?1 AND digest = ?2 AND approver_key = ?3"
                ),
                params![a.batch_label, a.digest, key],
                approval_row,
            )
            .optional()
            .map_err(LedgerError::sql("read approval"))?;
        if let Some(e) = existing {
            return Ok(Recorded::Already(e));
        }
        let payouts = i64::try_from(a.payouts).unwrap_or(i64::MAX);
        let now = now_text();
        tx.execute(
            "INSERT INTO approvals (batch_label, digest, approver, approver_key, approved_at, payouts, total_poisha, input_file, input_sha256, note)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                a.batch_label,
                a.digest,
                a.approver.trim(),
                key,
                now,
                payouts,
                a.total.poisha(),
                a.input_file,
                a.input_sha256,
                a.note
            ],
        )
        .map_err(LedgerError::sql("record approval"))?;
        tx.commit().map_err(LedgerError::sql("commit approval"))?;
        Ok(Recorded::New(Approval {
            batch_label: a.batch_label.to_string(),
            digest: a.digest.to_string(),
            approver: a.approver.trim().to_string(),
            approved_at: now,
            payouts: a.payouts,
            total: a.total,
            input_file: a.input_file.map(str::to_string),
            note: a.note.map(str::to_string),
        }))
    }

    /// A batch's approvals, oldest first; only those of `digest` if given.
    pub fn approvals(
        &self,
        label: &str,
        digest: Option<&str>,
    ) -> Result<Vec<Approval>, LedgerError> {
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT {COLUMNS} FROM approvals WHERE batch_label = ?1 AND (?2 IS NULL OR digest = ?2) ORDER BY id"
            ))
            .map_err(LedgerError::sql("read approvals"))?;
        let rows = stmt
            .query_map(params![label, digest], approval_row)
            .map_err(LedgerError::sql("read approvals"))?;
        rows.collect::<Result<Vec<_>, _>>()
            .map_err(LedgerError::sql("read approvals"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new<'a>(label: &'a str, digest: &'a str, by: &'a str, taka: i64) -> NewApproval<'a> {
        NewApproval {
            batch_label: label,
            digest,
            approver: by,
            payouts: 3,
            total: Amount::from_poisha(taka * 100),
            input_file: Some("payroll.csv"),
            input_sha256: None,
            note: None,
        }
    }

    #[test]
    fn one_approval_per_person_per_content_and_two_people_above_the_threshold() {
        let dir = tempfile::tempdir().unwrap();
        let mut l = Ledger::open(&dir.path().join("l.sqlite")).unwrap();
        let total = Amount::from_poisha(90_000_000);
        let limit = Some(Amount::from_poisha(50_000_000));
        assert!(matches!(
            l.record_approval(&new("nov", "d1", "Rahim", 900_000))
                .unwrap(),
            Recorded::New(_)
        ));
        // The same person again, however typed, is the same approval.
        assert!(matches!(
            l.record_approval(&new("nov", "d1", " rahim ", 900_000))
                .unwrap(),
            Recorded::Already(_)
        ));
        let got = l.approvals("nov", Some("d1")).unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(
            verdict(&got, total, limit),
            Verdict::Short {
                have: vec!["Rahim".into()],
                need: 2
            }
        );
        // Under the threshold one is enough.
        assert!(matches!(
            verdict(&got, Amount::from_poisha(100), limit),
            Verdict::Approved { .. }
        ));
        // Another digest or label is another content.
        l.record_approval(&new("nov", "d2", "Karim", 900_000))
            .unwrap();
        l.record_approval(&new("dec", "d1", "Karim", 900_000))
            .unwrap();
        assert_eq!(l.approvals("nov", Some("d1")).unwrap().len(), 1);
        assert_eq!(l.approvals("nov", None).unwrap().len(), 2);
        l.record_approval(&new("nov", "d1", "Karim", 900_000))
            .unwrap();
        let got = l.approvals("nov", Some("d1")).unwrap();
        assert_eq!(
            verdict(&got, total, limit),
            Verdict::Approved {
                by: vec!["Rahim".into(), "Karim".into()]
            }
        );
        assert_eq!(
            verdict(&[], total, None),
            Verdict::Short {
                have: vec![],
                need: 1
            }
        );
    }
}
