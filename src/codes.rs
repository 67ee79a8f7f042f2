//! What the gateway's codes mean: the outer code's class, configurable
//! because the provider documents only `0000` and `5000`; the `data.status`
//! words a merchant's gateway adds to the provider's codes; and the `wayCode`
//! sent for each provider. A leaf: `payrun.toml` names these values
//! (`[code_classes]`, `[status_codes]`, `[way_codes]`), the gateway client
//! reads answers through them, and neither reaches into the other.

use crate::wallet::Provider;
use std::collections::BTreeMap;

/// Whether a merchant number the gateway names (in an answer or a
/// callback) is `ours`: the same text, spaces aside, or the same digits
/// once leading zeros are dropped (a JSON number loses them). A leaf, so
/// that the ledger judges callbacks by the rule the client judges answers.
pub fn same_merchant(echo: &str, ours: &str) -> bool {
    let (echo, ours) = (echo.trim(), ours.trim());
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    echo == ours
        || (digits(echo)
            && digits(ours)
            && echo.trim_start_matches('0') == ours.trim_start_matches('0'))
}

/// What `data.status` means for the money.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TxStatus {
    /// `0000`.
    Paid,
    /// `0015`: the final result comes later, by callback or query.
    Processing,
    /// Any other code.
    Failed,
}

impl TxStatus {
    /// The provider's bare rule: `0000` paid, `0015` processing, anything else
    /// failed. It calls a word like `SUCCESS` a failure, so answers are read
    /// through [`TxStatus::recognise`] instead.
    pub fn from_code(code: &str) -> TxStatus {
        TxStatus::recognise(code).unwrap_or(TxStatus::Failed)
    }

    /// The provider's rule, applied only to what is shaped like one of its
    /// codes: `0000` paid, `0015` processing, any other code of at least four
    /// digits (`00029`, `0100019`) failed. Anything else (`SUCCESS`, `15`,
    /// `15.0`, `true`) is not a status payrun can read, and `None`: marking a
    /// paid payout failed on a guess invites paying it again by hand. So is
    /// `0000` or `0015` written wider (`00000`, `00015`): the provider's
    /// failure codes have five digits, so a gateway may write success and
    /// processing in that width too, and payrun cannot tell that from a
    /// failure code.
    pub fn recognise(code: &str) -> Option<TxStatus> {
        match code {
            "0000" => Some(TxStatus::Paid),
            "0015" => Some(TxStatus::Processing),
            c if matches!(c.trim_start_matches('0'), "" | "15") => None,
            c if c.len() >= 4 && c.bytes().all(|b| b.is_ascii_digit()) => Some(TxStatus::Failed),
            _ => None,
        }
    }

    /// The name used in configuration files (`status_codes`).
    pub const fn name(self) -> &'static str {
        match self {
            TxStatus::Paid => "paid",
            TxStatus::Processing => "processing",
            TxStatus::Failed => "failed",
        }
    }

    /// Reads a configuration name back.
    pub fn from_name(name: &str) -> Option<TxStatus> {
        [TxStatus::Paid, TxStatus::Processing, TxStatus::Failed]
            .into_iter()
            .find(|s| s.name() == name)
    }
}

/// Why the gateway refused a request. What payrun does about each class
/// (stop, slow down, query, resend) is decided in one place,
/// `src/policy.rs`; the notes below say what the class means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RejectClass {
    /// The row's data is wrong (`1001`).
    InvalidRow,
    /// The merchant set-up is wrong or money is short (`1002`, `1003`, `1005`).
    Systemic,
    /// The tradeNo was seen before (`1004`): an order for it exists.
    Duplicate,
    /// Too many requests (`1006`).
    Throttled,
    /// The query knows no such order (`1007`), at the moment it was asked.
    NotFound,
    /// An outer code that no configuration maps.
    Unknown,
}

impl RejectClass {
    /// Every class, for configuration help and tests.
    pub const ALL: [RejectClass; 6] = [
        RejectClass::InvalidRow,
        RejectClass::Systemic,
        RejectClass::Duplicate,
        RejectClass::Throttled,
        RejectClass::NotFound,
        RejectClass::Unknown,
    ];

