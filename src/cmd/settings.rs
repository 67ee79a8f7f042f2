//! Loads payrun.toml and resolves every setting for the command about to
//! run ([`crate::config::Resolved`]): commands receive their settings
//! resolved and typed, and never read a setting's flag, variable or
//! default themselves.

use crate::cli::GlobalArgs;
use crate::config::{Config, Ctx, Resolved, Setting, Source, Via, keys};
use clap::ArgMatches;
use clap::parser::ValueSource;
use std::path::{Path, PathBuf};

/// Reads the file and the layers for the subcommand in `matches`.
pub(super) fn load(global: &GlobalArgs, matches: &ArgMatches) -> Result<Config, crate::Error> {
    let via = |id: &str| match matches.value_source(id) {
        Some(ValueSource::EnvVariable) => Via::Env,
        _ => Via::Flag,
    };
    let file = crate::config::locate(global.config.clone().map(|p| (p, via("config"))));
    let profile = global.profile.clone().map(|name| Setting {
        value: name,
        source: match via("profile") {
            Via::Env => Source::Env(keys::PROFILE_ENV),
            _ => Source::Flag("--profile"),
        },
    });
    let sub = matches.subcommand().map(|(_, m)| m);
    let env = |k: &str| crate::config::env::value(k);
    Ok(Config::load(file, profile, sub, &env)?)
}

/// Every setting of `command` (with `--sandbox` or not), resolved.
pub(super) fn resolve(
    global: &GlobalArgs,
    matches: &ArgMatches,
    command: &'static str,
    sandbox: bool,
) -> Result<Resolved, crate::Error> {
    let ctx = Ctx { command, sandbox };
    let s = load(global, matches)?.resolved(ctx)?;
    crate::config::selection::remember(sandbox, &s);
    Ok(s)
}

/// Where a batch's report goes when `--report` is not given:
/// `<report_dir>/<label>.xlsx` when `report_dir` is set; else `None`, the
/// command's own default (beside the ledger).
pub(super) fn report_in_dir(s: &Resolved, label: &str) -> Option<PathBuf> {
    let dir = s.report_dir.as_ref()?;
    let default = crate::report::from_ledger::default_report_path(Path::new("x"), label);
    default.file_name().map(|name| dir.join(name))
}

/// The ledger path, or why there is none: no ledger flag, variable or
/// key, and no home for the default one (`config::home`). Never a ledger in
/// the current folder or in `/` instead.
pub(super) fn ledger_path(s: &Resolved) -> Result<PathBuf, crate::Error> {
    s.ledger.clone().ok_or_else(|| {
        let why = crate::config::home::data_home()
            .err()
            .unwrap_or_else(|| "no home folder".into());
        crate::Error::Usage(format!(
            "no ledger location: {why}, so the default ledger \
             ($XDG_DATA_HOME/payrun/ledger.sqlite, else ~/.local/share/payrun/ledger.sqlite) has \
             no place. Pass --ledger PATH, or set PAYRUN_LEDGER or the `ledger` key of \
             payrun.toml, to the ledger the other runs use; payrun never puts one in the current folder instead"
        ))
    })
}
