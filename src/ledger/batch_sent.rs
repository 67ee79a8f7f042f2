//! What a batch label already holds in the ledger, read for the statement
//! of a corrected sheet approved again under the same label (see
//! `changes::same_label`). Read-only, over the connection `earlier` opened.

use super::LedgerError;
use super::history::Existing;
use super::store::{EXISTING_COLUMNS, existing_row};
use rusqlite::Connection;

/// One payout of the batch, every revision, as the history rules read it,
/// with what a person needs to recognise it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    pub existing: Existing,
    pub name: Option<String>,
    /// The gateway's status code when it refused or settled it, e.g. `00029`.
    pub status_code: Option<String>,
}

/// The batch `label`'s payouts; empty when the ledger holds none.
pub fn read(conn: &Connection, label: &str) -> Result<Vec<Sent>, LedgerError> {
    super::sql::all(
        conn,
        &format!(
            "SELECT {EXISTING_COLUMNS}, name, status_code FROM payouts
              WHERE batch_id = (SELECT id FROM batches WHERE label = ?1) ORDER BY id"
        ),
        [label],
        |r| {
            Ok(Sent {
                existing: existing_row(r)?,
                name: r.get(12)?,
                status_code: r.get(13)?,
            })
        },
    )
    .map_err(LedgerError::sql("read what the batch already holds"))
}
