//! The runs a ledger that went back in time lacks, by name, until each is
//! made good.
//!
//! A mark (`super::continuity`) that only said "run 7" left the operator
//! unable to tell which batches to adopt, and once one `--adopt` accepted
//! the ledger, nothing remembered that runs were missing: a row paid in one
//! of them read as never paid, so the same people under a new label were
//! paid again. So a mark also lists the ledger's recent `submit` runs (id,
//! start, how many payouts they sent, batch label; the mark is private, as
//! the ledger is, and labels are the operator's own words), and when a
//! ledger is accepted without some of them they are written into the ledger
//! itself (`missing_runs`), where they stay until each batch is adopted or
//! a person acknowledges the gap (`submit --acknowledge-missing-runs`),
//! recorded for auditors with the run that did it. Meanwhile `submit`
//! refuses any other batch, `check` says the sheet cannot be checked for
//! repeats, and `status` says what is missing.
//!
//! A restore of the whole folder (the mark with the ledger, a VM snapshot)
//! brings an older mark back too: nothing is seen missing then. That is
//! inherent to a mark kept beside the ledger; the batch's own mark, in the
//! user's data folder, still catches a batch it sent.

use super::continuity::{Mark, read_mark, read_mark_file};
use super::{Ledger, LedgerError, sql};
use rusqlite::{OptionalExtension, params};

/// How many recent runs a mark lists (a mark stays small; a gap longer
/// than this is named by its newest runs and said to go further back).
pub const LISTED: i64 = 64;

/// A `submit` run, as a mark lists it and as a ledger may lack it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkedRun {
    pub run_id: i64,
    pub started_at: String,
    /// How many payouts it had sent when the mark was written.
    pub payouts: i64,
    /// Its batch label; empty when the mark is older than the list, so
    /// that only an acknowledgement settles it.
    pub label: String,
}

impl MarkedRun {
    /// The mark's line for it; the label last, since it may hold spaces.
    pub(super) fn render(&self) -> String {
        format!(
            "ran {} {} {} {}\n",
            self.run_id, self.started_at, self.payouts, self.label
        )
    }

    /// The value of a `ran` line, as [`MarkedRun::render`] writes it.
    pub(super) fn parse(v: &str) -> Option<MarkedRun> {
        let mut parts = v.splitn(4, ' ');
        Some(MarkedRun {
            run_id: parts.next()?.parse().ok()?,
            started_at: parts.next()?.to_string(),
            payouts: parts.next()?.parse().ok()?,
            label: parts.next()?.to_string(),
        })
    }

    fn describe(&self) -> String {
        let batch = match self.label.as_str() {
            "" => "a batch the older mark does not name".to_string(),
            l => format!("batch '{l}'"),
        };
        format!(
            "run {} ({batch}, started {}, {} payouts sent)",
            self.run_id, self.started_at, self.payouts
        )
    }
}

/// The runs named, for a message: "run 2 (batch 'x', ...); run 3 (...)".
pub fn describe(runs: &[MarkedRun]) -> String {
    runs.iter()
        .map(MarkedRun::describe)
        .collect::<Vec<_>>()
        .join("; ")
}

/// The distinct labels of `runs`, in order, for the advice to adopt each.
pub fn labels(runs: &[MarkedRun]) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for r in runs {
        if !r.label.is_empty() && !out.contains(&r.label.as_str()) {
            out.push(&r.label);
        }
    }
    out
}

/// What to do about `runs`, lacking from the ledger, for `submit`'s
/// refusal: why it refuses, then [`steps`].
pub fn advice(runs: &[MarkedRun]) -> String {
    format!(
        "A row paid there reads here as never paid, and would be paid again under another \
         label. Nothing was sent. To go on, {}",
        steps(runs)
    )
}

