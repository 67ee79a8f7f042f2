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
mod file;
pub mod keys;
mod policy;
pub mod rate;
pub mod secret;
mod show;
pub mod starter;
pub mod transport;
pub mod url;

pub use approvals::{ApprovalSettings, ApprovalTier, CompareWindow};
pub use file::{DEFAULT_NAME, FileLayer, Place, Via};
pub use policy::ApprovalPolicy;
pub use rate::Rate;
pub use show::render;

use crate::codes::{CodeAction, CodeClasses, StatusMeaning, WayCodes};
use crate::fields::ColumnOverride;
use crate::money::Amount;
use crate::wallet::Provider;
use clap::ArgMatches;
use clap::parser::ValueSource;
use keys::{Key, parse};
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
    #[error("{key} = {value:?} (from {from}): {reason}")]
    Value {
        key: String,
        value: String,
        from: Source,
        reason: String,
    },
    #[error("{path}: no profile named {name:?}; the file defines: {}", if available.is_empty() { "none".to_string() } else { available.join(", ") })]
    NoProfile {
        name: String,
        path: PathBuf,
        available: Vec<String>,
    },
    #[error(
        "--profile {0} needs a config file, and none was found: pass --config PATH, set PAYRUN_CONFIG, or create ./payrun.toml (`payrun config init`)"
    )]
    ProfileWithoutFile(String),
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
    pub require_approval: Opt<bool>,
    pub approval_threshold: Opt<Amount>,
    pub provider_caps: Vec<(Provider, Setting<Amount>)>,
    pub way_codes: Vec<(Provider, Setting<String>)>,
    pub code_classes: Vec<(String, Setting<CodeAction>)>,
    /// `data.status` values the merchant's gateway documents beyond the
    /// provider's codes.
    pub status_codes: Vec<(String, Setting<StatusMeaning>)>,
    pub columns: Vec<Setting<ColumnOverride>>,
    /// Signed approvals, tiers, and the changes window (file only).
    pub approvals: ApprovalSettings,
}

/// What the gateway client takes from the config beyond the flags. Carried
/// on `GatewayArgs` so every gateway command gets it the same way.
#[derive(Debug, Clone, Default)]
pub struct GatewaySettings {
    pub way_codes: WayCodes,
    pub classes: CodeClasses,
    pub app_secret_file: Opt<PathBuf>,
    /// Refuse plain http:// to a non-loopback host.
    pub production: bool,
    /// The profile's name, for messages.
    pub profile: Option<String>,
}

/// The layers one setting is looked up in, highest first.
pub struct Layers<'a> {
    /// The subcommand's parsed arguments; only values typed on the command
    /// line count here (clap defaults are not "set").
    pub matches: Option<&'a ArgMatches>,
    pub env: &'a dyn Fn(&str) -> Option<String>,
    pub file: Option<&'a FileLayer>,
}

impl Layers<'_> {
    /// The one precedence rule: flag, environment, file; `None` if unset.
    pub fn get<T>(
        &self,
        key: &Key,
        parse: impl Fn(&str) -> Result<T, String>,
    ) -> Result<Opt<T>, ConfigError> {
        let Some((text, source)) = self.raw(key)? else {
            return Ok(None);
        };
        let value = parse(&text).map_err(|reason| ConfigError::Value {
            key: key.name.to_string(),
            value: text.clone(),
            from: source.clone(),
            reason,
        })?;
        Ok(Some(Setting { value, source }))
    }

    fn raw(&self, key: &Key) -> Result<Option<(String, Source)>, ConfigError> {
        if let (Some(m), Some((id, flag))) = (self.matches, key.flag)
            && let Ok(Some(mut values)) = m.try_get_raw(id)
            && m.value_source(id) == Some(ValueSource::CommandLine)
            && let Some(last) = values.next_back()
        {
            let text = last.to_str().ok_or_else(|| ConfigError::Value {
                key: key.name.to_string(),
                value: last.to_string_lossy().into_owned(),
                from: Source::Flag(flag),
                reason: "is not valid UTF-8".into(),
            })?;
            return Ok(Some((text.to_string(), Source::Flag(flag))));
        }
        if let Some(var) = key.env
            && let Some(v) = (self.env)(var).filter(|v| !v.trim().is_empty())
        {
            return Ok(Some((v, Source::Env(var))));
        }
        if let Some(file) = self.file
            && let Some((value, place)) = file.get(key.name)
        {
            let source = Source::File(place);
            let text = file::scalar_text(value).ok_or_else(|| ConfigError::Value {
                key: key.name.to_string(),
                value: value.to_string(),
                from: source.clone(),
                reason: "must be a single value (text, a number or true/false)".into(),
            })?;
            return Ok(Some((text, source)));
        }
        Ok(None)
    }

    /// A path; relative paths in the file are relative to the file, so a
    /// cron job's working directory does not change which ledger it uses.
    fn path(&self, key: &Key) -> Result<Opt<PathBuf>, ConfigError> {
        let got = self.get(key, |s| parse::text(s).map(PathBuf::from))?;
        Ok(got.map(|mut s| {
            if let Source::File(place) = &s.source
                && s.value.is_relative()
                && let Some(dir) = place.path.parent()
            {
                s.value = dir.join(&s.value);
            }
            s
        }))
    }
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
        let mut c = Config {
            production: l.get(&PRODUCTION, parse::boolean)?,
            gateway_url: l.get(&GATEWAY_URL, parse::url)?,
            merchant_no: l.get(&MERCHANT_NO, parse::text)?,
            notify_url: l.get(&NOTIFY_URL, parse::url)?,
            app_secret_file: l.path(&APP_SECRET_FILE)?,
            connect_timeout: l.get(&CONNECT_TIMEOUT, parse::duration)?,
            request_timeout: l.get(&REQUEST_TIMEOUT, parse::duration)?,
            rate: l.get(&RATE, parse::rate)?,
            burst: l.get(&BURST, parse::count(1, 10_000))?,
            concurrency: l.get(&CONCURRENCY, parse::count(1, 512))?,
            max_attempts: l.get(&MAX_ATTEMPTS, parse::count(1, 100))?,
            grace: l.get(&GRACE, parse::duration)?,
            max_amount: l.get(&MAX_AMOUNT, parse::taka)?,
            allow_poisha: l.get(&ALLOW_POISHA, parse::boolean)?,
            ledger: l.path(&LEDGER)?,
            report_dir: l.path(&REPORT_DIR)?,
            repeat_window: l.get(&REPEAT_WINDOW, parse::duration)?,
            require_approval: l.get(&REQUIRE_APPROVAL, parse::boolean)?,
            approval_threshold: l.get(&APPROVAL_THRESHOLD, parse::taka)?,
            profile,
            ..Config::default()
        };
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

    /// What the gateway client needs from the config.
    pub fn gateway_settings(&self) -> GatewaySettings {
        GatewaySettings {
            way_codes: self.way_codes(),
            classes: self.code_classes(),
            app_secret_file: self.app_secret_file.clone(),
            production: self.is_production(),
            profile: self.profile.as_ref().map(|p| p.value.clone()),
        }
    }
}

mod tables;

#[cfg(test)]
mod tests;
