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
//! batches = 3                                  # compare with at least the last 3 paid batches
//! days = 45                                    # and every one of the last 45 days
//! amount_change_percent = 20
//! ```

use super::{
    Config, ConfigError, FileLayer, Layers, Opt, Place, Setting, Source, file, keys, parse,
};
use crate::money::Amount;
use std::path::PathBuf;
use toml::Value;

/// One tier: batches whose total is up to `up_to` (inclusive; `None` for
/// any total) need `approvers` distinct principals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApprovalTier {
    pub up_to: Option<Amount>,
    pub approvers: u32,
}

/// Which earlier batches `check` and `submit` compare the sheet with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CompareWindow {
    /// At least this many of the most recent paid batches...
    pub batches: u32,
    /// ...and every paid batch created within this many days.
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
    pub tiers: Opt<Vec<ApprovalTier>>,
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

fn bad(name: &str, value: &str, place: &Place, reason: impl Into<String>) -> ConfigError {
    ConfigError::Value {
        key: name.to_string(),
        value: value.to_string(),
        from: Source::File(place.clone()),
        reason: reason.into(),
    }
}

fn setting<T>(value: T, place: &Place) -> Setting<T> {
    Setting {
        value,
        source: Source::File(place.clone()),
    }
}

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

/// `[ { up_to_taka = 500000, approvers = 1 }, ..., { approvers = 3 } ]`:
/// ascending, the last without `up_to_taka` so every total has a tier.
fn tiers(name: &str, v: &Value, place: &Place) -> Result<Vec<ApprovalTier>, ConfigError> {
    let Value::Array(items) = v else {
        return Err(bad(
            name,
            &v.to_string(),
            place,
            format!("must be a list of tiers; {TIERS_EXAMPLE}"),
        ));
    };
    let mut out: Vec<ApprovalTier> = Vec::new();
    for item in items {
        let shown = item.to_string();
        let tier = tier(name, item, place)?;
        if let Some(prev) = out.last() {
            match (prev.up_to, tier.up_to) {
                (None, _) => {
                    return Err(bad(
                        name,
                        &shown,
                        place,
                        "only the last tier may leave out up_to_taka",
                    ));
                }
                (Some(a), Some(b)) if b <= a => {
                    return Err(bad(
                        name,
                        &shown,
                        place,
                        "tiers must go up: each up_to_taka above the one before",
                    ));
                }
                _ => {}
            }
        }
        out.push(tier);
    }
    match out.last() {
        None => Err(bad(
            name,
            "[]",
            place,
            format!("has no tier; {TIERS_EXAMPLE}"),
        )),
        Some(t) if t.up_to.is_some() => Err(bad(
            name,
            &v.to_string(),
            place,
            format!(
                "the last tier must leave out up_to_taka, so a batch above every limit still has a rule; {TIERS_EXAMPLE}"
            ),
        )),
        Some(_) => Ok(out),
    }
}

/// How a tier list is written, for the errors about one.
const TIERS_EXAMPLE: &str =
    "write e.g. [ { up_to_taka = 500000, approvers = 1 }, { approvers = 2 } ]";

/// One `{ up_to_taka = N, approvers = K }` of a tier list.
fn tier(name: &str, item: &Value, place: &Place) -> Result<ApprovalTier, ConfigError> {
    let shown = item.to_string();
    let Value::Table(t) = item else {
        return Err(bad(
            name,
            &shown,
            place,
            format!("each tier is a table; {TIERS_EXAMPLE}"),
        ));
    };
    if let Some(k) = t
        .keys()
        .find(|k| !matches!(k.as_str(), "up_to_taka" | "approvers"))
    {
        return Err(bad(
            name,
            &shown,
            place,
            format!("unknown key `{k}` in a tier; a tier has up_to_taka and approvers"),
        ));
    }
    let approvers = t
        .get("approvers")
        .and_then(file::scalar_text)
        .ok_or_else(|| bad(name, &shown, place, "a tier needs approvers = N"))?;
    let approvers = parse::count(1, 20)(&approvers)
        .map_err(|r| bad(name, &shown, place, format!("approvers {r}")))?;
    let up_to = match t
        .get("up_to_taka")
        .map(|u| file::scalar_text(u).unwrap_or_default())
    {
        None => None,
        Some(u) => {
            Some(parse::taka(&u).map_err(|r| bad(name, &shown, place, format!("up_to_taka {r}")))?)
        }
    };
    Ok(ApprovalTier { up_to, approvers })
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
    fn b(s: &Opt<bool>) -> Option<(String, &Source)> {
        s.as_ref().map(|s| (s.value.to_string(), &s.source))
    }
    fn n(s: &Opt<u32>) -> Option<(String, &Source)> {
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
        row("approvals.require_signed", b(&a.require_signed), "false"),
        row(
            "approvals.require_prepared_by",
            b(&a.require_prepared),
            "false",
        ),
        row(
            "approvals.refuse_wallet_changes",
            b(&a.refuse_wallet_changes),
            "false",
        ),
        row(
            "approvals.tiers",
            tiers,
            "1 approver (2 above approval_threshold_taka)",
        ),
        row(
            "changes.batches",
            n(&a.compare_batches),
            &window.batches.to_string(),
        ),
        row("changes.days", n(&a.compare_days), &window.days.to_string()),
        row(
            "changes.amount_change_percent",
            n(&a.amount_percent),
            &window.amount_percent.to_string(),
        ),
    ]
}

#[cfg(test)]
#[path = "approvals_tests.rs"]
mod tests;
