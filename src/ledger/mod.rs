//! The SQLite ledger: the durable memory that lets payrun promise never to
//! pay anyone twice and never to lose track of a payout.
//!
//! - [`schema`]: tables and migrations (`PRAGMA user_version`).
//! - [`state`]: payout states and the only code that decides a state change.
//! - [`history`]: what a new upload means given what the batch already holds.
//! - [`lock`]: one run per ledger.
//! - [`statements`]: provider statements imported by `payrun match`, and its results.
//! - [`writer`]: the single writer thread with group commit, used while
//!   sending so that every "about to send" is durable before the request leaves.
//!
//! SQLite runs in WAL mode with `synchronous=FULL`: a committed transaction
//! survives a power cut, not just a crash.

pub mod approvals;
pub mod callbacks;
pub mod earlier;
pub mod history;
pub mod lock;
mod planning;
mod read;
pub mod refused;
pub mod reports;
pub mod retry;
pub mod same_sheet;
pub mod schema;
pub mod state;
pub mod statements;
mod store;
pub mod time;
pub mod views;
pub mod writer;

pub use lock::{LockError, RunLock};
pub use planning::InvalidRecord;
pub use read::{BatchTotals, PayoutRow, StateTotal};
pub use state::{Effect, IllegalTransition, Requeue, State};
pub use store::{Batch, RunInfo};

use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a writer waits for another connection (the callback listener) to
/// finish its transaction before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Why the ledger could not be used.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    #[error(transparent)]
    Lock(#[from] LockError),
    #[error("{path}: cannot create the ledger file or its folder: {cause}")]
    Io {
        path: PathBuf,
        cause: std::io::Error,
    },
    #[error("{path}: cannot open the ledger: {cause}")]
    Open {
        path: PathBuf,
        cause: rusqlite::Error,
    },
    #[error("{path}: {cause}")]
    Migrate {
        path: PathBuf,
        cause: schema::MigrateError,
    },
    #[error("ledger: {context}: {cause}")]
    Sql {
        context: &'static str,
        cause: rusqlite::Error,
    },
    #[error(
        "batch '{label}' was started against merchant {recorded_merchant} at {recorded_gateway}, \
         but this run uses merchant {merchant} at {gateway}. A batch never mixes gateways \
         (e.g. sandbox and production): use the original settings, or a new --batch label"
    )]
    BatchMismatch {
        label: String,
        recorded_merchant: String,
        recorded_gateway: String,
        merchant: String,
        gateway: String,
    },
    #[error("payout {trade_no}: {cause}")]
    Illegal {
        trade_no: String,
        cause: IllegalTransition,
    },
    #[error("ledger holds a value this payrun does not understand: {0}")]
    Corrupt(String),
    #[error(
        "the ledger could not commit ({0}); sending stopped so that nothing goes out unrecorded"
    )]
    CommitFailed(String),
    #[error("the ledger writer has stopped; sending stopped")]
    WriterGone,
    /// A change the ledger's own rules forbid, caught inside a transaction.
    #[error("{0}")]
    Refused(String),
}

impl LedgerError {
    /// Whether another run holds the ledger lock (exit code 4).
    pub fn is_locked(&self) -> bool {
        matches!(self, LedgerError::Lock(LockError::Held { .. }))
    }

    pub(crate) fn sql(context: &'static str) -> impl FnOnce(rusqlite::Error) -> LedgerError {
        move |cause| LedgerError::Sql { context, cause }
    }

    /// For `state::transition(..).map_err(LedgerError::illegal(trade_no))`:
    /// a refused state change names the payout it was refused for.
    pub(crate) fn illegal(trade_no: String) -> impl FnOnce(IllegalTransition) -> LedgerError {
        move |cause| LedgerError::Illegal { trade_no, cause }
    }
}

/// An open ledger, used from one thread for planning and summaries. While
/// sending, the connection moves into a [`writer::Writer`].
pub struct Ledger {
    conn: Connection,
    path: PathBuf,
}

impl std::fmt::Debug for Ledger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ledger").field("path", &self.path).finish()
    }
}

impl Ledger {
    /// Opens (or creates, mode 0600, in a created folder) the ledger and brings
    /// its schema up to date. Take the [`RunLock`] first.
    pub fn open(path: &Path) -> Result<Ledger, LedgerError> {
        let io = |cause| LedgerError::Io {
            path: path.to_path_buf(),
            cause,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            create_private_dir(dir).map_err(io)?;
        }
        // Create the file ourselves so that it is private from the start;
        // SQLite gives its -wal and -shm files the same mode. Only when it
        // does not exist yet: closing any other descriptor of an open SQLite
        // file drops this process's POSIX locks on it, after which another
        // process can checkpoint and delete the WAL under our connections
        // (the listener and the writer open the ledger a second time).
        if !path.exists() {
            let mut opts = std::fs::OpenOptions::new();
            opts.write(true).create_new(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                opts.mode(0o600);
            }
            match opts.open(path) {
                Ok(_) => {}
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(io(e)),
            }
        }
        let open_err = |cause| LedgerError::Open {
            path: path.to_path_buf(),
            cause,
        };
        let mut conn = Connection::open(path).map_err(open_err)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(open_err)?;
        let mode: String = conn
            .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))
            .map_err(open_err)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(LedgerError::Corrupt(format!(
                "{}: SQLite refused WAL mode (got {mode}); is the file on a network drive?",
                path.display()
            )));
        }
        conn.execute_batch("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;")
            .map_err(open_err)?;
        schema::migrate(&mut conn).map_err(|cause| LedgerError::Migrate {
            path: path.to_path_buf(),
            cause,
        })?;
        Ok(Ledger {
            conn,
            path: path.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Hands the connection to a writer thread for the sending phase.
    pub fn into_writer(self, run_id: i64) -> Result<writer::Writer, LedgerError> {
        writer::Writer::spawn(self, run_id)
    }

    /// For the report and tests: read-only access with the same pragmas.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

/// Creates the ledger's folder (and any missing parent) readable by the
/// owner only: it holds who was paid how much.
pub(crate) fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir)
}

#[cfg(test)]
pub(crate) mod tests;
