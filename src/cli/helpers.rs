//! Arguments of the helpers: template, completions, man.

use clap::Args;
use std::path::PathBuf;

/// Shown under `payrun template --help`.
pub const TEMPLATE_EXAMPLES: &str = "\
Examples:
  # Headers, a Text wallet column, a provider dropdown and an Instructions sheet:
  payrun template --out payroll.xlsx
  payrun template --out payroll.csv      # the header row only

Fill one row per payout, then `payrun check payroll.xlsx`.";

/// Arguments of `payrun template`.
#[derive(Debug, Args)]
#[command(after_help = TEMPLATE_EXAMPLES)]
pub struct TemplateArgs {
    /// The file to write: .xlsx or .csv. An existing file is never overwritten.
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,
}

/// Arguments of `payrun completions`.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  payrun completions bash > ~/.local/share/bash-completion/completions/payrun
  payrun completions zsh  > ~/.zfunc/_payrun
  payrun completions fish > ~/.config/fish/completions/payrun.fish")]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Arguments of `payrun man`.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  payrun man > payrun.1 && man ./payrun.1
  payrun man --out-dir /usr/local/share/man/man1   # payrun.1 and payrun-SUBCOMMAND.1")]
pub struct ManArgs {
    /// Write one page per command into this folder instead of payrun(1) on stdout.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
}
