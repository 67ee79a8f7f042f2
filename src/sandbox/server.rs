//! What the sandbox does with each HTTP request: the routing, the faults
//! that act before and after processing, and the shared state they use.
//! The HTTP itself is in `http.rs`.

use super::api::{self, Endpoint, Reply};
use super::books::Books;
use super::faults::{Dice, DropMode, Faults, ThrottleMode};
use super::notify::Notifier;
use super::state::Book;
use super::{SandboxConfig, control};
use crate::gateway::{BALANCE_PATH, PAYOUT_PATH, QUERY_PATH};
use crate::http::{Answer, Handler, POLL, Request, Response};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// State shared by every thread.
pub(crate) struct Shared {
    pub cfg: SandboxConfig,
    pub faults: Mutex<Faults>,
    pub dice: Dice,
    pub book: Mutex<Book>,
    /// The file the books are kept in, if any.
    pub books: Option<Books>,
    pub notifier: Notifier,
    pub places: Places,
    pub stop: AtomicBool,
    /// Gateway API calls received (payout, query, balance), so a benchmark or
    /// test can check "0 requests" from the gateway's side, not payrun's.
    pub api_requests: AtomicU64,
    /// Payout and query calls among them: "nothing was sent" is
    /// `payout_requests` unchanged, whatever the queries did.
    pub payout_requests: AtomicU64,
    pub query_requests: AtomicU64,
}

pub(crate) use crate::http::lock;

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
    pub fn new(cfg: SandboxConfig) -> Result<Shared, super::SandboxError> {
        let dice = Dice::new(cfg.faults.seed);
        dice.reseed(cfg.faults.seed, &cfg.faults);
        let fresh = Book::new(cfg.balance, cfg.max_orders);
        let (books, book) = match &cfg.books {
            Some(path) => {
                let (books, book) = Books::open(path, &cfg, fresh)?;
                (Some(books), book)
            }
            None => (None, fresh),
        };
        Ok(Shared {
            faults: Mutex::new(cfg.faults.clone()),
            dice,
            book: Mutex::new(book),
            books,
            notifier: Notifier::new(cfg.callback_delays.clone(), cfg.callback_timeout),
            places: Places::new(cfg.threads),
            stop: AtomicBool::new(false),
            api_requests: AtomicU64::new(0),
            payout_requests: AtomicU64::new(0),
            query_requests: AtomicU64::new(0),
            cfg,
        })
    }

    /// Saves the books (if they have a file) through every change made so
    /// far: called before a reply or a callback that may show a change.
    /// `Err` says why the save failed; it is logged too.
    pub fn keep_books(&self) -> Result<(), String> {
        let Some(books) = &self.books else {
            return Ok(());
        };
        let upto = lock(&self.book).changes();
        books.save_through(&self.book, upto).inspect_err(|e| {
            crate::log::warn("sandbox_books", format!("payrun sandbox: {e}"));
        })
    }

    pub fn set_faults(&self, faults: Faults) {
        self.dice.reseed(faults.seed, &faults);
        *lock(&self.faults) = faults;
    }

    pub fn force(&self, trade_no: &str, status: &str, message: &str, callback: bool) -> bool {
        let fin = lock(&self.book).force(trade_no, status, message, local_time);
        if fin.is_some() {
            let _ = self.keep_books();
        }
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

/// Starts the scheduler and the callback senders; the scheduler is
/// returned, to be joined.
pub(crate) fn spawn_notifier(shared: &Arc<Shared>) -> Vec<JoinHandle<()>> {
    super::notify::spawn(shared)
}

/// What the HTTP server calls for every request, on that connection's thread.
pub(crate) fn handler(shared: Arc<Shared>) -> Box<Handler> {
    Box::new(move |rq: &Request| serve(&shared, rq))
}

/// Places for gateway requests being processed (`threads`): a request over
/// it is read at once but waits for a place, as at a gateway of that size.
/// Control requests never wait.
pub(crate) struct Places {
    free: Mutex<usize>,
    freed: Condvar,
}

/// A taken place; dropping it gives it back.
pub(crate) struct Place<'a>(&'a Places);

impl Places {
    pub fn new(n: usize) -> Places {
        Places {
            free: Mutex::new(n),
            freed: Condvar::new(),
        }
    }

    /// Waits for a free place; `None` once the sandbox is stopping.
    fn take<'a>(&'a self, stop: &AtomicBool) -> Option<Place<'a>> {
        let mut free = lock(&self.free);
        while *free == 0 {
            if stop.load(Ordering::SeqCst) {
                return None;
            }
            free = match self.freed.wait_timeout(free, POLL) {
                Ok((g, _)) => g,
                Err(e) => e.into_inner().0,
            };
        }
        *free -= 1;
        Some(Place(self))
    }
}