    /// The name used in configuration files and machine output.
    pub const fn name(self) -> &'static str {
        match self {
            RejectClass::InvalidRow => "invalid_row",
            RejectClass::Systemic => "systemic",
            RejectClass::Duplicate => "duplicate",
            RejectClass::Throttled => "throttled",
            RejectClass::NotFound => "not_found",
            RejectClass::Unknown => "unknown",
        }
    }

    /// Reads a configuration name back.
    pub fn from_name(name: &str) -> Option<RejectClass> {
        RejectClass::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// What an outer code other than `0000` means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeAction {
    /// Another spelling of `0000` (a gateway whose success code is `200` or
    /// `SUCCESS`): the request was accepted, read `data.status`.
    Accept,
    /// No order was placed; act by class.
    Reject(RejectClass),
    /// The gateway may have processed the request anyway (`5000`, a system
    /// error): the outcome is [`Outcome::Unknown`].
    Uncertain,
}

impl CodeAction {
    /// Reads a configuration name: a [`RejectClass`] name, `uncertain` or
    /// `accepted`.
    pub fn from_name(name: &str) -> Option<CodeAction> {
        match name {
            "uncertain" => Some(CodeAction::Uncertain),
            "accepted" => Some(CodeAction::Accept),
            other => RejectClass::from_name(other).map(CodeAction::Reject),
        }
    }

    /// The configuration name.
    pub const fn name(self) -> &'static str {
        match self {
            CodeAction::Accept => "accepted",
            CodeAction::Uncertain => "uncertain",
            CodeAction::Reject(c) => c.name(),
        }
    }
}

/// The `[code_classes]` key for a query's answer `0000` (HTTP 2xx, a
/// readable body) whose `data` is absent or null. The provider's table
/// calls `data` required, so by default such an answer is no answer (the
/// order may exist); a gateway whose "not found" it is (`"msg":"order not
/// exist"`) is read so only once the operator maps it, after asking the
/// provider: `"0000 without data" = "not_found"`. It is never read so on a
/// payout request, nor for an empty `data` object, an empty body or one
/// that is not JSON.
pub const WITHOUT_DATA: &str = "0000 without data";

/// The mapping from outer codes to actions. The provider documents only
/// `0000` and `5000`; the rest are sandbox choices, so a real merchant's codes
/// can be mapped in configuration without a code change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeClasses {
    map: BTreeMap<String, CodeAction>,
    /// `data.status` values the gateway documents beyond the provider's codes
    /// (e.g. `SUCCESS`), configured by the merchant; empty by default.
    statuses: BTreeMap<String, StatusMeaning>,
}

/// What a `data.status` means. Most are a [`TxStatus`]; a merchant's gateway
/// may also document a status for "no such order" on a query, or one that
/// must never be read as final.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusMeaning {
    /// Paid, processing or failed.
    Tx(TxStatus),
    /// "No such order": treated like outer `1007`, believed only after the
    /// grace period, never as a failure.
    NotFound,
    /// Not understood: the outcome is unknown, resolved by query or a person.
    Unknown,
}

impl StatusMeaning {
    /// Every meaning a configuration can name.
    pub const ALL: [StatusMeaning; 5] = [
        StatusMeaning::Tx(TxStatus::Paid),
        StatusMeaning::Tx(TxStatus::Processing),
        StatusMeaning::Tx(TxStatus::Failed),
        StatusMeaning::NotFound,
        StatusMeaning::Unknown,
    ];

    /// The name used in configuration files (`status_codes`).
    pub const fn name(self) -> &'static str {
        match self {
            StatusMeaning::Tx(s) => s.name(),
            StatusMeaning::NotFound => "not_found",
            StatusMeaning::Unknown => "unknown",
        }
    }

    /// Reads a configuration name back.
    pub fn from_name(name: &str) -> Option<StatusMeaning> {
        StatusMeaning::ALL.into_iter().find(|m| m.name() == name)
    }
}

