//! A lock file that names its holder: what the ledger lock ([`super::lock`])
//! and the batch lock ([`super::batch_lock`]) both are. A run that is
//! refused reads the holder's line to say who is in the way; the holder
//! empties the line when it lets go, so that a stale file says nothing
//! misleading. The file itself stays (deleting lock files races), and the
//! operating system releases the lock when the process dies, even on
//! `kill -9`.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

/// Held for the whole run; dropping it empties the line and releases the
/// lock.
#[derive(Debug)]
pub(super) struct LockFile {
    file: File,
}

/// What [`LockFile::take`] found.
pub(super) enum Taken {
    Mine(LockFile),
    /// Another process holds it: its line, or `holder unknown`.
    Theirs(String),
}

impl LockFile {
    /// Opens `path` (created 0600 if missing, never truncated: it holds the
    /// holder's line) and locks it at once or not at all: a cron job must
    /// not queue behind a run that is paying people. When another process
    /// holds it, its line is read after each pause of `rereads` (ms) until
    /// one is not empty, as the holder may be writing it right now.
    pub(super) fn take(path: &Path, rereads: &[u64]) -> std::io::Result<Taken> {
        let mut opts = OpenOptions::new();
        opts.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let mut file = opts.open(path)?;
        match file.try_lock() {
            Ok(()) => Ok(Taken::Mine(LockFile { file })),
            Err(TryLockError::WouldBlock) => Ok(Taken::Theirs(holder_line(&mut file, rereads))),
            Err(TryLockError::Error(e)) => Err(e),
        }
    }

    /// Writes the holder's line over whatever an earlier holder left.
    pub(super) fn name_holder(&mut self, who: &str) -> std::io::Result<()> {
        self.file.set_len(0)?;
        self.file.seek(SeekFrom::Start(0))?;
        self.file.write_all(who.as_bytes())?;
        self.file.flush()
    }
}

/// The line of the process holding `file`; best effort, never an error.
fn holder_line(file: &mut File, rereads: &[u64]) -> String {
    let mut holder = String::new();
    for wait in rereads {
        std::thread::sleep(std::time::Duration::from_millis(*wait));
        holder.clear();
        let _ = file.seek(SeekFrom::Start(0));
        let _ = file.read_to_string(&mut holder);
        if !holder.trim().is_empty() {
            break;
        }
    }
    match holder.trim() {
        "" => "holder unknown".to_string(),
        h => h.to_string(),
    }
}

impl Drop for LockFile {
    fn drop(&mut self) {
        let _ = self.file.set_len(0);
        let _ = self.file.unlock();
    }
}
