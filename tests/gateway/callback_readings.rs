//! Callbacks in the shapes the provider's page leaves open, posted to the
//! real listener over HTTP, applied to a real ledger: form fields instead of
//! JSON, any Content-Type, numbers signed as written, extra fields, and a
//! status that is not one of the provider's codes.

use super::scripted::{BALANCE, Run, SECRET, Scripted, json, rich_balance};
use payrun::testing::codes::{CodeClasses, StatusMeaning, TxStatus};
use payrun::testing::gateway::sign;
use payrun::testing::listen::{ListenConfig, Listener};
use payrun::testing::secret::Secret;
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Three rows, `E-1` to `E-3`, of Tk 300, 400 and 500.
pub(crate) const THREE_ROWS: [(&str, &str, u32); 3] = [
    ("E-1", "01712345642", 300),
    ("E-2", "01712345643", 400),
    ("E-3", "01712345644", 500),
];

/// A ledger with one processing payout per row, made by the real binary.
/// The gateway numbers its order for tradeNo T `P-T`.
pub(crate) fn processing(rows: &[(&str, &str, u32)]) -> (Scripted, Run) {
    let gw = Scripted::start(|c| match c.path.as_str() {
        BALANCE => rich_balance(),
        _ => json(format!(
            r#"{{"code":"0000","data":{{"status":"0015","platFormTradeNo":"P-{}"}}}}"#,
            c.trade_no
        )),
    });
    let run = Run::new(&gw.url);
    let (code, out) = run.submit("cb", rows);
    assert_eq!(code, 0, "{out}");
    (gw, run)
}

/// The listener on 127.0.0.1:0 until dropped.
pub(crate) struct Listening {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Listening {
    pub(crate) fn start(run: &Run) -> Listening {
        Listening::start_with(run, CodeClasses::default())
    }

    /// With the merchant's `[status_codes]` mapping.
    fn start_with(run: &Run, classes: CodeClasses) -> Listening {
        let cfg = ListenConfig {
            ledger: run.ledger.clone(),
            secret: Secret::new(SECRET.to_string()),
            threads: 2,
            classes,
        };
        let listener = Listener::bind("127.0.0.1:0", cfg).expect("listener binds");
        let addr = listener.local_addr();
        let stop = Arc::new(AtomicBool::new(false));
        let s = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            listener.run(&s);
        });
        Listening {
            addr,
            stop,
            thread: Some(thread),
        }
    }

    /// Where it listens.
    pub(crate) fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// POSTs `body` with `content_type`; returns (status, body).
    pub(crate) fn post(&self, content_type: &str, body: &str) -> (u16, String) {
        post_to(self.addr, content_type, body)
    }
}

/// POSTs `body` with `content_type` to a listener at `addr`; returns
/// (status, body).
pub(crate) fn post_to(addr: SocketAddr, content_type: &str, body: &str) -> (u16, String) {
    let header = format!("Content-Type: {content_type}");
    post_raw(addr, &[&header], body.as_bytes())
}

/// POSTs `body` with the extra header lines `headers` (each `Name: value`);
/// returns (status, body).
pub(crate) fn post_raw(addr: SocketAddr, headers: &[&str], body: &[u8]) -> (u16, String) {
    let mut s = TcpStream::connect(addr).expect("connects");
    s.set_read_timeout(Some(Duration::from_secs(5))).ok();
    let mut head = format!("POST /callback HTTP/1.1\r\nHost: {addr}\r\n");
    for h in headers {
        head.push_str(h);
        head.push_str("\r\n");
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    s.write_all(head.as_bytes()).expect("head");
    s.write_all(body).expect("body");
    let mut answer = Vec::new();
    let _ = s.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let status = answer
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = answer.split("\r\n\r\n").nth(1).unwrap_or("").to_string();
    (status, body)
}

impl Drop for Listening {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// The sign a gateway computes over the texts it writes.
pub(crate) fn sign_of(pairs: &[(&str, &str)]) -> String {
    let fields: BTreeMap<String, String> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    sign(&fields, &Secret::new(SECRET.to_string()))
}

/// A JSON callback of `pairs` (every value a string), signed as the gateway
/// signs the texts it writes.
pub(crate) fn signed_json(pairs: &[(&str, &str)]) -> String {
    let mut o: serde_json::Map<String, serde_json::Value> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string().into()))
        .collect();
    o.insert("sign".into(), sign_of(pairs).into());
    serde_json::Value::Object(o).to_string()
}

