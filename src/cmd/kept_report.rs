//! What `status` and `reconcile` say of a finished batch whose report is
//! not on disk (`report::kept`), and the command that writes it.

use crate::config::Resolved;
use crate::error::Error;
use crate::ledger::{Batch, Ledger};
use crate::report::kept::{MissingReport, missing_report};
use std::path::{Path, PathBuf};

/// Where batch `label`'s report goes when no run said otherwise: the report
/// folder's (`report_dir`), else beside the ledger.
pub(super) fn default_report(s: &Resolved, ledger: &Path, label: &str) -> PathBuf {
    super::settings::report_in_dir(s, label)
        .unwrap_or_else(|| crate::report::from_ledger::default_report_path(ledger, label))
}

/// The batch's missing report, if it is finished and has none on disk.
pub(super) fn missing(
    ledger: &Ledger,
    s: &Resolved,
    batch: &Batch,
) -> Result<Option<MissingReport>, Error> {
    let default = default_report(s, ledger.path(), &batch.label);
    Ok(missing_report(ledger, batch, &default)?)
}

/// `payrun report --batch LABEL --out PATH` with `flags`, the flags that
/// reach this run's ledger (`config::selection`).
pub(super) fn report_command(label: &str, path: &Path, flags: &str) -> String {
    let word = |p: &Path| super::shell::shell_word(&p.display().to_string());
    format!(
        "payrun report --batch {} --out {}{flags}",
        super::shell::shell_word(label),
        word(path)
    )
}

/// The line that says so, where the report's path would be.
pub(super) fn missing_line(m: &MissingReport, label: &str, flags: &str) -> String {
    format!(
        "Report: {}: the batch is finished, but {}. The ledger holds every payout's \
         outcome; write it with: {} (or `payrun reconcile --batch {}{flags}`, which writes it)",
        m.flag(),
        m.words(),
        report_command(label, &m.path, flags),
        super::shell::shell_word(label)
    )
}
