//! The gateway connection every gateway command needs: flags, environment
//! and payrun.toml (already resolved into [`GatewaySettings`]), or the
//! in-process sandbox. The secret comes from [`crate::config::secret`] straight into a
//! [`Secret`]. The in-process sandbox exists only in a build with the cargo
//! feature `sandbox` ([`crate::cli::sandbox_flag`]).

use crate::config::{GatewaySettings, Setting, keys};
use crate::error::Error;
use crate::gateway::{Client, ClientConfig, GatewayError};
#[cfg(feature = "sandbox")]
use crate::sandbox::{Sandbox, SandboxConfig, SandboxError, SandboxHandle};
use crate::secret::Secret;
use std::path::{Path, PathBuf};

/// A ready client, and what the ledger binds a batch to.
pub struct Connection {
    pub client: Client,
    pub merchant_no: String,
    /// The gateway as recorded in the batch: the base URL, or `sandbox` for
    /// the in-process one (its port changes every run).
    pub gateway_id: String,
    /// Keeps the in-process sandbox alive for the run (held for its Drop);
    /// `submit` also reads whether there is one: that gateway is the run's
    /// own, so it takes no batch lock.
    #[allow(dead_code, reason = "held for its Drop")]
    pub sandbox: Option<SandboxHandle>,
}

/// A build without the sandbox has no handle to keep: nothing can make one.
#[cfg(not(feature = "sandbox"))]
#[derive(Debug)]
pub enum SandboxHandle {}

#[cfg(not(feature = "sandbox"))]
fn connect_sandbox(_: &GatewaySettings, _: usize, _: &Path, _: bool) -> Result<Connection, Error> {
    Err(Error::Usage(
        crate::cli::sandbox_flag::NOT_BUILT.to_string(),
    ))
}

/// [`connect`] with the run's pace (`workers` from its concurrency), then,
/// for a real gateway, its grace period checked ([`crate::policy::check_grace`]):
/// `submit` and `reconcile` both believe a "not found" only after it, so
/// neither may ask a gateway off this machine with too short a one.
pub fn connect_paced(
    settings: &GatewaySettings,
    sandbox: bool,
    pace: &crate::config::Pace,
    ledger: (&Path, bool),
) -> Result<Connection, Error> {
    let conn = connect(settings, sandbox, pace.concurrency as usize, ledger)?;
    if !sandbox {
        crate::policy::check_grace(&conn.gateway_id, pace.grace)?;
    }
    Ok(conn)
}

/// Builds the client from the resolved settings, or starts the sandbox.
/// `ledger`: the run's ledger; the built-in sandbox keeps its books beside
/// it ([`crate::sandbox::BOOKS_FILE`]), so the next run meets the same
/// gateway. A `dry_run` only reads them: it writes nothing.
pub fn connect(
    settings: &GatewaySettings,
    sandbox: bool,
    workers: usize,
    (ledger, dry_run): (&Path, bool),
) -> Result<Connection, Error> {
    if sandbox {
        return connect_sandbox(settings, workers, ledger, dry_run);
    }
    let try_sandbox = if crate::cli::sandbox_flag::BUILT {
        " (or try --sandbox to run against the built-in sandbox)"
    } else {
        ""
    };
    let missing = |what: &str, key: &keys::Key<String>| {
        let m = &key.meta;
        let flag = m.flag.map_or_else(String::new, |f| {
            format!("{} {}", f.long, f.value_name.unwrap_or_default())
        });
        let env = m.env.unwrap_or_default();
        let profiles = crate::config::selection::profiles_setting(key.meta.name);
        Error::Usage(format!(
            "no {what}: pass {flag} or set {env}{try_sandbox}{profiles}"
        ))
    };
    let url = settings
        .url
        .clone()
        .ok_or_else(|| missing("gateway URL", &keys::GATEWAY_URL))?;
    let merchant = settings
        .merchant_no
        .clone()
        .ok_or_else(|| missing("merchant number", &keys::MERCHANT_NO))?;
    let notify = settings.notify_url.clone().ok_or_else(|| {
        missing(
            "callback URL (the gateway requires notifyUrl)",
            &keys::NOTIFY_URL,
        )
    })?;
    let profile = settings.profile.as_deref().unwrap_or("(none)");
    if let Some(warning) = crate::config::transport::check(&url, settings.production, profile)? {
        crate::log::warn("plain_http", warning);
    }
    let secret = app_secret(settings.app_secret_file.as_ref())?;
    let gateway_id = url.trim_end_matches('/').to_string();
    let mut cfg = ClientConfig::new(url, merchant.clone(), secret, notify);
    cfg.way_codes = settings.way_codes.clone();
    cfg.classes = settings.classes.clone();
    let client = build(cfg, settings, workers)?;
    Ok(Connection {
        client,
        merchant_no: merchant,
        gateway_id,
        sandbox: None,
    })
}

