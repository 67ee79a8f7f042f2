//! The sandbox's connections: many keep-alive clients at once, as `payrun
//! submit --concurrency N` opens them, each read and answered at once; and
//! the two ways a processed answer is lost (a close, or silence).

use super::{NOWHERE, pay, sandbox_with};
use payrun::testing::gateway::{Client, ClientConfig, Outcome};
use payrun::testing::sandbox::{DropMode, Faults, SandboxHandle};
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::{Duration, Instant};

/// The slowest request of `clients` threads each sending `per_client`
/// payouts over one shared client (one keep-alive pool, like payrun), all
/// starting together against a freshly started sandbox. Also the failures.
fn burst(sbx: &SandboxHandle, clients: usize, per_client: usize) -> (Duration, Vec<String>) {
    let mut cfg = ClientConfig::new(sbx.url(), sbx.merchant_no(), sbx.secret(), NOWHERE);
    cfg.connect_timeout = Duration::from_secs(1);
    // Far above any honest answer on loopback, far below a test's patience.
    cfg.request_timeout = Duration::from_secs(3);
    cfg.max_idle_per_host = clients;
    let client = Arc::new(Client::new(cfg).expect("client builds"));
    let start = Arc::new(Barrier::new(clients));
    let workers: Vec<_> = (0..clients)
        .map(|w| {
            let (client, start) = (Arc::clone(&client), Arc::clone(&start));
            thread::spawn(move || {
                start.wait();
                let mut slowest = Duration::ZERO;
                let mut failures = Vec::new();
                for i in 0..per_client {
                    let t = format!("SB-K-{w}-{i}");
                    let ex = client.payout(&pay(&t, "01712345678"));
                    slowest = slowest.max(ex.elapsed);
                    if !matches!(ex.outcome, Outcome::Accepted(_)) {
                        failures.push(format!("{t} after {:?}: {:?}", ex.elapsed, ex.outcome));
                    }
                }
                (slowest, failures)
            })
        })
        .collect();
    let mut slowest = Duration::ZERO;
    let mut failures = Vec::new();
    for w in workers {
        let (s, f) = w.join().expect("client thread");
        slowest = slowest.max(s);
        failures.extend(f);
    }
    (slowest, failures)
}

/// tiny_http 0.12 left a connection unread until another one closed when
/// more than 4 arrived at once (its task pool lost the wake-up): the request
/// then stalled until the client's timeout, and the client re-sent it.
/// Here no connection closes before a client's 3 s timeout, so a request
/// answered sooner was never stalled, and one stalled is never answered
/// sooner: the bound is that timeout. A bound of 1 s failed on a loaded
/// machine at 1.2 s with nothing stalled.
#[test]
fn sixteen_keep_alive_clients_are_all_answered_at_once() {
    let started = Instant::now();
    for round in 0..4 {
        let sbx = sandbox_with(|c| c.threads = 16);
        let (slowest, failures) = burst(&sbx, 16, 20);
        eprintln!("round {round}: slowest of 16 x 20 payouts {slowest:?}");
        assert!(failures.is_empty(), "round {round}: {failures:#?}");
        assert!(
            slowest < Duration::from_secs(3),
            "round {round}: a request took {slowest:?}, as long as a stalled one"
        );
        assert_eq!(sbx.orders().len(), 16 * 20);
    }
    assert!(started.elapsed() < Duration::from_secs(60));
}

/// `cargo test --test integration sandbox::keepalive::latency_report -- --ignored --nocapture`:
/// for 1 to 32 clients, 5 fresh sandboxes each, how many rounds had a
/// request over 1 s, and the slowest request.
#[test]
#[ignore = "a measurement, printed; run on an idle machine"]
fn latency_report() {
    for clients in [1, 4, 5, 8, 16, 32] {
        let (mut stalled, mut worst) = (0, Duration::ZERO);
        for _ in 0..5 {
            let sbx = sandbox_with(|c| c.threads = 16);
            let (slowest, failures) = burst(&sbx, clients, 10);
            if slowest >= Duration::from_secs(1) || !failures.is_empty() {
                stalled += 1;
            }
            worst = worst.max(slowest);
        }
        eprintln!("{clients:>2} clients: {stalled}/5 rounds stalled, slowest {worst:?}");
    }
}

fn client_timing_out_after(sbx: &SandboxHandle, timeout: Duration) -> Client {
    let mut cfg = ClientConfig::new(sbx.url(), sbx.merchant_no(), sbx.secret(), NOWHERE);
    cfg.request_timeout = timeout;
    Client::new(cfg).expect("client builds")
}

#[test]
fn a_dropped_answer_closes_the_connection_at_once_or_stays_silent() {
    let sbx = sandbox_with(|c| {
        c.faults = Faults {
            drop_rate: 1.0,
            ..Faults::default()
        }
    });
    let c = client_timing_out_after(&sbx, Duration::from_secs(5));
    let ex = c.payout(&pay("SB-DROP-CLOSE", "01712345678"));
    assert!(
        matches!(
            ex.outcome,
            Outcome::Unknown {
                throttled: false,
                ..
            }
        ),
        "{:?}",
        ex.outcome
    );
    assert_eq!(ex.http_status, None);
    assert!(
        ex.elapsed < Duration::from_secs(1),
        "a close is heard at once, not at the timeout: {:?}",
        ex.elapsed
    );

    sbx.set_faults(Faults {
        drop_rate: 1.0,
        drop_with: DropMode::Silence,
        ..Faults::default()
    });
    let c = client_timing_out_after(&sbx, Duration::from_millis(400));
    let ex = c.payout(&pay("SB-DROP-SILENT", "01712345678"));
    assert!(
        matches!(ex.outcome, Outcome::Unknown { .. }),
        "{:?}",
        ex.outcome
    );
    assert_eq!(ex.http_status, None);
    assert!(ex.elapsed >= Duration::from_millis(400), "{:?}", ex.elapsed);

    sbx.set_faults(Faults::default());
    for t in ["SB-DROP-CLOSE", "SB-DROP-SILENT"] {
        match c.query(t).outcome {
            Outcome::Accepted(a) => assert_eq!(a.trade_no.as_deref(), Some(t)),
            other => panic!("{t} was processed, so the query finds it: {other:?}"),
        }
    }
    let orders = sbx.orders();
    assert_eq!(orders.len(), 2);
    assert!(orders.iter().all(|o| o.submissions == 1));
}
