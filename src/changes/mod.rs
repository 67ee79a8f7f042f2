//! What changed since the last payroll: the sheet compared with the payouts
//! this ledger paid in recent batches. Payroll fraud is usually a changed
//! wallet number, so the list puts that first:
//! - a reference (employee id) whose wallet changed;
//! - one wallet paid under two references or names (in the sheet, or the
//!   sheet against earlier batches);
//! - a reference whose name changed;
//! - new payees, and payees of the last batch no longer present;
//! - amounts that moved by more than a set share.
//!
//! A payee is known by its reference when the sheet has one, else by its
//! wallet. The comparison is pure (the ledger reads the earlier payouts, see
//! `ledger::earlier`), hash maps over borrowed strings, so 100k rows against
//! three batches of 100k costs a fraction of a second (docs/benchmarks.md).

pub mod render;
pub mod same_label;
// One wallet under two payees, checked beside the per-payee comparison.
mod shared;

use crate::ledger::earlier::{Earlier, EarlierBatch, EarlierPayout};
use crate::money::Amount;
use crate::validate::Payout;
use crate::wallet::Provider;
use shared::shared_wallets;
use std::collections::{HashMap as StdMap, HashSet as StdSet};

/// Hash maps with a fast, per-process seeded hasher: SipHash was a third of
/// the comparison's time over 400k keys.
type HashMap<K, V> = StdMap<K, V, foldhash::fast::RandomState>;
type HashSet<K> = StdSet<K, foldhash::fast::RandomState>;

/// A wallet as the ledger and the sheet hold it: provider and normalised id.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Wallet {
    pub provider: Provider,
    pub id: String,
}

impl std::fmt::Display for Wallet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.provider.key(), self.id)
    }
}

/// Who a payout is for, as the sheet or an earlier batch wrote it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Payee {
    pub reference: Option<String>,
    pub name: Option<String>,
    pub wallet: Wallet,
    pub amount: Amount,
    /// The earlier batch's label; `None` for the sheet itself.
    pub batch: Option<String>,
}

/// A reference now paid to another wallet than last time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalletChange {
    pub reference: String,
    /// The name the sheet gives now.
    pub name: Option<String>,
    /// The name the old wallet was last paid under.
    pub before_name: Option<String>,
    pub before: Wallet,
    pub before_batch: String,
    pub now: Wallet,
}

/// One wallet paid under more than one reference or name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedWallet {
    pub wallet: Wallet,
    /// Every payee of the wallet: the sheet's first, then earlier ones.
    pub payees: Vec<Payee>,
}

/// A reference whose name changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameChange {
    pub reference: String,
    pub before: String,
    pub before_batch: String,
    pub now: String,
}

/// An amount that moved by more than the set share.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AmountChange {
    pub payee: Payee,
    pub before: Amount,
    pub before_batch: String,
}

/// Everything that changed, each list sorted for stable output.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// The batches compared with, newest first.
    pub compared: Vec<EarlierBatch>,
    /// The batch being paid, when it has paid payouts of its own: it is
    /// never compared with itself, but the ledger is not without a batch that paid.
    pub itself_paid: Option<String>,
    pub amount_percent: u32,
    pub wallets_changed: Vec<WalletChange>,
    pub shared_wallets: Vec<SharedWallet>,
    pub names_changed: Vec<NameChange>,
    pub new_payees: Vec<Payee>,
    pub gone: Vec<Payee>,
    pub amounts_changed: Vec<AmountChange>,
    /// The sheet against what its own label already holds in the ledger
    /// (a corrected sheet approved again); `None` when it holds nothing.
    pub same_label: Option<same_label::SameLabel>,
}

impl Changes {
    /// Whether anything at all is listed.
    pub fn is_empty(&self) -> bool {
        self.wallets_changed.is_empty()
            && self.shared_wallets.is_empty()
            && self.names_changed.is_empty()
            && self.new_payees.is_empty()
            && self.gone.is_empty()
            && self.amounts_changed.is_empty()
            && self.same_label.as_ref().is_none_or(|s| s.is_empty())
    }

