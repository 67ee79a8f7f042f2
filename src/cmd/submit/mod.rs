//! `payrun submit`: validate, plan, compare with the ledger's history,
//! resolve what earlier runs left uncertain, check the balance, and send.

mod adopt;
mod approval;
mod balance;
mod begin;
mod dry;
mod foreign;
mod lacking;
pub(super) use lacking::refusal as lacking_refusal;
mod loss;
mod record;
mod repeats;
mod revise_failed;
mod rows;
mod same_sheet;
mod send;

use super::connect::{Connection, connect_paced};
use super::interrupt::flag as interrupt_flag;
use crate::cli::SubmitArgs;
use crate::config::Resolved;
use crate::engine::{Halt, Stats};
use crate::error::Error;
use crate::exit;
use crate::ledger::{InvalidRecord, Ledger};
use crate::plan::{BatchLabel, Plan};
use crate::submit::summary::Summary;
use crate::submit::{Work, exit_code};
use crate::validate::Validated;
use std::sync::Arc;
use std::time::Instant;

/// Problem rows listed in the summary.
const PROBLEMS_SHOWN: usize = 20;

pub fn run(args: SubmitArgs, s: Resolved) -> Result<i32, Error> {
    let started = Instant::now();
    let label = super::batch_label(&args.batch)?;
    // The `finished` event names the batch on every way out; its counts
    // come once the ledger holds it.
    crate::log::finish_with(&[("batch", label.as_str().into())]);
    let ledger_path = super::settings::ledger_path(&s)?;
    guard_report_path(&args, &s, &ledger_path)?;
    let Some((plan, validated)) = validated_plan(label, &args, &s)? else {
        return Ok(exit::INVALID);
    };
    // The same payouts under a new label would pay everyone again.
    // Both read the ledger: one that cannot be opened stops here, nothing sent.
    let not_started = |e| super::not_started::before_run(e, &ledger_path);
    // A real run holds the ledger before reading its history: one that
    // cannot start shows nothing of it. A dry run sends nothing and takes
    // no lock, as before.
    let lock = (!args.dry_run)
        .then(|| begin::lock(&ledger_path))
        .transpose()
        .map_err(not_started)?;
    same_sheet::guard(&args, &ledger_path, &plan, &validated).map_err(not_started)?;
    // Maker-checker. A dry run shows what a real run would do, so it says
    // the run would be refused instead of refusing to show it.
    let unapproved = match approval::gate(&args, &s, &ledger_path, &plan, &validated) {
        Err(e) if !args.dry_run => return Err(not_started(e)),
        other => other,
    };
    let at: (&std::path::Path, bool) = (&ledger_path, args.dry_run);
    let conn = connect_paced(&s.gateway, args.sandbox, &s.pace, at)?;
    if args.dry_run {
        let code = dry::run(&args, &s, &conn, &ledger_path, &plan, &validated)?;
        if let Err(e) = unapproved {
            crate::log::error("not_approved", format!("a real run would be refused: {e}"));
            return Ok(exit::INVALID);
        }
        return Ok(code);
    }
    let begin::Started {
        lock: _lock,
        batch_lock: _batch_lock,
        mut ledger,
        batch,
        run_id,
        went_back,
        ask_every,
    } = begin::start(lock, &ledger_path, &plan, &conn, &validated, &args).map_err(not_started)?;
    let report = args
        .report
        .clone()
        .or_else(|| super::settings::report_in_dir(&s, &args.batch));
    let ctx = RunCtx {
        args: &args,
        s: &s,
        report,
        conn: &conn,
        plan: &plan,
        validated: &validated,
        batch_id: batch.id,
        run_id,
        started,
        accepted: std::cell::Cell::new(!went_back),
        ask_every,
        counted: std::cell::Cell::new(false),
    };
    pay_and_close(&ctx, &mut ledger)
}

/// Pays the batch, then closes the run in the ledger whatever happened:
/// the `finished` event's counts, the run's exit code, the ledger's mark.
fn pay_and_close(ctx: &RunCtx<'_>, ledger: &mut Ledger) -> Result<i32, Error> {
    let (run_id, gateway_id) = (ctx.run_id, &ctx.conn.gateway_id);
    let result =
        pay(ctx, ledger).map_err(|e| super::not_started::after_run(e, ledger, run_id, gateway_id));
    if !ctx.counted.get() {
        super::finish::batch_counts_from(ledger, ctx.plan.label.as_str());
    }
    let code = result.as_ref().map_or_else(Error::exit_code, |c| *c);
    let ended = ledger.end_run(run_id, code);
    if ctx.accepted.get() {
        begin::mark(ledger, run_id);
    }
    super::not_started::close_run(result, ended)
}

