//! What single rows cannot settle, read over the whole statement: which
//! sign means money out in a file with one amount column, and whether a
//! "reversed" line is the reversal itself or the original debit marked
//! reversed; then each line's [`Effect`].

use super::lines::{Dir, Prelim};
use super::money::Sign;
use super::words::{LineKind, LineStatus};
use super::{Effect, Line};
use crate::money::Amount;
use std::collections::HashSet;

/// Settles what single rows cannot: which sign means money out in a file
/// with one amount column, and whether a "reversed" line is the reversal
/// itself or the original debit marked reversed.
pub(super) fn resolve(prelims: Vec<Prelim>, notes: &mut Vec<String>) -> Vec<Line> {
    let open = |p: &Prelim| p.dir.is_none() && p.money.is_some();
    let typed_in = |k: LineKind| matches!(k, LineKind::Reversal | LineKind::Deposit);
    let payout_like = |p: &&Prelim| open(p) && !typed_in(p.kind) && p.kind != LineKind::Fee;
    let minus = prelims
        .iter()
        .filter(payout_like)
        .filter(|p| p.money.is_some_and(|m| m.sign == Sign::Minus))
        .count();
    let other = prelims.iter().filter(payout_like).count() - minus;
    let any_minus = prelims
        .iter()
        .any(|p| open(p) && p.money.is_some_and(|m| m.sign == Sign::Minus));
    let any_other = prelims
        .iter()
        .any(|p| open(p) && p.money.is_some_and(|m| m.sign != Sign::Minus));
    let mixed = any_minus && any_other;
    // In a file with both signs, the sign most payout lines carry is "out".
    let minus_is_out = minus >= other;
    if mixed {
        notes.push(format!(
            "amounts carry both signs: {} is money out ({minus} payout lines negative, {other} not)",
            if minus_is_out { "negative" } else { "positive" }
        ));
    }
    let mut lines: Vec<(Line, Option<Dir>, Option<LineStatus>, LineKind)> = prelims
        .into_iter()
        .map(|p| {
            let dir = p.dir.or_else(|| {
                let m = p.money?;
                Some(if mixed {
                    if (m.sign == Sign::Minus) == minus_is_out {
                        Dir::Out
                    } else {
                        Dir::In
                    }
                } else if typed_in(p.kind) {
                    Dir::In
                } else {
                    Dir::Out
                })
            });
            (p.line, dir, p.status, p.kind)
        })
        .collect();
    // References with a plain completed debit: a "reversed" debit-side line
    // beside one is the reversal, not the original marked reversed.
    let debited: HashSet<String> = lines
        .iter()
        .filter(|(_, d, s, k)| {
            *d == Some(Dir::Out)
                && s.is_none_or(|s| s == LineStatus::Completed)
                && *k == LineKind::Payout
        })
        .flat_map(|(l, ..)| refs(l))
        .collect();
    for (line, dir, status, kind) in &mut lines {
        line.effect = effect(line, *dir, *status, *kind, &debited);
    }
    lines.into_iter().map(|(l, ..)| l).collect()
}

fn refs(l: &Line) -> Vec<String> {
    let mut v = Vec::new();
    if let Some(t) = &l.trade_no {
        v.push(format!("t:{t}"));
    }
    if let Some(p) = &l.platform_trade_no {
        v.push(format!("p:{p}"));
    }
    v
}

fn effect(
    line: &Line,
    dir: Option<Dir>,
    status: Option<LineStatus>,
    kind: LineKind,
    debited: &HashSet<String>,
) -> Effect {
    if kind == LineKind::Fee {
        return Effect::Fee;
    }
    match status {
        Some(LineStatus::Failed) => return Effect::Failed,
        Some(LineStatus::Pending) => return Effect::Pending,
        _ => {}
    }
    match dir {
        Some(Dir::In) => Effect::Credit,
        Some(Dir::Out) if status == Some(LineStatus::Reversed) || kind == LineKind::Reversal => {
            if refs(line).iter().any(|r| debited.contains(r)) {
                Effect::Credit
            } else {
                Effect::DebitReversed
            }
        }
        Some(Dir::Out) => Effect::Debit,
        None if line.fee > Amount::ZERO => Effect::Fee,
        None => Effect::NoMoney,
    }
}
