//! `reconcile --all-open`: the reports of finished batches that are not on
//! disk (`report::kept`), written from the ledger. Such a batch has nothing
//! left to ask the gateway, so `--all-open` does not follow it; without
//! this, a run killed between its last final answer and its report left
//! the batch without one for good.

use crate::config::Resolved;
use crate::error::Error;
use crate::exit;
use crate::ledger::Ledger;
use crate::report::from_ledger::report_data;
use std::sync::atomic::{AtomicBool, Ordering};

/// Most missing reports one run writes (each may be a 100,000-row
/// workbook); the rest on the next run.
const MOST_MISSING_REPORTS: usize = 20;

/// Writes the missing report of every finished batch not in `followed`
/// (whose reports their own reconcile wrote), at most
/// [`MOST_MISSING_REPORTS`], until `stop`. Says each on stdout, and gives
/// the `finished` event `reports_written` and `reports_missing_left`.
/// Exit 1 when one could not be written (said, with the command), else 0.
pub(super) fn write_missing(
    ledger: &Ledger,
    s: &Resolved,
    followed: &[String],
    stop: &AtomicBool,
) -> Result<i32, Error> {
    // Each write gathers its batch's counts for the `finished` event; the
    // event is the run's, so they are dropped and what was there kept.
    let before = crate::log::take_finish_fields(super::all_open::SHARED);
    let flags = crate::config::selection::flags();
    let guard = super::super::report_guard::known_inputs(ledger)?;
    super::super::report_guard::protect(s, &[], guard);
    let (mut written, mut left, mut code) = (0usize, 0usize, exit::OK);
    for batch in ledger.batches()? {
        if followed.contains(&batch.label) {
            continue;
        }
        let Some(m) = super::super::kept_report::missing(ledger, s, &batch)? else {
            continue;
        };
        if written >= MOST_MISSING_REPORTS || stop.load(Ordering::Relaxed) {
            left += 1;
            continue;
        }
        let label = &batch.label;
        let data = report_data(ledger, label)?;
        // Never over a file payrun reads or did not write.
        let wrote =
            super::super::report_guard::refuse_replacing(&[&m.path], "--report").and_then(|()| {
                super::super::settle_io::refresh_report(ledger, label, Some(&m.path), data, false)
            });
        match wrote {
            Ok(()) => {
                written += 1;
                println!(
                    "Batch {label}: its report was missing ({}); written from the ledger.",
                    m.words()
                );
            }
            Err(e) => {
                let out = Some(m.path.as_path());
                super::super::settle_io::report_not_written(&e, ledger.path(), label, out, flags);
                left += 1;
                code = exit::INCOMPLETE;
            }
        }
        let _ = crate::log::take_finish_fields(super::all_open::SHARED);
    }
    let before: Vec<(&str, serde_json::Value)> = before
        .iter()
        .map(|(k, v)| (k.as_str(), v.clone()))
        .collect();
    crate::log::finish_with(&before);
    crate::log::finish_with(&[
        ("reports_written", written.into()),
        ("reports_missing_left", left.into()),
    ]);
    if left > 0 {
        println!(
            "{} of finished batches still missing: written on the next run.",
            crate::text::count(left as u64, "report", "reports")
        );
    }
    Ok(code)
}
