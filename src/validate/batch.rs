//! Checks across rows: the same wallet twice, the same reference twice, and
//! the control totals the payer expects.

use super::types::{RowIssue, Severity, list_rows, shown_value};
use super::{CheckOptions, Validated};
use crate::fields::Field;
use crate::money::Amount;
use crate::wallet::Provider;
use rayon::prelude::*;
use std::hash::{Hash, Hasher};

mod raw;
use raw::{fill_raw, refused};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Loc {
    Payout(usize),
    Invalid(usize),
}

/// FNV-1a: a fixed, fast hash for grouping. Equal hashes are only a hint;
/// groups are confirmed by comparing the keys themselves, so a collision can
/// never make two different wallets look the same.
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01B3);
        }
    }
}

/// Groups by 16 bytes per row, not by a copy of every key.
fn hash_of<T: Hash + ?Sized>(t: &T) -> u64 {
    let mut h = Fnv(0xCBF2_9CE4_8422_2325);
    t.hash(&mut h);
    h.finish()
}

fn row_of(v: &Validated, loc: Loc) -> usize {
    match loc {
        Loc::Payout(i) => v.payouts.get(i).map_or(0, |p| p.row),
        Loc::Invalid(i) => v.invalid.get(i).map_or(0, |r| r.row),
    }
}

/// Groups `keyed` by hash and then by exact key; returns the groups of two
/// or more, each in sheet order.
fn duplicate_groups<K: Eq>(
    mut keyed: Vec<(u64, Loc)>,
    key: impl Fn(Loc) -> Option<K> + Sync,
) -> Vec<Vec<Loc>> {
    keyed.par_sort_unstable_by_key(|(h, loc)| {
        (
            *h,
            match loc {
                Loc::Payout(i) => (0, *i),
                Loc::Invalid(i) => (1, *i),
            },
        )
    });
    let mut groups = Vec::new();
    for same_hash in keyed.chunk_by(|a, b| a.0 == b.0) {
        if same_hash.len() < 2 {
            continue;
        }
        let mut left: Vec<Loc> = same_hash.iter().map(|(_, l)| *l).collect();
        while let Some(first) = left.first().copied() {
            let k = key(first);
            let (same, rest): (Vec<Loc>, Vec<Loc>) = left.into_iter().partition(|l| key(*l) == k);
            if same.len() > 1 {
                groups.push(same);
            }
            left = rest;
        }
    }
    groups
}

/// The rows of `rows` other than `me`, for a message on row `me`.
fn other_rows(rows: &[usize], me: usize) -> String {
    let others: Vec<usize> = rows.iter().copied().filter(|r| *r != me).collect();
    list_rows(&others)
}

/// Same wallet with the same provider twice is refused unless every repeat
/// is marked intended; the same reference twice is always refused. Every
/// occurrence is flagged, because the user must decide which row is right.
pub(super) fn check_duplicates(v: &mut Validated) {
    let mut flags = wallet_repeats(v);
    let mut repeated: Vec<usize> = flags.iter().map(|(_, i)| i.row).collect();
    repeated.sort_unstable();
    v.repeated_wallets = repeated;
    flags.extend(reference_repeats(v));
    apply_flags(v, flags);
}

/// How a wallet repeated within the sheet is marked intended. The row's
/// message, the verdict and each command's advice name it: such a sheet may
/// be right (two instalments to one person), and the mark is its fix.
pub const MARK_REPEAT: &str =
    "write yes in a \"repeat\" column on each of those rows, or pass --allow-repeat";

/// Of the rows [`check_duplicates`] found repeating a wallet, keeps those
/// refused for that alone, once every check has had its say: the rows
/// whose only fix may be [`MARK_REPEAT`].
pub(super) fn keep_repeat_only(v: &mut Validated) {
    if v.repeated_wallets.is_empty() {
        return;
    }
    let only: Vec<usize> = v
        .invalid
        .iter()
        .filter(|r| v.repeated_wallets.binary_search(&r.row).is_ok())
        .filter(|r| {
            r.issues
                .iter()
                .filter(|i| i.severity == Severity::Error)
                .count()
                == 1
        })
        .map(|r| r.row)
        .collect();
    v.repeated_wallets = only;
}

