//! The HTTP layer with a byte string for a client, for the fuzz target
//! `fuzz/fuzz_targets/http_request.rs`: the same hyper configuration,
//! admission and exchange code as a real socket, with `listen`'s limits and
//! a handler that reports what it was given. Not for other use.
//!
//! One difference from a socket: the server keeps answering after the input
//! ends (hyper's half-close), so that every answer owed is written and the
//! target sees it; a real client that closes its side is answered no more.

use super::serve::{self, Shared};
use super::{Answer, Options, Response};
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

/// What the handler was given for one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub body_len: usize,
}

/// What one input did.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// Every byte the server wrote.
    pub output: Vec<u8>,
    /// The requests the handler saw, in order.
    pub requests: Vec<Seen>,
    /// Requests refused with 413 (the refusal hook's count).
    pub refused: usize,
}

/// A server without a socket; reuse it across inputs.
pub struct Exchange {
    rt: tokio::runtime::Runtime,
    shared: Arc<Shared>,
    seen: Arc<Mutex<Vec<Seen>>>,
    refused: Arc<AtomicUsize>,
}

impl Exchange {
    /// `listen`'s limits with a body cap of `max_body` bytes.
    pub fn new(max_body: usize) -> io::Result<Exchange> {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let refused = Arc::new(AtomicUsize::new(0));
        let r = Arc::clone(&refused);
        let opts = Options {
            max_body,
            head_timeout: Duration::from_secs(10),
            close_after_refusal: true,
            on_refused: Some(Box::new(move |_| {
                r.fetch_add(1, Ordering::Relaxed);
            })),
            ..Options::local("fuzz", 8)
        };
        let s = Arc::clone(&seen);
        let handler = Box::new(move |rq: &super::Request| {
            super::lock(&s).push(Seen {
                method: rq.method.clone(),
                path: rq.path.clone(),
                body_len: rq.body.len(),
            });
            Answer::Send(Response::text(200, format!("{} bytes", rq.body.len())))
        });
        let shared = Arc::new(Shared::new(opts, handler).half_closing());
        let rt = serve::runtime(&shared)?;
        Ok(Exchange {
            rt,
            shared,
            seen,
            refused,
        })
    }

    /// Serves `input` as one connection, `step` bytes per read (at least 1).
    pub fn run(&self, input: &[u8], step: usize) -> Outcome {
        super::lock(&self.seen).clear();
        self.refused.store(0, Ordering::Relaxed);
        let peer = SocketAddr::from(([127, 0, 0, 1], 40000));
        let Ok(ticket) = self.shared.registry.admit(peer.ip()) else {
            return Outcome::default();
        };
        let out = Arc::new(Mutex::new(Vec::new()));
        let wire = Wire {
            input: input.to_vec(),
            pos: 0,
            step: step.max(1),
            out: Arc::clone(&out),
        };
        let conn = serve::connection(wire, peer, ticket, Arc::clone(&self.shared));
        self.rt.block_on(conn);
        Outcome {
            output: std::mem::take(&mut *super::lock(&out)),
            requests: std::mem::take(&mut *super::lock(&self.seen)),
            refused: self.refused.load(Ordering::Relaxed),
        }
    }
}

/// A connection whose client sends `input` and then closes its side.
struct Wire {
    input: Vec<u8>,
    pos: usize,
    step: usize,
    out: Arc<Mutex<Vec<u8>>>,
}

impl hyper::rt::Read for Wire {
    fn poll_read(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        mut buf: hyper::rt::ReadBufCursor<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let rest = this.input.get(this.pos..).unwrap_or_default();
        let n = rest.len().min(buf.remaining()).min(this.step);
        buf.put_slice(rest.get(..n).unwrap_or_default());
        this.pos += n;
        Poll::Ready(Ok(()))
    }
}

impl hyper::rt::Write for Wire {
    fn poll_write(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        super::lock(&self.out).extend_from_slice(buf);
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}
