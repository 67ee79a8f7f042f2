//! What `submit`, `reconcile`, `report` and `status` share: the ledger path,
//! the interrupt flag, the batch report and the settle summary line.

use crate::cli::LedgerArgs;
use crate::error::{Error, exit};
use crate::ledger::Ledger;
use crate::report::from_ledger::{default_report_path, report_data};
use crate::report::{ReportData, WriteOptions, write_report};
use crate::settle::{SettleConfig, SettleOutcome};
use crate::submit::backoff::Backoff;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub(super) use super::submit::interrupt_flag;

/// The ledger path from `--ledger`, `$PAYRUN_LEDGER` or the default.
pub(super) fn ledger_path(args: &LedgerArgs) -> Result<PathBuf, Error> {
    args.resolve(false).ok_or_else(|| {
        Error::Usage(
            "no ledger location: pass --ledger PATH or set PAYRUN_LEDGER (HOME is not set)".into(),
        )
    })
}

/// Writes the batch's report to `out`, or to the default beside the ledger,
/// and says where on stdout.
pub(super) fn write_batch_report(
    ledger: &Path,
    label: &str,
    out: Option<&Path>,
    data: &ReportData,
    mask_wallets: bool,
) -> Result<(), Error> {
    let path = out.map_or_else(|| default_report_path(ledger, label), Path::to_path_buf);
    let written = write_report(&path, data, WriteOptions { mask_wallets })?;
    for p in written {
        println!("Report: {}", p.display());
    }
    Ok(())
}

/// One line on what settling did, and what is still open.
pub(super) fn print_settle(asked: usize, out: &SettleOutcome) {
    println!(
        "Settling: {asked} payouts to ask about; {} queries, {} now final, {} back to not sent (never reached the gateway), {} still open{}.",
        out.queries,
        out.finalised,
        out.requeued,
        out.left.len(),
        if out.timed_out {
            " (--wait ran out)"
        } else {
            ""
        }
    );
}

/// How `submit --wait` settles: like `reconcile --wait`, at submit's pace.
pub(super) fn submit_settle_config(args: &crate::cli::SubmitArgs, wait: Duration) -> SettleConfig {
    SettleConfig {
        wait: Some(wait),
        grace: args.grace(),
        poll: Backoff {
            base: Duration::from_secs(1),
            max: Duration::from_secs(30),
        },
        concurrency: (args.concurrency as usize).clamp(1, 8),
    }
}

/// Writes the batch's report at the end of a run and says where. A report
/// that cannot be written never hides the payments' exit code, but turns a
/// clean 0 into 1 so that cron notices.
pub(super) fn report_after_run(ledger: &Ledger, label: &str, out: Option<&Path>, code: i32) -> i32 {
    let result = report_data(ledger, label)
        .map_err(Error::from)
        .and_then(|data| write_batch_report(ledger.path(), label, out, &data, false));
    match result {
        Ok(()) => code,
        Err(e) => {
            crate::log::error(
                "report_not_written",
                format!("error: the report was not written: {e}"),
            );
            if code == exit::OK {
                exit::INCOMPLETE
            } else {
                code
            }
        }
    }
}
