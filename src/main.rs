//! The `payrun` binary: parse the command line, hand off to the library, and
//! turn its result into an exit code. Everything else lives in the library so
//! that tests can drive it directly.
//!
//! Every way out goes through [`finish`], so that under `--log-format json`
//! the last stderr line is always the `finished` event.

#![deny(clippy::unwrap_used, clippy::expect_used)]

use clap::{CommandFactory, FromArgMatches};
use payrun::log::{Level, emit};

fn main() {
    // One rule for every PAYRUN_* variable: blank is unset (config::env).
    for var in payrun::blank_for_clap() {
        // SAFETY: nothing else runs yet: main has started no thread, and
        // no other code reads or writes the environment at this point.
        unsafe { std::env::remove_var(var) };
    }
    let parsed = payrun::Cli::command()
        .try_get_matches()
        .and_then(|m| payrun::Cli::from_arg_matches(&m).map(|cli| (cli, m)));
    let (cli, matches) = match parsed {
        Ok(ok) => ok,
        Err(e) => usage_error(e),
    };
    if cli.global.log_format == payrun::log::Format::Json {
        json_panics();
    }
    let ran = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        payrun::run(cli, &matches).map_err(Box::new)
    }));
    let code = match ran {
        Ok(Ok(code)) => code,
        Ok(Err(err)) => {
            let code = err.exit_code();
            // `anyhow` renders the whole cause chain on one screen.
            let text = format!("error: {:#}", anyhow::Error::new(*err));
            emit(Level::Error, "failed", &text, &[("exit_code", code.into())]);
            code
        }
        // The panic hook has said what happened; 101 is Rust's own code.
        Err(_) => 101,
    };
    finish(code);
}

/// Writes the final event and exits.
fn finish(code: i32) -> ! {
    payrun::log::finished(code);
    std::process::exit(code);
}

/// Under `--log-format json` a panic is one JSON `error` line too, never
/// Rust's plain-text message.
fn json_panics() {
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic".to_string());
        emit(
            Level::Error,
            "panic",
            &format!("error: payrun stopped on a bug: {what}{place}; please report it"),
            &[],
        );
    }));
}

/// A command line clap refused. Help and version print as usual; an error
/// under `--log-format json` is one JSON line too, so a cron job's log
/// parser never meets a plain-text line.
fn usage_error(e: clap::Error) -> ! {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let args: Vec<String> = std::env::args().collect();
    let flag_given = args
        .iter()
        .any(|a| a == "--log-format" || a.starts_with("--log-format="));
    let env_format = std::env::var(payrun::LOG_FORMAT_ENV).ok();
    let json_wanted = args
        .windows(2)
        .any(|w| w[0] == "--log-format" && w[1].eq_ignore_ascii_case("json"))
        || args
            .iter()
            .any(|a| a.eq_ignore_ascii_case("--log-format=json"))
        || (!flag_given
            && env_format
                .as_deref()
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("json")));
    let about_log_format = matches!(
        e.get(ContextKind::InvalidArg),
        Some(ContextValue::String(a)) if a.starts_with("--log-format")
    );
    if !flag_given
        && about_log_format
        && let Some(v) = env_format.filter(|v| !v.trim().is_empty())
        && !v.trim().eq_ignore_ascii_case("json")
        && !v.trim().eq_ignore_ascii_case("text")
    {
        // clap names the flag; the value came from the variable.
        eprintln!(
            "error: {}={v:?} is not a log format: write text or json (any case), or unset it",
            payrun::LOG_FORMAT_ENV
        );
        finish(payrun::exit::INVALID);
    }
    if !json_wanted {
        e.exit();
    }
    payrun::log::init(payrun::log::Format::Json, false);
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        // Help and version go to stdout as usual; the final event follows.
        let _ = e.print();
        finish(e.exit_code());
    }
    // A missing subcommand's help, like any usage error, is one JSON line.
    let code = payrun::exit::INVALID;
    let text = e.render().to_string();
    emit(
        Level::Error,
        "usage",
        text.trim_end(),
        &[("exit_code", code.into())],
    );
    finish(code);
}
