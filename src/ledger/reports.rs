//! Which report files payrun last wrote at the end of a run, and from what.
//!
//! `submit` and `reconcile` write the batch's report at the end of every run.
//! For a 100,000-row batch that is most of a re-run's time, and when nothing
//! changed it produces the same report again, touching a file that finance may
//! have open or that a backup job watches. A stamp remembers what the last
//! report said (the digest of its content) and what its files held (the digest
//! of their bytes). The next run rewrites the report unless both still match:
//! the batch says the same, and nobody has edited, replaced or deleted a file.

use super::record::{lines, record};
use super::{Ledger, LedgerError};
use crate::time::now_text;
use rusqlite::{OptionalExtension, params};

record! {
    /// What was written to one report path.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ReportStamp {
        /// The report path as payrun was asked to write it, made absolute.
        pub path: String,
        pub batch_label: String,
        /// Digest of the report's content, leaving out when it was generated.
        pub content_sha256: String,
        /// Every file written for the report, main one first.
        pub files: Vec<String> = lines,
        /// Digest of those files' bytes, in that order.
        pub files_sha256: String,
        pub written_at: String,
    }
    select const STAMP_COLUMNS;
    decode fn stamp_row;
}

impl Ledger {
    /// The stamp of the last report written to `path`, if any.
    pub fn report_stamp(&self, path: &str) -> Result<Option<ReportStamp>, LedgerError> {
        self.conn
            .query_row(
                &format!("SELECT {STAMP_COLUMNS} FROM report_stamps WHERE path = ?1"),
                params![path],
                stamp_row,
            )
            .optional()
            .map_err(LedgerError::sql("read report stamp"))
    }

    /// The last report payrun recorded writing of batch `label`, whichever
    /// path it went to.
    pub fn last_report_of(&self, label: &str) -> Result<Option<ReportStamp>, LedgerError> {
        self.conn
            .query_row(
                &format!(
                    "SELECT {STAMP_COLUMNS} FROM report_stamps WHERE batch_label = ?1
                      ORDER BY written_at DESC, rowid DESC LIMIT 1"
                ),
                params![label],
                stamp_row,
            )
            .optional()
            .map_err(LedgerError::sql("read the batch's last report"))
    }

    /// When batch `batch_id` last changed, once nothing in it can change
    /// any more by a run (no payout planned, sending, processing or
    /// unknown): the latest change of a payout, or the batch's creation
    /// when it has none. `None` while one is open: the next run writes
    /// its report anyway.
    pub fn settled_at(&self, batch_id: i64) -> Result<Option<String>, LedgerError> {
        self.conn
            .query_row(
                "SELECT CASE WHEN EXISTS (SELECT 1 FROM payouts WHERE batch_id = ?1
                                  AND state IN ('planned', 'sending', 'processing', 'unknown'))
                        THEN NULL
                        ELSE COALESCE((SELECT MAX(updated_at) FROM payouts WHERE batch_id = ?1),
                                      (SELECT created_at FROM batches WHERE id = ?1))
                        END",
                params![batch_id],
                |r| r.get(0),
            )
            .map_err(LedgerError::sql("read when the batch last changed"))
    }

    /// Remembers what was just written to `path`, replacing the last stamp.
    /// Returns the stamp with its time.
    pub fn record_report_stamp(
        &self,
        path: &str,
        batch_label: &str,
        content_sha256: &str,
        files: &[String],
        files_sha256: &str,
    ) -> Result<ReportStamp, LedgerError> {
        let written_at = now_text();
        self.conn
            .execute(
                "INSERT INTO report_stamps
                     (path, batch_label, content_sha256, files, files_sha256, written_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (path) DO UPDATE SET
                     batch_label = excluded.batch_label,
                     content_sha256 = excluded.content_sha256,
                     files = excluded.files,
                     files_sha256 = excluded.files_sha256,
                     written_at = excluded.written_at",
                params![
                    path,
                    batch_label,
                    content_sha256,
                    files.join("\n"),
                    files_sha256,
                    written_at
                ],
            )
            .map_err(LedgerError::sql("record report stamp"))?;
        Ok(ReportStamp {
            path: path.to_string(),
            batch_label: batch_label.to_string(),
            content_sha256: content_sha256.to_string(),
            files: files.to_vec(),
            files_sha256: files_sha256.to_string(),
            written_at,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stamp_round_trips_and_the_last_one_wins() {
        let dir = tempfile::tempdir().unwrap();
        let ledger = Ledger::open(&dir.path().join("l.sqlite")).unwrap();
        assert_eq!(ledger.report_stamp("/r/a.xlsx").unwrap(), None);
        let files = vec!["/r/a.csv".to_string(), "/r/a.summary.csv".to_string()];
        let first = ledger
            .record_report_stamp("/r/a.csv", "june", "c1", &files, "f1")
            .unwrap();
        assert_eq!(ledger.report_stamp("/r/a.csv").unwrap(), Some(first));
        let second = ledger
            .record_report_stamp("/r/a.csv", "june", "c2", &files[..1], "f2")
            .unwrap();
        let got = ledger.report_stamp("/r/a.csv").unwrap().unwrap();
        assert_eq!(got, second);
        assert_eq!(got.files, vec!["/r/a.csv".to_string()]);
        assert_eq!(ledger.report_stamp("/r/b.csv").unwrap(), None);
    }
}
