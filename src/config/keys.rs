//! Every setting payrun.toml may hold, with the flag and the environment
//! variable that override it. One table, so that precedence, `config show`,
//! the starter file and the unknown-key check can never disagree.

/// One scalar setting.
#[derive(Debug, Clone, Copy)]
pub struct Key {
    /// The name in payrun.toml (and, upper-cased after `PAYRUN_`, in the environment).
    pub name: &'static str,
    /// The environment variable, if the setting may come from one.
    pub env: Option<&'static str>,
    /// The clap argument id and the flag as typed, if a flag sets it.
    pub flag: Option<(&'static str, &'static str)>,
    /// The built-in default as `config show` prints it.
    pub default: &'static str,
}

const fn key(
    name: &'static str,
    env: Option<&'static str>,
    flag: Option<(&'static str, &'static str)>,
    default: &'static str,
) -> Key {
    Key {
        name,
        env,
        flag,
        default,
    }
}

pub const GATEWAY_URL: Key = key(
    "gateway_url",
    Some("PAYRUN_GATEWAY_URL"),
    Some(("gateway_url", "--gateway")),
    "(none)",
);
pub const MERCHANT_NO: Key = key(
    "merchant_no",
    Some("PAYRUN_MERCHANT_NO"),
    Some(("merchant", "--merchant")),
    "(none)",
);
pub const NOTIFY_URL: Key = key(
    "notify_url",
    Some("PAYRUN_NOTIFY_URL"),
    Some(("notify_url", "--notify-url")),
    "(none)",
);
pub const APP_SECRET_FILE: Key = key(
    "app_secret_file",
    Some("PAYRUN_APP_SECRET_FILE"),
    None,
    "(none)",
);
pub const CONNECT_TIMEOUT: Key = key(
    "connect_timeout",
    Some("PAYRUN_CONNECT_TIMEOUT"),
    Some(("connect_timeout", "--connect-timeout")),
    "5s",
);
pub const REQUEST_TIMEOUT: Key = key(
    "request_timeout",
    Some("PAYRUN_REQUEST_TIMEOUT"),
    Some(("request_timeout", "--request-timeout")),
    "30s (3s with --sandbox)",
);
pub const RATE: Key = key(
    "rate",
    Some("PAYRUN_RATE"),
    Some(("rate", "--rate")),
    "20/s",
);
pub const BURST: Key = key(
    "burst",
    Some("PAYRUN_BURST"),
    Some(("burst", "--burst")),
    "5",
);
pub const CONCURRENCY: Key = key(
    "concurrency",
    Some("PAYRUN_CONCURRENCY"),
    Some(("concurrency", "--concurrency")),
    "8 (reconcile: 4)",
);
pub const MAX_ATTEMPTS: Key = key(
    "max_attempts",
    Some("PAYRUN_MAX_ATTEMPTS"),
    Some(("max_attempts", "--max-attempts")),
    "5",
);
pub const GRACE: Key = key(
    "grace",
    Some("PAYRUN_GRACE"),
    Some(("grace", "--grace")),
    "60s (3s with --sandbox)",
);
pub const MAX_AMOUNT: Key = key(
    "max_amount",
    Some("PAYRUN_MAX_AMOUNT"),
    Some(("max_amount", "--max-amount")),
    "50000",
);
pub const ALLOW_POISHA: Key = key(
    "allow_poisha",
    Some("PAYRUN_ALLOW_POISHA"),
    Some(("allow_poisha", "--allow-poisha")),
    "false",
);
pub const LEDGER: Key = key(
    "ledger",
    Some("PAYRUN_LEDGER"),
    Some(("ledger", "--ledger")),
    "$XDG_DATA_HOME/payrun/ledger.sqlite (~/.local/share/payrun/ledger.sqlite)",
);
pub const REPORT_DIR: Key = key(
    "report_dir",
    Some("PAYRUN_REPORT_DIR"),
    None,
    "<ledger folder>/reports",
);
/// How long a payout paid (or possibly paid) under one batch label holds
/// the same payout (reference, or wallet and amount) under another.
pub const REPEAT_WINDOW: Key = key(
    "repeat_window",
    Some("PAYRUN_REPEAT_WINDOW"),
    Some(("repeat_window", "--repeat-window")),
    "20days",
);
/// File only: an approval rule that an environment variable or a flag could
/// switch off would not be a control.
pub const REQUIRE_APPROVAL: Key = key("require_approval", None, None, "false");
/// File only, like `require_approval`.
pub const APPROVAL_THRESHOLD: Key = key("approval_threshold_taka", None, None, "(none)");
/// File only: the allowed-signers file (`ssh-keygen -Y verify` format) that
/// signed approvals are checked against; also `[approvals] allowed_signers`.
pub const APPROVAL_SIGNERS: Key = key("approval_signers", None, None, "(none)");
/// File only: only signed approvals count; also `[approvals] require_signed`.
pub const REQUIRE_SIGNED_APPROVAL: Key = key("require_signed_approval", None, None, "false");
/// File only: whether the profile pays real money (a profile named
/// `production` always does).
pub const PRODUCTION: Key = key("production", None, None, "false");