/// Refuses a report path (`--report`, the report folder's, or the one
/// beside the ledger) that would replace the sheet being paid, another
/// input the ledger records or a file payrun keeps, or whose name gives no
/// format, before any work.
fn guard_report_path(
    args: &SubmitArgs,
    s: &Resolved,
    ledger_path: &std::path::Path,
) -> Result<(), Error> {
    let report = report_path(args, s, ledger_path);
    super::report_guard::protect(
        s,
        &[(&args.sheet.path, "the sheet being paid")],
        super::report_guard::known_inputs_at(Some(ledger_path)),
    );
    super::report_guard::refuse_replacing(&[&report], "--report")?;
    super::report_guard::batch_report_format(&report)
}

/// Where the report goes: `--report`, else the report folder's, else the
/// default beside the ledger.
fn report_path(
    args: &SubmitArgs,
    s: &Resolved,
    ledger_path: &std::path::Path,
) -> std::path::PathBuf {
    args.report
        .clone()
        .or_else(|| super::settings::report_in_dir(s, &args.batch))
        .unwrap_or_else(|| {
            crate::report::from_ledger::default_report_path(ledger_path, &args.batch)
        })
}

/// The sheet validated with exactly the rules of `payrun check`, and its
/// plan under the label; `None` when invalid rows stop the run.
fn validated_plan(
    label: BatchLabel,
    args: &SubmitArgs,
    s: &Resolved,
) -> Result<Option<(Plan, Validated)>, Error> {
    let Some(validated) = super::sheet::validate_or_stop(
        &args.sheet,
        &s.sheet,
        args.skip_invalid,
        &super::sheet::Advice {
            invalid: "Pass --skip-invalid to pay the valid rows and record the invalid ones instead.",
            repeats: "If the repeated wallets are to be paid, mark the repeats as said above and run again; --skip-invalid would pay the other rows and leave them unpaid.",
        },
    )?
    else {
        return Ok(None);
    };
    super::sheet::log_issues(&validated);
    let plan = Plan::new(label, &validated.payouts)
        .map_err(|e| Error::Usage(e.to_string()))?
        .in_form(s.trade_no_form);
    Ok(Some((plan, validated)))
}

struct RunCtx<'a> {
    args: &'a SubmitArgs,
    /// Every setting, resolved for `submit` (with `--sandbox` or not).
    s: &'a Resolved,
    /// `--report`, else `<report_dir>/<LABEL>.xlsx` if `report_dir` is set;
    /// `None`: beside the ledger.
    report: Option<std::path::PathBuf>,
    conn: &'a Connection,
    plan: &'a Plan,
    validated: &'a Validated,
    batch_id: i64,
    run_id: i64,
    started: Instant,
    /// Whether this ledger is trusted at its path (`ledger::continuity`):
    /// from the start, or once `--adopt` asked about all it holds as unsent.
    accepted: std::cell::Cell<bool>,
    /// The ledger-loss guard asks about every payout, not a sample
    /// (`begin::Started::ask_every`).
    ask_every: bool,
    /// The end-of-run report gave the `finished` event its counts; a run
    /// that stopped before it gives them from the ledger.
    counted: std::cell::Cell<bool>,
}

