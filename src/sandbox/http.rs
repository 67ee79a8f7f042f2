//! The sandbox's own HTTP/1.1 server on `std::net`: one thread per
//! connection, keep-alive, Content-Length bodies, bounded sizes, a bounded
//! number of connections, and a stop flag.
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
//! which the "processed, answer lost" fault needs.

mod message;
#[cfg(test)]
mod tests;

pub(crate) use message::{MAX_BODY, Request, Response};

use message::{Head, MAX_HEAD, head_end, parse_head, serialise};
use std::io::{self, ErrorKind, Read, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// How often a connection waiting for bytes looks at the stop flag.
pub(crate) const POLL: Duration = Duration::from_millis(50);
/// A request must arrive whole within this once its first byte has (else 408).
const REQUEST_DEADLINE: Duration = Duration::from_secs(10);
/// An idle keep-alive connection is closed after this. It is longer than
/// clients keep idle connections (ureq: 15 s), so the client closes first
/// and never sends on a connection the sandbox is closing.
const IDLE: Duration = Duration::from_secs(120);
/// A client that does not read its answer for this long is dropped.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// How long the server reads and discards after its last answer on a
/// connection it closes, so that unread bytes do not turn the close into a
/// reset that could destroy that answer at the client.
const LINGER: Duration = Duration::from_secs(1);
/// How long `stop` waits for connections to finish the request in hand.
const STOP_WAIT: Duration = Duration::from_secs(5);

/// What the handler wants done with a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Answer {
    Send(Response),
    /// Close the connection at once without a word (FIN, no response).
    Close,
    /// Never answer: keep the connection open, reading nothing more into
    /// it, until the client gives up, the sandbox stops, or it idles out.
    Silence,
}

pub(crate) type Handler = dyn Fn(&Request) -> Answer + Send + Sync;

struct Ctx {
    handler: Box<Handler>,
    stop: AtomicBool,
    max_connections: usize,
    live: Mutex<usize>,
    changed: Condvar,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
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
        max_connections: usize,
        handler: Box<Handler>,
    ) -> io::Result<Server> {
        let addr = listener.local_addr()?;
        let ctx = Arc::new(Ctx {
            handler,
            stop: AtomicBool::new(false),
            max_connections: max_connections.max(1),
            live: Mutex::new(0),
            changed: Condvar::new(),
        });
        let c = Arc::clone(&ctx);
        let accept = thread::Builder::new()
            .name("sandbox-accept".to_string())
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
            return refuse_connection(stream, ctx.max_connections);
        }
        *live += 1;
        Place(Arc::clone(ctx))
    };
    let c = Arc::clone(ctx);
    // If the thread cannot start, the closure is dropped with the place and
    // the stream: the client sees the connection close.
    let _ = thread::Builder::new()
        .name("sandbox-conn".to_string())
        .spawn(move || {
            let _place = place;
            serve_connection(stream, &c);
        });
}

/// Over the cap: a 503 at once, never a wait in the backlog.
fn refuse_connection(mut stream: TcpStream, max: usize) {
    let resp = Response::text(
        503,
        format!(
            "the sandbox serves at most {max} connections at once; close idle ones or raise \
             --max-connections\n"
        ),
    );
    let _ = stream.set_write_timeout(Some(Duration::from_millis(200)));
    let _ = stream.write_all(&serialise(&resp, false, false, false));
    let _ = stream.shutdown(Shutdown::Both);
}

/// What the connection needs to know about a request it answers.
struct Meta {
    http10: bool,
    keep_alive: bool,
}

/// A connection's bytes read but not yet consumed by a request.
struct Conn {
    stream: TcpStream,
    buf: Vec<u8>,
}

enum Fill {
    Data,
    /// The client closed its side, or the socket failed.
    Gone,
    /// Nothing within `POLL`.
    Wait,
}

impl Conn {
    fn fill(&mut self) -> Fill {
        let mut chunk = [0u8; 8192];
        match self.stream.read(&mut chunk) {
            Ok(0) => Fill::Gone,
            Ok(n) => {
                self.buf
                    .extend_from_slice(chunk.get(..n).unwrap_or_default());
                Fill::Data
            }
            Err(e)
                if matches!(
                    e.kind(),
                    ErrorKind::WouldBlock | ErrorKind::TimedOut | ErrorKind::Interrupted
                ) =>
            {
                Fill::Wait
            }
            Err(_) => Fill::Gone,
        }
    }

    /// Writes `bytes`, then closes gracefully when `!keep`.
    fn send(&mut self, bytes: &[u8], keep: bool) -> bool {
        let ok = self.stream.write_all(bytes).is_ok();
        if !keep {
            self.linger_close();
        }
        ok && keep
    }

