//! A burst of callbacks at once: every connection is read and answered at
//! once. tiny_http 0.12 left a connection past its 4th unread until another
//! closed, and the gateway gives up on a callback not answered in 10 s.

use super::env::{SECRET, callback_body};
use payrun::gateway::Secret;
use payrun::listen::{ListenConfig, Listener};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

const CLIENTS: usize = 16;

/// Reads one answer (head and Content-Length body) off a kept-alive
/// connection; the status, or 0 when it did not come whole in time.
fn read_answer(s: &mut TcpStream) -> u16 {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 1024];
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        let text = String::from_utf8_lossy(&buf).into_owned();
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let len = head
                .lines()
                .find_map(|l| l.strip_prefix("Content-Length: "))
                .and_then(|v| v.trim().parse::<usize>().ok())
                .unwrap_or(0);
            if body.len() >= len {
                return head
                    .split_whitespace()
                    .nth(1)
                    .and_then(|c| c.parse().ok())
                    .unwrap_or(0);
            }
        }
        match s.read(&mut chunk) {
            Ok(0) | Err(_) => return 0,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    0
}

#[test]
fn sixteen_callbacks_at_once_are_all_answered_within_a_second() {
    let dir = tempfile::tempdir().expect("temp dir");
    let ledger = dir.path().join("burst.db");
    let cfg = ListenConfig {
        ledger: ledger.clone(),
        secret: Secret::new(SECRET.to_string()),
        threads: 4,
    };
    let listener = Listener::bind("127.0.0.1:0", cfg).expect("listener binds");
    let addr = listener.local_addr();
    let stop = Arc::new(AtomicBool::new(false));
    let s = Arc::clone(&stop);
    let serving = std::thread::spawn(move || listener.run(&s));

    // Every client connects first and keeps its connection open, as a
    // gateway's keep-alive pool does; then all send together.
    let ready = Arc::new(Barrier::new(CLIENTS));
    let clients: Vec<_> = (0..CLIENTS)
        .map(|i| {
            let ready = Arc::clone(&ready);
            std::thread::spawn(move || {
                let mut s = TcpStream::connect(addr).expect("connect");
                s.set_read_timeout(Some(Duration::from_secs(2))).ok();
                let trade = format!("burst-{i:04}");
                let body = callback_body(
                    &[
                        ("tradeNo", trade.as_str()),
                        ("status", "0000"),
                        ("amount", "1"),
                    ],
                    Some(SECRET),
                    None,
                );
                ready.wait();
                let t = Instant::now();
                write!(
                    s,
                    "POST /callback HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
                    body.len()
                )
                .expect("send");
                let status = read_answer(&mut s);
                (status, t.elapsed())
            })
        })
        .collect();
    let results: Vec<(u16, Duration)> = clients
        .into_iter()
        .map(|h| h.join().expect("client thread"))
        .collect();
    stop.store(true, Ordering::SeqCst);
    let stats = serving.join().expect("listener thread");

    for (i, (status, took)) in results.iter().enumerate() {
        assert_eq!(*status, 404, "client {i}: an unknown tradeNo gets 404");
        assert!(
            *took < Duration::from_secs(1),
            "client {i} waited {took:?} for its answer"
        );
    }
    assert_eq!(stats.received.load(Ordering::Relaxed), CLIENTS as u64);
    assert_eq!(stats.refused.load(Ordering::Relaxed), CLIENTS as u64);
    let db = rusqlite::Connection::open(&ledger).expect("open ledger");
    let kept: i64 = db
        .query_row(
            "SELECT COUNT(*) FROM events WHERE source = 'callback' AND raw_body LIKE '%burst-%'",
            [],
            |r| r.get(0),
        )
        .expect("count events");
    assert_eq!(kept, CLIENTS as i64, "every callback is kept raw");
}
