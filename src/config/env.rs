//! THE rule for a `PAYRUN_*` variable, whoever reads it (the settings
//! table's layers, the secret, clap's global options): set but empty or
//! blank is the same as unset. `PAYRUN_LEDGER= payrun ...` is how a shell
//! user switches a variable off for one command, and a crontab or systemd
//! unit that writes `PAYRUN_CONFIG=` with nothing after it means no file,
//! not "a value is required".

use super::keys::{CONFIG_ENV, LOG_FORMAT_ENV, PROFILE_ENV};

/// The value of `var`, or `None` when it is unset, blank or not Unicode.
pub fn value(var: &str) -> Option<String> {
    std::env::var(var).ok().filter(|v| !v.trim().is_empty())
}

/// The variables clap reads itself, for the global options.
const READ_BY_CLAP: [&str; 3] = [CONFIG_ENV, PROFILE_ENV, LOG_FORMAT_ENV];

/// Those of clap's variables that are set but blank: the binary unsets
/// them before clap reads them (clap takes an empty value as a value).
pub fn blank_for_clap() -> Vec<&'static str> {
    READ_BY_CLAP
        .into_iter()
        .filter(|v| std::env::var_os(v).is_some() && value(v).is_none())
        .collect()
}
