//! One run per batch on this host, whatever ledger it uses.
//!
//! The run lock ([`super::lock`]) is per ledger file. Two ledgers paying one
//! batch at once (a ledger copied to a second path, a second config naming
//! another ledger, two cron jobs started in the same second) each hold their
//! own lock, and each run's ledger-loss check asks the gateway before the
//! other has sent anything: both passed, and both paid the whole batch. So a
//! submit also locks the batch itself, keyed by the gateway, the merchant
//! and the label, in a folder shared by every ledger of the user:
//! `$XDG_DATA_HOME/payrun/batch-locks/` when that is set and absolute, else
//! `$HOME/.local/share/payrun/batch-locks/` (0700; without `HOME`, the home
//! the password database gives the user: `super::data_home`), one file per batch named
//! by a hash (labels stay out of file names).
//!
//! Older payruns kept that folder under `$HOME/.local/share` whatever
//! `XDG_DATA_HOME` said, and a cron job may run without the variable. So
//! when the two places differ a run locks the batch at both (a lock at
//! either holds it), and a batch's record and mark found only at the old
//! place are copied to the new one before they are read.
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
    /// The same batch's lock at the place older payruns keep it, when it
    /// is another place and could be taken.
    _old_place: Option<LockFile>,
    /// Which ledger the batch was last sent through (`super::batch_home`).
    pub(super) home: PathBuf,
}

use super::data_home::folders;

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
    let (dir, old) = match folders() {
        Ok(f) => f,
        Err(why) => {
            crate::log::warn(
                "batch_lock_unavailable",
                format!(
                    "no batch lock ({why}); this run is guarded by its ledger's lock only, and \
                     batch '{label}' keeps no record of its ledger: make sure no other ledger \
                     pays it (set HOME or XDG_DATA_HOME to a folder payrun can write to have \
                     it checked)"
                ),
            );
            return Ok(None);
        }
    };
    // The old place first: an older payrun there holds the batch too.
    let old_place = acquire_at_old_place(old.as_deref(), gateway, merchant, label, ledger)?;
    match acquire_in(&dir, gateway, merchant, label, ledger) {
        Ok(mut lock) => {
            if let Some(old) = old_place {
                carry_records(&old.home, &lock.home);
                lock._old_place = Some(old._file);
            }
            Ok(Some(lock))
        }
        Err(e @ LockError::BatchHeld { .. }) => Err(e),
        // A home payrun cannot write (a system user's `/nonexistent`, a
        // read-only home) is no reason to stop a run that its ledger lock
        // guards as before this lock existed; it is said, not silent.
        Err(e) => {
            if let Some(old) = old_place {
                crate::log::warn(
                    "batch_lock_unavailable",
                    format!(
                        "could not take the batch lock in {} ({e}); batch '{label}' is locked \
                         at the place older payruns keep it only, {}",
                        dir.display(),
                        old.home.with_extension("lock").display()
                    ),
                );
                return Ok(Some(old));
            }
            crate::log::warn(
                "batch_lock_unavailable",
                format!(
                    "could not take the batch lock in {} ({e}); this run is guarded by its \
                     ledger's lock only: make sure no other ledger pays batch '{label}' at the \
                     same time (give payrun a writable XDG_DATA_HOME or HOME to have it checked)",
                    dir.display()
                ),
            );
            Ok(None)
        }
    }
}

/// The lock at the place older payruns keep it (`old`, when there is one):
/// held by another run is exit 4; any other failure is said and the run
/// goes on without it.
fn acquire_at_old_place(
    old: Option<&Path>,
    gateway: &str,
    merchant: &str,
    label: &str,
    ledger: &Path,
) -> Result<Option<BatchLock>, LockError> {
    match old.map(|o| acquire_in(o, gateway, merchant, label, ledger)) {
        Some(Ok(lock)) => Ok(Some(lock)),
        Some(Err(e @ LockError::BatchHeld { .. })) => Err(e),
        Some(Err(e)) => {
            crate::log::warn(
                "batch_lock_unavailable",
                format!(
                    "could not take the batch lock at the place older payruns keep it ({e}); \
                     an older payrun, or one run without XDG_DATA_HOME, may not see this run: \
                     make sure none pays batch '{label}' at the same time"
                ),
            );
            Ok(None)
        }
        None => Ok(None),
    }
}

/// Copies a batch's record (`.ledger`) and mark (`.mark`) kept at the old
/// place (`old`, the old record's path) to the new one (`new`) when the new
/// place has none: what an older payrun knew of the batch still counts.
/// Copied, not moved, so an older payrun run again finds them too. Best
/// effort, said when it fails: the old files stay where they were.
fn carry_records(old: &Path, new: &Path) {
    for ext in ["ledger", "mark"] {
        let (from, to) = (old.with_extension(ext), new.with_extension(ext));
        if !from.is_file() || to.exists() {
            continue;
        }
        if let Err(e) = std::fs::copy(&from, &to) {
            crate::log::warn(
                "batch_record_not_carried",
                format!(
                    "could not copy {} to {} ({e}); this run reads the batch's record at the \
                     new place only",
                    from.display(),
                    to.display()
                ),
            );
        }
    }
}

/// The path of a batch's file (`ext`) at the place it is kept, or at the
/// old place when only that one has it (a dry run carries nothing).
fn record_for(gateway: &str, merchant: &str, label: &str, ext: &str) -> Option<PathBuf> {
    let (dir, old) = folders().ok()?;
    let new = file_for(&dir, gateway, merchant, label).with_extension(ext);
    let old = old.map(|o| file_for(&o, gateway, merchant, label).with_extension(ext));
    match old {
        Some(o) if !new.exists() && o.is_file() => Some(o),
        _ => Some(new),
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
    let record = record_for(gateway, merchant, label, "ledger")?;
    super::batch_home::refusal_at(&record, real, label, adopt)
}

/// Without taking the lock: the batch's mark (`BatchLock::mark_file`).
pub fn mark_file_for(gateway: &str, merchant: &str, label: &str) -> Option<PathBuf> {
    record_for(gateway, merchant, label, "mark")
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
        _old_place: None,
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
