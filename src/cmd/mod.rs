//! One file per subcommand. Each wires the stages together for its command and
//! holds no business rule, so every command's flow reads top to bottom.

mod approve;
mod changes;
mod check;
mod config;
pub mod connect;
mod finish;
mod helpers;
mod interrupt;
mod listen;
mod match_cmd;
mod not_started;
mod reconcile;
mod report;
#[cfg(feature = "sandbox")]
mod sandbox;
mod settings;
mod settle_io;
mod sheet;
mod status;
mod submit;

use crate::cli::{Cli, Command};
use crate::error::Error;
use clap::ArgMatches;

/// Runs one parsed command line and returns the process exit code. `matches`
/// tells a flag typed by the user from a default, for the config's precedence.
pub fn run(cli: Cli, matches: &ArgMatches) -> Result<i32, Error> {
    crate::log::init(cli.global.log_format, cli.global.quiet);
    interrupt::install();
    crate::log::finish_with(&[("command", command_name(&cli.command).into())]);
    crate::cli::sandbox_flag::check(matches).map_err(|e| Error::Usage(e.to_string()))?;
    let cfg = || settings::load(&cli.global, matches);
    match cli.command {
        Command::Check(mut args) => {
            let cfg = cfg()?;
            settings::sheet(&cfg, &mut args.sheet);
            settings::ledger(&cfg, &mut args.ledger, args.sandbox);
            args.compare = cfg.compare_window();
            check::run(args)
        }
        #[cfg(feature = "sandbox")]
        Command::Sandbox(args) => sandbox::run(args),
        Command::Submit(mut args) => {
            settings::submit(&cfg()?, &mut args);
            submit::run(args)
        }
        Command::Config(args) => config::run(args, cfg),
        Command::Approve(mut args) => {
            let cfg = cfg()?;
            settings::sheet(&cfg, &mut args.sheet);
            settings::ledger(&cfg, &mut args.ledger, args.sandbox);
            args.approval = cfg.approval_policy();
            args.compare = cfg.compare_window();
            approve::run(args)
        }
        Command::Template(args) => helpers::template(args),
        Command::Completions(args) => helpers::completions(args),
        Command::Man(args) => helpers::man(args),
        Command::Reconcile(mut args) => {
            settings::reconcile(&cfg()?, &mut args);
            reconcile::run(*args)
        }
        Command::Listen(mut args) => {
            let cfg = cfg()?;
            settings::ledger(&cfg, &mut args.ledger, args.sandbox);
            listen::run(args, cfg.app_secret_file.as_ref(), cfg.code_classes())
        }
        Command::Report(mut args) => {
            settings::ledger(&cfg()?, &mut args.ledger, args.sandbox);
            report::run(args)
        }
        Command::Match(mut args) => {
            settings::ledger(&cfg()?, &mut args.ledger, args.sandbox);
            match_cmd::run(*args)
        }
        Command::Status(mut args) => {
            settings::ledger(&cfg()?, &mut args.ledger, args.sandbox);
            status::run(args)
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
        Command::Match(_) => "match",
        Command::Config(_) => "config",
        Command::Approve(_) => "approve",
        Command::Template(_) => "template",
        Command::Completions(_) => "completions",
        Command::Man(_) => "man",
    }
}