/// Every row whose wallet (with its provider) another row has too, unless
/// the row marks the repeat intended.
fn wallet_repeats(v: &Validated) -> Vec<(Loc, RowIssue)> {
    let mut flags: Vec<(Loc, RowIssue)> = Vec::new();
    let layout = &v.sheet.layout;
    let wallet_header = layout.columns.get(Field::Wallet).map(|c| layout.header(c));
    let wallet_key = |v: &Validated, loc: Loc| -> Option<(Provider, String)> {
        match loc {
            Loc::Payout(i) => v.payouts.get(i).map(|p| (p.provider, p.wallet.clone())),
            Loc::Invalid(i) => v
                .invalid
                .get(i)
                .and_then(|r| Some((r.provider?, r.wallet.clone()?))),
        }
    };
    let mut keyed: Vec<(u64, Loc)> = v
        .payouts
        .par_iter()
        .enumerate()
        .map(|(i, p)| (hash_of(&(p.provider, p.wallet.as_str())), Loc::Payout(i)))
        .collect();
    keyed.extend(v.invalid.iter().enumerate().filter_map(|(i, r)| {
        Some((
            hash_of(&(r.provider?, r.wallet.as_deref()?)),
            Loc::Invalid(i),
        ))
    }));
    for group in duplicate_groups(keyed, |l| wallet_key(v, l)) {
        let rows: Vec<usize> = group.iter().map(|l| row_of(v, *l)).collect();
        for loc in &group {
            let (repeat_ok, raw, provider, wallet) = match *loc {
                Loc::Payout(i) => match v.payouts.get(i) {
                    // The cell as written is filled in by `fill_raw`.
                    Some(p) => (p.repeat_ok, String::new(), p.provider, p.wallet.clone()),
                    None => continue,
                },
                Loc::Invalid(i) => match v.invalid.get(i) {
                    Some(r) => (
                        r.repeat_ok,
                        r.wallet_raw.clone(),
                        r.provider.unwrap_or(Provider::Bkash),
                        r.wallet.clone().unwrap_or_default(),
                    ),
                    None => continue,
                },
            };
            if repeat_ok {
                continue;
            }
            let me = row_of(v, *loc);
            flags.push((
                *loc,
                RowIssue {
                    row: me,
                    column: wallet_header.clone(),
                    value: (!raw.is_empty()).then_some(raw),
                    severity: Severity::Error,
                    spaces_named: false,
                    message: format!(
                        "is the same {provider} wallet ({wallet}) as {}; paying one wallet twice is refused — if it is intended, {MARK_REPEAT}",
                        other_rows(&rows, me)
                    ),
                },
            ));
        }
    }
    flags
}

/// Every row whose reference another row has too.
fn reference_repeats(v: &Validated) -> Vec<(Loc, RowIssue)> {
    let mut flags: Vec<(Loc, RowIssue)> = Vec::new();
    let layout = &v.sheet.layout;
    let ref_header = layout
        .columns
        .get(Field::Reference)
        .map(|c| layout.header(c));
    let ref_key = |v: &Validated, loc: Loc| -> Option<String> {
        match loc {
            Loc::Payout(i) => v.payouts.get(i).and_then(|p| p.reference.clone()),
            Loc::Invalid(i) => v.invalid.get(i).and_then(|r| r.reference.clone()),
        }
    };
    let mut keyed: Vec<(u64, Loc)> = v
        .payouts
        .par_iter()
        .enumerate()
        .filter_map(|(i, p)| Some((hash_of(p.reference.as_deref()?), Loc::Payout(i))))
        .collect();
    keyed.extend(
        v.invalid
            .iter()
            .enumerate()
            .filter_map(|(i, r)| Some((hash_of(r.reference.as_deref()?), Loc::Invalid(i)))),
    );
    for group in duplicate_groups(keyed, |l| ref_key(v, l)) {
        let rows: Vec<usize> = group.iter().map(|l| row_of(v, *l)).collect();
        for loc in &group {
            let me = row_of(v, *loc);
            let reference = ref_key(v, *loc).unwrap_or_default();
            flags.push((
                *loc,
                RowIssue {
                    row: me,
                    column: ref_header.clone(),
                    value: Some(shown_value(&reference)),
                    severity: Severity::Error,
                    spaces_named: false,
                    message: format!(
                        "is also the reference of {}; each row needs its own reference, or a re-run could not tell the payouts apart",
                        other_rows(&rows, me)
                    ),
                },
            ));
        }
    }
    flags
}