fn build(
    mut cfg: ClientConfig,
    settings: &GatewaySettings,
    workers: usize,
) -> Result<Client, Error> {
    cfg.connect_timeout = settings.connect_timeout;
    cfg.request_timeout = settings.request_timeout;
    cfg.max_idle_per_host = cfg.max_idle_per_host.max(workers);
    // Settings a client cannot be built from are the user's to fix, and
    // nothing was sent: exit 2, naming the setting.
    Client::new(cfg).map_err(|e| {
        let setting = match e {
            GatewayError::BaseUrl { .. } => named(&keys::GATEWAY_URL.meta),
            GatewayError::MerchantNo(_) => named(&keys::MERCHANT_NO.meta),
            GatewayError::EmptySecret => format!(
                "{} or {}",
                crate::config::secret::SECRET_ENV,
                keys::APP_SECRET_FILE.meta.name
            ),
            GatewayError::Timeouts => format!(
                "{} and {}",
                keys::CONNECT_TIMEOUT.meta.name,
                keys::REQUEST_TIMEOUT.meta.name
            ),
            GatewayError::Config(_) => "the gateway settings".to_string(),
        };
        Error::Usage(format!(
            "{e}; check {setting} (payrun config show lists them)"
        ))
    })
}

/// A setting as the user can set it, from the settings table:
/// `gateway_url (--gateway, PAYRUN_GATEWAY_URL)`.
fn named(m: &keys::Meta) -> String {
    let ways: Vec<&str> = m.flag_text().into_iter().chain(m.env).collect();
    format!("{} ({})", m.name, ways.join(", "))
}

/// The built-in sandbox's opening balance: Tk 100 crore.
#[cfg(feature = "sandbox")]
const DEMO_BALANCE_TAKA: i64 = 1_000_000_000;

#[cfg(feature = "sandbox")]
fn connect_sandbox(
    settings: &GatewaySettings,
    workers: usize,
    ledger: &Path,
    dry_run: bool,
) -> Result<Connection, Error> {
    let books = ledger.with_file_name(crate::sandbox::BOOKS_FILE);
    let cfg = SandboxConfig {
        books: Some(books),
        books_read_only: dry_run,
        // Final answers at once, so that the demo ends with paid rows instead
        // of rows processing at a sandbox that stops with this process.
        instant: true,
        // Nobody listens for callbacks in a demo; do not retry them.
        callback_delays: Vec::new(),
        threads: workers.clamp(4, 64),
        // The books keep the balance across runs: a demo that tries many
        // labels must not run dry after eight of them (`payrun sandbox
        // --balance` is where an insufficient balance is tried).
        balance: crate::money::Amount::from_poisha(DEMO_BALANCE_TAKA * 100),
        ..SandboxConfig::default()
    };
    let handle = Sandbox::start(cfg).map_err(sandbox_not_started)?;
    let merchant = handle.merchant_no();
    let cfg = ClientConfig::new(
        handle.url(),
        merchant.clone(),
        handle.secret(),
        "http://127.0.0.1:9/payrun-demo-callback",
    );
    let client = build(cfg, settings, workers)?;
    Ok(Connection {
        client,
        merchant_no: merchant,
        gateway_id: "sandbox (in-process)".to_string(),
        sandbox: Some(handle),
    })
}

/// Damaged books are the user's to deal with (exit 2); books another run
/// holds, or a folder that cannot keep them, mean the gateway could not
/// start (exit 5). Nothing was sent either way.
#[cfg(feature = "sandbox")]
fn sandbox_not_started(e: SandboxError) -> Error {
    let text = format!("cannot start the built-in sandbox: {e}");
    match e {
        SandboxError::BooksBusy { .. } | SandboxError::BooksIo { .. } => Error::NotStarted {
            fix: text.clone(),
            cause: Box::new(Error::Usage(text)),
        },
        _ => Error::Usage(text),
    }
}

/// The app secret: `PAYRUN_APP_SECRET`, else the config's `app_secret_file`.
/// Never a flag: it would leak into shell history and `ps`. The listener
/// verifies callbacks with the same secret.
pub fn app_secret(file: Option<&Setting<PathBuf>>) -> Result<Secret, Error> {
    let (secret, _) = crate::config::secret::load(file)?;
    Ok(secret)
}
