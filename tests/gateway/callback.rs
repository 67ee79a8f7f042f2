//! Callbacks from the sandbox, verified by the client's verifier.

use super::{accepted, client, pay, sandbox};
use payrun::testing::codes::TxStatus;
use payrun::testing::gateway::verify_callback;
use payrun::testing::money::Amount;
use payrun::testing::secret::Secret;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

/// A callback receiver on 127.0.0.1:0 that answers `answers` in turn, then
/// `OK`, and hands every body to the test.
struct Receiver {
    url: String,
    bodies: mpsc::Receiver<Vec<u8>>,
}

fn receiver(answers: Vec<&'static str>) -> Receiver {
    let server = tiny_http::Server::http("127.0.0.1:0").expect("listener binds");
    let port = server
        .server_addr()
        .to_ip()
        .map(|a| a.port())
        .unwrap_or_default();
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut answers = answers.into_iter();
        while Instant::now() < deadline {
            let Ok(Some(mut rq)) = server.recv_timeout(Duration::from_millis(50)) else {
                continue;
            };
            let mut body = Vec::new();
            let _ = rq.as_reader().read_to_end(&mut body);
            let answer = answers.next().unwrap_or("OK");
            let _ = rq.respond(tiny_http::Response::from_string(answer));
            if tx.send(body).is_err() {
                return;
            }
        }
    });
    Receiver {
        url: format!("http://127.0.0.1:{port}/payrun/callback"),
        bodies: rx,
    }
}

#[test]
fn callback_is_signed_and_verified_by_the_client() {
    let sbx = sandbox();
    let rx = receiver(vec![]);
    let c = client(&sbx, &rx.url);
    accepted(&c.payout(&pay("GW-CB-1", "01712345678", 250)).outcome);
    let body = rx
        .bodies
        .recv_timeout(Duration::from_secs(5))
        .expect("a callback arrives");
    let cb = verify_callback(&body, &sbx.secret()).expect("its sign verifies");
    assert_eq!(cb.trade_no, "GW-CB-1");
    assert_eq!(cb.tx_status(), TxStatus::Paid);
    assert_eq!(cb.amount, Some(Amount::from_poisha(25_000)));
    assert_eq!(cb.remark.as_deref(), Some("march salary"));
    assert!(cb.success_time.is_some() && cb.platform_trade_no.is_some());
    assert!(verify_callback(&body, &Secret::new("other".to_string())).is_err());
}

#[test]
fn callback_is_retried_until_the_answer_is_exactly_ok() {
    let sbx = sandbox();
    let rx = receiver(vec!["ok", "{\"code\":\"OK\"}"]);
    let c = client(&sbx, &rx.url);
    accepted(&c.payout(&pay("GW-CB-2", "01712340000", 250)).outcome);
    let bodies: Vec<Vec<u8>> = (0..3)
        .map(|_| {
            rx.bodies
                .recv_timeout(Duration::from_secs(5))
                .expect("a retry arrives")
        })
        .collect();
    for b in &bodies {
        let cb = verify_callback(b, &sbx.secret()).unwrap();
        assert_eq!(
            (cb.trade_no.as_str(), cb.status.as_str()),
            ("GW-CB-2", "00029")
        );
    }
    // Three attempts: the first, then one per configured delay; the third was OK.
    let deadline = Instant::now() + Duration::from_secs(2);
    while !sbx.orders()[0].callback_acked && Instant::now() < deadline {
        thread::sleep(Duration::from_millis(10));
    }
    let order = &sbx.orders()[0];
    assert_eq!((order.callbacks_sent, order.callback_acked), (3, true));
    assert!(
        rx.bodies.recv_timeout(Duration::from_millis(200)).is_err(),
        "no more after OK"
    );
}
