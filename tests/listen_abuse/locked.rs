//! The ledger write-locked by another process (a backup tool, a `sqlite3`
//! shell left inside a transaction). The gateway wants its answer within
//! 10 s (gateway.md, "Callback"); a later answer counts as none, and it
//! retries on its own schedule. payrun answers 503 well before then, and
//! records the callback when it comes again after the lock is gone.

use super::proc::{Listening, connect_from, paid, post_from, processing_ledger};
use payrun::testing::ledger::refused::MINUTE_ROWS;
use std::io::{Read, Write};
use std::net::SocketAddr;
use std::time::{Duration, Instant};

/// Posts `body` as the gateway would, waiting up to 15 s for the answer
/// (longer than the gateway does, to see when it comes); the status line.
fn post_waiting(to: SocketAddr, body: &str) -> String {
    let mut s = connect_from(to, 3).expect("connects");
    s.set_read_timeout(Some(Duration::from_secs(15))).unwrap();
    write!(
        s,
        "POST /callback HTTP/1.1\r\nHost: {to}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = Vec::new();
    let _ = s.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer).into_owned();
    answer.lines().next().unwrap_or_default().to_string()
}

#[test]
fn a_write_locked_ledger_is_answered_within_the_gateways_ten_seconds() {
    let (env, trades) = processing_ledger(1, "lk");
    let mut l = Listening::start(&env, &[]);
    let other = rusqlite::Connection::open(&env.ledger).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();

    let started = Instant::now();
    let status = post_waiting(l.addr, &paid(&trades[0]));
    let took = started.elapsed();
    assert!(
        status.contains(" 503 "),
        "{status:?} after {took:?}: {}",
        l.log_text()
    );
    // The gateway gives up at 10 s; 9 leaves room for a loaded machine.
    assert!(took < Duration::from_secs(9), "answered after {took:?}");

    other.execute_batch("ROLLBACK").unwrap();
    let (status, body) = post_from(l.addr, 3, &paid(&trades[0]));
    assert!(status.contains(" 200 "), "{status}");
    assert_eq!(body, "OK");
    assert!(l.stop());
    assert_eq!(env.state_of(&trades[0]), ("paid".to_string(), 0));
}

/// The same lock while a flood of junk has spent the minute's evidence
/// budget: the refusals counted since (not stored) are added to the ledger
/// every few seconds, and that write, made before the callback's answer,
/// waited for the lock as long again: 503 after about 8 s, and after 12 s
/// with other callbacks queued for a ledger connection, when the gateway
/// has stopped waiting. Counting is best effort (the counts are kept for
/// the next try); it never delays an answer.
#[test]
fn counting_dropped_refusals_never_delays_the_answer_to_a_callback() {
    let (env, trades) = processing_ledger(1, "lj");
    let mut l = Listening::start(&env, &[]);
    let started = Instant::now();
    let junk = r#"{"tradeNo":"x","status":"0000","amount":"1","sign":"00"}"#;
    for _ in 0..MINUTE_ROWS + 5 {
        let (status, _) = post_from(l.addr, 1, junk);
        assert!(status.contains(" 401 "), "{status}");
    }
    let other = rusqlite::Connection::open(&env.ledger).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    // The counts are due 5 s after listen started.
    std::thread::sleep(Duration::from_secs(6).saturating_sub(started.elapsed()));

    let asked = Instant::now();
    let status = post_waiting(l.addr, &paid(&trades[0]));
    let took = asked.elapsed();
    assert!(status.contains(" 503 "), "{status:?} after {took:?}");
    // 4 s for the lock, then the answer; the 5 s leave room for a loaded machine.
    assert!(took < Duration::from_secs(6), "answered after {took:?}");

    other.execute_batch("ROLLBACK").unwrap();
    assert_eq!(post_from(l.addr, 3, &paid(&trades[0])).1, "OK");
    assert!(l.stop());
    assert_eq!(env.state_of(&trades[0]), ("paid".to_string(), 0));
    let dropped = env.count("SELECT dropped_rows FROM refused_evidence WHERE period = 'total'");
    assert!(dropped >= 5, "{dropped} refusals counted");
}
