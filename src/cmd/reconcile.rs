//! `payrun reconcile`: ask the gateway about every payout of a batch that is
//! not final yet, record the answers, write the report.

use super::connect::connect;
use super::settings::{ledger_path, report_in_dir};
use super::settle_io::{interrupt_flag, print_settle, refresh_report, sandbox_hint};
use crate::cli::ReconcileArgs;
use crate::config::Resolved;
use crate::engine::{Backoff, Halt, Link, RateLimiter};
use crate::error::Error;
use crate::exit;
use crate::ledger::{Ledger, RunInfo, State};
use crate::report::from_ledger::{find_batch, report_data};
use crate::report::text::render_with_attention;
use crate::settle::{SettleConfig, settle};

mod all_open;
mod missing;
mod recheck;

use recheck::recheck_final;

/// Most batches one `--all-open` run asks about; the rest wait for the next.
const MOST_OPEN_BATCHES: usize = 50;

pub fn run(args: ReconcileArgs, s: Resolved) -> Result<i32, Error> {
    let path = ledger_path(&s)?;
    let label = args.batch.clone().unwrap_or_default();
    if args.if_exists && std::fs::symlink_metadata(&path).is_err() {
        return Ok(nothing_yet(
            &label,
            &format!("no ledger at {} yet", path.display()),
        ));
    }
    // Never creates a ledger: a typo is an error naming the path.
    let opened = crate::ledger::open_for_run(&path, "payrun reconcile", false);
    let opened = opened.map_err(|e| super::not_started::before_run(e.into(), &path));
    let (_lock, mut ledger) = sandbox_hint(opened, &path, args.sandbox)?;
    // It only asks the gateway, which is safe on a ledger that lacks runs;
    // it says so, and exits 1 until the gap is closed (`super::gap`).
    let lacking = super::gap::tell(&ledger)?;
    let code = follow(&args, &s, &path, &mut ledger)?;
    Ok(super::gap::code(&lacking, code))
}

/// Reconciles batch `--batch`, or every open one, of the ledger opened and
/// locked at `path`.
fn follow(
    args: &ReconcileArgs,
    s: &Resolved,
    path: &std::path::Path,
    ledger: &mut Ledger,
) -> Result<i32, Error> {
    let label = args.batch.clone().unwrap_or_default();
    // One budget for the run's rechecks, shared by its batches.
    let budget = recheck::Budget::of(args);
    let (labels, left) = if args.all_open {
        let rechecking = budget.as_ref().map(recheck::Budget::since);
        let open = ledger.batches_to_follow(usize::MAX, rechecking)?;
        if open.is_empty() {
            let finals = if budget.is_some() {
                " nor final payouts to recheck"
            } else {
                ""
            };
            println!("No batch has payouts processing or unknown{finals}: nothing to reconcile.");
            return missing::write_missing(ledger, s, &[], &interrupt_flag());
        }
        let left = open.len().saturating_sub(MOST_OPEN_BATCHES);
        (open.into_iter().take(MOST_OPEN_BATCHES).collect(), left)
    } else {
        match find_batch(ledger, &label) {
            Err(crate::report::ReportError::UnknownBatch { ledger: at, .. }) if args.if_exists => {
                let why = format!("{} holds no batch labelled {label:?} yet", at.display());
                return Ok(nothing_yet(&label, &why));
            }
            found => (vec![(found?.label, true)], 0),
        }
    };
    // Queries carry no notifyUrl; do not make cron jobs set one.
    let mut gateway = s.gateway.clone();
    if gateway.notify_url.is_none() {
        gateway.notify_url = Some("http://127.0.0.1:9/unused-by-reconcile".to_string());
    }
    let workers = s.pace.concurrency as usize;
    let conn = connect(&gateway, args.sandbox, workers, (path, false))?;
    if !args.sandbox {
        crate::policy::check_grace(&conn.gateway_id, s.pace.grace)?;
    }
    // `--wait` bounds the whole run, shared among the batches.
    let deadline = args.wait.map(|w| std::time::Instant::now() + w);
    let recheck = budget.as_ref();
    if let (false, [(label, _)]) = (args.all_open, labels.as_slice()) {
        let bounds = Bounds {
            wait: args.wait,
            recheck,
        };
        return one_batch(args, s, ledger, &conn, label, bounds, path);
    }
    let mut followed = all_open::Followed::default();
    let stop = interrupt_flag();
    for (label, open) in &labels {
        // A batch followed only to be rechecked waits, once the run's
        // budget is spent, for the next run, where it comes first.
        if !open && recheck.is_none_or(recheck::Budget::spent) {
            followed.leave_for_recheck();
            continue;
        }
        let wait = deadline.map(|d| d.saturating_duration_since(std::time::Instant::now()));
        let bounds = Bounds { wait, recheck };
        let code = match one_batch(args, s, ledger, &conn, label, bounds, path) {
            Ok(code) => code,
            // One batch's own problem (set up for another merchant, a
            // report path refused) must not keep the batches after it out
            // of sight: said, counted in the exit code, and the run goes on.
            Err(e) if e.exit_code() == exit::INVALID => {
                crate::log::error("batch_not_reconciled", format!("batch {label}: {e}"));
                exit::INVALID
            }
            Err(e) => {
                followed.add(label, e.exit_code());
                followed.finish(left + labels.len() - followed.len());
                return Err(e);
            }
        };
        followed.add(label, code);
        // What stops one batch stops them all: the gateway refusing the
        // merchant, or a stop asked for.
        if code == exit::SYSTEMIC || stop.load(std::sync::atomic::Ordering::Relaxed) {
            break;
        }
    }
    let labels: Vec<String> = labels.into_iter().map(|(label, _)| label).collect();
    let written = missing::write_missing(ledger, s, &labels, &stop)?;
    followed.finish(left + labels.len() - followed.len());
    Ok(all_open::worst(followed.code(), written))
}

