//! The three-way match's one rule: every payout in scope and every
//! statement line ends in exactly one [`Class`]. Pure: facts in, findings
//! out, no I/O, so the whole rule is table-tested in `classify_tests.rs`.
//!
//! A line belongs to a payout by tradeNo first, then by the platform's order
//! number. A payout's lines are weighed together: debits, reversals and
//! refunds (credits), fees, and failed or pending lines. The statement's
//! net for the order (debits less credits, less a fee the debit includes)
//! is compared with what the ledger says happened.

pub use super::class::Class;
use crate::money::Amount;
use crate::statement::Effect;
use crate::text::quoted;
use std::collections::HashMap;

// The rule table; this file finds each payout's lines and sums them.
#[path = "classify_rules.rs"]
mod rules;
use rules::{Weighed, decide};

/// What the ledger says about a payout, as far as money is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LedgerSide {
    /// Paid: a debit is expected.
    Paid,
    /// Failed: no money moved, and `--retry-failed` may send it again.
    Failed,
    /// Never sent (planned): the next `submit` sends it.
    NotSent,
    /// Processing or unknown: not final, `reconcile` settles it.
    Pending,
    /// A revision replaced by a corrected upload (superseded): no money
    /// should have moved on it. It is a row only when the statement names
    /// it; a debit on it may mean the person was paid twice.
    Replaced,
}

/// A payout in scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayoutFacts {
    pub trade_no: String,
    pub platform_no: Option<String>,
    pub amount: Amount,
    pub side: LedgerSide,
}

/// A statement line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineFacts {
    pub trade_no: Option<String>,
    pub platform_no: Option<String>,
    pub effect: Effect,
    pub amount: Amount,
    pub fee: Amount,
}

/// What the ledger must remember about a payout after the match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    /// Money came back after "paid": an event, and a conflict.
    Reversal,
    /// The statement contradicts a final status (or a never-sent payout):
    /// a conflict, so that nothing resends it before a person looks.
    Conflict,
}

/// One row of the match: a payout with its lines, or a line on its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub class: Class,
    /// Index into the payouts given.
    pub payout: Option<usize>,
    /// Indexes into the lines given, in statement order.
    pub lines: Vec<usize>,
    /// The batch a line's order belongs to, when it is another batch's.
    pub other_batch: Option<String>,
    pub flag: Option<Flag>,
    /// Debit figures of the lines, as the statement states them.
    pub debited: Amount,
    /// Reversals and refunds credited back for this order.
    pub credited: Amount,
    /// Fees: fee columns and fee lines.
    pub fees: Amount,
    /// Debits less credits less a fee the debit includes: the money the
    /// statement says went to this order.
    pub net: Amount,
    /// What is wrong (or right), in a sentence.
    pub detail: String,
    /// What a person does next.
    pub next_step: String,
}

/// Payouts of other batches in the same ledger, by tradeNo and by
/// platform number, with their batch labels.
#[derive(Debug, Clone, Default)]
pub struct Elsewhere {
    pub by_trade_no: HashMap<String, String>,
    pub by_platform_no: HashMap<String, String>,
}

/// Classifies every payout and every line. Findings come discrepancies
/// first (in [`Class::ALL`] order), then in payout and line order.
pub fn classify(
    payouts: &[PayoutFacts],
    lines: &[LineFacts],
    elsewhere: &Elsewhere,
) -> Vec<Finding> {
    let mut by_trade: HashMap<&str, usize> = HashMap::new();
    let mut by_platform: HashMap<&str, usize> = HashMap::new();
    for (i, p) in payouts.iter().enumerate() {
        by_trade.entry(p.trade_no.as_str()).or_insert(i);
        if let Some(pl) = p.platform_no.as_deref().filter(|s| !s.is_empty()) {
            by_platform.entry(pl).or_insert(i);
        }
    }
    let mut attached: Vec<Vec<usize>> = vec![Vec::new(); payouts.len()];
    let mut findings = Vec::new();
    for (li, l) in lines.iter().enumerate() {
        let t = l.trade_no.as_deref();
        let p = l.platform_no.as_deref();
        if let Some(i) = t.and_then(|t| by_trade.get(t)) {
            attached[*i].push(li);
        } else if let Some(label) = t.and_then(|t| elsewhere.by_trade_no.get(t)) {
            findings.push(loose(li, l, Some(label.clone())));
        } else if let Some(i) = p.and_then(|p| by_platform.get(p)) {
            attached[*i].push(li);
        } else if let Some(label) = p.and_then(|p| elsewhere.by_platform_no.get(p)) {
            findings.push(loose(li, l, Some(label.clone())));
        } else {
            findings.push(loose(li, l, None));
        }
    }
    for (pi, (p, ls)) in payouts.iter().zip(attached).enumerate() {
        if p.side == LedgerSide::Replaced && ls.is_empty() {
            continue;
        }
        findings.push(weigh(pi, p, ls, lines));
    }
    findings.sort_by_key(|f| {
        (
            f.class,
            f.payout.is_none(),
            f.payout.unwrap_or(0),
            f.lines.first().copied().unwrap_or(0),
        )
    });
    findings
}

