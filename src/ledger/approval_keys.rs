//! The allowed-signers line kept beside each signed approval when it was
//! recorded (see `schema::audit::APPROVAL_SIGNER_LINES`): what `approve
//! --verify` needs months later, from the ledger alone.

use super::sql;
use super::{Ledger, LedgerError};
use crate::time::now_text;
use rusqlite::{OptionalExtension, params};

/// The line that vouched for an approval's key when it was recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptLine {
    /// The allowed-signers file it was read from, as configured then.
    pub file: String,
    pub line_no: i64,
    pub line: String,
}

impl Ledger {
    /// Keeps the line beside approval `approval_id` (once; append-only).
    pub fn keep_signer_line(
        &mut self,
        approval_id: i64,
        kept: &KeptLine,
    ) -> Result<(), LedgerError> {
        self.conn
            .execute(
                "INSERT OR IGNORE INTO approval_signer_lines (approval_id, signers_file, line_no, line, kept_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![approval_id, kept.file, kept.line_no, kept.line, now_text()],
            )
            .map_err(LedgerError::sql("keep the allowed-signers line of an approval"))?;
        Ok(())
    }

    /// The line kept beside approval `approval_id`; `None` for an approval
    /// recorded before payrun kept them (or a ledger too old to have the table).
    pub fn signer_line(&self, approval_id: i64) -> Result<Option<KeptLine>, LedgerError> {
        let e = || LedgerError::sql("read the allowed-signers line of an approval");
        if !sql::has_table(&self.conn, "approval_signer_lines").map_err(e())? {
            return Ok(None);
        }
        self.conn
            .query_row(
                "SELECT signers_file, line_no, line FROM approval_signer_lines WHERE approval_id = ?1",
                [approval_id],
                |r| {
                    Ok(KeptLine {
                        file: r.get(0)?,
                        line_no: r.get(1)?,
                        line: r.get(2)?,
                    })
                },
            )
            .optional()
            .map_err(e())
    }
}
