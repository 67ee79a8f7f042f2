//! The `payrun` binary: parse the command line, hand off to the library, and
//! turn its result into an exit code. Everything else lives in the library so
//! that tests can drive it directly.

use clap::{CommandFactory, FromArgMatches};
use payrun::log::{Level, emit};

fn main() {
    let parsed = payrun::cli::Cli::command()
        .try_get_matches()
        .and_then(|m| payrun::cli::Cli::from_arg_matches(&m).map(|cli| (cli, m)));
    let (cli, matches) = match parsed {
        Ok(ok) => ok,
        Err(e) => usage_error(e),
    };
    let code = match payrun::cmd::run(cli, &matches) {
        Ok(code) => code,
        Err(err) => {
            let code = err.exit_code();
            // `anyhow` renders the whole cause chain on one screen.
            let text = format!("error: {:#}", anyhow::Error::new(err));
            emit(Level::Error, "failed", &text, &[("exit_code", code.into())]);
            code
        }
    };
    std::process::exit(code);
}

/// A command line clap refused. Help and version print as usual; an error
/// under `--log-format json` is one JSON line too, so a cron job's log
/// parser never meets a plain-text line.
fn usage_error(e: clap::Error) -> ! {
    use clap::error::ErrorKind;
    let json_wanted = {
        let args: Vec<String> = std::env::args().collect();
        args.windows(2)
            .any(|w| w[0] == "--log-format" && w[1] == "json")
            || args.iter().any(|a| a == "--log-format=json")
            || std::env::var("PAYRUN_LOG_FORMAT").is_ok_and(|v| v == "json")
    };
    let shown = matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    );
    if shown || !json_wanted {
        e.exit();
    }
    let code = payrun::exit::INVALID;
    payrun::log::init(payrun::log::Format::Json, false);
    let text = e.render().to_string();
    emit(
        Level::Error,
        "usage",
        text.trim_end(),
        &[("exit_code", code.into())],
    );
    std::process::exit(code);
}
