//! Everything payrun says on stderr goes through here, so that a cron job can
//! ask for one JSON object per line (`--log-format json`) or for silence but
//! the final summary (`--quiet`), and get exactly that from every command.
//!
//! stdout is left alone: it carries the command's result (the summary, a
//! dry run's table), which scripts read as they always did.

use serde_json::{Map, Value, json};
use std::io::{IsTerminal, Write};
use std::sync::OnceLock;

/// How stderr lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Plain sentences for people.
    #[default]
    Text,
    /// One JSON object per line: `ts`, `level`, `event`, `message`, and fields.
    Json,
}

/// How loud an event is. `--quiet` drops `Info`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Warn,
    Error,
}

impl Level {
    fn name(self) -> &'static str {
        match self {
            Level::Info => "info",
            Level::Warn => "warn",
            Level::Error => "error",
        }
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct Settings {
    format: Format,
    quiet: bool,
}

static SETTINGS: OnceLock<Settings> = OnceLock::new();

/// Sets the format and quietness for the rest of the process. The first call
/// wins: a library user (a test) that never calls it gets plain text.
pub fn init(format: Format, quiet: bool) {
    let _ = SETTINGS.set(Settings { format, quiet });
}

fn settings() -> Settings {
    SETTINGS.get().copied().unwrap_or_default()
}

/// Whether stderr lines are JSON.
pub fn is_json() -> bool {
    settings().format == Format::Json
}

/// Whether `--quiet` asked for the final summary only.
pub fn is_quiet() -> bool {
    settings().quiet
}

/// Whether a person is watching: stdin and stderr are terminals and nobody
/// asked for machine or quiet output. Cron has no terminal, so a job never
/// waits on a prompt or fills its mail with progress-bar redraws.
pub fn is_interactive() -> bool {
    let s = settings();
    s.format == Format::Text
        && !s.quiet
        && std::io::stderr().is_terminal()
        && std::io::stdin().is_terminal()
}

/// Something that happened, worth a line unless `--quiet`.
pub fn info(event: &str, message: impl std::fmt::Display) {
    emit(Level::Info, event, &message.to_string(), &[]);
}

/// Something a person should look at; the run goes on.
pub fn warn(event: &str, message: impl std::fmt::Display) {
    emit(Level::Warn, event, &message.to_string(), &[]);
}

/// Why the command stopped.
pub fn error(event: &str, message: impl std::fmt::Display) {
    emit(Level::Error, event, &message.to_string(), &[]);
}

/// Writes one event. In text mode the message is printed as given (it
/// already reads as a sentence); in JSON mode the fields ride along.
pub fn emit(level: Level, event: &str, message: &str, fields: &[(&str, Value)]) {
    let s = settings();
    if s.quiet && level == Level::Info {
        return;
    }
    let line = match s.format {
        Format::Text => message.trim_end_matches('\n').to_string(),
        Format::Json => json_line(level, event, message, fields),
    };
    // stderr is unbuffered; one write per line keeps lines whole across threads.
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{line}");
}

/// One event as one line of JSON.
pub fn json_line(level: Level, event: &str, message: &str, fields: &[(&str, Value)]) -> String {
    let mut obj = Map::new();
    obj.insert("ts".into(), json!(crate::ledger::time::now_text()));
    obj.insert("level".into(), json!(level.name()));
    obj.insert("event".into(), json!(event));
    obj.insert("message".into(), json!(message.trim_end_matches('\n')));
    for (k, v) in fields {
        obj.insert((*k).to_string(), v.clone());
    }
    Value::Object(obj).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_json_line_is_one_line_of_json_even_for_multi_line_messages() {
        let line = json_line(
            Level::Warn,
            "invalid_sheet",
            "row 2: bad\nrow 3: worse\n",
            &[("rows", json!(2))],
        );
        assert!(!line.contains('\n'));
        let v: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["level"], "warn");
        assert_eq!(v["event"], "invalid_sheet");
        assert_eq!(v["message"], "row 2: bad\nrow 3: worse");
        assert_eq!(v["rows"], 2);
        assert!(v["ts"].as_str().is_some_and(|t| !t.is_empty()));
    }
}
