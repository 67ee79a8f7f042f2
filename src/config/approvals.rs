//! The approval policy and the "changes since the last payroll" window, from
//! payrun.toml only: a control that an environment variable or a flag could
//! switch off would not be a control.
//!
//! ```toml
//! require_approval = true
//! approval_signers = "allowed_signers"        # or [approvals] allowed_signers
//! require_signed_approval = true               # or [approvals] require_signed
//! approval_tiers = [ { up_to_taka = 500000, approvers = 1 },
//!                    { up_to_taka = 5000000, approvers = 2 },
//!                    { approvers = 3 } ]        # or [approvals] tiers
//! [approvals]
//! require_prepared_by = true                   # the maker signs too, and may not approve
//! refuse_wallet_changes = true                 # a changed wallet needs an approval listing it
//! [changes]
//! batches = 3                                  # compare with at least the last 3 batches that paid (or may have)
//! days = 45                                    # and every one of the last 45 days
//! amount_change_percent = 20
//! ```

use super::file::{bad, setting};
use super::tiers::tiers;
use super::{Config, ConfigError, FileLayer, Layers, Opt, Setting, Source, file, keys, parse};
use std::path::PathBuf;

/// Which earlier batches `check` and `submit` compare the sheet with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CompareWindow {
    /// At least this many of the most recent batches that paid (or may have)...
    pub batches: u32,
    /// ...and every such batch created within this many days.
    pub days: u32,
    /// Amounts moving by more than this percent are listed.
    pub amount_percent: u32,
}

impl Default for CompareWindow {
    fn default() -> Self {
        CompareWindow {
            batches: 3,
            days: 45,
            amount_percent: 20,
        }
    }
}

/// Everything the file says about approvals and changes.
#[derive(Debug, Clone, Default)]
pub struct ApprovalSettings {
    pub signers: Opt<PathBuf>,
    pub require_signed: Opt<bool>,
    pub require_prepared: Opt<bool>,
    pub refuse_wallet_changes: Opt<bool>,
    pub tiers: Opt<Vec<super::ApprovalTier>>,
    pub compare_batches: Opt<u32>,
    pub compare_days: Opt<u32>,
    pub amount_percent: Opt<u32>,
}

/// The keys of `[approvals]` and `[changes]`.
pub const APPROVALS_KEYS: [&str; 5] = [
    "allowed_signers",
    "require_signed",
    "require_prepared_by",
    "refuse_wallet_changes",
    "tiers",
];
pub const CHANGES_KEYS: [&str; 3] = ["batches", "days", "amount_change_percent"];

/// Sets `slot` once: the same setting at the top and in `[approvals]` is
/// refused rather than one silently winning.
fn once<T>(slot: &mut Opt<T>, s: Setting<T>, name: &str, other: &str) -> Result<(), ConfigError> {
    if let Some(prev) = slot {
        return Err(ConfigError::Value {
            key: name.to_string(),
            value: String::new(),
            from: s.source,
            reason: format!(
                "is also set as {other} ({}); set it in one place only",
                prev.source
            ),
        });
    }
    *slot = Some(s);
    Ok(())
}

pub(super) fn read(l: &Layers<'_>, c: &mut Config) -> Result<(), ConfigError> {
    let a = &mut c.approvals;
    a.signers = l.path(&keys::APPROVAL_SIGNERS)?;
    a.require_signed = l.get(&keys::REQUIRE_SIGNED_APPROVAL)?;
    let Some(f) = l.file else {
        return Ok(());
    };
    if let Some((v, place)) = f.get(keys::APPROVAL_TIERS) {
        a.tiers = Some(setting(tiers(keys::APPROVAL_TIERS, v, &place)?, &place));
    }
    read_approvals_table(f, a)?;
    read_changes_table(f, a)?;
    check(c)
}

fn read_approvals_table(f: &FileLayer, a: &mut ApprovalSettings) -> Result<(), ConfigError> {
    for (k, v, place) in f.table(keys::APPROVALS)? {
        let name = format!("{}.{k}", keys::APPROVALS);
        let text = || file::scalar_text(&v).unwrap_or_else(|| v.to_string());
        let boolean = || parse::boolean(&text()).map_err(|r| bad(&name, &text(), &place, r));
        match k.as_str() {
            "allowed_signers" => {
                let mut p = PathBuf::from(
                    parse::text(&text()).map_err(|r| bad(&name, &text(), &place, r))?,
                );
                if p.is_relative()
                    && let Some(dir) = place.path.parent()
                {
                    p = dir.join(p);
                }
                once(
                    &mut a.signers,
                    setting(p, &place),
                    &name,
                    keys::APPROVAL_SIGNERS.meta.name,
                )?;
            }
            "require_signed" => once(
                &mut a.require_signed,
                setting(boolean()?, &place),
                &name,
                keys::REQUIRE_SIGNED_APPROVAL.meta.name,
            )?,
            "require_prepared_by" => a.require_prepared = Some(setting(boolean()?, &place)),
            "refuse_wallet_changes" => a.refuse_wallet_changes = Some(setting(boolean()?, &place)),
            "tiers" => {
                let t = tiers(&name, &v, &place)?;
                once(
                    &mut a.tiers,
                    setting(t, &place),
                    &name,
                    keys::APPROVAL_TIERS,
                )?;
            }
            _ => {
                return Err(bad(
                    &name,
                    &text(),
                    &place,
                    format!(
                        "unknown key; [approvals] knows {}",
                        APPROVALS_KEYS.join(", ")
                    ),
                ));
            }
        }
    }
    Ok(())
}

