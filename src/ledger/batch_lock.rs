//! One run per batch on this host, whatever ledger it uses.
//!
//! The run lock ([`super::lock`]) is per ledger file. Two ledgers paying one
//! batch at once (a ledger copied to a second path, a second config naming
//! another ledger, two cron jobs started in the same second) each hold their
//! own lock, and each run's ledger-loss check asks the gateway before the
//! other has sent anything: both passed, and both paid the whole batch. So a
//! submit also locks the batch itself, keyed by the gateway, the merchant
//! and the label, in a folder shared by every ledger of the user:
//! `$HOME/.local/share/payrun/batch-locks/` (0700), one file per batch named
//! by a hash (labels stay out of file names).
//!
//! Beside each lock, the batch remembers the ledger it was last sent
//! through (`super::batch_home`), so that two ledgers one after the other
//! meet too, and what that ledger held then (its mark, `<hash>.mark`:
//! `super::continuity`), so that a copy of it that went back in time is
//! refused at any path.
//!
//! Limits: the same user on the same host. Runs as another user, or on
//! another host, meet only the ledger-loss check (docs/operations.md).
//! The in-process sandbox lives and dies with its run: it needs no lock.

use super::LockError;
use super::lock_file::{LockFile, Taken};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// Held for the whole run; dropping it releases the lock.
#[derive(Debug)]
pub struct BatchLock {
    /// Held for its drop, which releases the lock.
    _file: LockFile,
    /// Which ledger the batch was last sent through (`super::batch_home`).
    pub(super) home: PathBuf,
}

/// The folder of batch locks, if the user has a home.
fn folder() -> Option<PathBuf> {
    let home = std::env::var_os("HOME").map(PathBuf::from)?;
    home.is_absolute()
        .then(|| home.join(".local/share/payrun/batch-locks"))
}

/// The lock file of one batch at one merchant of one gateway.
fn file_for(dir: &Path, gateway: &str, merchant: &str, label: &str) -> PathBuf {
    let mut h = Sha256::new();
    for part in [gateway, merchant, label] {
        h.update(part.as_bytes());
        h.update([0u8]);
    }
    let hex: String = h
        .finalize()
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect();
    dir.join(format!("{hex}.lock"))
}

/// Locks the batch at once or fails at once (exit 4). `Ok(None)`: no home
/// folder to lock in, or one payrun cannot write (said in a warning); the
/// run goes on with its ledger lock only.
pub fn acquire(
    gateway: &str,
    merchant: &str,
    label: &str,
    ledger: &Path,
) -> Result<Option<BatchLock>, LockError> {
    let Some(dir) = folder() else {
        return Ok(None);
    };
    match acquire_in(&dir, gateway, merchant, label, ledger) {
        Ok(lock) => Ok(Some(lock)),
        Err(e @ LockError::BatchHeld { .. }) => Err(e),
        // A home payrun cannot write (a system user's `/nonexistent`, a
        // read-only home) is no reason to stop a run that its ledger lock
        // guards as before this lock existed; it is said, not silent.
        Err(e) => {
            crate::log::warn(
                "batch_lock_unavailable",
                format!(
                    "could not take the batch lock in {} ({e}); this run is guarded by its \
                     ledger's lock only: make sure no other ledger pays batch '{label}' at the \
                     same time (give payrun a writable HOME to have it checked)",
                    dir.display()
                ),
            );
            Ok(None)
        }
    }
}

/// Without taking the lock (a dry run): the refusal a real run of the
/// batch through the ledger at `real` would meet (`super::batch_home`).
pub fn refusal_for(
    gateway: &str,
    merchant: &str,
    label: &str,
    real: &Path,
    adopt: bool,
) -> Option<String> {
    let record = file_for(&folder()?, gateway, merchant, label).with_extension("ledger");
    super::batch_home::refusal_at(&record, real, label, adopt)
}

/// Without taking the lock: the batch's mark (`BatchLock::mark_file`).
pub fn mark_file_for(gateway: &str, merchant: &str, label: &str) -> Option<PathBuf> {
    Some(file_for(&folder()?, gateway, merchant, label).with_extension("mark"))
}

impl BatchLock {
    /// The batch's mark: what the ledger that last sent it held then
    /// (`Ledger::check_batch_mark`), beside its lock, so that it follows
    /// the batch whatever path or copy of a ledger sends it next.
    pub fn mark_file(&self) -> PathBuf {
        self.home.with_extension("mark")
    }
}

fn acquire_in(
    dir: &Path,
    gateway: &str,
    merchant: &str,
    label: &str,
    ledger: &Path,
) -> Result<BatchLock, LockError> {
    let path = file_for(dir, gateway, merchant, label);
    let io = |cause| LockError::Io {
        path: path.clone(),
        cause,
    };
    crate::private::create_dir_all(dir).map_err(io)?;
    // An empty line is read once more after a moment.
    let mut file = match LockFile::take(&path, &[0, 50]).map_err(io)? {
        Taken::Mine(file) => file,
        Taken::Theirs(holder) => {
            return Err(LockError::BatchHeld {
                label: label.to_string(),
                holder,
            });
        }
    };
    let who = format!(
        "pid {}, payrun submit started {}, ledger {}",
        std::process::id(),
        crate::time::now_text(),
        ledger.display()
    );
    file.name_holder(&who).map_err(io)?;
    Ok(BatchLock {
        _file: file,
        home: path.with_extension("ledger"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_batch_one_lock_whatever_the_ledger_and_others_apart() {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = dir.path().join("locks");
        let a = Path::new("/srv/a.sqlite");
        let held = acquire_in(&d, "https://gw", "0001", "nov", a).expect("first");
        let err = acquire_in(&d, "https://gw", "0001", "nov", Path::new("/b.sqlite"))
            .expect_err("the same batch from another ledger");
        assert!(err.to_string().contains("/srv/a.sqlite"), "{err}");
        assert!(err.to_string().contains("batch 'nov'"), "{err}");
        // Another label, merchant or gateway is another batch.
        for (g, m, l) in [
            ("https://gw", "0001", "dec"),
            ("https://gw", "0002", "nov"),
            ("https://other", "0001", "nov"),
        ] {
            drop(acquire_in(&d, g, m, l, a).expect("another batch"));
        }
        drop(held);
        drop(acquire_in(&d, "https://gw", "0001", "nov", a).expect("released"));
    }
}
