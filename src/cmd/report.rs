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
    let ledger = sandbox_hint(open_existing(&path), &path, args.sandbox)?;
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
pub(super) fn open_existing(path: &std::path::Path) -> Result<Ledger, Error> {
    Ok(Ledger::open_read_only(path)?)
}
