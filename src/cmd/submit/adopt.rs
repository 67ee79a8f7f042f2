//! `submit --adopt`: rebuild what a lost or restored ledger knew, from the
//! gateway, before anything is sent.
//!
//! 1. Survey, recording only the questions: every planned payout's own
//!    tradeNo (and, for a label whose tradeNo front changed in issue 12, its
//!    old front), and its later revisions: a correction or
//!    `--retry-failed` under the ledger this one replaces made revision n+1
//!    of a row (its own tradeNo); each one found is followed to the next.
//! 2. Fit (`foreign`): every order found must be this sheet's row's, or the
//!    whole batch is refused, nothing taken over: another ledger may have
//!    used the same label and references.
//! 3. Take over: a payout found under its old front takes that tradeNo; a
//!    later revision found is recorded and supersedes the planned one; then
//!    every planned payout this ledger never sent becomes `unknown` (see
//!    `ledger::adopt`), and the ordinary resolution by query records what
//!    the gateway says, or sends it after a "not found" past the grace period.
//!
//! Before all, a sheet that gained a reference column since the batch was
//! paid: the tradeNo a payout's row had without it
//! (`Plan::keys_without_references`) is asked about, for the ledger-loss
//! guard's sample of the payouts (a batch paid from the bare sheet is
//! known by any of its rows; asking about every row would double the cost
//! of `--adopt`). Orders under those cannot be matched to this sheet's
//! rows, so one the gateway holds stops the run (exit 2), nothing sent:
//! adopt with the sheet as it was paid.
//!
//! An unanswered question stops the run before anything is sent (exit 5):
//! it cannot show that no later revision exists.

mod earlier;

use super::RunCtx;
use crate::engine::RateLimiter;
use crate::error::Error;
use crate::exit;
use crate::gateway::Accepted;
use crate::ledger::Ledger;
use crate::ledger::adopt::Adoptable;
use crate::plan::{Plan, legacy_form};
use crate::submit::loss_guard::{self, Answer};
use std::collections::{HashMap, HashSet};

/// Revisions followed past the planned one, at most.
const MAX_LATER: u32 = 8;
/// Times one question is asked while unanswered: `--adopt` asks about every
/// row, so one lost answer in thousands must not stop it each time.
const TRIES: u32 = 8;

/// `Ok(None)`: adopted, go on. `Ok(Some(code))`: stop, nothing sent.
pub(super) fn run(
    ctx: &RunCtx<'_>,
    ledger: &mut Ledger,
    in_sheet: &HashSet<i64>,
) -> Result<Option<i32>, Error> {
    let open = ledger.adoptable(ctx.batch_id, in_sheet)?;
    if let Some(code) = unreferenced(ctx, ledger, &open)? {
        return Ok(Some(code));
    }
    if let Some(code) = earlier::held_paid(ctx, ledger, &open)? {
        return Ok(Some(code));
    }
    let chains = match survey(ctx, ledger, &open)? {
        Ok(c) => c,
        Err(code) => return Ok(Some(code)),
    };
    // Nothing under the form configured: the batch may be there in another.
    if chains.iter().all(|c| c.latest().is_none())
        && let Some(code) = super::loss::adopt_other_forms(ctx, ledger, &open)?
    {
        return Ok(Some(code));
    }
    // Nothing is taken over until every order found is shown to fit.
    if let Some(code) = super::foreign::refuse_misfits(ctx, &open, &chains) {
        return Ok(Some(code));
    }
    let mut later = 0usize;
    for (a, chain) in open.iter().zip(&chains) {
        if let Some(own) = &chain.own
            && own.trade_no != a.trade_no
        {
            ledger.retrade(a.id, ctx.run_id, &own.trade_no)?;
        }
        let mut older = a.id;
        for f in &chain.later {
            let amount = f.answer.amount.map(|x| x.poisha());
            older = ledger.adopt_successor(older, ctx.run_id, &f.trade_no, f.revision, amount)?;
            later += 1;
        }
    }
    let n = ledger.adopt(ctx.batch_id, ctx.run_id, in_sheet)?;
    crate::log::info(
        "adopt",
        format!(
            "--adopt: asked the gateway about the next revision of {} payouts of batch '{}' \
             this ledger never sent ({later} found and recorded), under tradeNo form {form} \
             (trade_no_form); now asking about {n} of them. What the gateway has is recorded as \
             sent; what it has never seen is sent after the grace period ({}). Orders the lost \
             ledger sent in another form are not found under this one: if the batch was sent \
             with another trade_no_form, stop now (Ctrl-C) and run --adopt with that one.",
            open.len(),
            ctx.plan.label,
            humantime::format_duration(ctx.s.pace.grace),
            form = ctx.plan.form,
        ),
    );
    Ok(None)
}

/// An order the gateway holds for a payout `--adopt` asks about.
#[derive(Debug, Clone)]
pub(super) struct Held {
    pub trade_no: String,
    pub revision: u32,
    pub answer: Accepted,
}

