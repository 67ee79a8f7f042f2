//! `payrun submit`: validate, plan, compare with the ledger's history,
//! resolve what earlier runs left uncertain, check the balance, and send.

mod adopt;
mod approval;
mod balance;
mod begin;
mod dry;
mod loss;
mod repeats;
mod retry;
mod rows;
mod same_sheet;

use super::connect::{Connection, connect};
use super::interrupt::flag as interrupt_flag;
use crate::cli::SubmitArgs;
use crate::config::Resolved;
use crate::error::{Error, exit};
use crate::ledger::history::{self, Decision};
use crate::ledger::{Ledger, PayoutRow, State};
use crate::plan::{BatchLabel, Plan};
use crate::submit::progress::{Mode, Progress};
use crate::submit::summary::Summary;
use crate::submit::{Engine, EngineConfig, Halt, Stats};
use crate::validate::Validated;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Instant;

/// Problem rows listed in the summary.
const PROBLEMS_SHOWN: usize = 20;

pub fn run(args: SubmitArgs, s: Resolved) -> Result<i32, Error> {
    let started = Instant::now();
    let label = BatchLabel::parse(&args.batch).map_err(|e| Error::Usage(e.to_string()))?;
    // Validate with exactly the rules of `payrun check`.
    let Some(validated) = super::sheet::validate_or_stop(
        &args.sheet,
        &s.sheet,
        args.skip_invalid,
        "Pass --skip-invalid to pay the valid rows and record the invalid ones instead.",
    )?
    else {
        return Ok(exit::INVALID);
    };
    super::sheet::log_issues(&validated);
    let plan = Plan::new(label, &validated.payouts).map_err(|e| Error::Usage(e.to_string()))?;
    let ledger_path = super::settings::ledger_path(&s)?;
    // The same payouts under a new label would pay everyone again.
    // Both read the ledger: one that cannot be opened stops here, nothing sent.
    let not_started = |e| super::not_started::before_run(e, &ledger_path);
    same_sheet::guard(&args, &ledger_path, &plan, &validated).map_err(not_started)?;
    // Maker-checker. A dry run shows what a real run would do, so it says
    // the run would be refused instead of refusing to show it.
    let unapproved = match approval::gate(&args, &s, &ledger_path, &plan, &validated) {
        Err(e) if !args.dry_run => return Err(not_started(e)),
        other => other,
    };
    let conn = connect(&s.gateway, args.sandbox, s.pace.concurrency as usize)?;
    if !args.sandbox {
        crate::config::transport::check_grace(&conn.gateway_id, s.pace.grace)?;
    }
    if args.dry_run {
        let code = dry::run(&args, &s, &conn, &ledger_path, &plan, &validated)?;
        if let Err(e) = unapproved {
            crate::log::error("not_approved", format!("a real run would be refused: {e}"));
            return Ok(exit::INVALID);
        }
        return Ok(code);
    }
    let (_lock, mut ledger, batch, run_id) =
        begin::start(&ledger_path, &plan, &conn, &validated).map_err(not_started)?;
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
    };
    let result = pay(&ctx, &mut ledger)
        .map_err(|e| super::not_started::after_run(e, &ledger, run_id, &conn.gateway_id));
    let code = result.as_ref().map_or_else(Error::exit_code, |c| *c);
    ledger.end_run(run_id, code)?;
    result
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
}

