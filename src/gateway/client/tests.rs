use super::exchange::cap;
use super::*;
use crate::codes::{CodeClasses, TxStatus};
use crate::gateway::sign;
use crate::gateway::verify_callback;
use crate::money::Amount;
use crate::secret::Secret;
use crate::wallet::Provider;
use std::io;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::thread;
use std::time::Duration;

pub(crate) fn cfg(base: &str) -> ClientConfig {
    let mut c = ClientConfig::new(
        base,
        "0000000001",
        Secret::new("super-secret-value".to_string()),
        "http://127.0.0.1:1/notify",
    );
    c.connect_timeout = Duration::from_secs(2);
    c.request_timeout = Duration::from_secs(2);
    c
}

pub(crate) fn req() -> PayoutRequest<'static> {
    PayoutRequest {
        trade_no: "B1-0001",
        amount: Amount::from_poisha(30_000),
        wallet_id: "01712345678",
        provider: Provider::Bkash,
        remark: None,
    }
}

/// A one-shot server on 127.0.0.1:0 that reads one request and then runs
/// `answer` on the socket.
pub(crate) fn one_shot(answer: impl FnOnce(&mut std::net::TcpStream) + Send + 'static) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    thread::spawn(move || {
        if let Ok((mut sock, _)) = listener.accept() {
            sock.set_read_timeout(Some(Duration::from_secs(2))).ok();
            let mut buf = [0u8; 4096];
            let mut seen = Vec::new();
            // Read until the headers and the JSON body (ends with '}') are in.
            while !seen.ends_with(b"}") {
                match sock.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => seen.extend_from_slice(&buf[..n]),
                }
                if seen.len() > 64 * 1024 {
                    break;
                }
            }
            answer(&mut sock);
        }
    });
    format!("http://{addr}")
}

#[test]
fn payout_body_holds_strings_only_and_no_secret() {
    let c = cfg("http://127.0.0.1:9");
    let mut fields = payout_fields(&c, &req(), 1_728_611_780_130);
    assert!(!fields.contains_key("remark"), "absent remark is omitted");
    let body = signed_body(&mut fields, &c.secret);
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    let obj = v.as_object().unwrap();
    assert!(obj.values().all(|x| x.is_string()), "{body}");
    assert_eq!(obj["timestamp"], "1728611780130");
    assert_eq!(obj["amount"], "300");
    assert_eq!(obj["wayCode"], "EWALLET_BKASH");
    assert!(!body.contains("super-secret-value"));
    assert!(!body.contains("null"));
    // The sign is over the exact fields sent.
    let mut without = fields.clone();
    without.remove("sign");
    assert_eq!(obj["sign"], sign(&without, &c.secret));
}

#[test]
fn way_codes_are_configurable() {
    let mut c = cfg("http://127.0.0.1:9");
    c.way_codes.set(Provider::Nagad, "NAGAD");
    let r = PayoutRequest {
        provider: Provider::Nagad,
        remark: Some("march"),
        ..req()
    };
    let f = payout_fields(&c, &r, 1);
    assert_eq!(f.get("wayCode").map(String::as_str), Some("NAGAD"));
    assert_eq!(f.get("remark").map(String::as_str), Some("march"));
    assert_eq!(c.way_codes.get(Provider::Rocket), "EWALLET_ROCKET");
}

#[test]
fn bad_configs_are_refused_without_the_secret() {
    for base in ["", "ftp://x", "not a url", "http://"] {
        let err = Client::new(cfg(base)).unwrap_err();
        assert!(matches!(err, GatewayError::BaseUrl { .. }), "{base}: {err}");
    }
    let mut c = cfg("http://127.0.0.1:9");
    c.merchant_no = "bad\nheader".to_string();
    assert!(matches!(Client::new(c), Err(GatewayError::MerchantNo(_))));
    let mut c = cfg("http://127.0.0.1:9");
    c.secret = Secret::new(String::new());
    assert_eq!(Client::new(c).unwrap_err(), GatewayError::EmptySecret);
    let client = Client::new(cfg("http://127.0.0.1:9/")).unwrap();
    assert!(!format!("{client:?}").contains("super-secret-value"));
}

#[test]
fn connection_refused_is_not_sent() {
    // Bound and never listening, for the whole test: a port closed again at
    // once may be given to a server another test starts, which answers.
    let bound = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).unwrap();
    let any: std::net::SocketAddr = "127.0.0.1:0".parse().unwrap();
    bound.bind(&any.into()).unwrap();
    let port = bound.local_addr().unwrap().as_socket().unwrap().port();
    let client = Client::new(cfg(&format!("http://127.0.0.1:{port}"))).unwrap();
    let ex = client.payout(&req());
    assert!(
        matches!(ex.outcome, Outcome::NotSent { .. }),
        "{:?}",
        ex.outcome
    );
    assert_eq!(ex.http_status, None);
    assert!(ex.request_body.contains("B1-0001"));
    assert!(matches!(
        client.balance(),
        Err(BalanceError::Unreachable { .. })
    ));
}

