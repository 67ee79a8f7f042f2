//! The batch digest: one hex string that changes when any payout changes, and
//! does not change when rows are merely reordered. Approvals bind to it.
//!
//! Each payout becomes one canonical line of every meaningful field (the
//! reference, provider, normalised wallet, amount in poisha, name, remark and
//! whether a repeat is intended; not the row number, so sorting the sheet
//! changes nothing). Lines are hashed one by one, the line hashes are sorted,
//! and the digest is the SHA-256 of the sorted hashes. That is the same as
//! sorting the lines, but needs 32 bytes per row instead of a copy of each.
//!
//! What decided the payouts without being in them is part of the content
//! too: with `--provider NAME`, the digest is the SHA-256 of
//! `payrun-validated-v1\nprovider-flag=NAME\n` and the payouts digest (hex),
//! so an approval of a sheet read without the flag never covers a run with
//! it, nor the reverse. Without the flag it is the payouts digest itself, as
//! it always was.

use super::types::Payout;
use crate::intake::hex;
use crate::wallet::Provider;
use rayon::prelude::*;
use sha2::{Digest, Sha256};

/// Escapes the separators so two different payouts can never make one line.
fn push_field(out: &mut String, name: &str, value: &str) {
    out.push_str(name);
    out.push('=');
    if value
        .bytes()
        .any(|b| matches!(b, b'\\' | b'\t' | b'\n' | b'\r'))
    {
        for c in value.chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                '\t' => out.push_str("\\t"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                c => out.push(c),
            }
        }
    } else {
        out.push_str(value);
    }
    out.push('\t');
}

/// The fields of one payout's canonical line, borrowed from wherever the
/// payout is (a [`Payout`], or a row being checked).
pub(super) struct LineFields<'a> {
    pub(super) reference: &'a str,
    pub(super) provider: Provider,
    pub(super) wallet: &'a str,
    pub(super) poisha: i64,
    pub(super) name: &'a str,
    pub(super) remark: &'a str,
    pub(super) repeat_ok: bool,
}

impl<'a> From<&'a Payout> for LineFields<'a> {
    fn from(p: &'a Payout) -> LineFields<'a> {
        LineFields {
            reference: p.reference.as_deref().unwrap_or(""),
            provider: p.provider,
            wallet: &p.wallet,
            poisha: p.amount.poisha(),
            name: p.name.as_deref().unwrap_or(""),
            remark: p.remark.as_deref().unwrap_or(""),
            repeat_ok: p.repeat_ok,
        }
    }
}

/// Writes the canonical line of one payout into `s` (cleared first).
fn write_line(s: &mut String, p: &LineFields<'_>) {
    use std::fmt::Write;
    s.clear();
    s.push_str("payrun-payout-v1\t");
    push_field(s, "reference", p.reference);
    push_field(s, "provider", p.provider.key());
    push_field(s, "wallet", p.wallet);
    s.push_str("poisha=");
    let _ = write!(s, "{}", p.poisha);
    s.push('\t');
    push_field(s, "name", p.name);
    push_field(s, "remark", p.remark);
    push_field(s, "repeat", if p.repeat_ok { "1" } else { "0" });
    s.push('\n');
}

#[cfg(test)]
/// The canonical line of one payout, as hashed into the digest. Public so an
/// auditor's tool can recompute the digest.
pub fn canonical_line(p: &Payout) -> String {
    let mut s = String::with_capacity(128);
    write_line(&mut s, &p.into());
    s
}

/// The SHA-256 of one payout's canonical line, written into `line` (a
/// buffer reused across rows, so hashing a row allocates nothing).
pub(super) fn line_hash(line: &mut String, p: &LineFields<'_>) -> [u8; 32] {
    write_line(line, p);
    Sha256::digest(line.as_bytes()).into()
}

/// The order-stable digest of a set of payouts, lower-case hex SHA-256.
pub fn payouts_digest(payouts: &[Payout]) -> String {
    let hashes: Vec<[u8; 32]> = payouts
        .par_iter()
        .map_init(
            || String::with_capacity(160),
            |line, p| line_hash(line, &p.into()),
        )
        .collect();
    digest_of_line_hashes(hashes)
}

