//! Whether the ledger file `listen` opened is still the one its path names.
//!
//! `listen` runs for weeks and keeps its ledger connections open. When the
//! file at the path is replaced (a backup restored by renaming it over the
//! ledger, a move, a removal), SQLite goes on writing to the file it opened,
//! which nobody opens again: a callback recorded there and answered `OK` is
//! lost, and the gateway, told `OK`, never sends it again. So before
//! answering, `listen` looks whether the path still names its file.

use crate::ledger::file_id;
use std::path::{Path, PathBuf};

/// The ledger file as `listen` opened it.
#[derive(Debug)]
pub(super) struct LedgerFile {
    path: PathBuf,
    /// (device, inode) at start; `None` where the platform has none, and
    /// then the file is never taken for replaced.
    id: Option<(u64, u64)>,
}

impl LedgerFile {
    /// The file at `path` now.
    pub fn at(path: &Path) -> LedgerFile {
        LedgerFile {
            path: path.to_path_buf(),
            id: file_id(path),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the path no longer names the file opened at start (another
    /// file there, a symlink pointed elsewhere, or none).
    pub fn replaced(&self) -> bool {
        self.id.is_some_and(|id| file_id(&self.path) != Some(id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_renamed_over_or_removed_is_replaced_and_one_written_in_place_is_not() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("ledger.sqlite");
        std::fs::write(&path, b"one").expect("write");
        let file = LedgerFile::at(&path);
        std::fs::write(&path, b"one, more").expect("write in place");
        assert!(!file.replaced());
        let other = dir.path().join("restored");
        std::fs::write(&other, b"two").expect("write");
        std::fs::rename(&other, &path).expect("rename over");
        assert!(file.replaced());
        let again = LedgerFile::at(&path);
        std::fs::remove_file(&path).expect("remove");
        assert!(again.replaced());
        #[cfg(unix)]
        {
            let (a, b) = (dir.path().join("a"), dir.path().join("b"));
            std::fs::write(&a, b"a").expect("write");
            std::fs::write(&b, b"b").expect("write");
            let link = dir.path().join("link");
            std::os::unix::fs::symlink(&a, &link).expect("symlink");
            let linked = LedgerFile::at(&link);
            assert!(!linked.replaced());
            std::fs::remove_file(&link).expect("unlink");
            std::os::unix::fs::symlink(&b, &link).expect("symlink");
            assert!(linked.replaced(), "the link points at another file");
        }
    }
}
