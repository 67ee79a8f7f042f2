//! The sending phases of a `submit` run: resolve what earlier runs left
//! unknown, check the balance, send, and (with `--wait`) settle, all at one
//! pace and with one interrupt flag. Which payouts go where is
//! [`crate::submit::Work`]'s; what happens after each answer is the policy's.

use super::{RunCtx, balance};
use crate::config::Pace;
use crate::engine::{Engine, EngineConfig, Halt, Stats};
use crate::error::Error;
use crate::ledger::{Ledger, State};
use crate::submit::Work;
use crate::submit::progress::{Mode, Progress};
use std::sync::Arc;

/// Runs the phases over `work`; returns why the run stopped early, if it did.
pub(super) fn phases(
    ctx: &RunCtx<'_>,
    ledger: &mut Ledger,
    work: &mut Work,
    stats: &Arc<Stats>,
) -> Result<Option<Halt>, Error> {
    let args = ctx.args;
    let stop = super::interrupt_flag();
    let writer = ledger.writer(ctx.run_id)?;
    let engine = Engine::new(
        &ctx.conn.client,
        writer.handle(),
        engine_config(&ctx.s.pace, ctx.s.gateway.request_timeout),
        stop.clone(),
    );
    if !work.unknown.is_empty() {
        let unknown = std::mem::take(&mut work.unknown);
        let progress = Progress::start(
            Mode::detect(),
            "resolving",
            unknown.len() as u64,
            stats.clone(),
        );
        let r = engine.resolve(unknown, stats);
        progress.finish();
        work.record(&r);
        work.take_resends(r.resend, stats);
    }
    let mut halt = engine.halt();
    if halt.is_none() && !work.to_send.is_empty() {
        let to_send = std::mem::take(&mut work.to_send);
        if balance::check_balance(ctx.conn, &to_send, &stop)? {
            drop(engine);
            writer.finish()?;
            return Ok(Some(Halt::Interrupted));
        }
        let send_stats = Arc::new(Stats::default());
        let progress = Progress::start(
            Mode::detect(),
            "sending",
            to_send.len() as u64,
            send_stats.clone(),
        );
        let r = engine.send(to_send, &send_stats);
        progress.finish();
        work.record(&r);
        stats.absorb(&send_stats);
        halt = engine.halt();
    }
    if let (None, Some(wait)) = (&halt, args.wait) {
        let items = ledger.payouts_in(ctx.batch_id, &[State::Processing, State::Unknown])?;
        let asked = items.len();
        let link = crate::engine::Link {
            gateway: &ctx.conn.client,
            writer: &writer.handle(),
            limiter: engine.limiter(),
            stop: &stop,
        };
        let cfg = super::super::settle_io::submit_settle_config(&ctx.s.pace, wait);
        let out = crate::settle::settle(&link, items, &cfg);
        super::super::settle_io::print_settle(asked, &out);
        work.settled(&out.states);
        halt = out.halt;
    }
    drop(engine);
    writer.finish()?;
    Ok(halt)
}

/// The engine at the run's resolved pace.
fn engine_config(pace: &Pace, request_timeout: std::time::Duration) -> EngineConfig {
    EngineConfig {
        request_timeout,
        concurrency: pace.concurrency as usize,
        rate: pace.rate,
        burst: pace.burst,
        max_attempts: pace.max_attempts,
        grace: pace.grace,
        query_delay: (pace.grace / 10).min(std::time::Duration::from_millis(500)),
        ..EngineConfig::default()
    }
}