/// Records the batch errors and moves flagged payouts to the invalid rows.
pub(super) fn apply_flags(v: &mut Validated, flags: Vec<(Loc, RowIssue)>) {
    if flags.is_empty() {
        return;
    }
    // Several batch checks may flag rows: keep every one's.
    let mut flagged: Vec<usize> = flags.iter().map(|(_, i)| i.row).collect();
    flagged.append(&mut v.batch_flagged_rows);
    flagged.sort_unstable();
    flagged.dedup();
    v.batch_flagged_rows = flagged;
    let mut moved: Vec<(usize, RowIssue)> = Vec::new();
    let mut new_issues = Vec::with_capacity(flags.len());
    for (loc, issue) in flags {
        match loc {
            Loc::Invalid(i) => {
                if let Some(r) = v.invalid.get_mut(i) {
                    r.issues.push(issue.clone());
                }
            }
            Loc::Payout(i) => {
                if let Some(p) = v.payouts.get(i) {
                    moved.push((p.row, issue.clone()));
                }
            }
        }
        new_issues.push(issue);
    }
    moved.sort_by_key(|(row, _)| *row);
    let moved_rows: Vec<usize> = {
        let mut r: Vec<usize> = moved.iter().map(|(row, _)| *row).collect();
        r.dedup();
        r
    };
    let taken: Vec<_> = v
        .payouts
        .extract_if(.., |p| moved_rows.binary_search(&p.row).is_ok())
        .collect();
    for p in taken {
        // The row's earlier warnings stay with it; `v.issues` is still in
        // row order here, so they are found by binary search.
        let start = v.issues.partition_point(|i| i.row < p.row);
        let mut issues: Vec<RowIssue> = v
            .issues
            .get(start..)
            .unwrap_or(&[])
            .iter()
            .take_while(|i| i.row == p.row)
            .filter(|i| i.severity == Severity::Warning)
            .cloned()
            .collect();
        let first = moved.partition_point(|(row, _)| *row < p.row);
        issues.extend(
            moved
                .get(first..)
                .unwrap_or(&[])
                .iter()
                .take_while(|(row, _)| *row == p.row)
                .map(|(_, i)| i.clone()),
        );
        v.invalid.push(refused(p, issues));
    }
    v.issues.extend(new_issues);
    v.invalid.sort_by_key(|r| r.row);
    if !moved_rows.is_empty() {
        fill_raw(v, &moved_rows);
    }
}

/// `--expect-rows` and `--expect-total`: a mismatch prints both figures.
pub(super) fn check_control_totals(v: &mut Validated, opts: &CheckOptions) {
    if let Some(want) = opts.expect_rows
        && want != v.sheet.data_rows
    {
        v.batch_errors.push(format!(
            "control total: --expect-rows {want}, but the sheet has {} data rows",
            v.sheet.data_rows
        ));
    }
    let total = v.total();
    match (opts.expect_total, total) {
        (_, None) => v
            .batch_errors
            .push("the valid rows add up to more than payrun can count; split the sheet".into()),
        (Some(want), Some(got)) if want != got => {
            let uncounted = if v.invalid.is_empty() {
                String::new()
            } else {
                let inv_sum = Amount::checked_sum(v.invalid.iter().filter_map(|r| r.amount))
                    .unwrap_or(Amount::ZERO);
                format!(
                    " ({} invalid row{} not counted, holding Tk {inv_sum} where readable)",
                    v.invalid.len(),
                    if v.invalid.len() == 1 { "" } else { "s" }
                )
            };
            v.batch_errors.push(format!(
                "control total: --expect-total Tk {want}, but the valid rows add up to Tk {got}{uncounted}"
            ));
        }
        _ => {}
    }
}
