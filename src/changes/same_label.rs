//! A corrected sheet against what its own batch label already holds in the
//! ledger. "Since the last payroll" never compares a batch with itself, so
//! a row re-pointed to another wallet after its first order failed passed
//! unseen (probe8 finding 2). Here the sheet is compared, row by row
//! identity, with the latest revision the batch sent or planned, and what
//! the next `submit` would send is worked out by the rules it uses
//! (`ledger::history::decide`), so the approver signs exactly that.

use super::{Payee, Wallet, WalletChange, payee_now};
use crate::ledger::State;
use crate::ledger::batch_sent::Sent;
use crate::ledger::history::{Decision, decide};
use crate::money::Amount;
use crate::plan::{BatchLabel, Plan};
use crate::validate::Payout;
use crate::wallet::Provider;
use std::collections::{HashMap, HashSet};

/// A row of the batch as sent before, in words: `order T, failed 00029`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Before {
    pub payee: Payee,
    pub trade_no: String,
    pub state: State,
    pub status_code: Option<String>,
}

impl Before {
    pub fn words(&self) -> String {
        let status = match &self.status_code {
            Some(c) if !c.is_empty() => format!("{} {c}", self.state),
            _ => self.state.to_string(),
        };
        format!("order {}, {status}", self.trade_no)
    }
}

/// What a sheet pays, per provider.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub count: [u64; 3],
    pub poisha: [i64; 3],
}

impl Tally {
    fn add(&mut self, p: &Payout) {
        let i = Provider::ALL
            .iter()
            .position(|x| *x == p.provider)
            .unwrap_or(0);
        self.count[i] += 1;
        self.poisha[i] = self.poisha[i].saturating_add(p.amount.poisha());
    }

    pub fn payouts(&self) -> u64 {
        self.count.iter().sum()
    }

    pub fn total(&self) -> Amount {
        Amount::from_poisha(self.poisha.iter().fold(0i64, |a, b| a.saturating_add(*b)))
    }

    /// `bkash Tk 1,800.00 in 1, nagad ...`: the providers it pays.
    pub fn per_provider(&self) -> String {
        let parts: Vec<String> = Provider::ALL
            .iter()
            .enumerate()
            .filter(|(i, _)| self.count[*i] > 0)
            .map(|(i, p)| {
                let t = Amount::from_poisha(self.poisha[i]);
                format!("{} Tk {t} in {}", p.key(), self.count[i])
            })
            .collect();
        parts.join(", ")
    }
}

/// The sheet against the batch's own earlier content.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SameLabel {
    pub label: String,
    /// Payouts the batch holds (the latest revision of each row).
    pub held: u64,
    /// Each with the order sent to the old wallet.
    pub wallets_changed: Vec<(WalletChange, Before)>,
    /// Same wallet, another amount: the payee now and the row before.
    pub amounts_changed: Vec<(Payee, Before)>,
    pub added: Vec<Payee>,
    /// Rows the batch holds that the sheet no longer has.
    pub removed: Vec<Before>,
    /// What the next `submit` of this sheet sends.
    pub sends: Tally,
    /// Rows already paid, or that may be (processing, unknown): never sent again.
    pub already: Tally,
    /// Failed rows unchanged: they stay failed unless `submit --retry-failed`.
    pub stays_failed: Tally,
    /// Rows `submit` refuses (changed after they may have moved money, or
    /// a second payout to a wallet the batch paid).
    pub refused: Tally,
}

impl SameLabel {
    pub fn is_empty(&self) -> bool {
        self.wallets_changed.is_empty()
            && self.amounts_changed.is_empty()
            && self.added.is_empty()
            && self.removed.is_empty()
    }
}

fn before(s: &Sent, label: &str) -> Before {
    let e = &s.existing;
    Before {
        payee: Payee {
            reference: e.reference.clone(),
            name: s.name.clone(),
            wallet: Wallet {
                provider: e.content.provider,
                id: e.content.wallet.clone(),
            },
            amount: e.content.amount,
            batch: Some(label.to_string()),
        },
        trade_no: e.trade_no.clone(),
        state: e.state,
        status_code: s.status_code.clone(),
    }
}

/// Compares `payouts` with what batch `label` holds; `None` when it holds
/// nothing, or the sheet cannot be planned (a repeated reference, refused
/// elsewhere).
pub fn compare(label: &str, payouts: &[Payout], sent: &[Sent]) -> Option<SameLabel> {
    if sent.is_empty() {
        return None;
    }
    let plan = Plan::new(BatchLabel::parse(label).ok()?, payouts).ok()?;
    let existing: Vec<_> = sent.iter().map(|s| s.existing.clone()).collect();
    let mut latest: HashMap<&str, &Sent> = HashMap::new();
    for s in sent {
        let slot = latest.entry(s.existing.identity.as_str()).or_insert(s);
        if s.existing.revision > slot.existing.revision {
            *slot = s;
        }
    }
    let mut out = SameLabel {
        label: label.to_string(),
        held: latest.len() as u64,
        ..SameLabel::default()
    };
    for (row, decision) in plan.rows.iter().zip(decide(&plan, &existing)) {
        let p = &row.payout;
        match latest.get(row.key.as_str()) {
            None => out.added.push(payee_now(p)),
            Some(s) if s.existing.content != row.content() => {
                let was = before(s, label);
                if was.payee.wallet != super::wallet_of(p) {
                    out.wallets_changed.push((changed(p, &was, label), was));
                } else {
                    out.amounts_changed.push((payee_now(p), was));
                }
            }
            Some(_) => {}
        }
        match decision {
            Decision::New { .. } | Decision::Revise { .. } => out.sends.add(p),
            Decision::Reuse { state, .. } => match state {
                State::Planned => out.sends.add(p),
                State::Failed | State::Superseded => out.stays_failed.add(p),
                _ => out.already.add(p),
            },
            Decision::Refuse { .. } => out.refused.add(p),
        }
    }
    let keys: HashSet<&str> = plan.rows.iter().map(|r| r.key.as_str()).collect();
    out.removed = latest
        .iter()
        .filter(|(k, _)| !keys.contains(*k))
        .map(|(_, s)| before(s, label))
        .collect();
    out.wallets_changed
        .sort_by(|a, b| a.0.reference.cmp(&b.0.reference));
    out.amounts_changed.sort_by(|a, b| a.0.cmp(&b.0));
    out.added.sort();
    out.removed.sort_by(|a, b| a.payee.cmp(&b.payee));
    Some(out)
}

fn changed(p: &Payout, was: &Before, label: &str) -> WalletChange {
    WalletChange {
        reference: super::reference(p.reference.as_ref())
            .unwrap_or_default()
            .to_string(),
        name: p.name.clone(),
        before_name: was.payee.name.clone(),
        before: was.payee.wallet.clone(),
        before_batch: label.to_string(),
        now: super::wallet_of(p),
    }
}
