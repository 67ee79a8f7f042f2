//! The server over real loopback sockets: keep-alive, pipelining, chunked
//! bodies, closes and silences, the caps, stop. `findings.rs` holds the
//! parsing findings and the connection policy.

use super::*;
use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::sync::Barrier;
use std::thread;
use std::time::Instant;

mod findings;

/// Echoes `METHOD PATH BODY`; `/close` and `/silence` take those answers.
pub(super) fn echo(rq: &Request) -> Answer {
    match rq.path.as_str() {
        "/close" => Answer::Close,
        "/silence" => Answer::Silence,
        "/slow" => {
            thread::sleep(Duration::from_millis(300));
            Answer::Send(Response::text(200, "slow"))
        }
        "/missing" => Answer::Send(Response::text(404, "no such thing")),
        "/query" => Answer::Send(Response::text(200, format!("query={}", rq.query))),
        _ => Answer::Send(Response::text(
            200,
            format!(
                "{} {} {}",
                rq.method,
                rq.path,
                String::from_utf8_lossy(&rq.body)
            ),
        )),
    }
}

pub(super) fn server_with(opts: Options) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    Server::start(listener, opts, Box::new(echo)).unwrap()
}

fn server(max_connections: usize) -> Server {
    server_with(Options::local("sandbox", max_connections))
}

pub(super) fn connect(s: &Server) -> TcpStream {
    let c = TcpStream::connect(s.addr()).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(3))).unwrap();
    c
}

/// Where a head ends (just past its blank line), if it has arrived whole.
fn head_end(buf: &[u8]) -> Option<usize> {
    buf.windows(4).position(|w| w == b"\r\n\r\n").map(|i| i + 4)
}

