//! What a sheet's valid rows leave behind when they are not kept: counts and
//! sums for the summary, 32 bytes per row for the digest, and 16 for the
//! duplicate checks.
//!
//! `check` of a million-row sheet needs the payouts only to print totals,
//! to compute the digest and to look for duplicates; holding them all took
//! about 250 bytes per row (the struct and four small strings). A sheet is
//! counted here while it streams past instead. When anything suggests a
//! batch check would refuse a valid row (a wallet or reference that may
//! repeat, a hidden row, totals rows to compare, an Excel table), the counted result is not
//! used: the caller validates again keeping the payouts, so every refusal
//! is worded and reported exactly as before. That second pass costs a sheet
//! that is (nearly always) invalid anyway.

use super::digest::line_hash;
use super::row::Draft;
use crate::intake::SheetInfo;
use crate::money::Amount;
use crate::wallet::Provider;
use rayon::prelude::*;
use std::hash::BuildHasher;

/// Counts and sums of the valid rows, per provider in [`Provider::ALL`]
/// order, as the summaries show them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Tally {
    pub(super) count: [usize; 3],
    /// `None` once a sum overflowed (reported by the control totals).
    pub(super) sum: [Option<Amount>; 3],
    pub(super) total: Option<Amount>,
    /// Valid rows that carry a warning.
    pub(super) warned: usize,
}

impl Tally {
    fn new() -> Tally {
        Tally {
            count: [0; 3],
            sum: [Some(Amount::ZERO); 3],
            total: Some(Amount::ZERO),
            warned: 0,
        }
    }

    pub(super) fn valid(&self) -> usize {
        self.count.iter().sum()
    }

    fn add(&mut self, provider: Provider, amount: Amount, warned: bool) {
        let i = provider_index(provider);
        if let (Some(c), Some(s)) = (self.count.get_mut(i), self.sum.get_mut(i)) {
            *c += 1;
            *s = s.and_then(|s| s.checked_add(amount));
        }
        self.total = self.total.and_then(|t| t.checked_add(amount));
        self.warned += usize::from(warned);
    }
}

fn provider_index(p: Provider) -> usize {
    Provider::ALL.iter().position(|q| *q == p).unwrap_or(0)
}

/// What one valid row leaves behind, computed beside its checks (in
/// parallel).
pub(super) struct Kept {
    line: [u8; 32],
    wallet: Option<u64>,
    reference: Option<u64>,
    provider: Provider,
    amount: Amount,
    warned: bool,
}

impl Kept {
    /// `line` is a buffer reused across rows.
    pub(super) fn of(line: &mut String, d: &Draft<'_>, warned: bool) -> Kept {
        Kept {
            line: line_hash(line, &d.line()),
            wallet: wallet_key(d.provider, &d.wallet, d.repeat_ok),
            reference: d.reference.map(reference_hash),
            provider: d.provider,
            amount: d.amount,
            warned,
        }
    }
}

/// A provider and a normalised wallet (11 or 12 ASCII digits) packed
/// exactly into 64 bits, with the repeat mark in the lowest bit: equal keys
/// (the mark aside) are the same wallet, with no hash to confirm. `None`
/// for anything else (never for a wallet the rules passed).
fn wallet_key(provider: Provider, wallet: &str, repeat_ok: bool) -> Option<u64> {
    if wallet.is_empty() || wallet.len() > 15 || !wallet.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let digits = wallet
        .bytes()
        .fold(0u64, |n, b| n * 10 + u64::from(b - b'0'));
    let head = (provider_index(provider) as u64) << 4 | wallet.len() as u64;
    Some((head << 52 | digits) << 1 | u64::from(repeat_ok))
}

/// A reference's 64-bit hash. Equal hashes are only a hint: they send the
/// sheet to the full check, which compares the references themselves.
fn reference_hash(reference: &str) -> u64 {
    foldhash::quality::FixedState::with_seed(0x7061_7972_756e).hash_one(reference)
}

/// The counted state of a sheet being validated.
pub(super) struct Counted {
    pub(super) lines: Vec<[u8; 32]>,
    wallets: Vec<u64>,
    references: Vec<u64>,
    /// A wallet that could not be packed: only the full check can compare it.
    unpackable: bool,
    pub(super) tally: Tally,
}

impl Counted {
    pub(super) fn new() -> Counted {
        Counted {
            lines: Vec::new(),
            wallets: Vec::new(),
            references: Vec::new(),
            unpackable: false,
            tally: Tally::new(),
        }
    }

    pub(super) fn add_valid(&mut self, kept: Kept) {
        self.tally.add(kept.provider, kept.amount, kept.warned);
        self.lines.push(kept.line);
        self.push_keys(kept.wallet, kept.reference, true);
    }

    /// An invalid row's wallet and reference still count as duplicates.
    pub(super) fn add_invalid(&mut self, r: &super::InvalidRow) {
        let wallet = match (r.provider, &r.wallet) {
            (Some(p), Some(w)) => Some(wallet_key(p, w, r.repeat_ok)),
            _ => None,
        };
        if let Some(w) = wallet {
            self.push_keys(w, None, true);
        }
        if let Some(reference) = &r.reference {
            self.references.push(reference_hash(reference));
        }
    }

    fn push_keys(&mut self, wallet: Option<u64>, reference: Option<u64>, has_wallet: bool) {
        match wallet {
            Some(w) => self.wallets.push(w),
            None if has_wallet => self.unpackable = true,
            None => {}
        }
        if let Some(r) = reference {
            self.references.push(r);
        }
    }

    /// Whether a batch check could refuse a row or needs the rows: then
    /// the counted result must not be used.
    pub(super) fn needs_rows(&mut self, sheet: &SheetInfo) -> bool {
        if self.unpackable
            || sheet.hidden.any()
            || sheet.hidden.any_misstated()
            || sheet.hidden.any_struck()
            || !sheet.hidden.areas().is_empty()
            || !sheet.hidden.tables().is_empty()
            || !sheet.stated_totals.is_empty()
            || !sheet.gaps.is_empty()
            || !sheet.hidden.comments().is_empty()
        {
            return true;
        }
        self.wallets.par_sort_unstable();
        // A wallet group is refused unless every row in it marks the repeat.
        let wallet_repeats = self
            .wallets
            .chunk_by(|a, b| a >> 1 == b >> 1)
            .any(|g| g.len() > 1 && g.iter().any(|k| k & 1 == 0));
        if wallet_repeats {
            return true;
        }
        self.references.par_sort_unstable();
        self.references.windows(2).any(|w| w.first() == w.last())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wallet_keys_are_exact_per_provider_and_length() {
        use Provider::{Bkash, Nagad, Rocket};
        let k = |p, w: &str| wallet_key(p, w, false).map(|k| k >> 1);
        for (a, b, same) in [
            ((Bkash, "01712345678"), (Bkash, "01712345678"), true),
            ((Bkash, "01712345678"), (Nagad, "01712345678"), false),
            ((Rocket, "017123456780"), (Rocket, "17123456780"), false),
            (
                (Rocket, "999999999999999"),
                (Rocket, "099999999999999"),
                false,
            ),
        ] {
            let (ka, kb) = (k(a.0, a.1), k(b.0, b.1));
            if same {
                assert_eq!(ka, kb, "{a:?} {b:?}");
            } else {
                assert_ne!(ka, kb, "{a:?} {b:?}");
            }
        }
        assert_eq!(k(Bkash, "0171234567x"), None);
        assert_eq!(k(Bkash, ""), None);
        assert_eq!(
            wallet_key(Bkash, "01712345678", true).map(|k| k & 1),
            Some(1)
        );
    }
}