/// The commands that close the gap of `runs`, each with the flags that
/// reach this run's ledger and gateway (`config::selection`): adopt each
/// batch named, or acknowledge the gap. The acknowledgement is given as
/// `--adopt --acknowledge-missing-runs`, which works whether or not a run
/// has accepted the ledger yet (the flag alone needs one that has).
pub fn steps(runs: &[MarkedRun]) -> String {
    let flags = crate::config::selection::flags();
    let adopt: Vec<String> = labels(runs)
        .iter()
        .map(|l| {
            let l = crate::text::shell_word(l);
            format!("`payrun submit SHEET --batch {l} --adopt{flags}`")
        })
        .collect();
    let adopt = match adopt.is_empty() {
        true => String::new(),
        false => format!(
            "adopt each batch with the sheet it was paid from ({}), or, ",
            adopt.join(", ")
        ),
    };
    format!(
        "{adopt}once you have made sure none of those payouts is in a sheet you pay next, \
         acknowledge the gap with `payrun submit SHEET --batch LABEL --adopt \
         --acknowledge-missing-runs{flags}` (any sheet and label of yours; recorded in the \
         ledger for auditors; docs/operations.md, \"Recovery\")"
    )
}

/// A run from the columns (id, start, payouts sent, label), as both the
/// runs a mark lists and the runs a ledger lacks are selected.
fn marked_run(r: &rusqlite::Row<'_>) -> rusqlite::Result<MarkedRun> {
    Ok(MarkedRun {
        run_id: r.get(0)?,
        started_at: r.get(1)?,
        payouts: r.get(2)?,
        label: r.get(3)?,
    })
}

impl Ledger {
    /// The newest `submit` runs this ledger holds, and the runs it is
    /// recorded to lack: what a mark lists, so that a copy of this ledger
    /// that goes back is told what it lacks, and so is one that lacked
    /// runs already.
    pub(super) fn runs_to_mark(&self) -> Result<Vec<MarkedRun>, LedgerError> {
        let mut runs: Vec<MarkedRun> = sql::all(
            &self.conn,
            "SELECT r.id, r.started_at,
                    (SELECT COUNT(DISTINCT a.payout_id) FROM attempts a
                      WHERE a.run_id = r.id AND a.kind = 'payout'),
                    b.label
               FROM runs r JOIN batches b ON b.id = r.batch_id
              WHERE r.command = 'submit' AND r.dry_run = 0
              ORDER BY r.id DESC LIMIT ?1",
            [LISTED],
            marked_run,
        )
        .map_err(LedgerError::sql("reading the runs for the ledger's mark"))?;
        runs.reverse();
        // Bounded too, so that a mark stays under its size limit.
        for r in self.missing_runs()?.into_iter().take(LISTED as usize) {
            if !runs.contains(&r) {
                runs.push(r);
            }
        }
        Ok(runs)
    }

    /// The runs this ledger is recorded to lack and not yet made good. A
    /// ledger too old to have the table (read on read-only media) lacks
    /// none by its own record.
    pub fn missing_runs(&self) -> Result<Vec<MarkedRun>, LedgerError> {
        let e = || LedgerError::sql("reading the runs the ledger lacks");
        if !sql::has_table(&self.conn, "missing_runs").map_err(e())? {
            return Ok(Vec::new());
        }
        sql::all(
            &self.conn,
            "SELECT run_id, started_at, payouts, label FROM missing_runs
              WHERE settled_at IS NULL ORDER BY id",
            [],
            marked_run,
        )
        .map_err(e())
    }

