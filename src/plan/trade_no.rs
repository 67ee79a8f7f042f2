//! The tradeNo of one revision of one payout, in each [`TradeNoForm`].
//!
//! Every form writes the same hash of (label, identity, revision): the
//! form changes how a tradeNo looks, never what makes it unique. A batch
//! keeps one form (the ledger records it with the batch), because the same
//! row under two forms is two orders at the gateway.

use super::BatchLabel;
use crate::config::TradeNoForm;
use sha2::{Digest, Sha256};

/// Bytes of the hash kept: 80 bits, far from any collision at payroll
/// scale (about 4 in 10^13 for a million payouts of one label).
const HASH_BYTES: usize = 10;
/// Decimal digits that hold any 80-bit number: 2^80 - 1 has 25.
const HASH_DIGITS: usize = 25;

/// The tradeNo of one revision of one payout, in `form`:
/// - `label-hash`: at most 32 of `[A-Za-z0-9_-]`, e.g.
///   `payroll-202-3f1c0e9a7b5d2c4e6f80` (every tradeNo before the setting);
/// - `alphanumeric`: at most 31 of `[A-Za-z0-9]`, e.g.
///   `payroll2023f1c0e9a7b5d2c4e6f80`;
/// - `digits`: exactly 25 digits, the hash as a zero-padded decimal.
pub fn trade_no(
    form: TradeNoForm,
    label: &BatchLabel,
    identity_key: &str,
    revision: u32,
) -> String {
    let hash = trade_hash(label, identity_key, revision);
    match form {
        TradeNoForm::LabelHash => format!("{}-{}", label.trade_no_prefix(), hex(&hash)),
        TradeNoForm::Alphanumeric => format!("{}{}", alphanumeric_front(label), hex(&hash)),
        TradeNoForm::Digits => format!("{:0width$}", decimal(&hash), width = HASH_DIGITS),
    }
}

/// The readable front without `-` and `_`; `payrun` when nothing is left
/// (a front of separators only). The 20 hex digits after it are fixed in
/// length, so two labels whose fronts run into the hash differently still
/// give different tradeNos whenever their hashes differ.
fn alphanumeric_front(label: &BatchLabel) -> String {
    let front: String = label
        .trade_no_prefix()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    if front.is_empty() {
        "payrun".to_string()
    } else {
        front
    }
}

#[cfg(test)]
/// The tradeNo the same payout had before issue 12 gave labels without an
/// ASCII letter or digit a readable front, when it differs from
/// [`trade_no`] (`label-hash` only: the other forms are newer): a gateway
/// may hold orders under it, and rebuilding a lost ledger (`--adopt`) must
/// find them.
pub fn legacy_trade_no(label: &BatchLabel, identity_key: &str, revision: u32) -> Option<String> {
    let legacy = label.legacy_prefix();
    (legacy != label.trade_no_prefix()).then(|| {
        format!(
            "{legacy}-{}",
            hex(&trade_hash(label, identity_key, revision))
        )
    })
}

/// [`legacy_trade_no`] from a tradeNo of this label already made: the same
/// hash behind the old front. `None` when the front never changed, and for
/// every form but `label-hash` (they came after issue 12).
pub fn legacy_form(form: TradeNoForm, label: &BatchLabel, trade_no: &str) -> Option<String> {
    if form != TradeNoForm::LabelHash {
        return None;
    }
    let legacy = label.legacy_prefix();
    let (front, hash) = trade_no.rsplit_once('-')?;
    (legacy != label.trade_no_prefix() && front == label.trade_no_prefix())
        .then(|| format!("{legacy}-{hash}"))
}

/// The hash of a tradeNo. Never change it: it is in every ledger.
fn trade_hash(label: &BatchLabel, identity_key: &str, revision: u32) -> [u8; HASH_BYTES] {
    let mut h = Sha256::new();
    // NUL separators: a label has no control characters, so no two inputs
    // hash the same text.
    h.update(b"payrun-tradeno-v1\0");
    h.update(label.as_str().as_bytes());
    h.update(b"\0");
    h.update(identity_key.as_bytes());
    h.update(b"\0");
    h.update(revision.to_string().as_bytes());
    let digest = h.finalize();
    let mut out = [0u8; HASH_BYTES];
    for (o, d) in out.iter_mut().zip(digest.iter()) {
        *o = *d;
    }
    out
}

/// The hash as 20 lowercase hex digits, as every `label-hash` tradeNo.
fn hex(hash: &[u8; HASH_BYTES]) -> String {
    let mut hex = String::with_capacity(HASH_BYTES * 2);
    for byte in hash {
        hex.push_str(&format!("{byte:02x}"));
    }
    hex
}

/// The hash as a number, its first byte the most significant.
fn decimal(hash: &[u8; HASH_BYTES]) -> u128 {
    hash.iter().fold(0u128, |n, b| (n << 8) | u128::from(*b))
}

#[cfg(test)]
#[path = "trade_no_tests.rs"]
mod tests;
