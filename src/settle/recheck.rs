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
use std::sync::atomic::Ordering;
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
/// `link.limiter`'s pace and the gateway's timeouts, until all are asked,
/// `time` has passed (checked between parts, so a part in hand is
/// finished), or a halt. The latest finalised first is the caller's order.
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
    for chunk in items.chunks(part) {
        if out.halt.is_some() || link.stop.load(Ordering::Relaxed) {
            break;
        }
        if Instant::now() >= end {
            out.timed_out = true;
            break;
        }
        let done = settle(link, chunk.to_vec(), &once);
        out.asked += done.queries;
        out.halt = done.halt;
    }
    out.not_asked = total.saturating_sub(out.asked);
    out
}
