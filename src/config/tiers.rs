//! An approval tier list, `approval_tiers` or `[approvals] tiers`: which
//! batch totals need how many approvers. Read strictly: ascending limits,
//! and a last tier without one, so every total has a rule.

use super::file::bad;
use super::{ConfigError, Place, file, parse};
use crate::money::Amount;
use toml::Value;

/// One tier: batches whose total is up to `up_to` (inclusive; `None` for
/// any total) need `approvers` distinct principals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApprovalTier {
    pub up_to: Option<Amount>,
    pub approvers: u32,
}

/// `[ { up_to_taka = 500000, approvers = 1 }, ..., { approvers = 3 } ]`:
/// ascending, the last without `up_to_taka` so every total has a tier.
pub(super) fn tiers(
    name: &str,
    v: &Value,
    place: &Place,
) -> Result<Vec<ApprovalTier>, ConfigError> {
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
