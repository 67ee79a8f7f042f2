//! What one command runs with: every setting resolved for where it runs,
//! i.e. what the layers say ([`Config`]), else the table's built-in default
//! for this command and `--sandbox` ([`super::keys`]). Commands take a
//! [`Resolved`]; nothing else fills in a default or reads a setting's
//! environment variable.

use super::key::{Ctx, Key};
use super::keys::{self, RECONCILE_MAX_CONCURRENCY};
use super::{
    ApprovalPolicy, CompareWindow, Config, ConfigError, GatewaySettings, Opt, Setting, Source,
};
use crate::config::{Rate, TradeNoForm};
use crate::fields::ColumnOverride;
use crate::money::Amount;
use crate::wallet::Provider;
use std::path::PathBuf;
use std::time::Duration;

/// How a sheet is judged beyond its own flags: the caps, the whole-taka
/// policy, and the file's per-provider caps and column names (the sheet's
/// flags add to these: `cli::SheetArgs::to_options`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetRules {
    pub max_amount: Amount,
    pub allow_poisha: bool,
    /// From the file; a `--provider-cap` for the same provider wins.
    pub provider_caps: Vec<(Provider, Amount)>,
    /// From the file; a `--map` for the same field replaces them.
    pub columns: Vec<ColumnOverride>,
}

/// How fast and how hard a command talks to the gateway.
#[derive(Debug, Clone, PartialEq)]
pub struct Pace {
    /// Requests in flight at most.
    pub concurrency: u32,
    pub rate: Rate,
    pub burst: u32,
    /// How long after a send a "not found" is believed.
    pub grace: Duration,
    /// Sends of one payout per run (`submit`).
    pub max_attempts: u32,
}

/// Every setting, resolved for one command.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// `None`: no ledger location could be worked out (no home:
    /// `config::home::data_home` says why).
    pub ledger: Option<PathBuf>,
    /// A layer set the ledger (it is not the built-in default): a command
    /// that prints the next command to run repeats it as `--ledger`.
    pub ledger_set: bool,
    pub sheet: SheetRules,
    pub gateway: GatewaySettings,
    pub pace: Pace,
    pub repeat_window: Duration,
    /// The form of the tradeNos of a batch this run starts; a batch keeps
    /// the form recorded with it in the ledger.
    pub trade_no_form: TradeNoForm,
    /// Where batch reports go when `--report` is not given; `None`: beside
    /// the ledger.
    pub report_dir: Option<PathBuf>,
    pub approval: ApprovalPolicy,
    pub compare: CompareWindow,
    /// The payrun.toml read, if any: it decides the approvals, so a
    /// real-money run checks who can write it (`trusted`).
    pub config_file: Option<PathBuf>,
    /// That file and how it was chosen, for a printed command
    /// (`selection`).
    pub config_source: Option<(PathBuf, super::Via)>,
    /// The keys each profile of that file sets (`FileLayer::profile_keys`).
    pub profile_keys: Vec<(String, Vec<String>)>,
}

impl Config {
    /// Every setting for a command running where `ctx` says.
    pub fn resolved(&self, ctx: Ctx) -> Result<Resolved, ConfigError> {
        use keys::*;
        Ok(Resolved {
            ledger: ledger(self, ctx)?,
            ledger_set: given(&self.ledger, &LEDGER, ctx).is_some(),
            sheet: SheetRules {
                max_amount: value(&self.max_amount, &MAX_AMOUNT, ctx)?,
                allow_poisha: value(&self.allow_poisha, &ALLOW_POISHA, ctx)?,
                provider_caps: self
                    .provider_caps
                    .iter()
                    .map(|(p, s)| (*p, s.value))
                    .collect(),
                columns: self.columns.iter().map(|s| s.value.clone()).collect(),
            },
            gateway: GatewaySettings {
                url: optional(&self.gateway_url, &GATEWAY_URL, ctx)?,
                merchant_no: optional(&self.merchant_no, &MERCHANT_NO, ctx)?,
                notify_url: optional(&self.notify_url, &NOTIFY_URL, ctx)?,
                connect_timeout: value(&self.connect_timeout, &CONNECT_TIMEOUT, ctx)?,
                request_timeout: value(&self.request_timeout, &REQUEST_TIMEOUT, ctx)?,
                way_codes: self.way_codes(),
                classes: self.code_classes(),
                app_secret_file: self.app_secret_file.clone(),
                production: self.is_production(),
                profile: self.profile.as_ref().map(|p| p.value.clone()),
            },
            pace: Pace {
                concurrency: concurrency(self, ctx)?,
                rate: value(&self.rate, &RATE, ctx)?,
                burst: value(&self.burst, &BURST, ctx)?,
                grace: value(&self.grace, &GRACE, ctx)?,
                max_attempts: value(&self.max_attempts, &MAX_ATTEMPTS, ctx)?,
            },
            repeat_window: value(&self.repeat_window, &REPEAT_WINDOW, ctx)?,
            trade_no_form: value(&self.trade_no_form, &TRADE_NO_FORM, ctx)?,
            report_dir: optional(&self.report_dir, &REPORT_DIR, ctx)?,
            approval: ApprovalPolicy {
                window: value(&self.approval_window, &APPROVAL_WINDOW, ctx)?,
                max_age: Some(approval_max_age(self, ctx)?),
                ..self.approval_policy()
            },
            compare: self.compare_window(),
            config_file: self.file.as_ref().map(|f| f.path.clone()),
            config_source: self.file.as_ref().map(|f| (f.path.clone(), f.via.clone())),
            profile_keys: self
                .file
                .as_ref()
                .map(|f| f.profile_keys.clone())
                .unwrap_or_default(),
        })
    }
}

