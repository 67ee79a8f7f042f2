//! A lost ledger: the ledger-loss guard before the first send of payouts
//! this ledger never sent (`submit::loss_guard`). `--adopt` (`adopt.rs`)
//! asks about every one of them instead.
//!
//! A payout may be at the gateway under another tradeNo than the one this
//! ledger plans: its label's pre-issue-12 front (asked about for every
//! payout of the sample), or, when the sheet gained a reference column
//! since it was paid, the identity the row had without it
//! (`Plan::keys_without_references`), at revision 0 and at this ledger's
//! revision and the next (a correction or `--retry-failed` under the lost
//! ledger), asked about for the first [`loss_guard::FIRST`] payouts of the
//! sample once the gateway said "not found" to every tradeNo of it: at most
//! 6 more questions; and for the first of them, the tradeNo in each other
//! `trade_no_form` (a lost ledger that sent the batch in another form:
//! `other_form`), 2 more. A later revision of the tradeNo this
//! ledger plans is what a corrected re-run plans itself, and `--adopt` asks
//! about every one. The reverse (a reference column dropped) cannot be
//! derived.

mod other_form;
mod verdict;
pub(super) use other_form::adopt_check as adopt_other_forms;

use super::RunCtx;
use crate::config::TradeNoForm;
use crate::engine::RateLimiter;
use crate::error::Error;
use crate::ledger::{Ledger, PayoutRow};
use crate::submit::loss_guard::{self, Answer, Probe};
use std::collections::HashMap;

// What the guard says when it stops over orders the gateway holds.
#[path = "loss_messages.rs"]
mod messages;

/// The guard. `Ok(None)`: go on. `Ok(Some(code))`: stop with that exit
/// code, nothing sent (the reason is logged). `first_time`: the ledger held
/// no payout of this batch before this run.
pub(super) fn guard(
    ctx: &RunCtx<'_>,
    ledger: &mut Ledger,
    to_send: &[PayoutRow],
    first_time: bool,
) -> Result<Option<i32>, Error> {
    let never: Vec<&PayoutRow> = to_send.iter().filter(|p| p.attempts == 0).collect();
    if ctx.args.adopt || never.is_empty() {
        return Ok(None);
    }
    // A ledger this run made new for a batch a ledger sent before (the
    // batch's own mark): a sample could miss the one advance paid.
    let picked = match ctx.ask_every {
        true => (0..never.len()).collect(),
        false => loss_guard::sample(never.len(), &mut rand::rng()),
    };
    let (trades, of_trade) = trade_nos(ctx, ledger, &never, &picked)?;
    let limiter = RateLimiter::new(ctx.s.pace.rate, ctx.s.pace.burst);
    let stop = super::interrupt_flag();
    let workers = ctx.s.pace.concurrency as usize;
    let ask = |trades: &[String]| {
        let client = &ctx.conn.client;
        loss_guard::ask(client, trades, &limiter, &stop, workers, loss_guard::TRIES)
    };
    // The other forms only once the gateway said "not found" to every
    // tradeNo this ledger plans: otherwise the verdict stands without them.
    let (own, others): (Vec<String>, Vec<String>) = trades
        .into_iter()
        .partition(|t| of_trade.get(t).is_some_and(|(_, form)| *form == Form::Own));
    let mut probes = ask(&own);
    let mut questions = own.len();
    let none_known =
        probes.len() == own.len() && probes.iter().all(|p| p.answer == Answer::NotFound);
    if none_known && !others.is_empty() {
        probes.extend(ask(&others));
        questions += others.len();
    }
    let found = record(ctx, ledger, &probes, &of_trade)?;
    let asked = format!(
        "payrun asked the gateway about {} of the {} payouts of batch '{}' this ledger never sent",
        picked.len(),
        never.len(),
        ctx.plan.label
    );
    let unanswered = questions.saturating_sub(probes.len().saturating_sub(found.unanswered.len()));
    let interrupted = stop.load(std::sync::atomic::Ordering::SeqCst);
    Ok(verdict::verdict(
        ctx,
        &found,
        &asked,
        (unanswered, interrupted),
        first_time,
    ))
}