fn pay(ctx: &RunCtx<'_>, ledger: &mut Ledger) -> Result<i32, Error> {
    let (args, plan) = (ctx.args, ctx.plan);
    // History: reuse, revise, or refuse each row before recording anything.
    let existing = ledger.existing(ctx.batch_id)?;
    let decisions = history::decide(plan, &existing);
    let mut decisions = retry::apply(
        args,
        plan.label.as_str(),
        decisions,
        &existing,
        &ledger.failures(ctx.batch_id)?,
    );
    // The same payout paid under another label recently is held.
    repeats::hold(args, ctx.s.repeat_window, ledger, plan, &mut decisions)?;
    let refused = rows::refused_rows(plan, &decisions);
    for r in &refused {
        crate::log::warn(
            "row_refused",
            format!("row {}: refused: {}", r.row_no, r.issues),
        );
    }
    if !refused.is_empty() && !args.skip_invalid {
        ledger.record_invalid(ctx.batch_id, ctx.run_id, &refused)?;
        crate::log::error(
            "rows_refused",
            format!(
                "Nothing was sent: {} rows of this sheet were refused for batch '{}' (see above).",
                refused.len(),
                plan.label
            ),
        );
        return Ok(exit::INVALID);
    }
    let mut skipped = rows::invalid_rows(ctx.validated);
    skipped.extend(refused);
    ledger.record_invalid(ctx.batch_id, ctx.run_id, &skipped)?;
    let way_codes = &ctx.conn.client.config().way_codes;
    let ids = ledger.record_plan(ctx.batch_id, ctx.run_id, plan, &decisions, &|p| {
        way_codes.get(p).to_string()
    })?;
    let in_sheet: HashSet<i64> = ids.iter().flatten().copied().collect();
    if args.adopt
        && let Some(code) = adopt::run(ctx, ledger, &in_sheet)?
    {
        return Ok(code);
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
    let unknown = ledger.payouts_in(ctx.batch_id, &[State::Unknown])?;
    let all_planned = ledger.payouts_in(ctx.batch_id, &[State::Planned])?;
    let planned_total = all_planned.len();
    let mut to_send: Vec<PayoutRow> = all_planned
        .into_iter()
        .filter(|p| in_sheet.contains(&p.id))
        .collect();
    let mut not_in_sheet = planned_total - to_send.len();
    // Held: planned, but the gateway has since reported them paid.
    let conflicted = ledger.conflicted(ctx.batch_id)?;
    let before = to_send.len();
    to_send.retain(|p| !conflicted.contains(&p.id));
    let mut held = before - to_send.len();
    let mut states: HashMap<i64, State> = ids
        .iter()
        .zip(&decisions)
        .filter_map(|(id, d)| {
            let state = match d {
                Decision::Reuse { state, .. } => *state,
                _ => State::Planned,
            };
            id.map(|id| (id, state))
        })
        .collect();
    states.extend(unknown.iter().map(|p| (p.id, p.state)));

    if held > 0 {
        crate::log::warn(
            "conflict_held",
            format!(
                "{held} payouts in conflict were not sent: the gateway reported them paid although the ledger holds them as not sent. Check them with the provider (payrun status --batch {})",
                plan.label
            ),
        );
    }
    // A lost or restored ledger must not take "never sent" at its word.
    if let Some(code) = loss::guard(ctx, ledger, &to_send, existing.is_empty())? {
        return Ok(code);
    }
    let stats = Arc::new(Stats::default());
    let mut halt = None;
    // --wait settles what is processing even when nothing new is sent.
    let nothing = unknown.is_empty() && to_send.is_empty() && !settle_only(ctx, ledger)?;
    if nothing && held > 0 {
        println!(
            "Nothing to send: the {} payouts of this sheet are recorded as paid, processing or failed under batch '{}', or held in conflict ({held}). No request was made.",
            in_sheet.len(),
            plan.label
        );
    } else if nothing {
        println!(
            "Nothing to send: all {} payouts of this sheet are already recorded as paid, processing or failed under batch '{}'. No request was made.",
            in_sheet.len(),
            plan.label
        );
    } else {
        let stop = interrupt_flag();
        let writer = ledger.writer(ctx.run_id)?;
        let engine = Engine::new(
            &ctx.conn.client,
            writer.handle(),
            engine_config(&ctx.s.pace),
            stop.clone(),
        );
        if !unknown.is_empty() {
            let progress = Progress::start(
                Mode::detect(),
                "resolving",
                unknown.len() as u64,
                stats.clone(),
            );
            let r = engine.resolve(unknown, &stats);
            progress.finish();
            states.extend(r.outcomes.iter().copied());
            // Only rows of this sheet are sent: a payout proven never
            // created whose row the corrected sheet dropped stays "not
            // sent", like any other planned payout of an earlier sheet.
            let (mine, earlier): (Vec<_>, Vec<_>) =
                r.resend.into_iter().partition(|p| in_sheet.contains(&p.id));
            let (hold, mine): (Vec<_>, Vec<_>) =
                mine.into_iter().partition(|p| conflicted.contains(&p.id));
            held += hold.len();
            stats
                .resends
                .fetch_sub(hold.len() as u64, Ordering::Relaxed);
            not_in_sheet += earlier.len();
            // Counted as resends by the resolve phase; they are not sent.
            stats
                .resends
                .fetch_sub(earlier.len() as u64, Ordering::Relaxed);
            to_send.extend(mine);
        }
        halt = engine.halt();
        if halt.is_none() && !to_send.is_empty() {
            balance::check_balance(ctx.conn, &to_send)?;
            let send_stats = Arc::new(Stats::default());
            let progress = Progress::start(
                Mode::detect(),
                "sending",
                to_send.len() as u64,
                send_stats.clone(),
            );
            let r = engine.send(to_send, &send_stats);
            progress.finish();
            states.extend(r.outcomes.iter().copied());
            merge_stats(&stats, &send_stats);
            halt = engine.halt();
        }
        if let (None, Some(wait)) = (&halt, args.wait) {
            let items = ledger.payouts_in(ctx.batch_id, &[State::Processing, State::Unknown])?;
            let asked = items.len();
            let out = crate::settle::settle(
                &ctx.conn.client,
                &writer.handle(),
                engine.limiter(),
                &stop,
                items,
                &super::settle_io::submit_settle_config(&ctx.s.pace, wait),
            );
            super::settle_io::print_settle(asked, &out);
            for (id, s) in out.states {
                if let Some(slot) = states.get_mut(&id) {
                    *slot = s;
                }
            }
            halt = out.halt;
        }
        drop(engine);
        writer.finish()?;
    }

    let totals = ledger.totals(ctx.batch_id)?;
    let problems = ledger.problems(ctx.batch_id, PROBLEMS_SHOWN)?;
    let ledger_shown =
        std::path::absolute(ledger.path()).unwrap_or_else(|_| ledger.path().to_path_buf());
    let summary = Summary {
        label: plan.label.as_str(),
        file_name: &ctx.validated.file_name,
        rows_read: ctx.validated.rows_read,
        stats: &stats,
        elapsed: ctx.started.elapsed(),
        totals: &totals,
        problems: &problems,
        halt: halt.as_ref(),
        skipped: skipped.len(),
        not_in_sheet,
        held,
        ledger: &ledger_shown,
    };
    let report = ctx.report.clone().unwrap_or_else(|| {
        crate::report::from_ledger::default_report_path(ledger.path(), plan.label.as_str())
    });
    rows::print_skipped(&skipped, &report);
    print!("{}", summary.render());
    let mut code = exit_code(halt.as_ref(), &states, totals.conflicts);
    // Exit 0 means every row of the sheet is paid or processing.
    if code == exit::OK && !skipped.is_empty() {
        code = exit::INCOMPLETE;
    }
    Ok(super::settle_io::report_after_run(
        ledger,
        plan.label.as_str(),
        ctx.report.as_deref(),
        code,
    ))
}

/// Whether a run with nothing to send still settles payouts processing
/// (`--wait`), and says so.
fn settle_only(ctx: &RunCtx<'_>, ledger: &Ledger) -> Result<bool, Error> {
    if ctx.args.wait.is_none() {
        return Ok(false);
    }
    let open = ledger.payouts_in(ctx.batch_id, &[State::Processing])?.len();
    if open > 0 {
        println!(
            "Nothing new to send under batch '{}'; asking about {open} payouts still processing (--wait).",
            ctx.plan.label
        );
    }
    Ok(open > 0)
}

/// 3 on a systemic stop; 1 if anything of this run is not paid or
/// processing (or conflicts); 0 otherwise.
fn exit_code(halt: Option<&Halt>, states: &HashMap<i64, State>, conflicts: u64) -> i32 {
    match halt {
        Some(Halt::Systemic(_)) => return exit::SYSTEMIC,
        Some(_) => return exit::INCOMPLETE,
        None => {}
    }
    let unfinished = states
        .values()
        .any(|s| !matches!(s, State::Paid | State::Processing | State::Superseded));
    if unfinished || conflicts > 0 {
        exit::INCOMPLETE
    } else {
        exit::OK
    }
}

fn engine_config(pace: &crate::config::Pace) -> EngineConfig {
    EngineConfig {
        concurrency: pace.concurrency as usize,
        rate: pace.rate,
        burst: pace.burst,
        max_attempts: pace.max_attempts,
        grace: pace.grace,
        query_delay: (pace.grace / 10).min(std::time::Duration::from_millis(500)),
        ..EngineConfig::default()
    }
}

fn merge_stats(into: &Stats, from: &Stats) {
    for (a, b) in [
        (&into.requests, &from.requests),
        (&into.queries, &from.queries),
        (&into.throttled, &from.throttled),
        (&into.resends, &from.resends),
    ] {
        a.fetch_add(Stats::get(b), Ordering::Relaxed);
    }
}
