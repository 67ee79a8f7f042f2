//! A `listen` started before the first `submit`: on a fresh install a
//! service manager may start the receiver before anyone has paid, when no
//! ledger exists yet. It used to exit ("no ledger here"), and the first
//! batch's callbacks were refused until someone restarted it.
//!
//! Now it serves at once and answers every signed callback 503 (never `OK`:
//! nothing was recorded, and `OK` tells the gateway to stop sending), and
//! looks for the ledger every [`CHECK`]. `listen` never creates the ledger:
//! the first `submit` does, with the identity and continuity rules of a
//! ledger it made itself (`crate::ledger::continuity`), so a ledger that
//! `listen` waited for changes nothing `submit` checks.

use super::{Ctx, open_ledgers};
use crate::ledger::{Ledger, LedgerError};
use std::time::{Duration, Instant};

/// How often a `listen` without a ledger looks for one: one `stat` a
/// second, and the gateway's first retry (2 s) finds it open.
pub const CHECK: Duration = Duration::from_secs(1);
/// How long after an open that failed for a passing reason (the file
/// locked by a backup) the next try waits, so that the log is not flooded.
const AFTER_FAILURE: Duration = Duration::from_secs(10);

/// What is told of a ledger opened late.
pub(super) type OnOpen = Box<dyn Fn(&Ledger) + Send>;

/// The checks of a `listen` waiting for its ledger.
pub(super) struct Awaiting {
    next: Option<Instant>,
    on_open: Option<OnOpen>,
}

impl Awaiting {
    pub fn new(on_open: Option<OnOpen>) -> Awaiting {
        Awaiting {
            next: None,
            on_open,
        }
    }

    /// Opens the ledger if it is not open, it is time to look, and it is
    /// there. `Err`: a file is there that is refused as a ledger (not one,
    /// damaged, more than one name); `listen` stops, as it would at start.
    pub fn check(&mut self, ctx: &Ctx, now: Instant) -> Result<(), LedgerError> {
        if ctx.opened.get().is_some() || self.next.is_some_and(|n| now < n) {
            return Ok(());
        }
        self.next = Some(now + CHECK);
        let path = ctx.cfg.ledger.display();
        match open_ledgers(&ctx.cfg, true) {
            Ok((ledgers, opened)) => {
                if let (Some(tell), Some(first)) = (&self.on_open, ledgers.first()) {
                    tell(first);
                }
                for ledger in ledgers {
                    ctx.pool.give_back(ledger);
                }
                let _ = ctx.opened.set(opened);
                crate::log::info(
                    "listen_ledger_open",
                    format!("listen: the ledger {path} is there now; recording callbacks"),
                );
                Ok(())
            }
            Err(LedgerError::Missing { .. }) => Ok(()),
            Err(e) if e.is_refused_ledger() => {
                crate::log::error(
                    "listen_ledger_refused",
                    format!("listen: the ledger that appeared at {path} is refused: {e}"),
                );
                Err(e)
            }
            Err(e) => {
                self.next = Some(now + AFTER_FAILURE);
                crate::log::warn(
                    "listen_ledger_not_open",
                    format!(
                        "listen: the ledger {path} is there but could not be opened ({e}); \
                         callbacks are still answered 503, trying again in {} s",
                        AFTER_FAILURE.as_secs()
                    ),
                );
                Ok(())
            }
        }
    }
}

/// The line a callback's 503 is logged with while there is no ledger.
pub(super) fn no_ledger_line(ctx: &Ctx, peer: &str) -> String {
    format!(
        "listen: callback from {peer} answered 503 (retry later), not recorded: no ledger at {} \
         yet. The first `payrun submit` creates it; listen opens it within {} s",
        ctx.cfg.ledger.display(),
        CHECK.as_secs()
    )
}
