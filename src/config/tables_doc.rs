//! The settings that are tables or lists (file only), declared like the
//! scalars in [`super::keys`]: their name, the flag that adds to them, their
//! default and their doc line. `tables.rs` and `approvals.rs` read them.

use super::CompareWindow;
use crate::wallet::Provider;

/// One table (or list) setting. Its doc fields are read by the docs
/// generator (`config/docs.rs`), which only the unit tests build.
#[cfg_attr(not(test), allow(dead_code))]
pub struct Table {
    pub name: &'static str,
    /// A list written as `name = [...]`, not a `[name]` table.
    pub list: bool,
    /// A flag that adds to it, as docs/operations.md shows it.
    pub flag: Option<&'static str>,
    /// Its default, in Markdown.
    pub default: fn() -> String,
    pub doc: &'static str,
}

pub const PROVIDER_CAPS: &str = "provider_caps";
pub const WAY_CODES: &str = "way_codes";
pub const CODE_CLASSES: &str = "code_classes";
/// `data.status` values beyond the provider's codes, e.g. `SUCCESS = "paid"`.
pub const STATUS_CODES: &str = "status_codes";
pub const COLUMNS: &str = "columns";
/// Approval tiers, a list: `[ { up_to_taka = 500000, approvers = 1 }, ... ]`.
pub const APPROVAL_TIERS: &str = "approval_tiers";
/// `[approvals]`: allowed_signers, require_signed, require_prepared_by,
/// refuse_wallet_changes, tiers (see `config::approvals`).
pub const APPROVALS: &str = "approvals";
/// `[changes]`: which earlier batches a sheet is compared with.
pub const CHANGES: &str = "changes";

fn none() -> String {
    "—".to_string()
}

fn way_codes() -> String {
    let codes: Vec<String> = Provider::ALL
        .iter()
        .map(|p| format!("`{}`", p.default_way_code()))
        .collect();
    codes.join(", ")
}

fn changes() -> String {
    let d = CompareWindow::default();
    format!("`{}`, `{}`, `{}`", d.batches, d.days, d.amount_percent)
}

/// Every table, in the order of the docs.
pub const TABLES: &[Table] = &[
    Table {
        name: APPROVAL_TIERS,
        list: true,
        flag: None,
        default: || "one approver".to_string(),
        doc: "`[ { up_to_taka = N, approvers = K }, ..., { approvers = K } ]`: distinct principals by batch total; file only. Also `[approvals] tiers`.",
    },
    Table {
        name: APPROVALS,
        list: false,
        flag: None,
        default: none,
        doc: "`require_prepared_by`, `refuse_wallet_changes` (both `false`), `allowed_signers`, `require_signed` and `tiers` (the three above).",
    },
    Table {
        name: CHANGES,
        list: false,
        flag: None,
        default: changes,
        doc: "`batches`, `days`, `amount_change_percent`: what `check` and `submit` compare a sheet with.",
    },
    Table {
        name: PROVIDER_CAPS,
        list: false,
        flag: Some("--provider-cap P=TAKA"),
        default: none,
        doc: "Per-provider caps in taka, overriding `max_amount`; flags win per provider.",
    },
    Table {
        name: COLUMNS,
        list: false,
        flag: Some("--map FIELD=HEADER"),
        default: none,
        doc: "Extra header names (a string or a list), used when a sheet has them; otherwise the built-in names apply. A `--map` for a field replaces them and is strict (the column must exist).",
    },
    Table {
        name: WAY_CODES,
        list: false,
        flag: None,
        default: way_codes,
        doc: "The wayCode sent per provider.",
    },
    Table {
        name: CODE_CLASSES,
        list: false,
        flag: None,
        default: || "gateway.md's table".to_string(),
        doc: "Outer code → `invalid_row`, `systemic`, `duplicate`, `throttled`, `not_found`, `unknown`, `uncertain` or `accepted`; the key `\"0000 without data\"` (a query's `0000` with no `data`) → `not_found` or `uncertain`, set only after asking the provider.",
    },
    Table {
        name: STATUS_CODES,
        list: false,
        flag: None,
        default: || {
            "`0000` paid, `0015` processing, codes of 4 digits or more failed (a JSON number \
             under 1,000 is read as a code only when it is `0`, `15`, `29` or `32`; \
             `\"20\" = \"paid\"` maps a gateway's own numbered states)"
                .to_string()
        },
        doc: "`data.status` values beyond the provider's codes → `paid`, `processing`, `failed`, `not_found` or `unknown`.",
    },
];
