//! The callback receiver behind the gateway's `notifyUrl`.
//!
//! Each callback's sign is verified over every received field. A forged or
//! unsigned one gets HTTP 401 and changes nothing; a verified one is applied
//! through the ledger's transition rules and answered with the plain text `OK`
//! the gateway expects (anything else makes it retry for hours). Every
//! verified callback is kept raw in the ledger's events table; a refused one
//! leaves bounded evidence (see [`crate::ledger::refused`]).
//!
//! It faces the internet (see `docs/operations.md`: TLS in front), so
//! everything a sender controls is bounded by [`ListenLimits`]: the body,
//! the time to send a head and a body, connections per address and in all.
//! Every value from a request that reaches the log goes through
//! [`crate::log::untrusted`].
//!
//! The listener runs beside `submit` and `reconcile` on the same ledger file.
//! It never takes the run lock: each callback is one short transaction, and
//! SQLite's WAL mode and busy timeout let the writers take turns.

mod callback;
mod evidence;
mod file;
mod late;
mod limits;
pub mod open_files;
mod quiet;
mod refusal;

pub use limits::*;

use crate::http::{self, lock};
use crate::ledger::{Ledger, LedgerError, RunInfo};
use crate::secret::Secret;
use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// How often `run` checks whether it should stop.
const POLL: Duration = Duration::from_millis(200);
/// How long a callback waits for a free ledger connection before it is
/// answered 503.
const LEDGER_WAIT: Duration = Duration::from_secs(4);
/// How long a callback's write waits for another process's lock on the
/// ledger file (a backup, a `sqlite3` shell inside a transaction) before it
/// is answered 503. With [`LEDGER_WAIT`] the worst case is 8 s, inside the
/// gateway's 10 s wait for `OK` (gateway.md): a 503 in time makes it retry
/// on its schedule; an answer after 10 s counts as none. A connection that
/// first waited for a place ([`QUEUE_WAIT`]) may answer later than that:
/// what it answers is still true, and the gateway's retry changes nothing.
const LEDGER_BUSY: Duration = Duration::from_secs(4);

/// Why the listener could not run.
#[derive(Debug, thiserror::Error)]
pub enum ListenError {
    #[error("cannot listen on {addr}: {reason}; pick another address, e.g. --bind 127.0.0.1:8088")]
    Bind { addr: String, reason: String },
    #[error(transparent)]
    Ledger(#[from] LedgerError),
}

/// How the listener runs.
#[derive(Debug, Clone)]
pub struct ListenConfig {
    /// The ledger callbacks are applied to.
    pub ledger: PathBuf,
    /// The app secret the gateway signs callbacks with.
    pub secret: Secret,
    /// Callbacks recorded at once, each with its own ledger connection.
    /// Every connection is still read at once; more callbacks wait for a
    /// ledger connection (at most 5 s, then 503 so the gateway retries).
    pub threads: usize,
    /// How to read a callback's `status`: the provider's codes plus the
    /// merchant's `[status_codes]`, the same table submit and reconcile use.
    pub classes: crate::codes::CodeClasses,
}

/// Counters, for the log line at exit and for tests.
#[derive(Debug, Default)]
pub struct ListenStats {
    /// Callbacks read in full.
    pub received: AtomicU64,
    /// Callbacks that verified and changed or confirmed a payout.
    pub applied: AtomicU64,
    /// Callbacks refused (bad sign, unreadable, over a limit).
    pub refused: AtomicU64,
    /// Refused callbacks over the evidence budget: counted, not stored.
    pub dropped: AtomicU64,
    /// The ledger file at the path was replaced or removed while listening
    /// (see [`file`]): callbacks since were answered 503, and `listen`
    /// stopped so that a restart opens the file now at the path.
    pub ledger_replaced: AtomicBool,
    /// The ledger that appeared while `listen` waited for one (see
    /// [`Listener::bind_awaiting`]) was refused (not a ledger, damaged):
    /// `listen` stopped, as it would have at start.
    pub ledger_refused: Option<LedgerError>,
}

/// How often a `listen` started before its ledger exists looks for it.
pub const LEDGER_CHECK: Duration = late::CHECK;

/// A bound listener with its ledger connections open, not yet serving.
pub struct Listener {
    socket: TcpListener,
    addr: SocketAddr,
    cfg: ListenConfig,
    ledgers: Vec<Ledger>,
    /// `None` while waiting for the first `submit` to create the ledger.
    opened: Option<Opened>,
    /// Told of a ledger opened late, e.g. to say what it lacks.
    on_open: Option<late::OnOpen>,
}

/// The ledger `listen` records into, once it is open.
struct Opened {
    /// This `listen`'s row in the ledger's runs.
    run_id: i64,
    /// The file opened, to see that the path still names it.
    file: file::LedgerFile,
}

impl Listener {
    /// Binds and opens the existing ledger (migrating it if needed) before
    /// returning, so that the caller can print the address (or a test can
    /// read the port of `127.0.0.1:0`) knowing callbacks can be recorded,
    /// and a bad ledger path fails at start rather than on the first callback.
    pub fn bind(addr: &str, cfg: ListenConfig) -> Result<Listener, ListenError> {
        let (ledgers, opened) = open_ledgers(&cfg, false)?;
        Listener::bind_with(addr, cfg, ledgers, Some(opened))
    }