    /// The runs this ledger lacks: those recorded in it and not yet made
    /// good, and those its path's mark and the batch's (once
    /// [`Ledger::check_batch_mark`] named it) saw and it does not hold.
    pub fn lacking_runs(&self) -> Result<Vec<MarkedRun>, LedgerError> {
        let mut runs = self.missing_runs()?;
        // A ledger made new beside its path's mark lacks all it saw; one
        // made new for a batch another ledger sent may be a sandbox come
        // back (see `check_batch_mark`): the gateway is asked about all.
        let marks = [
            (read_mark(&self.path), true),
            (self.batch_mark.as_deref().and_then(read_mark_file), false),
        ];
        for (mark, path_mark) in marks {
            let Some(mark) = mark else { continue };
            let lacks = match self.created {
                true => path_mark,
                false => self.lacks(&mark)?.is_some(),
            };
            if !lacks {
                continue;
            }
            for r in self.lacked_of(&mark)? {
                if !runs.contains(&r) {
                    runs.push(r);
                }
            }
        }
        Ok(runs)
    }

    /// The runs `mark` saw that this ledger does not hold, once
    /// [`Ledger::lacks`] found it short of the mark: every listed run it
    /// does not hold, and the mark's own last run (its tail may be what was
    /// lost). A mark older than the list names its last run only.
    pub(super) fn lacked_of(&self, mark: &Mark) -> Result<Vec<MarkedRun>, LedgerError> {
        let e = || LedgerError::sql("comparing the ledger's runs with its mark");
        let mut out = Vec::new();
        for r in &mark.runs {
            let held: Option<String> = sql::one(
                &self.conn,
                "SELECT started_at FROM runs WHERE id = ?1",
                [r.run_id],
            )
            .optional()
            .map_err(e())?;
            if held.as_deref() != Some(r.started_at.as_str()) || r.run_id == mark.run_id {
                out.push(r.clone());
            }
        }
        if !out.iter().any(|r| r.run_id == mark.run_id) {
            out.push(MarkedRun {
                run_id: mark.run_id,
                started_at: mark.started_at.clone(),
                payouts: 0,
                label: String::new(),
            });
        }
        Ok(out)
    }

    /// Records `runs` as lacking from this ledger, found by run `run_id`:
    /// they stay until adopted or acknowledged, whatever marks say later.
    pub fn record_missing(&self, runs: &[MarkedRun], run_id: i64) -> Result<(), LedgerError> {
        let now = crate::time::now_text();
        for r in runs {
            self.conn
                .execute(
                    "INSERT OR IGNORE INTO missing_runs
                       (run_id, started_at, payouts, label, found_at, found_run_id)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![r.run_id, r.started_at, r.payouts, r.label, now, run_id],
                )
                .map_err(LedgerError::sql("recording the runs the ledger lacks"))?;
        }
        Ok(())
    }

    /// Marks the lacking runs of batch `label` adopted (`Some`) or every
    /// lacking run acknowledged (`None`) by run `run_id`; how many.
    pub fn settle_missing(&self, label: Option<&str>, run_id: i64) -> Result<usize, LedgerError> {
        let how = if label.is_some() {
            "adopted"
        } else {
            "acknowledged"
        };
        let (uid, login) = super::reviews::os_account();
        self.conn
            .execute(
                "UPDATE missing_runs SET settled_at = ?1, settled_how = ?2, settled_run_id = ?3,
                        settled_os_uid = ?5, settled_os_login = ?6
                  WHERE settled_at IS NULL AND (?4 IS NULL OR label = ?4)",
                params![crate::time::now_text(), how, run_id, label, uid, login],
            )
            .map_err(LedgerError::sql("recording the lacking runs made good"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listed_run_reads_back_with_spaces_in_its_label() {
        let r = MarkedRun {
            run_id: 2,
            started_at: "2026-12-06T01:47:20.545Z".into(),
            payouts: 10,
            label: "Dec payroll 2".into(),
        };
        let line = r.render();
        let v = line.trim_end().strip_prefix("ran ").expect("a ran line");
        assert_eq!(MarkedRun::parse(v), Some(r.clone()));
        assert_eq!(MarkedRun::parse("2 x"), None);
        assert!(describe(std::slice::from_ref(&r)).contains("batch 'Dec payroll 2'"));
        assert!(advice(&[r]).contains("--batch 'Dec payroll 2' --adopt"));
    }
}
