//! `payrun listen`: the callback receiver behind the gateway's notifyUrl.

use super::connect::app_secret;
use super::settings::ledger_path;
use super::settle_io::{interrupt_flag, sandbox_hint};
use crate::cli::ListenArgs;
use crate::config::Resolved;
use crate::error::Error;
use crate::exit;
use crate::ledger::LedgerError;
use crate::listen::{ListenConfig, ListenError, ListenLimits, Listener, exposure_warning};
use std::sync::atomic::Ordering;

pub fn run(args: ListenArgs, s: &Resolved) -> Result<i32, Error> {
    let ledger = ledger_path(s)?;
    // Never creates a ledger, and never serves a damaged one. A path with
    // none yet (a fresh install, started before the first `submit`) is
    // waited for, answering callbacks 503 meanwhile (`listen::late`).
    let awaiting = match crate::ledger::Ledger::open_existing(&ledger) {
        Ok(opened) => {
            // Callbacks only move payouts by the gateway's signed word, so an
            // older ledger is served; but what it holds may lack payouts,
            // which the operator must hear before the next `submit` refuses it.
            super::gap::tell(&opened)?;
            opened.quick_check()?;
            false
        }
        // Unless a hint says which other ledger was meant (a sandbox one
        // here, a profile's).
        Err(e) => match sandbox_hint(Err(Error::from(e)), &ledger, args.sandbox) {
            Err(Error::Ledger(LedgerError::Missing { .. })) => true,
            Err(other) => return Err(other),
            Ok(()) => false,
        },
    };
    let secret = match args.sandbox {
        true => sandbox_secret()?,
        false => app_secret(s.gateway.app_secret_file.as_ref())?,
    };
    let cfg = ListenConfig {
        ledger: ledger.clone(),
        secret,
        threads: args.threads as usize,
        classes: s.gateway.classes.clone(),
    };
    let limits = ListenLimits {
        max_body: args.max_body as usize,
        max_connections: args.max_connections as usize,
        max_per_peer: args.max_per_peer as usize,
        max_waiting: args.max_waiting as usize,
        ..ListenLimits::default()
    };
    let (limits, cut) = crate::listen::open_files::fit(limits);
    if let Some(said) = cut {
        crate::log::warn("listen_open_files", said);
    }
    let bound = Listener::bind_awaiting(&args.bind, cfg).map_err(listen_error);
    let listener = sandbox_hint(bound, &ledger, args.sandbox)?.on_late_open(|l| {
        let _ = super::gap::tell(l);
    });
    // Watched before the line below: from then on a signal is a clean stop.
    let stop = interrupt_flag();
    // Tests and wrappers read this line to learn the port of 127.0.0.1:0.
    println!(
        "payrun listen: receiving callbacks on http://{}/ for ledger {}",
        listener.local_addr(),
        ledger.display()
    );
    if let Some(warning) = exposure_warning(listener.local_addr()) {
        crate::log::warn("listen_exposed", warning);
    }
    if awaiting && !listener.has_ledger() {
        crate::log::warn(
            "listen_no_ledger",
            format!(
                "listen: no ledger at {} yet (a fresh install: only `payrun submit` creates \
                 one). Callbacks are answered 503 until it appears, so the gateway sends them \
                 again; listen looks for it every {} s. If the first submit already ran, check \
                 the path for a typo",
                ledger.display(),
                crate::listen::LEDGER_CHECK.as_secs()
            ),
        );
    }
    let mut stats = listener.run_with(&limits, &stop);
    if let Some(e) = stats.ledger_refused.take() {
        return Err(Error::Ledger(e));
    }
    let replaced = stats.ledger_replaced.load(Ordering::Relaxed);
    let n = |c: &std::sync::atomic::AtomicU64| serde_json::Value::from(c.load(Ordering::Relaxed));
    crate::log::finish_with(&[
        ("received", n(&stats.received)),
        ("applied", n(&stats.applied)),
        ("refused", n(&stats.refused)),
        ("not_stored", n(&stats.dropped)),
    ]);
    crate::log::info(
        "listen_stopped",
        format!(
            "payrun listen: stopped after {} callbacks ({} applied, {} refused, {} of them \
             counted but not stored over the evidence budget)",
            stats.received.load(Ordering::Relaxed),
            stats.applied.load(Ordering::Relaxed),
            stats.refused.load(Ordering::Relaxed),
            stats.dropped.load(Ordering::Relaxed)
        ),
    );
    // Not started on this file: systemd's Restart=always starts it again on
    // the one now at the path, with the checks every start makes.
    Ok(if replaced {
        exit::NOT_STARTED
    } else {
        exit::OK
    })
}

fn listen_error(e: ListenError) -> Error {
    match e {
        ListenError::Ledger(l) => Error::Ledger(l),
        other => Error::Usage(other.to_string()),
    }
}

/// The secret a `payrun sandbox` here signs its callbacks with.
#[cfg(feature = "sandbox")]
fn sandbox_secret() -> Result<crate::secret::Secret, Error> {
    Ok(super::sandbox::sandbox_secret())
}

/// Never reached: `--sandbox` is refused before any command runs in a
/// build without the sandbox (`cli::sandbox_flag`).
#[cfg(not(feature = "sandbox"))]
fn sandbox_secret() -> Result<crate::secret::Secret, Error> {
    Err(Error::Usage(
        crate::cli::sandbox_flag::NOT_BUILT.to_string(),
    ))
}
