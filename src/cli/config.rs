//! Arguments of `payrun config`: show the effective settings, or write a
//! starter payrun.toml.

use clap::{Args, Subcommand};
use std::path::PathBuf;

/// Shown under `payrun config --help`.
pub const CONFIG_EXAMPLES: &str = "\
Examples:
  payrun config init                          # writes ./payrun.toml, commented
  payrun config init --out /etc/payrun/payrun.toml
  payrun config show                          # what is in effect, and from where
  payrun --profile production config show
  PAYRUN_CONFIG=/etc/payrun/payrun.toml payrun config show

Precedence: flags, then PAYRUN_* environment variables, then the file, then
built-in defaults. The file is --config PATH, else $PAYRUN_CONFIG, else
./payrun.toml. The app secret comes only from PAYRUN_APP_SECRET or the file
named by app_secret_file; `config show` prints it as ***.";

/// Arguments of `payrun config`.
#[derive(Debug, Args)]
#[command(after_help = CONFIG_EXAMPLES)]
pub struct ConfigArgs {
    #[command(subcommand)]
    pub action: ConfigAction,
}

#[derive(Debug, Subcommand)]
pub enum ConfigAction {
    /// Print the effective settings and where each came from
    /// (flag / env / file:PATH / default).
    #[command(after_help = "\
Examples:
  payrun config show                          # $PAYRUN_CONFIG, else ./payrun.toml
  payrun --profile production config show     # with [profile.production] on top
  payrun config show --config /etc/payrun/payrun.toml

The app secret is printed as ***.")]
    Show,
    /// Write a commented starter payrun.toml (never overwrites a file).
    #[command(after_help = "\
Examples:
  payrun config init                          # writes ./payrun.toml
  payrun config init --out /etc/payrun/payrun.toml
  payrun --config /etc/payrun/payrun.toml config show   # then see what it sets")]
    Init {
        /// Where to write it (a missing folder is made).
        #[arg(long, value_name = "PATH", default_value = "payrun.toml")]
        out: PathBuf,
    },
}
