//! The callback receiver behind the gateway's `notifyUrl`.
//!
//! Each callback's sign is verified over every received field. A forged or
//! unsigned one gets HTTP 401 and changes nothing; a verified one is applied
//! through the ledger's transition rules and answered with the plain text `OK`
//! the gateway expects (anything else makes it retry for hours). Every
//! callback, good or bad, is kept raw in the ledger's events table.
//!
//! The listener runs beside `submit` and `reconcile` on the same ledger file.
//! It never takes the run lock: each callback is one short transaction, and
//! SQLite's WAL mode and busy timeout let the writers take turns.

use crate::gateway::{CallbackError, Secret, TxStatus, verify_callback_with};
use crate::http::{self, lock};
use crate::ledger::callbacks::{CallbackEvent, CallbackVerdict};
use crate::ledger::writer::Reported;
use crate::ledger::{Ledger, LedgerError, RunInfo, State};
use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// Bodies larger than this are refused: a real callback is a few hundred bytes.
pub const MAX_BODY: usize = 64 * 1024;
/// How often `run` checks whether it should stop.
const POLL: Duration = Duration::from_millis(200);
/// How long a callback waits for a free ledger connection before it is
/// answered 503; well inside the gateway's 10 s wait for `OK`.
const LEDGER_WAIT: Duration = Duration::from_secs(5);

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
    pub ledger: PathBuf,
    /// The app secret the gateway signs callbacks with.
    pub secret: Secret,
    /// Callbacks recorded at once, each with its own ledger connection.
    /// Every connection is still read at once; more callbacks wait for a
    /// ledger connection (at most 5 s, then 503 so the gateway retries).
    pub threads: usize,
    /// How to read a callback's `status`: the provider's codes plus the
    /// merchant's `[status_codes]`, the same table submit and reconcile use.
    pub classes: crate::gateway::CodeClasses,
}

/// Counters, for the log line at exit and for tests.
#[derive(Debug, Default)]
pub struct ListenStats {
    pub received: AtomicU64,
    pub applied: AtomicU64,
    pub refused: AtomicU64,
}

/// How many callback connections may be open at once; one more gets a 503
/// (the gateway retries it later).
pub const MAX_CONNECTIONS: usize = 256;

/// A bound listener with its ledger connections open, not yet serving.
pub struct Listener {
    socket: TcpListener,
    addr: SocketAddr,
    cfg: ListenConfig,
    ledgers: Vec<Ledger>,
    run_id: i64,
}

