//! One run at a time per ledger: an exclusive lock on `<ledger>.lock`.
//!
//! The operating system releases the lock when the process dies, even on
//! `kill -9`, so a crashed run never blocks the next one. The file itself
//! stays (deleting lock files races); it holds the holder's pid and start time
//! so that a refused run can say who is in the way.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Held for the whole run; dropping it releases the lock.
#[derive(Debug)]
pub struct RunLock {
    file: File,
    path: PathBuf,
}

/// Why the lock could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error(
        "{path}: another payrun run holds the ledger lock ({holder}). Wait for it to finish; if no payrun is running, the lock is released automatically, so check `ps`"
    )]
    Held { path: PathBuf, holder: String },
    #[error("{path}: cannot open or lock the ledger lock file: {cause}")]
    Io {
        path: PathBuf,
        cause: std::io::Error,
    },
}

impl RunLock {
    /// The lock file beside a ledger.
    pub fn path_for(ledger: &Path) -> PathBuf {
        let mut s = ledger.as_os_str().to_owned();
        s.push(".lock");
        PathBuf::from(s)
    }

    /// Takes the lock at once or fails at once: a cron job must not queue
    /// behind a run that is paying people.
    pub fn acquire(ledger: &Path, command: &str) -> Result<RunLock, LockError> {
        let path = Self::path_for(ledger);
        let io = |cause| LockError::Io {
            path: path.clone(),
            cause,
        };
        let mut opts = OpenOptions::new();
        opts.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            super::create_private_dir(dir).map_err(io)?;
        }
        // Lock the file beside the ledger's real path: a symlink or another
        // spelling of the same ledger must meet the same lock, or two runs
        // would send from one ledger at once.
        let path = Self::path_for(&real_path(ledger));
        let io = |cause| LockError::Io {
            path: path.clone(),
            cause,
        };
        let mut file = opts.open(&path).map_err(io)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut holder = String::new();
                // Best effort: the holder may be writing it right now.
                let _ = file.read_to_string(&mut holder);
                let holder = holder.trim();
                let holder = if holder.is_empty() {
                    "holder unknown".to_string()
                } else {
                    holder.to_string()
                };
                return Err(LockError::Held { path, holder });
            }
            Err(TryLockError::Error(e)) => return Err(io(e)),
        }
        let who = format!(
            "pid {}, {} started {}",
            std::process::id(),
            command,
            super::time::now_text()
        );
        file.set_len(0).map_err(io)?;
        file.seek(SeekFrom::Start(0)).map_err(io)?;
        file.write_all(who.as_bytes()).map_err(io)?;
        file.flush().map_err(io)?;
        Ok(RunLock { file, path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// The ledger's path with symlinks resolved: the file itself when it exists,
/// else its folder (which `acquire` has just created). Falls back to the path
/// as given if neither resolves.
fn real_path(ledger: &Path) -> PathBuf {
    if let Ok(p) = std::fs::canonicalize(ledger) {
        return p;
    }
    let dir = match ledger.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    match (std::fs::canonicalize(dir), ledger.file_name()) {
        (Ok(d), Some(name)) => d.join(name),
        _ => ledger.to_path_buf(),
    }
}

impl Drop for RunLock {
    fn drop(&mut self) {
        // Clear the holder line so a stale file says nothing misleading; the
        // lock itself is released by closing the file.
        let _ = self.file.set_len(0);
        let _ = self.file.unlock();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_lock_is_refused_with_the_holder_then_released_on_drop() {
        let dir = tempfile::tempdir().expect("tempdir");
        let ledger = dir.path().join("ledger.sqlite");
        let first = RunLock::acquire(&ledger, "submit").expect("first lock");
        assert!(first.path().ends_with("ledger.sqlite.lock"));
        let err = RunLock::acquire(&ledger, "submit").expect_err("second must fail");
        let msg = err.to_string();
        assert!(matches!(err, LockError::Held { .. }));
        assert!(
            msg.contains(&format!("pid {}", std::process::id())),
            "{msg}"
        );
        assert!(msg.contains("started"), "{msg}");
        drop(first);
        let again = RunLock::acquire(&ledger, "submit").expect("released");
        drop(again);
    }

    /// The same ledger reached through a symlink, a symlinked folder or a
    /// `..` detour is the same ledger: one lock.
    #[cfg(unix)]
    #[test]
    fn every_path_to_the_same_ledger_meets_the_same_lock() {
        let dir = tempfile::tempdir().expect("tempdir");
        let real_dir = dir.path().join("real");
        std::fs::create_dir(&real_dir).expect("mkdir");
        let ledger = real_dir.join("ledger.sqlite");
        std::fs::write(&ledger, b"").expect("ledger file");
        let file_link = dir.path().join("link.sqlite");
        std::os::unix::fs::symlink(&ledger, &file_link).expect("symlink file");
        let dir_link = dir.path().join("alias");
        std::os::unix::fs::symlink(&real_dir, &dir_link).expect("symlink dir");
        let detour = dir.path().join("alias/../real/ledger.sqlite");
        let held = RunLock::acquire(&ledger, "submit").expect("first lock");
        for other in [&file_link, &dir_link.join("ledger.sqlite"), &detour] {
            let err = RunLock::acquire(other, "submit")
                .expect_err(&format!("{} reaches the same ledger", other.display()));
            assert!(matches!(err, LockError::Held { .. }), "{err}");
        }
        drop(held);
        // A ledger not created yet, through the folder's symlink.
        let fresh = real_dir.join("new.sqlite");
        let held = RunLock::acquire(&dir_link.join("new.sqlite"), "submit").expect("lock");
        assert!(RunLock::acquire(&fresh, "submit").is_err());
        drop(held);
    }
}
