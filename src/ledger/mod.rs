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

pub mod adopt;
pub mod approval_keys;
pub mod approval_window;
pub mod approvals;
mod batch_home;
pub mod batch_lock;
pub mod batch_sent;
mod binding;
pub mod callbacks;
pub mod continuity;
mod data_home;
pub mod earlier;
pub mod history;
pub mod identity;
pub mod inputs;
pub mod lacking;
pub mod lock;
mod lock_file;
mod planning;
mod read;
mod read_only;
mod record;
pub mod refused;
pub mod repeats;
pub mod reports;
pub mod reviews;
pub mod revise_failed;
pub mod run_holder;
pub mod same_sheet;
pub mod schema;
mod sql;
pub mod state;
pub mod statements;
mod store;
pub mod trade_no_form;
pub mod unread;
pub mod views;
pub mod writer;

pub(crate) use batch_home::file_id;
pub use lock::{LockError, RunLock};
pub use read::{BatchTotals, PayoutRow, StateTotal};
#[cfg(test)]
use state::Effect;
pub use state::{IllegalTransition, Requeue, State};
pub use store::{Batch, RunInfo};
pub use views::InvalidRecord;

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
    /// Only `submit` (and `approve`) create a ledger.
    #[error(
        "{path}: no ledger here. Only `payrun submit` creates one; {usual}. Check the path for a typo",
        usual = identity::USUAL_PLACES
    )]
    Missing { path: PathBuf },
    #[error(
        "{path} is not a payrun ledger: {why}. Nothing was sent: payrun never takes such a file \
         for a ledger, because one that cannot show what was paid would pay people again.\n{}",
        identity::recovery(path)
    )]
    NotALedger { path: PathBuf, why: String },
    #[error(
        "{path}: the ledger is damaged ({why}). Nothing was sent: a ledger SQLite cannot read \
         completely could hide payouts already made.\n{}",
        identity::recovery(path)
    )]
    Damaged { path: PathBuf, why: String },
    #[error(
        "{path} has {links} names (hard links). Nothing was sent: each name would get its own \
         lock, and two runs could pay from one ledger at once. Keep one name: find the others \
         with `find / -xdev -samefile {path}` and remove them (the data stays), then run again"
    )]
    HardLinked { path: PathBuf, links: u64 },
    /// See [`continuity`].
    #[error(
        "{path} is older than the ledger last used at this path: {why}. It was restored from an \
         older backup, lost its -wal file after a crash, replayed another copy's -wal left beside \
         it, or another ledger was put in its place (or none: the old one deleted). Payouts sent \
         since then may read here as never sent. Nothing was sent.\n{}",
        identity::went_back_recovery(path)
    )]
    WentBack { path: PathBuf, why: String },
    /// See `continuity::check_batch_mark`: the batch's own mark, which
    /// follows the batch whatever path its ledger has.
    #[error(
        "{path} does not hold what the ledger that last sent batch '{label}' held: {why} (as \
         recorded in {}). It is an older copy of that ledger (restored from a backup, renamed or \
         moved without its -wal after a crash) or another ledger. Payouts of the batch sent \
         since then may read here as never sent. Nothing was sent.\n{}",
        mark.display(),
        identity::went_back_recovery(path)
    )]
    BatchWentBack {
        path: PathBuf,
        label: String,
        mark: PathBuf,
        why: String,
    },
    #[error("{path}: {cause}")]
    Migrate {
        path: PathBuf,
        cause: schema::MigrateError,
    },
    #[error("ledger: {context}: {cause}{}", identity::damage_hint(cause))]
    Sql {
        context: &'static str,
        cause: rusqlite::Error,
    },
    #[error(
        "batch '{label}' was sent to merchant {recorded_merchant} at {recorded_gateway} (its \
         payouts may be there), but this run uses merchant {merchant} at {gateway}. A batch never \
         mixes gateways (e.g. sandbox and production): use the original settings, or a new \
         --batch label"
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
    /// The gateway contradicted this payout (or the revision it replaces)
    /// after the run chose to send it: it is held for a person, not sent.
    #[error(
        "payout {trade_no} is held, not sent: the gateway contradicted the ledger ({why}); \
         check it with the provider before paying anyone again"
    )]
    Held { trade_no: String, why: String },
    #[error("ledger holds a value this payrun does not understand: {0}")]
    Corrupt(String),
    #[error(
        "the ledger could not commit ({0}); sending stopped so that nothing goes out unrecorded"
    )]
    CommitFailed(String),
    #[error("the ledger writer has stopped; sending stopped")]
    WriterGone,
    /// A broken internal contract, said rather than hung on: handles that
    /// outlive `Writer::finish` would otherwise keep the writer waiting.
    #[error(
        "contract: {} still held when the ledger writer finished (a worker outlived the run); \
         everything sent before was recorded, and anything sent through them now is refused",
        crate::text::count(*handles as u64, "writer handle was", "writer handles were")
    )]
    HandleLeaked { handles: usize },
    /// A change the ledger's own rules forbid, caught inside a transaction.
    #[error("{0}")]
    Refused(String),
    /// A run asked for another tradeNo form than the batch's
    /// (`trade_no_form`): nothing of it is recorded or sent.
    #[error("{}", trade_no_form::changed(label, *recorded, *asked))]
    TradeNoFormChanged {
        label: String,
        recorded: crate::config::TradeNoForm,
        asked: crate::config::TradeNoForm,
    },
}

impl LedgerError {
    /// Whether another run holds the ledger lock (exit code 4).
    pub fn is_locked(&self) -> bool {
        matches!(
            self,
            LedgerError::Lock(LockError::Held { .. } | LockError::BatchHeld { .. })
        )
    }

