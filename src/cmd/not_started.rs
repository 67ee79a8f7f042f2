//! Exit 5, "could not start: nothing was sent": a run stopped by its
//! surroundings (the gateway did not answer the balance check, the ledger's
//! folder or disk cannot be written) before its first payout request. The
//! error says what to fix. Only when the ledger proves nothing was sent: once
//! a payout request was begun, a later failure keeps its own code.

use crate::error::Error;
use crate::exit;
use crate::ledger::{Ledger, LedgerError, LockError};
use std::io::ErrorKind;
use std::path::Path;

/// What stopped the run, as far as its error says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cause {
    /// No space left (ENOSPC, SQLITE_FULL).
    Full,
    /// The file system refused a write or a create.
    Refused,
    /// Another I/O failure of the ledger or a file.
    Io,
}

/// An error before the run's first ledger write (opening, locking,
/// beginning the run): nothing can have been sent.
pub(super) fn before_run(e: Error, ledger: &Path) -> Error {
    convert(e, ledger, None)
}

/// An error that ended a begun run: exit 5 only if the ledger shows no
/// payout request in `run_id`; if it cannot tell, the error keeps its code.
pub(super) fn after_run(e: Error, ledger: &Ledger, run_id: i64, gateway: &str) -> Error {
    decide(
        e,
        ledger.payout_attempts_in_run(run_id),
        ledger.path(),
        gateway,
    )
}

/// A run's result once its end was recorded in the ledger (`ended`): its
/// own, whether or not that record was written. The failure that stopped a
/// run (a full disk: exit 5, what to free) usually stops the record of its
/// end too, and must not be hidden behind it; a run that finished keeps its
/// code, which says how its payouts went. The record's failure is said.
pub(super) fn close_run(
    result: Result<i32, Error>,
    ended: Result<(), LedgerError>,
) -> Result<i32, Error> {
    if let Err(e) = ended {
        crate::log::warn(
            "run_end_not_recorded",
            format!(
                "warning: the end of this run was not recorded in the ledger ({e}); its payouts \
                 are recorded as they went, and `payrun status` will say it ended without a \
                 summary"
            ),
        );
    }
    result
}

fn decide(e: Error, sent: Result<u64, LedgerError>, path: &Path, gateway: &str) -> Error {
    match sent {
        Ok(0) => convert(e, path, Some(gateway)),
        _ => e,
    }
}

fn convert(e: Error, ledger: &Path, gateway: Option<&str>) -> Error {
    if e.exit_code() != exit::INCOMPLETE {
        return e;
    }
    let fix = match (&e, gateway) {
        (Error::Gateway(_), Some(url)) => format!(
            "the gateway at {url} did not answer the balance check as a gateway: check the \
             network and the base URL (--gateway, PAYRUN_GATEWAY_URL or payrun.toml), then run \
             the same command again"
        ),
        _ => match cause_of(&e) {
            Some(cause) => ledger_fix(ledger, cause),
            None => return e,
        },
    };
    Error::NotStarted {
        fix,
        cause: Box::new(e),
    }
}

fn cause_of(e: &Error) -> Option<Cause> {
    match e {
        Error::Io { cause, .. } => Some(io_cause(cause)),
        Error::Ledger(l) => ledger_cause(l),
        _ => None,
    }
}

fn ledger_cause(e: &LedgerError) -> Option<Cause> {
    match e {
        LedgerError::Io { cause, .. } | LedgerError::Lock(LockError::Io { cause, .. }) => {
            Some(io_cause(cause))
        }
        LedgerError::Open { cause, .. }
        | LedgerError::Sql { cause, .. }
        | LedgerError::Migrate {
            cause: crate::ledger::schema::MigrateError::Sql(cause),
            ..
        } => sqlite_cause(cause),
        // The writer's failures carry text only; they end runs that sent.
        _ => None,
    }
}

fn io_cause(e: &std::io::Error) -> Cause {
    match e.kind() {
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => Cause::Full,
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => Cause::Refused,
        _ => Cause::Io,
    }
}

fn sqlite_cause(e: &rusqlite::Error) -> Option<Cause> {
    use rusqlite::ErrorCode as C;
    match e.sqlite_error_code()? {
        C::DiskFull => Some(Cause::Full),
        C::ReadOnly | C::CannotOpen | C::PermissionDenied => Some(Cause::Refused),
        C::SystemIoFailure => Some(Cause::Io),
        _ => None,
    }
}

/// What to fix, found by trying to write where SQLite must: the ledger's
/// folder (or the nearest existing folder above it) holds the ledger, its
/// `-wal` and `-shm` files and the lock file.
fn ledger_fix(ledger: &Path, cause: Cause) -> String {
    let wal = format!(
        "{}-wal",
        ledger
            .file_name()
            .map_or("ledger.sqlite".into(), |n| n.to_string_lossy())
    );
    let folder = existing_folder(ledger);
    let probed = probe(&folder);
    let full = cause == Cause::Full || probed == Some(Cause::Full);
    if full {
        return format!(
            "the disk holding folder {} is full: free some space there (SQLite needs room for \
             {wal} beside the ledger), then run the same command again",
            folder.display()
        );
    }
    if probed == Some(Cause::Refused) {
        return format!(
            "folder {} is not writable (SQLite needs {wal} beside it): let the user running \
             payrun write there, or pass --ledger PATH in a folder it can write",
            folder.display()
        );
    }
    match cause {
        Cause::Refused => format!(
            "the ledger {} is not writable: let the user running payrun write it and its folder",
            ledger.display()
        ),
        _ => format!(
            "the ledger {} could not be opened or written (below); fix that, then run the same \
             command again",
            ledger.display()
        ),
    }
}

/// The ledger's folder, or the nearest folder above it that exists.
fn existing_folder(ledger: &Path) -> std::path::PathBuf {
    let mut dir = ledger.parent().filter(|d| !d.as_os_str().is_empty());
    while let Some(d) = dir {
        if d.is_dir() {
            return d.to_path_buf();
        }
        dir = d.parent().filter(|d| !d.as_os_str().is_empty());
    }
    std::path::PathBuf::from(".")
}

/// Writes 4 KiB to a temporary file in `folder` (removed at once): `None`
/// when that works, else why not.
fn probe(folder: &Path) -> Option<Cause> {
    use std::io::Write;
    let written = tempfile::Builder::new()
        .prefix(".payrun-write-check")
        .tempfile_in(folder)
        .and_then(|mut f| f.write_all(&[0u8; 4096]).and_then(|()| f.flush()));
    written.err().map(|e| io_cause(&e))
}

#[cfg(test)]
mod tests;
