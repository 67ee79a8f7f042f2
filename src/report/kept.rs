//! Whether a batch that is done still has its report on disk.
//!
//! `submit` and `reconcile` write the batch's report at the end of a run.
//! A run killed after its last payout became final but before that write,
//! or a report deleted or moved since, leaves a finished batch with no
//! report, or with one that still shows payouts open; an auditor months
//! later finds none. The ledger holds every outcome, so the report can
//! always be written again: `status` says so with the command, and
//! `reconcile` writes it.

use super::ReportError;
use crate::ledger::{Batch, Ledger};
use std::path::{Path, PathBuf};

/// Why a finished batch's report is not there to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Missing {
    /// No run recorded writing one, and none is at the default path.
    Never,
    /// Payrun wrote it at `written_at`; a file of it is gone since.
    Gone { written_at: String },
    /// Written at `written_at`, untouched since, but before the batch's
    /// last change at `settled_at`: it shows payouts still open.
    Stale {
        written_at: String,
        settled_at: String,
    },
}

/// A finished batch's report that is not there, and where it belongs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingReport {
    pub why: Missing,
    /// Where to write it: where it was, else `default`.
    pub path: PathBuf,
}

impl MissingReport {
    /// The word for it in a status line: `MISSING`, or `OUT OF DATE` for a
    /// report on disk that no longer says what the ledger does.
    pub fn flag(&self) -> &'static str {
        match self.why {
            Missing::Stale { .. } => "OUT OF DATE",
            Missing::Never | Missing::Gone { .. } => "MISSING",
        }
    }

    /// Why, in words for the operator.
    pub fn words(&self) -> String {
        match &self.why {
            Missing::Never => "it was never written (a run stopped before writing it?)".to_string(),
            Missing::Gone { written_at } => format!(
                "{} was deleted or moved since payrun wrote it at {written_at}",
                self.path.display()
            ),
            Missing::Stale {
                written_at,
                settled_at,
            } => format!(
                "{} was written at {written_at}, before the batch's last payout changed at \
                 {settled_at} (settled by a callback since, or a run stopped before writing \
                 it): it shows payouts as they were",
                self.path.display()
            ),
        }
    }
}

/// The report of `batch` when it is finished (no payout can change by a
/// run any more) and its report is not on disk as payrun last wrote it;
/// `None` otherwise (an open batch's report is written by its next run).
/// `default`: where a report goes that no run recorded. A report written
/// by `payrun report` (which records nothing: it may run on a read-only
/// ledger) counts once its file is there.
pub fn missing_report(
    ledger: &Ledger,
    batch: &Batch,
    default: &Path,
) -> Result<Option<MissingReport>, ReportError> {
    let Some(settled_at) = ledger.settled_at(batch.id)? else {
        return Ok(None);
    };
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let Some(stamp) = ledger.last_report_of(&batch.label)? else {
        return Ok((!default.exists()).then(|| MissingReport {
            why: Missing::Never,
            path: absolute(default),
        }));
    };
    let path = absolute(Path::new(&stamp.path));
    let written_at = stamp.written_at.clone();
    if stamp.files.is_empty() || stamp.files.iter().any(|f| !Path::new(f).exists()) {
        return Ok(Some(MissingReport {
            why: Missing::Gone { written_at },
            path,
        }));
    }
    // Written before the batch settled, and not rewritten since (`payrun
    // report` over it changes its bytes): only then is the stamp's digest
    // worth reading.
    let untouched =
        || super::digest::files_digest(&stamp.files).is_ok_and(|d| d == stamp.files_sha256);
    if stamp.written_at < settled_at && untouched() {
        return Ok(Some(MissingReport {
            why: Missing::Stale {
                written_at,
                settled_at,
            },
            path,
        }));
    }
    Ok(None)
}
