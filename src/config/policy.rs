//! The approval policy as commands use it, resolved from the settings
//! `config::approvals` reads.

use super::{ApprovalTier, CompareWindow, Config, Opt};
use crate::money::Amount;
use std::path::PathBuf;

/// Maker-checker: whether `submit` needs recorded approvals of the sheet's
/// digest, how many distinct principals by batch total, and whether they
/// must be signed (see docs/operations.md).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApprovalPolicy {
    pub required: bool,
    /// Ascending; the last has no limit. Empty: one approver.
    pub tiers: Vec<ApprovalTier>,
    /// The allowed-signers file; `None`: unsigned `--by NAME` approvals.
    pub signers: Option<PathBuf>,
    pub require_signed: bool,
    /// A `prepare` signature is required, and its principal may not approve.
    pub require_prepared: bool,
    /// A changed wallet needs an approval whose statement lists it.
    pub refuse_wallet_changes: bool,
    /// `approval_window`: how far back other labels' batches count toward
    /// this one's tier (see `approval::policy`); `None`: each batch alone.
    /// Filled in by [`Config::resolved`], so [`Config::approval_policy`]
    /// and `Default` leave it off.
    pub window: Option<std::time::Duration>,
    /// `approval_max_age`: an approval older than this (by the ledger's
    /// record or its statement's date) does not count for sending; `None`
    /// (a library default no command resolved): no limit. Filled in by
    /// [`Config::resolved`].
    pub max_age: Option<std::time::Duration>,
}

impl ApprovalPolicy {
    /// The tier for a batch of `total`, and how many distinct approvers it needs.
    pub fn needed(&self, total: Amount) -> (usize, Option<ApprovalTier>) {
        let tier = self
            .tiers
            .iter()
            .find(|t| t.up_to.is_none_or(|u| total <= u))
            .copied();
        (tier.map_or(1, |t| t.approvers as usize), tier)
    }

    /// The limit a batch of `total` is above: the top of the tier below its
    /// own; `None` in the first tier (or without tiers).
    pub fn above(&self, total: Amount) -> Option<Amount> {
        let i = self
            .tiers
            .iter()
            .position(|t| t.up_to.is_none_or(|u| total <= u))?;
        i.checked_sub(1)
            .and_then(|p| self.tiers.get(p))
            .and_then(|t| t.up_to)
    }

    /// The tier of a batch of `total` in words: `batches above Tk 5,00,000.00
    /// and up to Tk 50,00,000.00`; empty without tiers.
    pub fn tier_words(&self, total: Amount) -> String {
        let Some(i) = self
            .tiers
            .iter()
            .position(|t| t.up_to.is_none_or(|u| total <= u))
        else {
            return String::new();
        };
        let above = self.above(total);
        match (above, self.tiers.get(i).and_then(|t| t.up_to)) {
            (None, Some(u)) => format!("batches up to Tk {u}"),
            (Some(a), Some(u)) => format!("batches above Tk {a} and up to Tk {u}"),
            (Some(a), None) => format!("batches above Tk {a}"),
            (None, None) => "every batch".to_string(),
        }
    }
}

impl Config {
    /// The approval rule. `approval_threshold_taka` is the old two-tier
    /// form of `approval_tiers`.
    pub fn approval_policy(&self) -> ApprovalPolicy {
        let a = &self.approvals;
        let on = |s: &Opt<bool>| s.as_ref().is_some_and(|s| s.value);
        let tiers = match (&a.tiers, self.approval_threshold()) {
            (Some(t), _) => t.value.clone(),
            (None, Some(limit)) => vec![
                ApprovalTier {
                    up_to: Some(limit),
                    approvers: 1,
                },
                ApprovalTier {
                    up_to: None,
                    approvers: 2,
                },
            ],
            (None, None) => Vec::new(),
        };
        let require_signed = on(&a.require_signed);
        let require_prepared = on(&a.require_prepared);
        ApprovalPolicy {
            required: self.requires_approval() || require_signed || require_prepared,
            tiers,
            signers: a.signers.as_ref().map(|s| s.value.clone()),
            require_signed,
            require_prepared,
            refuse_wallet_changes: on(&a.refuse_wallet_changes),
            window: None,
            max_age: None,
        }
    }

    /// Which earlier batches `check` and `submit` compare a sheet with.
    pub fn compare_window(&self) -> CompareWindow {
        let a = &self.approvals;
        let d = CompareWindow::default();
        CompareWindow {
            batches: a.compare_batches.as_ref().map_or(d.batches, |s| s.value),
            days: a.compare_days.as_ref().map_or(d.days, |s| s.value),
            amount_percent: a
                .amount_percent
                .as_ref()
                .map_or(d.amount_percent, |s| s.value),
        }
    }
}
