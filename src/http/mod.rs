//! The HTTP/1.1 server shared by the sandbox gateway and the `listen`
//! callback receiver: hyper 1.x on a small tokio runtime, confined to this
//! module, behind a synchronous facade. Neither user knows the other, nor
//! tokio: each hands it a handler (a closure from [`Request`] to [`Answer`],
//! run on a blocking thread, so it may wait on a lock or the ledger) and
//! [`Options`] with its limits.
//!
//! Why hyper: payrun's first server was its own ~1,000 lines of request
//! parsing, chunked decoding and connection handling. It was sound, but
//! every parsing subtlety (Unicode trimming of header values, a bare CR
//! inside a value, `Transfer-Encoding` on HTTP/1.0) was ours to find, and
//! `listen` faces the internet. hyper's parser (httparse) refuses all three
//! by construction (`tests.rs` keeps a test for each), and it is fuzzed and
//! used far more widely than ours ever will be.
//!
//! Why not tiny_http 0.12: its accept thread hands each connection to a task
//! pool as one task that lasts as long as the connection, and the pool
//! queues a task instead of starting a thread whenever it counts an idle
//! thread, including threads already woken for tasks queued just before.
//! More than 4 connections arriving together (its first 4 threads) sat unread
//! until another connection closed: with keep-alive clients, until a client
//! timed out. It also cannot close a connection without answering, which the
//! sandbox's "processed, answer lost" fault needs, and it is unmaintained.
//! Neither applies here: hyper serves each connection as its own task on the
//! runtime, so any number of connections are read at once (see
//! `many_simultaneous_connections_are_all_read_at_once` and the sandbox's
//! `sixteen_keep_alive_clients_are_all_answered_at_once`), and [`Answer::Close`]
//! drops the connection with no response written (FIN, no bytes).
//!
//! What is bounded, per [`Options`]: the time to the first byte and to a whole
//! head (hyper's `header_read_timeout`, which also ends idle keep-alive
//! connections), the head's size and header count, the body (checked against
//! `Content-Length` before reading, and while reading a chunked one), the
//! time to read the body, connections in total and per peer address. At the
//! total cap a newcomer takes the place of the oldest idle connection of the
//! peer holding the most, when that peer holds more than the newcomer's own;
//! otherwise it gets a 503 at once.

mod admit;
mod exchange;
pub mod fuzzing;
mod serve;
#[cfg(test)]
mod tests;

pub(crate) use admit::Queue;
use std::io;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

/// How often code waiting on a condition (the sandbox's places) looks at its
/// stop flag.
#[cfg_attr(not(feature = "sandbox"), allow(dead_code))]
pub(crate) const POLL: Duration = Duration::from_millis(50);

/// One request, read whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Request {
    /// As sent, e.g. `POST`.
    pub method: String,
    /// The target's path, without the query string.
    pub path: String,
    /// The query string after `?`, as sent (empty when there is none):
    /// the sandbox's `GET /_sandbox/statement?from=&to=` reads it.
    pub query: String,
    /// Names in lower case, as hyper gives them; values as sent (lossy UTF-8).
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Who sent it: the TCP peer (behind a proxy, the proxy).
    pub peer: SocketAddr,
}

impl Request {
    /// The first header of that name, compared without regard to case.
    #[cfg_attr(not(feature = "sandbox"), allow(dead_code))]
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// One answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Response {
    pub status: u16,
    pub content_type: &'static str,
    pub body: String,
    /// Adds `Retry-After: 1`, for 429.
    pub retry_after: bool,
    /// The request proved who sent it (a callback whose sign verified): a
    /// refusal of it does not close the connection (see
    /// [`Options::close_after_refusal`]).
    pub authenticated: bool,
}

impl Response {
    pub fn text(status: u16, body: impl Into<String>) -> Response {
        Response {
            status,
            content_type: "text/plain; charset=utf-8",
            body: body.into(),
            retry_after: false,
            authenticated: false,
        }
    }
}

/// What the handler wants done with a request. `Close` and `Silence` are
/// the sandbox's faults (a build without it never makes them).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(not(feature = "sandbox"), allow(dead_code))]
pub(crate) enum Answer {
    Send(Response),
    /// Close the connection at once without a word (FIN, no response).
    Close,
    /// Never answer: keep the connection open, reading nothing more into
    /// it, until the client gives up, the server stops, or it idles out.
    Silence,
}

pub(crate) type Handler = dyn Fn(&Request) -> Answer + Send + Sync;