/// What the gateway holds for one payout: its own tradeNo (or that
/// tradeNo's pre-issue-12 form), and the later revisions, in order.
#[derive(Debug, Clone, Default)]
pub(super) struct Chain {
    pub own: Option<Held>,
    pub later: Vec<Held>,
}

impl Chain {
    /// The order the payout would end up as: the latest revision found.
    pub fn latest(&self) -> Option<&Held> {
        self.later.last().or(self.own.as_ref())
    }
}

/// Asks about every payout's own tradeNo and its later revisions (a
/// correction or `--retry-failed` under the ledger this one replaces made
/// revision n+1), following each revision found to the next, recording
/// nothing but the questions. One [`Chain`] per payout of `open`.
fn survey(
    ctx: &RunCtx<'_>,
    ledger: &mut Ledger,
    open: &[Adoptable],
) -> Result<Result<Vec<Chain>, i32>, Error> {
    let mut chains = vec![Chain::default(); open.len()];
    // Each payout still followed, with the revision last found.
    let mut follow: Vec<(usize, &Adoptable, u32)> = open
        .iter()
        .enumerate()
        .map(|(i, a)| (i, a, a.revision))
        .collect();
    for depth in 1..=MAX_LATER {
        if follow.is_empty() {
            break;
        }
        let mut trades = Vec::new();
        for (_, a, rev) in &follow {
            if depth == 1 {
                trades.extend(own_forms(ctx.plan, &a.trade_no).map(|t| (t, a.id)));
            }
            let next = ctx.plan.trade_no(&a.identity, rev + 1);
            trades.extend(next_forms(ctx.plan, next).map(|t| (t, a.id)));
        }
        let answers = match ask_all(ctx, ledger, trades)? {
            Ok(a) => a,
            Err(code) => return Ok(Err(code)),
        };
        let held = |t: String, revision: u32| {
            let answer = answers.get(&t)?.clone();
            Some(Held {
                trade_no: t,
                revision,
                answer,
            })
        };
        let mut next = Vec::new();
        for (i, a, rev) in follow {
            let Some(chain) = chains.get_mut(i) else {
                continue;
            };
            if depth == 1 {
                chain.own = own_forms(ctx.plan, &a.trade_no).find_map(|t| held(t, a.revision));
            }
            let t = ctx.plan.trade_no(&a.identity, rev + 1);
            if let Some(found) = next_forms(ctx.plan, t).find_map(|t| held(t, rev + 1)) {
                chain.later.push(found);
                next.push((i, a, rev + 1));
            }
        }
        follow = next;
    }
    Ok(Ok(chains))
}

/// A payout's own tradeNo as the gateway may hold it: under its label's
/// pre-issue-12 front first (the payout then takes that tradeNo), then as
/// planned.
pub(super) fn own_forms(plan: &Plan, own: &str) -> impl Iterator<Item = String> {
    legacy_form(plan.form, &plan.label, own)
        .into_iter()
        .chain(std::iter::once(own.to_string()))
}

/// A later revision's tradeNo, then its pre-issue-12 form.
fn next_forms(plan: &Plan, next: String) -> impl Iterator<Item = String> {
    let legacy = legacy_form(plan.form, &plan.label, &next);
    std::iter::once(next).chain(legacy)
}

/// Whether the gateway holds a payout of `open` under the tradeNo its row
/// had without the sheet's reference column: `Some(exit code)` to stop.
fn unreferenced(
    ctx: &RunCtx<'_>,
    ledger: &mut Ledger,
    open: &[Adoptable],
) -> Result<Option<i32>, Error> {
    let picked = loss_guard::sample(open.len(), &mut rand::rng());
    let open: Vec<&Adoptable> = picked.iter().filter_map(|&i| open.get(i)).collect();
    let label = &ctx.plan.label;
    let bare = ctx
        .plan
        .keys_without_references(open.iter().map(|a| a.identity.as_str()));
    let mut trades = Vec::new();
    for a in &open {
        let Some(bare) = bare.get(&a.identity) else {
            continue;
        };
        let mut revisions = vec![0, a.revision, a.revision + 1];
        revisions.dedup();
        for r in revisions {
            let t = ctx.plan.trade_no(bare, r);
            trades.extend(legacy_form(ctx.plan.form, label, &t).map(|l| (l, a.id)));
            trades.push((t, a.id));
        }
    }
    let held = |known: HashMap<String, Accepted>| known.into_keys().collect();
    refuse_if_held(ctx, ledger, trades, held, |n, first| {
        format!(
            "--adopt: the gateway holds {n} payouts of batch '{label}' under the tradeNo their row \
             had without its reference column ({first}). The batch was paid from this sheet before its \
             reference column was added, or read (an older payrun did not read it): --adopt cannot match those orders to this sheet's rows, \
             and sending would pay them again. Run the same command with the sheet as it was paid \
             (without the reference column), or restore the ledger that paid the batch. Nothing \
             was sent (docs/operations.md, \"Recovery\")."
        )
    })
}

