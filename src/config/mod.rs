//! payrun's settings: command-line flags over `PAYRUN_*` environment
//! variables over `payrun.toml` over built-in defaults, merged in one place
//! ([`Layers::get`]) so that every setting follows the same rule.
//!
//! The file is `--config PATH`, else `$PAYRUN_CONFIG`, else `./payrun.toml`
//! if it exists. `[profile.NAME]` sections override the top of the file and
//! are picked with `--profile` (or `$PAYRUN_PROFILE`).
//!
//! The app secret is loaded here ([`secret`]) and nowhere else.

mod approvals;
/// The settings table in docs/operations.md; generated and checked by a
/// unit test, so only tests build it.
#[cfg(test)]
mod docs;
pub mod env;
mod file;
pub mod home;
mod key;
pub mod keys;
mod layers;
pub mod parse;
mod policy;
pub mod rate;
mod resolved;
pub mod secret;
pub mod selection;
mod show;
pub mod starter;
mod tables_doc;
mod tiers;
pub mod trade_no_form;
pub mod transport;
pub mod trusted;
pub mod url;

pub use approvals::{ApprovalSettings, CompareWindow};
pub use file::{DEFAULT_NAME, FileLayer, Place, Via};
pub use policy::ApprovalPolicy;
pub use rate::Rate;
pub use resolved::{Pace, Resolved, SheetRules};
pub use show::render;
pub use tiers::ApprovalTier;
pub use trade_no_form::TradeNoForm;

use crate::codes::{CodeAction, CodeClasses, StatusMeaning, WayCodes};
use crate::fields::ColumnOverride;
use crate::money::Amount;
use crate::wallet::Provider;
use clap::ArgMatches;
pub use key::Ctx;
pub use layers::Layers;
use layers::Reader;
use std::path::PathBuf;
use std::time::Duration;

/// Where a setting's value came from, as `config show` prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A command-line flag, as typed (`--concurrency`).
    Flag(&'static str),
    /// An environment variable.
    Env(&'static str),
    /// payrun.toml, at the top or in a profile.
    File(Place),
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Flag(flag) => write!(f, "flag {flag}"),
            Source::Env(var) => write!(f, "env {var}"),
            Source::File(Place { path, profile }) => {
                write!(f, "file:{}", path.display())?;
                match profile {
                    Some(p) => write!(f, " [profile.{p}]"),
                    None => Ok(()),
                }
            }
        }
    }
}

/// A value and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting<T> {
    pub value: T,
    pub source: Source,
}

/// A setting nobody set is `None`: the command's built-in default applies.
pub type Opt<T> = Option<Setting<T>>;

/// Why the configuration cannot be used. Every message names the file or
/// variable, the key and the value as written.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(
        "config file {path} (from {via}) does not exist; create one with `payrun config init --out {path}`"
    )]
    Missing { path: PathBuf, via: String },
    #[error("{path}: cannot read the config file: {cause}")]
    Read {
        path: PathBuf,
        cause: std::io::Error,
    },
    #[error("{path}: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("{path}: unknown key `{key}` in {section}; {hint}")]
    UnknownKey {
        path: PathBuf,
        section: String,
        key: String,
        hint: String,
    },
    #[error("{key} = {} (from {from}): {reason}", crate::text::quoted(.value))]
    Value {
        key: String,
        value: String,
        from: Source,
        reason: String,
    },
    #[error("{path}: no profile named {}; the file defines: {}", crate::text::quoted(.name), if available.is_empty() { "none".to_string() } else { available.join(", ") })]
    NoProfile {
        name: String,
        path: PathBuf,
        available: Vec<String>,
    },
    #[error(
        "--profile {0} needs a config file, and none was found: pass --config PATH, set PAYRUN_CONFIG, or create ./payrun.toml (`payrun config init`)"
    )]
    ProfileWithoutFile(String),
    #[error(
        "built-in default {key} = {value:?} does not parse ({reason}); this is a bug in payrun"
    )]
    Builtin {
        key: &'static str,
        value: &'static str,
        reason: String,
    },
    #[error("{0}")]
    Secret(String),
    #[error("{0}")]
    Transport(String),
}

