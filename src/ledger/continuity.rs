//! Whether the ledger at a path is the one last used there, or one that went
//! back in time.
//!
//! SQLite opens, without a word, a ledger restored from an older backup, one
//! whose `-wal` was deleted after a crash (the committed tail of its history
//! is gone), one that replayed another copy's `-wal` left beside it (it now
//! reads as that copy), or another ledger moved into its place. Every page is
//! a valid page, so `quick_check` passes. What is gone is history: payouts
//! sent since then read as never sent, whole batches vanish. The ledger-loss
//! guard asks the gateway about a sample of a batch's unsent payouts, and a
//! payout the sample misses would be paid again.
//!
//! So the path keeps a mark beside the ledger, `<ledger>.mark`: the last
//! `submit` run (its id and start time, as the ledger holds them), how many
//! gateway requests the ledger held then, and the newest of them (its id and
//! time). `submit` writes it once its run row is committed and again when it
//! ends. A ledger that does not hold that run, holds fewer requests (attempt
//! rows are never deleted), or does not hold that newest request went back
//! in time, and `submit` refuses it until `--adopt` asks the gateway about
//! every payout it holds as unsent; so does a ledger created anew beside a
//! mark (the one it marked was deleted).
//!
//! The count alone is not enough: a copy taken while the marked run was
//! sending holds that run, and `reconcile` adds requests to a ledger that
//! went back (it only asks the gateway), so its count catches up. Its newest
//! request never appears: a new row at that id has another time.
//!
//! A missing or unreadable mark (a first run, a new host, a ledger moved
//! here) checks nothing: the guard still applies.
//!
//! The path's mark cannot see a ledger renamed or moved without its `-wal`
//! after a crash (the new path has no mark), nor a backup restored where
//! the ledger and its mark were both lost (a wiped folder, a dead data
//! disk). So each batch keeps a mark of its own, the same record, beside
//! its lock in the user's data folder (`super::batch_lock`): what the
//! ledger that last sent the batch held. `submit` writes it with the
//! path's, and refuses a ledger, at any path, that does not hold it (or
//! one it just made), until `--adopt` (`Ledger::check_batch_mark`).
//!
//! The mark lives outside the ledger on purpose: inside, it would go back in
//! time with it. It is written after the ledger commits, so a crash between
//! the two leaves an older mark, which the ledger still satisfies.

use super::lacking::{self, MarkedRun};
use super::{Ledger, LedgerError, sql};
use rusqlite::OptionalExtension;
use std::path::{Path, PathBuf};

/// The first line of a mark file.
const HEADER: &str = "payrun ledger mark v1";

/// A mark file larger than this is not a mark (its run list is bounded,
/// `lacking::LISTED` runs of labels up to 64 characters).
const MAX_LEN: u64 = 64 * 1024;

/// What the path last saw of its ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub run_id: i64,
    pub started_at: String,
    /// Rows of `attempts` (payout and query requests) the ledger held.
    pub requests: i64,
    /// The newest of them, (id, started_at); `None` in a mark written
    /// before it was kept, or when the ledger held no request.
    pub newest: Option<(i64, String)>,
    /// The ledger's recent `submit` runs and the runs it lacked, so that a
    /// copy that goes back is told which batches it lacks
    /// (`super::lacking`); empty in a mark written before they were kept.
    pub runs: Vec<MarkedRun>,
}

impl Mark {
    fn render(&self) -> String {
        format!(
            "{HEADER}\n\
             # Written by payrun submit; see docs/operations.md (\"Recovery\"). Do not edit.\n\
             run {}\nstarted {}\nrequests {}\n{}{}",
            self.run_id,
            self.started_at,
            self.requests,
            self.newest
                .as_ref()
                .map_or(String::new(), |(id, at)| format!("newest {id} {at}\n")),
            self.runs.iter().map(MarkedRun::render).collect::<String>()
        )
    }

    /// A mark as [`Mark::render`] writes it; anything else is no mark.
    fn parse(text: &str) -> Option<Mark> {
        let mut lines = text.lines();
        if lines.next()? != HEADER {
            return None;
        }
        let (mut run_id, mut started_at, mut requests, mut newest) = (None, None, None, None);
        let mut runs = Vec::new();
        for line in lines {
            match line.split_once(' ') {
                Some(("run", v)) => run_id = v.trim().parse().ok(),
                Some(("started", v)) => started_at = Some(v.trim().to_string()),
                Some(("requests", v)) => requests = v.trim().parse().ok(),
                Some(("newest", v)) => {
                    let (id, at) = v.trim().split_once(' ')?;
                    newest = Some((id.parse().ok()?, at.trim().to_string()));
                }
                Some(("ran", v)) => runs.push(MarkedRun::parse(v)?),
                _ => {}
            }
        }
        Some(Mark {
            run_id: run_id?,
            started_at: started_at?,
            requests: requests?,
            newest,
            runs,
        })
    }
}

