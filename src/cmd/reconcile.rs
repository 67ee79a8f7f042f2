//! `payrun reconcile`: ask the gateway about every payout of a batch that is
//! not final yet, record the answers, write the report.

use super::connect::connect_paced;
use super::settings::ledger_path;
use super::settle_io::{interrupt_flag, sandbox_hint};
use crate::cli::ReconcileArgs;
use crate::config::Resolved;
use crate::error::Error;
use crate::exit;
use crate::ledger::Ledger;
use crate::report::from_ledger::find_batch;

mod all_open;
mod batch;
mod missing;
mod recheck;

use batch::one_batch;

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
    // One budget for the run's rechecks, shared by its batches.
    let budget = recheck::Budget::of(args);
    let (labels, left) = match to_follow(args, s, ledger, budget.as_ref())? {
        ToFollow::Batches(labels, left) => (labels, left),
        ToFollow::Done(code) => return Ok(code),
    };
    // Queries carry no notifyUrl; do not make cron jobs set one.
    let mut gateway = s.gateway.clone();
    if gateway.notify_url.is_none() {
        gateway.notify_url = Some("http://127.0.0.1:9/unused-by-reconcile".to_string());
    }
    let conn = connect_paced(&gateway, args.sandbox, &s.pace, (path, false))?;
    let ask = Ask {
        args,
        s,
        conn: &conn,
        path,
    };
    let recheck = budget.as_ref();
    if let (false, [(label, _)]) = (args.all_open, labels.as_slice()) {
        let bounds = Bounds {
            wait: args.wait,
            recheck,
        };
        return one_batch(&ask, ledger, label, bounds);
    }
    follow_all(&ask, ledger, (labels, left), recheck)
}

/// The batches a run follows, or the code it ends with at once.
enum ToFollow {
    /// Each batch's label and whether it has payouts open (else it is
    /// followed only to be rechecked), and how many wait for the next run.
    Batches(Vec<(String, bool)>, usize),
    /// Nothing to follow: said, and the run's exit code.
    Done(i32),
}

/// `--batch`, or the open batches (the first [`MOST_OPEN_BATCHES`] of
/// them) with `--all-open`; nothing to follow is said here.
fn to_follow(
    args: &ReconcileArgs,
    s: &Resolved,
    ledger: &mut Ledger,
    budget: Option<&recheck::Budget>,
) -> Result<ToFollow, Error> {
    let label = args.batch.clone().unwrap_or_default();
    if !args.all_open {
        return match find_batch(ledger, &label) {
            Err(crate::report::ReportError::UnknownBatch { ledger: at, .. }) if args.if_exists => {
                let why = format!("{} holds no batch labelled {label:?} yet", at.display());
                Ok(ToFollow::Done(nothing_yet(&label, &why)))
            }
            found => Ok(ToFollow::Batches(vec![(found?.label, true)], 0)),
        };
    }
    let rechecking = budget.map(recheck::Budget::since);
    let open = ledger.batches_to_follow(usize::MAX, rechecking)?;
    if open.is_empty() {
        let finals = if budget.is_some() {
            " nor final payouts to recheck"
        } else {
            ""
        };
        println!("No batch has payouts processing or unknown{finals}: nothing to reconcile.");
        let code = missing::write_missing(ledger, s, &[], &interrupt_flag())?;
        return Ok(ToFollow::Done(code));
    }
    let left = open.len().saturating_sub(MOST_OPEN_BATCHES);
    let labels = open.into_iter().take(MOST_OPEN_BATCHES).collect();
    Ok(ToFollow::Batches(labels, left))
}

/// What every batch of one run is reconciled with: the command's flags and
/// settings, the gateway, and the ledger's path.
struct Ask<'a> {
    args: &'a ReconcileArgs,
    s: &'a Resolved,
    conn: &'a super::connect::Connection,
    path: &'a std::path::Path,
}

/// `--all-open`: each of `labels` in turn within the run's `--wait`, then
/// the missing reports written and the run's totals told; `left` batches
/// wait for the next run.
fn follow_all(
    ask: &Ask<'_>,
    ledger: &mut Ledger,
    (labels, left): (Vec<(String, bool)>, usize),
    recheck: Option<&recheck::Budget>,
) -> Result<i32, Error> {
    // `--wait` bounds the whole run, shared among the batches.
    let deadline = ask.args.wait.map(|w| std::time::Instant::now() + w);
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
        let code = match one_batch(ask, ledger, label, bounds) {
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
    let written = missing::write_missing(ledger, ask.s, &labels, &stop)?;
    followed.finish(left + labels.len() - followed.len());
    Ok(all_open::worst(followed.code(), written))
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

/// `report` and `status --batch` exit 1 on a conflict or an unbalanced report.
pub(super) fn conflict_or_unbalanced(data: &crate::report::ReportData) -> bool {
    data.conflicts() > 0 || !data.summary.control.balanced
}