/// One response: (status, head text, body); `None` on EOF before any byte.
pub(super) fn read_response(c: &mut TcpStream, buf: &mut Vec<u8>) -> Option<(u16, String, String)> {
    let end = loop {
        if let Some(end) = head_end(buf) {
            break end;
        }
        let mut chunk = [0u8; 4096];
        let n = c.read(&mut chunk).expect("an answer within 3 s");
        if n == 0 {
            assert!(buf.is_empty(), "EOF inside a head: {buf:?}");
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8(buf[..end].to_vec()).unwrap();
    let status: u16 = head[9..12].parse().unwrap();
    let len: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("Content-Length: "))
        .map_or(0, |v| v.trim().parse().unwrap());
    while buf.len() < end + len {
        let mut chunk = [0u8; 4096];
        let n = c.read(&mut chunk).unwrap();
        assert!(n > 0, "EOF inside a body");
        buf.extend_from_slice(&chunk[..n]);
    }
    let body = String::from_utf8(buf[end..end + len].to_vec()).unwrap();
    buf.drain(..end + len);
    Some((status, head, body))
}

pub(super) fn eof(c: &mut TcpStream) -> bool {
    let mut b = [0u8; 64];
    matches!(c.read(&mut b), Ok(0))
        || matches!(c.read(&mut b), Err(e) if e.kind() == ErrorKind::ConnectionReset)
}

/// The client side of one connection: what it sends, and the answers it
/// reads in turn (the bytes of a pipelined answer wait in `buf`).
pub(super) struct Client {
    c: TcpStream,
    buf: Vec<u8>,
}

impl Client {
    /// A new connection to `s`.
    pub(super) fn to(s: &Server) -> Client {
        Client::on(connect(s))
    }

    /// A connection opened otherwise (from another address, say), with its
    /// read timeout set.
    pub(super) fn on(c: TcpStream) -> Client {
        Client { c, buf: Vec::new() }
    }

    pub(super) fn send(&mut self, bytes: &[u8]) {
        self.c.write_all(bytes).unwrap();
    }

    /// For a request the server may refuse before reading it all: a write
    /// cut short is then the server's answer, not the test's failure.
    pub(super) fn try_send(&mut self, bytes: &[u8]) {
        let _ = self.c.write_all(bytes);
    }

    /// The next answer: (status, head, body).
    pub(super) fn answer(&mut self) -> (u16, String, String) {
        read_response(&mut self.c, &mut self.buf).expect("an answer")
    }

    /// The body of the next answer.
    pub(super) fn body(&mut self) -> String {
        self.answer().2
    }

    pub(super) fn closed(&mut self) -> bool {
        eof(&mut self.c)
    }
}

/// Waits (at most 2 s) until the server counts `n` connections.
pub(super) fn wait_connections(s: &Server, n: usize) {
    let until = Instant::now() + Duration::from_secs(2);
    while s.connections() != n && Instant::now() < until {
        thread::sleep(Duration::from_millis(5));
    }
    assert_eq!(s.connections(), n);
}

#[test]
fn keep_alive_serves_requests_in_turn_and_pipelined() {
    let s = server(8);
    let mut c = Client::to(&s);
    c.send(b"POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
    let (status, head, body) = c.answer();
    assert_eq!((status, body.as_str()), (200, "POST /a abc"));
    assert!(!head.contains("Connection: close"), "{head}");
    // Two requests in one write, the body split from its head.
    c.send(b"GET /b?x=1 HTTP/1.1\r\n\r\nPOST /c HTTP/1.1\r\nContent-Length: 2\r\n\r\n");
    thread::sleep(Duration::from_millis(100));
    c.send(b"hi");
    assert_eq!(c.body(), "GET /b ");
    assert_eq!(c.body(), "POST /c hi");
    assert_eq!(s.connections(), 1);
}

#[test]
fn the_query_string_reaches_the_handler_as_sent() {
    let s = server(8);
    let mut c = Client::to(&s);
    c.send(b"GET /query?from=2026-11-01&to=2026-11-30 HTTP/1.1\r\n\r\nGET /query HTTP/1.1\r\n\r\n");
    let first = c.body();
    assert_eq!(first, "query=from=2026-11-01&to=2026-11-30");
    assert_eq!(c.body(), "query=");
}

#[test]
fn chunked_bodies_decode_and_keep_the_connection_alive() {
    let s = server(8);
    let mut c = Client::to(&s);
    // Split inside a size line, inside data and inside the trailers.
    for piece in [
        "POST /a HTTP/1.1\r\nTransfer-Encoding: Chunked\r\n\r\n3;ext=1\r\nab",
        "c\r\n2\r\nde\r\n0\r\nX-Trailer: ",
        "t\r\n\r\n",
    ] {
        c.send(piece.as_bytes());
        thread::sleep(Duration::from_millis(60));
    }
    let (status, head, body) = c.answer();
    assert_eq!((status, body.as_str()), (200, "POST /a abcde"));
    assert!(!head.contains("Connection: close"), "{head}");
    // Then a chunked and a Content-Length request pipelined in one write.
    c.send(
        b"POST /b HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n\
          POST /c HTTP/1.1\r\nContent-Length: 2\r\n\r\nhi",
    );
    assert_eq!(c.body(), "POST /b x");
    assert_eq!(c.body(), "POST /c hi");
    // Expect: 100-continue works chunked too.
    c.send(b"POST /d HTTP/1.1\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n");
    assert_eq!(c.answer().0, 100);
    c.send(b"4\r\nbody\r\n0\r\n\r\n");
    assert_eq!(c.body(), "POST /d body");
    assert_eq!(s.connections(), 1);
}

#[test]
fn expect_continue_gets_100_before_the_body() {
    let s = server(8);
    let mut c = Client::to(&s);
    c.send(b"POST /e HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
    assert_eq!(c.answer().0, 100);
    c.send(b"body");
    assert_eq!(c.body(), "POST /e body");
}

#[test]
fn connection_close_and_http10_are_answered_then_closed() {
    let s = server(8);
    for (request, keep) in [
        ("GET / HTTP/1.1\r\nConnection: close\r\n\r\n", false),
        ("GET / HTTP/1.0\r\n\r\n", false),
        ("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", true),
    ] {
        let mut c = Client::to(&s);
        c.send(request.as_bytes());
        let (status, head, _) = c.answer();
        assert_eq!(status, 200);
        assert_eq!(
            head.contains("Connection: close"),
            !keep,
            "{request}: {head}"
        );
        if keep {
            assert!(head.contains("Connection: keep-alive"), "{head}");
        } else {
            assert!(c.closed(), "{request}: the connection stays open");
        }
    }
}

/// hyper's own refusals carry no body; payrun's (413, 408, 400 for a body)
/// say why. Every one closes the connection.
#[test]
fn bad_requests_get_a_status_and_a_close() {
    let s = server(8);
    let big_head = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(20_000));
    let cases: [(&str, u16, bool); 8] = [
        ("NONSENSE\r\n\r\n", 400, false),
        ("GET / HTTP/2.0\r\n\r\n", 400, false),
        (
            "POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n0\r\n\r\n",
            400,
            false,
        ),
        (
            "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
            400,
            true,
        ),
        (
            "POST / HTTP/1.1\r\nContent-Length: 999999999\r\n\r\n",
            413,
            true,
        ),
        (
            "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
            400,
            false,
        ),
        ("GET / HTTP/1.1\r\nno colon here\r\n\r\n", 400, false),
        (big_head.as_str(), 431, false),
    ];
    for (request, want, says_why) in cases {
        let mut c = Client::to(&s);
        c.try_send(request.as_bytes());
        let (status, head, body) = c.answer();
        assert_eq!(status, want, "{request:.60}: {body}");
        if says_why {
            assert!(head.contains("Connection: close"), "{head}");
            assert!(!body.is_empty());
        }
        assert!(c.closed(), "{request:.60}: still open");
    }
}

#[test]
fn close_answers_nothing_and_silence_holds_the_line() {
    let s = server(8);
    let mut c = connect(&s);
    c.write_all(b"POST /close HTTP/1.1\r\nContent-Length: 0\r\n\r\n")
        .unwrap();
    let mut b = [0u8; 16];
    assert!(matches!(c.read(&mut b), Ok(0)), "a close sends no bytes");

    let mut c = connect(&s);
    c.set_read_timeout(Some(Duration::from_millis(300)))
        .unwrap();
    c.write_all(b"POST /silence HTTP/1.1\r\nContent-Length: 0\r\n\r\n")
        .unwrap();
    let err = c.read(&mut b).expect_err("silence sends no bytes");
    assert!(matches!(
        err.kind(),
        ErrorKind::WouldBlock | ErrorKind::TimedOut
    ));
    assert_eq!(s.connections(), 1, "the silent connection stays open");
    drop(c);
    let until = Instant::now() + Duration::from_secs(2);
    while s.connections() > 0 && Instant::now() < until {
        thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(s.connections(), 0, "the client left, so does the server");
}

#[test]
fn connections_over_the_cap_get_503_at_once() {
    let s = server(2);
    let mut held: Vec<Client> = (0..2).map(|_| Client::to(&s)).collect();
    wait_connections(&s, 2);
    let mut c = Client::to(&s);
    let (status, _, body) = c.answer();
    assert_eq!(status, 503);
    assert!(body.contains("--max-connections"), "{body}");
    // The held ones still work.
    held[0].send(b"GET /h HTTP/1.1\r\n\r\n");
    assert_eq!(held[0].answer().0, 200);
}

/// The tiny_http stall: more than 4 connections arriving together. Every
/// one is read and answered at once, while all stay open.
#[test]
fn many_simultaneous_connections_are_all_read_at_once() {
    let s = server(64);
    let n = 32;
    let go = Arc::new(Barrier::new(n));
    let addr = s.addr();
    let clients: Vec<_> = (0..n)
        .map(|i| {
            let go = Arc::clone(&go);
            thread::spawn(move || {
                go.wait();
                let c = TcpStream::connect(addr).unwrap();
                c.set_read_timeout(Some(Duration::from_secs(3))).unwrap();
                let mut c = Client::on(c);
                let mut slowest = Duration::ZERO;
                for j in 0..5 {
                    let t = Instant::now();
                    let req = format!("POST /{i} HTTP/1.1\r\nContent-Length: 1\r\n\r\n{j}");
                    c.send(req.as_bytes());
                    let (_, _, body) = c.answer();
                    assert_eq!(body, format!("POST /{i} {j}"));
                    slowest = slowest.max(t.elapsed());
                }
                (slowest, c)
            })
        })
        .collect();
    let done: Vec<_> = clients.into_iter().map(|c| c.join().unwrap()).collect();
    let slowest = done.iter().map(|(d, _)| *d).max().unwrap();
    // A stalled connection is freed only by another closing, and none
    // closes before its 3 s read timeout: under that, nothing stalled
    // (a 1 s bound measured the machine's load, not the server).
    assert!(slowest < Duration::from_secs(3), "{slowest:?}");
    assert_eq!(s.connections(), n);
}

#[test]
fn stop_closes_idle_connections_waits_for_answers_and_frees_the_port() {
    let mut s = server(8);
    let addr = s.addr();
    let mut idle = Client::to(&s);
    let mut busy = Client::to(&s);
    busy.send(b"GET /slow HTTP/1.1\r\n\r\n");
    thread::sleep(Duration::from_millis(50));
    let t = Instant::now();
    s.stop();
    assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
    let (_, head, body) = busy.answer();
    assert_eq!(body, "slow", "the request in hand is answered");
    assert!(head.contains("Connection: close"), "{head}");
    assert!(idle.closed());
    assert_eq!(s.connections(), 0);
    assert!(TcpStream::connect_timeout(&addr, Duration::from_millis(500)).is_err());
    s.stop();
}
