//! Which payouts a `submit` run resolves, sends, holds or leaves, and the
//! states it reports them in. The rules:
//!
//! - Unknown payouts (left by a crash or an earlier run) are resolved by
//!   query first, whatever sheet they came from.
//! - Only planned payouts of *this* sheet are sent. A planned payout of an
//!   earlier sheet that this one dropped stays "not sent"; so does one proven
//!   never created whose row the corrected sheet dropped.
//! - A planned payout flagged in conflict (the gateway reported it paid) is
//!   held, never sent: only a person can tell whether it was paid.
//! - With `--wait`, a run with nothing to resolve or send still asks about
//!   the batch's payouts processing (a re-run is how an operator waits).

use crate::engine::{PhaseResult, Stats};
use crate::ledger::history::Decision;
use crate::ledger::{Ledger, LedgerError, PayoutRow, State};
use std::collections::{HashMap, HashSet};
use std::sync::atomic::Ordering;

/// A run's work, and what became of it.
#[derive(Debug, Default)]
pub struct Work {
    /// Unknown payouts, resolved by query before anything is sent.
    pub unknown: Vec<PayoutRow>,
    /// Planned payouts of this sheet, to send.
    pub to_send: Vec<PayoutRow>,
    /// Every payout of this sheet, by ledger id.
    pub in_sheet: HashSet<i64>,
    conflicted: HashSet<i64>,
    /// Planned payouts of this sheet held because they are in conflict.
    pub held: usize,
    /// Planned payouts of the batch from an earlier sheet, not in this one.
    pub not_in_sheet: usize,
    /// The state of every payout this run touched or reused, by ledger id.
    pub states: HashMap<i64, State>,
    /// With `--wait` and nothing to resolve or send: the batch's payouts
    /// processing, which the run still asks about (0 otherwise).
    pub settle_only: usize,
}

impl Work {
    /// Sorts the batch's unknown and planned payouts, given the ledger ids
    /// and history decisions of this sheet's rows (`None` for rows not
    /// recorded); `wait`: the run settles what is processing (`--wait`).
    pub fn gather(
        ledger: &Ledger,
        batch_id: i64,
        ids: &[Option<i64>],
        decisions: &[Decision],
        wait: bool,
    ) -> Result<Work, LedgerError> {
        let in_sheet: HashSet<i64> = ids.iter().flatten().copied().collect();
        let unknown = ledger.payouts_in(batch_id, &[State::Unknown])?;
        let (mut to_send, earlier): (Vec<_>, Vec<_>) = ledger
            .payouts_in(batch_id, &[State::Planned])?
            .into_iter()
            .partition(|p| in_sheet.contains(&p.id));
        let conflicted = ledger.conflicted(batch_id)?;
        let before = to_send.len();
        to_send.retain(|p| !conflicted.contains(&p.id));
        let mut states: HashMap<i64, State> = ids
            .iter()
            .zip(decisions)
            .filter_map(|(id, d)| {
                let state = match d {
                    Decision::Reuse { state, .. } => *state,
                    _ => State::Planned,
                };
                id.map(|id| (id, state))
            })
            .collect();
        states.extend(unknown.iter().map(|p| (p.id, p.state)));
        let settle_only = if wait && unknown.is_empty() && to_send.is_empty() {
            ledger.payouts_in(batch_id, &[State::Processing])?.len()
        } else {
            0
        };
        Ok(Work {
            settle_only,
            held: before - to_send.len(),
            not_in_sheet: earlier.len(),
            unknown,
            to_send,
            in_sheet,
            conflicted,
            states,
        })
    }

    /// Nothing to resolve, send or settle: no request at all.
    pub fn is_empty(&self) -> bool {
        self.unknown.is_empty() && self.to_send.is_empty() && self.settle_only == 0
    }

    /// What a run that only settles (`--wait`, nothing new to send) says
    /// first.
    pub fn settle_only_note(&self, label: &str) -> Option<String> {
        (self.settle_only > 0).then(|| {
            format!(
                "Nothing new to send under batch '{label}'; asking about {} payouts still processing (--wait).",
                self.settle_only
            )
        })
    }

    /// What a run that sends nothing says instead.
    pub fn nothing_to_send(&self, label: &str) -> String {
        let n = self.in_sheet.len();
        match self.held {
            0 => format!(
                "Nothing to send: all {n} payouts of this sheet are already recorded as paid, processing or failed under batch '{label}'. No request was made."
            ),
            held => format!(
                "Nothing to send: the {n} payouts of this sheet are recorded as paid, processing or failed under batch '{label}', or held in conflict ({held}). No request was made."
            ),
        }
    }

    /// Records what a phase left each payout in.
    pub fn record(&mut self, phase: &PhaseResult) {
        self.states.extend(phase.outcomes.iter().copied());
    }

    /// Counts again, after the run, the planned payouts of this sheet held
    /// in conflict: a callback may have flagged one after the run chose to
    /// send it, and the ledger then refused the send.
    pub fn recount_held(&mut self, ledger: &Ledger, batch_id: i64) -> Result<(), LedgerError> {
        let conflicted = ledger.conflicted(batch_id)?;
        self.held = ledger
            .payouts_in(batch_id, &[State::Planned])?
            .iter()
            .filter(|p| self.in_sheet.contains(&p.id) && conflicted.contains(&p.id))
            .count();
        Ok(())
    }

    /// Takes the payouts the resolve phase proved never created: those of
    /// this sheet not in conflict are sent with the rest; the others stay
    /// "not sent", and are not counted as resent.
    pub fn take_resends(&mut self, resend: Vec<PayoutRow>, stats: &Stats) {
        let (mine, earlier): (Vec<_>, Vec<_>) = resend
            .into_iter()
            .partition(|p| self.in_sheet.contains(&p.id));
        let (hold, mine): (Vec<_>, Vec<_>) = mine
            .into_iter()
            .partition(|p| self.conflicted.contains(&p.id));
        self.held += hold.len();
        self.not_in_sheet += earlier.len();
        // Counted as resends by the resolve phase; they are not sent.
        let unsent = (hold.len() + earlier.len()) as u64;
        stats.resends.fetch_sub(unsent, Ordering::Relaxed);
        self.to_send.extend(mine);
    }

    /// Merges what settling (`--wait`) left the payouts in.
    pub fn settled(&mut self, states: &[(i64, State)]) {
        for (id, s) in states {
            if let Some(slot) = self.states.get_mut(id) {
                *slot = *s;
            }
        }
    }
}