    /// A ledger payrun refuses to use (none at the path, not a ledger,
    /// damaged, hard-linked), or a batch it refuses to continue as asked
    /// (another tradeNo form): exit 2, nothing was sent.
    pub fn is_refused_ledger(&self) -> bool {
        match self {
            LedgerError::Missing { .. }
            | LedgerError::NotALedger { .. }
            | LedgerError::Damaged { .. }
            | LedgerError::HardLinked { .. }
            | LedgerError::WentBack { .. }
            | LedgerError::BatchWentBack { .. }
            | LedgerError::TradeNoFormChanged { .. } => true,
            LedgerError::Sql { cause, .. } => identity::is_damage(cause),
            _ => false,
        }
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
    /// This open created the file (see [`continuity`]).
    created: bool,
    /// The mark of the batch this run sends, beside its lock, written with
    /// the path's own (see [`continuity`]).
    batch_mark: Option<PathBuf>,
}

impl std::fmt::Debug for Ledger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ledger").field("path", &self.path).finish()
    }
}

impl Ledger {
    /// Opens the ledger and brings its schema up to date, creating it
    /// (complete, 0600, in a folder created 0700) only if its path does not
    /// exist. An existing file must be a payrun ledger with one name (see
    /// [`identity`]). For a run, use [`open_for_run`], which locks first.
    pub fn open(path: &Path) -> Result<Ledger, LedgerError> {
        Ledger::open_rw(path, true)
    }

    /// [`Ledger::open`] for commands that only continue a ledger (`listen`,
    /// `reconcile`): a path with no ledger is an error, never a new ledger.
    pub fn open_existing(path: &Path) -> Result<Ledger, LedgerError> {
        Ledger::open_rw(path, false)
    }

    /// How long a write waits for another process's lock on the file
    /// before it fails (SQLite's busy timeout; 10 s unless set). `listen`
    /// sets less: the gateway waits only 10 s for its answer in all.
    pub fn set_busy_timeout(&self, wait: Duration) -> Result<(), LedgerError> {
        self.conn
            .busy_timeout(wait)
            .map_err(LedgerError::sql("setting the ledger's busy timeout"))
    }

    fn open_rw(path: &Path, create: bool) -> Result<Ledger, LedgerError> {
        let real = identity::real_path(path)?;
        let created = match std::fs::symlink_metadata(&real) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if !create {
                    return Err(continuity::missing(&real, path));
                }
                identity::create(&real)?;
                true
            }
            Err(cause) => return Err(LedgerError::Io { path: real, cause }),
            Ok(_) => false,
        };
        identity::check_file(&real, true)?;
        let open_err = |e| identity::classify(&real, e, "opening it");
        let mut conn = Connection::open(&real).map_err(open_err)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(open_err)?;
        identity::check_contents(&conn, &real)?;
        let mode: String = conn
            .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))
            .map_err(open_err)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(LedgerError::Corrupt(format!(
                "{}: SQLite refused WAL mode (got {mode}); is the file on a network drive?",
                real.display()
            )));
        }
        conn.execute_batch("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;")
            .map_err(open_err)?;
        schema::migrate(&mut conn).map_err(|cause| match cause {
            schema::MigrateError::Sql(e) => identity::classify(&real, e, "upgrading its schema"),
            cause => LedgerError::Migrate {
                path: real.clone(),
                cause,
            },
        })?;
        identity::stamp(&conn);
        Ok(Ledger {
            conn,
            path: real,
            created,
            batch_mark: None,
        })
    }

    /// SQLite's structural check (`PRAGMA quick_check`): b-tree pages,
    /// cells, free lists. A damaged ledger is refused with the recovery
    /// steps. It reads every page once, so `submit`, `reconcile` and
    /// `listen` run it once when they start (see docs/benchmarks.md).
    pub fn quick_check(&self) -> Result<(), LedgerError> {
        let damaged = |e| identity::classify(&self.path, e, "checking it");
        let found: Vec<String> =
            sql::all(&self.conn, "PRAGMA quick_check(20)", [], |r| r.get(0)).map_err(damaged)?;
        if found.len() == 1 && found[0] == "ok" {
            return Ok(());
        }
        Err(LedgerError::Damaged {
            path: self.path.clone(),
            why: format!("SQLite's quick_check found: {}", found.join("; ")),
        })
    }

    /// The ledger file, as opened.
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
    crate::private::create_dir_all(dir)
}

/// For a run that writes (`submit`, `reconcile`): the run lock beside the
/// ledger's real path, the ledger (created only when `create`, only where
/// no file exists), the lock on the ledger file itself (so that a moved or
/// re-linked name meets the same lock), and SQLite's quick check.
pub fn open_for_run(
    path: &Path,
    command: &str,
    create: bool,
) -> Result<(RunLock, Ledger), LedgerError> {
    if !create {
        // Checked before the lock file is made: nothing appears at a typo.
        let real = identity::real_path(path)?;
        if !real.exists() {
            return Err(continuity::missing(&real, path));
        }
    }
    let mut lock = RunLock::acquire(path, command)?;
    let ledger = open_under_lock(&mut lock, path, create)?;
    Ok((lock, ledger))
}

/// [`open_for_run`] after the lock: for a run that took the run lock itself,
/// before reading the ledger's history (`submit`), so that nothing about the
/// ledger is shown by a run that cannot start.
pub fn open_under_lock(
    lock: &mut RunLock,
    path: &Path,
    create: bool,
) -> Result<Ledger, LedgerError> {
    let ledger = if create {
        Ledger::open(path)?
    } else {
        Ledger::open_existing(path)?
    };
    lock.bind(ledger.path())?;
    ledger.quick_check()?;
    Ok(ledger)
}

#[cfg(test)]
pub(crate) mod tests;
