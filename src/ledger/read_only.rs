//! Opening a ledger for reading only (`status`, `report`), so that an
//! auditor with read access to the file and nothing more can run them.
//!
//! A WAL ledger opened read-only still needs its `-shm` file, which SQLite
//! creates beside the ledger. Where it cannot (a read-only folder or medium),
//! the ledger is opened `immutable=1`: SQLite then reads the main file only
//! and ignores the `-wal`, so payrun warns when a `-wal` with content exists
//! (an auditor should get a `.backup` copy, which has none).

use super::{BUSY_TIMEOUT, Ledger, LedgerError, identity, schema};
use rusqlite::{Connection, ErrorCode, OpenFlags};
use std::path::Path;

impl Ledger {
    /// Opens an existing ledger read-only; never creates nor changes one,
    /// except to bring an older schema up to date when the file is
    /// writable (a one-time upgrade, as any other command would do).
    pub fn open_read_only(path: &Path) -> Result<Ledger, LedgerError> {
        let real = identity::real_path(path)?;
        identity::check_file(&real, false).map_err(|e| match e {
            LedgerError::Missing { .. } => super::continuity::missing(&real, path),
            e => e,
        })?;
        let conn = match connect(&real, false) {
            Ok(c) => c,
            Err(e) if needs_immutable(&e) => {
                warn_immutable(&real);
                connect(&real, true)?
            }
            Err(e) => return Err(e),
        };
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| identity::classify(&real, e, "reading it"))?;
        if version < schema::CURRENT_VERSION {
            // Best effort: on read-only media it stays as it is, and only
            // what the older schema holds can be read.
            drop(Ledger::open_existing(&real));
        }
        Ok(Ledger {
            conn,
            path: real,
            created: false,
            batch_mark: None,
        })
    }
}

/// A read-only connection checked to be a payrun ledger (which also proves
/// SQLite could read it: a WAL file needs its `-shm` first).
fn connect(real: &Path, immutable: bool) -> Result<Connection, LedgerError> {
    let uri = format!(
        "file:{}?{}",
        uri_path(real),
        if immutable { "immutable=1" } else { "mode=ro" }
    );
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(&uri, flags)
        .map_err(|e| identity::classify(real, e, "opening it read-only"))?;
    conn.busy_timeout(BUSY_TIMEOUT)
        .map_err(|e| identity::classify(real, e, "opening it read-only"))?;
    identity::check_contents(&conn, real)?;
    Ok(conn)
}

/// SQLite could not make or use the `-shm` file of a read-only WAL ledger.
fn needs_immutable(e: &LedgerError) -> bool {
    let LedgerError::Open { cause, .. } = e else {
        return false;
    };
    matches!(
        cause.sqlite_error_code(),
        Some(ErrorCode::CannotOpen | ErrorCode::ReadOnly)
    )
}

fn warn_immutable(real: &Path) {
    let mut wal = real.as_os_str().to_owned();
    wal.push("-wal");
    let wal = std::path::PathBuf::from(wal);
    let pending = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
    if pending > 0 {
        crate::log::warn(
            "ledger_immutable",
            format!(
                "warning: {} is on read-only storage and opened as immutable: the {pending} bytes \
                 in {} (the latest changes) are not read. Ask for a copy made with \
                 sqlite3 LEDGER \".backup COPY\" (docs/auditors.md)",
                real.display(),
                wal.display()
            ),
        );
    }
}

/// The path as a `file:` URI path: every byte but unreserved ones and `/`
/// percent-encoded, so `?`, `#` and `%` in a folder name stay part of it.
fn uri_path(p: &Path) -> String {
    let bytes = p.as_os_str().as_encoded_bytes();
    let mut out = String::with_capacity(bytes.len());
    for &b in bytes {
        if b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_paths_keep_odd_folder_names() {
        assert_eq!(
            uri_path(Path::new("/srv/a b/l?#%.sqlite")),
            "/srv/a%20b/l%3F%23%25.sqlite"
        );
    }
}
