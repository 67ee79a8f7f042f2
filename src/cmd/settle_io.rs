//! What `submit`, `reconcile`, `report` and `status` share: the ledger path,
//! the interrupt flag, the batch report and the settle summary line.

use crate::engine::Backoff;
use crate::error::Error;
use crate::exit;
use crate::ledger::Ledger;
use crate::report::from_ledger::{default_report_path, report_data};
use crate::report::{ReportData, WriteOptions, digest, write_report};
use crate::settle::{SettleConfig, SettleOutcome};
use std::path::{Path, PathBuf};
use std::time::Duration;

pub(super) use super::interrupt::flag as interrupt_flag;

use crate::config::keys::SANDBOX_LEDGER;

/// A ledger that was not found, when the quick start's sandbox ledger is
/// right here: the error says so, since that is the one the user most
/// likely means (`payrun status` after `payrun submit ... --sandbox`).
pub(super) fn sandbox_hint<T>(r: Result<T, Error>, path: &Path, sandbox: bool) -> Result<T, Error> {
    let Err(e) = r else {
        return r;
    };
    let missing = matches!(std::fs::symlink_metadata(path), Err(m) if m.kind() == std::io::ErrorKind::NotFound);
    // The ledger a profile names, when none was chosen.
    let profiles = crate::config::selection::profiles_setting("ledger");
    if missing && !profiles.is_empty() {
        return Err(Error::Usage(format!("{e}{profiles}")));
    }
    if sandbox || !missing || !Path::new(SANDBOX_LEDGER).is_file() {
        return Err(e);
    }
    Err(Error::Usage(format!(
        "{e}. A sandbox ledger exists at ./{SANDBOX_LEDGER}: add --sandbox to use it"
    )))
}

/// Writes the batch's report to `out`, or to the default beside the ledger,
/// and says where on stdout. Returns every file written, the main one first.
pub(super) fn write_batch_report(
    ledger: &Path,
    label: &str,
    out: Option<&Path>,
    data: &ReportData,
    mask_wallets: bool,
) -> Result<Vec<PathBuf>, Error> {
    let path = out.map_or_else(|| default_report_path(ledger, label), Path::to_path_buf);
    let written = write_report(&path, data, WriteOptions { mask_wallets })?;
    for p in &written {
        println!("Report: {}", p.display());
    }
    Ok(written)
}