/// The payout each tradeNo asked about names, and which of its forms.
type OfTrade<'p> = HashMap<String, (&'p PayoutRow, Form)>;

/// Which tradeNo of a payout a question asks about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// The one this ledger plans.
    Own,
    /// The row's identity without the sheet's reference column.
    Unreferenced,
    /// This payout's tradeNo in another `trade_no_form` (`other_form`).
    InAnother(TradeNoForm),
}

/// The tradeNos to ask about for the `picked` payouts of `never`, and the
/// payout and form each names. A label whose tradeNo front changed in
/// issue 12 (a Bengali label) may have older orders under the old front:
/// each tradeNo is asked about in both.
fn trade_nos<'p>(
    ctx: &RunCtx<'_>,
    ledger: &Ledger,
    never: &[&'p PayoutRow],
    picked: &[usize],
) -> Result<(Vec<String>, OfTrade<'p>), Error> {
    let label = &ctx.plan.label;
    let mut trades: Vec<String> = Vec::new();
    let mut of_trade: OfTrade<'p> = HashMap::new();
    let mut add = |t: String, p: &'p PayoutRow, form: Form| {
        for t in crate::plan::legacy_form(ctx.plan.form, label, &t)
            .into_iter()
            .chain([t])
        {
            if !of_trade.contains_key(&t) {
                of_trade.insert(t.clone(), (p, form));
                trades.push(t);
            }
        }
    };
    let sampled: Vec<&PayoutRow> = picked
        .iter()
        .filter_map(|&i| never.get(i).copied())
        .collect();
    for p in &sampled {
        add(p.trade_no.clone(), p, Form::Own);
    }
    let first: Vec<&PayoutRow> = sampled.into_iter().take(loss_guard::FIRST).collect();
    let ids: Vec<i64> = first.iter().map(|p| p.id).collect();
    let recorded = ledger.identities(&ids)?;
    let bare = ctx
        .plan
        .keys_without_references(recorded.iter().map(|(_, key, _)| key.as_str()));
    let first: Vec<_> = first.into_iter().zip(&recorded).collect();
    for (p, (_, key, revision)) in first.iter().take(other_form::ASKED) {
        for (t, form) in other_form::in_other_forms(ctx, key, *revision) {
            add(t, p, Form::InAnother(form));
        }
    }
    for (p, (_, key, revision)) in first {
        if let Some(bare) = bare.get(key) {
            let mut revisions = vec![0, *revision, revision + 1];
            revisions.dedup();
            for r in revisions {
                add(ctx.plan.trade_no(bare, r), p, Form::Unreferenced);
            }
        }
    }
    Ok((trades, of_trade))
}

/// What the gateway's answers showed.
#[derive(Default)]
struct Found {
    /// `tradeNo (status)` of each tradeNo the gateway knows.
    known: Vec<String>,
    /// The `data.status` of each of them the gateway called failed.
    failed_codes: Vec<String>,
    /// The same, for a tradeNo a row had without the sheet's reference
    /// column, with the payout it is now.
    unreferenced: Vec<String>,
    /// How many of those this ledger sent itself: the batch was sent
    /// through this ledger when the reference column was not read.
    unreferenced_here: usize,
    /// The same, for an order whose amount or echoed wallet is not its
    /// row's: another sheet's order under this sheet's tradeNo.
    misfits: Vec<String>,
    /// The same, for a tradeNo of the payout in another `trade_no_form`,
    /// with that form.
    other_form: Vec<(TradeNoForm, String)>,
    /// Why each unanswered question went unanswered.
    unanswered: Vec<String>,
    /// A systemic refusal, if any.
    systemic: Option<String>,
    /// What each answer payrun cannot place said, and the setting that
    /// reads it (`Answer::unplaced_words`).
    unplaced: Vec<String>,
}

