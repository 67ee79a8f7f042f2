//! The runtime: one thread running a current-thread tokio runtime that
//! accepts, admits and serves every connection with hyper; handlers run on
//! the runtime's blocking threads. Everything async stays in this module and
//! its siblings.

use super::admit::{Admission, Full, Registry, Ticket, Waiting};
use super::exchange;
use super::{Handler, Options};
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::io;
use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};
use tokio::sync::watch;

/// How long `stop` waits for connections to finish the request in hand.
const STOP_WAIT: Duration = Duration::from_secs(5);
/// How long the runtime waits at the end for handlers still running.
const SHUTDOWN_WAIT: Duration = Duration::from_millis(500);
/// Most header lines in a request; the gateway sends about ten.
const MAX_HEADERS: usize = 64;

/// What the accept loop, every connection and every handler share.
pub(super) struct Shared {
    pub opts: Options,
    pub handler: Box<Handler>,
    pub registry: Arc<Registry>,
    stopping: AtomicBool,
    stop_tx: watch::Sender<bool>,
    /// Keep answering after the client closed its side: only for the fuzz
    /// harness, whose input ends before the answers are written.
    half_close: bool,
}

impl Shared {
    pub fn new(opts: Options, handler: Box<Handler>) -> Shared {
        let registry = Arc::new(Registry::with_queue(
            opts.max_connections,
            opts.max_per_peer,
            opts.queue,
        ));
        Shared {
            opts,
            handler,
            registry,
            stopping: AtomicBool::new(false),
            stop_tx: watch::channel(false).0,
            half_close: false,
        }
    }

    /// For the fuzz harness (see `half_close`).
    pub fn half_closing(mut self) -> Shared {
        self.half_close = true;
        self
    }

    pub fn connections(&self) -> usize {
        self.registry.len()
    }

    pub fn stop(&self) {
        self.stopping.store(true, Ordering::SeqCst);
        self.stop_tx.send_replace(true);
    }

    pub fn is_stopping(&self) -> bool {
        self.stopping.load(Ordering::SeqCst)
    }

    /// Resolves once `stop` has been called.
    pub async fn stopped(&self) {
        let mut rx = self.stop_tx.subscribe();
        let _ = rx.wait_for(|s| *s).await;
    }

    fn http1(&self) -> http1::Builder {
        let mut b = http1::Builder::new();
        b.timer(TokioTimer::new())
            .header_read_timeout(self.opts.head_timeout)
            .max_headers(MAX_HEADERS)
            .max_header_size(self.opts.max_head)
            .max_buf_size(self.opts.max_head.max(8192))
            // Answers read `Content-Length`, as clients that grep heads expect.
            .title_case_headers(true)
            // A client that closes its side has left: answer it no more.
            .half_close(self.half_close)
            .keep_alive(true);
        b
    }
}

/// A runtime small enough for a callback receiver: one thread for every
/// connection's I/O, blocking threads for handlers up to the connection cap.
pub(super) fn runtime(shared: &Shared) -> io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .max_blocking_threads(shared.opts.max_connections.clamp(4, 1024))
        .thread_name(format!("{}-handler", shared.opts.name))
        .build()
}

pub(super) fn spawn(listener: TcpListener, shared: Arc<Shared>) -> io::Result<JoinHandle<()>> {
    listener.set_nonblocking(true)?;
    let rt = runtime(&shared)?;
    thread::Builder::new()
        .name(format!("{}-http", shared.opts.name))
        .spawn(move || {
            rt.block_on(accept_loop(listener, &shared));
            rt.shutdown_timeout(SHUTDOWN_WAIT);
        })
}

async fn accept_loop(listener: TcpListener, shared: &Arc<Shared>) {
    let listener = match tokio::net::TcpListener::from_std(listener) {
        Ok(l) => l,
        Err(e) => {
            crate::log::error(
                "http_start",
                format!("{}: cannot serve: {e}", shared.opts.name),
            );
            return;
        }
    };
    loop {
        tokio::select! {
            _ = shared.stopped() => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => admit(stream, peer, shared),
                // Out of file descriptors and the like: do not spin.
                Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
            },
        }
    }
    // Frees the port before `stop` returns.
    drop(listener);
    let deadline = Instant::now() + STOP_WAIT;
    while shared.connections() > 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