/// Every scalar key, in the order `config show` and the starter file use.
pub const SCALARS: &[Key] = &[
    PRODUCTION,
    GATEWAY_URL,
    MERCHANT_NO,
    NOTIFY_URL,
    APP_SECRET_FILE,
    CONNECT_TIMEOUT,
    REQUEST_TIMEOUT,
    RATE,
    BURST,
    CONCURRENCY,
    MAX_ATTEMPTS,
    GRACE,
    MAX_AMOUNT,
    ALLOW_POISHA,
    LEDGER,
    REPORT_DIR,
    REPEAT_WINDOW,
    REQUIRE_APPROVAL,
    APPROVAL_THRESHOLD,
    APPROVAL_SIGNERS,
    REQUIRE_SIGNED_APPROVAL,
];

/// The tables (file only): per-provider caps and wayCodes, outer-code
/// classes, and column headers.
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
pub const TABLES: &[&str] = &[
    PROVIDER_CAPS,
    WAY_CODES,
    CODE_CLASSES,
    STATUS_CODES,
    COLUMNS,
    APPROVAL_TIERS,
    APPROVALS,
    CHANGES,
];

/// Whether `name` is a key a profile (or the top of the file) may hold.
pub fn is_known(name: &str) -> bool {
    SCALARS.iter().any(|k| k.name == name) || TABLES.contains(&name)
}

/// Every known key, for "did you mean" and the error's list.
pub fn all_names() -> impl Iterator<Item = &'static str> {
    SCALARS.iter().map(|k| k.name).chain(TABLES.iter().copied())
}

/// Value parsers: each takes the text as written (a flag, an environment
/// variable, or a file value turned into text) and says what is wrong in
/// words the user can act on.
pub mod parse {
    use crate::config::Rate;
    use crate::money::Amount;
    use std::time::Duration;

    pub fn text(s: &str) -> Result<String, String> {
        let t = s.trim();
        if t.is_empty() {
            return Err("must not be empty".into());
        }
        Ok(t.to_string())
    }

    pub fn url(s: &str) -> Result<String, String> {
        super::super::url::http_url(s)
    }

    pub fn duration(s: &str) -> Result<Duration, String> {
        let d = humantime::parse_duration(s.trim())
            .map_err(|e| format!("not a duration ({e}); write e.g. 30s, 2m or 1h"))?;
        if d.is_zero() {
            return Err("must be longer than zero".into());
        }
        Ok(d)
    }

    pub fn count(min: u32, max: u32) -> impl Fn(&str) -> Result<u32, String> {
        move |s| match s.trim().parse::<u32>() {
            Ok(n) if (min..=max).contains(&n) => Ok(n),
            _ => Err(format!("must be a whole number from {min} to {max}")),
        }
    }

    pub fn rate(s: &str) -> Result<Rate, String> {
        s.parse()
    }

    pub fn taka(s: &str) -> Result<Amount, String> {
        let a = Amount::parse(s.trim()).map_err(|e| format!("not an amount in taka: {e}"))?;
        if a.poisha() <= 0 {
            return Err("must be more than zero taka".into());
        }
        Ok(a)
    }

    pub fn boolean(s: &str) -> Result<bool, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "1" | "on" => Ok(true),
            "false" | "no" | "0" | "off" => Ok(false),
            _ => Err("must be true or false".into()),
        }
    }
}