impl Default for CodeClasses {
    /// gateway.md's table.
    fn default() -> Self {
        use CodeAction::{Reject, Uncertain};
        use RejectClass::*;
        let map = [
            ("1001", Reject(InvalidRow)),
            ("1002", Reject(Systemic)),
            ("1003", Reject(Systemic)),
            ("1004", Reject(Duplicate)),
            ("1005", Reject(Systemic)),
            ("1006", Reject(Throttled)),
            ("1007", Reject(NotFound)),
            ("5000", Uncertain),
        ]
        .into_iter()
        .map(|(c, a)| (c.to_string(), a))
        .collect();
        CodeClasses {
            map,
            statuses: BTreeMap::new(),
        }
    }
}

impl CodeClasses {
    /// Maps (or remaps) one outer code.
    pub fn set(&mut self, code: impl Into<String>, action: CodeAction) {
        self.map.insert(code.into(), action);
    }

    /// What an outer code means; an unmapped code is `Reject(Unknown)`.
    pub fn action(&self, code: &str) -> CodeAction {
        self.map
            .get(code)
            .copied()
            .unwrap_or(CodeAction::Reject(RejectClass::Unknown))
    }

    /// Whether a query's `0000` answer without `data` is this gateway's
    /// "not found" ([`WITHOUT_DATA`]).
    pub fn without_data_is_not_found(&self) -> bool {
        self.map.get(WITHOUT_DATA) == Some(&CodeAction::Reject(RejectClass::NotFound))
    }

    /// Every mapped code, for `--help` and docs.
    pub fn iter(&self) -> impl Iterator<Item = (&str, CodeAction)> {
        self.map.iter().map(|(c, a)| (c.as_str(), *a))
    }

    /// Maps a `data.status` value to what the merchant's gateway documents
    /// it to mean: a word the provider's rule cannot read (`SUCCESS`), or a
    /// code its rule would call a failure but that says "no such order"
    /// (`1007` inside `data`). Only that documentation can say; payrun never
    /// guesses. `0000` and `0015` keep their meaning whatever is set.
    pub fn set_status(&mut self, status: impl Into<String>, meaning: StatusMeaning) {
        self.statuses.insert(status.into(), meaning);
    }

    /// What a `data.status` means: `0000` paid and `0015` processing always,
    /// then a configured mapping, then [`TxStatus::recognise`]; anything else
    /// is [`StatusMeaning::Unknown`].
    pub fn status(&self, status: &str) -> StatusMeaning {
        match TxStatus::recognise(status) {
            Some(s @ (TxStatus::Paid | TxStatus::Processing)) => StatusMeaning::Tx(s),
            recognised => self
                .statuses
                .get(status)
                .copied()
                .unwrap_or(recognised.map_or(StatusMeaning::Unknown, StatusMeaning::Tx)),
        }
    }

    /// Every configured `data.status` mapping.
    pub fn statuses(&self) -> impl Iterator<Item = (&str, StatusMeaning)> {
        self.statuses.iter().map(|(c, s)| (c.as_str(), *s))
    }
}

/// The `wayCode` sent for each provider. Another page of the same provider
/// lists `BKASH` and `NAGAD` instead of the seed's `EWALLET_*`, so the names
/// sent are configuration, not code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WayCodes {
    codes: BTreeMap<Provider, String>,
}

impl Default for WayCodes {
    fn default() -> Self {
        WayCodes {
            codes: Provider::ALL
                .into_iter()
                .map(|p| (p, p.default_way_code().to_string()))
                .collect(),
        }
    }
}

impl WayCodes {
    /// Overrides the code sent for one provider.
    pub fn set(&mut self, provider: Provider, code: impl Into<String>) {
        self.codes.insert(provider, code.into());
    }

    /// The code sent for `provider`.
    pub fn get(&self, provider: Provider) -> &str {
        self.codes
            .get(&provider)
            .map(String::as_str)
            .unwrap_or_else(|| provider.default_way_code())
    }
}
