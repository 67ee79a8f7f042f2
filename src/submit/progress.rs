//! Progress on stderr: an indicatif bar on a terminal; under cron, one plain
//! log line every few seconds (a bar's carriage returns make a log unreadable).

use crate::engine::Stats;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::sync::Arc;
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How often the plain log prints a line.
const LOG_EVERY: Duration = Duration::from_secs(5);
const TICK: Duration = Duration::from_millis(100);

/// A running progress display; [`Progress::finish`] stops it.
pub struct Progress {
    done: mpsc::Sender<()>,
    thread: Option<JoinHandle<()>>,
}

/// Where progress goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// An animated bar (stderr is a terminal).
    Bar,
    /// Timestamped lines every few seconds.
    Log,
    /// Nothing (tests, `--quiet` later).
    Off,
}

impl Mode {
    /// A bar when a person watches a terminal; log lines otherwise (cron,
    /// pipes, `--log-format json`); nothing with `--quiet`.
    pub fn detect() -> Mode {
        if crate::log::is_quiet() {
            Mode::Off
        } else if crate::log::is_interactive() {
            Mode::Bar
        } else {
            Mode::Log
        }
    }
}

/// The counts, and what the run is waiting for when uncertain payouts wait
/// out their grace period (a run that sends nothing for a minute must not
/// look hung).
fn counts(s: &Stats, now: Instant) -> String {
    let mut text = format!(
        "paid {} · processing {} · failed {} · unknown {} · not sent {}",
        Stats::get(&s.paid),
        Stats::get(&s.processing),
        Stats::get(&s.failed),
        Stats::get(&s.unknown),
        Stats::get(&s.planned),
    );
    let waiting = s.waiting.now(now).text();
    if !waiting.is_empty() {
        text.push_str(" · ");
        text.push_str(&waiting);
    }
    text
}

impl Progress {
    /// Starts showing `stats` for a phase of `len` payouts.
    pub fn start(mode: Mode, what: &str, len: u64, stats: Arc<Stats>) -> Progress {
        let (done, rx) = mpsc::channel::<()>();
        let what = what.to_string();
        let thread = match mode {
            Mode::Off => None,
            Mode::Bar => std::thread::Builder::new()
                .name("payrun-progress".into())
                .spawn(move || bar(&what, len, &stats, &rx))
                .ok(),
            Mode::Log => std::thread::Builder::new()
                .name("payrun-progress".into())
                .spawn(move || log(&what, len, &stats, &rx))
                .ok(),
        };
        Progress { done, thread }
    }

    /// Stops the display and waits for its last line.
    pub fn finish(mut self) {
        let _ = self.done.send(());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn bar(what: &str, len: u64, stats: &Stats, rx: &mpsc::Receiver<()>) {
    let pb = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(
        "{prefix} [{elapsed_precise}] {bar:30} {pos}/{len} ETA {eta} · {msg}",
    ) {
        pb.set_style(style);
    }
    pb.set_prefix(what.to_string());
    loop {
        pb.set_position(Stats::get(&stats.done));
        pb.set_message(counts(stats, Instant::now()));
        match rx.recv_timeout(TICK) {
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            _ => break,
        }
    }
    pb.set_position(Stats::get(&stats.done));
    pb.set_message(counts(stats, Instant::now()));
    pb.finish();
}

fn log(what: &str, len: u64, stats: &Stats, rx: &mpsc::Receiver<()>) {
    let start = Instant::now();
    let line = |start: Instant| {
        let done = Stats::get(&stats.done);
        let secs = start.elapsed().as_secs_f64().max(0.001);
        let rate = done as f64 / secs;
        let text = if crate::log::is_json() {
            format!("{what}: {done}/{len}")
        } else {
            format!(
                "{} {what}: {done}/{len} ({rate:.1}/s) {}",
                crate::time::now_text(),
                counts(stats, Instant::now())
            )
        };
        let waiting = stats.waiting.now(Instant::now());
        let n = |c: &std::sync::atomic::AtomicU64| serde_json::Value::from(Stats::get(c));
        crate::log::emit(
            crate::log::Level::Info,
            "progress",
            &text,
            &[
                ("phase", what.into()),
                ("done", done.into()),
                ("total", len.into()),
                ("per_sec", ((rate * 10.0).round() / 10.0).into()),
                ("paid", n(&stats.paid)),
                ("processing", n(&stats.processing)),
                ("failed", n(&stats.failed)),
                ("unknown", n(&stats.unknown)),
                ("not_sent", n(&stats.planned)),
                // The field's name before one vocabulary (issue 14), for parsers.
                ("unsent", n(&stats.planned)),
                ("uncertain", waiting.payouts.into()),
                ("grace_left_s", waiting.grace_left.as_secs().into()),
            ],
        );
    };
    while let Err(mpsc::RecvTimeoutError::Timeout) = rx.recv_timeout(LOG_EVERY) {
        line(start);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_progress_line_says_what_the_run_waits_for() {
        let stats = Stats::default();
        let t0 = Instant::now();
        Stats::bump(&stats.paid);
        assert_eq!(
            counts(&stats, t0),
            "paid 1 · processing 0 · failed 0 · unknown 0 · not sent 0"
        );
        for id in 0..8 {
            stats.waiting.enter(id, t0 + Duration::from_millis(46_500));
        }
        assert_eq!(
            counts(&stats, t0),
            "paid 1 · processing 0 · failed 0 · unknown 0 · not sent 0 · waiting 47 s of grace on 8 uncertain payouts"
        );
    }
}
