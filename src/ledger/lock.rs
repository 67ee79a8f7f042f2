//! One run at a time per ledger: an exclusive lock on `<ledger>.lock` beside
//! the ledger's real path, and one on the ledger file itself.
//!
//! The lock file says who holds the ledger (pid and start time), so that a
//! refused run can say who is in the way; it also serialises creating a new
//! ledger. The lock on the ledger file is what makes it one lock per ledger
//! whatever name reaches it: a file moved or linked under another name has
//! another lock file beside it, but it is the same file (device and inode).
//!
//! The operating system releases both when the process dies, even on
//! `kill -9`, so a crashed run never blocks the next one. The lock file
//! stays (deleting lock files races). The descriptor that locks the ledger
//! file is never closed while the process lives (see [`bind`]).

use super::lock_file::{LockFile, Taken};
use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};

/// Held for the whole run; dropping it releases the lock.
#[derive(Debug)]
pub struct RunLock {
    /// Held for its drop, which releases the lock file.
    _file: LockFile,
    /// Where the lock file is, for tests to check.
    #[cfg(test)]
    path: PathBuf,
    /// The ledger file's (device, inode), once [`RunLock::bind`] locked it.
    bound: Option<(u64, u64)>,
}

/// Why the lock could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error(
        "{path}: another payrun run holds the ledger lock ({holder}). Wait for it to finish; if no payrun is running, the lock is released automatically, so check `ps`"
    )]
    Held { path: PathBuf, holder: String },
    /// See `super::batch_lock`.
    #[error(
        "another payrun run is sending batch '{label}' to this gateway through another ledger \
         ({holder}). Two ledgers paying one batch at once would each pay all of it. Wait for it \
         to finish, then keep one ledger for this batch (docs/operations.md, \"Recovery\")"
    )]
    BatchHeld { label: String, holder: String },
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
        let io_at = |path: &Path| {
            let path = path.to_path_buf();
            move |cause| LockError::Io { path, cause }
        };
        // Lock the file beside the ledger's real path: a symlink (a dangling
        // one too) or another spelling of the same ledger must meet the same
        // lock, or two runs would send from one ledger at once. The folder
        // is created first, so that the path resolves through it.
        let real = super::identity::resolve(ledger).map_err(io_at(ledger))?;
        if let Some(dir) = real.parent().filter(|d| !d.as_os_str().is_empty()) {
            super::create_private_dir(dir).map_err(io_at(dir))?;
        }
        let real = super::identity::resolve(&real).map_err(io_at(ledger))?;
        let path = Self::path_for(&real);
        let io = |cause| LockError::Io {
            path: path.clone(),
            cause,
        };
        let mut file = match LockFile::take(&path, &[0]).map_err(io)? {
            Taken::Mine(file) => file,
            Taken::Theirs(holder) => return Err(LockError::Held { path, holder }),
        };
        let who = format!(
            "pid {}, {} started {}",
            std::process::id(),
            command,
            crate::time::now_text()
        );
        file.name_holder(&who).map_err(io)?;
        Ok(RunLock {
            _file: file,
            #[cfg(test)]
            path,
            bound: None,
        })
    }

    #[cfg(test)]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Locks the ledger file itself (its device and inode), so that the same
    /// file under another name (moved, or linked) meets this lock. Call it
    /// once the ledger exists; a second call is a no-op.
    pub fn bind(&mut self, real: &Path) -> Result<(), LockError> {
        if self.bound.is_none() {
            self.bound = identity_lock(real)?;
        }
        Ok(())
    }
}

/// Descriptors that lock ledger files, by (device, inode), kept open for the
/// life of the process. Closing any descriptor of a file drops every POSIX
/// lock the process holds on it, SQLite's own included (then another
/// process could checkpoint and delete the WAL under open connections), and
/// a run may still hold connections when its lock is dropped. So a released
/// lock only unlocks its descriptor, which the next run in this process
/// reuses: one descriptor per ledger, never one per run.
struct Held {
    id: (u64, u64),
    file: File,
    locked: bool,
}