fn pay(ctx: &RunCtx<'_>, ledger: &mut Ledger) -> Result<i32, Error> {
    let label = ctx.plan.label.as_str();
    // A report that cannot be written is found before anything is sent;
    // asked here, once the ledger's folder proved writable (else exit 5).
    let report = report_path(ctx.args, ctx.s, ledger.path());
    super::report_guard::refuse_unwritable(&[&report], "--report")?;
    // History: reuse, revise, or refuse each row before recording anything.
    let existing = ledger.existing(ctx.batch_id)?;
    let Some(recorded) = record::rows(ctx, ledger, &existing)? else {
        return Ok(exit::INVALID);
    };
    if ctx.args.adopt {
        if let Some(code) = adopt::run(ctx, ledger, &recorded.in_sheet())? {
            return Ok(code);
        }
        lacking::adopted(ledger, label, ctx.run_id)?;
        // Everything it held as unsent is now unknown until asked.
        if !ctx.accepted.replace(true) {
            begin::mark(ledger, ctx.run_id);
        }
    }
    // A crashed run left `sending` payouts: they are unknown until asked.
    let recovered = ledger.recover_interrupted(ctx.batch_id, ctx.run_id)?;
    if recovered > 0 {
        crate::log::info(
            "recovered",
            format!(
                "{recovered} payouts were in flight when an earlier run was interrupted: unknown until the gateway is asked; asking about them first."
            ),
        );
    }
    let (ids, wait) = (&recorded.ids, ctx.args.wait.is_some());
    let mut work = Work::gather(ledger, ctx.batch_id, ids, &recorded.decisions, wait)?;
    if work.held > 0 {
        crate::log::warn(
            "conflict_held",
            format!(
                "{} payouts in conflict were not sent: the gateway reported them paid although the ledger holds them as not sent. Check them with the provider (payrun status --batch {label})",
                work.held
            ),
        );
    }
    // A lost or restored ledger must not take "never sent" at its word.
    let before = ctx.conn.client.requests();
    if let Some(code) = loss::guard(ctx, ledger, &work.to_send, existing.is_empty())? {
        return Ok(code);
    }
    let loss_checks = ctx.conn.client.requests().since(before).queries;
    let stats = Arc::new(Stats::default());
    let halt = if work.is_empty() {
        println!("{}", work.nothing_to_send(label));
        None
    } else {
        if let Some(note) = work.settle_only_note(label) {
            println!("{note}");
        }
        let halt = send::phases(ctx, ledger, &mut work, &stats)?;
        work.recount_held(ledger, ctx.batch_id)?;
        halt
    };
    finish(
        ctx,
        ledger,
        &work,
        &stats,
        halt,
        &recorded.skipped,
        loss_checks,
    )
}

/// What a suggested `payrun reconcile` needs to reach this run's ledger, as
/// `reconcile` itself suggests `submit`.
fn ledger_flags(ctx: &RunCtx<'_>) -> String {
    super::settle_io::ledger_flags(ctx.args.sandbox, ctx.s)
}

/// The summary, the exit code and the end-of-run report.
fn finish(
    ctx: &RunCtx<'_>,
    ledger: &Ledger,
    work: &Work,
    stats: &Stats,
    halt: Option<Halt>,
    skipped: &[InvalidRecord],
    loss_checks: u64,
) -> Result<i32, Error> {
    let label = ctx.plan.label.as_str();
    let totals = ledger.totals(ctx.batch_id)?;
    let problems = ledger.problems(ctx.batch_id, PROBLEMS_SHOWN)?;
    let unread = ledger.unread_open(ctx.batch_id)?;
    super::settle_io::warn_unread(&unread);
    let ledger_shown =
        std::path::absolute(ledger.path()).unwrap_or_else(|_| ledger.path().to_path_buf());
    let summary = Summary {
        label,
        file_name: &ctx.validated.file_name,
        rows_read: ctx.validated.sheet.data_rows,
        failed_for_their_data: ledger.failed_for_their_data(ctx.batch_id)?,
        stats,
        sent: ctx.conn.client.requests(),
        loss_checks,
        elapsed: ctx.started.elapsed(),
        totals: &totals,
        problems: &problems,
        halt: halt.as_ref(),
        skipped: skipped.len(),
        not_in_sheet: work.not_in_sheet,
        held: work.held,
        ledger: &ledger_shown,
        grace: ctx.s.pace.grace,
        ledger_flags: &ledger_flags(ctx),
        unread: &unread,
        trade_no_form: ctx.plan.form,
    };
    let report = ctx
        .report
        .clone()
        .unwrap_or_else(|| crate::report::from_ledger::default_report_path(ledger.path(), label));
    rows::print_skipped(skipped, &report);
    print!("{}", summary.render());
    let code = exit_code(halt.as_ref(), &work.states, totals.conflicts, skipped.len());
    ctx.counted.set(true);
    Ok(super::settle_io::report_after_run(
        ledger,
        label,
        ctx.report.as_deref(),
        code,
        &ledger_flags(ctx),
    ))
}
