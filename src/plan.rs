//! The plan: a batch label, and for every valid row its identity and the
//! deterministic tradeNo the gateway will see.
//!
//! The tradeNo is a pure function of (label, identity, revision), so running
//! the same sheet again yields the same tradeNos and the gateway's duplicate
//! check backs up the ledger's. Which revision a row gets is decided by the
//! ledger's history (a corrected row gets the next revision).

use crate::money::Amount;
use crate::validate::Payout;
use crate::wallet::Provider;
use std::collections::HashMap;
use std::fmt;

mod trade_no;
pub use crate::config::TradeNoForm;
#[cfg(test)]
pub use trade_no::legacy_trade_no;
pub use trade_no::{legacy_form, trade_no};

/// Longest label accepted; labels are typed by people and shown in reports.
pub const MAX_LABEL_CHARS: usize = 64;
/// Characters of the label kept at the front of each tradeNo, so that a
/// person reading the gateway's portal can tell batches apart.
const PREFIX_CHARS: usize = 11;

/// Why a plan could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error(
        "batch label {}: {reason}. Use 1 to {MAX_LABEL_CHARS} printable characters, e.g. --batch payroll-2026-11",
        crate::text::quoted(.label)
    )]
    BadLabel { label: String, reason: &'static str },
    #[error(
        "rows {first_row} and {row}: both have reference {}. A reference identifies one payout; give each row its own reference",
        crate::text::quoted(.reference)
    )]
    DuplicateReference {
        reference: String,
        first_row: usize,
        row: usize,
    },
}

/// A batch label as the user typed it after `--batch`. It names a payment run
/// ("payroll-2026-11") and scopes the one-payout-per-row promise.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BatchLabel(String);

impl BatchLabel {
    /// Accepts printable labels only, because the label ends up in file
    /// names, reports and the tradeNo prefix.
    pub fn parse(raw: &str) -> Result<BatchLabel, PlanError> {
        let bad = |reason| PlanError::BadLabel {
            label: raw.to_string(),
            reason,
        };
        if raw.trim().is_empty() {
            return Err(bad("it is empty"));
        }
        if raw.trim() != raw {
            return Err(bad("it starts or ends with a space"));
        }
        if raw.chars().count() > MAX_LABEL_CHARS {
            return Err(bad("it is too long"));
        }
        if raw.chars().any(char::is_control) {
            return Err(bad("it contains a control character"));
        }
        Ok(BatchLabel(raw.to_string()))
    }

    /// The label as the user wrote it, trimmed.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The readable front of every tradeNo of this batch. A label with an
    /// ASCII letter or digit keeps the front it always had (its tradeNos
    /// are in ledgers and at the gateway). Any other (`বেতন নভেম্বর` gave
    /// `payrun`, `বেতন-নভেম্বর` gave `-`) is transliterated (deunicode), so
    /// that a person reading the gateway's portal can tell batches apart.
    fn trade_no_prefix(&self) -> String {
        self.front(PREFIX_CHARS)
    }

    /// [`Self::trade_no_prefix`] kept to `limit` bytes; with no limit, the
    /// whole label as a tradeNo would show it.
    fn front(&self, limit: usize) -> String {
        if self.0.chars().any(|c| c.is_ascii_alphanumeric()) {
            return self.legacy_front(limit);
        }
        let mut out = String::new();
        for c in deunicode::deunicode(&self.0).chars() {
            if out.len() >= limit {
                break;
            }
            if c.is_ascii_alphanumeric() {
                out.push(c);
            } else if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        }
        let out = out.trim_end_matches('-');
        if out.is_empty() {
            "payrun".to_string()
        } else {
            out.to_string()
        }
    }

    /// The front before issue 12, for finding this label's older orders.
    fn legacy_prefix(&self) -> String {
        self.legacy_front(PREFIX_CHARS)
    }