#[test]
fn connection_closed_after_sending_is_unknown() {
    let base = one_shot(|sock| {
        sock.shutdown(std::net::Shutdown::Both).ok();
    });
    let client = Client::new(cfg(&base)).unwrap();
    let ex = client.payout(&req());
    match &ex.outcome {
        Outcome::Unknown { throttled, reason } => {
            assert!(!throttled);
            assert!(!reason.contains("super-secret-value"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn silence_until_the_timeout_is_unknown() {
    let base = one_shot(|_sock| thread::sleep(Duration::from_millis(1500)));
    let mut c = cfg(&base);
    c.request_timeout = Duration::from_millis(300);
    let client = Client::new(c).unwrap();
    let ex = client.query("B1-0001");
    assert!(
        matches!(ex.outcome, Outcome::Unknown { .. }),
        "{:?}",
        ex.outcome
    );
    assert!(ex.elapsed >= Duration::from_millis(250));
}

#[test]
fn a_truncated_body_is_unknown() {
    let base = one_shot(|sock| {
        let _ = sock.write_all(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"code\":\"0000\"",
        );
        let _ = sock.shutdown(std::net::Shutdown::Both);
    });
    let client = Client::new(cfg(&base)).unwrap();
    let ex = client.payout(&req());
    assert!(
        matches!(ex.outcome, Outcome::Unknown { .. }),
        "{:?}",
        ex.outcome
    );
    assert_eq!(ex.http_status, Some(200));
}

#[test]
fn a_full_answer_is_classified_and_kept() {
    let base = one_shot(|sock| {
        let body = r#"{"msg":"success","code":"0000","timestamp":1,"success":true,"data":{"platFormTradeNo":"P9","status":"0015"}}"#;
        let _ = write!(
            sock,
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
    });
    let client = Client::new(cfg(&base)).unwrap();
    let ex = client.payout(&req());
    match &ex.outcome {
        Outcome::Accepted(a) => {
            assert_eq!(a.status, TxStatus::Processing);
            assert_eq!(a.platform_trade_no.as_deref(), Some("P9"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(ex.outer_code.as_deref(), Some("0000"));
    assert_eq!(ex.data_status.as_deref(), Some("0015"));
    assert!(ex.body.as_deref().unwrap_or_default().contains("P9"));
}

#[test]
fn transport_errors_split_into_not_sent_and_unknown() {
    use ureq::Error as E;
    let not_sent = [
        E::HostNotFound,
        E::Timeout(ureq::Timeout::Connect),
        E::Timeout(ureq::Timeout::Resolve),
        E::Io(io::Error::from(io::ErrorKind::ConnectionRefused)),
        E::ConnectionFailed,
    ];
    for e in not_sent {
        assert!(
            matches!(transport_outcome(&e), Outcome::NotSent { .. }),
            "{e}"
        );
    }
    let unknown = [
        E::Timeout(ureq::Timeout::Global),
        E::Timeout(ureq::Timeout::RecvResponse),
        E::Timeout(ureq::Timeout::SendBody),
        E::Io(io::Error::from(io::ErrorKind::ConnectionReset)),
        E::Io(io::Error::from(io::ErrorKind::UnexpectedEof)),
        E::Io(io::Error::from(io::ErrorKind::HostUnreachable)),
        E::Io(io::Error::from(io::ErrorKind::BrokenPipe)),
    ];
    for e in unknown {
        assert!(
            matches!(transport_outcome(&e), Outcome::Unknown { .. }),
            "{e}"
        );
    }
}

#[test]
fn balance_answers_are_read_leniently() {
    let raw = Raw::answered;
    let classes = CodeClasses::default();
    let read = |status: u16, body: &str| {
        let r = raw(status, body);
        let c = classify_raw(&r, &classes);
        balance_from(&r, &c.outcome, &classes)
    };
    let b = read(
        200,
        r#"{"code":"0000","data":{"availablAmount":"9998989.0000","freezeAmount":12.5,"unsettledAmount":"0"}}"#,
    )
    .unwrap();
    assert_eq!(b.available, Amount::from_poisha(999_898_900));
    assert_eq!(b.freeze, Some(Amount::from_poisha(1_250)));
    assert_eq!(b.unsettled, Some(Amount::ZERO));
    let b = read(200, r#"{"code":"0000","data":{"availableAmount":700}}"#).unwrap();
    assert_eq!((b.available, b.freeze), (Amount::from_poisha(70_000), None));
    assert!(matches!(
        read(200, r#"{"code":"1002","msg":"sign error"}"#),
        Err(BalanceError::Systemic { code, .. }) if code == "1002"
    ));
    assert!(matches!(
        read(200, r#"{"code":"1006","msg":"slow down"}"#),
        Err(BalanceError::Unreachable { .. })
    ));
    // A code no class reads as a refusal of the merchant is asked again,
    // never a stop: a balance answer cannot make payrun pay.
    for code in ["9999", "1004", "1007"] {
        assert!(matches!(
            read(200, &format!(r#"{{"code":"{code}","msg":"?"}}"#)),
            Err(BalanceError::Unrecognised { code: c, .. }) if c == code
        ));
    }
    assert!(matches!(
        read(200, r#"{"code":"1001","msg":"timestamp expired"}"#),
        Err(BalanceError::Systemic { .. })
    ));
    assert!(matches!(
        read(503, "busy"),
        Err(BalanceError::Unreachable { .. })
    ));
    assert!(matches!(
        read(429, ""),
        Err(BalanceError::Unreachable { .. })
    ));
    assert!(matches!(
        read(200, "<html>"),
        Err(BalanceError::Unexpected { .. })
    ));
    assert!(matches!(
        read(200, r#"{"code":"0000","data":{"freezeAmount":"1"}}"#),
        Err(BalanceError::Unexpected { reason }) if reason.contains("[freezeAmount]")
    ));
    // A value in a format payrun does not read is named, as sent. (Commas
    // grouping before a decimal dot, "1,000.00", are read since probe11.)
    match read(
        200,
        r#"{"code":"0000","data":{"availableAmount":"1.000,00"}}"#,
    ) {
        Err(BalanceError::Unexpected { reason }) => {
            assert!(
                reason.contains(r#"availableAmount = "1.000,00""#),
                "{reason}"
            )
        }
        other => panic!("{other:?}"),
    }
    // An empty spelling does not hide the other one.
    let b = read(
        200,
        r#"{"code":"0000","data":{"availableAmount":"","availablAmount":"5.5"}}"#,
    )
    .unwrap();
    assert_eq!(b.available, Amount::from_poisha(550));
    // data.null with 0000 is not a balance of zero.
    assert!(matches!(
        read(200, r#"{"code":"0000","data":null}"#),
        Err(BalanceError::Unexpected { .. })
    ));
}

#[test]
fn bodies_are_capped_on_a_char_boundary() {
    let s = "ক".repeat(10); // 3 bytes each
    let capped = cap(s, 8);
    assert_eq!(capped, "কক");
    // Keep the verifier import honest: a callback signed by this module verifies.
    let secret = Secret::new("s".to_string());
    let mut f = BTreeMap::new();
    f.insert("tradeNo".to_string(), "T".to_string());
    f.insert("status".to_string(), "0000".to_string());
    f.insert("amount".to_string(), "300".to_string());
    let body = signed_body(&mut f, &secret);
    assert!(verify_callback(body.as_bytes(), &secret).is_ok());
}

#[test]
fn a_redirect_is_not_followed_and_is_unknown() {
    let base = one_shot(|sock| {
        let _ = sock.write_all(
            b"HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:9/elsewhere\r\nContent-Length: 0\r\n\r\n",
        );
    });
    let client = Client::new(cfg(&base)).unwrap();
    let ex = client.payout(&req());
    assert_eq!(ex.http_status, Some(302));
    match &ex.outcome {
        Outcome::Unknown { reason, .. } => assert!(reason.contains("base URL"), "{reason}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_client_is_shared_across_threads() {
    fn shared<T: Send + Sync>() {}
    shared::<Client>();
    shared::<Exchange>();
}

/// probe11 finding 7: an answer labelled `charset=ISO-8859-1` with a
/// latin-1 byte in `desc` was stored with U+FFFD. It is read in its
/// charset now (the callbacks' rule, `wire::charset`), and every code and
/// number reads as before.
#[test]
fn an_answer_in_the_charset_it_names_is_read_in_it() {
    let base = one_shot(|sock| {
        let body: &[u8] =
            b"{\"msg\":\"success\",\"code\":\"0000\",\"data\":{\"platFormTradeNo\":\"P9\",\
\"status\":\"0015\",\"amount\":\"300.00\",\"desc\":\"traitement en cours \xe9\"}}";
        let _ = write!(
            sock,
            "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=ISO-8859-1\r\n\
             Content-Length: {}\r\n\r\n",
            body.len()
        );
        let _ = sock.write_all(body);
    });
    let client = Client::new(cfg(&base)).unwrap();
    let ex = client.payout(&req());
    match &ex.outcome {
        Outcome::Accepted(a) => {
            assert_eq!(a.status, TxStatus::Processing);
            assert_eq!(a.code, "0015");
            assert_eq!(a.platform_trade_no.as_deref(), Some("P9"));
            assert_eq!(a.desc.as_deref(), Some("traitement en cours é"));
            assert_eq!(a.amount, Some(Amount::from_poisha(30_000)));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(ex.outer_code.as_deref(), Some("0000"));
    assert!(!ex.body.unwrap_or_default().contains('\u{fffd}'));
}
