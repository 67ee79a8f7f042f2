//! Which file is the ledger, and whether it is one.
//!
//! The safety contract holds only while the ledger is intact and is the only
//! one: an empty file taken for a new ledger, a second name for the same file,
//! or a damaged database would each let payrun believe "nothing was sent" and
//! pay everyone again. So:
//! - a path is resolved (symlinks followed, a dangling one too) before
//!   anything is created, and only a path that does not exist is created: a
//!   complete, private (0600) ledger appears there at once (built under a
//!   temporary name, then linked into place), never an empty file;
//! - an existing file must be a payrun ledger: `PRAGMA application_id` says
//!   so for ledgers made since issue 12, the schema's shape for older ones;
//! - a writer refuses a ledger with more than one hard link;
//! - [`super::Ledger::quick_check`] runs SQLite's own structural check.
//!
//! Reading the file's first bytes with `std::fs` is avoided on purpose:
//! closing any descriptor of a file drops every POSIX lock this process holds
//! on it, SQLite's included, so the checks ask SQLite and `stat` instead.

use super::{LedgerError, create_private_dir, schema};
use rusqlite::{Connection, ErrorCode};
use std::path::{Path, PathBuf};

/// `PRAGMA application_id` of a payrun ledger: "PRUN" in ASCII.
pub const APPLICATION_ID: i32 = 0x5052_554E;

/// Symlinks followed at most, as the kernel's own limit.
const MAX_LINKS: usize = 40;

/// Tables every payrun ledger has had since its first schema version: an
/// older ledger (no application id yet) is recognised by them.
const CORE_TABLES: [&str; 6] = [
    "batches",
    "runs",
    "payouts",
    "attempts",
    "events",
    "invalid_rows",
];

/// Where ledgers usually are, for the error about a path with none.
pub const USUAL_PLACES: &str = "ledgers usually are at $XDG_DATA_HOME/payrun/ledger.sqlite \
     (~/.local/share/payrun/ledger.sqlite), at ./payrun-sandbox/ledger.sqlite for --sandbox \
     runs, or wherever --ledger, $PAYRUN_LEDGER or the `ledger` key of payrun.toml points";

/// What to do with a ledger payrun refuses, in one place for every refusal.
pub fn recovery(path: &Path) -> String {
    recovery_for(&path.display().to_string())
}

fn recovery_for(p: &str) -> String {
    format!(
        "What to do (docs/operations.md, \"Recovery\"):\n  \
         1. Stop every payrun (submit, reconcile, listen) using this ledger and move the file \
         aside, do not delete it: mv {p} {p}.bad\n  \
         2. Restore the latest backup (made with sqlite3 {p} \".backup ...\" or Litestream) to \
         {p}, then run the same `payrun submit SHEET --batch LABEL --adopt`: anything sent after \
         the backup is found at the gateway and recorded, not sent again.\n  \
         3. With no backup, rebuild it from the gateway: for each batch, `payrun submit SHEET \
         --batch LABEL --adopt` with the sheet it was paid from. It asks the gateway about every \
         tradeNo first and sends only what the gateway has never seen."
    )
}

/// What to do with a ledger older than the one last used at its path
/// (see `super::continuity`).
pub fn went_back_recovery(path: &Path) -> String {
    let p = path.display();
    format!(
        "What to do (docs/operations.md, \"Recovery\"):\n  \
         1. If the newer ledger still exists (the file this one replaced, with its -wal), stop \
         every payrun using this path and put it back; run again.\n  \
         2. Otherwise keep this one and, for each batch of the runs it lacks (named above), run \
         `payrun submit SHEET --batch LABEL --adopt` with the sheet it was paid from: it asks the \
         gateway about every payout this ledger holds as not sent, records what the gateway has, \
         and sends only what it has never seen. The first such run accepts this ledger at {p}, \
         which stays marked as lacking the other runs: every other batch is refused until each \
         is adopted, or a person acknowledges the gap (`payrun submit SHEET --batch LABEL --adopt \
         --acknowledge-missing-runs`)."
    )
}

/// The ledger's real path: symlinks followed (a dangling one to the path it
/// names, so that the ledger is created there and locked there, whatever
/// name later runs use), `.` and `..` resolved where the folder exists.
pub fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let mut p = std::path::absolute(path)?;
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let target = std::fs::read_link(&p)?;
                p = match p.parent() {
                    Some(dir) if target.is_relative() => dir.join(target),
                    _ => target,
                };
            }
            Ok(_) => return std::fs::canonicalize(&p),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let (Some(dir), Some(name)) = (p.parent(), p.file_name()) else {
                    return Ok(p);
                };
                return match std::fs::canonicalize(dir) {
                    Ok(d) => Ok(d.join(name)),
                    // The folder is created later, privately.
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(p),
                    Err(e) => Err(e),
                };
            }
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other(format!(
        "more than {MAX_LINKS} symbolic links"
    )))
}

