//! payrun's own small HTTP/1.1 server on `std::net`, shared by the sandbox
//! gateway and the `listen` callback receiver: one thread per connection,
//! keep-alive, Content-Length or chunked bodies, bounded sizes, a bounded number of
//! connections, and a stop flag. Neither user knows the other; both hand it
//! a handler (a closure from request to [`Answer`]).
//!
//! Why not tiny_http 0.12: its accept thread hands each connection to a task
//! pool as one task that lasts as long as the connection. The pool queues a
//! task, instead of starting a thread, whenever its count of idle threads is
//! above zero, and that count still includes threads already woken for the
//! tasks queued just before. When more than 4 connections (its first 4
//! threads) arrive together, the extra ones sit in the queue unread until
//! another connection closes: with keep-alive clients, until a client times
//! out. The client then re-sends, and the original is read later still.
//! Nothing in its API changes that, it drops a `Connection: close` header
//! set by the handler, and it cannot close a connection without answering,
//! which the sandbox's "processed, answer lost" fault needs. A gateway that
//! delivers more than 4 callbacks at once would stall `listen` the same way,
//! past the 10 s it waits for `OK`.

mod chunked;
mod conn;
mod message;
#[cfg(test)]
mod tests;

pub(crate) use message::{Request, Response};

use message::serialise;
use std::io::{self, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// How often a connection waiting for bytes looks at the stop flag.
pub(crate) const POLL: Duration = Duration::from_millis(50);
/// How long `stop` waits for connections to finish the request in hand.
const STOP_WAIT: Duration = Duration::from_secs(5);

/// What the handler wants done with a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Answer {
    Send(Response),
    /// Close the connection at once without a word (FIN, no response).
    Close,
    /// Never answer: keep the connection open, reading nothing more into
    /// it, until the client gives up, the server stops, or it idles out.
    Silence,
}

pub(crate) type Handler = dyn Fn(&Request) -> Answer + Send + Sync;

/// Who is serving, for thread names and the over-the-cap answer, so that a
/// refused client is told which knob to turn.
#[derive(Debug, Clone)]
pub(crate) struct Options {
    /// Short, e.g. `sandbox`; threads are `NAME-accept` and `NAME-conn`.
    pub name: &'static str,
    pub max_connections: usize,
    /// What a client refused over the cap should do, e.g. `raise --max-connections`.
    pub over_cap_hint: &'static str,
}

struct Ctx {
    handler: Box<Handler>,
    stop: AtomicBool,
    name: &'static str,
    max_connections: usize,
    over_cap_hint: &'static str,
    live: Mutex<usize>,
    changed: Condvar,
}

/// Locks, recovering from a thread that panicked while holding the lock: a
/// server (the sandbox, the listener) keeps answering rather than poisoning
/// every later request. Shared by everything built on this module.
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// One admitted connection; dropping it frees the place.
struct Place(Arc<Ctx>);

impl Drop for Place {
    fn drop(&mut self) {
        let mut live = lock(&self.0.live);
        *live = live.saturating_sub(1);
        self.0.changed.notify_all();
    }
}

/// A running server. Dropping it stops it.
pub(crate) struct Server {
    addr: SocketAddr,
    ctx: Arc<Ctx>,
    accept: Option<JoinHandle<()>>,
}

impl Server {
    /// Starts accepting on `listener` at once; each connection gets its own
    /// thread, so one slow or idle client never delays another.
    pub fn start(
        listener: TcpListener,
        opts: Options,
        handler: Box<Handler>,
    ) -> io::Result<Server> {
        let addr = listener.local_addr()?;
        let ctx = Arc::new(Ctx {
            handler,
            stop: AtomicBool::new(false),
            name: opts.name,
            max_connections: opts.max_connections.max(1),
            over_cap_hint: opts.over_cap_hint,
            live: Mutex::new(0),
            changed: Condvar::new(),
        });
        let c = Arc::clone(&ctx);
        let accept = thread::Builder::new()
            .name(format!("{}-accept", ctx.name))
            .spawn(move || accept_loop(&listener, &c))?;
        Ok(Server {
            addr,
            ctx,
            accept: Some(accept),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Connections open now.
    pub fn connections(&self) -> usize {
        *lock(&self.ctx.live)
    }

    /// Stops accepting, closes idle connections, and waits (boundedly) for
    /// requests in hand to be answered. Calling it again does nothing.
    pub fn stop(&mut self) {
        self.ctx.stop.store(true, Ordering::SeqCst);
        let Some(accept) = self.accept.take() else {
            return;
        };
        // The accept thread blocks in accept(); one connection wakes it. If
        // even that fails, it is left to exit at its next connection.
        let wake = SocketAddr::new(loopback_if_unspecified(self.addr.ip()), self.addr.port());
        if TcpStream::connect_timeout(&wake, Duration::from_secs(1)).is_ok() {
            let _ = accept.join();
        }
        let deadline = Instant::now() + STOP_WAIT;
        let mut live = lock(&self.ctx.live);
        while *live > 0 {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            live = match self.ctx.changed.wait_timeout(live, left) {
                Ok((g, _)) => g,
                Err(e) => e.into_inner().0,
            };
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

fn loopback_if_unspecified(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(v4) if v4.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(v6) if v6.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        other => other,
    }
}

fn accept_loop(listener: &TcpListener, ctx: &Arc<Ctx>) {
    for incoming in listener.incoming() {
        if ctx.stop.load(Ordering::SeqCst) {
            return;
        }
        match incoming {
            Ok(stream) => admit(stream, ctx),
            // Out of file descriptors and the like: do not spin.
            Err(_) => thread::sleep(Duration::from_millis(10)),
        }
    }
}

fn admit(stream: TcpStream, ctx: &Arc<Ctx>) {
    let place = {
        let mut live = lock(&ctx.live);
        if *live >= ctx.max_connections {
            drop(live);
            return refuse_connection(stream, ctx);
        }
        *live += 1;
        Place(Arc::clone(ctx))
    };
    let c = Arc::clone(ctx);
    // If the thread cannot start, the closure is dropped with the place and
    // the stream: the client sees the connection close.
    let _ = thread::Builder::new()
        .name(format!("{}-conn", ctx.name))
        .spawn(move || {
            let _place = place;
            conn::serve(stream, &c);
        });
}

/// Over the cap: a 503 at once, never a wait in the backlog.
fn refuse_connection(mut stream: TcpStream, ctx: &Ctx) {
    let resp = Response::text(
        503,
        format!(
            "the {} serves at most {} connections at once; close idle ones or {}\n",
            ctx.name, ctx.max_connections, ctx.over_cap_hint
        ),
    );
    let _ = stream.set_write_timeout(Some(Duration::from_millis(200)));
    let _ = stream.write_all(&serialise(&resp, false, false, false));
    let _ = stream.shutdown(Shutdown::Both);
}
