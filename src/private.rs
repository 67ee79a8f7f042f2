//! Files and folders as private as the ledger: reports and check results hold
//! names, wallets and amounts, so they are created 0600 in folders created
//! 0700 (existing folders keep their mode: the operator chose it). One place,
//! so that the ledger, the batch reports and the check reports never differ.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;

/// Creates `dir` and any missing parent, each readable by the owner only.
pub fn create_dir_all(dir: &Path) -> io::Result<()> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir)
}

/// Replaces `path` with `bytes` at once, readable by the owner only: written
/// to `tmp`, synced, renamed over `path`. A crash leaves the old file or the
/// new one, never half of one. For the small records kept beside a ledger.
pub fn replace_file(path: &Path, tmp: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    let mut f = create_file(tmp)?;
    let written = f
        .write_all(bytes)
        .and_then(|()| f.sync_all())
        .and_then(|()| std::fs::rename(tmp, path));
    // A full disk leaves no temporary file behind to fill it further.
    if written.is_err() {
        let _ = std::fs::remove_file(tmp);
    }
    written
}

/// Writes `bytes` to a new file at `path`, never over one that exists
/// (`AlreadyExists`), making its missing folders as a report's are: the
/// config and template files payrun starts for the operator. A write that
/// fails part-way leaves no file behind to be refused as existing next time.
pub fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    if let Some(dir) = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty() && !d.is_dir())
    {
        create_dir_all(dir)?;
    }
    let mut f = OpenOptions::new().write(true).create_new(true).open(path)?;
    let written = f.write_all(bytes).and_then(|()| f.sync_all());
    if written.is_err() {
        let _ = std::fs::remove_file(path);
    }
    written
}

/// Creates (or truncates) `path` for writing, readable by the owner only
/// when it is new. Meant for temporary names that are then renamed over the
/// target, so the target takes this mode whatever it had.
pub fn create_file(path: &Path) -> io::Result<File> {
    let mut opts = OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path)
}

#[cfg(test)]
#[cfg(unix)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn new_files_and_folders_are_private() {
        let dir = tempfile::tempdir().expect("tempdir");
        let deep = dir.path().join("a/b");
        create_dir_all(&deep).expect("mkdir");
        drop(create_file(&deep.join("f")).expect("file"));
        let mode = |p: &Path| std::fs::metadata(p).expect("stat").permissions().mode() & 0o777;
        assert_eq!(mode(&dir.path().join("a")), 0o700);
        assert_eq!(mode(&deep), 0o700);
        assert_eq!(mode(&deep.join("f")), 0o600);
    }

    /// A replacement that fails (here the rename: a folder is in the way;
    /// on a full disk, the write) leaves no temporary file behind.
    #[test]
    fn a_failed_replacement_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("ledger.sqlite.mark");
        std::fs::create_dir_all(path.join("in-the-way")).expect("mkdir");
        let tmp = dir.path().join("ledger.sqlite.mark.tmp");
        assert!(replace_file(&path, &tmp, b"mark").is_err());
        assert!(!tmp.exists(), "{} left behind", tmp.display());
    }
}
