//! Everything payrun says on stderr goes through here, so that a cron job can
//! ask for one JSON object per line (`--log-format json`) or for silence but
//! the final summary (`--quiet`), and get exactly that from every command.
//!
//! stdout is left alone: it carries the command's result (the summary, a
//! dry run's table), which scripts read as they always did.

use serde_json::{Map, Value, json};
use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};

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
    /// Progress and results.
    Info,
    /// Something an operator should look at; the run goes on.
    Warn,
    /// What stopped a command or a payout.
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
pub(crate) fn is_json() -> bool {
    settings().format == Format::Json
}

/// Whether `--quiet` asked for the final summary only.
pub(crate) fn is_quiet() -> bool {
    settings().quiet
}

/// Whether a person is watching: stdin and stderr are terminals and nobody
/// asked for machine or quiet output. Cron has no terminal, so a job never
/// waits on a prompt or fills its mail with progress-bar redraws.
pub(crate) fn is_interactive() -> bool {
    let s = settings();
    s.format == Format::Text
        && !s.quiet
        && std::io::stderr().is_terminal()
        && std::io::stdin().is_terminal()
}

/// Something that happened, worth a line unless `--quiet`.
pub(crate) fn info(event: &str, message: impl std::fmt::Display) {
    emit(Level::Info, event, &message.to_string(), &[]);
}

/// Something a person should look at; the run goes on.
pub(crate) fn warn(event: &str, message: impl std::fmt::Display) {
    emit(Level::Warn, event, &message.to_string(), &[]);
}

/// Why the command stopped.
pub(crate) fn error(event: &str, message: impl std::fmt::Display) {
    emit(Level::Error, event, &message.to_string(), &[]);
}

/// Longest a value from a request is shown in a log line, in characters.
const UNTRUSTED_MAX: usize = 200;

