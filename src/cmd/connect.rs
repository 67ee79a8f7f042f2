//! The gateway connection every gateway command needs: flags and environment,
//! or the in-process sandbox. The app secret is read here, from the
//! environment only, and goes straight into a [`Secret`].

use crate::cli::GatewayArgs;
use crate::error::Error;
use crate::gateway::{Client, ClientConfig, Secret};
use crate::sandbox::{Sandbox, SandboxConfig, SandboxHandle};

/// The environment variable holding the app secret.
pub const SECRET_ENV: &str = "PAYRUN_APP_SECRET";

/// A ready client, and what the ledger binds a batch to.
pub struct Connection {
    pub client: Client,
    pub merchant_no: String,
    /// The gateway as recorded in the batch: the base URL, or `sandbox` for
    /// the in-process one (its port changes every run).
    pub gateway_id: String,
    /// Keeps the in-process sandbox alive for the run.
    pub sandbox: Option<SandboxHandle>,
}

/// Builds the client from flags and environment, or starts the sandbox.
pub fn connect(args: &GatewayArgs, sandbox: bool, workers: usize) -> Result<Connection, Error> {
    if sandbox {
        return connect_sandbox(args, workers);
    }
    let missing = |what: &str, flag: &str, env: &str| {
        Error::Usage(format!(
            "no {what}: pass {flag} or set {env} (or try --sandbox to run against the built-in sandbox)"
        ))
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
    let secret = match std::env::var(SECRET_ENV) {
        Ok(s) if !s.is_empty() => Secret::new(s),
        _ => {
            return Err(Error::Usage(format!(
                "no app secret: set {SECRET_ENV} in the environment (it is never accepted as a flag)"
            )));
        }
    };
    let gateway_id = url.trim_end_matches('/').to_string();
    let client = build(
        ClientConfig::new(url, merchant.clone(), secret, notify),
        args,
        false,
        workers,
    )?;
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
    Ok(Client::new(cfg)?)
}

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
