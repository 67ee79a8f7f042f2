//! Ctrl-C and SIGTERM, for every command, so that a stopped command still
//! ends with its `finished` event under `--log-format json`.
//!
//! One handler serves the whole process (the OS allows one). A command with
//! work in flight (submit, reconcile, listen, sandbox) asks for [`flag`] and
//! stops at its next safe point; the first signal only raises the flag, a
//! second one exits at once. Any other command (check, status, report, ...)
//! has nothing to finish: the first signal ends it with exit 130.

use crate::exit;
use std::sync::Arc;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

/// The flag and whether a command watches it.
struct Shared {
    raised: Arc<AtomicBool>,
    watched: AtomicBool,
}

static SHARED: OnceLock<Shared> = OnceLock::new();

fn shared() -> &'static Shared {
    SHARED.get_or_init(|| Shared {
        raised: Arc::new(AtomicBool::new(false)),
        watched: AtomicBool::new(false),
    })
}

/// Installs the process's one handler; later calls do nothing.
pub(super) fn install() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        let installed = ctrlc::set_handler(on_signal);
        if let Err(e) = installed {
            crate::log::warn(
                "no_signal_handler",
                format!("warning: Ctrl-C will not stop the run gracefully: {e}"),
            );
        }
    });
}

fn on_signal() {
    let s = shared();
    if !s.watched.load(Ordering::SeqCst) {
        crate::log::warn("interrupted", "Interrupted.");
        crate::report::atomic::abandon_all();
        crate::log::finished(exit::INTERRUPTED);
        std::process::exit(exit::INTERRUPTED);
    }
    if s.raised.swap(true, Ordering::SeqCst) {
        crate::log::warn(
            "interrupted_twice",
            "Second interrupt: exiting now. The next run resolves anything in flight.",
        );
        crate::report::atomic::abandon_all();
        crate::log::finished(exit::INCOMPLETE);
        std::process::exit(exit::INCOMPLETE);
    }
    crate::log::warn(
        "interrupted",
        "Interrupted: no new payouts are sent; waiting for requests in flight (Ctrl-C again to exit now).",
    );
}

/// The flag raised by Ctrl-C or SIGTERM. From the first call on, the first
/// signal only raises it: the caller stops at its next safe point (the
/// ledger is safe at any instant: the next run asks the gateway about
/// anything left in flight). Never lowered: a signal taken between two
/// phases of a run (after the ledger-loss check, before sending) still
/// stops the next one.
pub(crate) fn flag() -> Arc<AtomicBool> {
    install();
    let s = shared();
    s.watched.store(true, Ordering::SeqCst);
    s.raised.clone()
}

/// Says that Ctrl-C or SIGTERM stopped `during` (a check that asks the
/// gateway before anything is sent) and that nothing was sent: what an
/// interruption left unanswered is never a network fault. The run exits as
/// an interrupted `submit` does (1).
pub(crate) fn before_sending(during: &str) {
    crate::log::warn(
        "interrupted_before_sending",
        format!(
            "Interrupted (Ctrl-C or SIGTERM) during {during}. Nothing was sent; run the same \
             command again to go on."
        ),
    );
}