/// The effective settings. `None` means "not set anywhere": the command's
/// built-in default applies (some depend on the command, e.g. `--sandbox`).
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub file: Option<FileLayer>,
    pub profile: Opt<String>,
    pub production: Opt<bool>,
    pub gateway_url: Opt<String>,
    pub merchant_no: Opt<String>,
    pub notify_url: Opt<String>,
    pub app_secret_file: Opt<PathBuf>,
    pub connect_timeout: Opt<Duration>,
    pub request_timeout: Opt<Duration>,
    pub rate: Opt<Rate>,
    pub burst: Opt<u32>,
    pub concurrency: Opt<u32>,
    pub max_attempts: Opt<u32>,
    pub grace: Opt<Duration>,
    pub max_amount: Opt<Amount>,
    pub allow_poisha: Opt<bool>,
    pub ledger: Opt<PathBuf>,
    pub report_dir: Opt<PathBuf>,
    pub repeat_window: Opt<Duration>,
    pub trade_no_form: Opt<TradeNoForm>,
    pub require_approval: Opt<bool>,
    pub approval_threshold: Opt<Amount>,
    /// `Some(None)`: set to `off`.
    pub approval_window: Opt<Option<Duration>>,
    /// `approval_max_age` as the highest layer set it (flag, variable, file).
    pub approval_max_age: Opt<Duration>,
    /// `approval_max_age` as the file alone sets it: a flag or a variable
    /// may shorten it, never lengthen it (`Resolved`).
    pub approval_max_age_file: Opt<Duration>,
    pub provider_caps: Vec<(Provider, Setting<Amount>)>,
    pub way_codes: Vec<(Provider, Setting<String>)>,
    pub code_classes: Vec<(String, Setting<CodeAction>)>,
    /// `data.status` values the merchant's gateway documents beyond the
    /// provider's codes.
    pub status_codes: Vec<(String, Setting<StatusMeaning>)>,
    pub columns: Vec<Setting<ColumnOverride>>,
    /// Signed approvals, tiers, and the changes window (file only).
    pub approvals: ApprovalSettings,
    /// Every scalar that some layer set, as `config show` prints it.
    pub shown: Vec<Shown>,
}

/// A scalar some layer set: its key, its value as `config show` prints it,
/// and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    pub key: &'static str,
    pub value: String,
    pub source: Source,
}

/// How to reach the gateway, every setting resolved: what `connect` builds
/// the client from. The secret is not here: it is loaded by [`secret`] only
/// when a command connects.
#[derive(Debug, Clone, Default)]
pub struct GatewaySettings {
    /// `None`: nobody set it; a command that needs it says how to.
    pub url: Option<String>,
    pub merchant_no: Option<String>,
    pub notify_url: Option<String>,
    pub connect_timeout: Duration,
    pub request_timeout: Duration,
    pub way_codes: WayCodes,
    pub classes: CodeClasses,
    pub app_secret_file: Opt<PathBuf>,
    /// Refuse plain http:// to a non-loopback host.
    pub production: bool,
    /// The profile's name, for messages.
    pub profile: Option<String>,
}

/// How the file is chosen: `--config`/`$PAYRUN_CONFIG` (already merged by
/// clap, with `via` saying which), else `./payrun.toml` if it exists.
pub fn locate(explicit: Option<(PathBuf, Via)>) -> Option<(PathBuf, Via)> {
    let found = explicit.or_else(|| {
        let p = PathBuf::from(DEFAULT_NAME);
        p.is_file().then_some((p, Via::CurrentDir))
    });
    // Absolute, so messages and `config show` say exactly which file.
    found.map(|(p, via)| (std::path::absolute(&p).unwrap_or(p), via))
}