impl Listener {
    /// Binds and opens (creating and migrating if needed) the ledger before
    /// returning, so that the caller can print the address (or a test can
    /// read the port of `127.0.0.1:0`) knowing callbacks can be recorded,
    /// and a bad ledger path fails at start rather than on the first callback.
    pub fn bind(addr: &str, cfg: ListenConfig) -> Result<Listener, ListenError> {
        let bind_err = |reason: String| ListenError::Bind {
            addr: addr.to_string(),
            reason,
        };
        let mut ledgers = Vec::new();
        for _ in 0..cfg.threads.max(1) {
            ledgers.push(Ledger::open_existing(&cfg.ledger)?);
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
        let socket = TcpListener::bind(addr).map_err(|e| bind_err(e.to_string()))?;
        let local = socket.local_addr().map_err(|e| bind_err(e.to_string()))?;
        Ok(Listener {
            socket,
            addr: local,
            cfg,
            ledgers,
            run_id,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Serves until `stop` is raised. Every connection is read at once on
    /// its own thread (so a burst of callbacks never waits behind another
    /// connection); at most `threads` callbacks touch the ledger at once,
    /// each with its own ledger connection.
    pub fn run(self, stop: &AtomicBool) -> ListenStats {
        let ctx = Arc::new(Ctx {
            pool: Pool {
                free: Mutex::new(self.ledgers),
                returned: Condvar::new(),
            },
            cfg: self.cfg,
            run_id: self.run_id,
            stats: ListenStats::default(),
        });
        let c = Arc::clone(&ctx);
        let opts = http::Options {
            name: "listen",
            max_connections: MAX_CONNECTIONS,
            over_cap_hint: "retry later",
        };
        let handler = Box::new(move |rq: &http::Request| http::Answer::Send(handle(&c, rq)));
        match http::Server::start(self.socket, opts, handler) {
            Ok(mut server) => {
                while !stop.load(Ordering::Relaxed) {
                    std::thread::sleep(POLL);
                }
                server.stop();
            }
            Err(e) => {
                crate::log::error("listen_start", format!("listen: cannot start serving: {e}"))
            }
        }
        if let Some(ledger) = lock(&ctx.pool.free).first_mut()
            && let Err(e) = ledger.end_run(ctx.run_id, crate::exit::OK)
        {
            crate::log::warn(
                "listen_end",
                format!("listen: could not record the end of the run: {e}"),
            );
        }
        let s = &ctx.stats;
        ListenStats {
            received: AtomicU64::new(s.received.load(Ordering::Relaxed)),
            applied: AtomicU64::new(s.applied.load(Ordering::Relaxed)),
            refused: AtomicU64::new(s.refused.load(Ordering::Relaxed)),
        }
    }
}

/// What every connection thread shares.
struct Ctx {
    pool: Pool,
    cfg: ListenConfig,
    run_id: i64,
    stats: ListenStats,
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

    fn give_back(&self, ledger: Ledger) {
        lock(&self.free).push(ledger);
        self.returned.notify_one();
    }
}

fn answer(status: u16, body: impl Into<String>) -> http::Response {
    http::Response::text(status, body)
}

fn handle(ctx: &Ctx, request: &http::Request) -> http::Response {
    if request.method != "POST" {
        return answer(
            405,
            "payrun callback listener: the gateway POSTs payout results here",
        );
    }
    ctx.stats.received.fetch_add(1, Ordering::Relaxed);
    let Some(mut ledger) = ctx.pool.take() else {
        crate::log::warn(
            "listen_busy",
            "listen: no ledger connection came free; answering 503".to_string(),
        );
        return answer(503, "ledger busy, retry later");
    };
    let ans = callback(&mut ledger, ctx.run_id, &ctx.cfg, &ctx.stats, &request.body);
    ctx.pool.give_back(ledger);
    ans
}

/// Best-effort fields of a body whose sign did not verify, for the event row.
fn peek(body: &[u8], key: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_slice(body).ok().or_else(|| {
        crate::gateway::wire::form_fields(&String::from_utf8_lossy(body))
            .map(serde_json::Value::Object)
    })?;
    match v.get(key)? {
        serde_json::Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

fn state_of(status: TxStatus) -> State {
    match status {
        TxStatus::Paid => State::Paid,
        TxStatus::Processing => State::Processing,
        TxStatus::Failed => State::Failed,
    }
}

fn callback(
    ledger: &mut Ledger,
    run_id: i64,
    cfg: &ListenConfig,
    stats: &ListenStats,
    body: &[u8],
) -> http::Response {
    let raw = String::from_utf8_lossy(body).into_owned();
    let event = if body.len() > MAX_BODY {
        refused_event(raw, body, "the body is larger than 64 KiB".to_string())
    } else {
        match verify_callback_with(body, &cfg.secret, &cfg.classes) {
            Ok(cb) => CallbackEvent {
                raw_body: raw,
                verified: true,
                trade_no: Some(cb.trade_no.clone()),
                status: Some(cb.status.clone()),
                reported: Some(Reported {
                    state: state_of(cb.tx_status()),
                    platform_trade_no: cb.platform_trade_no.clone(),
                    status_code: Some(cb.status.clone()),
                    status_desc: cb.message.clone(),
                    success_time: cb.success_time.clone(),
                }),
                amount: cb.amount,
                refused: None,
            },
            // Authentic but not understood: kept as verified, applied to
            // nothing, and answered with a refusal so that the gateway sends
            // it again later; meanwhile the query endpoint settles the payout.
            Err(e @ CallbackError::UnknownStatus { .. }) => CallbackEvent {
                verified: true,
                ..refused_event(raw, body, describe(&e))
            },
            Err(e) => refused_event(raw, body, describe(&e)),
        }
    };
    let trade = event.trade_no.clone().unwrap_or_else(|| "-".to_string());
    match ledger.record_callback(Some(run_id), &event) {
        Ok(CallbackVerdict::Refused(why)) => {
            stats.refused.fetch_add(1, Ordering::Relaxed);
            crate::log::warn(
                "callback_refused",
                format!("listen: refused callback for tradeNo {trade}: {why}"),
            );
            answer(401, format!("rejected: {why}"))
        }
        Ok(CallbackVerdict::UnknownTradeNo) => {
            stats.refused.fetch_add(1, Ordering::Relaxed);
            crate::log::warn(
                "callback_unknown",
                format!("listen: refused callback for unknown tradeNo {trade}"),
            );
            answer(404, "rejected: unknown tradeNo")
        }
        Ok(CallbackVerdict::Applied { from, to, effect }) => {
            stats.applied.fetch_add(1, Ordering::Relaxed);
            crate::log::info(
                "callback_applied",
                format!("listen: {trade}: {from} -> {to} ({effect:?})"),
            );
            answer(200, "OK")
        }
        Ok(CallbackVerdict::Flagged(why)) => {
            stats.applied.fetch_add(1, Ordering::Relaxed);
            crate::log::warn(
                "callback_conflict",
                format!("listen: {trade}: CONFLICT: {why}"),
            );
            // Authentic; a retry would only repeat the contradiction.
            answer(200, "OK")
        }
        Err(e) => {
            // Not "OK", so the gateway retries later; nothing was changed.
            crate::log::error(
                "callback_not_recorded",
                format!("listen: could not record the callback for {trade}: {e}"),
            );
            answer(503, "ledger busy, retry later")
        }
    }
}

fn refused_event(raw: String, body: &[u8], why: String) -> CallbackEvent {
    CallbackEvent {
        raw_body: raw,
        verified: false,
        trade_no: peek(body, "tradeNo"),
        status: peek(body, "status"),
        reported: None,
        amount: None,
        refused: Some(why),
    }
}

/// The refusal reason, safe to echo to whoever posted the body: it never
/// contains the expected sign or the secret.
fn describe(e: &CallbackError) -> String {
    e.to_string()
}
