//! The match's control equations, each stated to the poisha with BALANCED
//! or the difference:
//!
//! 1. valid rows requested = paid + unpaid (the ledger against itself);
//! 2. ledger paid = matched statement debits (the ledger against the statement);
//! 3. statement debits = matched + unexplained (every debit accounted for);
//!
//! and the fees and credits the statement shows, on their own lines.
//!
//! The left side of 1 is the ledger's own SQL sum of the rows it pays (the
//! batch report's "valid rows requested"; the report's "taka requested in
//! sheet" adds the invalid rows, which no statement can hold), and the left side of 3 is summed over the
//! lines read, not over the findings, so that anything lost between the two
//! shows up as a difference.

use super::classify::{Class, Finding, LedgerSide, LineFacts, PayoutFacts};
use crate::money::Amount;
use crate::statement::Effect;
use crate::text::VALID_ROWS_REQUESTED;
use serde::{Deserialize, Serialize};

/// One equation: its two sides and whether they agree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Equation {
    /// What it says, e.g. `ledger paid = matched statement debits`.
    pub name: String,
    pub left_label: String,
    #[serde(rename = "left_poisha", with = "crate::money::serde_poisha")]
    pub left: Amount,
    /// The terms of the right side, in order.
    pub right: Vec<Term>,
    #[serde(rename = "difference_poisha", with = "crate::money::serde_poisha")]
    pub difference: Amount,
    pub balanced: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Term {
    pub label: String,
    #[serde(rename = "amount_poisha", with = "crate::money::serde_poisha")]
    pub amount: Amount,
}

impl Equation {
    fn new(name: &str, left_label: &str, left: Amount, right: Vec<(&str, Amount)>) -> Equation {
        let sum = right
            .iter()
            .try_fold(Amount::ZERO, |s, (_, a)| s.checked_add(*a));
        let difference = sum
            .and_then(|s| left.checked_sub(s))
            .unwrap_or(Amount::from_poisha(i64::MAX));
        Equation {
            name: name.to_string(),
            left_label: left_label.to_string(),
            left,
            right: right
                .into_iter()
                .map(|(label, amount)| Term {
                    label: label.to_string(),
                    amount,
                })
                .collect(),
            difference,
            balanced: difference == Amount::ZERO,
        }
    }

    /// `ledger paid 1,500.00 = matched 1,000.00 : NOT BALANCED, difference 500.00`.
    pub fn text(&self) -> String {
        let right: Vec<String> = self
            .right
            .iter()
            .map(|t| format!("{} {}", t.label, t.amount))
            .collect();
        format!(
            "{} {} = {} : {}",
            self.left_label,
            self.left,
            right.join(" + "),
            self.verdict()
        )
    }

    pub fn verdict(&self) -> String {
        if self.balanced {
            "BALANCED".to_string()
        } else {
            format!("NOT BALANCED, difference Tk {}", self.difference)
        }
    }
}

/// Every equation and the lines beside them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Equations {
    pub equations: Vec<Equation>,
    /// Fees the statement shows (fee columns and fee lines).
    #[serde(rename = "fees_poisha", with = "crate::money::serde_poisha")]
    pub fees: Amount,
    /// Money credited back (reversals, refunds, deposits).
    #[serde(rename = "credits_poisha", with = "crate::money::serde_poisha")]
    pub credits: Amount,
}

impl Equations {
    pub fn balanced(&self) -> bool {
        self.equations.iter().all(|e| e.balanced)
    }
}

fn total(it: impl IntoIterator<Item = Amount>) -> Amount {
    Amount::checked_sum(it).unwrap_or(Amount::from_poisha(i64::MAX))
}

/// The equations of a match. `requested` is the ledger's SQL sum of the
/// batches' sheets.
pub fn equations(
    requested: Amount,
    payouts: &[PayoutFacts],
    lines: &[LineFacts],
    findings: &[Finding],
) -> Equations {
    let paid = total(
        payouts
            .iter()
            .filter(|p| p.side == LedgerSide::Paid)
            .map(|p| p.amount),
    );
    let unpaid = total(
        payouts
            .iter()
            .filter(|p| !matches!(p.side, LedgerSide::Paid | LedgerSide::Replaced))
            .map(|p| p.amount),
    );
    let matched_net = total(
        findings
            .iter()
            .filter(|f| f.class == Class::Matched)
            .map(|f| f.net),
    );
    let is_debit = |l: &LineFacts| matches!(l.effect, Effect::Debit | Effect::DebitReversed);
    let statement_debits = total(lines.iter().filter(|l| is_debit(l)).map(|l| l.amount));
    let debits_of = |want: bool| {
        total(
            findings
                .iter()
                .filter(|f| (f.class == Class::Matched) == want)
                .map(|f| f.debited),
        )
    };
    let credits = total(findings.iter().map(|f| f.credited));
    let fees = total(findings.iter().map(|f| f.fees));
    Equations {
        equations: vec![
            Equation::new(
                &format!("{VALID_ROWS_REQUESTED} = paid + unpaid"),
                VALID_ROWS_REQUESTED,
                requested,
                vec![("paid", paid), ("unpaid", unpaid)],
            ),
            Equation::new(
                "ledger paid = matched statement debits",
                "ledger paid",
                paid,
                vec![("matched statement debits", matched_net)],
            ),
            Equation::new(
                "statement debits = matched + unexplained",
                "statement debits",
                statement_debits,
                vec![
                    ("matched", debits_of(true)),
                    ("unexplained", debits_of(false)),
                ],
            ),
        ],
        fees,
        credits,
    }
}