/// Asks the gateway about `trades` ([`ask_all`]) and stops `--adopt` over
/// the orders it holds that `held` names, as [`refuse_held`] says them:
/// `Some(exit code)` to stop, `None` when nothing was to be asked or none
/// is held.
pub(super) fn refuse_if_held(
    ctx: &RunCtx<'_>,
    ledger: &mut Ledger,
    trades: Vec<(String, i64)>,
    held: impl FnOnce(HashMap<String, Accepted>) -> Vec<String>,
    said: impl FnOnce(usize, &str) -> String,
) -> Result<Option<i32>, Error> {
    if trades.is_empty() {
        return Ok(None);
    }
    let known = match ask_all(ctx, ledger, trades)? {
        Ok(known) => known,
        Err(code) => return Ok(Some(code)),
    };
    Ok(refuse_held(held(known), said))
}

/// Stops `--adopt` (exit 2, event `ledger_lost`, nothing sent) over the
/// orders the gateway holds that it may not take over; `None` when there
/// are none. `said` makes the message from their count and the first few.
pub(super) fn refuse_held(
    mut held: Vec<String>,
    said: impl FnOnce(usize, &str) -> String,
) -> Option<i32> {
    if held.is_empty() {
        return None;
    }
    held.sort_unstable();
    let first = held
        .iter()
        .take(5)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    crate::log::error("ledger_lost", said(held.len(), &first));
    Some(exit::INVALID)
}

/// The tradeNos the gateway holds, with its answer about each; or the exit
/// code to stop with, nothing sent.
pub(super) type Asked = Result<HashMap<String, Accepted>, i32>;

/// Asks about every one of `trades` (each with the payout it is asked for,
/// against which the ledger records every try). Returns those the gateway
/// holds, with its answer; `Err(exit code)` if it did not answer.
pub(super) fn ask_all(
    ctx: &RunCtx<'_>,
    ledger: &mut Ledger,
    trades: Vec<(String, i64)>,
) -> Result<Asked, Error> {
    let limiter = RateLimiter::new(ctx.s.pace.rate, ctx.s.pace.burst);
    let stop = super::interrupt_flag();
    let workers = ctx.s.pace.concurrency as usize;
    let payout_of: HashMap<&str, i64> = trades.iter().map(|(t, id)| (t.as_str(), *id)).collect();
    let names: Vec<String> = trades.iter().map(|(t, _)| t.clone()).collect();
    let probes = loss_guard::ask(&ctx.conn.client, &names, &limiter, &stop, workers, TRIES);
    for p in &probes {
        if let Some(&id) = payout_of.get(p.trade_no.as_str()) {
            let applied = format!(
                "--adopt: asked about tradeNo {}: {}",
                p.trade_no,
                said(&p.answer)
            );
            super::loss::record_asked(ledger, ctx.run_id, id, p, &applied)?;
        }
    }
    // A question an interrupt cut short is unanswered by no fault of the
    // gateway's: the run stops as an interrupted one, not as exit 5 or 3.
    if stop.load(std::sync::atomic::Ordering::SeqCst) {
        super::super::interrupt::before_sending("--adopt's questions to the gateway");
        return Ok(Err(exit::INCOMPLETE));
    }
    Ok(read_answers(&probes, names.len()))
}

/// What an answer said, for the ledger's event.
fn said(answer: &Answer) -> String {
    match answer {
        Answer::Known(a) => format!("the gateway holds it ({}); nothing sent", a.status.name()),
        Answer::NotFound => "not found at the gateway".to_string(),
        Answer::Silent(why) => format!("no answer ({why})"),
        Answer::Systemic(why) => format!("refused ({why})"),
        Answer::Unplaced { code, msg, .. } => {
            format!("answered {code} ({msg}), not read as not found")
        }
    }
}

/// The tradeNos held, or the exit code when a question went unanswered or
/// was never asked (`asked` questions were to be asked).
fn read_answers(probes: &[loss_guard::Probe], asked: usize) -> Asked {
    let mut known = HashMap::new();
    for p in probes {
        match &p.answer {
            Answer::Known(a) => {
                known.insert(p.trade_no.clone(), a.clone());
            }
            Answer::NotFound => {}
            Answer::Silent(_) | Answer::Systemic(_) | Answer::Unplaced { .. } => {
                let why = match &p.answer {
                    Answer::Silent(why) | Answer::Systemic(why) => why.clone(),
                    other => other.unplaced_words().unwrap_or_default(),
                };
                // Unanswered (or answered in a way payrun cannot place) is
                // exit 5; a refusal of the merchant is systemic (3).
                let code = match &p.answer {
                    Answer::Systemic(_) => exit::SYSTEMIC,
                    _ => exit::NOT_STARTED,
                };
                crate::log::error(
                    "adopt_unanswered",
                    format!(
                        "--adopt: the gateway did not answer about tradeNo {} ({why}). Nothing \
                         was sent: without the answer payrun cannot tell whether the ledger it \
                         replaces sent a later revision of that payout. Run the same command \
                         again.",
                        p.trade_no
                    ),
                );
                return Err(code);
            }
        }
    }
    if probes.len() < asked {
        crate::log::error(
            "adopt_interrupted",
            "--adopt: interrupted before every question was asked; nothing was sent.",
        );
        return Err(exit::INCOMPLETE);
    }
    Ok(known)
}
