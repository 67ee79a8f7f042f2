//! `reconcile --recheck-final`: asks the gateway again about payouts the
//! ledger already holds paid or failed, because a gateway may change its
//! answer after the fact (a reversal, a refund, a chargeback, a late
//! "paid") and tell it only through its query endpoint. Each payout is
//! asked once, through [`super::settle`] and so through the policy: an
//! answer that now disagrees (another final status, a status payrun cannot
//! read, another amount or order number) flags the payout `conflict` for a
//! person; the state stays final, and nothing is ever sent.

use super::{SettleConfig, settle};
use crate::engine::{Gateway, Halt, Link};
use crate::ledger::PayoutRow;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// What a recheck did.
#[derive(Debug, Default)]
pub struct Rechecked {
    /// Payouts asked about (each once).
    pub asked: u64,
    /// Payouts not asked: the time limit came first, or a halt.
    pub not_asked: u64,
    /// The time limit ended it.
    pub timed_out: bool,
    /// Why it stopped early, if it did.
    pub halt: Option<Halt>,
}

/// Asks about each of `items` once, in parts of a few per worker, at
/// `link.limiter`'s pace and the gateway's timeouts, until all are asked, `time`
/// has passed, or a halt. The time is checked before each query is sent
/// (and while one waits for the pace), so a slow gateway carries the
/// recheck past `time` by at most the queries already in flight, each
/// bounded by the gateway's timeout. The latest finalised first is the
/// caller's order.
pub fn recheck<G: Gateway + ?Sized>(
    link: &Link<'_, G>,
    items: Vec<PayoutRow>,
    cfg: &SettleConfig,
    time: Duration,
) -> Rechecked {
    let end = Instant::now() + time;
    let once = SettleConfig {
        wait: None,
        ..cfg.clone()
    };
    let part = cfg.concurrency.max(1).saturating_mul(4).max(16);
    let mut out = Rechecked::default();
    let total = items.len() as u64;
    // Raised when `stop` is, or when the time is up: what the settling
    // below obeys, before every query.
    let ended = AtomicBool::new(false);
    let done = AtomicBool::new(false);
    let stop = link.stop;
    let asking = Link {
        gateway: link.gateway,
        writer: link.writer,
        limiter: link.limiter,
        stop: &ended,
    };
    std::thread::scope(|s| {
        s.spawn(|| watch(stop, end, &ended, &done));
        for chunk in items.chunks(part) {
            if Instant::now() >= end {
                ended.store(true, Ordering::Relaxed);
            }
            if out.halt.is_some() || ended.load(Ordering::Relaxed) {
                break;
            }
            let settled = settle(&asking, chunk.to_vec(), &once);
            out.asked += settled.queries;
            out.halt = settled.halt;
        }
        done.store(true, Ordering::Relaxed);
    });
    // Out of time is no halt: what is left waits for the next run.
    if !stop.load(Ordering::Relaxed) && ended.load(Ordering::Relaxed) {
        out.timed_out = out.asked < total;
        if matches!(out.halt, Some(Halt::Interrupted)) {
            out.halt = None;
        }
    }
    out.not_asked = total.saturating_sub(out.asked);
    out
}

/// Raises `ended` once `stop` is raised or `end` has come, whichever is
/// first; returns when `done` is raised. Looks every few milliseconds.
fn watch(stop: &AtomicBool, end: Instant, ended: &AtomicBool, done: &AtomicBool) {
    const LOOK: Duration = Duration::from_millis(5);
    while !done.load(Ordering::Relaxed) {
        if stop.load(Ordering::Relaxed) || Instant::now() >= end {
            ended.store(true, Ordering::Relaxed);
            return;
        }
        std::thread::sleep(LOOK);
    }
}
