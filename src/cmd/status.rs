//! `payrun status`: a batch's summary on the terminal, or the list of batches.

use super::reconcile::conflict_or_unbalanced;
use super::report::open_existing;
use super::settings::ledger_path;
use super::shell::shell_word;
use crate::cli::StatusArgs;
use crate::config::Resolved;
use crate::error::Error;
use crate::exit;
use crate::ledger::run_holder::{Holder, holder};
use crate::ledger::views::RunRecord;
use crate::ledger::{Batch, Ledger};
use crate::report::ReportData;
use crate::report::RowStatus;
use crate::report::from_ledger::report_data;
use crate::report::match_report::text::last_match_line;
use crate::report::text::render_with_attention;
use std::path::Path;

pub fn run(args: StatusArgs, s: &Resolved) -> Result<i32, Error> {
    let path = ledger_path(s)?;
    let ledger = open_existing(&path, args.sandbox)?;
    if let Some(label) = &args.batch {
        let mut data = report_data(&ledger, label)?;
        super::finish::batch_counts(&data);
        let batch = crate::report::from_ledger::find_batch(&ledger, label)?;
        data.summary.open_run = open_run(&path, ledger.runs(batch.id)?.last());
        print!("{}", render_with_attention(&data));
        let flags = super::settle_io::ledger_flags(args.sandbox, s);
        super::settle_io::tell_unread(&ledger, batch.id, label, &flags)?;
        let last = ledger.last_match(batch.id)?;
        println!("{}", last_match_line(last.as_ref()));
        let missing = super::kept_report::missing(&ledger, s, &batch)?;
        if let Some(m) = &missing {
            println!("{}", super::kept_report::missing_line(m, label, &flags));
        }
        crate::log::finish_with(&[("report_missing", missing.as_ref().map(|m| m.words()).into())]);
        // A report missing or out of date is said, and counted in the
        // finished event, but leaves the code to the payouts: the exit table
        // speaks of payouts, and `reconcile --all-open` writes the report.
        let code = if conflict_or_unbalanced(&data) {
            exit::INCOMPLETE
        } else {
            exit::OK
        };
        return Ok(super::gap::code(&ledger.lacking_runs()?, code));
    }
    list(&ledger, &path, s)
}

/// The batch list. A monitoring script runs it: it exits 1 while any batch
/// needs a person (a conflict, a report that does not balance, a payout
/// open for more than a day), as `status --batch` does, and names the
/// command to look. A finished batch without its report on disk is listed
/// with the command that writes it and counted (`batches_without_report`),
/// without changing the code: the exit table speaks of payouts. Signed callbacks for tradeNos no payout has are counted below it.
fn list(ledger: &Ledger, path: &Path, s: &Resolved) -> Result<i32, Error> {
    let batches = ledger.batches()?;
    crate::log::finish_with(&[
        ("batches", batches.len().into()),
        ("batches_in_conflict", 0.into()),
        ("batches_open_too_long", 0.into()),
        ("batches_without_report", 0.into()),
        ("oldest_open_seconds", serde_json::Value::Null),
    ]);
    let strays = strays(ledger)?;
    if batches.is_empty() {
        println!("{}: no batches yet{strays}", path.display());
        // A backup from before the first batch, restored, lacks them all.
        return Ok(super::gap::code(&say_lacking(ledger)?, exit::OK));
    }
    println!(
        "{:<24} {:<20} {:>7} {:>18}  statuses",
        "batch", "created (UTC)", "rows", "taka"
    );
    let mut listed = Listed::default();
    let now = std::time::SystemTime::now();
    for b in batches {
        listed.add(ledger, s, &b, now)?;
    }
    listed.finish_fields();
    print!("{strays}");
    if !listed.unreported.is_empty() {
        println!(
            "\n{} finished without its report on disk as it stands (a run stopped before \
             writing it, it was deleted or moved, or it was written before the last payout \
             changed; the ledger holds every outcome): write it with {}, or \
             run `payrun reconcile --all-open{}`, which writes it",
            crate::text::count(listed.unreported.len() as u64, "batch is", "batches are"),
            listed.unreported.join(", "),
            crate::config::selection::flags()
        );
    }
    let lacking = say_lacking(ledger)?;
    let attention = &listed.attention;
    if attention.is_empty() {
        return Ok(super::gap::code(&lacking, exit::OK));
    }
    println!(
        "\n{} in conflict, not balanced or with a payout open for more than a day (ask the \
         provider about it): see {}",
        crate::text::count(attention.len() as u64, "batch", "batches"),
        attention.join(", ")
    );
    Ok(exit::INCOMPLETE)
}

/// What the list found across its batches, for the lines under it and the
/// `finished` event.
#[derive(Default)]
struct Listed {
    /// The command that shows each batch that needs a person.
    attention: Vec<String>,
    /// The command that writes each finished batch's missing report.
    unreported: Vec<String>,
    in_conflict: usize,
    too_long: usize,
    oldest: Option<std::time::Duration>,
}

