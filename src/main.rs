//! The `payrun` binary: parse the command line, hand off to the library, and
//! turn its result into an exit code. Everything else lives in the library so
//! that tests can drive it directly.

use clap::{CommandFactory, FromArgMatches};

fn main() {
    let matches = payrun::cli::Cli::command().get_matches();
    let cli = match payrun::cli::Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    let code = match payrun::cmd::run(cli, &matches) {
        Ok(code) => code,
        Err(err) => {
            let code = err.exit_code();
            // `anyhow` renders the whole cause chain on one screen.
            let text = format!("error: {:#}", anyhow::Error::new(err));
            payrun::log::emit(
                payrun::log::Level::Error,
                "failed",
                &text,
                &[("exit_code", code.into())],
            );
            code
        }
    };
    std::process::exit(code);
}
