//! A lost ledger: the ledger-loss guard before the first send of payouts
//! this ledger never sent (`submit::loss_guard`). `--adopt` (`adopt.rs`)
//! asks about every one of them instead.

use super::RunCtx;
use crate::engine::RateLimiter;
use crate::error::Error;
use crate::exit;
use crate::ledger::{Ledger, PayoutRow};
use crate::submit::loss_guard::{self, Answer};

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
    // A label whose tradeNo front changed in issue 12 (a Bengali label) may
    // have older orders under the old front: both forms are asked about.
    let mut trades: Vec<String> = Vec::new();
    let mut of_trade: std::collections::HashMap<String, &PayoutRow> = Default::default();
    for p in picked.iter().filter_map(|&i| never.get(i)) {
        let forms = std::iter::once(p.trade_no.clone())
            .chain(crate::plan::legacy_form(&ctx.plan.label, &p.trade_no));
        for t in forms {
            of_trade.insert(t.clone(), p);
            trades.push(t);
        }
    }
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
    let (mut known, mut unanswered, mut systemic) = (Vec::new(), Vec::new(), None);
    for probe in &probes {
        let Some(p) = of_trade.get(probe.trade_no.as_str()) else {
            continue;
        };
        let applied = match &probe.answer {
            Answer::Known(a) => {
                known.push(format!("{} ({})", probe.trade_no, a.status.name()));
                format!(
                    "ledger-loss check: the gateway knows this tradeNo ({}) although this ledger \
                     never sent it; nothing sent",
                    a.status.name()
                )
            }
            Answer::NotFound => "ledger-loss check: not found at the gateway".to_string(),
            Answer::Silent(why) => {
                unanswered.push(why.clone());
                format!("ledger-loss check: no answer ({why})")
            }
            Answer::Systemic(why) => {
                systemic = Some(why.clone());
                format!("ledger-loss check: refused ({why})")
            }
        };
        let at = crate::time::to_text(probe.started_at);
        // Told apart from the queries that resolve a send (auditors, and
        // any reading of the attempts as evidence for a resend).
        let mut record = probe.record.clone();
        record.outcome = record.outcome.loss_check();
        ledger.record_probe(p.id, ctx.run_id, &at, &record, &applied)?;
    }
    if let Some(why) = systemic {
        crate::log::error(
            "systemic",
            format!(
                "Stopped: the gateway refused a query for batch '{}': {why}. Nothing was sent.",
                ctx.plan.label
            ),
        );
        return Ok(Some(exit::SYSTEMIC));
    }
    let asked = format!(
        "payrun asked the gateway about {} of the {} payouts of batch '{}' this ledger never sent",
        picked.len(),
        never.len(),
        ctx.plan.label
    );
    if !known.is_empty() {
        crate::log::error(
            "ledger_lost",
            known_message(ctx, &asked, &known, first_time),
        );
        return Ok(Some(exit::INVALID));
    }
    if !unanswered.is_empty() || probes.len() < trades.len() {
        crate::log::error(
            "ledger_check_unanswered",
            format!(
                "Ledger-loss check: {asked}, and the gateway at {} did not answer {} of them ({}). \
                 Nothing was sent (could not start): an unanswered question cannot show that a \
                 lost ledger did not pay this batch already. Check the network and the base URL, \
                 then run the same command again when the gateway's query endpoint answers.",
                ctx.conn.gateway_id,
                trades.len() - (probes.len() - unanswered.len()),
                unanswered.first().map_or("interrupted", String::as_str)
            ),
        );
        // The gateway did not answer before anything was sent: exit 5.
        return Ok(Some(exit::NOT_STARTED));
    }
    crate::log::info(
        "ledger_check",
        format!("Ledger-loss check: {asked}; it knows none of them."),
    );
    Ok(None)
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

/// `word` as one shell word: quoted unless it is plainly safe.
fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:@+,".contains(c));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}