impl Listed {
    /// Prints batch `b`'s line, and counts what it needs.
    fn add(
        &mut self,
        ledger: &Ledger,
        s: &Resolved,
        b: &Batch,
        now: std::time::SystemTime,
    ) -> Result<(), Error> {
        let data = report_data(ledger, &b.label)?;
        self.oldest = self
            .oldest
            .max(crate::report::open::oldest_open(&data, now));
        let long = crate::report::open::open_too_long(&data, now).is_some();
        self.too_long += usize::from(long);
        if conflict_or_unbalanced(&data) || long {
            self.in_conflict += usize::from(data.conflicts() > 0);
            let flag = crate::config::selection::flags();
            self.attention.push(format!(
                "payrun status --batch {}{flag}",
                shell_word(&b.label)
            ));
        }
        let missing = super::kept_report::missing(ledger, s, b)?;
        if let Some(m) = &missing {
            let flags = crate::config::selection::flags();
            let command = super::kept_report::report_command(&b.label, &m.path, flags);
            self.unreported.push(command);
        }
        let no_report = match &missing {
            Some(m) if m.flag() == "MISSING" => "  NO REPORT",
            Some(_) => "  REPORT OUT OF DATE",
            None => "",
        };
        println!("{}{no_report}", batch_line(ledger, b, &data)?);
        Ok(())
    }

    /// The counts the `finished` event gives of the list.
    fn finish_fields(&self) {
        crate::log::finish_with(&[
            ("batches_in_conflict", self.in_conflict.into()),
            ("batches_open_too_long", self.too_long.into()),
            ("batches_without_report", self.unreported.len().into()),
            (
                "oldest_open_seconds",
                self.oldest
                    .map_or(serde_json::Value::Null, |d| d.as_secs().into()),
            ),
        ]);
    }
}

/// A ledger that lacks runs needs a person as much as a conflict does:
/// said under the list, with the commands that close the gap; the runs.
fn say_lacking(ledger: &Ledger) -> Result<Vec<crate::ledger::lacking::MarkedRun>, Error> {
    let lacking = ledger.lacking_runs()?;
    if !lacking.is_empty() {
        println!(
            "\nThis ledger lacks {}: {}. To close the gap, {}",
            crate::text::count(lacking.len() as u64, "run", "runs"),
            crate::ledger::lacking::describe(&lacking),
            crate::ledger::lacking::steps(&lacking)
        );
    }
    Ok(lacking)
}

/// The signed callbacks the ledger kept for tradeNos no payout has, said
/// under the list (empty when none), and counted in the `finished` event:
/// orders at the gateway this ledger does not know may be another
/// ledger's, or ones a lost ledger sent.
fn strays(ledger: &Ledger) -> Result<String, Error> {
    let (n, latest) = ledger.callbacks_for_no_payout()?;
    crate::log::finish_with(&[("unknown_trade_no_callbacks", n.into())]);
    if n == 0 {
        return Ok(String::new());
    }
    Ok(format!(
        "\n{} a tradeNo no payout of this ledger has (latest at {}): another ledger's \
         orders, or orders a lost ledger sent; see docs/operations.md, \"Recovery: a lost, \
         damaged or restored ledger\" (the events with no payout_id)\n",
        crate::text::count(n, "signed callback names", "signed callbacks name"),
        latest.as_deref().unwrap_or("-")
    ))
}

/// One batch's line of the list.
fn batch_line(ledger: &Ledger, b: &Batch, data: &ReportData) -> Result<String, Error> {
    let s = &data.summary;
    let parts: Vec<String> = s
        .by_status
        .iter()
        .filter(|t| t.rows > 0)
        .map(|t| format!("{} {}", t.status, t.rows))
        .collect();
    let conflicts = s
        .by_status
        .iter()
        .any(|t| t.status == RowStatus::Conflict && t.rows > 0);
    let open = crate::report::open::open_too_long(data, std::time::SystemTime::now())
        .map(|d| format!("  OPEN {}d", d.as_secs() / 86_400))
        .unwrap_or_default();
    let flag = if data.conflicts() > 0 {
        "  CONFLICT"
    } else if conflicts {
        "  CONFLICT CHECKED"
    } else if !s.control.balanced {
        "  NOT BALANCED"
    } else {
        ""
    };
    let all_matched = |m: &crate::ledger::statements::LastMatch| {
        serde_json::from_str::<serde_json::Value>(&m.summary)
            .ok()
            .and_then(|v| v["all_matched"].as_bool())
            == Some(true)
    };
    let matched = match ledger.last_match(b.id)? {
        Some(m) if all_matched(&m) => "  statement: all matched",
        Some(_) => "  statement: NEEDS ATTENTION",
        None => "",
    };
    Ok(format!(
        "{:<24} {:<20} {:>7} {:>18}  {}{flag}{open}{matched}",
        b.label,
        b.created_at.get(..19).unwrap_or(&b.created_at),
        s.control.rows_accounted,
        s.control.amount_accounted,
        parts.join(", ")
    ))
}

/// What to say instead of `to <end>` when the batch's last run has no end
/// recorded: a run whose process holds the ledger lock is running; one
/// whose process is gone ended without a summary (killed, or the machine
/// stopped).
fn open_run(ledger: &std::path::Path, last: Option<&RunRecord>) -> Option<String> {
    let run = last.filter(|r| r.ended_at.is_none())?;
    let what = format!("the last run ({}, pid {})", run.command, run.pid);
    let holder_pid = |line: &str| {
        line.strip_prefix("pid ")
            .and_then(|l| l.split(',').next())
            .and_then(|p| p.trim().parse::<i64>().ok())
    };
    Some(match holder(ledger) {
        Holder::Held(Some(line)) if holder_pid(&line) == Some(run.pid) => {
            format!("; {what} is still running (it holds the ledger lock)")
        }
        Holder::Held(None) => {
            format!("; {what} has not finished; a run holds the ledger lock (still running?)")
        }
        Holder::Free | Holder::Held(Some(_)) => {
            format!("; {what} ended without a summary (killed?): run the same command again")
        }
        Holder::Unknown => format!(
            "; {what} has not finished: still running, or ended without a summary \
             (killed?); the ledger lock could not be read"
        ),
    })
}
