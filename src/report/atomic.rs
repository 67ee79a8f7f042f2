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

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

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

impl AtomicFile {
    /// Starts a report at `target`, creating its folder (0700) if needed.
    pub(crate) fn create(target: &Path) -> io::Result<AtomicFile> {
        super::guard::before_write(target)?;
        let dir = folder_of(target);
        crate::private::create_dir_all(&dir)?;
        let name = target
            .file_name()
            .map_or_else(|| "report".into(), |n| n.to_string_lossy().into_owned());
        // Hidden, and named after the report, so a person who finds one
        // after a crash knows what it was.
        let tmp = tempfile::Builder::new()
            .prefix(&format!(".{name}.tmp-"))
            .tempfile_in(&dir)?;
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
        tmp.persist(&self.target).map_err(|e| e.error)?;
        sync_folder(&self.dir)
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
            drop(tmp);
        }
    }
}

/// Writes `bytes` to `target` whole or not at all.
pub(crate) fn write_file(target: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut f = AtomicFile::create(target)?;
    f.write_all(bytes)?;
    f.commit()
}