    fn linger_close(&mut self) {
        let _ = self.stream.shutdown(Shutdown::Write);
        let until = Instant::now() + LINGER;
        let mut drained = 0usize;
        while Instant::now() < until && drained < MAX_BODY {
            self.buf.clear();
            match self.fill() {
                Fill::Data => drained += self.buf.len(),
                Fill::Gone => break,
                Fill::Wait => {}
            }
        }
    }
}

fn serve_connection(stream: TcpStream, ctx: &Ctx) {
    let _ = stream.set_nodelay(true);
    if stream.set_read_timeout(Some(POLL)).is_err() {
        return;
    }
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let mut conn = Conn {
        stream,
        buf: Vec::new(),
    };
    loop {
        let (meta, request) = match read_request(&mut conn, ctx) {
            Ok(Some(r)) => r,
            Ok(None) => return,
            Err(refusal) => {
                conn.send(&serialise(&refusal, false, false, false), false);
                return;
            }
        };
        match (ctx.handler)(&request) {
            Answer::Send(resp) => {
                // Stopping while the handler ran: say this is the last answer.
                let keep = meta.keep_alive && !ctx.stop.load(Ordering::SeqCst);
                let bytes = serialise(&resp, keep, meta.http10, request.method == "HEAD");
                if !conn.send(&bytes, keep) {
                    return;
                }
            }
            Answer::Close => {
                let _ = conn.stream.shutdown(Shutdown::Both);
                return;
            }
            Answer::Silence => return silence(&mut conn, ctx),
        }
    }
}

/// Holds the connection without ever answering on it again (HTTP answers
/// go in order, so nothing after the unanswered request can be answered).
fn silence(conn: &mut Conn, ctx: &Ctx) {
    let until = Instant::now() + IDLE;
    while Instant::now() < until && !ctx.stop.load(Ordering::SeqCst) {
        conn.buf.clear();
        if let Fill::Gone = conn.fill() {
            return;
        }
    }
}

/// The next whole request: `Ok(None)` when the client left, the connection
/// idled out or the server is stopping; `Err` is the answer to close with.
fn read_request(conn: &mut Conn, ctx: &Ctx) -> Result<Option<(Meta, Request)>, Response> {
    let idle_since = Instant::now();
    let mut first_byte = None;
    let end = loop {
        // Blank lines before a request line are allowed (RFC 9112 2.2).
        let blank = conn
            .buf
            .iter()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .count();
        conn.buf.drain(..blank);
        if !conn.buf.is_empty() {
            first_byte.get_or_insert_with(Instant::now);
        }
        let end = head_end(&conn.buf);
        if end.unwrap_or(conn.buf.len()) > MAX_HEAD {
            return Err(Response::text(431, "the request head is over 16 KiB\n"));
        }
        if let Some(end) = end {
            break end;
        }
        match conn.fill() {
            Fill::Data => {}
            Fill::Gone => return Ok(None),
            Fill::Wait => {
                if ctx.stop.load(Ordering::SeqCst) {
                    return Ok(None);
                }
                match first_byte {
                    None if idle_since.elapsed() > IDLE => return Ok(None),
                    Some(t) if t.elapsed() > REQUEST_DEADLINE => return Err(too_slow()),
                    _ => {}
                }
            }
        }
    };
    let Head {
        method,
        path,
        headers,
        content_length,
        http10,
        keep_alive,
        expect_continue,
    } = parse_head(conn.buf.get(..end).unwrap_or_default())?;
    let whole = end.saturating_add(content_length);
    if expect_continue && conn.buf.len() < whole {
        let _ = conn.stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n");
    }
    let started = Instant::now();
    while conn.buf.len() < whole {
        match conn.fill() {
            Fill::Data => {}
            Fill::Gone => return Ok(None),
            Fill::Wait if ctx.stop.load(Ordering::SeqCst) => return Ok(None),
            Fill::Wait if started.elapsed() > REQUEST_DEADLINE => return Err(too_slow()),
            Fill::Wait => {}
        }
    }
    let body = conn.buf.get(end..whole).unwrap_or_default().to_vec();
    conn.buf.drain(..whole);
    let request = Request {
        method,
        path,
        headers,
        body,
    };
    Ok(Some((Meta { http10, keep_alive }, request)))
}

fn too_slow() -> Response {
    Response::text(
        408,
        format!(
            "the request did not arrive whole within {} s\n",
            REQUEST_DEADLINE.as_secs()
        ),
    )
}