impl Drop for Place<'_> {
    fn drop(&mut self) {
        *lock(&self.0.free) += 1;
        self.0.freed.notify_one();
    }
}

/// Sleeps for `d`, but wakes within `POLL` of a stop.
fn pause(d: Duration, stop: &AtomicBool) {
    let until = Instant::now() + d;
    loop {
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() || stop.load(Ordering::SeqCst) {
            return;
        }
        thread::sleep(left.min(POLL));
    }
}

fn serve(sh: &Shared, rq: &Request) -> Answer {
    let path = rq.path.as_str();
    if path.starts_with("/_sandbox/") {
        let reply = control::handle(sh, &rq.method, path, &rq.query, &rq.body);
        return kept(sh, reply);
    }
    let endpoint = match endpoint_of(path) {
        Ok(e) => e,
        Err(reply) => return send(reply),
    };
    sh.api_requests.fetch_add(1, Ordering::SeqCst);
    match endpoint {
        Endpoint::Payout => sh.payout_requests.fetch_add(1, Ordering::SeqCst),
        Endpoint::Query => sh.query_requests.fetch_add(1, Ordering::SeqCst),
        Endpoint::Balance => 0,
    };
    if rq.method != "POST" {
        let msg = format!("{path} takes POST with a JSON body");
        return send(Reply::json(
            405,
            &serde_json::json!({ "code": "405", "msg": msg }),
        ));
    }
    let Some(_place) = sh.places.take(&sh.stop) else {
        return Answer::Close;
    };
    let faults = lock(&sh.faults).clone();
    let draw = sh.dice.draw(&faults);
    if !draw.latency.is_zero() {
        pause(draw.latency, &sh.stop);
    }
    if !sh.dice.admit(faults.rate_limit) {
        return send(match faults.throttle_with {
            ThrottleMode::Code1006 => api::envelope("1006", "too many requests; slow down", None),
            ThrottleMode::Http429 => Reply {
                status: 429,
                body: "Too Many Requests".to_string(),
                json: false,
                csv: false,
                retry_after: true,
            },
        });
    }
    if draw.error || (draw.query_error && endpoint == Endpoint::Query) {
        return send(Reply::html(
            faults.error_status,
            "upstream error, nothing was processed",
        ));
    }
    let reply = api::handle(sh, endpoint, rq.header("merchantNo"), &rq.body, &draw);
    let reply = match sh.keep_books() {
        Ok(()) => reply,
        // What the books hold now may be lost: the answer is not given.
        Err(e) => Reply::html(500, &format!("the sandbox could not save its books: {e}")),
    };
    if draw.drop {
        // Processed, but the answer is lost on the way.
        return match faults.drop_with {
            DropMode::Close => Answer::Close,
            DropMode::Silence => Answer::Silence,
        };
    }
    if draw.garbage {
        return send(Reply::html(200, "processed, but the answer is not JSON"));
    }
    send(reply)
}

/// `reply`, once the books on disk hold what it may show; a 500 if they
/// cannot.
fn kept(sh: &Shared, reply: Reply) -> Answer {
    match sh.keep_books() {
        Ok(()) => send(reply),
        Err(e) => send(Reply::json(
            500,
            &serde_json::json!({ "error": format!("the sandbox could not save its books: {e}") }),
        )),
    }
}

/// The gateway endpoint at `path`, or the 404 that names the paths there are.
fn endpoint_of(path: &str) -> Result<Endpoint, Reply> {
    match path {
        PAYOUT_PATH => Ok(Endpoint::Payout),
        QUERY_PATH => Ok(Endpoint::Query),
        BALANCE_PATH => Ok(Endpoint::Balance),
        _ => {
            let msg = format!(
                "no such path {path}; the gateway paths are {PAYOUT_PATH}, {QUERY_PATH} and \
                 {BALANCE_PATH}, the control paths start with /_sandbox/"
            );
            Err(Reply::json(
                404,
                &serde_json::json!({ "code": "404", "msg": msg }),
            ))
        }
    }
}

fn send(reply: Reply) -> Answer {
    let content_type = if reply.json {
        "application/json; charset=utf-8"
    } else if reply.csv {
        "text/csv; charset=utf-8"
    } else if reply.body.starts_with('<') {
        "text/html; charset=utf-8"
    } else {
        "text/plain; charset=utf-8"
    };
    Answer::Send(Response {
        status: reply.status,
        content_type,
        body: reply.body,
        retry_after: reply.retry_after,
        authenticated: false,
    })
}