    /// [`Listener::bind`], except that a path with no ledger yet (a fresh
    /// install whose first `submit` has not run; never one whose mark says
    /// a ledger was there, see [`crate::ledger::continuity`]) is waited
    /// for: callbacks are answered 503 until it appears, so the gateway
    /// sends them again, and `run` opens it within [`late::CHECK`] of its
    /// creation. `listen` never creates a ledger itself: the first `submit`
    /// does, with every identity rule of a ledger it made.
    pub fn bind_awaiting(addr: &str, cfg: ListenConfig) -> Result<Listener, ListenError> {
        match open_ledgers(&cfg, false) {
            Ok((ledgers, opened)) => Listener::bind_with(addr, cfg, ledgers, Some(opened)),
            Err(LedgerError::Missing { .. }) => Listener::bind_with(addr, cfg, Vec::new(), None),
            Err(e) => Err(e.into()),
        }
    }

    /// Whether the ledger is open (`false`: waiting for it to appear).
    pub fn has_ledger(&self) -> bool {
        self.opened.is_some()
    }

    /// Runs `f` on the ledger when it is opened late (never for one open
    /// at bind), before any callback is recorded in it.
    pub fn on_late_open(mut self, f: impl Fn(&Ledger) + Send + 'static) -> Listener {
        self.on_open = Some(Box::new(f));
        self
    }

    fn bind_with(
        addr: &str,
        cfg: ListenConfig,
        ledgers: Vec<Ledger>,
        opened: Option<Opened>,
    ) -> Result<Listener, ListenError> {
        let bind_err = |reason: String| ListenError::Bind {
            addr: addr.to_string(),
            reason,
        };
        let socket = TcpListener::bind(addr).map_err(|e| bind_err(e.to_string()))?;
        let local = socket.local_addr().map_err(|e| bind_err(e.to_string()))?;
        Ok(Listener {
            socket,
            addr: local,
            cfg,
            ledgers,
            opened,
            on_open: None,
        })
    }

    /// The address it listens on (port 0 gets a free one).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Serves with the default [`ListenLimits`] until `stop` is raised.
    pub fn run(self, stop: &AtomicBool) -> ListenStats {
        self.run_with(&ListenLimits::default(), stop)
    }

