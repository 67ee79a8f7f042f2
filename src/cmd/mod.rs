//! One file per subcommand. Each wires the stages together for its command and
//! holds no business rule, so every command's flow reads top to bottom.

mod approve;
mod changes;
mod check;
mod config;
mod conflict;
pub mod connect;
mod finish;
mod gap;
mod helpers;
mod interrupt;
mod kept_report;
mod listen;
mod match_cmd;
mod not_started;
mod reconcile;
mod report;
mod report_guard;
#[cfg(feature = "sandbox")]
mod sandbox;
mod settings;
mod settle_io;
mod sheet;
mod shell;
mod statements;
mod status;
mod submit;

use crate::cli::{Cli, Command};
use crate::error::Error;
use clap::ArgMatches;

/// Runs one parsed command line and returns the process exit code. `matches`
/// tells a flag typed by the user from a default, for the config's precedence.
pub fn run(cli: Cli, matches: &ArgMatches) -> Result<i32, Error> {
    crate::log::init(cli.global.log_format, cli.global.quiet);
    // `--quiet` on a cron job's commands: their summary only when it needs
    // a person (an exit other than 0), shown by `log::finished`.
    let summary_run = match &cli.command {
        Command::Submit(a) => !a.dry_run,
        Command::Reconcile(_) => true,
        _ => false,
    };
    if cli.global.quiet && summary_run {
        crate::out::hold();
    }
    // Named before the signal handler exists: a signal at once still ends
    // with a `finished` event that names the command.
    crate::log::finish_with(&[("command", command_name(&cli.command).into())]);
    interrupt::install();
    crate::cli::sandbox_flag::check(matches).map_err(|e| Error::Usage(e.to_string()))?;
    let name = command_name(&cli.command);
    let settings = |sandbox| settings::resolve(&cli.global, matches, name, sandbox);
    match cli.command {
        Command::Check(args) => {
            let s = settings(args.sandbox)?;
            check::run(args, &s)
        }
        #[cfg(feature = "sandbox")]
        Command::Sandbox(args) => sandbox::run(args),
        Command::Submit(args) => {
            let s = settings(args.sandbox)?;
            submit::run(args, s)
        }
        Command::Config(args) => config::run(args, || settings::load(&cli.global, matches)),
        Command::Approve(args) => {
            let s = settings(args.sandbox)?;
            approve::run(args, &s)
        }
        Command::Template(args) => helpers::template(args),
        Command::Completions(args) => helpers::completions(args),
        Command::Man(args) => helpers::man(args),
        Command::Reconcile(args) => {
            let s = settings(args.sandbox)?;
            reconcile::run(*args, s)
        }
        Command::Listen(args) => {
            let s = settings(args.sandbox)?;
            listen::run(args, &s)
        }
        Command::Report(args) => {
            let s = settings(args.sandbox)?;
            report::run(args, &s)
        }
        Command::Match(args) => {
            let s = settings(args.sandbox)?;
            match_cmd::run(*args, &s)
        }
        Command::Status(args) => {
            let s = settings(args.sandbox)?;
            status::run(args, &s)
        }
        Command::Conflict(args) => {
            let s = settings(args.sandbox)?;
            conflict::run(args, &s)
        }
        Command::Statement(args) => {
            let s = settings(args.sandbox)?;
            statements::run(args, &s)
        }
    }
}

/// The subcommand's name, for the final event.
fn command_name(c: &Command) -> &'static str {
    match c {
        Command::Check(_) => "check",
        #[cfg(feature = "sandbox")]
        Command::Sandbox(_) => "sandbox",
        Command::Submit(_) => "submit",
        Command::Reconcile(_) => "reconcile",
        Command::Listen(_) => "listen",
        Command::Report(_) => "report",
        Command::Status(_) => "status",
        Command::Conflict(_) => "conflict",
        Command::Statement(_) => "statement",
        Command::Match(_) => "match",
        Command::Config(_) => "config",
        Command::Approve(_) => "approve",
        Command::Template(_) => "template",
        Command::Completions(_) => "completions",
        Command::Man(_) => "man",
    }
}

/// The `--batch` label of a command that names a batch to be sent (`submit`,
/// `approve`, `check --batch`): refused as a usage error if it cannot be
/// one, and, where the tradeNo's front cuts what tells it apart, the warning
/// said once, the same from each, before anything is sent or approved.
fn batch_label(text: &str) -> Result<crate::plan::BatchLabel, Error> {
    let label = crate::plan::BatchLabel::parse(text).map_err(|e| Error::Usage(e.to_string()))?;
    if let Some(w) = label.cut_warning() {
        crate::log::warn("label_cut", format!("warning: {w}"));
    }
    Ok(label)
}
