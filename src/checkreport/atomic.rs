//! A file that appears whole or not at all: written under a temporary name
//! in the target directory, synced, then renamed over the target. Private
//! like the ledger (0600, folders created 0700): it holds wallets and amounts.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// A report being written. Dropping it without [`AtomicFile::commit`]
/// removes the temporary file and leaves the target untouched.
pub(super) struct AtomicFile {
    tmp: PathBuf,
    target: PathBuf,
    file: Option<BufWriter<std::fs::File>>,
}

impl AtomicFile {
    pub(super) fn create(target: &Path) -> io::Result<AtomicFile> {
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        crate::private::create_dir_all(&dir)?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "report".into());
        // Unique per file, so a report written again never shares a
        // temporary file with an abandoned attempt.
        static SEQ: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let seq = SEQ.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let tmp = dir.join(format!(".{name}.tmp-{}-{seq}", std::process::id()));
        let file = crate::private::create_file(&tmp)?;
        Ok(AtomicFile {
            tmp,
            target: target.to_path_buf(),
            file: Some(BufWriter::with_capacity(256 * 1024, file)),
        })
    }

    /// Flushes, syncs and renames the file into place.
    pub(super) fn commit(mut self) -> io::Result<()> {
        let Some(w) = self.file.take() else {
            return Err(io::Error::other("report already closed"));
        };
        let file = w.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&self.tmp, &self.target)
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.file {
            Some(w) => w.write(buf),
            None => Err(io::Error::other("report already closed")),
        }
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
            // report must not write another byte.
            let (file, _unwritten) = w.into_parts();
            drop(file);
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}
