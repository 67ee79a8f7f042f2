//! A burst of callbacks at once: every connection is read and answered at
//! once. tiny_http 0.12 left a connection past its 4th unread until another
//! closed, and the gateway gives up on a callback not answered in 10 s.

use super::env::{SECRET, callback_body};
use payrun::testing::listen::{ListenConfig, ListenStats, Listener};
use payrun::testing::secret::Secret;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

const CLIENTS: usize = 16;
const PER_CLIENT: usize = 5;
const ROUNDS: usize = 4;

/// Reads one answer (head and Content-Length body) off a kept-alive
/// connection; the status, or 0 when it did not come whole in time.
fn read_answer(s: &mut TcpStream) -> u16 {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 1024];
    let deadline = Instant::now() + Duration::from_secs(8);
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

/// One fresh listener, `CLIENTS` clients connecting together, each sending
/// `PER_CLIENT` callbacks on its kept-alive connection. Returns each
/// answer's (client, status, wait), the listener's stats and the events kept.
fn burst_round() -> (Vec<(usize, u16, Duration)>, ListenStats, i64) {
    let dir = tempfile::tempdir().expect("temp dir");
    let ledger = dir.path().join("burst.db");
    // `listen` never creates a ledger: `submit` does, or this.
    drop(payrun::testing::ledger::Ledger::open(&ledger).expect("ledger"));
    let cfg = ListenConfig {
        ledger: ledger.clone(),
        secret: Secret::new(SECRET.to_string()),
        threads: 4,
        classes: Default::default(),
    };
    let listener = Listener::bind("127.0.0.1:0", cfg).expect("listener binds");
    let addr = listener.local_addr();
    let stop = Arc::new(AtomicBool::new(false));
    let s = Arc::clone(&stop);
    let serving = std::thread::spawn(move || listener.run(&s));

    // All connect together, as a gateway delivering a burst does, and keep
    // their connections open until every client is done (as a keep-alive
    // pool does): a stalled connection is not freed by another closing.
    // Every read has a timeout, so the second barrier is reached in bounded time.
    let go = Arc::new(Barrier::new(CLIENTS));
    let done = Arc::new(Barrier::new(CLIENTS));
    let clients: Vec<_> = (0..CLIENTS)
        .map(|i| {
            let (go, done) = (Arc::clone(&go), Arc::clone(&done));
            std::thread::spawn(move || {
                go.wait();
                let mut answers = Vec::new();
                let Ok(mut s) = TcpStream::connect(addr) else {
                    done.wait();
                    return vec![(i, 0, Duration::MAX)];
                };
                // As long as `read_answer` waits: a shorter timeout made an
                // answer a loaded machine gave after 3 s (within the 5 s
                // bound) a missing one.
                s.set_read_timeout(Some(Duration::from_secs(8))).ok();
                for j in 0..PER_CLIENT {
                    let trade = format!("burst-{i:02}-{j}");
                    let body = callback_body(
                        &[
                            ("tradeNo", trade.as_str()),
                            ("status", "0000"),
                            ("amount", "1"),
                        ],
                        Some(SECRET),
                        None,
                    );
                    let t = Instant::now();
                    let sent = write!(
                        s,
                        "POST /callback HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
                        body.len()
                    );
                    let status = if sent.is_ok() { read_answer(&mut s) } else { 0 };
                    answers.push((i, status, t.elapsed()));
                }
                done.wait();
                drop(s);
                answers
            })
        })
        .collect();
    let results: Vec<(usize, u16, Duration)> = clients
        .into_iter()
        .flat_map(|h| h.join().expect("client thread"))
        .collect();
    stop.store(true, Ordering::SeqCst);
    let stats = serving.join().expect("listener thread");
    let db = rusqlite::Connection::open(&ledger).expect("open ledger");
    let kept: i64 = db
        .query_row(
            "SELECT COUNT(*) FROM events WHERE source = 'callback' AND raw_body LIKE '%burst-%'",
            [],
            |r| r.get(0),
        )
        .expect("count events");
    (results, stats, kept)
}

/// The bound is half the 10 s the gateway waits for an answer: a starved
/// connection (the tiny_http fault above) waits until another closes, which
/// is never while every client holds its connection open, so it fails here
/// whatever the machine's load; a busy test machine alone does not.
#[test]
fn sixteen_callback_connections_at_once_are_all_answered_well_within_the_gateways_wait() {
    let started = Instant::now();
    for round in 0..ROUNDS {
        let (results, stats, kept) = burst_round();
        let total = CLIENTS * PER_CLIENT;
        assert_eq!(results.len(), total, "round {round}");
        for (i, status, took) in &results {
            assert_eq!(*status, 404, "round {round}, client {i}: unknown tradeNo");
            assert!(
                *took < Duration::from_secs(5),
                "round {round}, client {i} waited {took:?} for its answer"
            );
        }
        assert_eq!(stats.received.load(Ordering::Relaxed), total as u64);
        assert_eq!(stats.refused.load(Ordering::Relaxed), total as u64);
        assert_eq!(kept, total as i64, "round {round}: every callback kept raw");
    }
    assert!(started.elapsed() < Duration::from_secs(60));
}
