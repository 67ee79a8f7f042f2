//! One batch of `payrun reconcile` as its own run of the ledger: its open
//! payouts asked about (and its finals rechecked, within the run's
//! budget), its report written, what to do next said, and its exit code.

use super::recheck::recheck_final;
use super::{Ask, Bounds};
use crate::cli::ReconcileArgs;
use crate::cmd::settings::report_in_dir;
use crate::cmd::settle_io::{interrupt_flag, print_settle, refresh_report};
use crate::config::Resolved;
use crate::engine::{Backoff, Halt, Link, RateLimiter};
use crate::error::Error;
use crate::exit;
use crate::ledger::{Ledger, RunInfo, State};
use crate::report::from_ledger::{find_batch, report_data};
use crate::report::text::render_with_attention;
use crate::settle::{SettleConfig, settle};

/// Reconciles batch `label` as its own run of the ledger, with its report.
pub(super) fn one_batch(
    ask: &Ask<'_>,
    ledger: &mut Ledger,
    label: &str,
    bounds: Bounds<'_>,
) -> Result<i32, Error> {
    let (s, conn) = (ask.s, ask.conn);
    let batch = find_batch(ledger, label)?;
    let report = report_path(ask.args, s, ask.path, label);
    let known = crate::cmd::report_guard::known_inputs(ledger)?;
    crate::cmd::report_guard::refuse_input_targets(s, &[], known, &[&report], "--report")?;
    crate::cmd::report_guard::batch_report_format(&report)?;
    if conn.merchant_no != batch.merchant_no || conn.gateway_id != batch.gateway_url {
        return Err(Error::Usage(format!(
            "batch '{}' was paid through merchant {} at {}, but this run is set up for merchant {} at {}; \
             reconcile it against the gateway that holds its orders",
            batch.label, batch.merchant_no, batch.gateway_url, conn.merchant_no, conn.gateway_id
        )));
    }
    let run_id = ledger.begin_run(
        Some(batch.id),
        &RunInfo {
            command: "reconcile".to_string(),
            ..RunInfo::default()
        },
    )?;
    let result = reconcile(ask, ledger, (label, batch.id, run_id), bounds);
    let code = result.as_ref().map_or_else(Error::exit_code, |c| *c);
    let ended = ledger.end_run(run_id, code);
    crate::cmd::not_started::close_run(result, ended)
}

/// `ids`: the batch's label and ledger id, and this run's; `bounds`: what
/// is left of the run's for this batch.
fn reconcile(
    ask: &Ask<'_>,
    ledger: &mut Ledger,
    (label, batch_id, run_id): (&str, i64, i64),
    bounds: Bounds<'_>,
) -> Result<i32, Error> {
    let client = &ask.conn.client;
    // A finished batch without its report on disk: this run writes it.
    let was_missing = crate::cmd::kept_report::missing(ledger, ask.s, &find_batch(ledger, label)?)?;
    let recovered = ledger.recover_interrupted(batch_id, run_id)?;
    if recovered > 0 {
        crate::log::info(
            "recovered",
            format!(
                "{recovered} payouts were in flight when an earlier run was interrupted: unknown until the gateway is asked; asking about them too."
            ),
        );
    }
    let cfg = settle_config(ask.args, ask.s, bounds.wait);
    let limiter = RateLimiter::new(ask.s.pace.rate, ask.s.pace.burst);
    let stop = interrupt_flag();
    let how = (&cfg, &limiter, stop.as_ref());
    let mut halt = settle_open(ledger, client, (batch_id, run_id), how)?;
    if let Some(budget) = bounds.recheck {
        let ids = (batch_id, run_id);
        let stopped = recheck_final(budget, ledger, client, (label, ids), how)?;
        halt = halt.or(stopped);
    }
    let data = report_data(ledger, label)?;
    crate::cmd::finish::batch_counts(&data);
    let written_ok = tell_batch(ask, ledger, (label, batch_id), &data, was_missing.as_ref())?;
    Ok(match &halt {
        Some(Halt::Systemic(why)) => {
            crate::log::error("systemic", format!("Stopped: {why}"));
            exit::SYSTEMIC
        }
        Some(_) => exit::INCOMPLETE,
        None if !written_ok => exit::INCOMPLETE,
        None => reconcile_exit(&data),
    })
}

/// Asks about the batch's open payouts, and the finals only a callback
/// told, in run `run_id`; says what came of it. Why settling stopped
/// early, if it did.
fn settle_open(
    ledger: &mut Ledger,
    client: &crate::gateway::Client,
    (batch_id, run_id): (i64, i64),
    (cfg, limiter, stop): (&SettleConfig, &RateLimiter, &std::sync::atomic::AtomicBool),
) -> Result<Option<Halt>, Error> {
    let mut items = ledger.payouts_in(batch_id, &[State::Processing, State::Unknown])?;
    // Finals known only from a callback are confirmed by one query each.
    items.extend(ledger.unconfirmed_finals(batch_id)?);
    let asked = items.len();
    let out = {
        let writer = ledger.writer(run_id)?;
        // The handle is this statement's, gone before `finish`, which
        // refuses a handle still held (`LedgerError::HandleLeaked`).
        let out = settle(
            &Link {
                gateway: client,
                writer: &writer.handle(),
                limiter,
                stop,
            },
            items,
            cfg,
        );
        writer.finish()?;
        out
    };
    print_settle(asked, &out);
    Ok(out.halt)
}