/// What a layer set, unless the key keeps a sandbox run to its flag.
fn given<T: Clone>(got: &Opt<T>, key: &Key<T>, ctx: Ctx) -> Option<T> {
    let s = got.as_ref()?;
    let flag = matches!(s.source, Source::Flag(_));
    (flag || !(ctx.sandbox && key.meta.sandbox_own)).then(|| s.value.clone())
}

/// What a layer set, else the built-in default.
fn optional<T: Clone>(got: &Opt<T>, key: &Key<T>, ctx: Ctx) -> Result<Option<T>, ConfigError> {
    match given(got, key, ctx) {
        Some(v) => Ok(Some(v)),
        None => key.builtin(ctx),
    }
}

/// [`optional`] for a key that always has a default.
fn value<T: Clone>(got: &Opt<T>, key: &Key<T>, ctx: Ctx) -> Result<T, ConfigError> {
    optional(got, key, ctx)?.ok_or_else(|| ConfigError::Builtin {
        key: key.meta.name,
        value: "",
        reason: "no built-in default".into(),
    })
}

/// `approval_max_age`: the file's limit (or the built-in one), shortened
/// but never lengthened by a flag or a variable. An approval rule that an
/// operator's flag could loosen would not be a control, while asking for
/// fresher approvals than the file does is always the safe side.
fn approval_max_age(c: &Config, ctx: Ctx) -> Result<Duration, ConfigError> {
    let limit = value(&c.approval_max_age_file, &keys::APPROVAL_MAX_AGE, ctx)?;
    let asked = given(&c.approval_max_age, &keys::APPROVAL_MAX_AGE, ctx);
    Ok(asked.map_or(limit, |a| a.min(limit)))
}

/// `reconcile` asks at most [`RECONCILE_MAX_CONCURRENCY`] at once: a larger
/// flag is refused, a larger environment or file value (shared with
/// `submit`) is lowered to it.
fn concurrency(c: &Config, ctx: Ctx) -> Result<u32, ConfigError> {
    let n = value(&c.concurrency, &keys::CONCURRENCY, ctx)?;
    if ctx.command != "reconcile" || n <= RECONCILE_MAX_CONCURRENCY {
        return Ok(n);
    }
    match &c.concurrency {
        Some(Setting {
            source: source @ Source::Flag(_),
            ..
        }) => Err(ConfigError::Value {
            key: keys::CONCURRENCY.meta.name.to_string(),
            value: n.to_string(),
            from: source.clone(),
            reason: format!(
                "reconcile asks at most {RECONCILE_MAX_CONCURRENCY} at once; use 1 to {RECONCILE_MAX_CONCURRENCY}"
            ),
        }),
        _ => Ok(RECONCILE_MAX_CONCURRENCY),
    }
}

/// The ledger: a layer's, else the sandbox's with `--sandbox`, else
/// `$XDG_DATA_HOME/payrun/ledger.sqlite` (`~/.local/share/...`, the home
/// found as the batch locks find it: `super::home`); `None` without a home
/// (`super::home::data_home` says why), never a path relative to the
/// current folder.
fn ledger(c: &Config, ctx: Ctx) -> Result<Option<PathBuf>, ConfigError> {
    if let Some(p) = optional(&c.ledger, &keys::LEDGER, ctx)? {
        return Ok(Some(p));
    }
    let data = super::home::data_home().ok();
    Ok(data.map(|d| d.join("payrun").join("ledger.sqlite")))
}
