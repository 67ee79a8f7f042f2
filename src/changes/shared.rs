//! One wallet paid under two payees: in the sheet, or the sheet against the
//! earlier batches. The change a payroll fraud most often makes after a
//! changed wallet, and the one check that compares payees with each other
//! rather than each with its own past.
//!
//! Separate from the per-payee comparison in [`super`]: this runs beside it
//! (see [`super::compare`]), over wallets, and builds lists only for the
//! rare wallet that is shared.

use super::{
    HashMap, HashSet, Payee, SharedWallet, Wallet, payee_before, payee_now, reference, same_name,
};
use crate::ledger::earlier::{Earlier, EarlierPayout};
use crate::validate::Payout;
use crate::wallet::Provider;

/// Who a payout is for, borrowed: enough to tell two payees apart without
/// copying a string (this runs for every wallet of the sheet).
#[derive(Clone, Copy)]
struct Who<'a> {
    reference: Option<&'a str>,
    name: Option<&'a str>,
}

/// Two payees are different people when both have references that differ,
/// or (lacking one) both have names that differ.
fn different(a: Who<'_>, b: Who<'_>) -> bool {
    match (a.reference, b.reference) {
        (Some(x), Some(y)) => x != y,
        _ => match (a.name, b.name) {
            (Some(x), Some(y)) => !same_name(x, y),
            _ => false,
        },
    }
}

fn who_now(p: &Payout) -> Who<'_> {
    Who {
        reference: reference(p.reference.as_ref()),
        name: p.name.as_deref(),
    }
}

fn who_before(e: &EarlierPayout) -> Who<'_> {
    Who {
        reference: reference(e.reference.as_ref()),
        name: e.name.as_deref(),
    }
}

/// Wallets paid under more than one payee. Each sheet row is compared with
/// the first row of its wallet, and each earlier payout with the first sheet
/// row of its wallet: no list per wallet is built unless the wallet is
/// shared (rare), so 100k rows against 300k earlier payouts stay cheap.
pub(super) fn shared_wallets(payouts: &[Payout], earlier: &Earlier) -> Vec<SharedWallet> {
    let mut first: HashMap<(Provider, &str), usize> =
        HashMap::with_capacity_and_hasher(payouts.len(), Default::default());
    let mut flagged: HashSet<(Provider, &str)> = HashSet::default();
    for (i, p) in payouts.iter().enumerate() {
        let key = (p.provider, p.wallet.as_str());
        match first.get(&key) {
            None => {
                first.insert(key, i);
            }
            Some(&f) if different(who_now(&payouts[f]), who_now(p)) => {
                flagged.insert(key);
            }
            Some(_) => {}
        }
    }
    for e in &earlier.payouts {
        let key = (e.provider, e.wallet.as_str());
        if let Some(&f) = first.get(&key)
            && different(who_now(&payouts[f]), who_before(e))
        {
            flagged.insert(key);
        }
    }
    if flagged.is_empty() {
        return Vec::new();
    }
    // Only the shared wallets: every payee, the sheet's first, one line per
    // distinct person.
    type People<'a> = (Vec<Who<'a>>, Vec<Payee>);
    let mut found: HashMap<(Provider, &str), People<'_>> = HashMap::default();
    let now = payouts
        .iter()
        .map(|p| (who_now(p), p.provider, p.wallet.as_str(), Some(p), None));
    let before = earlier
        .payouts
        .iter()
        .map(|e| (who_before(e), e.provider, e.wallet.as_str(), None, Some(e)));
    for (who, provider, wallet, p, e) in now.chain(before) {
        if !flagged.contains(&(provider, wallet)) {
            continue;
        }
        let (kept, payees) = found.entry((provider, wallet)).or_default();
        if kept.iter().all(|k| different(*k, who)) {
            kept.push(who);
            payees.push(match (p, e) {
                (Some(p), _) => payee_now(p),
                (None, Some(e)) => payee_before(e, earlier),
                (None, None) => continue,
            });
        }
    }
    found
        .into_iter()
        .map(|((provider, id), (_, payees))| SharedWallet {
            wallet: Wallet {
                provider,
                id: id.to_string(),
            },
            payees,
        })
        .collect()
}