fn admit(stream: tokio::net::TcpStream, peer: SocketAddr, shared: &Arc<Shared>) {
    let _ = stream.set_nodelay(true);
    match shared.registry.admit_or_queue(peer.ip()) {
        Admission::Now(ticket) => {
            let io = TokioIo::new(stream);
            tokio::spawn(connection(io, peer, ticket, Arc::clone(shared)));
        }
        Admission::Queued(waiting) => {
            tokio::spawn(wait_turn(stream, peer, waiting, Arc::clone(shared)));
        }
        Admission::Refused(full) => refuse(&stream, peer, full, shared),
    }
}

/// A connection over its peer's cap: nothing is read from it until one of
/// the peer's places is handed to it (then it is served as any other), or
/// the queue's wait ends or the server stops (then 503). Its request waits
/// in the kernel's buffer meanwhile; the head and body timeouts start when
/// it is served.
async fn wait_turn(
    stream: tokio::net::TcpStream,
    peer: SocketAddr,
    waiting: Waiting,
    shared: Arc<Shared>,
) {
    let place = tokio::select! {
        p = waiting.place() => p,
        _ = shared.stopped() => None,
    };
    match place {
        Some(ticket) if !shared.is_stopping() => {
            connection(TokioIo::new(stream), peer, ticket, shared).await;
        }
        _ => refuse(&stream, peer, Full::Waited, &shared),
    }
}

/// Over a cap: a 503 at once, never a wait in the backlog. The socket is
/// new and its send buffer empty, so one non-blocking write takes it whole.
fn refuse(stream: &tokio::net::TcpStream, peer: SocketAddr, full: Full, shared: &Shared) {
    let o = &shared.opts;
    let body = match full {
        Full::Total => format!(
            "the {} serves at most {} connections at once; close idle ones or {}\n",
            o.name,
            shared.registry.max_total(),
            o.over_cap_hint
        ),
        Full::Peer => format!(
            "the {} serves at most {} connections at once from one address ({}); close idle \
             ones or {}\n",
            o.name,
            shared.registry.max_per_peer(),
            peer.ip(),
            o.over_cap_hint
        ),
        Full::Waited => format!(
            "the {} serves at most {} connections at once from one address ({}), and at most \
             {} more wait up to {} s for a place; none came free for this one: {}\n",
            o.name,
            shared.registry.max_per_peer(),
            peer.ip(),
            o.queue.per_peer,
            o.queue.wait.as_secs(),
            o.over_cap_hint
        ),
    };
    let answer = format!(
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n\
         Content-Length: {}\r\nRetry-After: 1\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.try_write(answer.as_bytes());
}

/// Serves one admitted connection until the client leaves, a limit or an
/// answer ends it, it is shed, or the server stops (then the request in hand
/// is answered and the connection closed).
pub(super) async fn connection<I>(io: I, peer: SocketAddr, ticket: Ticket, shared: Arc<Shared>)
where
    I: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
{
    let mark = Arc::clone(&ticket.mark);
    let svc_shared = Arc::clone(&shared);
    let svc = hyper::service::service_fn(move |rq| {
        exchange::exchange(Arc::clone(&svc_shared), Arc::clone(&mark), peer, rq)
    });
    let conn = shared.http1().serve_connection(io, svc);
    tokio::pin!(conn);
    let mut stopping = false;
    loop {
        tokio::select! {
            _ = conn.as_mut() => break,
            _ = ticket.mark.shed.notified() => break,
            _ = shared.stopped(), if !stopping => {
                conn.as_mut().graceful_shutdown();
                stopping = true;
            }
        }
    }
    drop(ticket);
}
