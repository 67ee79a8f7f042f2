//! The transport a real gateway (or the proxy in front of it) may use that
//! the sandbox never does: compressed, chunked, close-delimited, trickled,
//! huge, reset, malformed. Each is served by a raw socket on 127.0.0.1:0 to
//! the real client. The rule: an answer is read when it arrives whole and
//! readable, and is otherwise unknown (ask the query endpoint), never
//! "not sent" or "failed", within the request timeout, and the reason says
//! what the gateway did.

use payrun::testing::codes::TxStatus;
use payrun::testing::gateway::{Client, ClientConfig, Exchange, Outcome, PayoutRequest};
use payrun::testing::money::Amount;
use payrun::testing::secret::Secret;
use payrun::testing::wallet::Provider;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

const PAID: &str =
    r#"{"code":"0000","msg":"success","data":{"status":"0000","platFormTradeNo":"P1"}}"#;

/// Answers one request with whatever `answer` writes on the socket.
fn one_shot(answer: impl FnOnce(&mut TcpStream) + Send + 'static) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("binds");
    let addr = listener.local_addr().expect("address");
    thread::spawn(move || {
        if let Ok((mut sock, _)) = listener.accept() {
            sock.set_read_timeout(Some(Duration::from_secs(2))).ok();
            let mut buf = [0u8; 4096];
            let mut seen = Vec::new();
            // The request's JSON body ends with its closing brace.
            while !seen.ends_with(b"}") && seen.len() < 64 * 1024 {
                match sock.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => seen.extend_from_slice(&buf[..n]),
                }
            }
            answer(&mut sock);
        }
    });
    format!("http://{addr}")
}

/// One payout through a client with a `timeout` for the whole exchange.
fn payout_to(timeout: Duration, answer: impl FnOnce(&mut TcpStream) + Send + 'static) -> Exchange {
    let base = one_shot(answer);
    let mut cfg = ClientConfig::new(
        base,
        "0000000001",
        Secret::new("wire-secret".to_string()),
        "http://127.0.0.1:9/notify",
    );
    cfg.connect_timeout = Duration::from_secs(2);
    cfg.request_timeout = timeout;
    let client = Client::new(cfg).expect("client builds");
    client.payout(&PayoutRequest {
        trade_no: "W-0001",
        amount: Amount::from_poisha(30_000),
        wallet_id: "01712345678",
        provider: Provider::Bkash,
        remark: None,
    })
}

/// A response head with `headers` (each ending `\r\n`) and `body` after it.
fn response(status: &str, headers: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status}\r\nContent-Type: application/json\r\n{headers}\r\n")
        .into_bytes();
    out.extend_from_slice(body);
    out
}

fn sized(status: &str, headers: &str, body: &[u8]) -> Vec<u8> {
    response(
        status,
        &format!("{headers}Content-Length: {}\r\n", body.len()),
        body,
    )
}

fn paid(ex: &Exchange, what: &str) {
    match &ex.outcome {
        Outcome::Accepted(a) => assert_eq!(a.status, TxStatus::Paid, "{what}"),
        other => panic!("{what}: expected the paid answer to be read, got {other:?}"),
    }
}

fn unknown<'a>(ex: &'a Exchange, what: &str) -> &'a str {
    match &ex.outcome {
        Outcome::Unknown { reason, .. } => reason,
        other => panic!("{what}: expected unknown, got {other:?}"),
    }
}

/// gzip with one stored deflate block (RFC 1951 3.2.4), so the test needs
/// no compressor: what a proxy that compresses everything sends.
fn gzip(body: &[u8]) -> Vec<u8> {
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255, 1];
    let len = u16::try_from(body.len()).expect("small body");
    out.extend(len.to_le_bytes());
    out.extend((!len).to_le_bytes());
    out.extend(body);
    let mut crc = 0xffff_ffffu32;
    for &b in body {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    out.extend((!crc).to_le_bytes());
    out.extend(u32::try_from(body.len()).expect("small").to_le_bytes());
    out
}

