//! The security review's parsing findings against the old hand-written
//! parser, which hyper refuses by construction, and the connection policy
//! `listen` runs with: caps per peer and in total, shedding idle connections,
//! closing after a refusal, and the time limits.

use super::*;
use std::net::{Ipv4Addr, SocketAddrV4};

/// A connection from 127.0.0.`last` (all of 127.0.0.0/8 is loopback).
fn connect_from(s: &Server, last: u8) -> TcpStream {
    use socket2::{Domain, Socket, Type};
    let sock = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
    let from = SocketAddrV4::new(Ipv4Addr::new(127, 0, 0, last), 0);
    sock.bind(&from.into()).unwrap();
    sock.connect(&s.addr().into()).unwrap();
    let c: TcpStream = sock.into();
    c.set_read_timeout(Some(Duration::from_secs(3))).unwrap();
    c
}

/// Sends `request` on a fresh connection, which must be answered 400 and
/// closed; the body, to see whether the handler saw anything (the echo's
/// body names the method).
fn assert_bad_request(s: &Server, request: &[u8]) -> String {
    let mut c = Client::to(s);
    c.try_send(request);
    let (status, _, body) = c.answer();
    let sent = String::from_utf8_lossy(request);
    assert_eq!(status, 400, "{sent:?}: {body}");
    assert!(c.closed(), "closed after {status}");
    body
}

/// The old parser trimmed header values with Rust's Unicode `trim()`, so
/// `chunked` followed by a vertical tab, NBSP or NEL read as `chunked`,
/// where a front proxy would not. hyper takes no such value.
#[test]
fn unicode_whitespace_after_chunked_is_not_chunked() {
    let s = server(8);
    for tail in ["\u{b}", "\u{a0}", "\u{85}", "\u{2028}"] {
        let req = format!(
            "POST /smuggle HTTP/1.1\r\nTransfer-Encoding: chunked{tail}\r\n\r\n\
             0\r\n\r\nGET /second HTTP/1.1\r\n\r\n"
        );
        let body = assert_bad_request(&s, req.as_bytes());
        assert!(
            !body.contains("/second") && !body.contains("/smuggle"),
            "{body}"
        );
    }
}

/// The old parser let a bare CR stand inside a header value.
#[test]
fn a_bare_cr_inside_a_header_value_is_refused() {
    let s = server(8);
    assert_bad_request(
        &s,
        b"POST /x HTTP/1.1\r\nX-A: one\rX-B: two\r\nContent-Length: 0\r\n\r\n",
    );
    assert_bad_request(
        &s,
        b"POST /x HTTP/1.1\r\nTransfer-Encoding: \rchunked\r\n\r\n0\r\n\r\n",
    );
}

/// HTTP/1.0 has no chunked coding; the old parser honoured it there, where a
/// 1.0 proxy reads the body as running to the close.
#[test]
fn transfer_encoding_on_http10_is_refused() {
    let s = server(8);
    assert_bad_request(
        &s,
        b"POST /x HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
    );
}

/// Both framings: hyper reads the body by Transfer-Encoding (RFC 9112 6.3)
/// and closes the connection after answering, so nothing smuggled behind it
/// is ever read as a request.
#[test]
fn both_framings_are_read_by_transfer_encoding_and_closed() {
    let s = server(8);
    let mut c = Client::to(&s);
    c.send(
        b"POST /a HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n\
          0\r\n\r\nGET /smuggled HTTP/1.1\r\n\r\n",
    );
    let (status, _, body) = c.answer();
    assert_eq!((status, body.as_str()), (200, "POST /a "));
    assert!(c.closed(), "closed, /smuggled never read");
}

/// The old server wrote `HTTP/1.1 401 Status`: its table lacked 401.
#[test]
fn statuses_carry_their_standard_reason_phrase() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let s = Server::start(
        listener,
        Options::local("listen", 8),
        Box::new(|rq: &Request| {
            let status = rq.path.trim_start_matches('/').parse().unwrap_or(500);
            Answer::Send(Response::text(
                status,
                "rejected: the sign does not verify\n",
            ))
        }),
    )
    .unwrap();
    for (status, line) in [
        (401, "HTTP/1.1 401 Unauthorized\r\n"),
        (403, "HTTP/1.1 403 Forbidden\r\n"),
        (409, "HTTP/1.1 409 Conflict\r\n"),
        (422, "HTTP/1.1 422 Unprocessable Entity\r\n"),
    ] {
        let mut c = Client::to(&s);
        c.send(format!("POST /{status} HTTP/1.1\r\nContent-Length: 0\r\n\r\n").as_bytes());
        let (_, head, body) = c.answer();
        assert!(head.starts_with(line), "{head}");
        assert!(head.contains("Content-Type: text/plain"), "{head}");
        assert_eq!(body, "rejected: the sign does not verify\n");
    }
}

fn listen_like(max_connections: usize, max_per_peer: usize) -> Options {
    Options {
        max_per_peer,
        over_cap_hint: "retry later",
        max_body: 1024,
        head_timeout: Duration::from_millis(400),
        body_timeout: Duration::from_millis(400),
        close_after_refusal: true,
        ..Options::local("listen", max_connections)
    }
}

#[test]
fn one_peer_cannot_hold_more_than_its_cap_and_another_still_gets_in() {
    let s = server_with(listen_like(64, 3));
    let _held: Vec<TcpStream> = (0..3).map(|_| connect_from(&s, 1)).collect();
    wait_connections(&s, 3);
    let mut c = Client::on(connect_from(&s, 1));
    let (status, _, body) = c.answer();
    assert_eq!(status, 503);
    assert!(body.contains("from one address (127.0.0.1)"), "{body}");
    let mut other = Client::on(connect_from(&s, 2));
    other.send(b"POST /cb HTTP/1.1\r\nContent-Length: 2\r\n\r\nok");
    assert_eq!(other.body(), "POST /cb ok");
}

