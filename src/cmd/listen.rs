//! `payrun listen`: the callback receiver behind the gateway's notifyUrl.

use super::connect::app_secret;
use super::settings::ledger_path;
use super::settle_io::{interrupt_flag, sandbox_hint};
use crate::cli::ListenArgs;
use crate::config::Resolved;
use crate::error::Error;
use crate::exit;
use crate::listen::{ListenConfig, ListenError, ListenLimits, Listener, exposure_warning};
use std::sync::atomic::Ordering;

pub fn run(args: ListenArgs, s: &Resolved) -> Result<i32, Error> {
    let ledger = ledger_path(s)?;
    // Never creates a ledger (a typo would answer every real callback 404),
    // and never serves a damaged one.
    let opened = crate::ledger::Ledger::open_existing(&ledger).map_err(Error::from);
    let opened = sandbox_hint(opened, &ledger, args.sandbox)?;
    // Callbacks only move payouts by the gateway's signed word, so an older
    // ledger is served; but what it holds may lack payouts, which the
    // operator must hear before the next `submit` refuses it.
    super::gap::tell(&opened)?;
    opened.quick_check()?;
    drop(opened);
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
        ..ListenLimits::default()
    };
    let bound = Listener::bind(&args.bind, cfg).map_err(listen_error);
    let listener = sandbox_hint(bound, &ledger, args.sandbox)?;
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
    let stats = listener.run_with(&limits, &stop);
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
