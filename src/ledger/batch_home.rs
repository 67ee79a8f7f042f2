//! One ledger per batch, one run after another too.
//!
//! The batch lock (`super::batch_lock`) keeps two ledgers from paying one
//! batch at the same time. One after the other they still could: cron names
//! the ledger in `$PAYRUN_LEDGER`, the operator at a terminal gives
//! `--ledger` or a relative path from another folder. The second ledger
//! never sent the batch, so only the ledger-loss guard's sample stands
//! between what the first one paid and a second payment of it.
//!
//! So beside the batch's lock file, `<hash>.ledger` names the ledger the
//! batch was last sent through: its real path and its file (device, inode).
//! A run through another ledger is refused while that ledger (or its mark:
//! it was deleted) is still at its path, until `--adopt` asks the gateway
//! about every payout the new ledger never sent. The same file under a new
//! name (moved) is the same ledger; another file at the same path (a restored
//! backup) is the mark's concern (`super::continuity`). A record whose ledger
//! and mark are both gone (a folder cleaned up) checks nothing.

use super::batch_lock::BatchLock;
use super::continuity::mark_path;
use std::path::{Path, PathBuf};

/// The first line of a record.
const HEADER: &str = "payrun batch ledger v1";

/// A ledger file: (device, inode) and its real path.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Home {
    file: (u64, u64),
    path: PathBuf,
}

impl Home {
    fn of(real: &Path) -> Option<Home> {
        Some(Home {
            file: file_id(real)?,
            path: real.to_path_buf(),
        })
    }

    fn render(&self) -> String {
        let (dev, ino) = self.file;
        format!("{HEADER}\n{dev} {ino} {}\n", self.path.display())
    }

    fn parse(text: &str) -> Option<Home> {
        let mut lines = text.lines();
        if lines.next()? != HEADER {
            return None;
        }
        let mut parts = lines.next()?.splitn(3, ' ');
        let dev = parts.next()?.parse().ok()?;
        let ino = parts.next()?.parse().ok()?;
        let path = PathBuf::from(parts.next()?);
        Some(Home {
            file: (dev, ino),
            path,
        })
    }
}

/// The (device, inode) of the file at `p`, where the platform has them:
/// what tells one file from another put at the same path.
#[cfg(unix)]
pub(crate) fn file_id(p: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(p).ok()?;
    Some((m.dev(), m.ino()))
}

#[cfg(not(unix))]
pub(crate) fn file_id(_p: &Path) -> Option<(u64, u64)> {
    None
}

impl BatchLock {
    /// Whether this batch may be sent through the ledger at `real`: `Err`
    /// with what to do when it was last sent through another one that is
    /// still there. `adopt`: this run asks the gateway about everything the
    /// ledger never sent, so it may take the batch over. Then records `real`
    /// as the batch's ledger (best effort: a record that cannot be written
    /// leaves the older one, which this run still satisfied).
    pub fn check_ledger(&self, real: &Path, label: &str, adopt: bool) -> Result<(), String> {
        if let Some(refused) = refusal_at(&self.home, real, label, adopt) {
            return Err(refused);
        }
        let Some(here) = Home::of(real) else {
            return Ok(());
        };
        if let Err(e) = write(&self.home, &here) {
            crate::log::warn(
                "batch_ledger_not_written",
                format!(
                    "warning: {}: which ledger batch '{label}' is sent through was not recorded \
                     ({e}); payouts are unaffected",
                    self.home.display()
                ),
            );
        }
        Ok(())
    }
}

/// The refusal a run of batch `label` through the ledger at `real` meets,
/// given the batch's `record`; `None` when it may go on. A ledger not made
/// yet (a dry run's) is told apart by its path alone.
pub(super) fn refusal_at(record: &Path, real: &Path, label: &str, adopt: bool) -> Option<String> {
    if adopt {
        return None;
    }
    let before = Home::parse(&std::fs::read_to_string(record).ok()?)?;
    elsewhere(&before, file_id(real), real).then(|| refusal(&before, real, label))
}

/// Whether the batch's ledger `before` is another ledger than the file
/// `file` at `path`, still in place (the file, or its mark if the file was
/// deleted).
fn elsewhere(before: &Home, file: Option<(u64, u64)>, path: &Path) -> bool {
    if Some(before.file) == file || before.path == path {
        return false;
    }
    before.path.exists() || mark_path(&before.path).exists()
}

fn refusal(before: &Home, here: &Path, label: &str) -> String {
    let (old, new) = (before.path.display(), here.display());
    format!(
        "batch '{label}' was sent through the ledger {old}, and this run uses {new}. Nothing was \
         sent: a ledger that never sent the batch takes what the other one paid for never sent, \
         and would pay it again. Keep one ledger per batch: run the same command with \
         --ledger {old} (check $PAYRUN_LEDGER, the `ledger` key of payrun.toml and relative \
         paths). If {new} is to take the batch over, run it once with --adopt: it asks the \
         gateway about every payout of the sheet first (docs/operations.md, \"Recovery\")"
    )
}

fn write(path: &Path, home: &Home) -> std::io::Result<()> {
    let tmp = path.with_extension("ledger.tmp");
    crate::private::replace_file(path, &tmp, home.render().as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_reads_back_and_anything_else_is_none() {
        let h = Home {
            file: (2049, 77),
            path: PathBuf::from("/srv/pay run/ledger.sqlite"),
        };
        assert_eq!(Home::parse(&h.render()), Some(h));
        for bad in [
            "",
            HEADER,
            "payrun batch ledger v1\nx 1 /a",
            "other\n1 2 /a",
        ] {
            assert_eq!(Home::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn the_same_file_or_path_is_the_same_ledger_and_a_cleaned_up_one_is_gone() {
        let dir = tempfile::tempdir().expect("tempdir");
        let a = dir.path().join("a.sqlite");
        std::fs::write(&a, b"x").expect("a");
        let b = dir.path().join("b.sqlite");
        std::fs::write(&b, b"y").expect("b");
        let ha = Home::of(&a).expect("a");
        let elsewhere_of = |h: &Home, p: &Path| elsewhere(h, file_id(p), p);
        assert!(elsewhere_of(&ha, &b), "another file still there");
        assert!(
            elsewhere_of(&ha, &dir.path().join("new.sqlite")),
            "not made yet"
        );
        assert!(!elsewhere_of(&ha, &a));
        let moved = Home {
            path: dir.path().join("gone.sqlite"),
            ..ha.clone()
        };
        assert!(!elsewhere_of(&moved, &a), "the same file under a new name");
        std::fs::remove_file(&a).expect("rm a");
        assert!(!elsewhere_of(&ha, &b), "file and mark both gone");
        std::fs::write(mark_path(&a), b"m").expect("mark");
        assert!(elsewhere_of(&ha, &b), "deleted, its mark left");
    }
}
