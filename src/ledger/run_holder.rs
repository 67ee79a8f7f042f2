//! Whether a run holds a ledger's lock right now, for `status`: a run whose
//! end is not recorded is either still going (its process holds the lock)
//! or was killed before its summary (the OS released the lock).
//!
//! The lock file is opened read-only and locked shared for an instant, then
//! unlocked: a run starting in that instant would meet a held lock and exit
//! 4 (its next cron tick proceeds). Nothing else is written or created.

use super::lock::RunLock;
use std::fs::{File, TryLockError};
use std::io::Read;
use std::path::Path;

/// What the lock says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Holder {
    /// No process holds the lock.
    Free,
    /// A process holds it; the lock file's line (`pid N, payrun submit
    /// started T`), when readable.
    Held(Option<String>),
    /// The lock file cannot be read (an auditor without access).
    Unknown,
}

impl Holder {
    #[cfg(test)]
    /// When the holder took the lock, from its line (`... started T`).
    pub fn since(&self) -> Option<&str> {
        match self {
            Holder::Held(Some(line)) => line.rsplit_once(" started ").map(|(_, t)| t.trim()),
            _ => None,
        }
    }
}

/// Asks the lock of the ledger at `ledger` who holds it.
pub fn holder(ledger: &Path) -> Holder {
    // The lock sits beside the ledger's real path, as RunLock takes it.
    let real = super::identity::resolve(ledger).unwrap_or_else(|_| ledger.to_path_buf());
    let path = RunLock::path_for(&real);
    let mut file = match File::open(&path) {
        Ok(f) => f,
        // No lock file: no run ever took the lock here.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Holder::Free,
        Err(_) => return Holder::Unknown,
    };
    match file.try_lock_shared() {
        Ok(()) => {
            let _ = file.unlock();
            Holder::Free
        }
        Err(TryLockError::WouldBlock) => {
            let mut line = String::new();
            let read = file.read_to_string(&mut line).is_ok();
            let line = line.trim().to_string();
            Holder::Held((read && !line.is_empty()).then_some(line))
        }
        Err(TryLockError::Error(_)) => Holder::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::tests::temp_ledger_path;

    #[test]
    fn a_held_lock_is_held_and_a_released_one_is_free() {
        let (_dir, ledger) = temp_ledger_path();
        assert_eq!(holder(&ledger), Holder::Free);
        let lock = RunLock::acquire(&ledger, "payrun submit").expect("lock");
        let h = holder(&ledger);
        assert!(
            matches!(&h, Holder::Held(Some(l)) if l.contains("payrun submit")),
            "{h:?}"
        );
        assert!(h.since().is_some_and(|t| t.starts_with("20")), "{h:?}");
        drop(lock);
        assert_eq!(holder(&ledger), Holder::Free);
        // The probe left the lock free for the next run.
        let _again = RunLock::acquire(&ledger, "payrun submit").expect("lock again");
    }
}