/// Writes the batch's report from `data` and tells the operator what it
/// holds, what to do next and what payrun could not read. Whether the
/// report was written.
fn tell_batch(
    ask: &Ask<'_>,
    ledger: &mut Ledger,
    (label, batch_id): (&str, i64),
    data: &crate::report::ReportData,
    was_missing: Option<&crate::report::kept::MissingReport>,
) -> Result<bool, Error> {
    let (args, s) = (ask.args, ask.s);
    let report = args.report.clone().or_else(|| report_in_dir(s, label));
    let mask = args.mask_wallets;
    let written = refresh_report(ledger, label, report.as_deref(), data.clone(), mask);
    say_was_missing(was_missing, written.is_ok());
    print!("{}", render_with_attention(data));
    print_next(args, s, label, data);
    let flags = crate::cmd::settle_io::ledger_flags(args.sandbox, s);
    crate::cmd::settle_io::tell_unread(ledger, batch_id, label, &flags)?;
    let written_ok = written.is_ok();
    if let Err(e) = written {
        let flags = crate::cmd::settle_io::ledger_flags(args.sandbox, s);
        let out = report.as_deref();
        crate::cmd::settle_io::report_not_written(&e, ask.path, label, out, &flags);
    }
    Ok(written_ok)
}

/// Says that the batch's report was missing before this run (`missing`),
/// and whether this run wrote it (`written`): on stdout beside the
/// report's path, and as `report_was_missing` in the `finished` event.
fn say_was_missing(missing: Option<&crate::report::kept::MissingReport>, written: bool) {
    let words = missing.map(crate::report::kept::MissingReport::words);
    crate::log::finish_with(&[("report_was_missing", words.clone().into())]);
    if let (Some(words), true) = (words, written) {
        println!("The batch's report was missing ({words}); written now, from the ledger.");
    }
}

/// Where the report goes: `--report`, else the report folder's, else the
/// default beside the ledger (what `refresh_report` picks).
fn report_path(
    args: &ReconcileArgs,
    s: &Resolved,
    ledger: &std::path::Path,
    label: &str,
) -> std::path::PathBuf {
    args.report
        .clone()
        .or_else(|| report_in_dir(s, label))
        .unwrap_or_else(|| crate::report::from_ledger::default_report_path(ledger, label))
}

/// How reconcile asks: `--wait`, `--poll-min`/`--poll-max` over settle's
/// defaults, at the run's grace and concurrency.
fn settle_config(
    args: &ReconcileArgs,
    s: &Resolved,
    wait: Option<std::time::Duration>,
) -> SettleConfig {
    let poll = SettleConfig::default().poll;
    let base = args.poll_min.unwrap_or(poll.base);
    SettleConfig {
        wait,
        grace: s.pace.grace,
        poll: Backoff {
            base,
            max: args.poll_max.unwrap_or(poll.max).max(base),
        },
        concurrency: s.pace.concurrency as usize,
    }
}

/// The exit table's 0, "every payout is paid or processing", for
/// `reconcile` too; 1 for anything failed, unknown, not sent, in conflict
/// not yet checked (or a conflict row whose payout is still open), open
/// on an answer payrun cannot read (a person maps it in `[status_codes]`),
/// or unbalanced, and for a payout processing longer than
/// [`crate::report::open::TOO_LONG`] (a day): that one needs a person to ask
/// the provider, as `status` flags it (`OPEN 2d`). A payout processing for
/// less is the gateway's to finish; the "Open payouts" list and the
/// `finished` event's `oldest_open_seconds` show it.
fn reconcile_exit(data: &crate::report::ReportData) -> i32 {
    use crate::report::RowStatus;
    let unfinished = data.rows.iter().any(|r| {
        (r.awaiting_final && (r.status == RowStatus::Conflict || r.unread.is_some()))
            || matches!(
                r.status,
                RowStatus::Failed | RowStatus::Unknown | RowStatus::NotSent
            )
    });
    let stale = crate::report::open::open_too_long(data, std::time::SystemTime::now()).is_some();
    // A conflict a person has checked (`payrun conflict resolve`) stays a
    // conflict row but no longer holds the code at 1, as for `status`: one
    // count of unchecked conflicts decides both.
    if unfinished || stale || data.conflicts() > 0 || !data.summary.control.balanced {
        exit::INCOMPLETE
    } else {
        exit::OK
    }
}

/// The same guidance `submit` gives for payouts not sent: the command that
/// sends them (the batch's sheet, label and ledger). One the gateway
/// refused with a code payrun cannot place has its own line
/// (`settle_io::tell_unread`).
fn print_next(args: &ReconcileArgs, s: &Resolved, label: &str, data: &crate::report::ReportData) {
    use crate::cmd::shell::shell_word;
    let n = data
        .rows
        .iter()
        .filter(|r| r.status == crate::report::RowStatus::NotSent && r.unread.is_none())
        .count() as u64;
    if n == 0 {
        return;
    }
    let sheet = data
        .summary
        .inputs
        .last()
        .map_or("SHEET", |i| i.name.as_str());
    let mut cmd = format!(
        "payrun submit {} --batch {}",
        shell_word(sheet),
        shell_word(label)
    );
    cmd.push_str(&crate::cmd::settle_io::ledger_flags(args.sandbox, s));
    let how = format!("Run `{cmd}` again (the same sheet and label)");
    println!("Next: {}", crate::submit::summary::not_sent_next(n, &how));
}