/// [`resolve`] for opening a ledger: a failure is the ledger's error,
/// naming the path as the user gave it.
pub(crate) fn real_path(path: &Path) -> Result<PathBuf, LedgerError> {
    resolve(path).map_err(|cause| LedgerError::Io {
        path: path.to_path_buf(),
        cause,
    })
}

/// Creates a new ledger at `real`, which must not exist: built complete
/// under a temporary name in the same folder (0600, schema and application
/// id in place), then hard-linked into place, which fails rather than
/// replace a file that appeared meanwhile. A crash leaves at most a stray
/// temporary file, never an empty ledger.
pub fn create(real: &Path) -> Result<(), LedgerError> {
    let io = |cause| LedgerError::Io {
        path: real.to_path_buf(),
        cause,
    };
    let dir = match real.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    create_private_dir(&dir).map_err(io)?;
    let name = real
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "ledger".to_string());
    static SEQ: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let seq = SEQ.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = dir.join(format!(".{name}.new-{}-{seq}", std::process::id()));
    let result = build(&tmp).and_then(|()| match std::fs::hard_link(&tmp, real) {
        Ok(()) => Ok(()),
        // Another run created it first: use theirs, checked like any other.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(io(e)),
    });
    remove_temporary(&tmp);
    result?;
    // The new name must survive a power cut.
    if let Ok(d) = std::fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// The complete new ledger under a temporary name.
fn build(tmp: &Path) -> Result<(), LedgerError> {
    let io = |cause| LedgerError::Io {
        path: tmp.to_path_buf(),
        cause,
    };
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // SQLite gives the -wal and -shm files the database file's mode.
        opts.mode(0o600);
    }
    drop(opts.open(tmp).map_err(io)?);
    let open_err = |cause| LedgerError::Open {
        path: tmp.to_path_buf(),
        cause,
    };
    let mut conn = Connection::open(tmp).map_err(open_err)?;
    conn.pragma_update(None, "application_id", APPLICATION_ID)
        .map_err(open_err)?;
    conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get::<_, String>(0))
        .map_err(open_err)?;
    schema::migrate(&mut conn).map_err(|cause| LedgerError::Migrate {
        path: tmp.to_path_buf(),
        cause,
    })?;
    finish(conn, tmp)
}

/// Folds the new ledger's `-wal` into its file, then closes it. Only the
/// file is linked into place (its `-wal` keeps the temporary name), so it
/// must hold everything. Closing the last connection checkpoints too, but
/// says nothing when that fails (a full disk): the checkpoint is asked for
/// here, and a partial one refuses the file.
fn finish(conn: Connection, tmp: &Path) -> Result<(), LedgerError> {
    let open_err = |cause| LedgerError::Open {
        path: tmp.to_path_buf(),
        cause,
    };
    let (busy, log, folded): (i64, i64, i64) = conn
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .map_err(open_err)?;
    if busy != 0 || log != folded {
        return Err(LedgerError::Io {
            path: tmp.to_path_buf(),
            cause: std::io::Error::other(format!(
                "the new ledger's -wal could not be folded into it ({folded} of {log} pages{}); \
                 is the disk full?",
                if busy != 0 { ", busy" } else { "" }
            )),
        });
    }
    conn.close().map_err(|(_, cause)| open_err(cause))?;
    Ok(())
}

