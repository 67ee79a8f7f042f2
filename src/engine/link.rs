//! One question to the gateway, recorded: what the engine's resolutions and
//! `settle` share, so that a query is asked, paced, recorded and read the
//! same way whoever asks it.

use super::record;
use super::step::clock;
use super::{Gateway, RateLimiter};
use crate::ledger::writer::{Op, WriterHandle};
use crate::ledger::{LedgerError, PayoutRow};
use crate::policy::{self, Acked, Journey, Limits, Step};
use std::sync::atomic::AtomicBool;
use std::time::{Instant, SystemTime};

/// The gateway, the ledger writer and the shared pace.
pub struct Link<'a, G: Gateway + ?Sized> {
    pub gateway: &'a G,
    pub writer: &'a WriterHandle,
    pub limiter: &'a RateLimiter,
    /// Raised to stop: the limiter then hands out no more slots.
    pub stop: &'a AtomicBool,
}

/// What one query led to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asked {
    /// The policy's next step.
    pub step: Step,
    /// The gateway asked to slow down (the pace was already lowered).
    pub throttled: bool,
}

impl<G: Gateway + ?Sized> Link<'_, G> {
    /// Asks the query endpoint about `p` once, when the pace allows, records
    /// the answer as [`crate::policy`] reads it, and returns the policy's
    /// next step (`j` learns what the ledger now holds). `Ok(None)` when
    /// nothing was asked: the run is stopping, or `j` is not being resolved.
    pub fn query(
        &self,
        p: &PayoutRow,
        j: &mut Journey,
        limits: &Limits,
    ) -> Result<Option<Asked>, LedgerError> {
        let Some(grace_end) = j.resolving.map(|r| r.grace_end) else {
            return Ok(None);
        };
        if !self.limiter.acquire(self.stop) {
            return Ok(None);
        }
        let (started_at, started) = (SystemTime::now(), Instant::now());
        // Another order's answer is dropped here; a wrong amount is judged
        // when recorded, where it flags a conflict (see Outcome::about_order).
        let ex = self.gateway.query(&p.trade_no).about_order(&p.trade_no);
        self.limiter.heed(&ex);
        let reading = policy::read_query(
            (&ex.outcome, ex.unread.as_ref()),
            p,
            j.known,
            grace_end,
            started,
        );
        let acked = self
            .writer
            .apply(Op::Query {
                payout_id: p.id,
                started_at,
                record: record::attempt(&ex),
                answer: reading.record.clone(),
            })?
            .state;
        let acked = Acked {
            outcome: &ex.outcome,
            trade_no: &p.trade_no,
            state: acked,
        };
        let step = policy::after_query(acked, &reading.record, j, limits, clock());
        Ok(Some(Asked {
            step,
            throttled: reading.throttled,
        }))
    }
}
