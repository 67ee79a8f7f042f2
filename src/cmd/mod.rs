//! One file per subcommand. Each wires the stages together for its command and
//! holds no business rule, so every command's flow reads top to bottom.

mod check;
pub mod connect;
mod sandbox;
mod submit;

use crate::cli::{Cli, Command};
use crate::error::Error;

/// Runs one parsed command line and returns the process exit code.
pub fn run(cli: Cli) -> Result<i32, Error> {
    match cli.command {
        Command::Check(args) => check::run(args),
        Command::Sandbox(args) => sandbox::run(args),
        Command::Submit(args) => submit::run(args),
    }
}
