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

use crate::gateway::{CallbackError, Secret, TxStatus, verify_callback};
use crate::ledger::callbacks::{CallbackEvent, CallbackVerdict};
use crate::ledger::writer::Reported;
use crate::ledger::{Ledger, LedgerError, RunInfo, State};
use std::io::Read;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

/// Bodies larger than this are refused: a real callback is a few hundred bytes.
pub const MAX_BODY: usize = 64 * 1024;
/// How often a waiting thread checks whether it should stop.
const POLL: Duration = Duration::from_millis(200);

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
    /// Threads answering callbacks, each with its own ledger connection.
    pub threads: usize,
}

/// Counters, for the log line at exit and for tests.
#[derive(Debug, Default)]
pub struct ListenStats {
    pub received: AtomicU64,
    pub applied: AtomicU64,
    pub refused: AtomicU64,
}

/// A bound listener with its ledger connections open, not yet serving.
pub struct Listener {
    server: tiny_http::Server,
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
            ledgers.push(Ledger::open(&cfg.ledger)?);
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
        let server = tiny_http::Server::http(addr).map_err(|e| bind_err(e.to_string()))?;
        let local = server
            .server_addr()
            .to_ip()
            .ok_or_else(|| bind_err("not an IP address".to_string()))?;
        Ok(Listener {
            server,
            addr: local,
            cfg,
            ledgers,
            run_id,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Serves until `stop` is raised, one thread per ledger connection.
    pub fn run(self, stop: &AtomicBool) -> ListenStats {
        let stats = ListenStats::default();
        let (server, cfg, run_id) = (&self.server, &self.cfg, self.run_id);
        let mut done: Vec<Ledger> = std::thread::scope(|s| {
            let handles: Vec<_> = self
                .ledgers
                .into_iter()
                .map(|ledger| {
                    let stats = &stats;
                    s.spawn(move || serve(server, ledger, run_id, cfg, stats, stop))
                })
                .collect();
            handles.into_iter().filter_map(|h| h.join().ok()).collect()
        });
        if let Some(ledger) = done.first_mut()
            && let Err(e) = ledger.end_run(run_id, crate::exit::OK)
        {
            crate::log::warn(
                "listen_end",
                format!("listen: could not record the end of the run: {e}"),
            );
        }
        stats
    }
}

/// One thread's loop: take a request, answer it, until stopped.
fn serve(
    server: &tiny_http::Server,
    mut ledger: Ledger,
    run_id: i64,
    cfg: &ListenConfig,
    stats: &ListenStats,
    stop: &AtomicBool,
) -> Ledger {
    while !stop.load(Ordering::Relaxed) {
        match server.recv_timeout(POLL) {
            Ok(Some(request)) => handle(&mut ledger, run_id, cfg, stats, request),
            Ok(None) => {}
            Err(e) => {
                crate::log::warn(
                    "listen_receive",
                    format!("listen: receiving a request failed: {e}"),
                );
                std::thread::sleep(POLL);
            }
        }
    }
    ledger
}

/// An HTTP answer: status and plain-text body.
struct Answer {
    status: u16,
    body: String,
}

fn answer(status: u16, body: impl Into<String>) -> Answer {
    Answer {
        status,
        body: body.into(),
    }
}

fn handle(
    ledger: &mut Ledger,
    run_id: i64,
    cfg: &ListenConfig,
    stats: &ListenStats,
    mut request: tiny_http::Request,
) {
    let ans = if *request.method() != tiny_http::Method::Post {
        answer(
            405,
            "payrun callback listener: the gateway POSTs payout results here",
        )
    } else {
        stats.received.fetch_add(1, Ordering::Relaxed);
        let mut body = Vec::new();
        let read = request
            .as_reader()
            .take(MAX_BODY as u64 + 1)
            .read_to_end(&mut body);
        match read {
            Err(e) => answer(400, format!("cannot read the body: {e}")),
            Ok(_) => callback(ledger, run_id, cfg, stats, &body),
        }
    };
    let mut response = tiny_http::Response::from_string(ans.body).with_status_code(ans.status);
    if let Ok(h) =
        tiny_http::Header::from_bytes(&b"Content-Type"[..], &b"text/plain; charset=utf-8"[..])
    {
        response = response.with_header(h);
    }
    if let Err(e) = request.respond(response) {
        crate::log::warn(
            "listen_answer",
            format!("listen: answering a callback failed: {e}"),
        );
    }
}

/// Best-effort fields of a body whose sign did not verify, for the event row.
fn peek(body: &[u8], key: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_slice(body).ok()?;
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
) -> Answer {
    let raw = String::from_utf8_lossy(body).into_owned();
    let event = if body.len() > MAX_BODY {
        refused_event(raw, body, "the body is larger than 64 KiB".to_string())
    } else {
        match verify_callback(body, &cfg.secret) {
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
