//! One connection's life: read a request whole, hand it to the handler, act
//! on its answer, and again while the connection is kept alive.

use super::chunked::Dechunk;
use super::message::{
    Head, MAX_BODY, MAX_HEAD, Request, Response, head_end, parse_head, serialise,
};
use super::{Answer, Ctx, POLL};
use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

/// A request must arrive whole within this once its first byte has (else 408).
const REQUEST_DEADLINE: Duration = Duration::from_secs(10);
/// An idle keep-alive connection is closed after this. It is longer than
/// clients keep idle connections (ureq: 15 s), so the client closes first
/// and never sends on a connection the server is closing.
const IDLE: Duration = Duration::from_secs(120);
/// A client that does not read its answer for this long is dropped.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// How long the server reads and discards after its last answer on a
/// connection it closes, so that unread bytes do not turn the close into a
/// reset that could destroy that answer at the client.
const LINGER: Duration = Duration::from_secs(1);

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

/// Serves the connection until the client leaves, it idles out, the server
/// stops, or an answer ends it.
pub(super) fn serve(stream: TcpStream, ctx: &Ctx) {
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
        query,
        headers,
        content_length,
        chunked,
        http10,
        keep_alive,
        expect_continue,
    } = parse_head(conn.buf.get(..end).unwrap_or_default())?;
    let mut dechunk = chunked.then(|| Dechunk::new(end));
    let length_end = end.saturating_add(content_length);
    // Where the body ends once it is whole, `None` until then.
    let mut body_end = |buf: &[u8]| match dechunk.as_mut() {
        Some(d) => d.advance(buf),
        None => Ok((buf.len() >= length_end).then_some(length_end)),
    };
    let mut whole = body_end(&conn.buf)?;
    if expect_continue && whole.is_none() {
        let _ = conn.stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n");
    }
    let started = Instant::now();
    let whole = loop {
        if let Some(w) = whole {
            break w;
        }
        match conn.fill() {
            Fill::Data => whole = body_end(&conn.buf)?,
            Fill::Gone => return Ok(None),
            Fill::Wait if ctx.stop.load(Ordering::SeqCst) => return Ok(None),
            Fill::Wait if started.elapsed() > REQUEST_DEADLINE => return Err(too_slow()),
            Fill::Wait => {}
        }
    };
    let body = match dechunk {
        Some(d) => d.into_body(),
        None => conn.buf.get(end..whole).unwrap_or_default().to_vec(),
    };
    conn.buf.drain(..whole.min(conn.buf.len()));
    let request = Request {
        method,
        path,
        query,
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