#[test]
fn form_fields_text_plain_and_numbers_as_written_are_all_applied() {
    let (_gw, run) = processing(&THREE_ROWS);
    let listening = Listening::start(&run);

    // Form fields, percent-encoded, with an optional field left out.
    let t1 = run.trade_no("E-1");
    let s = sign_of(&[
        ("amount", "300"),
        ("message", "paid ok"),
        ("status", "0000"),
        ("tradeNo", &t1),
    ]);
    let body = format!("tradeNo={t1}&amount=300&status=0000&message=paid+ok&sign={s}");
    let got = listening.post("application/x-www-form-urlencoded", &body);
    assert_eq!(got, (200, "OK".to_string()));

    // JSON sent as text/plain, the amount a number written 400.00 and signed
    // so, a numeric timestamp, and a field payrun has never heard of.
    let t2 = run.trade_no("E-2");
    let s = sign_of(&[
        ("amount", "400.00"),
        ("channel", "bkash-b2c"),
        ("status", "0000"),
        ("timestamp", "1729947461317"),
        ("tradeNo", &t2),
    ]);
    let body = format!(
        r#"{{"tradeNo":"{t2}","amount":400.00,"status":"0000","timestamp":1729947461317,"channel":"bkash-b2c","sign":"{s}"}}"#
    );
    let got = listening.post("text/plain; charset=UTF-8", &body);
    assert_eq!(got, (200, "OK".to_string()));

    // A numeric status loses its leading zeros on the wire: 29 is 00029's
    // failure family, read as failed, never as "0029 unknown".
    let t3 = run.trade_no("E-3");
    let s = sign_of(&[("amount", "500"), ("status", "29"), ("tradeNo", &t3)]);
    let body = format!(r#"{{"tradeNo":"{t3}","amount":500,"status":29,"sign":"{s}"}}"#);
    let got = listening.post("application/json;charset=utf-8", &body);
    assert_eq!(got, (200, "OK".to_string()));

    drop(listening);
    assert_eq!(run.payout("E-1").0, "paid");
    assert_eq!(run.payout("E-2").0, "paid");
    assert_eq!(run.payout("E-3").0, "failed");
}

/// A signed status payrun cannot read, about a payout not final yet: kept,
/// the payout flagged for a person (its state kept), answered `OK`. A
/// refusal would only be retried by the gateway, 8 times, and then dropped.
#[test]
fn a_verified_callback_whose_status_is_not_a_code_is_kept_and_flagged() {
    let (_gw, run) = processing(&[("E-1", "01712345642", 300)]);
    let listening = Listening::start(&run);
    let t = run.trade_no("E-1");
    let s = sign_of(&[("amount", "300"), ("status", "SUCCESS"), ("tradeNo", &t)]);
    let body = format!(r#"{{"tradeNo":"{t}","amount":"300","status":"SUCCESS","sign":"{s}"}}"#);
    let (status, answer) = listening.post("application/json", &body);
    assert_eq!((status, answer.as_str()), (200, "OK"));
    drop(listening);
    let (state, _, conflict) = run.payout("E-1");
    assert_eq!((state.as_str(), conflict), ("processing", 1));
    let events = run.callback_events();
    assert_eq!(events.len(), 1, "{events:?}");
    assert!(events[0].0, "its sign verified, and the event says so");
    assert!(
        events[0].1.contains("conflict") && events[0].1.contains("SUCCESS"),
        "{events:?}"
    );
}

#[test]
fn a_status_word_mapped_in_status_codes_is_applied_by_the_listener_too() {
    let (_gw, run) = processing(&[("E-1", "01712345642", 300)]);
    let mut classes = CodeClasses::default();
    classes.set_status("SUCCESS", StatusMeaning::Tx(TxStatus::Paid));
    classes.set_status("PENDING", StatusMeaning::Unknown);
    let listening = Listening::start_with(&run, classes);
    let t = run.trade_no("E-1");
    // Mapped to unknown: read as "nothing settled", kept, nothing changes,
    // nothing flagged.
    let s = sign_of(&[("amount", "300"), ("status", "PENDING"), ("tradeNo", &t)]);
    let body = format!(r#"{{"tradeNo":"{t}","amount":"300","status":"PENDING","sign":"{s}"}}"#);
    assert_eq!(listening.post("application/json", &body).0, 200);
    let (state, _, conflict) = run.payout("E-1");
    assert_eq!((state.as_str(), conflict), ("processing", 0));
    // Mapped to paid: applied, answered OK.
    let s = sign_of(&[("amount", "300"), ("status", "SUCCESS"), ("tradeNo", &t)]);
    let body = format!(r#"{{"tradeNo":"{t}","amount":"300","status":"SUCCESS","sign":"{s}"}}"#);
    let (status, answer) = listening.post("application/json", &body);
    assert_eq!((status, answer.as_str()), (200, "OK"));
    drop(listening);
    assert_eq!(run.payout("E-1").0, "paid");
}

/// The signed text joins `key=value` with no separator, so a value holding
/// `key=value` text (the remark the sheet's author wrote, which the gateway
/// echoes in its callback) lets anyone who sees one signed callback re-split
/// it into other fields under the same sign: a failed payout read as paid,
/// or a paid one as failed (which `--retry-failed` would pay again).
#[test]
fn a_callback_whose_signed_text_reads_as_other_fields_changes_nothing() {
    let (_gw, run) = processing(&[("E-1", "01712345642", 300), ("E-2", "01712345643", 400)]);
    let listening = Listening::start(&run);
    // (reference, amount, the remark echoed, the status signed, the status forged)
    let cases = [
        ("E-1", "300", "ystatus=0000t=x", "00029", "0000"),
        ("E-2", "400", "ystatus=00029t=x", "0000", "00029"),
    ];
    for (reference, amount, remark, signed, forged) in cases {
        let t = run.trade_no(reference);
        let gateway: [(&str, &str); 5] = [
            ("amount", amount),
            ("remark", remark),
            ("status", signed),
            ("timestamp", "1764000000000"),
            ("tradeNo", &t),
        ];
        let s = sign_of(&gateway);
        let split: [(&str, &str); 7] = [
            ("amount", amount),
            ("remark", "y"),
            ("status", forged),
            ("t", "xs"),
            ("tatus", signed),
            ("timestamp", "1764000000000"),
            ("tradeNo", &t),
        ];
        assert_eq!(sign_of(&split), s, "the same signed text");
        let json = |pairs: &[(&str, &str)]| {
            let mut o: serde_json::Map<String, serde_json::Value> = pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string().into()))
                .collect();
            o.insert("sign".into(), s.clone().into());
            serde_json::Value::Object(o).to_string()
        };
        for body in [json(&split), json(&gateway)] {
            let (status, answer) = listening.post("application/json", &body);
            assert_ne!(status, 200, "{reference}: {answer}");
            assert_eq!(run.payout(reference).0, "processing", "{reference}: {body}");
        }
    }
    drop(listening);
    let events = run.callback_events();
    assert_eq!(events.len(), 4, "{events:?}");
    assert!(
        events.iter().all(|(_, a)| a.contains("refused")),
        "{events:?}"
    );
}

/// The provider's callback carries no `walletId`, but a gateway that adds one
/// says whose money moved. A signed "paid" naming another wallet than the
/// one the payout was sent to is not applied: the payout is flagged for a
/// person, as a callback with another amount is. The same wallet written
/// another way (`+880 1712-345643`) is no contradiction, and a masked echo
/// that the wallet rule cannot read is none either.
#[test]
fn a_signed_callback_naming_another_wallet_is_a_conflict_not_a_payment() {
    let (_gw, run) = processing(&THREE_ROWS);
    let listening = Listening::start(&run);
    let cases = [
        ("E-1", "300", "01799999999"),
        ("E-2", "400", "+880 1712-345643"),
        ("E-3", "500", "017****5644"),
    ];
    for (reference, amount, wallet) in cases {
        let t = run.trade_no(reference);
        let body = signed_json(&[
            ("amount", amount),
            ("status", "0000"),
            ("tradeNo", &t),
            ("walletId", wallet),
        ]);
        let _ = listening.post("application/json", &body);
    }
    drop(listening);
    let (state, _, conflict) = run.payout("E-1");
    assert_eq!(
        (state.as_str(), conflict),
        ("processing", 1),
        "paid to another wallet: not applied, flagged"
    );
    assert_eq!(run.payout("E-2").0, "paid");
    assert_eq!(run.payout("E-3").0, "paid");
}

/// The gateway numbers each order it makes (`platFormTradeNo`). A signed
/// callback for this tradeNo that names another order than the one the
/// gateway gave for it is about another order, or about a second order for
/// the same tradeNo (a gateway that does not refuse a repeated tradeNo): a
/// person must look, whichever it is. Not applied to a processing payout,
/// and flagged on a paid one, which may have been paid twice. The same
/// number written with spaces around it is the same order.
#[test]
fn a_signed_callback_naming_another_platform_order_is_a_conflict() {
    let (_gw, run) = processing(&[("E-1", "01712345642", 300), ("E-2", "01712345643", 400)]);
    let listening = Listening::start(&run);
    let post = |reference: &str, amount: &str, platform: &str| {
        let t = run.trade_no(reference);
        let body = signed_json(&[
            ("amount", amount),
            ("platFormTradeNo", platform),
            ("status", "0000"),
            ("tradeNo", &t),
        ]);
        listening.post("application/json", &body)
    };
    assert_eq!(post("E-1", "300", "P-ELSEWHERE").0, 200, "authentic: OK");
    let t2 = run.trade_no("E-2");
    assert_eq!(post("E-2", "400", &format!(" P-{t2} ")).0, 200);
    assert_eq!(run.payout("E-2").0, "paid", "the order it was sent as");
    assert_eq!(post("E-2", "400", "P-SECOND").0, 200);
    drop(listening);
    let (state, _, conflict) = run.payout("E-1");
    assert_eq!(
        (state.as_str(), conflict),
        ("processing", 1),
        "another order's 'paid': not applied, flagged"
    );
    let (state, platform, conflict) = run.payout("E-2");
    assert_eq!(
        (state.as_str(), conflict),
        ("paid", 1),
        "a second order for a paid tradeNo: flagged"
    );
    assert_eq!(platform, Some(format!("P-{t2}")), "the first order is kept");
}

/// A gateway that keeps tradeNos in a fixed-width column echoes them padded
/// with spaces, in query answers (which payrun reads as this order) and in
/// callbacks alike. A signed callback so padded is about this payout: it
/// settles it, instead of being refused as an unknown tradeNo until the
/// gateway gives up.
#[test]
fn a_signed_callback_echoing_the_trade_no_padded_with_spaces_settles_the_payout() {
    let (_gw, run) = processing(&[("E-1", "01712345642", 300)]);
    let listening = Listening::start(&run);
    let padded = format!("{}   ", run.trade_no("E-1"));
    let body = signed_json(&[("amount", "300"), ("status", "0000"), ("tradeNo", &padded)]);
    let got = listening.post("application/json", &body);
    drop(listening);
    assert_eq!(got, (200, "OK".to_string()));
    assert_eq!(run.payout("E-1").0, "paid");
}

/// A gateway that keeps order numbers in capitals sends its callbacks so
/// too: a signed callback naming the tradeNo in capitals is about this
/// payout (no two tradeNos payrun makes differ only in case) and settles it.
#[test]
fn a_signed_callback_naming_the_trade_no_in_capitals_settles_the_payout() {
    let (_gw, run) = processing(&[("E-1", "01712345642", 300)]);
    let listening = Listening::start(&run);
    let upper = run.trade_no("E-1").to_uppercase();
    let body = signed_json(&[("amount", "300"), ("status", "0000"), ("tradeNo", &upper)]);
    let got = listening.post("application/json", &body);
    drop(listening);
    assert_eq!(got, (200, "OK".to_string()));
    assert_eq!(run.payout("E-1").0, "paid");
}