    /// Serves until `stop` is raised. Every connection is read at once (so a
    /// burst of callbacks never waits behind another connection); at most
    /// `threads` callbacks touch the ledger at once, each with its own
    /// ledger connection.
    pub fn run_with(self, limits: &ListenLimits, stop: &AtomicBool) -> ListenStats {
        let opened = OnceLock::new();
        if let Some(o) = self.opened {
            let _ = opened.set(o);
        }
        let ctx = Arc::new(Ctx {
            pool: Pool {
                free: Mutex::new(self.ledgers),
                returned: Condvar::new(),
            },
            cfg: self.cfg,
            opened,
            stats: ListenStats::default(),
            evidence: Mutex::new(evidence::Memo::default()),
            log_budget: Mutex::new(quiet::LogBudget::default()),
            max_body: limits.max_body,
        });
        let mut refused_ledger = None;
        let (c, h) = (Arc::clone(&ctx), Arc::clone(&ctx));
        let handler =
            Box::new(move |rq: &http::Request| http::Answer::Send(callback::handle(&c, rq)));
        let opts = http::Options {
            max_per_peer: limits.max_per_peer,
            queue: http::Queue {
                total: limits.max_waiting,
                per_peer: limits.max_waiting * WAITING_SHARE / 4,
                wait: limits.queue_wait,
            },
            over_cap_hint: "retry later",
            max_body: limits.max_body,
            head_timeout: limits.head_timeout,
            body_timeout: limits.body_timeout,
            close_after_refusal: true,
            on_refused: Some(Box::new(move |r: &http::Refused| {
                callback::too_large(&h, r)
            })),
            ..http::Options::local("listen", limits.max_connections)
        };
        match http::Server::start(self.socket, opts, handler) {
            Ok(mut server) => {
                let replaced = || ctx.stats.ledger_replaced.load(Ordering::Relaxed);
                let mut awaiting = late::Awaiting::new(self.on_open);
                while !stop.load(Ordering::Relaxed) && !replaced() {
                    std::thread::sleep(POLL);
                    say_held(&ctx, Instant::now(), |_, _| ());
                    if let Err(e) = awaiting.check(&ctx, Instant::now()) {
                        refused_ledger = Some(e);
                        break;
                    }
                }
                server.stop();
            }
            Err(e) => {
                crate::log::error("listen_start", format!("listen: cannot start serving: {e}"))
            }
        }
        for (kind, held) in lock(&ctx.log_budget).drain() {
            crate::log::warn("log_held", quiet::held_message(kind, held));
        }
        let ledger_open = ctx.opened.get().map(|o| o.run_id);
        if let (Some(ledger), Some(run_id)) = (lock(&ctx.pool.free).first_mut(), ledger_open) {
            evidence::flush(&ctx.evidence, ledger);
            if let Err(e) = ledger.end_run(run_id, crate::exit::OK) {
                crate::log::warn(
                    "listen_end",
                    format!("listen: could not record the end of the run: {e}"),
                );
            }
        }
        let s = &ctx.stats;
        let copy = |a: &AtomicU64| AtomicU64::new(a.load(Ordering::Relaxed));
        ListenStats {
            received: copy(&s.received),
            applied: copy(&s.applied),
            refused: copy(&s.refused),
            dropped: copy(&s.dropped),
            ledger_replaced: AtomicBool::new(s.ledger_replaced.load(Ordering::Relaxed)),
            ledger_refused: refused_ledger,
        }
    }
}

/// `cfg.threads` connections to the existing ledger at `cfg.ledger` (the
/// busy timeout set for `listen`), this `listen`'s run begun in it; with
/// `check`, SQLite's structural check first (the caller made it otherwise).
fn open_ledgers(cfg: &ListenConfig, check: bool) -> Result<(Vec<Ledger>, Opened), LedgerError> {
    let mut ledgers = Vec::new();
    for _ in 0..cfg.threads.max(1) {
        let ledger = Ledger::open_existing(&cfg.ledger)?;
        ledger.set_busy_timeout(LEDGER_BUSY)?;
        if check && ledgers.is_empty() {
            ledger.quick_check()?;
        }
        ledgers.push(ledger);
    }
    let run_id = match ledgers.first_mut() {
        Some(l) => l.begin_run(
            None,
            &RunInfo {
                command: "listen".to_string(),
                ..RunInfo::default()
            },
        )?,
        None => 0,
    };
    // The path as configured, through any symlink: re-pointing a link
    // replaces the ledger as surely as renaming a file over it.
    let file = file::LedgerFile::at(&cfg.ledger);
    Ok((ledgers, Opened { run_id, file }))
}

/// The warning `listen` gives when bound where other machines can reach it.
pub fn exposure_warning(addr: SocketAddr) -> Option<String> {
    if http::is_loopback(addr.ip()) {
        return None;
    }
    Some(format!(
        "listen: {addr} is reachable from other machines, and callbacks carry payout results: \
         put TLS in front (a reverse proxy such as nginx or Caddy, see docs/operations.md) \
         and give the gateway the https:// notifyUrl"
    ))
}

/// Says the count of every kind of line whose log window closed with lines
/// held back, then runs `then` on the budget under the same lock (so a
/// count is said before its kind's next line).
fn say_held<T>(
    ctx: &Ctx,
    now: Instant,
    then: impl FnOnce(&mut quiet::LogBudget, Instant) -> T,
) -> T {
    let mut budget = lock(&ctx.log_budget);
    for (kind, held) in budget.closed(now) {
        crate::log::warn("log_held", quiet::held_message(kind, held));
    }
    then(&mut budget, now)
}

/// What every connection thread shares.
struct Ctx {
    pool: Pool,
    cfg: ListenConfig,
    /// Set once the ledger is open: at bind, or when it appears.
    opened: OnceLock<Opened>,
    stats: ListenStats,
    /// What this process knows of the refused-evidence budget.
    evidence: Mutex<evidence::Memo>,
    /// How many lines of each kind the log has taken this minute.
    log_budget: Mutex<quiet::LogBudget>,
    /// The largest body, as sent and once decompressed.
    max_body: usize,
}

/// The ledger connections not in use; a callback waits here for one.
struct Pool {
    free: Mutex<Vec<Ledger>>,
    returned: Condvar,
}

impl Pool {
    /// A ledger connection, waiting at most `LEDGER_WAIT` for one to free up.
    fn take(&self) -> Option<Ledger> {
        let deadline = Instant::now() + LEDGER_WAIT;
        let mut free = lock(&self.free);
        loop {
            if let Some(l) = free.pop() {
                return Some(l);
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return None;
            }
            free = match self.returned.wait_timeout(free, left) {
                Ok((g, _)) => g,
                Err(e) => e.into_inner().0,
            };
        }
    }

    /// A ledger connection if one is free now, without waiting.
    fn try_take(&self) -> Option<Ledger> {
        lock(&self.free).pop()
    }

    fn give_back(&self, ledger: Ledger) {
        lock(&self.free).push(ledger);
        self.returned.notify_one();
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn listen_on_an_address_other_machines_reach_says_to_put_tls_in_front() {
        for addr in ["0.0.0.0:8088", "[::]:8088", "203.0.113.5:443"] {
            let w = super::exposure_warning(addr.parse().expect("addr")).expect(addr);
            assert!(w.contains("TLS") && w.contains("docs/operations.md"), "{w}");
        }
        for addr in ["127.0.0.1:8088", "127.0.0.2:1", "[::1]:8088"] {
            assert_eq!(super::exposure_warning(addr.parse().expect("addr")), None);
        }
    }
}
