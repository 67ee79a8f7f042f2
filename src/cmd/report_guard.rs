//! What every command that writes a report asks first: would it replace a
//! file payrun reads or keeps (`report::guard`), and can it be written at
//! all? Asked before any work, so that a refused path costs nothing and
//! changes nothing (exit 2).

use crate::config::Resolved;
use crate::error::Error;
use crate::ledger::Ledger;
use crate::ledger::inputs::KnownInput;
use crate::report::guard;
use std::path::{Path, PathBuf};

/// [`protect`], then refuses any report in `targets` that would replace a
/// protected file, then [`refuse_unwritable`]: what every command that
/// writes a report asks before any work. `flag` names the report option.
/// `submit` asks the first two itself and [`refuse_unwritable`] once its
/// ledger is open (a ledger folder that cannot be written is exit 5 first,
/// and the default report lives under it).
pub(super) fn refuse_input_targets(
    s: &Resolved,
    reading: &[(&Path, &str)],
    known: Vec<KnownInput>,
    targets: &[&Path],
    flag: &str,
) -> Result<(), Error> {
    protect(s, reading, known);
    refuse_replacing(targets, flag)?;
    refuse_unwritable(targets, flag)
}

/// Protects the files payrun keeps or reads under these settings
/// ([`kept_files`]), the files this run reads (`reading`: path and what it
/// is) and the inputs a ledger records (`known`), for
/// [`refuse_replacing`] to hold every report path against.
pub(super) fn protect(s: &Resolved, reading: &[(&Path, &str)], known: Vec<KnownInput>) {
    for (path, role) in kept_files(s) {
        guard::protect_path(&path, role);
    }
    for (path, role) in reading {
        guard::protect_file(path, role);
    }
    guard::protect_inputs(known);
}

/// Refuses any report in `targets` that would replace a file
/// [`protect`]ed: exit 2.
pub(super) fn refuse_replacing(targets: &[&Path], flag: &str) -> Result<(), Error> {
    guard::refuse_targets(targets, flag).map_err(Error::from)
}

/// Refuses a report path in `targets` that cannot be written at all (its
/// folder is a file or cannot be written, it is a folder): exit 2.
pub(super) fn refuse_unwritable(targets: &[&Path], flag: &str) -> Result<(), Error> {
    guard::refuse_unwritable(targets, flag).map_err(Error::from)
}

/// The inputs recorded by the ledger at `path`, and the ledger itself, for
/// a command that has not opened it yet. A ledger that is not there or
/// cannot be read records nothing here; the command says so itself if it
/// needs one.
pub(super) fn known_inputs_at(path: Option<&Path>) -> Vec<KnownInput> {
    let Some(path) = path.filter(|p| p.is_file()) else {
        return Vec::new();
    };
    guard::protect_file(path, "the ledger");
    Ledger::open_read_only(path)
        .and_then(|l| l.known_inputs())
        .unwrap_or_default()
}

/// The inputs `ledger` records, and the ledger file itself.
pub(super) fn known_inputs(ledger: &Ledger) -> Result<Vec<KnownInput>, Error> {
    guard::protect_file(ledger.path(), "the ledger");
    Ok(ledger.known_inputs()?)
}

/// Refuses, before anything is sent, a batch report whose name gives no
/// format payrun writes (`--report r.txt`, `--report adir`): found only
/// after paying, it used to leave a paid batch without its report.
pub(super) fn batch_report_format(path: &Path) -> Result<(), Error> {
    if path.is_dir() {
        // "It is a folder" says more than "no format".
        return refuse_unwritable(&[path], "--report");
    }
    crate::report::ReportFormat::from_path(path)
        .map(drop)
        .map_err(|e| Error::Usage(format!("{e}. Nothing was done (nothing was sent)")))
}

/// THE list of files payrun keeps or reads beside the run's own inputs, by
/// where they are or would be: a report written over one of them (the
/// sandbox's books, a ledger's `-wal`) breaks the next run, or leaks a
/// secret into a report folder's neighbour. A new file payrun keeps goes
/// here.
fn kept_files(s: &Resolved) -> Vec<(PathBuf, &'static str)> {
    let mut kept: Vec<(PathBuf, &'static str)> = Vec::new();
    if let Some(ledger) = &s.ledger {
        // SQLite names its side files after the path it opened, and the
        // ledger may be reached through a symlink: both spellings.
        let real = std::fs::canonicalize(ledger).ok();
        for l in std::iter::once(ledger).chain(real.as_ref()) {
            kept.extend(ledger_files(l));
        }
    }
    if let Some(f) = &s.config_file {
        kept.push((f.clone(), "the config file payrun reads"));
    }
    if let Some(f) = &s.gateway.app_secret_file {
        kept.push((f.value.clone(), "the app secret file"));
    }
    if let Some(f) = &s.approval.signers {
        kept.push((f.clone(), "the allowed-signers file of approvals"));
    }
    kept
}

/// A ledger and the files beside it: SQLite's, payrun's lock and mark, and
/// the sandbox's books kept beside a sandbox ledger.
fn ledger_files(ledger: &Path) -> Vec<(PathBuf, &'static str)> {
    let beside = |suffix: &str| {
        let mut name = ledger.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    };
    let files = vec![
        (ledger.to_path_buf(), "the ledger"),
        (beside("-wal"), "the ledger's SQLite write-ahead log"),
        (beside("-shm"), "the ledger's SQLite shared memory file"),
        (beside("-journal"), "the ledger's SQLite journal"),
        (
            crate::ledger::lock::RunLock::path_for(ledger),
            "the ledger's lock file",
        ),
        (
            crate::ledger::continuity::mark_path(ledger),
            "the ledger's mark (ledger::continuity)",
        ),
    ];
    files.into_iter().chain(sandbox_books(ledger)).collect()
}

/// The sandbox gateway's books beside a sandbox ledger, and their lock.
#[cfg(feature = "sandbox")]
fn sandbox_books(ledger: &Path) -> Vec<(PathBuf, &'static str)> {
    let books = ledger.with_file_name(crate::sandbox::BOOKS_FILE);
    let mut lock = books.as_os_str().to_owned();
    lock.push(".lock");
    vec![
        (PathBuf::from(lock), "the sandbox gateway's books lock"),
        (books, "the sandbox gateway's books"),
    ]
}

#[cfg(not(feature = "sandbox"))]
fn sandbox_books(_: &Path) -> Vec<(PathBuf, &'static str)> {
    Vec::new()
}