static HELD: std::sync::Mutex<Vec<Held>> = std::sync::Mutex::new(Vec::new());

#[cfg(unix)]
fn identity_lock(real: &Path) -> Result<Option<(u64, u64)>, LockError> {
    use std::os::unix::fs::MetadataExt;
    let io = |cause| LockError::Io {
        path: real.to_path_buf(),
        cause,
    };
    let held_elsewhere = || LockError::Held {
        path: real.to_path_buf(),
        holder: "another payrun run holds this ledger file under another name (moved or \
                 linked since it started)"
            .to_string(),
    };
    // stat, not open: an extra descriptor closed again would drop locks.
    let meta = std::fs::metadata(real).map_err(io)?;
    let id = (meta.dev(), meta.ino());
    let mut held = HELD.lock().unwrap_or_else(|p| p.into_inner());
    let slot = match held.iter().position(|h| h.id == id) {
        Some(i) => i,
        None => {
            let file = File::open(real).map_err(io)?;
            let got = file.metadata().map_err(io)?;
            if (got.dev(), got.ino()) != id {
                return Err(io(std::io::Error::other(
                    "the ledger file was replaced while being locked",
                )));
            }
            held.push(Held {
                id,
                file,
                locked: false,
            });
            held.len() - 1
        }
    };
    let Some(h) = held.get_mut(slot) else {
        return Err(held_elsewhere());
    };
    if h.locked {
        return Err(LockError::Held {
            path: real.to_path_buf(),
            holder: format!("this process (pid {}) already holds it", std::process::id()),
        });
    }
    match h.file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => return Err(held_elsewhere()),
        Err(TryLockError::Error(e)) => return Err(io(e)),
    }
    h.locked = true;
    Ok(Some(id))
}

#[cfg(not(unix))]
fn identity_lock(_real: &Path) -> Result<Option<(u64, u64)>, LockError> {
    Ok(None)
}

fn identity_unlock(id: (u64, u64)) {
    let mut held = HELD.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(h) = held.iter_mut().find(|h| h.id == id && h.locked) {
        let _ = h.file.unlock();
        h.locked = false;
    }
}

impl Drop for RunLock {
    fn drop(&mut self) {
        // The ledger file's lock goes first, then (as `_file` drops) the lock
        // file's: the reverse of the order a run takes them in.
        if let Some(id) = self.bound.take() {
            identity_unlock(id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::tests::temp_ledger_path;

    #[test]
    fn second_lock_is_refused_with_the_holder_then_released_on_drop() {
        let (_dir, ledger) = temp_ledger_path();
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

    /// One lock per ledger file, whatever its name: a ledger moved or hard
    /// linked while a run holds it meets the same lock under the new name.
    #[cfg(unix)]
    #[test]
    fn a_moved_or_linked_ledger_meets_the_lock_on_the_file_itself() {
        let (dir, ledger) = temp_ledger_path();
        std::fs::write(&ledger, b"x").expect("ledger file");
        let mut held = RunLock::acquire(&ledger, "submit").expect("first lock");
        held.bind(&ledger).expect("bind");
        let linked = dir.path().join("b.sqlite");
        std::fs::hard_link(&ledger, &linked).expect("ln");
        let moved = dir.path().join("c.sqlite");
        std::fs::rename(&ledger, &moved).expect("mv");
        for other in [&linked, &moved] {
            let mut second = RunLock::acquire(other, "submit").expect("its own lock file");
            let err = second.bind(other).expect_err("same file, same lock");
            assert!(matches!(err, LockError::Held { .. }), "{err}");
        }
        drop(held);
        let mut again = RunLock::acquire(&moved, "submit").expect("lock file");
        again.bind(&moved).expect("released with the first lock");
    }
}
