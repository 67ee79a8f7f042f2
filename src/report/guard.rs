//! A report path never replaces a file payrun reads as input.
//!
//! `--report feb.csv` on `payrun check feb.csv` used to rename the report over
//! the payroll sheet: the sheet whose SHA-256 the ledger records, which an
//! auditor re-checks a batch against and `--adopt` rebuilds a batch from.
//! So a command first names what it reads ([`protect_file`]: the sheet or
//! statement of this run, by identity) and what the ledger records as read
//! ([`protect_inputs`]: every batch's sheet and every statement matched, by
//! SHA-256), then asks [`refuse_targets`] about every file it will write,
//! before any work. [`AtomicFile::create`](super::atomic::AtomicFile::create)
//! asks again for each file it writes, so a writer a command forgot is held
//! to the same rule.
//!
//! Any other existing file is replaced only if it shows itself a report
//! payrun wrote (`own`: last month's report, one edited by hand that kept
//! its header row or sheet names, an empty file): naming it as the report
//! path is how a person asks for that, and a cron job rewrites the same
//! path every run. Anything else (a copy of the sheet on a batch's first
//! run, before the ledger records it; another program's workbook) is
//! refused.

use super::ReportError;
use crate::ledger::inputs::KnownInput;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A file this process reads: where it is and which inode it is, so that
/// another spelling of its path, a symlink or a hard link is the same file.
struct Guarded {
    canonical: PathBuf,
    inode: Option<(u64, u64)>,
    role: String,
}

#[derive(Default)]
struct Protected {
    files: Vec<Guarded>,
    /// Files payrun keeps or reads whether or not they exist yet (a
    /// ledger's `-wal`, the sandbox's books), by where they would be.
    paths: Vec<(PathBuf, String)>,
    digests: Vec<KnownInput>,
    /// The last existing file hashed, by path, size and modified time: the
    /// check before any work and the writer's own check of the same file
    /// hash it once (an old report can be large).
    last_hashed: Option<(PathBuf, u64, Option<std::time::SystemTime>, String)>,
}

static PROTECTED: Mutex<Protected> = Mutex::new(Protected {
    files: Vec::new(),
    paths: Vec::new(),
    digests: Vec::new(),
    last_hashed: None,
});

fn protected() -> std::sync::MutexGuard<'static, Protected> {
    PROTECTED.lock().unwrap_or_else(|p| p.into_inner())
}

/// Why a report was not written over a file: what that file is.
#[derive(Debug, thiserror::Error)]
#[error("{}", .0)]
pub struct Refusal(pub String);

