//! Maker-checker approvals as the ledger keeps them: who approved (or
//! prepared) exactly which payouts for a batch, and, when signed, the
//! statement they signed and their SSH signature, so that anyone can check
//! it again later (`payrun approve --verify`, or `ssh-keygen -Y verify`).
//!
//! An approval binds a batch label to the digest of the validated payouts.
//! Changing one payout changes the digest, so an approval never covers an
//! edited sheet. This module only stores; whether the approvals on record
//! are enough is `approval::policy`'s to judge, because a ledger row alone
//! proves nothing: anyone who can write the file can add one.

use super::record::{count, poisha, record};
use super::{Ledger, LedgerError};
use crate::ledger::sql;
use crate::money::Amount;
use crate::time::now_text;
use rusqlite::{OptionalExtension, params};

record! {
    /// One recorded approval.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Approval {
        pub id: i64,
        pub batch_label: String,
        pub digest: String,
        /// `approve` or `prepare`.
        pub role: String,
        /// The name as typed (unsigned) or the principal (signed).
        pub approver: String,
        pub approved_at: String,
        pub payouts: u64 = count,
        pub total: Amount = poisha("total_poisha"),
        pub input_file: Option<String>,
        pub note: Option<String>,
        pub signed: bool,
        /// `SHA256:...` of the signing key.
        pub key_fingerprint: Option<String>,
        /// The statement shown to (and, if signed, signed by) the approver.
        pub statement: Option<String>,
        /// The `-----BEGIN SSH SIGNATURE-----` text.
        pub signature: Option<String>,
    }
    select pub(super) const COLUMNS;
    decode pub(super) fn approval_row;
}

/// What `payrun approve` records.
#[derive(Debug, Clone)]
pub struct NewApproval<'a> {
    pub batch_label: &'a str,
    pub digest: &'a str,
    pub role: &'a str,
    pub approver: &'a str,
    pub payouts: u64,
    pub total: Amount,
    pub input_file: Option<&'a str>,
    pub input_sha256: Option<&'a str>,
    pub note: Option<&'a str>,
    pub key_fingerprint: Option<&'a str>,
    pub statement: Option<&'a str>,
    pub signature: Option<&'a str>,
}

/// Whether the approval is new or was already there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recorded {
    New(Approval),
    /// The same person (unsigned) or key (signed) already approved this
    /// content in this role; nothing changed.
    Already(Approval),
}

/// The key that tells approvals apart: for a signed one the key itself;
/// for an unsigned one the name, "Rahim " and "rahim" being one person.
pub fn approver_key(name: &str, fingerprint: Option<&str>) -> String {
    match fingerprint {
        Some(fp) => format!("key:{fp}"),
        None => name.trim().to_lowercase(),
    }
}

