//! A gateway's burst of callbacks from its one egress address. probe11: 200
//! payouts settled at once, each callback posted 3 times in parallel from
//! one address; at the default `--max-per-peer 32`, 244 of 591 were
//! answered 503 at once. Now the connections past the cap wait their turn
//! (bounded in number and time), and every callback is recorded before it
//! is answered `OK`. The figure goes to docs/benchmarks.md:
//! `cargo test --locked --test integration one_address_burst -- --nocapture`;
//! `BURST=600,600` (callbacks, clients) measures probe11's shape.

use super::proc::{Listening, paid, post_from, processing_ledger, raise_nofile};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier, Mutex};
use std::time::{Duration, Instant};

const CALLBACKS: usize = 300;
const CLIENTS: usize = 64;
const GATEWAY: u8 = 2;

/// (callbacks, clients): the defaults, or `BURST=N,M` for a measurement.
fn shape() -> (usize, usize) {
    std::env::var("BURST")
        .ok()
        .and_then(|v| {
            let (n, m) = v.split_once(',')?;
            Some((n.trim().parse().ok()?, m.trim().parse().ok()?))
        })
        .filter(|&(n, m): &(usize, usize)| (1..=2000).contains(&n) && (1..=1000).contains(&m))
        .unwrap_or((CALLBACKS, CLIENTS))
}

#[test]
fn a_burst_from_one_address_waits_its_turn_and_each_ok_is_recorded() {
    let _one = super::ONE_ATTACK_AT_A_TIME
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    raise_nofile(4096);
    let (callbacks, clients) = shape();
    let (env, trades) = processing_ledger(callbacks, "one-address");
    let mut l = Listening::start(&env, &[]);
    let addr = l.addr;
    let trades = Arc::new(trades);
    let next = Arc::new(AtomicUsize::new(0));
    let answers: Arc<Mutex<Vec<(String, String, String)>>> = Arc::default();
    let go = Arc::new(Barrier::new(clients));
    let started = Instant::now();
    let clients: Vec<_> = (0..clients)
        .map(|_| {
            let (trades, next, answers, go) = (
                Arc::clone(&trades),
                Arc::clone(&next),
                Arc::clone(&answers),
                Arc::clone(&go),
            );
            std::thread::spawn(move || {
                go.wait();
                // Each callback once, on a fresh connection; every connect
                // and read is bounded (proc::connect_from), so is the loop.
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(t) = trades.get(i) else { break };
                    let (status, body) = post_from(addr, GATEWAY, &paid(t));
                    answers.lock().unwrap_or_else(|e| e.into_inner()).push((
                        t.clone(),
                        status,
                        body,
                    ));
                }
            })
        })
        .collect();
    for c in clients {
        c.join().expect("client thread");
    }
    let took = started.elapsed();
    let answers = std::mem::take(&mut *answers.lock().unwrap_or_else(|e| e.into_inner()));
    assert!(l.stop(), "listen stops on SIGTERM");

    let mut by_status: BTreeMap<String, usize> = BTreeMap::new();
    for (_, status, _) in &answers {
        *by_status.entry(status.clone()).or_default() += 1;
    }
    let ok: Vec<&String> = answers
        .iter()
        .filter(|(_, s, b)| s == "HTTP/1.1 200 OK" && b == "OK")
        .map(|(t, ..)| t)
        .collect();
    eprintln!(
        "one_address_burst: {callbacks} signed callbacks from {} concurrent clients on one \
         address in {took:?}: {by_status:?}",
        shape().1
    );
    // None acknowledged without being recorded.
    for t in &ok {
        assert_eq!(
            env.state_of(t).0,
            "paid",
            "{t} answered OK but not recorded"
        );
    }
    let recorded = env.count(
        "SELECT COUNT(*) FROM events WHERE source = 'callback' AND verified = 1 AND applied LIKE '% -> paid'",
    );
    assert_eq!(answers.len(), callbacks);
    assert_eq!(
        ok.len(),
        callbacks,
        "every callback of the burst is answered OK, none refused at once: {by_status:?}\n{}",
        l.log_text()
    );
    assert_eq!(recorded, callbacks as i64);
    assert!(took < Duration::from_secs(60), "the burst took {took:?}");
}
