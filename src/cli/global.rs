//! Options every command takes: the config file, the profile, logging.
//! They are read before payrun.toml, so they are not keys of it; their
//! variables are declared with the settings table (`config::keys`).

use crate::config::keys;
use clap::Args;
use std::path::PathBuf;

/// Options every command takes; they may appear before or after the
/// subcommand.
#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// The config file [default: $PAYRUN_CONFIG, else ./payrun.toml if it exists].
    #[arg(long, global = true, value_name = "PATH", env = keys::CONFIG_ENV)]
    pub config: Option<PathBuf>,

    /// The [profile.NAME] section of the config file to use, e.g. production.
    #[arg(long, global = true, value_name = "NAME", env = keys::PROFILE_ENV)]
    pub profile: Option<String>,

    /// How events are written on stderr: text for people, json for log
    /// collectors (one JSON object per line). stdout is unchanged.
    #[arg(
        long,
        global = true,
        value_name = "FORMAT",
        value_enum,
        ignore_case = true,
        default_value = "text",
        env = keys::LOG_FORMAT_ENV
    )]
    pub log_format: crate::log::Format,

    /// No progress, no step-by-step messages; warnings and errors stay.
    /// submit and reconcile print their summary only when it needs a
    /// person (exit not 0). For cron mail.
    #[arg(long, short = 'q', global = true)]
    pub quiet: bool,
}