impl Ledger {
    /// Records an approval, once per person (or key) per content and role.
    pub fn record_approval(&mut self, a: &NewApproval<'_>) -> Result<Recorded, LedgerError> {
        let key = approver_key(a.approver, a.key_fingerprint);
        let tx = sql::write_tx(&mut self.conn).map_err(LedgerError::sql("begin approval"))?;
        let find = |tx: &rusqlite::Transaction<'_>| {
            tx.query_row(
                &format!(
                    "SELECT {COLUMNS} FROM approvals WHERE batch_label = ?1 AND digest = ?2 AND role = ?3 AND approver_key = ?4"
                ),
                params![a.batch_label, a.digest, a.role, key],
                approval_row,
            )
            .optional()
            .map_err(LedgerError::sql("read approval"))
        };
        if let Some(e) = find(&tx)? {
            return Ok(Recorded::Already(e));
        }
        let payouts = i64::try_from(a.payouts).unwrap_or(i64::MAX);
        tx.execute(
            "INSERT INTO approvals (batch_label, digest, role, approver, approver_key, approved_at,
                 payouts, total_poisha, input_file, input_sha256, note, signed, key_fingerprint,
                 statement, signature)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            params![
                a.batch_label,
                a.digest,
                a.role,
                a.approver.trim(),
                key,
                now_text(),
                payouts,
                a.total.poisha(),
                a.input_file,
                a.input_sha256,
                a.note,
                i64::from(a.signature.is_some()),
                a.key_fingerprint,
                a.statement,
                a.signature
            ],
        )
        .map_err(LedgerError::sql("record approval"))?;
        let new = find(&tx)?.ok_or_else(|| {
            LedgerError::Corrupt("an approval just recorded cannot be read back".into())
        })?;
        tx.commit().map_err(LedgerError::sql("commit approval"))?;
        Ok(Recorded::New(new))
    }

    /// The newest time this ledger has written anywhere (a run, an attempt,
    /// an event, an approval, a verdict), in its text form; `None` for a
    /// ledger that holds none. The approval gate judges an approval's age
    /// at the later of this and the system clock, so a clock set back
    /// does not make an old approval young.
    pub fn latest_time(&self) -> Result<Option<String>, LedgerError> {
        self.conn
            .query_row(
                "SELECT MAX(t) FROM (
                     SELECT MAX(approved_at) AS t FROM approvals
                     UNION ALL SELECT MAX(judged_at) FROM approval_verdicts
                     UNION ALL SELECT MAX(started_at) FROM runs
                     UNION ALL SELECT MAX(ended_at) FROM runs
                     UNION ALL SELECT MAX(started_at) FROM attempts
                     UNION ALL SELECT MAX(received_at) FROM events
                     UNION ALL SELECT MAX(updated_at) FROM payouts
                 )",
                [],
                |r| r.get::<_, Option<String>>(0),
            )
            .map_err(LedgerError::sql("read the ledger's newest time"))
    }

    /// A batch's approvals, oldest first; only those of `digest` if given.
    pub fn approvals(
        &self,
        label: &str,
        digest: Option<&str>,
    ) -> Result<Vec<Approval>, LedgerError> {
        sql::all(&self.conn, &format!(
                "SELECT {COLUMNS} FROM approvals WHERE batch_label = ?1 AND (?2 IS NULL OR digest = ?2) ORDER BY id"
            ), params![label, digest], approval_row)
            .map_err(LedgerError::sql("read approvals"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new<'a>(label: &'a str, digest: &'a str, by: &'a str) -> NewApproval<'a> {
        NewApproval {
            batch_label: label,
            digest,
            role: "approve",
            approver: by,
            payouts: 3,
            total: Amount::from_poisha(90_000_000),
            input_file: Some("payroll.csv"),
            input_sha256: None,
            note: None,
            key_fingerprint: None,
            statement: None,
            signature: None,
        }
    }

    #[test]
    fn one_approval_per_person_or_key_per_content_and_role() {
        let dir = tempfile::tempdir().unwrap();
        let mut l = Ledger::open(&dir.path().join("l.sqlite")).unwrap();
        assert!(matches!(
            l.record_approval(&new("nov", "d1", "Rahim")).unwrap(),
            Recorded::New(_)
        ));
        // The same person again, however typed, is the same approval.
        assert!(matches!(
            l.record_approval(&new("nov", "d1", " rahim ")).unwrap(),
            Recorded::Already(_)
        ));
        // Another digest or label is another content.
        l.record_approval(&new("nov", "d2", "Karim")).unwrap();
        l.record_approval(&new("dec", "d1", "Karim")).unwrap();
        assert_eq!(l.approvals("nov", Some("d1")).unwrap().len(), 1);
        assert_eq!(l.approvals("nov", None).unwrap().len(), 2);
        // A signed approval is known by its key: the same key twice is one
        // row; the same principal with another key is another row.
        let mut s = new("nov", "d1", "rahim@finance");
        s.key_fingerprint = Some("SHA256:aaa");
        s.statement = Some("statement");
        s.signature = Some("sig");
        assert!(matches!(l.record_approval(&s).unwrap(), Recorded::New(_)));
        assert!(matches!(
            l.record_approval(&s).unwrap(),
            Recorded::Already(_)
        ));
        s.key_fingerprint = Some("SHA256:bbb");
        assert!(matches!(l.record_approval(&s).unwrap(), Recorded::New(a) if a.signed));
        // The maker's signature is another role.
        s.role = "prepare";
        assert!(matches!(l.record_approval(&s).unwrap(), Recorded::New(_)));
        let got = l.approvals("nov", Some("d1")).unwrap();
        assert_eq!(got.len(), 4);
        assert_eq!(got[1].statement.as_deref(), Some("statement"));
    }

    #[test]
    fn the_newest_time_is_the_latest_any_table_holds() {
        let dir = tempfile::tempdir().unwrap();
        let mut l = Ledger::open(&dir.path().join("l.sqlite")).unwrap();
        assert_eq!(l.latest_time().unwrap(), None);
        l.record_approval(&new("nov", "d1", "Rahim")).unwrap();
        // A clock set back since: the ledger remembers a later time.
        l.conn
            .execute(
                "UPDATE approvals SET approved_at = '2099-01-01T00:00:00.000Z'",
                [],
            )
            .unwrap();
        assert_eq!(
            l.latest_time().unwrap().as_deref(),
            Some("2099-01-01T00:00:00.000Z")
        );
    }
}
