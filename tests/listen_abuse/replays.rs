//! One signed callback, replayed: the events table keeps raw signed bodies,
//! so anyone who can read a ledger (or see one callback on the wire) can post
//! it again as often as they like. Each replay changes nothing, and must not
//! grow the ledger without bound either.

use super::proc::{Listening, connect_from, paid, post_from, processing_ledger, signed};
use std::io::{Read, Write};

const REPLAYS: usize = 300;
/// Lines of one kind `listen` writes a minute before it counts instead.
const LOG_LINES_PER_KIND: usize = 120;

/// Posts `body` `n` times on one keep-alive connection from 127.0.0.2;
/// every answer's status line.
fn replay(l: &Listening, body: &str, n: usize) -> Vec<String> {
    let mut s = connect_from(l.addr, 2).expect("connects");
    let request = format!(
        "POST /callback HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let mut statuses = Vec::new();
    for _ in 0..n {
        s.write_all(request.as_bytes()).expect("sends");
        let mut buf = [0u8; 1024];
        let k = s.read(&mut buf).expect("answer");
        let text = String::from_utf8_lossy(&buf[..k]).into_owned();
        statuses.push(text.lines().next().unwrap_or_default().to_string());
    }
    statuses
}

#[test]
fn a_replayed_signed_callback_changes_nothing_and_does_not_grow_the_ledger() {
    let (env, trades) = processing_ledger(2, "rp");
    let mut l = Listening::start(&env, &[]);
    // A paid callback, then the same body again and again.
    let statuses = replay(&l, &paid(&trades[0]), REPLAYS);
    assert!(
        statuses.iter().all(|s| s == "HTTP/1.1 200 OK"),
        "{statuses:?}"
    );
    // A contradiction (another amount), again and again.
    let wrong = signed(&[
        ("tradeNo", trades[1].as_str()),
        ("status", "0000"),
        ("amount", "99"),
        ("timestamp", "1764000000000"),
    ]);
    let statuses = replay(&l, &wrong, REPLAYS);
    assert!(
        statuses.iter().all(|s| s == "HTTP/1.1 200 OK"),
        "{statuses:?}"
    );
    assert!(l.stop());

    // Each copy was one log line: replays filled the disk through the log
    // (about 780 lines a second) as they once did through the ledger.
    let log = l.log_text();
    for t in &trades {
        let lines = log.lines().filter(|line| line.contains(t.as_str())).count();
        assert!(
            lines <= LOG_LINES_PER_KIND + 1,
            "{lines} log lines about {t} for {REPLAYS} copies of one callback:\n{log}"
        );
    }
    // What was held back is said, with its count.
    let held = REPLAYS - LOG_LINES_PER_KIND;
    assert!(
        log.contains(&format!("{held} more callback_applied lines")),
        "{log}"
    );
    assert!(
        log.contains(&format!("{held} more callback_conflict lines")),
        "{log}"
    );

    assert_eq!(env.state_of(&trades[0]), ("paid".to_string(), 0));
    assert_eq!(env.state_of(&trades[1]), ("processing".to_string(), 1));
    let detail = env.count(&format!(
        "SELECT length(conflict_detail) FROM payouts WHERE trade_no = '{}'",
        trades[1]
    ));
    assert!(detail < 200, "conflict_detail is {detail} bytes");
    for t in &trades {
        let kept = env.count(&format!(
            "SELECT COUNT(*) FROM events WHERE source = 'callback' AND trade_no = '{t}'"
        ));
        assert!(
            (1..=20).contains(&kept),
            "{kept} event rows for {REPLAYS} copies of one callback"
        );
    }
}

/// The same signed callback in other bytes: spaces between the members,
/// the members in another order, the amount as a JSON number, a field with
/// an empty value (the sign leaves empty values out). Every one verifies as
/// what the gateway signed, so each is a copy of that callback, not another
/// callback; counted by their bytes, each was a new body, stored whole, so
/// one signed callback grew the ledger without bound (up to the body limit,
/// 16 KiB, a copy).
#[test]
fn a_signed_callback_replayed_in_other_bytes_does_not_grow_the_ledger_either() {
    let (env, trades) = processing_ledger(1, "rb");
    let mut l = Listening::start(&env, &[]);
    let original: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&paid(&trades[0])).expect("json");
    let copies = 60;
    for i in 0..copies {
        let mut members: Vec<String> = original
            .iter()
            .map(|(k, v)| match (k.as_str(), i % 3) {
                ("amount", 1) => format!("\"amount\":{}", v.as_str().unwrap_or("0")),
                _ => format!("{}:{v}", serde_json::Value::from(k.as_str())),
            })
            .collect();
        if i % 2 == 1 {
            members.reverse();
        }
        if i % 5 == 4 {
            members.push(format!("\"pad{i}\":\"\""));
        }
        let body = format!("{{{}{}}}", " ".repeat(i * 200), members.join(","));
        let (status, answer) = post_from(l.addr, 2, &body);
        assert_eq!(answer, "OK", "copy {i}: {status}");
    }
    assert!(l.stop());
    assert_eq!(env.state_of(&trades[0]), ("paid".to_string(), 0));
    let kept = env.count(&format!(
        "SELECT COUNT(*) FROM events WHERE source = 'callback' AND trade_no = '{}'",
        trades[0]
    ));
    assert!(
        (1..=16).contains(&kept),
        "{kept} event rows for {copies} copies of one callback"
    );
}