#[test]
fn whole_answers_in_any_framing_or_gzip_are_read() {
    let t = Duration::from_secs(3);
    let ex = payout_to(t, |s| {
        let _ = s.write_all(&sized(
            "200 OK",
            "Content-Encoding: gzip\r\n",
            &gzip(PAID.as_bytes()),
        ));
    });
    paid(&ex, "gzip");
    assert_eq!(
        ex.body.as_deref(),
        Some(PAID),
        "the ledger keeps the decoded text"
    );

    let ex = payout_to(t, |s| {
        let mut chunks = Vec::new();
        for piece in PAID.as_bytes().chunks(7) {
            chunks.extend(format!("{:x}\r\n", piece.len()).as_bytes());
            chunks.extend(piece);
            chunks.extend(b"\r\n");
        }
        chunks.extend(b"0\r\n\r\n");
        let _ = s.write_all(&response(
            "200 OK",
            "Transfer-Encoding: chunked\r\n",
            &chunks,
        ));
    });
    paid(&ex, "chunked");

    // HTTP/1.0, no length: the body ends when the connection closes.
    let ex = payout_to(t, |s| {
        let mut r = b"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n".to_vec();
        r.extend(PAID.as_bytes());
        let _ = s.write_all(&r);
    });
    paid(&ex, "close-delimited");

    let ex = payout_to(t, |s| {
        let mut r = b"HTTP/1.1 100 Continue\r\n\r\n".to_vec();
        r.extend(sized("200 OK", "", PAID.as_bytes()));
        let _ = s.write_all(&r);
    });
    paid(&ex, "100 Continue first");
}

