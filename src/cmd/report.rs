//! `payrun report`: write a batch's reconciliation report.

use super::reconcile::conflict_or_unbalanced;
use super::settings::ledger_path;
use super::settle_io::sandbox_hint;
use crate::cli::ReportArgs;
use crate::config::Resolved;
use crate::error::Error;
use crate::exit;
use crate::ledger::Ledger;
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
    let code = if conflict_or_unbalanced(&data) {
        exit::INCOMPLETE
    } else {
        exit::OK
    };
    Ok(super::gap::code(&ledger.lacking_runs()?, code))
}

/// Opens a ledger that must already exist, read-only: reading a report from
/// a typo'd path must not create an empty ledger there, and an auditor with
/// read access only must be able to run `report` and `status`.
/// A ledger older than the one last used at its path, or one that lacks
/// runs, is still shown (an auditor may need exactly that file), with a
/// warning that payouts may be missing from it (`super::gap`).
pub(super) fn open_existing(path: &std::path::Path, sandbox: bool) -> Result<Ledger, Error> {
    // The one way a command reads an existing ledger: when it is missing and
    // the quick start's sandbox ledger is here, the error says --sandbox.
    let ledger = sandbox_hint(
        Ledger::open_read_only(path).map_err(Error::from),
        path,
        sandbox,
    )?;
    super::gap::tell(&ledger)?;
    Ok(ledger)
}