#[cfg(unix)]
fn inode(m: &std::fs::Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some((m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn inode(_: &std::fs::Metadata) -> Option<(u64, u64)> {
    None
}

/// Protects `path`, a file this run reads (`role`: "the sheet being checked").
/// A path that cannot be resolved is not a file a report could replace.
pub fn protect_file(path: &Path, role: &str) {
    let (Ok(canonical), Ok(meta)) = (std::fs::canonicalize(path), std::fs::metadata(path)) else {
        return;
    };
    protected().files.push(Guarded {
        canonical,
        inode: inode(&meta),
        role: format!("{role} ({})", path.display()),
    });
}

/// Protects the file at `path` whether or not it exists yet: a report
/// written as a ledger's `-wal` or the sandbox's books would be read by
/// SQLite or the sandbox as theirs.
pub fn protect_path(path: &Path, role: &str) {
    if let Some(at) = where_is(path) {
        protected()
            .paths
            .push((at, format!("{role} ({})", path.display())));
    }
}

/// Where `path` is, or would be once made: its parent's real path and its
/// name, so that `./x`, `a/../x` and a symlinked folder name one place.
fn where_is(path: &Path) -> Option<PathBuf> {
    if let Ok(real) = std::fs::canonicalize(path) {
        return Some(real);
    }
    let name = path.file_name()?;
    let parent = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let parent = std::fs::canonicalize(parent).or_else(|_| std::path::absolute(parent));
    parent.ok().map(|d| d.join(name))
}

/// Protects every file with the bytes of an input the ledger records.
pub fn protect_inputs(inputs: Vec<KnownInput>) {
    protected().digests.extend(inputs);
}

/// SHA-256 of the file at `path`, read in blocks (a sheet may be large).
fn sha256_of(path: &Path) -> io::Result<String> {
    use sha2::{Digest, Sha256};
    let mut f = std::fs::File::open(path)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            return Ok(crate::intake::hex(&h.finalize()));
        }
        h.update(&buf[..n]);
    }
}

/// What the existing file at `target` is to payrun, if it is protected.
fn what_is(target: &Path) -> Option<String> {
    let mut p = protected();
    if !p.paths.is_empty() {
        let at = where_is(target);
        if let Some((_, role)) = p.paths.iter().find(|(kept, _)| Some(kept) == at.as_ref()) {
            return Some(role.clone());
        }
    }
    let meta = std::fs::metadata(target).ok()?;
    if p.files.is_empty() && p.digests.is_empty() {
        return None;
    }
    let canonical = std::fs::canonicalize(target).ok();
    // An inode names the file only while the protected file still has it:
    // once that file is gone, the number may be given to any new file.
    let still_there =
        |g: &Guarded| std::fs::metadata(&g.canonical).is_ok_and(|m| inode(&m) == g.inode);
    let same = |g: &&Guarded| {
        canonical.as_ref() == Some(&g.canonical)
            || (g.inode.is_some() && g.inode == inode(&meta) && still_there(g))
    };
    if let Some(g) = p.files.iter().find(same) {
        return Some(g.role.clone());
    }
    if p.digests.is_empty() || !meta.is_file() {
        return None;
    }
    // A file that cannot be read cannot be compared: refuse, it may be one.
    let stamp = (target.to_path_buf(), meta.len(), meta.modified().ok());
    let cached = p
        .last_hashed
        .as_ref()
        .filter(|(path, len, at, _)| (path, len, at) == (&stamp.0, &stamp.1, &stamp.2))
        .map(|h| h.3.clone());
    let sha = match cached {
        Some(sha) => sha,
        None => {
            let Ok(sha) = sha256_of(target) else {
                return Some("a file payrun cannot read to compare with its inputs".into());
            };
            p.last_hashed = Some((stamp.0, stamp.1, stamp.2, sha.clone()));
            sha
        }
    };
    p.digests.iter().find(|k| k.sha256 == sha).map(|k| {
        format!(
            "{} (the same bytes as {}, SHA-256 {sha})",
            k.role, k.file_name
        )
    })
}

/// `Err` when writing `target` would replace a protected file; the error
/// names the file, what it is, and what to do (`flag`: the option that
/// names the report, as the user typed it).
fn check(target: &Path, flag: &str) -> Result<(), Refusal> {
    let foreign = || {
        let meta = std::fs::metadata(target).ok().filter(|m| m.is_file())?;
        super::own::not_ours(target, meta.len())
    };
    match what_is(target).or_else(foreign) {
        None => Ok(()),
        Some(role) => Err(Refusal(format!(
            "{}: payrun will not write a report over this file: it is {role}. Nothing was \
             done. Name a new file for the report ({flag} reports/NAME.xlsx), or move the \
             file away first if it really is an old report",
            target.display()
        ))),
    }
}

/// Every file a report at `main` may write: the main file, a CSV's
/// companions, a check report's changes file.
fn files_of(main: &Path) -> Vec<PathBuf> {
    let mut files = vec![main.to_path_buf()];
    for suffix in [".summary.csv", ".approvals.csv"] {
        files.push(super::companion_path(main, suffix));
    }
    files.push(super::check::changes_path(main));
    files
}

/// Refuses, before any work, a report at any of `mains` (with the files
/// beside it) that would replace a protected file.
pub fn refuse_targets(mains: &[&Path], flag: &str) -> Result<(), ReportError> {
    for main in mains {
        for f in files_of(main) {
            check(&f, flag).map_err(|r| ReportError::ReplacesInput(r.0))?;
        }
    }
    Ok(())
}

/// Refuses, before anything is sent, a report at any of `mains` that
/// cannot be written at all (`writable`).
pub fn refuse_unwritable(mains: &[&Path], flag: &str) -> Result<(), ReportError> {
    for main in mains {
        let files = files_of(main);
        super::writable::refuse_unwritable(main, files.get(1..).unwrap_or_default(), flag)?;
    }
    Ok(())
}

/// The check [`AtomicFile::create`](super::atomic::AtomicFile::create) makes
/// for every file it writes.
pub(crate) fn before_write(target: &Path) -> io::Result<()> {
    check(target, "--out").map_err(|r| io::Error::new(io::ErrorKind::AlreadyExists, r))
}

/// The refusal inside an I/O error from [`before_write`], if that is what it is.
pub fn refusal_in(e: &io::Error) -> Option<&Refusal> {
    e.get_ref()
        .and_then(|inner| inner.downcast_ref::<Refusal>())
}

#[cfg(test)]
#[path = "guard_tests.rs"]
mod tests;