#[test]
fn broken_slow_or_huge_answers_are_unknown_within_the_timeout() {
    let t = Duration::from_secs(3);
    // A body trickled a byte per 100 ms: whole after ~8 s, past a 1 s timeout.
    let start = Instant::now();
    let ex = payout_to(Duration::from_secs(1), |s| {
        let _ = s.write_all(&response(
            "200 OK",
            &format!("Content-Length: {}\r\n", PAID.len()),
            b"",
        ));
        for b in PAID.as_bytes() {
            if s.write_all(&[*b]).is_err() {
                break;
            }
            thread::sleep(Duration::from_millis(100));
        }
    });
    let reason = unknown(&ex, "trickled");
    assert!(reason.contains("timeout"), "{reason}");
    assert!(
        start.elapsed() < Duration::from_secs(6),
        "bounded by the timeout: {:?}",
        start.elapsed()
    );

    // A paid answer inside a body past the 1 MiB read limit.
    let ex = payout_to(t, |s| {
        let body = format!(r#"{{"pad":"{}",{}"#, "x".repeat(2 << 20), &PAID[1..]);
        let _ = s.write_all(&sized("200 OK", "", body.as_bytes()));
    });
    let reason = unknown(&ex, "huge body");
    assert!(reason.contains("limit"), "{reason}");

    let ex = payout_to(t, |s| {
        let pad = format!("X-Pad: {}\r\n", "y".repeat(200_000));
        let _ = s.write_all(&sized("200 OK", &pad, PAID.as_bytes()));
    });
    let reason = unknown(&ex, "huge header");
    assert!(reason.contains("header"), "{reason}");

    // Reset (RST) after the request was read.
    let ex = payout_to(t, |s| {
        let _ = socket2::SockRef::from(&*s).set_linger(Some(Duration::ZERO));
    });
    unknown(&ex, "reset");

    let ex = payout_to(t, |s| {
        let two = format!("Content-Length: {}\r\n", PAID.len() + 5);
        let _ = s.write_all(&sized("200 OK", &two, PAID.as_bytes()));
    });
    let reason = unknown(&ex, "two lengths");
    assert!(reason.contains("content-length"), "{reason}");

    let ex = payout_to(t, |s| {
        let _ = s.write_all(&sized("200 OK", "", &PAID.as_bytes()[..10]));
    });
    unknown(&ex, "shorter than its length");

    let ex = payout_to(t, |s| {
        let utf16: Vec<u8> = PAID.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let _ = s.write_all(&sized("200 OK", "", &utf16));
    });
    unknown(&ex, "UTF-16");
}

/// payrun asks for gzip only (ureq decodes it and drops the header); a body
/// in another encoding it never asked for is unreadable, and the reason
/// names the encoding instead of only showing compressed bytes.
#[test]
fn a_body_in_an_encoding_payrun_did_not_ask_for_is_unknown_and_named() {
    for encoding in ["deflate", "br", "x-custom"] {
        let ex = payout_to(Duration::from_secs(3), move |s| {
            let body = b"x\x9c\x01\x00\x00\xff\xff";
            let _ = s.write_all(&sized(
                "200 OK",
                &format!("Content-Encoding: {encoding}\r\n"),
                body,
            ));
        });
        let reason = unknown(&ex, encoding);
        assert!(
            reason.contains(&format!("Content-Encoding: {encoding}")),
            "{encoding}: {reason}"
        );
    }
    // A broken gzip body is unknown too.
    let ex = payout_to(Duration::from_secs(3), |s| {
        let mut bad = gzip(PAID.as_bytes());
        bad.truncate(20);
        let _ = s.write_all(&sized("200 OK", "Content-Encoding: gzip\r\n", &bad));
    });
    unknown(&ex, "broken gzip");
}

/// A gateway (or its proxy) may send interim answers (`102 Processing`,
/// `103 Early Hints`, `100 Continue` twice) before the final one: skipped,
/// and the final one read. A head that cannot be parsed (an HTTP/2 status
/// line on an HTTP/1.1 connection, a folded header, a status under 100, a
/// negative or overflowing `Content-Length`) or an interim answer with no
/// final one is unknown, never "not sent": the request had gone out.
#[test]
fn interim_answers_are_skipped_and_unparsable_heads_are_unknown() {
    let t = Duration::from_secs(3);
    for interim in [
        "HTTP/1.1 102 Processing\r\n\r\n",
        "HTTP/1.1 103 Early Hints\r\nLink: </a>; rel=preload\r\n\r\n",
        "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 100 Continue\r\n\r\n",
    ] {
        let ex = payout_to(t, move |s| {
            let mut r = interim.as_bytes().to_vec();
            r.extend(sized("200 OK", "", PAID.as_bytes()));
            let _ = s.write_all(&r);
        });
        paid(&ex, interim);
    }
    let length = format!("Content-Length: {}\r\n\r\n{PAID}", PAID.len());
    for head in [
        format!("HTTP/2 200\r\n{length}"),
        format!("HTTP/1.1 200 OK\r\nX-Note: a\r\n b\r\n{length}"),
        format!("HTTP/1.1 099 Odd\r\n{length}"),
        format!("HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n{PAID}"),
        format!("HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\n{PAID}"),
        "HTTP/1.1 103 Early Hints\r\n\r\n".to_string(),
    ] {
        let what = head.lines().take(2).collect::<Vec<_>>().join(" / ");
        let ex = payout_to(t, move |s| {
            let _ = s.write_all(head.as_bytes());
        });
        unknown(&ex, &what);
    }
}

/// A redirect, whichever kind (307 and 308 tell a client to POST the same
/// body again), is never followed: the payout would be sent a second time,
/// to a place payrun was never told of. The place it points to hears
/// nothing, and the answer is unknown (the query endpoint decides).
#[test]
fn no_redirect_is_followed_to_post_the_payout_elsewhere() {
    let elsewhere = TcpListener::bind("127.0.0.1:0").expect("binds");
    elsewhere.set_nonblocking(true).expect("non-blocking");
    let location = format!(
        "http://{}/v1/paypro/payout",
        elsewhere.local_addr().expect("addr")
    );
    for status in [
        "301 Moved Permanently",
        "302 Found",
        "303 See Other",
        "307 Temporary Redirect",
        "308 Permanent Redirect",
    ] {
        let head = format!("Location: {location}\r\n");
        let ex = payout_to(Duration::from_secs(3), move |s| {
            let _ = s.write_all(&sized(status, &head, PAID.as_bytes()));
        });
        unknown(&ex, status);
        assert!(
            elsewhere.accept().is_err(),
            "{status}: the payout was posted to the redirect's target"
        );
    }
}