/// A value that came from a request (a tradeNo, a status, a path), made safe
/// to put in a log line: every control character (C0, DEL, C1 such as NEL
/// and CSI, line and paragraph separators, bidirectional overrides) and the
/// backslash are written as escapes, so the value can neither start a line
/// of its own nor move the cursor or recolour a terminal; and it is cut to
/// 200 characters. The one helper for every such value.
pub(crate) fn untrusted(value: &str) -> String {
    let mut out = String::with_capacity(value.len().min(UNTRUSTED_MAX) + 8);
    for (shown, c) in value.chars().enumerate() {
        if shown == UNTRUSTED_MAX {
            out.push_str(&format!(
                "...({} more characters)",
                value.chars().count() - shown
            ));
            break;
        }
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_unsafe(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Characters that change what a terminal or a log viewer shows beyond
/// themselves.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
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
        Format::Json => {
            if level == Level::Error && !matches!(event, "row_issue" | "batch_error") {
                keep_reason(message);
            }
            json_line(level, event, message, fields)
        }
    };
    // stderr is unbuffered; one write per line keeps lines whole across threads.
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{line}");
}

/// Under `--log-format json`, the error events' sentences (not each row's
/// issue: the sheet's whole text is one of them), for stdout when the run
/// stops ([`finished`]): cron mails stdout, and stderr goes to the log.
static REASONS: Mutex<Vec<String>> = Mutex::new(Vec::new());
/// Reasons kept at most: the first ones say why.
const REASONS_KEPT: usize = 5;

fn keep_reason(message: &str) {
    let mut r = REASONS.lock().unwrap_or_else(|p| p.into_inner());
    if r.len() < REASONS_KEPT {
        r.push(message.trim_end_matches('\n').to_string());
    }
}

/// Fields gathered for the final event by the command as it runs (its
/// counts), written by [`finished`].
static FINAL_FIELDS: Mutex<Vec<(String, Value)>> = Mutex::new(Vec::new());
/// The final event is written once, whichever path ends the process first.
static FINISHED: AtomicBool = AtomicBool::new(false);

/// Adds fields (a command's counts, its batch) to the `finished` event. A
/// later value for the same key replaces the earlier one.
pub(crate) fn finish_with(fields: &[(&str, Value)]) {
    let mut held = FINAL_FIELDS.lock().unwrap_or_else(|p| p.into_inner());
    for (k, v) in fields {
        held.retain(|(old, _)| old != k);
        held.push(((*k).to_string(), v.clone()));
    }
}

/// Takes back the fields gathered so far for the `finished` event, all but
/// those named in `keep`: a command that runs one part after another
/// (`reconcile --all-open`, batch by batch) gathers each part's own, then
/// gives the event what they add up to.
pub(crate) fn take_finish_fields(keep: &[&str]) -> Vec<(String, Value)> {
    let mut held = FINAL_FIELDS.lock().unwrap_or_else(|p| p.into_inner());
    let (kept, taken) = held
        .drain(..)
        .partition(|(k, _)| keep.contains(&k.as_str()));
    *held = kept;
    taken
}

/// Writes the `finished` event, the last line on stderr of every command
/// under `--log-format json`: `exit_code`, what it means, and the fields
/// the command gathered. Written once per process, whatever `--quiet`
/// says, so a log parser always learns how a run ended; nothing in text
/// mode, where the exit code and stdout say it.
///
/// Every way out comes here, so it also ends stdout: a summary held back
/// by `--quiet` ([`crate::out::hold`]) is shown unless the exit is 0
/// (nothing needs a person), and under JSON a run that stopped (exit 2, 3,
/// 4 or 5) says why on stdout in the words of its error events, as the
/// summary a finished run prints there.
pub fn finished(exit_code: i32) {
    if FINISHED.swap(true, Ordering::SeqCst) {
        return;
    }
    crate::out::release(exit_code != crate::exit::OK);
    if !is_json() {
        return;
    }
    if matches!(
        exit_code,
        crate::exit::INVALID
            | crate::exit::SYSTEMIC
            | crate::exit::LOCKED
            | crate::exit::NOT_STARTED
    ) {
        let reasons = std::mem::take(&mut *REASONS.lock().unwrap_or_else(|p| p.into_inner()));
        for r in reasons {
            crate::out::print_fmt(format_args!("{r}\n"));
        }
    }
    let held = FINAL_FIELDS
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone();
    let mut fields: Vec<(&str, Value)> = vec![
        ("exit_code", json!(exit_code)),
        ("meaning", json!(crate::exit::meaning(exit_code))),
    ];
    fields.extend(held.iter().map(|(k, v)| (k.as_str(), v.clone())));
    let message = format!(
        "finished: exit {exit_code} ({})",
        crate::exit::meaning(exit_code)
    );
    let line = json_line(Level::Info, "finished", &message, &fields);
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{line}");
}

/// One event as one line of JSON.
pub(crate) fn json_line(
    level: Level,
    event: &str,
    message: &str,
    fields: &[(&str, Value)],
) -> String {
    let mut obj = Map::new();
    obj.insert("ts".into(), json!(crate::time::now_text()));
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
    fn untrusted_values_cannot_start_a_line_or_drive_the_terminal() {
        let forged =
            "X\nlisten: T-1: processing -> paid (Move)\r\u{1b}[2K\u{85}\u{9b}1m\u{2028}\u{202e}\\n";
        let shown = untrusted(forged);
        assert_eq!(
            shown,
            "X\\nlisten: T-1: processing -> paid (Move)\\r\\u{1b}[2K\\u{85}\\u{9b}1m\\u{2028}\\u{202e}\\\\n"
        );
        assert!(!shown.chars().any(is_unsafe));
        assert_eq!(untrusted("PAY-2026-11-0001_x"), "PAY-2026-11-0001_x");
        assert_eq!(untrusted("রহিম"), "রহিম");
        let long = untrusted(&"a".repeat(1000));
        assert!(long.starts_with(&"a".repeat(200)) && long.ends_with("...(800 more characters)"));
    }

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
