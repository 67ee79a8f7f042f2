//! The gateway connection every gateway command needs: flags, environment
//! and payrun.toml (already merged into [`GatewayArgs`]), or the in-process
//! sandbox. The secret comes from [`crate::config::secret`] straight into a
//! [`Secret`]. The in-process sandbox exists only in a build with the cargo
//! feature `sandbox` ([`crate::cli::sandbox_flag`]).

use crate::cli::GatewayArgs;
use crate::config::Setting;
use crate::error::Error;
use crate::gateway::{Client, ClientConfig, GatewayError};
#[cfg(feature = "sandbox")]
use crate::sandbox::{Sandbox, SandboxConfig, SandboxHandle};
use crate::secret::Secret;
use std::path::PathBuf;

/// A ready client, and what the ledger binds a batch to.
pub struct Connection {
    pub client: Client,
    pub merchant_no: String,
    /// The gateway as recorded in the batch: the base URL, or `sandbox` for
    /// the in-process one (its port changes every run).
    pub gateway_id: String,
    /// Keeps the in-process sandbox alive for the run: held, never read.
    #[allow(dead_code, reason = "held for its Drop")]
    pub sandbox: Option<SandboxHandle>,
}

/// A build without the sandbox has no handle to keep: nothing can make one.
#[cfg(not(feature = "sandbox"))]
#[derive(Debug)]
pub enum SandboxHandle {}

#[cfg(not(feature = "sandbox"))]
fn connect_sandbox(_: &GatewayArgs, _: usize) -> Result<Connection, Error> {
    Err(Error::Usage(
        crate::cli::sandbox_flag::NOT_BUILT.to_string(),
    ))
}

/// Builds the client from flags and environment, or starts the sandbox.
pub fn connect(args: &GatewayArgs, sandbox: bool, workers: usize) -> Result<Connection, Error> {
    if sandbox {
        return connect_sandbox(args, workers);
    }
    let try_sandbox = if crate::cli::sandbox_flag::BUILT {
        " (or try --sandbox to run against the built-in sandbox)"
    } else {
        ""
    };
    let missing = |what: &str, flag: &str, env: &str| {
        Error::Usage(format!("no {what}: pass {flag} or set {env}{try_sandbox}"))
    };
    let url = args
        .gateway_url
        .clone()
        .ok_or_else(|| missing("gateway URL", "--gateway URL", "PAYRUN_GATEWAY_URL"))?;
    let merchant = args
        .merchant
        .clone()
        .ok_or_else(|| missing("merchant number", "--merchant NO", "PAYRUN_MERCHANT_NO"))?;
    let notify = args.notify_url.clone().ok_or_else(|| {
        missing(
            "callback URL (the gateway requires notifyUrl)",
            "--notify-url URL",
            "PAYRUN_NOTIFY_URL",
        )
    })?;
    let settings = &args.settings;
    let profile = settings.profile.as_deref().unwrap_or("(none)");
    if let Some(warning) = crate::config::transport::check(&url, settings.production, profile)? {
        crate::log::warn("plain_http", warning);
    }
    let secret = app_secret(settings.app_secret_file.as_ref())?;
    let gateway_id = url.trim_end_matches('/').to_string();
    let mut cfg = ClientConfig::new(url, merchant.clone(), secret, notify);
    cfg.way_codes = settings.way_codes.clone();
    cfg.classes = settings.classes.clone();
    let client = build(cfg, args, false, workers)?;
    Ok(Connection {
        client,
        merchant_no: merchant,
        gateway_id,
        sandbox: None,
    })
}

fn build(
    mut cfg: ClientConfig,
    args: &GatewayArgs,
    sandbox: bool,
    workers: usize,
) -> Result<Client, Error> {
    cfg.connect_timeout = args.connect_timeout;
    cfg.request_timeout = args.request_timeout(sandbox);
    cfg.max_idle_per_host = cfg.max_idle_per_host.max(workers);
    // Settings a client cannot be built from are the user's to fix, and
    // nothing was sent: exit 2, naming the setting.
    Client::new(cfg).map_err(|e| {
        let setting = match e {
            GatewayError::BaseUrl { .. } => "gateway_url (--gateway, PAYRUN_GATEWAY_URL)",
            GatewayError::MerchantNo(_) => "merchant_no (--merchant, PAYRUN_MERCHANT_NO)",
            GatewayError::EmptySecret => "PAYRUN_APP_SECRET or app_secret_file",
            GatewayError::Timeouts => "connect_timeout and request_timeout",
            GatewayError::Config(_) => "the gateway settings",
        };
        Error::Usage(format!(
            "{e}; check {setting} (payrun config show lists them)"
        ))
    })
}

#[cfg(feature = "sandbox")]
fn connect_sandbox(args: &GatewayArgs, workers: usize) -> Result<Connection, Error> {
    let cfg = SandboxConfig {
        // Final answers at once, so that the demo ends with paid rows instead
        // of rows processing at a sandbox that stops with this process.
        instant: true,
        // Nobody listens for callbacks in a demo; do not retry them.
        callback_delays: Vec::new(),
        threads: workers.clamp(4, 64),
        ..SandboxConfig::default()
    };
    let handle = Sandbox::start(cfg)
        .map_err(|e| Error::Usage(format!("cannot start the built-in sandbox: {e}")))?;
    let merchant = handle.merchant_no();
    let cfg = ClientConfig::new(
        handle.url(),
        merchant.clone(),
        handle.secret(),
        "http://127.0.0.1:9/payrun-demo-callback",
    );
    let client = build(cfg, args, true, workers)?;
    Ok(Connection {
        client,
        merchant_no: merchant,
        gateway_id: "sandbox (in-process)".to_string(),
        sandbox: Some(handle),
    })
}

/// The app secret: `PAYRUN_APP_SECRET`, else the config's `app_secret_file`.
/// Never a flag: it would leak into shell history and `ps`. The listener
/// verifies callbacks with the same secret.
pub fn app_secret(file: Option<&Setting<PathBuf>>) -> Result<Secret, Error> {
    let (secret, _) = crate::config::secret::load(file)?;
    Ok(secret)
}
