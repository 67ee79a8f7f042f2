//! `payrun sandbox`: a simulated payout gateway that speaks the real
//! gateway's paths and JSON (see `docs/gateway.md`), with documented rules
//! for tests and fault injection for the failures a real gateway has.
//!
//! It runs in its own process (`payrun sandbox`) or inside another one
//! ([`Sandbox::start`], used by the tests and by `submit --sandbox`). Its
//! `GET /_sandbox/ledger` is the truth tests check "paid exactly once" against.

mod api;
mod books;
mod control;
mod error;
mod faults;
mod help;
mod notify;
mod server;
mod state;
mod statement;
mod trade_no_rule;

pub use books::BOOKS_FILE;
pub use error::SandboxError;
pub use faults::{DropMode, Faults, ThrottleMode, TradeNoAlphabet};
pub use help::{CLI_EXAMPLES, CLI_LONG_HELP, parse_latency};
pub use state::{OrderView, RULES};

use crate::http;
use crate::money::Amount;
use crate::secret::Secret;
use server::Shared;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, ToSocketAddrs};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::thread::JoinHandle;
use std::time::Duration;

/// The sandbox's merchant number, printed at start and documented.
pub const DEFAULT_MERCHANT_NO: &str = "0000000001";
/// The sandbox's app secret: a public test value, never a real one.
pub const DEFAULT_SECRET: &str = "sandbox-secret-0001";
/// Connections served at once by default: far above any sane client's
/// pool, far below what a test machine's threads and file descriptors allow.
pub const DEFAULT_MAX_CONNECTIONS: usize = 1024;
/// The provider's callback retry schedule (gateway.md).
pub const PROVIDER_CALLBACK_DELAYS: [Duration; 8] = [
    Duration::from_secs(2),
    Duration::from_secs(5),
    Duration::from_secs(10),
    Duration::from_secs(30),
    Duration::from_secs(3600),
    Duration::from_secs(3 * 3600),
    Duration::from_secs(3 * 3600),
    Duration::from_secs(3 * 3600),
];

/// Everything the sandbox can be told at start. Faults can change later
/// through [`SandboxHandle::set_faults`] or `POST /_sandbox/faults`.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// `127.0.0.1:0` picks a free port; [`SandboxHandle::url`] tells which.
    pub bind: String,
    /// Allow an address other machines can reach (anything but loopback).
    /// The `/_sandbox/*` controls take no password and the sandbox POSTs
    /// callbacks to any notifyUrl it is given, so this is refused unless set.
    pub public: bool,
    /// The `merchantNo` header value it accepts (else `1003`).
    pub merchant_no: String,
    /// The secret it verifies and signs callbacks with (else `1002`).
    pub secret: Secret,
    /// Available balance at start. Payouts beyond it get `1005`.
    pub balance: Amount,
    /// How long a payout stays `0015` before its final status.
    pub settle_after: Duration,
    /// Answer every payout's final status synchronously (no `0015`).
    pub instant: bool,
    /// Orders kept in memory; past it payouts get outer `5000`.
    pub max_orders: usize,
    /// Smallest and largest amount accepted (else `1001`).
    pub min_amount: Amount,
    /// A larger payout is refused as invalid (`1001`).
    pub max_amount: Amount,
    /// Echo the order's `walletId` in query answers. The provider's query
    /// answer carries none (gateway.md); some gateways add it, and with it
    /// `--adopt` can tell another sheet's order from this sheet's.
    pub echo_wallet: bool,
    /// Accept amounts with poisha; the provider says "decimals are not
    /// recommended", so by default they get `1001`.
    pub allow_decimals: bool,
    /// The `wayCode`s accepted (else `1001`).
    pub way_codes: Vec<String>,
    /// Gateway requests processed at once; a latency fault holds its place
    /// while it waits, so throughput is at most threads / latency. Requests
    /// over it are read at once and wait for a place; control requests never
    /// wait.
    pub threads: usize,
    /// Connections open at once, each with its own thread; one more is
    /// answered 503 and closed at once.
    pub max_connections: usize,
    /// Delays between callback attempts; one attempt plus one per delay.
    pub callback_delays: Vec<Duration>,
    /// How long a callback POST may take before it counts as not `OK`.
    pub callback_timeout: Duration,
    /// Failures to simulate: drops, delays, throttling, stuck orders.
    pub faults: Faults,
    /// Where the books (orders, their states and timers, the balance) are
    /// kept across starts, as a real gateway keeps them; `None` keeps them
    /// in memory only, gone when the sandbox stops. A file that exists
    /// gives the balance, not `balance`.
    pub books: Option<std::path::PathBuf>,
    /// Read `books` at start but never write them, nor create their folder
    /// (a dry run writes nothing): changes last only while it runs.
    pub books_read_only: bool,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        SandboxConfig {
            bind: "127.0.0.1:0".to_string(),
            public: false,
            merchant_no: DEFAULT_MERCHANT_NO.to_string(),
            secret: Secret::new(DEFAULT_SECRET.to_string()),
            balance: Amount::from_poisha(10_000_000 * 100),
            settle_after: Duration::from_secs(1),
            instant: false,
            max_orders: 200_000,
            min_amount: Amount::from_poisha(100),
            max_amount: Amount::from_poisha(50_000 * 100),
            echo_wallet: false,
            allow_decimals: false,
            way_codes: crate::wallet::Provider::ALL
                .iter()
                .map(|p| p.default_way_code().to_string())
                .collect(),
            threads: 16,
            max_connections: DEFAULT_MAX_CONNECTIONS,
            callback_delays: PROVIDER_CALLBACK_DELAYS.to_vec(),
            callback_timeout: Duration::from_secs(10),
            faults: Faults::default(),
            books: None,
            books_read_only: false,
        }
    }
}