/// Records each answer in the ledger against its payout, as a ledger-loss
/// check, and sorts what they showed.
fn record(
    ctx: &RunCtx<'_>,
    ledger: &mut Ledger,
    probes: &[Probe],
    of_trade: &OfTrade<'_>,
) -> Result<Found, Error> {
    let mut found = Found::default();
    for probe in probes {
        let Some((p, form)) = of_trade.get(probe.trade_no.as_str()) else {
            continue;
        };
        let here = *form == Form::Unreferenced
            && matches!(probe.answer, Answer::Known(_))
            && ledger.sent_here(&probe.trade_no)?;
        let applied = found.take(probe, p, *form, here);
        record_asked(ledger, ctx.run_id, p.id, probe, &applied)?;
    }
    Ok(found)
}

/// Records every try of one question against payout `payout_id`: the
/// unanswered ones, then the last with what it meant (`applied`). Told
/// apart from the queries that resolve a send (auditors, and any reading of
/// the attempts as evidence for a resend), whatever tradeNo it asked about.
pub(super) fn record_asked(
    ledger: &mut Ledger,
    run_id: i64,
    payout_id: i64,
    probe: &Probe,
    applied: &str,
) -> Result<(), Error> {
    let unanswered = probe.unanswered.iter().map(|u| {
        let applied = format!("ledger-loss check: no answer ({}); asked again", u.why);
        (u.started_at, &u.record, applied)
    });
    let last = (probe.started_at, &probe.record, applied.to_string());
    for (at, record, applied) in unanswered.chain([last]) {
        let mut record = record.clone();
        record.outcome = record.outcome.loss_check();
        let at = crate::time::to_text(at);
        ledger.record_probe(payout_id, run_id, &at, &record, &applied)?;
    }
    Ok(())
}

impl Found {
    /// Counts one answer about payout `p` in; what the ledger records it
    /// meant.
    /// `here`: this ledger sent the tradeNo asked about itself.
    fn take(&mut self, probe: &Probe, p: &PayoutRow, form: Form, here: bool) -> String {
        if let (Answer::Known(a), Form::InAnother(f)) = (&probe.answer, form) {
            self.other_form
                .push((f, format!("{} ({})", probe.trade_no, a.status.name())));
            return format!(
                "ledger-loss check: the gateway knows this payout's tradeNo in the form {f} \
                 ({}) although this ledger never sent it; nothing sent",
                a.status.name()
            );
        }
        match &probe.answer {
            Answer::Known(a) if form == Form::Unreferenced => {
                self.unreferenced_here += usize::from(here);
                self.unreferenced.push(format!(
                    "{} ({}), Tk {} to {}, now {}",
                    probe.trade_no,
                    a.status.name(),
                    p.amount,
                    p.wallet,
                    p.trade_no
                ));
                let sent = if here {
                    ", which this ledger sent itself"
                } else {
                    " although this ledger never sent it"
                };
                format!(
                    "ledger-loss check: the gateway knows the tradeNo this row had without its \
                     reference column ({}){sent}; nothing sent",
                    a.status.name()
                )
            }
            Answer::Known(a) => {
                self.known
                    .push(format!("{} ({})", probe.trade_no, a.status.name()));
                let row_pays = (p.amount, p.wallet.as_str(), p.provider);
                self.misfits
                    .extend(super::foreign::misfit(a, &probe.trade_no, row_pays));
                if a.status == crate::codes::TxStatus::Failed {
                    self.failed_codes.push(a.code.clone());
                }
                format!(
                    "ledger-loss check: the gateway knows this tradeNo ({}) although this ledger \
                     never sent it; nothing sent",
                    a.status.name()
                )
            }
            Answer::NotFound => "ledger-loss check: not found at the gateway".to_string(),
            Answer::Silent(why) => {
                self.unanswered.push(why.clone());
                format!("ledger-loss check: no answer ({why})")
            }
            Answer::Systemic(why) => {
                self.systemic = Some(why.clone());
                format!("ledger-loss check: refused ({why})")
            }
            Answer::Unplaced { code, msg, .. } => {
                self.unplaced.extend(probe.answer.unplaced_words());
                format!("ledger-loss check: answered {code} ({msg}), not read as not found")
            }
        }
    }
}
