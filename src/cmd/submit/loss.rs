//! A lost ledger: the ledger-loss guard before the first send of payouts
//! this ledger never sent (`submit::loss_guard`). `--adopt` (`adopt.rs`)
//! asks about every one of them instead.

use super::RunCtx;
use crate::cmd::shell::shell_word;
use crate::engine::RateLimiter;
use crate::error::Error;
use crate::exit;
use crate::ledger::{Ledger, PayoutRow};
use crate::submit::loss_guard::{self, Answer, Probe};
use std::collections::HashMap;

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
    let picked = loss_guard::sample(never.len(), &mut rand::rng());
    let (trades, of_trade) = trade_nos(ctx, &never, &picked);
    let limiter = RateLimiter::new(ctx.s.pace.rate, ctx.s.pace.burst);
    let stop = super::interrupt_flag();
    let workers = ctx.s.pace.concurrency as usize;
    let probes = loss_guard::ask(
        &ctx.conn.client,
        &trades,
        &limiter,
        &stop,
        workers,
        loss_guard::TRIES,
    );
    let found = record(ctx, ledger, &probes, &of_trade)?;
    let asked = format!(
        "payrun asked the gateway about {} of the {} payouts of batch '{}' this ledger never sent",
        picked.len(),
        never.len(),
        ctx.plan.label
    );
    let unanswered = trades
        .len()
        .saturating_sub(probes.len().saturating_sub(found.unanswered.len()));
    Ok(verdict(ctx, &found, &asked, unanswered, first_time))
}

/// The tradeNos to ask about for the `picked` payouts of `never`, and the
/// payout each names. A label whose tradeNo front changed in issue 12 (a
/// Bengali label) may have older orders under the old front: both forms are
/// asked about.
fn trade_nos<'p>(
    ctx: &RunCtx<'_>,
    never: &[&'p PayoutRow],
    picked: &[usize],
) -> (Vec<String>, HashMap<String, &'p PayoutRow>) {
    let mut trades: Vec<String> = Vec::new();
    let mut of_trade: HashMap<String, &PayoutRow> = HashMap::new();
    for p in picked.iter().filter_map(|&i| never.get(i)) {
        let forms = std::iter::once(p.trade_no.clone())
            .chain(crate::plan::legacy_form(&ctx.plan.label, &p.trade_no));
        for t in forms {
            of_trade.insert(t.clone(), p);
            trades.push(t);
        }
    }
    (trades, of_trade)
}

/// What the gateway's answers showed.
#[derive(Default)]
struct Found {
    /// `tradeNo (status)` of each tradeNo the gateway knows.
    known: Vec<String>,
    /// Why each unanswered question went unanswered.
    unanswered: Vec<String>,
    /// A systemic refusal, if any.
    systemic: Option<String>,
}

/// Records each answer in the ledger against its payout, as a ledger-loss
/// check, and sorts what they showed.
fn record(
    ctx: &RunCtx<'_>,
    ledger: &mut Ledger,
    probes: &[Probe],
    of_trade: &HashMap<String, &PayoutRow>,
) -> Result<Found, Error> {
    let mut found = Found::default();
    for probe in probes {
        let Some(p) = of_trade.get(probe.trade_no.as_str()) else {
            continue;
        };
        let applied = found.take(probe);
        let at = crate::time::to_text(probe.started_at);
        // Told apart from the queries that resolve a send (auditors, and
        // any reading of the attempts as evidence for a resend).
        let mut record = probe.record.clone();
        record.outcome = record.outcome.loss_check();
        ledger.record_probe(p.id, ctx.run_id, &at, &record, &applied)?;
    }
    Ok(found)
}

impl Found {
    /// Counts one answer in; what the ledger records it meant.
    fn take(&mut self, probe: &Probe) -> String {
        match &probe.answer {
            Answer::Known(a) => {
                self.known
                    .push(format!("{} ({})", probe.trade_no, a.status.name()));
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
        }
    }
}

/// Whether the run may go on (`None`), or the exit code it stops with, the
/// reason logged. `unanswered`: the questions with no answer, counting
/// those never asked (an interrupted check).
fn verdict(
    ctx: &RunCtx<'_>,
    found: &Found,
    asked: &str,
    unanswered: usize,
    first_time: bool,
) -> Option<i32> {
    if let Some(why) = &found.systemic {
        crate::log::error(
            "systemic",
            format!(
                "Stopped: the gateway refused a query for batch '{}': {why}. Nothing was sent.",
                ctx.plan.label
            ),
        );
        return Some(exit::SYSTEMIC);
    }
    if !found.known.is_empty() {
        crate::log::error(
            "ledger_lost",
            known_message(ctx, asked, &found.known, first_time),
        );
        return Some(exit::INVALID);
    }
    if unanswered > 0 || !found.unanswered.is_empty() {
        crate::log::error(
            "ledger_check_unanswered",
            format!(
                "Ledger-loss check: {asked}, and the gateway at {} did not answer {unanswered} of them ({}). \
                 Nothing was sent (could not start): an unanswered question cannot show that a \
                 lost ledger did not pay this batch already. Check the network and the base URL, \
                 then run the same command again when the gateway's query endpoint answers.",
                ctx.conn.gateway_id,
                found
                    .unanswered
                    .first()
                    .map_or("interrupted", String::as_str)
            ),
        );
        // The gateway did not answer before anything was sent: exit 5.
        return Some(exit::NOT_STARTED);
    }
    crate::log::info(
        "ledger_check",
        format!("Ledger-loss check: {asked}; it knows none of them."),
    );
    None
}

fn known_message(ctx: &RunCtx<'_>, asked: &str, known: &[String], first_time: bool) -> String {
    let seen = if first_time {
        "this ledger has never seen it"
    } else {
        "this ledger holds them as never sent (was it restored from an older backup?)"
    };
    format!(
        "Ledger-loss check: {asked}; it already holds {} of them: {}.\n\
         the gateway already has {} payouts of this batch; {seen}. Restore the ledger, or run \
         `payrun submit {} --batch {} --adopt` to rebuild it from the gateway.\n\
         Nothing was sent (docs/operations.md, \"Recovery\").",
        known.len(),
        known.join(", "),
        known.len(),
        shell_word(&ctx.args.sheet.path.display().to_string()),
        shell_word(ctx.plan.label.as_str()),
    )
}