/// One line on what settling did, and what is still open.
pub(super) fn print_settle(asked: usize, out: &SettleOutcome) {
    println!(
        "Settling: {asked} payouts to ask about; {} queries, {} now final, {} back to not sent (the gateway has no order for them), {} still open{}.",
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
pub(super) fn submit_settle_config(pace: &crate::config::Pace, wait: Duration) -> SettleConfig {
    SettleConfig {
        wait: Some(wait),
        grace: pace.grace,
        poll: Backoff {
            base: Duration::from_secs(1),
            max: Duration::from_secs(30),
        },
        concurrency: (pace.concurrency as usize).clamp(1, 8),
    }
}

/// Writes the batch's report at the end of a run and says where. A report
/// that cannot be written never hides the payments' exit code, but turns a
/// clean 0 into 1 so that cron notices; the message says that the payments
/// are recorded (a failed report is not a failed run) and how to write it.
/// `flags`: what `payrun report` needs to reach this ledger.
pub(super) fn report_after_run(
    ledger: &Ledger,
    label: &str,
    out: Option<&Path>,
    code: i32,
    flags: &str,
) -> i32 {
    let data = report_data(ledger, label).map_err(Error::from);
    match data.and_then(|data| refresh_report(ledger, label, out, data, false)) {
        Ok(()) => code,
        Err(e) => {
            report_not_written(&e, ledger.path(), label, out, flags);
            if code == exit::OK {
                exit::INCOMPLETE
            } else {
                code
            }
        }
    }
}

/// Says that the end-of-run report at `out` (or the default beside the
/// ledger) was not written although the payouts are recorded (event
/// `report_not_written`, documented with exit 1), and the command that
/// writes it again.
pub(super) fn report_not_written(
    e: &Error,
    ledger: &Path,
    label: &str,
    out: Option<&Path>,
    flags: &str,
) {
    let path = out.map_or_else(|| default_report_path(ledger, label), Path::to_path_buf);
    let folder = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let word = |p: &Path| super::shell::shell_word(&p.display().to_string());
    let again = super::kept_report::report_command(label, &path, flags);
    // The summary's own line, where the report's path would be: stdout is
    // what cron mails.
    println!(
        "Report: NOT WRITTEN ({}: {e}). The payouts' outcome is in the ledger; write the report with: {again}",
        path.display()
    );
    crate::log::error(
        "report_not_written",
        format!(
            "error: the report was not written: {e}\n\
             The payouts' outcome is recorded in the ledger as the summary above says; nothing \
             needs to be sent again because of this. Make {} a folder payrun can write (it must \
             be a folder, with space left), then write the report with: {again} (or --out a \
             path elsewhere)",
            word(folder),
        ),
    );
}

/// One `unread_answer` warning per answer payrun refused to read about
/// open payouts of the batch: what the gateway sent and the setting that
/// reads it, for a log parser as for the person reading the summary.
pub(super) fn warn_unread(groups: &[crate::ledger::unread::UnreadGroup]) {
    for g in groups {
        crate::log::warn(
            "unread_answer",
            format!(
                "{}: {}",
                crate::text::count(g.payouts, "open payout", "open payouts"),
                g.unread.words()
            ),
        );
    }
}

/// [`warn_unread`], and a `Next:` line for each, as `submit`'s summary
/// says them: for `reconcile` and `status --batch`.
pub(super) fn tell_unread(
    ledger: &Ledger,
    batch_id: i64,
    label: &str,
    flags: &str,
) -> Result<(), Error> {
    let groups = ledger.unread_open(batch_id)?;
    warn_unread(&groups);
    for g in &groups {
        let label = super::shell::shell_word(label);
        println!(
            "Next: {}",
            crate::submit::summary::unread_next(g, &label, flags)
        );
    }
    Ok(())
}

/// What a suggested command needs to reach the config, profile, gateway
/// and ledger a run used (`config::selection`).
pub(super) fn ledger_flags(sandbox: bool, s: &crate::config::Resolved) -> String {
    crate::config::selection::of(sandbox, s)
}

/// Writes the end-of-run report `data` of batch `label` (`mask`: wallets
/// masked) unless the one already on disk says exactly what a new one would
/// (same content digest, files untouched since payrun wrote them; see
/// `ledger::reports`). Re-running a finished 100,000-row batch then costs a
/// digest instead of a new workbook, and leaves the file alone. Either way
/// the ledger records that the report on disk is the batch's as of now,
/// which `report::kept` reads to tell a finished batch without one.
pub(super) fn refresh_report(
    ledger: &Ledger,
    label: &str,
    out: Option<&Path>,
    mut data: ReportData,
    mask: bool,
) -> Result<(), Error> {
    super::finish::batch_counts(&data);
    // This run is about to end: the report is its record, so it finishes now.
    data.summary.finished_at = Some(crate::time::now_text());
    // A masked report and a plain one differ, though their rows do not.
    data.summary.wallets_masked = mask;
    let path = out.map_or_else(
        || default_report_path(ledger.path(), label),
        Path::to_path_buf,
    );
    let key = absolute_text(&path);
    let content = digest::content_digest(&data)?;
    let kept = ledger.report_stamp(&key)?.filter(|stamp| {
        stamp.content_sha256 == content
            && !stamp.files.is_empty()
            && digest::files_digest(&stamp.files).is_ok_and(|d| d == stamp.files_sha256)
    });
    let (written, files) = match kept {
        Some(stamp) => {
            println!(
                "Report: {} (unchanged: nothing in it changed since payrun wrote it at {})",
                path.display(),
                stamp.written_at
            );
            (stamp.files, Ok(stamp.files_sha256))
        }
        None => {
            let written: Vec<String> =
                write_batch_report(ledger.path(), label, Some(&path), &data, mask)?
                    .iter()
                    .map(|p| absolute_text(p))
                    .collect();
            let files = digest::files_digest(&written).map_err(|e| e.to_string());
            (written, files)
        }
    };
    // The report is written; failing to remember it only costs a rewrite next
    // time, so it is a warning, not an error.
    let stamped = files.and_then(|files| {
        ledger
            .record_report_stamp(&key, label, &content, &written, &files)
            .map_err(|e| e.to_string())
    });
    if let Err(e) = stamped {
        crate::log::warn(
            "report_stamp_not_recorded",
            format!(
                "warning: the report was written, but the ledger could not record it ({e}); the next run will write it again"
            ),
        );
    }
    Ok(())
}

/// A path as the ledger's report stamps key it: absolute, so that the same
/// file named two ways is one stamp.
fn absolute_text(path: &Path) -> String {
    std::path::absolute(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}