    /// Every changed wallet an approval must list (`refuse_wallet_changes`):
    /// since the last payroll, and since the batch itself sent the row
    /// (a row re-pointed after its first order failed). One entry per
    /// reference and change.
    pub fn wallets_to_cover(&self) -> Vec<WalletChange> {
        let mut out = self.wallets_changed.clone();
        let within = self.same_label.iter().flat_map(|s| &s.wallets_changed);
        for (w, _) in within {
            let seen = out
                .iter()
                .any(|o| o.reference == w.reference && o.before == w.before && o.now == w.now);
            if !seen {
                out.push(w.clone());
            }
        }
        out
    }
}

/// Names compared as people read them: case, spacing and stray blanks
/// around do not make a new name.
fn same_name(a: &str, b: &str) -> bool {
    fn norm(s: &str) -> impl Iterator<Item = char> + '_ {
        s.split_whitespace().enumerate().flat_map(|(i, w)| {
            (i > 0)
                .then_some(' ')
                .into_iter()
                .chain(w.chars().flat_map(char::to_lowercase))
        })
    }
    a == b || norm(a).eq(norm(b))
}

fn reference(p: Option<&String>) -> Option<&str> {
    p.map(|s| s.trim()).filter(|s| !s.is_empty())
}

fn wallet_of(p: &Payout) -> Wallet {
    Wallet {
        provider: p.provider,
        id: p.wallet.clone(),
    }
}

fn payee_now(p: &Payout) -> Payee {
    Payee {
        reference: reference(p.reference.as_ref()).map(str::to_string),
        name: p.name.clone(),
        wallet: wallet_of(p),
        amount: p.amount,
        batch: None,
    }
}

fn payee_before(e: &EarlierPayout, earlier: &Earlier) -> Payee {
    Payee {
        reference: reference(e.reference.as_ref()).map(str::to_string),
        name: e.name.clone(),
        wallet: Wallet {
            provider: e.provider,
            id: e.wallet.clone(),
        },
        amount: e.amount,
        batch: Some(earlier.label(e.batch).to_string()),
    }
}

/// The latest earlier payout per reference, and per wallet when some row of
/// the sheet has no reference. Payouts are newest batch first, so the first
/// seen is the latest.
struct Index<'a> {
    by_ref: HashMap<&'a str, &'a EarlierPayout>,
    by_wallet: HashMap<(Provider, &'a str), &'a EarlierPayout>,
}

impl<'a> Index<'a> {
    fn new(earlier: &'a Earlier, by_wallet_too: bool) -> Index<'a> {
        let n = earlier.payouts.len();
        let mut by_ref = HashMap::with_capacity_and_hasher(n, Default::default());
        let mut by_wallet = HashMap::default();
        for e in &earlier.payouts {
            if let Some(r) = reference(e.reference.as_ref()) {
                by_ref.entry(r).or_insert(e);
            }
            if by_wallet_too {
                by_wallet
                    .entry((e.provider, e.wallet.as_str()))
                    .or_insert(e);
            }
        }
        Index { by_ref, by_wallet }
    }

    /// The latest earlier payout of the payee `p`: by reference if the row
    /// has one, else by wallet.
    fn prior(&self, p: &Payout) -> Option<&'a EarlierPayout> {
        match reference(p.reference.as_ref()) {
            Some(r) => self.by_ref.get(r).copied(),
            None => self
                .by_wallet
                .get(&(p.provider, p.wallet.as_str()))
                .copied(),
        }
    }
}