/// [`payouts_digest`] from the line hashes of the payouts ([`line_hash`]),
/// in any order: a sheet can be digested while it streams past, keeping 32
/// bytes per row instead of the rows.
pub(super) fn digest_of_line_hashes(mut hashes: Vec<[u8; 32]>) -> String {
    // Sorting by two big-endian halves is the same order as comparing the
    // bytes, without a memcmp call per comparison.
    hashes.par_sort_unstable_by_key(|h| {
        let (a, b) = h.split_at(16);
        (
            u128::from_be_bytes(a.try_into().unwrap_or([0; 16])),
            u128::from_be_bytes(b.try_into().unwrap_or([0; 16])),
        )
    });
    let mut h = Sha256::new();
    h.update(b"payrun-payouts-v1\n");
    h.update((hashes.len() as u64).to_be_bytes());
    for x in &hashes {
        h.update(x);
    }
    hex(&h.finalize())
}

/// The digest of a validated sheet ([`crate::validate::Validated::digest`]):
/// the payouts, and the `--provider` that gave them their provider.
pub fn validated_digest(payouts: &[Payout], provider_flag: Option<Provider>) -> String {
    with_provider_flag(payouts_digest(payouts), provider_flag)
}

/// The validated digest from the payouts digest and the `--provider` flag.
pub(super) fn with_provider_flag(inner: String, provider_flag: Option<Provider>) -> String {
    match provider_flag {
        None => inner,
        Some(p) => {
            let mut h = Sha256::new();
            h.update(b"payrun-validated-v1\n");
            h.update(format!("provider-flag={}\n", p.key()).as_bytes());
            h.update(inner.as_bytes());
            hex(&h.finalize())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Amount;

    fn p(row: usize, wallet: &str, poisha: i64, name: &str) -> Payout {
        Payout {
            row,
            reference: Some(format!("E{row}")),
            name: Some(name.into()),
            wallet: wallet.into(),
            provider: Provider::Bkash,
            amount: Amount::from_poisha(poisha),
            remark: None,
            repeat_ok: false,
        }
    }

    #[test]
    fn order_stable_and_sensitive_to_every_field() {
        let a = vec![p(2, "01712345678", 100, "A"), p(3, "01812345678", 200, "B")];
        let mut b = a.clone();
        b.reverse();
        for (i, x) in b.iter_mut().enumerate() {
            x.row = 10 + i;
        }
        assert_eq!(
            payouts_digest(&a),
            payouts_digest(&b),
            "order and row numbers do not matter"
        );
        let base = payouts_digest(&a);
        let mut changed = a.clone();
        changed[0].name = Some("A.".into());
        assert_ne!(payouts_digest(&changed), base);
        let mut changed = a.clone();
        changed[1].amount = Amount::from_poisha(201);
        assert_ne!(payouts_digest(&changed), base);
        let mut changed = a.clone();
        changed[0].remark = Some("bonus".into());
        assert_ne!(payouts_digest(&changed), base);
        let mut changed = a.clone();
        changed[0].repeat_ok = true;
        assert_ne!(payouts_digest(&changed), base);
        let mut changed = a.clone();
        changed[0].provider = Provider::Nagad;
        assert_ne!(payouts_digest(&changed), base);
        assert_ne!(payouts_digest(&a[..1]), base);
    }

    #[test]
    fn the_provider_flag_is_part_of_the_content() {
        let a = vec![p(2, "01712345678", 100, "A")];
        let plain = validated_digest(&a, None);
        assert_eq!(plain, payouts_digest(&a), "no flag, no change");
        let bkash = validated_digest(&a, Some(Provider::Bkash));
        assert_ne!(bkash, plain);
        assert_ne!(bkash, validated_digest(&a, Some(Provider::Nagad)));
    }

    #[test]
    fn separators_cannot_forge_a_field() {
        let mut x = p(2, "01712345678", 100, "A\tremark=B");
        let mut y = p(2, "01712345678", 100, "A");
        x.remark = None;
        y.remark = Some("B".into());
        assert_ne!(canonical_line(&x), canonical_line(&y));
    }
}