impl Config {
    /// Loads the file (if any) and resolves every setting.
    pub fn load(
        file: Option<(PathBuf, Via)>,
        profile: Opt<String>,
        matches: Option<&ArgMatches>,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        let wanted = profile.as_ref().map(|p| p.value.as_str());
        let layer = match file {
            Some((path, via)) => Some(FileLayer::load(&path, via, wanted)?),
            None => match wanted {
                Some(p) => return Err(ConfigError::ProfileWithoutFile(p.to_string())),
                None => None,
            },
        };
        Config::resolve(layer, profile, matches, env)
    }

    /// Resolves every setting over already-parsed layers.
    pub fn resolve(
        file: Option<FileLayer>,
        profile: Opt<String>,
        matches: Option<&ArgMatches>,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        use keys::*;
        let l = Layers {
            matches,
            env,
            file: file.as_ref(),
        };
        let mut r = Reader {
            layers: &l,
            shown: Vec::new(),
        };
        let mut c = Config {
            production: r.get(&PRODUCTION)?,
            gateway_url: r.get(&GATEWAY_URL)?,
            merchant_no: r.get(&MERCHANT_NO)?,
            notify_url: r.get(&NOTIFY_URL)?,
            app_secret_file: r.path(&APP_SECRET_FILE)?,
            connect_timeout: r.get(&CONNECT_TIMEOUT)?,
            request_timeout: r.get(&REQUEST_TIMEOUT)?,
            rate: r.get(&RATE)?,
            burst: r.get(&BURST)?,
            concurrency: r.get(&CONCURRENCY)?,
            max_attempts: r.get(&MAX_ATTEMPTS)?,
            grace: r.get(&GRACE)?,
            max_amount: r.get(&MAX_AMOUNT)?,
            allow_poisha: r.get(&ALLOW_POISHA)?,
            ledger: r.path(&LEDGER)?,
            report_dir: r.path(&REPORT_DIR)?,
            repeat_window: r.get(&REPEAT_WINDOW)?,
            trade_no_form: r.get(&TRADE_NO_FORM)?,
            require_approval: r.get(&REQUIRE_APPROVAL)?,
            approval_threshold: r.get(&APPROVAL_THRESHOLD)?,
            approval_window: r.get(&APPROVAL_WINDOW)?,
            approval_max_age: r.get(&APPROVAL_MAX_AGE)?,
            approval_max_age_file: Layers {
                matches: None,
                env: &|_| None,
                file: file.as_ref(),
            }
            .get(&APPROVAL_MAX_AGE)?,
            profile,
            ..Config::default()
        };
        c.shown = r.shown;
        if let Some(f) = &file {
            tables::read(f, &mut c)?;
        }
        approvals::read(&l, &mut c)?;
        c.file = file;
        Ok(c)
    }

    /// Whether this profile pays real money: it is named `production`, or
    /// says `production = true`. Such a profile refuses plain http.
    pub fn is_production(&self) -> bool {
        self.profile
            .as_ref()
            .is_some_and(|p| p.value == "production")
            || self.production.as_ref().is_some_and(|p| p.value)
    }

    /// Whether `submit` needs a recorded approval of the sheet's digest.
    pub fn requires_approval(&self) -> bool {
        self.require_approval.as_ref().is_some_and(|s| s.value)
    }

    /// The batch total above which two different approvers are needed.
    pub fn approval_threshold(&self) -> Option<Amount> {
        self.approval_threshold.as_ref().map(|s| s.value)
    }

    /// The wayCodes: gateway.md's, with the file's overrides.
    pub fn way_codes(&self) -> WayCodes {
        let mut w = WayCodes::default();
        for (p, s) in &self.way_codes {
            w.set(*p, s.value.clone());
        }
        w
    }

    /// The outer-code classes: gateway.md's table, with the file's overrides.
    pub fn code_classes(&self) -> CodeClasses {
        let mut c = CodeClasses::default();
        for (code, s) in &self.code_classes {
            c.set(code.clone(), s.value);
        }
        for (status, s) in &self.status_codes {
            c.set_status(status.clone(), s.value);
        }
        c
    }
}

mod tables;

#[cfg(test)]
mod tests;