/// Compares the sheet's payouts with the earlier ones.
pub fn compare(payouts: &[Payout], earlier: &Earlier, amount_percent: u32) -> Changes {
    use rayon::prelude::*;
    let empty = || Changes {
        amount_percent,
        ..Changes::default()
    };
    // Per payee in chunks over the cores, beside the wallet and "gone" checks.
    let (mut c, (shared, gone)) = rayon::join(
        || {
            let by_wallet_too = payouts
                .iter()
                .any(|p| reference(p.reference.as_ref()).is_none());
            let index = Index::new(earlier, by_wallet_too);
            payouts
                .par_chunks(8 * 1024)
                .map(|chunk| {
                    let mut c = empty();
                    for p in chunk {
                        match index.prior(p) {
                            None => c.new_payees.push(payee_now(p)),
                            Some(e) => per_payee(&mut c, p, e, earlier),
                        }
                    }
                    c
                })
                .reduce(empty, merge)
        },
        || {
            rayon::join(
                || shared_wallets(payouts, earlier),
                || gone(payouts, earlier),
            )
        },
    );
    c.compared = earlier.batches.clone();
    c.itself_paid = earlier.excluded_paid.clone();
    c.shared_wallets = shared;
    c.gone = gone;
    c.same_label = earlier
        .itself
        .as_ref()
        .and_then(|(label, sent)| same_label::compare(label, payouts, sent));
    sort(&mut c);
    c
}

fn merge(mut a: Changes, b: Changes) -> Changes {
    a.wallets_changed.extend(b.wallets_changed);
    a.names_changed.extend(b.names_changed);
    a.new_payees.extend(b.new_payees);
    a.amounts_changed.extend(b.amounts_changed);
    a
}

/// What changed for one payee paid before.
fn per_payee(c: &mut Changes, p: &Payout, e: &EarlierPayout, earlier: &Earlier) {
    let label = earlier.label(e.batch);
    if let Some(r) = reference(p.reference.as_ref()) {
        if e.provider != p.provider || e.wallet != p.wallet {
            c.wallets_changed.push(WalletChange {
                reference: r.to_string(),
                name: p.name.clone(),
                before_name: e.name.clone(),
                before: Wallet {
                    provider: e.provider,
                    id: e.wallet.clone(),
                },
                before_batch: label.to_string(),
                now: wallet_of(p),
            });
        }
        if let (Some(now), Some(before)) = (&p.name, &e.name)
            && !same_name(now, before)
        {
            c.names_changed.push(NameChange {
                reference: r.to_string(),
                before: before.clone(),
                before_batch: label.to_string(),
                now: now.clone(),
            });
        }
    }
    if moved_more_than(e.amount, p.amount, c.amount_percent) {
        c.amounts_changed.push(AmountChange {
            payee: payee_now(p),
            before: e.amount,
            before_batch: label.to_string(),
        });
    }
}

/// `|now - before| > percent% of before`, in exact integers.
fn moved_more_than(before: Amount, now: Amount, percent: u32) -> bool {
    let (b, n) = (i128::from(before.poisha()), i128::from(now.poisha()));
    (n - b).abs() * 100 > b * i128::from(percent)
}

/// Payees of the most recent compared batch that the sheet no longer has.
fn gone(payouts: &[Payout], earlier: &Earlier) -> Vec<Payee> {
    let refs: HashSet<&str> = payouts
        .iter()
        .filter_map(|p| reference(p.reference.as_ref()))
        .collect();
    let wallets: HashSet<(Provider, &str)> = payouts
        .iter()
        .map(|p| (p.provider, p.wallet.as_str()))
        .collect();
    let mut seen: HashSet<&str> = HashSet::default();
    earlier
        .payouts
        .iter()
        .filter(|e| e.batch == 0)
        .filter(|e| match reference(e.reference.as_ref()) {
            Some(r) => !refs.contains(r) && seen.insert(r),
            None => !wallets.contains(&(e.provider, e.wallet.as_str())),
        })
        .map(|e| payee_before(e, earlier))
        .collect()
}

fn sort(c: &mut Changes) {
    c.wallets_changed
        .sort_by(|a, b| a.reference.cmp(&b.reference));
    c.shared_wallets.sort_by(|a, b| a.wallet.cmp(&b.wallet));
    c.names_changed
        .sort_by(|a, b| a.reference.cmp(&b.reference));
    c.new_payees.sort();
    c.gone.sort();
    c.amounts_changed.sort_by(|a, b| a.payee.cmp(&b.payee));
}

#[cfg(test)]
mod tests;