fn read_changes_table(f: &FileLayer, a: &mut ApprovalSettings) -> Result<(), ConfigError> {
    for (k, v, place) in f.table(keys::CHANGES)? {
        let name = format!("{}.{k}", keys::CHANGES);
        let text = file::scalar_text(&v).unwrap_or_else(|| v.to_string());
        let (min, max, slot) = match k.as_str() {
            "batches" => (0, 1000, &mut a.compare_batches),
            "days" => (0, 3650, &mut a.compare_days),
            "amount_change_percent" => (1, 1000, &mut a.amount_percent),
            _ => {
                return Err(bad(
                    &name,
                    &text,
                    &place,
                    format!("unknown key; [changes] knows {}", CHANGES_KEYS.join(", ")),
                ));
            }
        };
        let n = parse::count(min, max)(&text).map_err(|r| bad(&name, &text, &place, r))?;
        *slot = Some(setting(n, &place));
    }
    Ok(())
}

/// Settings that contradict each other.
fn check(c: &Config) -> Result<(), ConfigError> {
    let a = &c.approvals;
    if let (Some(t), Some(th)) = (&a.tiers, &c.approval_threshold) {
        return Err(ConfigError::Value {
            key: keys::APPROVAL_TIERS.to_string(),
            value: String::new(),
            from: t.source.clone(),
            reason: format!(
                "and approval_threshold_taka ({}) both set the number of approvers; keep the tiers only",
                th.source
            ),
        });
    }
    let wants_signed = a.require_signed.as_ref().is_some_and(|s| s.value)
        || a.require_prepared.as_ref().is_some_and(|s| s.value);
    if wants_signed && a.signers.is_none() {
        let s = a.require_signed.as_ref().or(a.require_prepared.as_ref());
        return Err(ConfigError::Value {
            key: "require_signed_approval".into(),
            value: "true".into(),
            from: s.map_or(Source::Flag("(file)"), |s| s.source.clone()),
            reason: "signed approvals need an allowed-signers file: set approval_signers = \"allowed_signers\" (see docs/operations.md)".into(),
        });
    }
    Ok(())
}

/// Rows for `config show`.
pub(super) fn show_rows(c: &Config) -> Vec<[String; 3]> {
    let a = &c.approvals;
    let window = CompareWindow::default();
    fn row(k: &str, v: Option<(String, &Source)>, default: &str) -> [String; 3] {
        match v {
            Some((v, s)) => [k.to_string(), v, s.to_string()],
            None => [k.to_string(), default.to_string(), "default".to_string()],
        }
    }
    fn set<T: ToString>(s: &Opt<T>) -> Option<(String, &Source)> {
        s.as_ref().map(|s| (s.value.to_string(), &s.source))
    }
    let tiers = a.tiers.as_ref().map(|s| {
        let t: Vec<String> = s
            .value
            .iter()
            .map(|t| match t.up_to {
                Some(u) => format!("up to Tk {u}: {}", t.approvers),
                None => format!("above: {}", t.approvers),
            })
            .collect();
        (t.join("; "), &s.source)
    });
    vec![
        row(
            "approvals.allowed_signers",
            a.signers
                .as_ref()
                .map(|s| (s.value.display().to_string(), &s.source)),
            "(none: unsigned --by NAME approvals)",
        ),
        row("approvals.require_signed", set(&a.require_signed), "false"),
        row(
            "approvals.require_prepared_by",
            set(&a.require_prepared),
            "false",
        ),
        row(
            "approvals.refuse_wallet_changes",
            set(&a.refuse_wallet_changes),
            "false",
        ),
        row(
            "approvals.tiers",
            tiers,
            "1 approver (2 above approval_threshold_taka)",
        ),
        row(
            "changes.batches",
            set(&a.compare_batches),
            &window.batches.to_string(),
        ),
        row(
            "changes.days",
            set(&a.compare_days),
            &window.days.to_string(),
        ),
        row(
            "changes.amount_change_percent",
            set(&a.amount_percent),
            &window.amount_percent.to_string(),
        ),
    ]
}

#[cfg(test)]
#[path = "approvals_tests.rs"]
mod tests;
