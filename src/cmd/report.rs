//! `payrun report`: write a batch's reconciliation report.

use super::reconcile::conflict_or_unbalanced;
use super::settings::ledger_path;
use super::settle_io::sandbox_hint;
use crate::cli::ReportArgs;
use crate::config::Resolved;
use crate::error::Error;
use crate::exit;
use crate::ledger::{Ledger, LedgerError};
use crate::report::from_ledger::report_data;
use crate::report::{WriteOptions, write_report};

pub fn run(args: ReportArgs, s: &Resolved) -> Result<i32, Error> {
    // Refuse a bad extension before touching anything.
    crate::report::ReportFormat::from_path(&args.out)?;
    let path = ledger_path(s)?;
    let ledger = open_existing(&path, args.sandbox)?;
    let known = super::report_guard::known_inputs(&ledger)?;
    super::report_guard::refuse_input_targets(s, &[], known, &[&args.out], "--out")?;
    let data = report_data(&ledger, &args.batch)?;
    super::finish::batch_counts(&data);
    let written = write_report(
        &args.out,
        &data,
        WriteOptions {
            mask_wallets: args.mask_wallets,
        },
    )?;
    for p in written {
        println!("Report: {}", p.display());
    }
    println!("Control: {}", data.summary.control.verdict());
    Ok(if conflict_or_unbalanced(&data) {
        exit::INCOMPLETE
    } else {
        exit::OK
    })
}

/// Opens a ledger that must already exist, read-only: reading a report from
/// a typo'd path must not create an empty ledger there, and an auditor with
/// read access only must be able to run `report` and `status`.
/// A ledger older than the one last used at its path is still shown (an
/// auditor may need exactly that file), with a warning that payouts may be
/// missing from it (see `ledger::continuity`).
pub(super) fn open_existing(path: &std::path::Path, sandbox: bool) -> Result<Ledger, Error> {
    // The one way a command reads an existing ledger: when it is missing and
    // the quick start's sandbox ledger is here, the error says --sandbox.
    let ledger = sandbox_hint(
        Ledger::open_read_only(path).map_err(Error::from),
        path,
        sandbox,
    )?;
    warn_if_went_back(&ledger);
    Ok(ledger)
}

/// The warning of [`open_existing`], for every command that reads or only
/// resolves (never sends from) such a ledger.
pub(super) fn warn_if_went_back(ledger: &Ledger) {
    if let Ok(runs) = ledger.missing_runs()
        && !runs.is_empty()
    {
        crate::log::warn(
            "ledger_lacks_runs",
            format!(
                "warning: {} lacks {}: payouts sent there are missing from what follows. \
                 Adopt each batch or acknowledge the gap: docs/operations.md, \"Recovery\"",
                ledger.path().display(),
                crate::ledger::lacking::describe(&runs)
            ),
        );
    }
    if let Err(LedgerError::WentBack { path, why }) = ledger.check_continuity() {
        crate::log::warn(
            "ledger_went_back",
            format!(
                "warning: {} is older than the ledger last used at this path ({why}): payouts \
                 sent since then may be missing from what follows. See docs/operations.md, \
                 \"Recovery\"",
                path.display()
            ),
        );
    }
}
