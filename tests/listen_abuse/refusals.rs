//! What `listen` keeps and says about callbacks it refuses: bounded evidence
//! with what was dropped counted, a plain 401, and log lines that a value
//! from the request cannot forge.

use super::proc::{Listening, paid, post_from, processing_ledger, signed};
use payrun::testing::ledger::refused::{EVIDENCE_HEAD, MINUTE_ROWS};
use sha2::{Digest, Sha256};

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// One kept row: its first 1 KiB, its sender, why, and the whole body's
/// size and hash (none for the 413, whose body was not read).
fn check_evidence(row: &(String, String, i64, Option<String>, String), junk: &str, big: &str) {
    let (raw, peer, bytes, sha, applied) = row;
    assert!(raw.len() <= EVIDENCE_HEAD, "{} bytes kept", raw.len());
    assert!(peer.starts_with("127.0.0.1:"), "{peer}");
    assert!(applied.starts_with("refused: "), "{applied}");
    if *bytes == junk.len() as i64 {
        assert_eq!(sha.as_deref(), Some(hex(&Sha256::digest(junk)).as_str()));
        assert!(junk.starts_with(raw.as_str()));
    } else {
        assert_eq!(*bytes, big.len() as i64, "the 413's declared size");
        assert_eq!(*sha, None);
    }
}

/// The disk fill: every unverified body was stored whole. Now each
/// refused one keeps its time, peer, size, SHA-256, first 1 KiB and reason,
/// within a per-minute budget; what is over it is counted, not stored.
#[test]
fn refused_callbacks_keep_bounded_evidence_and_count_what_was_dropped() {
    let (env, trades) = processing_ledger(1, "ev");
    let mut l = Listening::start(&env, &[]);
    let junk = serde_json::json!({
        "tradeNo": trades[0],
        "status": "0000",
        "amount": "100",
        "sign": "0123456789abcdef0123456789abcdef",
        "pad": "x".repeat(8000),
    })
    .to_string();
    let posted = 2 * MINUTE_ROWS + 10;
    for i in 0..posted {
        let (status, _) = post_from(l.addr, 1, &junk);
        assert!(status.starts_with("HTTP/1.1 401"), "#{i}: {status:?}");
    }
    let big = format!("{{\"pad\":\"{}\"}}", "y".repeat(40_000));
    let (status, _) = post_from(l.addr, 1, &big);
    assert!(status.starts_with("HTTP/1.1 413"), "{status:?}");
    // A real callback after all that is applied and stored whole.
    assert_eq!(post_from(l.addr, 2, &paid(&trades[0])).1, "OK");
    assert!(l.stop(), "listen stops on SIGTERM");

    let db = env.db();
    let mut st = db
        .prepare(
            "SELECT raw_body, peer, body_bytes, body_sha256, applied FROM events
             WHERE source = 'callback' AND verified = 0 ORDER BY id",
        )
        .unwrap();
    let rows: Vec<(String, String, i64, Option<String>, String)> = st
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    let kept = rows.len() as i64;
    assert!(kept >= 1 && kept <= 2 * MINUTE_ROWS as i64, "kept {kept}");
    rows.iter().for_each(|row| check_evidence(row, &junk, &big));
    let (kept_rows, dropped_rows): (i64, i64) = db
        .query_row(
            "SELECT kept_rows, dropped_rows FROM refused_evidence WHERE period = 'total'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(kept_rows, kept);
    assert_eq!(
        kept_rows + dropped_rows,
        posted as i64 + 1,
        "every refusal counted"
    );
    assert!(dropped_rows >= 10);
    let log = l.log_text();
    assert!(log.contains("evidence budget"), "{log}");
    assert!(
        log.lines().count() < 2 * MINUTE_ROWS + 20,
        "the log is bounded too:\n{log}"
    );
    let whole: String = db
        .query_row(
            "SELECT raw_body FROM events WHERE source = 'callback' AND verified = 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(whole, paid(&trades[0]), "a verified callback is kept whole");
    assert_eq!(env.state_of(&trades[0]).0, "paid");
}

/// The status line read `HTTP/1.1 401 Status` and the body held a Rust
/// debug string (`tradeNo Some("...")`).
#[test]
fn a_refused_callback_is_answered_401_unauthorized_in_plain_text() {
    let (env, trades) = processing_ledger(1, "ua");
    let l = Listening::start(&env, &[]);
    let forged = serde_json::json!({
        "tradeNo": trades[0], "status": "0000", "amount": "100",
        "sign": "0123456789abcdef0123456789abcdef",
    })
    .to_string();
    for body in [forged.as_str(), "{\"tradeNo\":\"x\"}", "not json at all"] {
        let (status, text) = post_from(l.addr, 1, body);
        assert_eq!(status, "HTTP/1.1 401 Unauthorized", "{body}");
        assert!(text.starts_with("rejected: "), "{text}");
        assert!(
            !text.contains("Some(") && !text.contains('"') && text.lines().count() == 1,
            "plain text, no debug string: {text:?}"
        );
    }
}

/// A tradeNo holding a newline and ANSI escapes wrote a line of its own,
/// "listen: ...: processing -> paid", into listen's text log.
#[test]
fn a_forged_trade_no_cannot_forge_a_log_line() {
    let (env, trades) = processing_ledger(1, "inj");
    let mut l = Listening::start(&env, &[]);
    let forged_line = format!("listen: {}: processing -> paid (Move)", trades[0]);
    let trade = format!("X\n{forged_line}\n\u{1b}[2K\u{1b}[1A\r\u{85}\u{9b}31m");
    let unsigned = serde_json::json!({
        "tradeNo": trade, "status": "0000", "amount": "100",
        "sign": "0123456789abcdef0123456789abcdef",
    })
    .to_string();
    assert!(
        post_from(l.addr, 1, &unsigned)
            .0
            .starts_with("HTTP/1.1 401")
    );
    // Signed but for no payout: logged as an unknown tradeNo.
    let stranger = signed(&[
        ("tradeNo", trade.as_str()),
        ("status", "0000"),
        ("amount", "1"),
    ]);
    assert!(
        post_from(l.addr, 1, &stranger)
            .0
            .starts_with("HTTP/1.1 404")
    );
    assert!(l.stop());
    let log = l.log_text();
    // A forged line would begin as listen's own does for that payout.
    let own = format!("listen: {}:", trades[0]);
    assert!(
        !log.lines().any(|line| line.starts_with(&own)),
        "a forged line:\n{log}"
    );
    assert!(
        !log.chars().any(|c| c.is_control() && c != '\n'),
        "a control character reached the log:\n{log:?}"
    );
    assert!(
        log.contains("X\\nlisten: "),
        "the value is shown escaped:\n{log}"
    );
    assert_eq!(env.state_of(&trades[0]).0, "processing");
}
