//! The HTTP side: a pool of threads over one tiny_http server, the faults
//! that act before and after processing, and the shared state they use.

use super::api::{self, Endpoint, Reply};
use super::faults::{Dice, Faults, ThrottleMode};
use super::notify::Notifier;
use super::state::Book;
use super::{SandboxConfig, control};
use crate::gateway::{BALANCE_PATH, PAYOUT_PATH, QUERY_PATH};
use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Larger request bodies are cut; the gateway's are a few hundred bytes.
const MAX_BODY: u64 = 256 * 1024;
/// How often idle threads look at the stop flag.
const POLL: Duration = Duration::from_millis(50);

/// State shared by every thread.
pub(crate) struct Shared {
    pub cfg: SandboxConfig,
    pub faults: Mutex<Faults>,
    pub dice: Dice,
    pub book: Mutex<Book>,
    pub notifier: Notifier,
    pub stop: AtomicBool,
}

/// Locks, recovering from a thread that panicked while holding the lock: the
/// sandbox keeps answering rather than poisoning every later request.
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Local time as the gateway writes `successTime`.
pub(crate) fn local_time() -> String {
    chrono::Local::now().format("%Y-%m-%d %H:%M:%S").to_string()
}

pub(crate) fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or_default()
}

impl Shared {
    pub fn new(cfg: SandboxConfig) -> Shared {
        let dice = Dice::new(cfg.faults.seed);
        dice.reseed(cfg.faults.seed, &cfg.faults);
        Shared {
            faults: Mutex::new(cfg.faults.clone()),
            dice,
            book: Mutex::new(Book::new(cfg.balance, cfg.max_orders)),
            notifier: Notifier::new(cfg.callback_delays.clone(), cfg.callback_timeout),
            stop: AtomicBool::new(false),
            cfg,
        }
    }

    pub fn set_faults(&self, faults: Faults) {
        self.dice.reseed(faults.seed, &faults);
        *lock(&self.faults) = faults;
    }

    pub fn force(&self, trade_no: &str, status: &str, message: &str, callback: bool) -> bool {
        let fin = lock(&self.book).force(trade_no, status, message, local_time);
        match fin {
            Some(f) => {
                if callback {
                    self.notifier.tell(self, f.index, &f.view, false);
                }
                true
            }
            None => false,
        }
    }
}

/// Starts the request threads, the scheduler and the callback senders.
pub(crate) fn spawn_all(
    shared: &Arc<Shared>,
    http: &Arc<tiny_http::Server>,
) -> Vec<JoinHandle<()>> {
    let mut threads = Vec::new();
    for n in 0..shared.cfg.threads {
        let (sh, http) = (Arc::clone(shared), Arc::clone(http));
        let spawned = thread::Builder::new()
            .name(format!("sandbox-http-{n}"))
            .spawn(move || worker(&sh, &http));
        if let Ok(t) = spawned {
            threads.push(t);
        }
    }
    threads.extend(super::notify::spawn(shared));
    threads
}

fn worker(sh: &Shared, http: &tiny_http::Server) {
    while !sh.stop.load(Ordering::SeqCst) {
        match http.recv_timeout(POLL) {
            Ok(Some(rq)) => serve(sh, rq),
            Ok(None) => {}
            Err(_) => thread::sleep(POLL),
        }
    }
}

fn serve(sh: &Shared, mut rq: tiny_http::Request) {
    let path = rq.url().split('?').next().unwrap_or_default().to_string();
    let method = rq.method().clone();
    let mut body = Vec::new();
    let _ = rq.as_reader().take(MAX_BODY).read_to_end(&mut body);
    if path.starts_with("/_sandbox/") {
        let reply = control::handle(sh, &method, &path, &body);
        return respond(rq, reply);
    }
    let endpoint = match path.as_str() {
        PAYOUT_PATH => Endpoint::Payout,
        QUERY_PATH => Endpoint::Query,
        BALANCE_PATH => Endpoint::Balance,
        _ => {
            let msg = format!(
                "no such path {path}; the gateway paths are {PAYOUT_PATH}, {QUERY_PATH} and \
                 {BALANCE_PATH}, the control paths start with /_sandbox/"
            );
            return respond(
                rq,
                Reply::json(404, &serde_json::json!({ "code": "404", "msg": msg })),
            );
        }
    };
    if method != tiny_http::Method::Post {
        let msg = format!("{path} takes POST with a JSON body");
        return respond(
            rq,
            Reply::json(405, &serde_json::json!({ "code": "405", "msg": msg })),
        );
    }
    let faults = lock(&sh.faults).clone();
    let draw = sh.dice.draw(&faults);
    if !draw.latency.is_zero() {
        thread::sleep(draw.latency);
    }
    if !sh.dice.admit(faults.rate_limit) {
        let reply = match faults.throttle_with {
            ThrottleMode::Code1006 => api::envelope("1006", "too many requests; slow down", None),
            ThrottleMode::Http429 => Reply {
                status: 429,
                body: "Too Many Requests".to_string(),
                json: false,
                retry_after: true,
            },
        };
        return respond(rq, reply);
    }
    if draw.error {
        return respond(
            rq,
            Reply::html(faults.error_status, "upstream error, nothing was processed"),
        );
    }
    let merchant = rq
        .headers()
        .iter()
        .find(|h| h.field.equiv("merchantNo"))
        .map(|h| h.value.as_str().to_string());
    let reply = api::handle(sh, endpoint, merchant.as_deref(), &body, &draw);
    if draw.drop {
        // Processed, but no answer: the writer is dropped unused, so the
        // client hears nothing and its own timeout ends the exchange.
        drop(rq.into_writer());
        return;
    }
    if draw.garbage {
        return respond(
            rq,
            Reply::html(200, "processed, but the answer is not JSON"),
        );
    }
    respond(rq, reply)
}

fn respond(rq: tiny_http::Request, reply: Reply) {
    let content_type = if reply.json {
        "application/json; charset=utf-8"
    } else if reply.body.starts_with('<') {
        "text/html; charset=utf-8"
    } else {
        "text/plain; charset=utf-8"
    };
    let mut response = tiny_http::Response::from_string(reply.body).with_status_code(reply.status);
    if let Ok(h) = tiny_http::Header::from_bytes(&b"Content-Type"[..], content_type.as_bytes()) {
        response.add_header(h);
    }
    if reply.retry_after
        && let Ok(h) = tiny_http::Header::from_bytes(&b"Retry-After"[..], &b"1"[..])
    {
        response.add_header(h);
    }
    let _ = rq.respond(response);
}