/// A line that belongs to no payout in scope.
fn loose(li: usize, l: &LineFacts, other_batch: Option<String>) -> Finding {
    let mut f = Finding {
        class: Class::NotOurs,
        payout: None,
        lines: vec![li],
        other_batch: other_batch.clone(),
        flag: None,
        debited: Amount::ZERO,
        credited: Amount::ZERO,
        fees: Amount::ZERO,
        net: Amount::ZERO,
        detail: String::new(),
        next_step: String::new(),
    };
    let (d, c, fee) = sums(std::slice::from_ref(l));
    (f.debited, f.credited, f.fees) = (d, c, fee);
    f.net = d.checked_sub(c).unwrap_or(d);
    let what = match l.effect {
        Effect::Debit => format!("debit of Tk {}", l.amount),
        Effect::DebitReversed => format!("debit of Tk {}, reversed", l.amount),
        Effect::Credit => format!("credit of Tk {}", l.amount),
        Effect::Fee => format!(
            "fee of Tk {}",
            l.amount.checked_add(l.fee).unwrap_or(l.amount)
        ),
        Effect::Failed => "failed order (no money moved)".to_string(),
        Effect::Pending => "pending order".to_string(),
        Effect::NoMoney => "line without an amount".to_string(),
    };
    match other_batch {
        Some(label) => {
            f.detail = format!(
                "{what} for a payout of batch {}, not this one",
                quoted(&label)
            );
            // `run::advise_together` names this match's batches too.
            f.next_step = format!(
                "match batch {} together with this one: give --batch once per batch",
                quoted(&label)
            );
        }
        None if l.trade_no.is_none() && l.platform_no.is_none() => {
            f.detail = format!("{what} without any order number");
            f.next_step = "ask the provider what this line is".to_string();
        }
        None => {
            f.detail = format!("{what} for an order payrun never sent from this ledger");
            f.next_step =
                "find who made this payout (another tool, a manual payment, a duplicate); if unknown, dispute it with the provider"
                    .to_string();
        }
    }
    f
}

/// (debits as stated, credits, fees) of some lines.
fn sums(lines: &[LineFacts]) -> (Amount, Amount, Amount) {
    let add = |a: Amount, b: Amount| a.checked_add(b).unwrap_or(a);
    let (mut d, mut c, mut fee) = (Amount::ZERO, Amount::ZERO, Amount::ZERO);
    for l in lines {
        fee = add(fee, l.fee);
        match l.effect {
            Effect::Debit => d = add(d, l.amount),
            Effect::DebitReversed => {
                d = add(d, l.amount);
                c = add(c, l.amount);
            }
            Effect::Credit => c = add(c, l.amount),
            Effect::Fee => fee = add(fee, l.amount),
            Effect::Failed | Effect::Pending | Effect::NoMoney => {}
        }
    }
    (d, c, fee)
}

/// Weighs a payout's lines against what the ledger says.
fn weigh(pi: usize, p: &PayoutFacts, ls: Vec<usize>, lines: &[LineFacts]) -> Finding {
    let mine: Vec<LineFacts> = ls.iter().filter_map(|i| lines.get(*i).cloned()).collect();
    let (debited, credited, fees) = sums(&mine);
    // A debit of the amount plus that line's own fee includes the fee.
    let included: Amount = mine
        .iter()
        .filter(|l| matches!(l.effect, Effect::Debit | Effect::DebitReversed))
        .filter(|l| l.fee > Amount::ZERO && p.amount.checked_add(l.fee) == Some(l.amount))
        .fold(Amount::ZERO, |a, l| a.checked_add(l.fee).unwrap_or(a));
    let net = debited
        .checked_sub(included)
        .and_then(|n| n.checked_sub(credited))
        .unwrap_or(Amount::ZERO);
    let debits = mine
        .iter()
        .filter(|l| matches!(l.effect, Effect::Debit | Effect::DebitReversed))
        .count();
    let credits = mine
        .iter()
        .filter(|l| matches!(l.effect, Effect::Credit | Effect::DebitReversed))
        .count();
    let has = |e: Effect| mine.iter().any(|l| l.effect == e);
    let outcome = decide(&Weighed {
        side: p.side,
        amount: p.amount,
        net,
        debits,
        standing: debits.saturating_sub(credits),
        failed_line: has(Effect::Failed),
        pending_line: has(Effect::Pending),
    });
    Finding {
        class: outcome.class,
        payout: Some(pi),
        lines: ls,
        other_batch: None,
        flag: outcome.flag,
        debited,
        credited,
        fees,
        net,
        detail: outcome.detail,
        next_step: outcome.next_step,
    }
}

#[cfg(test)]
#[path = "classify_tests.rs"]
mod tests;