/// The entry point.
pub struct Sandbox;

impl Sandbox {
    /// Binds, starts the accept and callback threads, and returns at once.
    pub fn start(cfg: SandboxConfig) -> Result<SandboxHandle, SandboxError> {
        validate(&cfg)?;
        let bind_error = |e: std::io::Error| SandboxError::Bind {
            addr: cfg.bind.clone(),
            reason: e.to_string(),
        };
        let addrs: Vec<SocketAddr> = cfg.bind.to_socket_addrs().map_err(bind_error)?.collect();
        if !cfg.public && addrs.iter().any(|a| !http::is_loopback(a.ip())) {
            return Err(SandboxError::NotLoopback {
                addr: cfg.bind.clone(),
            });
        }
        let listener = std::net::TcpListener::bind(&addrs[..]).map_err(bind_error)?;
        let max_connections = cfg.max_connections;
        let shared = Arc::new(Shared::new(cfg)?);
        let http = http::Server::start(
            listener,
            http::Options::local("sandbox", max_connections),
            server::handler(Arc::clone(&shared)),
        )
        .map_err(|e| SandboxError::Bind {
            addr: shared.cfg.bind.clone(),
            reason: e.to_string(),
        })?;
        let bound = http.addr();
        let url = local_url(bound);
        let threads = server::spawn_notifier(&shared);
        Ok(SandboxHandle {
            shared,
            http,
            threads,
            url,
            bound,
        })
    }
}

/// The URL a client on this machine uses for a server bound to `addr`: the
/// address itself, or loopback when it is every interface.
pub fn local_url(addr: SocketAddr) -> String {
    let ip = match addr.ip() {
        IpAddr::V4(v4) if v4.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(v6) if v6.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}", SocketAddr::new(ip, addr.port()))
}

fn validate(cfg: &SandboxConfig) -> Result<(), SandboxError> {
    cfg.faults.validate().map_err(SandboxError::Config)?;
    let bad = |m: String| Err(SandboxError::Config(m));
    if cfg.threads == 0 {
        return bad("threads must be at least 1".to_string());
    }
    if cfg.max_connections == 0 {
        return bad("max_connections must be at least 1".to_string());
    }
    if cfg.way_codes.is_empty() {
        return bad("accept at least one wayCode, e.g. EWALLET_BKASH".to_string());
    }
    if cfg.min_amount > cfg.max_amount {
        return bad(format!(
            "the smallest amount ({}) is above the largest ({})",
            cfg.min_amount, cfg.max_amount
        ));
    }
    if cfg.merchant_no.is_empty() || cfg.secret.is_empty() {
        return bad("the merchant number and the secret must not be empty".to_string());
    }
    if cfg.callback_delays.len() > 16 {
        return bad("at most 16 callback retries".to_string());
    }
    Ok(())
}

/// A running sandbox. Dropping it stops it, like [`SandboxHandle::shutdown`].
pub struct SandboxHandle {
    shared: Arc<Shared>,
    http: http::Server,
    threads: Vec<JoinHandle<()>>,
    url: String,
    bound: SocketAddr,
}

impl SandboxHandle {
    /// `http://127.0.0.1:PORT`, the base URL for a client on this machine.
    pub fn url(&self) -> String {
        self.url.clone()
    }

