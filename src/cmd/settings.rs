//! Applies the effective config to a command's arguments, so every command
//! reads its settings from one place: what the user typed wins, and what
//! nobody set keeps the command's own default.

use crate::cli::{GatewayArgs, GlobalArgs, LedgerArgs, ReconcileArgs, SheetArgs, SubmitArgs};
use crate::config::{Config, Opt, Setting, Source, Via};
use clap::ArgMatches;
use clap::parser::ValueSource;

/// Reads the file and resolves every setting for the subcommand in `matches`.
pub(super) fn load(
    global: &GlobalArgs,
    matches: &ArgMatches,
) -> Result<Config, crate::error::Error> {
    let via = |id: &str| match matches.value_source(id) {
        Some(ValueSource::EnvVariable) => Via::Env,
        _ => Via::Flag,
    };
    let file = crate::config::locate(global.config.clone().map(|p| (p, via("config"))));
    let profile = global.profile.clone().map(|name| Setting {
        value: name,
        source: match via("profile") {
            Via::Env => Source::Env("PAYRUN_PROFILE"),
            _ => Source::Flag("--profile"),
        },
    });
    let sub = matches.subcommand().map(|(_, m)| m);
    let env = |k: &str| std::env::var(k).ok();
    Ok(Config::load(file, profile, sub, &env)?)
}

/// Overwrites `slot` unless the value came from a flag (clap already put it
/// there) or nobody set it (the command's default stays).
fn set<T: Clone>(slot: &mut T, s: &Opt<T>) {
    if let Some(s) = s
        && !matches!(s.source, Source::Flag(_))
    {
        *slot = s.value.clone();
    }
}

fn set_opt<T: Clone>(slot: &mut Option<T>, s: &Opt<T>) {
    if let Some(s) = s
        && !matches!(s.source, Source::Flag(_))
    {
        *slot = Some(s.value.clone());
    }
}

/// Caps, the whole-taka policy and column headers. Per-provider caps and
/// column headers from flags win key by key over the file's.
pub(super) fn sheet(cfg: &Config, a: &mut SheetArgs) {
    set(&mut a.max_amount, &cfg.max_amount);
    set(&mut a.allow_poisha, &cfg.allow_poisha);
    // The validator takes the last cap given for a provider: flags go last.
    let mut caps: Vec<_> = cfg
        .provider_caps
        .iter()
        .map(|(p, s)| (*p, s.value))
        .collect();
    caps.append(&mut a.provider_caps);
    a.provider_caps = caps;
    let mapped: Vec<_> = a.maps.iter().map(|m| m.field).collect();
    a.maps.extend(
        cfg.columns
            .iter()
            .filter(|c| !mapped.contains(&c.value.field))
            .map(|c| c.value.clone()),
    );
}

pub(super) fn gateway(cfg: &Config, a: &mut GatewayArgs) {
    set_opt(&mut a.gateway_url, &cfg.gateway_url);
    set_opt(&mut a.merchant, &cfg.merchant_no);
    set_opt(&mut a.notify_url, &cfg.notify_url);
    set(&mut a.connect_timeout, &cfg.connect_timeout);
    set_opt(&mut a.request_timeout, &cfg.request_timeout);
    *a.settings = cfg.gateway_settings();
}

/// A sandbox run never takes its ledger from the environment or the file,
/// so that it can never write into a production ledger.
pub(super) fn ledger(cfg: &Config, a: &mut LedgerArgs, sandbox: bool) {
    if !sandbox {
        set_opt(&mut a.ledger, &cfg.ledger);
    }
}

pub(super) fn submit(cfg: &Config, a: &mut SubmitArgs) {
    sheet(cfg, &mut a.sheet);
    gateway(cfg, &mut a.gateway);
    ledger(cfg, &mut a.ledger, a.sandbox);
    set(&mut a.concurrency, &cfg.concurrency);
    set(&mut a.rate, &cfg.rate);
    set(&mut a.burst, &cfg.burst);
    set(&mut a.max_attempts, &cfg.max_attempts);
    set_opt(&mut a.grace, &cfg.grace);
    set(&mut a.repeat_window, &cfg.repeat_window);
    a.approval = cfg.approval_policy();
    a.compare = cfg.compare_window();
    if a.report.is_none() {
        a.report = report_in_dir(cfg, &a.batch);
    }
}

pub(super) fn reconcile(cfg: &Config, a: &mut ReconcileArgs) {
    gateway(cfg, &mut a.gateway);
    ledger(cfg, &mut a.ledger, a.sandbox);
    set(&mut a.rate, &cfg.rate);
    set(&mut a.burst, &cfg.burst);
    // Reconcile allows fewer queries in flight than submit sends.
    if let Some(s) = &cfg.concurrency
        && !matches!(s.source, Source::Flag(_))
    {
        a.concurrency = s.value.min(64);
    }
    set(&mut a.grace, &cfg.grace);
    if a.report.is_none() {
        a.report = report_in_dir(cfg, &a.batch);
    }
}

/// `<report_dir>/<label>.xlsx` when `report_dir` is set; else the
/// command's own default (beside the ledger).
fn report_in_dir(cfg: &Config, label: &str) -> Option<std::path::PathBuf> {
    let dir = &cfg.report_dir.as_ref()?.value;
    let default = crate::report::from_ledger::default_report_path(std::path::Path::new("x"), label);
    default.file_name().map(|name| dir.join(name))
}