    fn legacy_front(&self, limit: usize) -> String {
        let kept: String = self
            .0
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
            .take(limit)
            .collect();
        if kept.is_empty() {
            "payrun".to_string()
        } else {
            kept
        }
    }

    /// When the front of this label's tradeNos cuts off a digit (the month
    /// of `payroll-2026-12`): the front and what it loses. Labels that
    /// differ only there give tradeNos that look the same on the provider's
    /// portal and statement. The tradeNos stay as they are (a lost ledger
    /// is rebuilt from them); `submit` warns.
    pub fn cut_front(&self) -> Option<(String, String)> {
        let front = self.trade_no_prefix();
        let whole = self.front(usize::MAX);
        let lost = whole.strip_prefix(front.as_str())?;
        lost.chars()
            .any(|c| c.is_ascii_digit())
            .then(|| (front, lost.to_string()))
    }

    /// What `submit` says of a label [`Self::cut_front`] cuts, with a label
    /// that puts its distinguishing part first when one can be made.
    pub fn cut_warning(&self) -> Option<String> {
        let (front, lost) = self.cut_front()?;
        let swapped = self
            .0
            .split_once(['-', '_'])
            .filter(|(head, rest)| !head.is_empty() && !rest.is_empty())
            .map(|(head, rest)| format!("{rest}-{head}"))
            .and_then(|l| BatchLabel::parse(&l).ok())
            .filter(|l| l.cut_front().is_none());
        let example = match swapped {
            Some(l) => format!("e.g. --batch {l}"),
            None => "e.g. --batch 2026-12-payroll".to_string(),
        };
        Some(format!(
            "the batch label {} is cut to {} at the front of every tradeNo (the order number the provider's portal, statement and support desk show), so {} is lost there, and batches whose labels differ only there look the same; each tradeNo is still unique (its hash covers the whole label). To see the batch in the order number, put what tells batches apart within the first {PREFIX_CHARS} characters, {example} (docs/operations.md, \"Choosing batch labels\")",
            crate::text::quoted(&self.0),
            crate::text::quoted(&front),
            crate::text::quoted(&lost),
        ))
    }
}

impl fmt::Display for BatchLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.0)
    }
}

/// What makes a row the same payout across runs and corrected uploads.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Identity {
    /// The sheet's reference (employee id, invoice number).
    Reference(String),
    /// Without a reference: the n-th row (from 0, in sheet order) paying
    /// this amount to this wallet.
    Occurrence {
        provider: Provider,
        wallet: String,
        amount: Amount,
        index: u32,
    },
}

impl Identity {
    /// The stable text stored in the ledger and hashed into the tradeNo.
    /// Never change its format: it would change every tradeNo.
    pub fn key(&self) -> String {
        match self {
            Identity::Reference(r) => format!("ref:{r}"),
            Identity::Occurrence {
                provider,
                wallet,
                amount,
                index,
            } => format!(
                "row:{}:{}:{}:{}",
                provider.key(),
                wallet,
                amount.poisha(),
                index
            ),
        }
    }
}

/// What would be paid, for comparing a row with what the ledger holds.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Content {
    pub provider: Provider,
    pub wallet: String,
    pub amount: Amount,
}

/// One valid row with its identity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedRow {
    pub identity: Identity,
    /// `identity.key()`, computed once.
    pub key: String,
    pub payout: Payout,
}

impl PlannedRow {
    pub fn content(&self) -> Content {
        Content {
            provider: self.payout.provider,
            wallet: self.payout.wallet.clone(),
            amount: self.payout.amount,
        }
    }
}

/// Every valid row of a sheet, identified, under one batch label.
#[derive(Debug, Clone)]
pub struct Plan {
    pub label: BatchLabel,
    /// The form of the tradeNos this plan makes: `label-hash` unless
    /// [`Plan::in_form`] says otherwise (`submit` gives it the setting's,
    /// which must be the one the ledger recorded with the batch).
    pub form: TradeNoForm,
    pub rows: Vec<PlannedRow>,
}