/// Reconciles batch `label` as its own run of the ledger, with its report.
fn one_batch(
    args: &ReconcileArgs,
    s: &Resolved,
    ledger: &mut Ledger,
    conn: &super::connect::Connection,
    label: &str,
    bounds: Bounds<'_>,
    path: &std::path::Path,
) -> Result<i32, Error> {
    let batch = find_batch(ledger, label)?;
    let report = report_path(args, s, path, label);
    let known = super::report_guard::known_inputs(ledger)?;
    super::report_guard::refuse_input_targets(s, &[], known, &[&report], "--report")?;
    super::report_guard::batch_report_format(&report)?;
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
    let result = reconcile(
        args,
        s,
        ledger,
        &conn.client,
        (label, batch.id, run_id),
        (bounds, path),
    );
    let code = result.as_ref().map_or_else(Error::exit_code, |c| *c);
    let ended = ledger.end_run(run_id, code);
    super::not_started::close_run(result, ended)
}

/// `--if-exists` and the batch is not there yet (`why`): nothing to
/// reconcile, exit 0, said in one line (which `--quiet` holds back).
fn nothing_yet(label: &str, why: &str) -> i32 {
    println!("Batch {label}: nothing to reconcile: {why} (--if-exists).");
    exit::OK
}

/// What is left for one batch of the run's `--wait` and of its recheck
/// budget.
#[derive(Clone, Copy)]
struct Bounds<'a> {
    wait: Option<std::time::Duration>,
    recheck: Option<&'a recheck::Budget>,
}

/// `ids`: the batch's label and ledger id, and this run's; `bounds`: what
/// is left of the run's for this batch.
fn reconcile(
    args: &ReconcileArgs,
    s: &Resolved,
    ledger: &mut Ledger,
    client: &crate::gateway::Client,
    (label, batch_id, run_id): (&str, i64, i64),
    (bounds, path): (Bounds<'_>, &std::path::Path),
) -> Result<i32, Error> {
    // A finished batch without its report on disk: this run writes it.
    let was_missing = super::kept_report::missing(ledger, s, &find_batch(ledger, label)?)?;
    let recovered = ledger.recover_interrupted(batch_id, run_id)?;
    if recovered > 0 {
        crate::log::info(
            "recovered",
            format!(
                "{recovered} payouts were in flight when an earlier run was interrupted: unknown until the gateway is asked; asking about them too."
            ),
        );
    }
    let mut items = ledger.payouts_in(batch_id, &[State::Processing, State::Unknown])?;
    // Finals known only from a callback are confirmed by one query each.
    items.extend(ledger.unconfirmed_finals(batch_id)?);
    let cfg = settle_config(args, s, bounds.wait);
    let limiter = RateLimiter::new(s.pace.rate, s.pace.burst);
    let stop = interrupt_flag();
    let asked = items.len();
    let out = {
        let writer = ledger.writer(run_id)?;
        // The handle is this statement's, gone before `finish`, which
        // refuses a handle still held (`LedgerError::HandleLeaked`).
        let out = settle(
            &Link {
                gateway: client,
                writer: &writer.handle(),
                limiter: &limiter,
                stop: &stop,
            },
            items,
            &cfg,
        );
        writer.finish()?;
        out
    };
    print_settle(asked, &out);
    let mut halt = out.halt;
    if let Some(budget) = bounds.recheck {
        let how = (&cfg, &limiter, stop.as_ref());
        let ids = (batch_id, run_id);
        let stopped = recheck_final(budget, ledger, client, (label, ids), how)?;
        halt = halt.or(stopped);
    }
    let data = report_data(ledger, label)?;
    super::finish::batch_counts(&data);
    let report = args.report.clone().or_else(|| report_in_dir(s, label));
    let mask = args.mask_wallets;
    let written = refresh_report(ledger, label, report.as_deref(), data.clone(), mask);
    say_was_missing(was_missing.as_ref(), written.is_ok());
    print!("{}", render_with_attention(&data));
    print_next(args, s, label, &data);
    let flags = super::settle_io::ledger_flags(args.sandbox, s);
    super::settle_io::tell_unread(ledger, batch_id, label, &flags)?;
    let written_ok = written.is_ok();
    if let Err(e) = written {
        let flags = super::settle_io::ledger_flags(args.sandbox, s);
        let out = report.as_deref();
        super::settle_io::report_not_written(&e, path, label, out, &flags);
    }
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
pub(super) fn reconcile_exit(data: &crate::report::ReportData) -> i32 {
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

/// `report` and `status --batch` exit 1 on a conflict or an unbalanced report.
pub(super) fn conflict_or_unbalanced(data: &crate::report::ReportData) -> bool {
    data.conflicts() > 0 || !data.summary.control.balanced
}

/// The same guidance `submit` gives for payouts not sent: the command that
/// sends them (the batch's sheet, label and ledger). One the gateway
/// refused with a code payrun cannot place has its own line
/// (`settle_io::tell_unread`).
fn print_next(args: &ReconcileArgs, s: &Resolved, label: &str, data: &crate::report::ReportData) {
    use super::shell::shell_word;
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
    cmd.push_str(&super::settle_io::ledger_flags(args.sandbox, s));
    let how = format!("Run `{cmd}` again (the same sheet and label)");
    println!("Next: {}", crate::submit::summary::not_sent_next(n, &how));
}