/// Removes the new ledger's temporary name and its companions, which SQLite
/// leaves behind when building it failed (a full disk).
fn remove_temporary(tmp: &Path) {
    let _ = std::fs::remove_file(tmp);
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut p = tmp.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

/// What `stat` says about an existing ledger file, before SQLite opens it.
/// `writer`: a run that writes, for which a second name is refused.
pub fn check_file(real: &Path, writer: bool) -> Result<(), LedgerError> {
    let meta = std::fs::metadata(real).map_err(|cause| match cause.kind() {
        std::io::ErrorKind::NotFound => LedgerError::Missing {
            path: real.to_path_buf(),
        },
        _ => LedgerError::Io {
            path: real.to_path_buf(),
            cause,
        },
    })?;
    let not_ledger = |why: &str| LedgerError::NotALedger {
        path: real.to_path_buf(),
        why: why.to_string(),
    };
    if !meta.is_file() {
        return Err(not_ledger("it is not a regular file"));
    }
    if meta.len() == 0 {
        return Err(not_ledger(
            "the file is empty (0 bytes). A ledger that existed and was emptied cannot tell \
             what was paid; payrun creates a new ledger only where no file exists",
        ));
    }
    #[cfg(unix)]
    if writer {
        check_links(real)?;
    }
    #[cfg(not(unix))]
    let _ = writer;
    Ok(())
}

/// Refuses a ledger reachable under more than one name: each name would get
/// its own lock file, and two runs could send from one ledger at once. A
/// new ledger has two names for an instant while [`create`] links it into
/// place, so a second look is taken before refusing.
#[cfg(unix)]
fn check_links(real: &Path) -> Result<(), LedgerError> {
    use std::os::unix::fs::MetadataExt;
    let links = |p: &Path| std::fs::metadata(p).map(|m| m.nlink()).unwrap_or(1);
    if links(real) <= 1 {
        return Ok(());
    }
    std::thread::sleep(std::time::Duration::from_millis(100));
    match links(real) {
        n if n <= 1 => Ok(()),
        n => Err(LedgerError::HardLinked {
            path: real.to_path_buf(),
            links: n,
        }),
    }
}

/// Whether the open database is a payrun ledger: the application id, or for
/// a ledger made before it was set, payrun's tables and a schema version.
pub fn check_contents(conn: &Connection, real: &Path) -> Result<(), LedgerError> {
    let read = |e| classify(real, e, "reading its header");
    let app_id: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(read)?;
    let not_ledger = |why: String| LedgerError::NotALedger {
        path: real.to_path_buf(),
        why,
    };
    if app_id == APPLICATION_ID {
        return Ok(());
    }
    if app_id != 0 {
        return Err(not_ledger(format!(
            "it is another program's SQLite database (application_id {app_id:#x})"
        )));
    }
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(read)?;
    let sql = "SELECT name FROM sqlite_master WHERE type = 'table'";
    let tables: Vec<String> = super::sql::all(conn, sql, [], |r| r.get(0)).map_err(read)?;
    let has = |t: &str| tables.iter().any(|n| n == t);
    if version >= 1 && CORE_TABLES.iter().all(|t| has(t)) {
        return Ok(());
    }
    Err(not_ledger(if tables.is_empty() {
        "it is an empty SQLite database, with none of payrun's tables".to_string()
    } else {
        format!(
            "it is a SQLite database without payrun's tables (it has {})",
            tables.join(", ")
        )
    }))
}

/// Tags a ledger made before issue 12 with payrun's application id, so that
/// later opens recognise it at once. A failure only costs the tag.
pub fn stamp(conn: &Connection) {
    let current: Result<i32, _> = conn.query_row("PRAGMA application_id", [], |r| r.get(0));
    if current == Ok(0) {
        let _ = conn.pragma_update(None, "application_id", APPLICATION_ID);
    }
}

/// Whether SQLite says the file is damaged or not a database at all.
pub fn is_damage(cause: &rusqlite::Error) -> bool {
    matches!(
        cause.sqlite_error_code(),
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt)
    )
}

/// For an error met while using a ledger (not while opening it): the same
/// advice as [`recovery`], when SQLite says the file is damaged.
pub fn damage_hint(cause: &rusqlite::Error) -> String {
    if !is_damage(cause) {
        return String::new();
    }
    format!(
        ". The ledger is damaged; nothing more is sent from it.\n{}",
        recovery_for("LEDGER")
    )
}

/// SQLite's "not a database" and "malformed" are this file's fault, not a
/// passing error: they become [`LedgerError::NotALedger`] and
/// [`LedgerError::Damaged`], which refuse with the recovery steps.
pub fn classify(real: &Path, cause: rusqlite::Error, context: &'static str) -> LedgerError {
    match cause.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => LedgerError::NotALedger {
            path: real.to_path_buf(),
            why: format!("SQLite cannot read it as a database ({cause})"),
        },
        Some(ErrorCode::DatabaseCorrupt) => LedgerError::Damaged {
            path: real.to_path_buf(),
            why: format!("{context}: {cause}"),
        },
        _ => LedgerError::Open {
            path: real.to_path_buf(),
            cause,
        },
    }
}

#[cfg(test)]
mod tests;
