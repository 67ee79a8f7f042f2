//! How every ledger query returns its rows and how every write transaction
//! begins, written once so that no caller chooses differently.

use rusqlite::types::FromSql;
use rusqlite::{Connection, Params, Row, Transaction, TransactionBehavior};

/// Begins a write transaction that takes SQLite's write lock at once
/// (`BEGIN IMMEDIATE`): a deferred one could read, then fail to upgrade
/// while the callback listener writes, halfway through its work.
pub(crate) fn write_tx(conn: &mut Connection) -> rusqlite::Result<Transaction<'_>> {
    conn.transaction_with_behavior(TransactionBehavior::Immediate)
}

/// Every row `sql` selects, each decoded by `row`, in SQL's order, gathered
/// into `C` (a `Vec`, a set, a map); the first error (preparing, stepping or
/// decoding) ends it.
pub(crate) fn all<T, C: FromIterator<T>>(
    conn: &Connection,
    sql: &str,
    params: impl Params,
    row: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
) -> rusqlite::Result<C> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(params, row)?;
    rows.collect()
}

/// Whether the ledger has table `name`: one on read-only media, too old to
/// be migrated, lacks the newer tables, and reads as if they were empty.
pub(crate) fn has_table(conn: &Connection, name: &str) -> rusqlite::Result<bool> {
    one(
        conn,
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
        [name],
    )
    .map(|n: i64| n > 0)
}

/// The one value `sql` selects (the first column of its one row), read as
/// `T`: the single-value counterpart of [`all`], prepared and cached the
/// same way. No row is rusqlite's `QueryReturnedNoRows`, which a caller
/// that allows none turns into `None` with `OptionalExtension`.
pub(crate) fn one<T: FromSql>(
    conn: &Connection,
    sql: &str,
    params: impl Params,
) -> rusqlite::Result<T> {
    conn.prepare_cached(sql)?.query_row(params, |r| r.get(0))
}

/// A count the ledger stores as SQLite's INTEGER (i64), as the u64 it is.
/// The schema's CHECKs keep counts non-negative, so the 0 for a negative
/// value is never reached; it keeps a damaged row from aborting a report.
pub(crate) fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}