    /// The address really bound, e.g. `0.0.0.0:8080` or `[::]:8080` for
    /// every interface (with `public`).
    pub fn bound(&self) -> SocketAddr {
        self.bound
    }

    /// The merchant number it accepts.
    pub fn merchant_no(&self) -> String {
        self.shared.cfg.merchant_no.clone()
    }

    /// The secret it accepts, for a client in the same process.
    pub fn secret(&self) -> Secret {
        self.shared.cfg.secret.clone()
    }

    /// Every order, in creation order.
    pub fn orders(&self) -> Vec<OrderView> {
        server::lock(&self.shared.book).views()
    }

    /// Gateway API calls (payout, query, balance) received so far: the
    /// gateway's side of "a re-run makes no request".
    pub fn api_requests(&self) -> u64 {
        self.shared
            .api_requests
            .load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Payout requests received so far (each one may place an order).
    pub fn payout_requests(&self) -> u64 {
        self.shared.payout_requests.load(Ordering::SeqCst)
    }

    /// Query requests received so far.
    pub fn query_requests(&self) -> u64 {
        self.shared.query_requests.load(Ordering::SeqCst)
    }

    /// Orders placed for a tradeNo that already had an order: payments made
    /// twice. Always 0 unless `accept_duplicates` is on.
    pub fn repeated_orders(&self) -> usize {
        let orders = self.orders();
        let unique: std::collections::HashSet<&str> =
            orders.iter().map(|o| o.trade_no.as_str()).collect();
        orders.len() - unique.len()
    }

    /// HTTP connections open now.
    pub fn connections(&self) -> usize {
        self.http.connections()
    }

    /// The available balance now.
    pub fn available(&self) -> Amount {
        server::lock(&self.shared.book).money().available
    }

    /// Replaces every fault knob and restarts the random sequence from its seed.
    pub fn set_faults(&self, faults: Faults) {
        self.shared.set_faults(faults);
    }

    /// Sets the available balance.
    pub fn set_balance(&self, available: Amount) {
        server::lock(&self.shared.book).set_available(available);
        let _ = self.shared.keep_books();
    }

    /// Forces an order's status, as `POST /_sandbox/orders/{tradeNo}` does;
    /// `false` when no such order exists.
    pub fn force_status(
        &self,
        trade_no: &str,
        status: &str,
        message: &str,
        callback: bool,
    ) -> bool {
        self.shared.force(trade_no, status, message, callback)
    }

    /// Stops accepting, closes idle connections, waits (at most a few
    /// seconds) for requests in hand to be answered, and joins the callback
    /// scheduler. Callback deliveries in flight finish on their own.
    pub fn shutdown(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        self.http.stop();
        self.shared.notifier.wake();
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
        // What callbacks changed since the last reply (their counts).
        let _ = self.shared.keep_books();
        if let Some(books) = &self.shared.books {
            books.release();
        }
    }
}

impl Drop for SandboxHandle {
    fn drop(&mut self) {
        self.stop();
    }
}

impl std::fmt::Debug for SandboxHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SandboxHandle")
            .field("url", &self.url)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_unless_public_and_every_interface_is_reached_by_loopback() {
        for bind in ["0.0.0.0:0", "[::]:0", "192.0.2.10:0"] {
            let cfg = SandboxConfig {
                bind: bind.to_string(),
                ..SandboxConfig::default()
            };
            let err = Sandbox::start(cfg).expect_err(bind);
            assert!(
                matches!(err, SandboxError::NotLoopback { .. }),
                "{bind}: {err}"
            );
        }
        let sbx = Sandbox::start(SandboxConfig {
            bind: "127.0.0.3:0".to_string(),
            ..SandboxConfig::default()
        })
        .expect("any 127.0.0.0/8 address");
        assert_eq!(sbx.bound().ip(), IpAddr::from([127, 0, 0, 3]));
        assert_eq!(
            sbx.url(),
            format!("http://127.0.0.3:{}", sbx.bound().port())
        );
        let url = |a: &str| local_url(a.parse().expect("addr"));
        assert_eq!(url("0.0.0.0:8080"), "http://127.0.0.1:8080");
        assert_eq!(url("[::]:8080"), "http://[::1]:8080");
        assert_eq!(url("[::1]:9"), "http://[::1]:9");
        assert!(http::is_loopback(
            "::ffff:127.0.0.1".parse().expect("mapped")
        ));
        assert!(!http::is_loopback(
            "::ffff:10.0.0.1".parse().expect("mapped")
        ));
    }
}
