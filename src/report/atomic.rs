//! The one way payrun writes a report file: whole or not at all, private
//! like the ledger, and still there after a power cut.
//!
//! The bytes go to a temporary file with a random name in the target's own
//! folder ([`tempfile::NamedTempFile`], created 0600), which is synced,
//! renamed over the target, and then the folder itself is synced so that
//! the rename survives a crash (the pattern of rust-lightning's `fs_store`).
//! A random name, not `.{name}.tmp-{pid}`, so that two writers of the same
//! report in one process never share a temporary file. Dropping an
//! [`AtomicFile`] without [`AtomicFile::commit`] removes the temporary file
//! and leaves the target as it was.
//!
//! A temporary file holds names and wallets, so none may outlive its
//! process. A signal ends payrun with `std::process::exit`, which runs no
//! destructor: every temporary file is therefore listed while it lives, and
//! [`abandon_all`] (called by the signal handler before it exits) removes
//! them. A process killed outright (kill -9, a power cut) still leaves one:
//! each live temporary file holds an exclusive lock, and the next successful
//! write of the same report removes every unlocked one of its name
//! ([`remove_stale`]).

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use tempfile::NamedTempFile;

/// The temporary files this process is writing, and whether it is exiting
/// (then no new one may start).
struct Live {
    paths: Vec<PathBuf>,
    exiting: bool,
}

static LIVE: Mutex<Live> = Mutex::new(Live {
    paths: Vec::new(),
    exiting: false,
});

fn live() -> MutexGuard<'static, Live> {
    LIVE.lock().unwrap_or_else(|p| p.into_inner())
}

/// Removes every temporary report file of this process and lets no new one
/// start: for a process about to exit without running destructors. A
/// report being renamed into place finishes first (the rename holds the
/// same lock), so each report is whole or untouched.
pub(crate) fn abandon_all() {
    let mut l = live();
    l.exiting = true;
    for p in l.paths.drain(..) {
        let _ = std::fs::remove_file(p);
    }
}

/// The prefix of every temporary file of the report named `name`.
pub(super) fn temp_prefix(name: &str) -> String {
    format!(".{name}.tmp-")
}

/// Room for the rows of a streamed report between two writes to disk.
const BUFFER: usize = 256 * 1024;

/// A report file being written.
pub(crate) struct AtomicFile {
    target: PathBuf,
    dir: PathBuf,
    file: Option<BufWriter<NamedTempFile>>,
}

/// The folder a report goes in: its parent, or `.` for a bare file name.
fn folder_of(target: &Path) -> PathBuf {
    match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn closed() -> io::Error {
    io::Error::other("the report file is already closed")
}

/// How many times a temporary file is made again when another run's sweep
/// took the one just made before it was locked.
const TEMP_TRIES: usize = 8;

/// A new temporary file for the report `name` in `dir`, locked and still in
/// the folder. Between its creation and its lock another process's
/// [`remove_stale`] may take it for a killed run's leftover: it locks it
/// first (our lock fails) or removes it (our file is unlinked, and the
/// rename would fail). Either way a fresh one is made, a bounded number of
/// times. Where the platform cannot lock, a file is only ever removed by
/// its own process, so an unlocked one is kept with a warning.
fn locked_temp(dir: &Path, name: &str) -> io::Result<NamedTempFile> {
    let mut last = None;
    for _ in 0..TEMP_TRIES {
        let tmp = tempfile::Builder::new()
            .prefix(&temp_prefix(name))
            .tempfile_in(dir)?;
        match tmp.as_file().try_lock() {
            Ok(()) if still_linked(tmp.as_file())? => return Ok(tmp),
            Ok(()) => last = Some(io::Error::other("swept away before it was locked")),
            Err(std::fs::TryLockError::WouldBlock) => {
                last = Some(io::Error::other("locked by another run's sweep"));
            }
            Err(std::fs::TryLockError::Error(e)) => {
                crate::log::warn(
                    "report_temp_unlocked",
                    format!("warning: cannot lock {}: {e}", tmp.path().display()),
                );
                return Ok(tmp);
            }
        }
    }
    let why = last.map_or_else(String::new, |e| format!(": {e}"));
    Err(io::Error::other(format!(
        "cannot keep a temporary report file in {} after {TEMP_TRIES} tries{why}; \
         another payrun is writing the same report, try again when it ends",
        dir.display()
    )))
}

/// Whether the open file `f` still has a name in its folder.
fn still_linked(f: &std::fs::File) -> io::Result<bool> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Ok(f.metadata()?.nlink() > 0)
    }
    #[cfg(not(unix))]
    {
        let _ = f;
        Ok(true)
    }
}

