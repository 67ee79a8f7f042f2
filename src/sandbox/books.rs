//! The sandbox's books on disk, for a sandbox that must remember across
//! runs as one real gateway does (`submit --sandbox` then `reconcile
//! --sandbox`, `payrun sandbox --state FILE`).
//!
//! A reply that may show a change (an order placed, a status settled by a
//! query, a balance set) leaves only once a save holding that change is on
//! disk: the file is replaced whole (a temporary file, synced, renamed over
//! it, the folder synced), so a crash leaves the old books or the new ones,
//! never half. Replies waiting at the same moment share one save. One
//! process at a time keeps the file: a lock file beside it says so.

use super::state::{Book, BooksFile};
use super::{SandboxConfig, SandboxError};
use crate::http::lock;
use std::fs::{File, OpenOptions, TryLockError};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex};

/// The name of the built-in sandbox's books, beside the sandbox ledger.
pub const BOOKS_FILE: &str = "sandbox-gateway.json";
/// A books file larger than this is not read: not this sandbox's (a full
/// `--max-orders` book of 200,000 orders is about 100 MB).
pub const BOOKS_MAX_BYTES: u64 = 512 * 1024 * 1024;

/// The file, its lock, and which change is on disk.
pub(crate) struct Books {
    path: PathBuf,
    merchant_no: String,
    /// Never saved (`books_read_only`).
    read_only: bool,
    /// Held while the sandbox runs, let go when it stops; the OS lets go
    /// if the process dies.
    lock: Mutex<Option<BooksLock>>,
    saving: Mutex<Saving>,
    saved: Condvar,
}

#[derive(Default)]
struct Saving {
    /// The books' change count in the newest save on disk.
    on_disk: u64,
    /// A save is being written now (by the thread that started it).
    busy: bool,
}

impl Books {
    /// Locks `path`, reads the books it holds (`fresh` when there is no
    /// file yet) and saves them once, so that a folder that cannot be
    /// written stops the start, not the first payout. Read-only books
    /// (`books_read_only`) are only read.
    pub fn open(
        path: &Path,
        cfg: &SandboxConfig,
        fresh: Book,
    ) -> Result<(Books, Book), SandboxError> {
        let io = |reason: String| SandboxError::BooksIo {
            path: path.to_path_buf(),
            reason,
        };
        let writable = !cfg.books_read_only;
        if let Some(dir) = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty() && writable)
        {
            crate::private::create_dir_all(dir).map_err(|e| io(e.to_string()))?;
        }
        let lock = Mutex::new(writable.then(|| take_lock(path)).transpose()?);
        let book = read(path, &cfg.merchant_no, cfg.max_orders)?.unwrap_or(fresh);
        let books = Books {
            path: path.to_path_buf(),
            merchant_no: cfg.merchant_no.clone(),
            read_only: !writable,
            lock,
            saving: Mutex::new(Saving::default()),
            saved: Condvar::new(),
        };
        if writable {
            books.write(&book).map_err(io)?;
        }
        Ok((books, book))
    }

    /// Returns once the books on disk hold change `upto` of `book`, saving
    /// them if no save in progress will. The error says why a save failed.
    pub fn save_through(&self, book: &Mutex<Book>, upto: u64) -> Result<(), String> {
        if self.read_only {
            return Ok(());
        }
        let mut s = lock(&self.saving);
        loop {
            if s.on_disk >= upto {
                return Ok(());
            }
            if s.busy {
                s = self.saved.wait(s).unwrap_or_else(|e| e.into_inner());
                continue;
            }
            if lock(&self.lock).is_none() {
                return Err("the sandbox has stopped; its books are no longer saved".to_string());
            }
            s.busy = true;
            drop(s);
            let (changes, written) = {
                let b = lock(book);
                (b.changes(), b.to_file(&self.merchant_no))
            };
            let result = self.write_file(&written);
            s = lock(&self.saving);
            s.busy = false;
            if result.is_ok() {
                s.on_disk = s.on_disk.max(changes);
            }
            self.saved.notify_all();
            result?;
        }
    }

    /// Lets go of the file once the sandbox has stopped, waiting for a
    /// save under way: another sandbox may then take it.
    pub fn release(&self) {
        let mut s = lock(&self.saving);
        while s.busy {
            s = self.saved.wait(s).unwrap_or_else(|e| e.into_inner());
        }
        lock(&self.lock).take();
    }

    fn write(&self, book: &Book) -> Result<(), String> {
        self.write_file(&book.to_file(&self.merchant_no))
    }

    fn write_file(&self, file: &BooksFile) -> Result<(), String> {
        let mut out = crate::report::atomic::AtomicFile::create_kept(&self.path)
            .map_err(|e| format!("cannot write {}: {e}", self.path.display()))?;
        serde_json::to_writer(&mut out, file)
            .map_err(std::io::Error::from)
            .and_then(|()| out.flush())
            .and_then(|()| out.commit())
            .map_err(|e| format!("cannot write {}: {e}", self.path.display()))
    }
}

/// The lock on `FILE.lock`, unlocked when dropped. Closing the file alone
/// does not free an flock while a copy of the descriptor is open: every
/// process this one starts holds such a copy from its fork to its exec, so
/// a sandbox started again at once (a test beside others that spawn
/// `payrun`) met `BooksBusy`. Unlocking frees it for every copy.
struct BooksLock(File);

impl Drop for BooksLock {
    fn drop(&mut self) {
        let _ = self.0.unlock();
    }
}

/// `FILE.lock` beside the books, held at once or not at all.
fn take_lock(path: &Path) -> Result<BooksLock, SandboxError> {
    let mut name = path.as_os_str().to_owned();
    name.push(".lock");
    let lock_path = PathBuf::from(name);
    let mut opts = OpenOptions::new();
    opts.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let file = opts.open(&lock_path).map_err(|e| SandboxError::BooksIo {
        path: lock_path.clone(),
        reason: e.to_string(),
    })?;
    match file.try_lock() {
        Ok(()) => Ok(BooksLock(file)),
        Err(TryLockError::WouldBlock) => Err(SandboxError::BooksBusy {
            path: path.to_path_buf(),
        }),
        Err(TryLockError::Error(e)) => Err(SandboxError::BooksIo {
            path: lock_path,
            reason: e.to_string(),
        }),
    }
}

/// The books in `path`; `None` when there is no file yet.
fn read(path: &Path, merchant_no: &str, max_orders: usize) -> Result<Option<Book>, SandboxError> {
    let corrupt = |reason: String| SandboxError::BooksCorrupt {
        path: path.to_path_buf(),
        reason,
    };
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(SandboxError::BooksIo {
                path: path.to_path_buf(),
                reason: e.to_string(),
            });
        }
    };
    if !meta.is_file() || meta.len() > BOOKS_MAX_BYTES {
        return Err(corrupt(format!(
            "it is not a file of at most {} MB",
            BOOKS_MAX_BYTES / 1024 / 1024
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| SandboxError::BooksIo {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    let file: BooksFile = serde_json::from_slice(&bytes).map_err(|e| corrupt(e.to_string()))?;
    if file.merchant_no != merchant_no {
        return Err(corrupt(format!(
            "its orders are merchant {}'s, and this sandbox is merchant {merchant_no}'s",
            file.merchant_no
        )));
    }
    Book::from_file(file, max_orders).map(Some).map_err(corrupt)
}

#[cfg(test)]
#[path = "books_tests.rs"]
mod tests;