impl Plan {
    /// Identifies every row. Rows must be in sheet order, because the
    /// occurrence index of a reference-less row depends on it.
    pub fn new(label: BatchLabel, payouts: &[Payout]) -> Result<Plan, PlanError> {
        let mut seen_refs: HashMap<&str, usize> = HashMap::new();
        let mut occurrences: HashMap<(Provider, &str, Amount), u32> = HashMap::new();
        let mut rows = Vec::with_capacity(payouts.len());
        for p in payouts {
            let reference = p.reference.as_deref().map(str::trim).unwrap_or("");
            let identity = if reference.is_empty() {
                occurrence(&mut occurrences, p)
            } else {
                if let Some(first_row) = seen_refs.insert(reference, p.row) {
                    return Err(PlanError::DuplicateReference {
                        reference: reference.to_string(),
                        first_row,
                        row: p.row,
                    });
                }
                Identity::Reference(reference.to_string())
            };
            rows.push(PlannedRow {
                key: identity.key(),
                identity,
                payout: p.clone(),
            });
        }
        Ok(Plan {
            label,
            form: TradeNoForm::LabelHash,
            rows,
        })
    }

    /// The same plan making its tradeNos in `form`.
    pub fn in_form(self, form: TradeNoForm) -> Plan {
        Plan { form, ..self }
    }

    /// The tradeNo of revision `revision` of the payout `identity_key`, in
    /// this plan's form.
    pub fn trade_no(&self, identity_key: &str, revision: u32) -> String {
        trade_no(self.form, &self.label, identity_key, revision)
    }

    /// For each row of `keys` identified by its reference, the key of the
    /// identity it would have had without the sheet's reference column: the
    /// n-th row (in sheet order, every row counted) paying this amount to
    /// this wallet. A batch paid from the sheet before the column was added
    /// holds its orders under those keys, and the ledger-loss guard and
    /// `--adopt` ask about them. The other way round (references the sheet
    /// no longer has) cannot be derived. Only the rows of the wanted rows'
    /// (provider, wallet, amount) are counted.
    pub fn keys_without_references<'k>(
        &self,
        keys: impl IntoIterator<Item = &'k str>,
    ) -> HashMap<String, String> {
        let wanted: std::collections::HashSet<&str> = keys.into_iter().collect();
        let asked = |r: &PlannedRow| {
            matches!(r.identity, Identity::Reference(_)) && wanted.contains(r.key.as_str())
        };
        let groups: std::collections::HashSet<(Provider, &str, Amount)> = self
            .rows
            .iter()
            .filter(|r| asked(r))
            .map(|r| (r.payout.provider, r.payout.wallet.as_str(), r.payout.amount))
            .collect();
        let mut counts: HashMap<(Provider, &str, Amount), u32> = HashMap::new();
        let mut out = HashMap::new();
        for r in &self.rows {
            let p = &r.payout;
            if !groups.contains(&(p.provider, p.wallet.as_str(), p.amount)) {
                continue;
            }
            let identity = occurrence(&mut counts, p);
            if asked(r) {
                out.insert(r.key.clone(), identity.key());
            }
        }
        out
    }

    /// The sum of every row, or `None` on overflow.
    pub fn total(&self) -> Option<Amount> {
        Amount::checked_sum(self.rows.iter().map(|r| r.payout.amount))
    }
}

/// The identity of `p` without a reference: the next occurrence of its
/// (provider, wallet, amount) in `counts`, which it advances.
fn occurrence<'p>(
    counts: &mut HashMap<(Provider, &'p str, Amount), u32>,
    p: &'p Payout,
) -> Identity {
    let n = counts
        .entry((p.provider, p.wallet.as_str(), p.amount))
        .or_insert(0);
    let index = *n;
    *n += 1;
    Identity::Occurrence {
        provider: p.provider,
        wallet: p.wallet.clone(),
        amount: p.amount,
        index,
    }
}

#[cfg(test)]
pub(crate) mod tests;