impl AtomicFile {
    /// Starts a report at `target`, creating its folder (0700) if needed.
    pub(crate) fn create(target: &Path) -> io::Result<AtomicFile> {
        super::guard::before_write(target)?;
        Self::create_kept(target)
    }

    /// Starts a file payrun keeps itself (the sandbox's books), which the
    /// report guard protects from reports: written without asking it.
    pub(crate) fn create_kept(target: &Path) -> io::Result<AtomicFile> {
        let dir = folder_of(target);
        crate::private::create_dir_all(&dir)?;
        let name = target
            .file_name()
            .map_or_else(|| "report".into(), |n| n.to_string_lossy().into_owned());
        // Hidden, and named after the report, so a person who finds one
        // after a crash knows what it was. Created and listed under the
        // lock, so that `abandon_all` never misses one.
        let mut l = live();
        if l.exiting {
            return Err(io::Error::other("payrun is exiting"));
        }
        let tmp = locked_temp(&dir, &name)?;
        l.paths.push(tmp.path().to_path_buf());
        drop(l);
        Ok(AtomicFile {
            target: target.to_path_buf(),
            dir,
            file: Some(BufWriter::with_capacity(BUFFER, tmp)),
        })
    }

    /// Flushes and syncs the file, renames it over the target, and syncs
    /// the folder.
    pub(crate) fn commit(mut self) -> io::Result<()> {
        let w = self.file.take().ok_or_else(closed)?;
        let tmp = w.into_inner().map_err(io::IntoInnerError::into_error)?;
        tmp.as_file().sync_all()?;
        let tmp_path = tmp.path().to_path_buf();
        {
            let mut l = live();
            if l.exiting {
                return Err(io::Error::other("payrun is exiting"));
            }
            l.paths.retain(|p| p != &tmp_path);
            tmp.persist(&self.target).map_err(|e| e.error)?;
        }
        sync_folder(&self.dir)?;
        remove_stale(&self.target);
        Ok(())
    }
}

/// Makes a rename in `dir` durable. Only Unix can open a folder to sync it;
/// elsewhere the rename is as durable as the file system makes it.
fn sync_folder(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        std::fs::File::open(dir)?.sync_all()?;
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
    }
    Ok(())
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.as_mut().ok_or_else(closed)?.write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.file.as_mut().ok_or_else(closed)?.write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.file {
            Some(w) => w.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if let Some(w) = self.file.take() {
            // Discard what is buffered instead of flushing it: an abandoned
            // report must not write another byte. Dropping the temporary
            // file removes it.
            let (tmp, _unwritten) = w.into_parts();
            let path = tmp.path().to_path_buf();
            drop(tmp);
            live().paths.retain(|p| p != &path);
        }
    }
}

/// Removes the temporary files of `target`'s name that no process is
/// writing: what a run killed outright left beside the report. Best effort:
/// the report is written whatever happens here.
fn remove_stale(target: &Path) {
    let Some(name) = target.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return;
    };
    let prefix = temp_prefix(&name);
    let Ok(entries) = std::fs::read_dir(folder_of(target)) else {
        return;
    };
    // Held through the sweep: this process makes and locks each of its own
    // temporary files under the same lock, so none is seen half made, and
    // a listed one is never taken.
    let l = live();
    for e in entries.flatten() {
        let file_name = e.file_name().to_string_lossy().into_owned();
        let is_ours = file_name.strip_prefix(&prefix).is_some_and(|rest| {
            !rest.is_empty() && rest.chars().all(|c| c.is_ascii_alphanumeric())
        });
        if !is_ours || !e.file_type().is_ok_and(|t| t.is_file()) || l.paths.contains(&e.path()) {
            continue;
        }
        // Unlocked: its writer is gone. The lock is released with the file.
        let unlocked = std::fs::File::open(e.path()).is_ok_and(|f| f.try_lock().is_ok());
        if unlocked {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Writes `bytes` to `target` whole or not at all.
pub(crate) fn write_file(target: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut f = AtomicFile::create(target)?;
    f.write_all(bytes)?;
    f.commit()
}