/// A request the HTTP layer refused itself because its body was over
/// `max_body`, for a user that keeps evidence of refusals (`listen`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Refused {
    pub peer: SocketAddr,
    pub method: String,
    pub path: String,
    /// The body's `Content-Length`, when it said one.
    pub declared: Option<u64>,
    /// The body bytes read before the refusal (none when `Content-Length`
    /// already said too much), at most `max_body`.
    pub received: Vec<u8>,
    /// The plain-text reason sent with the 413.
    pub reason: String,
}

pub(crate) type RefusedHook = dyn Fn(&Refused) + Send + Sync;

/// Who is serving and within which limits.
pub(crate) struct Options {
    /// Short, e.g. `sandbox`; its thread is `NAME-http`.
    pub name: &'static str,
    /// Connections open at once, from everyone.
    pub max_connections: usize,
    /// Connections open at once from one IP address.
    pub max_per_peer: usize,
    /// Connections over `max_per_peer` that wait for one of their peer's
    /// places instead of a 503 at once ([`Queue::NONE`]: none wait).
    pub queue: Queue,
    /// What a client refused over a cap should do, e.g. `raise --max-connections`.
    pub over_cap_hint: &'static str,
    /// Larger request bodies get 413 and are not read.
    pub max_body: usize,
    /// Larger request heads get 431.
    pub max_head: usize,
    /// From the moment the server waits for a request (a new connection, or
    /// the previous answer sent) until its head is whole; past it the
    /// connection is closed. It is also the idle time of a kept-alive
    /// connection.
    pub head_timeout: Duration,
    /// From the head until the body is whole; past it, 408 and close.
    pub body_timeout: Duration,
    /// Close the connection after any 4xx answer and after any answer to a
    /// method other than POST, unless the answer is to an authenticated
    /// request: a client that is not the gateway does not get to keep a
    /// connection (`listen`).
    pub close_after_refusal: bool,
    /// Called (on a blocking thread) for each request refused with 413.
    pub on_refused: Option<Box<RefusedHook>>,
}

impl Options {
    /// Limits for a server on this machine's loopback (the sandbox): generous
    /// times, no per-peer cap, bodies up to 256 KiB.
    pub fn local(name: &'static str, max_connections: usize) -> Options {
        Options {
            name,
            max_connections,
            max_per_peer: max_connections,
            queue: Queue::NONE,
            over_cap_hint: "raise --max-connections",
            max_body: 256 * 1024,
            max_head: 16 * 1024,
            // Longer than clients keep idle connections (ureq: 15 s), so the
            // client closes first and never sends on a closing connection.
            head_timeout: Duration::from_secs(120),
            body_timeout: Duration::from_secs(10),
            close_after_refusal: false,
            on_refused: None,
        }
    }
}

/// Locks, recovering from a thread that panicked while holding the lock: a
/// server (the sandbox, the listener) keeps answering rather than poisoning
/// every later request. Shared by everything built on this module.
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// A running server. Dropping it stops it. Its address and connection
/// count are for the sandbox and the tests.
#[cfg_attr(not(feature = "sandbox"), allow(dead_code))]
pub(crate) struct Server {
    addr: SocketAddr,
    shared: Arc<serve::Shared>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    /// Starts serving `listener` at once on its own thread (`NAME-http`).
    pub fn start(
        listener: TcpListener,
        opts: Options,
        handler: Box<Handler>,
    ) -> io::Result<Server> {
        let addr = listener.local_addr()?;
        let shared = Arc::new(serve::Shared::new(opts, handler));
        let thread = serve::spawn(listener, Arc::clone(&shared))?;
        Ok(Server {
            addr,
            shared,
            thread: Some(thread),
        })
    }

    /// The address bound, as the OS reports it (`0.0.0.0:PORT` when bound
    /// to every interface).
    #[cfg_attr(not(feature = "sandbox"), allow(dead_code))]
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Connections open now.
    #[cfg_attr(not(feature = "sandbox"), allow(dead_code))]
    pub fn connections(&self) -> usize {
        self.shared.connections()
    }

    /// Stops accepting and frees the port, closes idle connections, and
    /// waits (boundedly) for requests in hand to be answered, each with
    /// `Connection: close`. Calling it again does nothing.
    pub fn stop(&mut self) {
        self.shared.stop();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Whether `ip` can be reached only from this machine.
pub(crate) fn is_loopback(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4.is_loopback(),
        IpAddr::V6(v6) => {
            v6.is_loopback()
                || v6
                    .to_ipv4_mapped()
                    .is_some_and(|v4: Ipv4Addr| v4.is_loopback())
        }
    }
}