/// The mark beside a ledger's real path.
pub fn mark_path(real: &Path) -> PathBuf {
    let mut s = real.as_os_str().to_owned();
    s.push(".mark");
    PathBuf::from(s)
}

/// The mark beside `real`, if there is a readable one.
pub(super) fn read_mark(real: &Path) -> Option<Mark> {
    read_mark_file(&mark_path(real))
}

/// The mark in the file `path`, if it is a readable one.
pub(super) fn read_mark_file(path: &Path) -> Option<Mark> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() || meta.len() > MAX_LEN {
        return None;
    }
    Mark::parse(&std::fs::read_to_string(path).ok()?)
}

/// The refusal of a ledger missing at `real` (or just made there anew)
/// while its mark remains: the ledger the mark vouched for was deleted or
/// moved away, and whatever it held reads as never sent.
fn gone(real: &Path, mark: &Mark, then: &str) -> LedgerError {
    LedgerError::WentBack {
        path: real.to_path_buf(),
        why: format!(
            "payrun last ran here as run {} (started {}, {} gateway requests recorded), and that \
             ledger is gone (deleted or moved away; its mark {} remains): {then}{}",
            mark.run_id,
            mark.started_at,
            mark.requests,
            mark_path(real).display(),
            match mark.runs.is_empty() {
                true => String::new(),
                false => format!(". That ledger held {}", lacking::describe(&mark.runs)),
            }
        ),
    }
}

/// The refusal of the ledger at `real` for batch `label`, whose mark in
/// `file` it does not hold (`why`).
pub(super) fn batch_went_back(
    real: &Path,
    label: &str,
    file: &Path,
    mark: &Mark,
    why: &str,
) -> LedgerError {
    LedgerError::BatchWentBack {
        path: real.to_path_buf(),
        label: label.to_string(),
        mark: file.to_path_buf(),
        why: format!(
            "run {} (started {}, {} gateway requests recorded); {why}",
            mark.run_id, mark.started_at, mark.requests
        ),
    }
}

/// For a command that finds no ledger at `real` (named `given`): that the
/// ledger is gone when a mark says one was used there, else that there is
/// none (a typo, or nothing paid yet).
pub(super) fn missing(real: &Path, given: &Path) -> LedgerError {
    match read_mark(real) {
        Some(mark) => gone(real, &mark, "there is no ledger at this path"),
        None => LedgerError::Missing {
            path: given.to_path_buf(),
        },
    }
}

