//! stdout, where a command's answer goes (the summary, a table, a report's
//! path), written so that a reader who stops reading is never a crash.
//!
//! std's `print!` and `println!` panic when a write fails, and a write
//! fails whenever the reader is gone: `payrun status | head -1`, a cron
//! mailer that died, `| grep -q`. A panic there is exit 101 and a Rust
//! message in the operator's mail, and in `submit` it would unwind a run
//! whose payouts are already on their way. So this module defines the
//! crate's own `print!` and `println!`: `lib.rs` declares it first, with
//! `#[macro_use]`, and a `macro_rules!` macro in scope shadows the std
//! prelude's of the same name, so every `println!` in the library is this
//! one, including code written later. One place, for every command.
//!
//! What happens when stdout fails (docs/operations.md, "A closed stdout"):
//! - the rest of the output is dropped, quietly for a closed pipe (the
//!   reader chose to stop: the Unix convention), with one warning on
//!   stderr for any other error (a full disk under `> file`);
//! - the command goes on and exits with its own code, so a submit still
//!   pays and records every row and cron still learns how the run went
//!   (`set -o pipefail` gives payrun's code); the `finished` event still
//!   ends stderr.
//!
//! The library's unit tests print through std, so the test harness still
//! captures their output.

use std::fmt;
use std::io::{ErrorKind, Write};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

/// Set once stdout has failed: nothing more is written to it.
static GONE: AtomicBool = AtomicBool::new(false);

/// The crate's `print!`: std's, without the panic on a closed stdout.
macro_rules! print {
    ($($arg:tt)*) => {
        $crate::out::print_fmt(format_args!($($arg)*))
    };
}

/// The crate's `println!`: std's, without the panic on a closed stdout.
macro_rules! println {
    () => {
        $crate::out::print_fmt(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::out::print_fmt(format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// What `print!` and `println!` call.
#[doc(hidden)]
#[allow(clippy::disallowed_methods)] // the one place stdout is written
pub fn print_fmt(args: fmt::Arguments<'_>) {
    if cfg!(test) {
        std::print!("{args}");
        return;
    }
    if let Some(held) = held().as_mut() {
        held.push_str(&args.to_string());
        return;
    }
    let mut out = std::io::stdout().lock();
    write_to(&mut out, |w| w.write_fmt(args));
}

/// stdout held back until the command's exit code is known (`--quiet` on
/// `submit` and `reconcile`: a summary only when it needs a person).
static HELD: Mutex<Option<String>> = Mutex::new(None);

fn held() -> std::sync::MutexGuard<'static, Option<String>> {
    HELD.lock().unwrap_or_else(|p| p.into_inner())
}

/// Holds everything printed from now on until [`release`].
pub fn hold() {
    *held() = Some(String::new());
}

/// Ends [`hold`]: writes what was held if `show`, drops it otherwise.
/// Without a hold it does nothing, so every way out may call it.
pub fn release(show: bool) {
    let Some(text) = held().take() else {
        return;
    };
    if show && !text.is_empty() {
        print_fmt(format_args!("{text}"));
    }
}

/// Writes bytes (generated text such as completions or a man page) to
/// stdout, under the same rule.
#[allow(clippy::disallowed_methods)] // the one place stdout is written
pub fn write_all(bytes: &[u8]) {
    let mut out = std::io::stdout().lock();
    write_to(&mut out, |w| w.write_all(bytes).and_then(|()| w.flush()));
}

/// Whether stdout has failed and output is being dropped.
pub fn is_gone() -> bool {
    GONE.load(Ordering::SeqCst)
}

/// Runs one write unless stdout has already failed; a failure stops every
/// later write, and is reported once unless it is a closed pipe.
fn write_to<W: Write>(w: &mut W, write: impl FnOnce(&mut W) -> std::io::Result<()>) {
    if is_gone() {
        return;
    }
    if let Err(e) = write(w)
        && !GONE.swap(true, Ordering::SeqCst)
        && e.kind() != ErrorKind::BrokenPipe
    {
        crate::log::warn(
            "stdout_failed",
            format!(
                "warning: could not write to stdout ({e}); the rest of this command's output is dropped, the command goes on"
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Accepts `room` bytes, then fails every write with `kind`.
    struct Failing {
        room: usize,
        kind: ErrorKind,
        writes: usize,
    }

    impl Write for Failing {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.writes += 1;
            if self.room == 0 {
                return Err(self.kind.into());
            }
            let n = buf.len().min(self.room);
            self.room -= n;
            Ok(n)
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_failed_write_stops_every_later_one_without_a_panic() {
        GONE.store(false, Ordering::SeqCst);
        let mut w = Failing {
            room: 4,
            kind: ErrorKind::BrokenPipe,
            writes: 0,
        };
        write_to(&mut w, |w| w.write_all(b"first line\n"));
        assert!(is_gone());
        let before = w.writes;
        write_to(&mut w, |w| w.write_all(b"second line\n"));
        assert_eq!(w.writes, before, "nothing is tried after the failure");
        GONE.store(false, Ordering::SeqCst);
    }
}