/// At the total cap, idle connections of the largest peer make room for
/// another peer; busy ones are never shed, and then the newcomer gets 503.
#[test]
fn at_the_total_cap_the_largest_peers_idle_connection_is_shed() {
    let s = server_with(Options {
        head_timeout: Duration::from_secs(30),
        ..listen_like(4, 4)
    });
    let mut idle: Vec<TcpStream> = (0..4).map(|_| connect_from(&s, 1)).collect();
    wait_connections(&s, 4);
    let t = Instant::now();
    let mut c = Client::on(connect_from(&s, 2));
    c.send(b"POST /cb HTTP/1.1\r\nContent-Length: 2\r\n\r\nok");
    assert_eq!(c.body(), "POST /cb ok");
    // Not given room, the newcomer would wait for an idle one's 30 s head
    // timeout: 10 s tells the two apart on a loaded machine too.
    assert!(t.elapsed() < Duration::from_secs(10), "{:?}", t.elapsed());
    assert!(eof(&mut idle[0]), "the oldest idle connection was shed");
    // Busy connections are never shed: with every place busy, 503.
    let s = server_with(Options {
        head_timeout: Duration::from_secs(30),
        ..listen_like(3, 3)
    });
    let mut silent: Vec<Client> = (0..3)
        .map(|_| {
            let mut c = Client::on(connect_from(&s, 1));
            c.send(b"POST /silence HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
            c
        })
        .collect();
    wait_connections(&s, 3);
    thread::sleep(Duration::from_millis(100));
    let (status, _, _) = Client::on(connect_from(&s, 2)).answer();
    assert_eq!(status, 503, "nothing idle to shed");
    silent.clear();
}

#[test]
fn a_refusal_or_a_non_post_answer_closes_the_connection() {
    let s = server_with(listen_like(8, 8));
    for request in [
        "GET /cb HTTP/1.1\r\n\r\n",
        "POST /missing HTTP/1.1\r\nContent-Length: 0\r\n\r\n",
    ] {
        let mut c = Client::to(&s);
        c.send(request.as_bytes());
        let (_, head, _) = c.answer();
        assert!(head.contains("Connection: close"), "{head}");
        assert!(c.closed(), "{request}");
    }
    let mut c = Client::to(&s);
    for _ in 0..2 {
        c.send(b"POST /cb HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
        let (status, head, _) = c.answer();
        assert_eq!(status, 200);
        assert!(
            !head.contains("Connection: close"),
            "a POST answered 200 stays"
        );
    }
}

/// No first byte, half a head, or half a body: each is cut off at its limit.
#[test]
fn idle_slow_heads_and_slow_bodies_are_cut_off() {
    let s = server_with(listen_like(8, 8));
    let t = Instant::now();
    let mut idle = Client::to(&s);
    let mut slow_head = Client::to(&s);
    slow_head.send(b"POST /cb HTTP/1.1\r\nHost: x\r\n");
    let mut slow_body = Client::to(&s);
    slow_body.send(b"POST /cb HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc");
    assert!(idle.closed());
    assert!(slow_head.closed());
    let (status, _, body) = slow_body.answer();
    assert_eq!(status, 408, "{body}");
    assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
    wait_connections(&s, 0);
}

/// A body over the limit is answered 413 and closed, and the refusal is
/// told to the hook: nothing past the limit is read or kept.
#[test]
fn bodies_over_the_limit_get_413_and_reach_the_hook() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let hook_seen = Arc::clone(&seen);
    let s = server_with(Options {
        on_refused: Some(Box::new(move |r: &Refused| {
            lock(&hook_seen).push(r.clone())
        })),
        ..listen_like(8, 8)
    });
    let mut c = Client::to(&s);
    c.try_send(b"POST /cb HTTP/1.1\r\nContent-Length: 5000\r\n\r\n");
    assert_eq!(c.answer().0, 413);
    let mut c = Client::to(&s);
    let chunk = "x".repeat(700);
    c.try_send(format!(
        "POST /cb HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2bc\r\n{chunk}\r\n2bc\r\n{chunk}\r\n0\r\n\r\n"
    ).as_bytes());
    assert_eq!(c.answer().0, 413);
    let seen = lock(&seen);
    assert_eq!(seen.len(), 2);
    assert_eq!((seen[0].declared, seen[0].received.len()), (Some(5000), 0));
    assert_eq!((seen[1].declared, seen[1].received.len()), (None, 1024));
    assert_eq!(seen[1].peer.ip(), IpAddr::from([127, 0, 0, 1]));
    assert!(
        seen[1].reason.contains("over 1024 bytes"),
        "{}",
        seen[1].reason
    );
}

/// The fuzz harness's server: answers are written, bodies stay in bounds.
#[test]
fn the_fuzz_harness_serves_pipelined_requests_from_bytes() {
    let ex = fuzzing::Exchange::new(64).unwrap();
    let input = b"POST /a HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcPOST /b HTTP/1.1\r\n\r\n\
                  POST /c HTTP/1.1\r\nContent-Length: 65\r\n\r\n";
    for step in [1, 7, input.len()] {
        let out = ex.run(input, step);
        let text = String::from_utf8_lossy(&out.output);
        assert_eq!(out.requests.len(), 2, "{text}");
        assert_eq!(out.requests[0].body_len, 3);
        assert_eq!(out.refused, 1);
        assert_eq!(text.matches("HTTP/1.1 ").count(), 3, "{text}");
    }
}