impl Ledger {
    /// What a command that reads the ledger at `path`, and finds none,
    /// should say: `Some` when a mark says a ledger was used there (see
    /// [`missing`]). A dry run, which creates nothing, asks this.
    pub fn gone_from(path: &Path) -> Result<Option<LedgerError>, LedgerError> {
        let real = super::identity::real_path(path)?;
        match std::fs::symlink_metadata(&real) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => match missing(&real, path) {
                LedgerError::Missing { .. } => Ok(None),
                gone => Ok(Some(gone)),
            },
            _ => Ok(None),
        }
    }

    /// Whether this ledger holds what its path last saw (see the module
    /// doc). A ledger this process just created where a mark says one was
    /// used went back to nothing: the one before it was deleted or moved
    /// away, and the guard's sample would miss most of what it had sent.
    pub fn check_continuity(&self) -> Result<(), LedgerError> {
        let Some(mark) = read_mark(&self.path) else {
            return Ok(());
        };
        if self.created {
            return Err(gone(
                &self.path,
                &mark,
                "this run found no file and made a new, empty one",
            ));
        }
        let Some(why) = self.lacks(&mark)? else {
            return Ok(());
        };
        Err(LedgerError::WentBack {
            path: self.path.clone(),
            why: format!(
                "payrun last ran here as run {} (started {}, {} gateway requests recorded), and \
                 {why}. It lacks {}",
                mark.run_id,
                mark.started_at,
                mark.requests,
                lacking::describe(&self.lacked_of(&mark)?)
            ),
        })
    }

    /// Whether this ledger holds what the ledger that last sent batch
    /// `label` held then: the batch's mark in `file` (beside its lock, see
    /// `super::batch_home`), which this ledger writes from now on too. The
    /// path's mark cannot see a ledger renamed or moved without its `-wal`
    /// (the new path has none) nor a backup restored where the ledger and
    /// its mark were both lost; the batch's mark follows the batch.
    ///
    /// `Ok(true)`: the mark names sends and this ledger was made new by this
    /// run, so it holds nothing to compare. That is a lost ledger, or another
    /// gateway that came back on the same address (a test suite's sandbox on
    /// a reused port): only the gateway can tell them apart, so the caller
    /// asks it about every payout before the first send, not a sample
    /// (`cmd::submit::loss`), and refusing here would stop the second case
    /// for nothing.
    pub fn check_batch_mark(&mut self, file: &Path, label: &str) -> Result<bool, LedgerError> {
        self.batch_mark = Some(file.to_path_buf());
        let Some(mark) = read_mark_file(file) else {
            return Ok(false);
        };
        if self.created {
            return Ok(true);
        }
        match self.lacks(&mark)? {
            None => Ok(false),
            Some(why) => {
                let why = format!(
                    "{why}. It lacks {}",
                    lacking::describe(&self.lacked_of(&mark)?)
                );
                Err(batch_went_back(&self.path, label, file, &mark, &why))
            }
        }
    }

    /// Why this ledger does not hold what `mark` saw (`None`: it does):
    /// the run, as many requests, and the newest of them.
    pub(super) fn lacks(&self, mark: &Mark) -> Result<Option<String>, LedgerError> {
        let e = || LedgerError::sql("comparing the ledger with its mark");
        let started = self.run_started_at(mark.run_id).optional().map_err(e())?;
        let requests = self.request_rows().map_err(e())?;
        let newest_held = match &mark.newest {
            Some((id, at)) => self.request_at(*id).map_err(e())?.as_deref() == Some(at.as_str()),
            None => true,
        };
        let why = match started {
            None => format!("it holds no run {}", mark.run_id),
            Some(s) if s != mark.started_at => format!(
                "its run {} started at {s}, not at {}",
                mark.run_id, mark.started_at
            ),
            Some(_) if requests < mark.requests => format!(
                "it holds {requests} gateway requests, fewer than the {} it held then",
                mark.requests
            ),
            Some(_) if !newest_held => format!(
                "it does not hold its newest gateway request then ({})",
                mark.newest
                    .as_ref()
                    .map_or(String::new(), |(id, at)| format!("request {id}, made {at}"))
            ),
            Some(_) => return Ok(None),
        };
        Ok(Some(why))
    }

    /// Records `run_id` and the requests the ledger holds now as what this
    /// path last saw, and the batch's mark given to [`Ledger::check_batch_mark`]
    /// (what the batch's ledger held). Call it only after the run's row is
    /// committed.
    pub fn write_mark(&self, run_id: i64) -> Result<(), LedgerError> {
        let e = || LedgerError::sql("reading the ledger for its mark");
        let started_at = self.run_started_at(run_id).map_err(e())?;
        let mark = Mark {
            run_id,
            started_at,
            requests: self.request_rows().map_err(e())?,
            newest: self
                .conn
                .query_row(
                    "SELECT id, started_at FROM attempts ORDER BY id DESC LIMIT 1",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()
                .map_err(e())?,
            runs: self.runs_to_mark()?,
        };
        let text = mark.render();
        let paths = std::iter::once(mark_path(&self.path)).chain(self.batch_mark.clone());
        for path in paths {
            let tmp = path.with_extension("mark.tmp");
            crate::private::replace_file(&path, &tmp, text.as_bytes())
                .map_err(|cause| LedgerError::Io { path, cause })?;
        }
        Ok(())
    }

    /// When run `run_id` started: what a mark holds of its run, and what
    /// [`Self::lacks`] compares.
    fn run_started_at(&self, run_id: i64) -> rusqlite::Result<String> {
        sql::one(
            &self.conn,
            "SELECT started_at FROM runs WHERE id = ?1",
            [run_id],
        )
    }

    /// When the request row `id` was made, if the ledger holds it.
    fn request_at(&self, id: i64) -> rusqlite::Result<Option<String>> {
        sql::one(
            &self.conn,
            "SELECT started_at FROM attempts WHERE id = ?1",
            [id],
        )
        .optional()
    }

    fn request_rows(&self) -> rusqlite::Result<i64> {
        sql::one(&self.conn, "SELECT COUNT(*) FROM attempts", [])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mark_reads_back_and_anything_else_is_no_mark() {
        let m = Mark {
            run_id: 7,
            started_at: "2026-12-05T03:34:19.069Z".into(),
            requests: 1234,
            newest: Some((1300, "2026-12-05T03:35:00.001Z".into())),
            runs: vec![MarkedRun {
                run_id: 6,
                started_at: "2026-12-04T03:34:19.069Z".into(),
                payouts: 12,
                label: "2026-12 bonus".into(),
            }],
        };
        assert_eq!(Mark::parse(&m.render()), Some(m.clone()));
        // A mark written before `newest` was kept still reads.
        let older = Mark {
            newest: None,
            runs: Vec::new(),
            ..m
        };
        assert_eq!(Mark::parse(&older.render()), Some(older));
        for bad in [
            "",
            "run 7\nstarted x\nrequests 1\n",
            HEADER,
            "payrun ledger mark v1\nrun x\nstarted a\nrequests 1",
        ] {
            assert_eq!(Mark::parse(bad), None, "{bad:?}");
        }
    }
}
