//! `payrun sandbox`: read the flags, start the sandbox, print how to reach
//! it, and wait for Ctrl-C.

use crate::cli::SandboxArgs;
use crate::error::Error;
use crate::exit;
use crate::gateway::wire::{Rounding, parse_amount};
use crate::money::Amount;
use crate::sandbox::{
    DEFAULT_SECRET, Faults, RULES, Sandbox, SandboxConfig, SandboxHandle, parse_latency,
};
use crate::secret::Secret;

/// Where a sandbox secret other than the public default comes from.
const SECRET_ENV: &str = "PAYRUN_SANDBOX_SECRET";

fn custom_secret_text() -> Option<String> {
    crate::config::env::value(SECRET_ENV)
}

/// The secret a `payrun sandbox` started here signs with: PAYRUN_SANDBOX_SECRET,
/// else the public default. `listen --sandbox` verifies callbacks with it.
pub(super) fn sandbox_secret() -> Secret {
    Secret::new(custom_secret_text().unwrap_or_else(|| DEFAULT_SECRET.to_string()))
}

pub fn run(args: Box<SandboxArgs>) -> Result<i32, Error> {
    let (cfg, custom_secret) = config(&args)?;
    let books = cfg.books.clone();
    let handle = Sandbox::start(cfg.clone()).map_err(|e| Error::Usage(e.to_string()))?;
    let summary = summary(&cfg, custom_secret, &handle, books.as_deref());
    // Watched before the address is printed: from then on a signal stops it cleanly.
    let stop = super::interrupt::flag();
    let url = handle.url();
    let bound = handle.bound();
    // The address really bound: every interface is shown as such.
    println!("payrun sandbox listening on http://{bound}");
    if url != format!("http://{bound}") {
        println!("  from here   {url}");
    }
    if args.public {
        crate::log::warn(
            "sandbox_public",
            format!(
                "payrun sandbox: --public: {bound} may be reachable from other machines; its \
                 /_sandbox/* controls take no password and it POSTs callbacks to any notifyUrl \
                 it is given"
            ),
        );
    }
    println!("{summary}");
    println!("  ledger      GET {url}/_sandbox/ledger");
    println!("  statement   GET {url}/_sandbox/statement?from=YYYY-MM-DD&to=YYYY-MM-DD");
    println!("Press Ctrl-C to stop.");
    while !stop.load(std::sync::atomic::Ordering::SeqCst) {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    crate::log::info("sandbox_stopping", "payrun sandbox: stopping");
    handle.shutdown();
    Ok(exit::OK)
}

fn taka(flag: &str, text: &str) -> Result<Amount, Error> {
    parse_amount(&text.replace(',', ""), Rounding::Exact)
        .filter(|a| a.poisha() >= 0)
        .ok_or_else(|| {
            Error::Usage(format!(
                "{flag} {} is not an amount in taka; write e.g. {flag} 50000",
                crate::text::quoted(text)
            ))
        })
}

/// A flag's value as the mode it names (`ThrottleMode`, `DropMode`), by
/// the mode's own name in `sandbox/faults.rs` (its serde name, which the
/// `--faults` JSON uses too): the names are spelt in one place.
fn mode<T: serde::de::DeserializeOwned>(flag: &str, text: &str) -> Result<T, Error> {
    serde_json::from_value(serde_json::Value::String(text.to_string()))
        .map_err(|e| Error::Usage(format!("{flag} {}: {e}", crate::text::quoted(text))))
}

fn config(a: &SandboxArgs) -> Result<(SandboxConfig, bool), Error> {
    let (f, st) = (&a.faults, &a.statement);
    let (latency_ms, latency_max_ms) = parse_latency(&f.latency).map_err(Error::Usage)?;
    let faults = Faults {
        seed: f.seed,
        latency_ms,
        latency_max_ms,
        rate_limit: f.rate_limit,
        throttle_with: mode("--throttle-with", &f.throttle_with)?,
        error_rate: f.error_rate,
        error_status: f.error_status,
        drop_rate: f.drop_rate,
        drop_with: mode("--drop-with", &f.drop_with)?,
        garbage_rate: f.garbage_rate,
        callback_duplicate_rate: f.callback_duplicate_rate,
        callback_early_rate: f.callback_early_rate,
        accept_duplicates: f.accept_duplicates,
        query_error_rate: f.query_error_rate,
        query_lag_ms: f
            .query_lag
            .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX)),
        trade_no_alphabet: mode("--trade-no-alphabet", &f.trade_no_alphabet)?,
        statement_missing_rate: st.statement_missing_rate,
        statement_amount_rate: st.statement_amount_rate,
        statement_reversal_rate: st.statement_reversal_rate,
        statement_extra_debits: st.statement_extra_debits,
        statement_fee_poisha: st.statement_fee_poisha,
    };
    let secret = custom_secret_text();
    let custom_secret = secret.is_some();
    let cfg = SandboxConfig {
        bind: a.bind.clone(),
        public: a.public,
        merchant_no: a.merchant_no.clone(),
        secret: Secret::new(secret.unwrap_or_else(|| DEFAULT_SECRET.to_string())),
        balance: taka("--balance", &a.balance)?,
        settle_after: a.settle_after,
        instant: a.instant,
        echo_wallet: a.echo_wallet,
        max_orders: a.max_orders,
        min_amount: taka("--min-amount", &a.min_amount)?,
        max_amount: taka("--max-amount", &a.max_amount)?,
        allow_decimals: a.allow_decimals,
        way_codes: a.way_codes.iter().map(|c| c.trim().to_string()).collect(),
        threads: a.threads,
        max_connections: a.max_connections,
        callback_delays: a.callback_retries.clone(),
        callback_timeout: a.callback_timeout,
        faults,
        books: a.state.clone(),
        books_read_only: false,
    };
    Ok((cfg, custom_secret))
}

fn summary(
    cfg: &SandboxConfig,
    custom_secret: bool,
    handle: &SandboxHandle,
    books: Option<&std::path::Path>,
) -> String {
    let secret = if custom_secret {
        format!("*** (from ${SECRET_ENV})")
    } else {
        format!("{DEFAULT_SECRET}  (a public test value)")
    };
    let rules: Vec<String> = RULES
        .iter()
        .map(|(suffix, code, _)| format!("*{suffix} fails {code}"))
        .collect();
    let settle = if cfg.instant {
        "at once (--instant)".to_string()
    } else {
        format!("after {}", humantime::format_duration(cfg.settle_after))
    };
    let faults = if cfg.faults == Faults::default() {
        "none".to_string()
    } else {
        serde_json::to_string(&cfg.faults).unwrap_or_default()
    };
    let books = books.map_or_else(
        || "in memory: gone when it stops (--state FILE keeps them)".to_string(),
        |p| format!("{} ({} orders)", p.display(), handle.orders().len()),
    );
    format!(
        "  merchantNo  {}\n  secret      {secret}\n  balance     {} taka\n  settles     {settle}; \
         {}; *1111 paid at once; *5555 stays processing\n  faults      {faults}\n  books       {books}",
        cfg.merchant_no,
        handle.available(),
        rules.join(", ")
    )
}
