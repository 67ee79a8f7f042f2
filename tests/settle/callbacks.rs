//! Callbacks: a `listen` process alone settles a batch; forged, repeated and
//! out-of-order callbacks change nothing; a callback the query contradicts
//! becomes a conflict.

use super::env::{Env, ListenerProc, PEOPLE, SECRET, callback_body, post, post_chunked, statuses};
use payrun::testing::sandbox::Faults;
use std::time::{Duration, Instant};

#[test]
fn callbacks_alone_bring_a_batch_final_and_forgeries_change_nothing() {
    let mut env = Env::new(true, |_| {});
    let listener = ListenerProc::start(&env);
    env.notify = format!("{}/callback", listener.url);
    env.submit("jan", &PEOPLE);
    assert!(
        env.wait_final(Duration::from_secs(20)),
        "callbacks settle the batch; listener log:\n{}\n{:?}",
        env.listen_log(),
        (
            env.snapshot(),
            env.count("SELECT COUNT(*) FROM events"),
            env.count("SELECT COUNT(*) FROM runs")
        )
    );
    // No query settled anything (the ledger-loss check before the first
    // send asks, but only whether the gateway already knew the batch).
    assert_eq!(
        env.count(
            "SELECT COUNT(*) FROM attempts WHERE kind = 'query' AND outcome NOT LIKE 'loss-check:%'"
        ),
        0
    );
    assert_eq!(
        env.count("SELECT COUNT(*) FROM events WHERE source = 'callback' AND verified = 1 AND applied LIKE '% -> paid'"),
        4
    );
    let (code, v) = env.json_report("jan");
    assert_eq!(code, 0);
    assert_eq!(statuses(&v), vec!["paid"; 4]);

    let before = env.snapshot();
    let t = env.trade_no_of("E-1");
    let fields = [
        ("tradeNo", t.as_str()),
        ("status", "00029"),
        ("amount", "1200"),
        ("message", "forged"),
        ("timestamp", "1700000000000"),
    ];
    let cb = format!("{}/callback", listener.url);
    let wrong = callback_body(&fields, Some("not-the-secret"), None);
    assert_eq!(post(&cb, &wrong).0, 401, "wrong sign");
    let missing = callback_body(&fields, None, None);
    assert_eq!(post(&cb, &missing).0, 401, "missing sign");
    let garbage = callback_body(&fields, None, Some("0123456789abcdef0123456789abcdef"));
    assert_eq!(post(&cb, &garbage).0, 401, "made-up sign");
    let unknown = callback_body(
        &[
            ("tradeNo", "nope-0001"),
            ("status", "0000"),
            ("amount", "1"),
        ],
        Some(SECRET),
        None,
    );
    assert_eq!(post(&cb, &unknown).0, 404, "unknown tradeNo");
    assert_eq!(env.snapshot(), before, "forgeries changed nothing");
    assert_eq!(env.state_of(&t), ("paid".to_string(), 0));
    assert_eq!(
        env.count("SELECT COUNT(*) FROM events WHERE source = 'callback' AND verified = 0"),
        3,
        "refused callbacks are kept raw"
    );
    assert_eq!(
        env.count("SELECT COUNT(*) FROM events WHERE source = 'callback' AND verified = 1 AND payout_id IS NULL"),
        1
    );
    assert_eq!(
        env.count("SELECT COUNT(*) FROM events WHERE raw_body LIKE '%forged%'"),
        3
    );
}

#[test]
fn duplicate_and_out_of_order_callbacks_change_nothing_after_final() {
    let mut env = Env::new(true, |c| {
        c.faults = Faults {
            callback_duplicate_rate: 1.0,
            callback_early_rate: 0.5,
            ..Faults::default()
        };
    });
    let listener = ListenerProc::start(&env);
    env.notify = format!("{}/callback", listener.url);
    env.submit("feb", &PEOPLE);
    assert!(env.wait_final(Duration::from_secs(20)));
    // Let the duplicates the sandbox sends arrive too.
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(
        env.count("SELECT COUNT(*) FROM payouts WHERE state = 'paid' AND conflict = 0"),
        4
    );
    let before = env.snapshot();

    // Replay every real callback the gateway sent, as received.
    let bodies: Vec<String> = {
        let db = env.db();
        let mut st = db
            .prepare("SELECT raw_body FROM events WHERE source = 'callback' AND verified = 1")
            .unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    };
    assert!(bodies.len() >= 4);
    let cb = format!("{}/callback", listener.url);
    for b in &bodies {
        assert_eq!(post(&cb, b), (200, "OK".to_string()));
    }
    // A late "processing" after "paid", properly signed.
    let t = env.trade_no_of("E-2");
    let late = callback_body(
        &[
            ("tradeNo", t.as_str()),
            ("status", "0015"),
            ("amount", "1500"),
        ],
        Some(SECRET),
        None,
    );
    assert_eq!(post(&cb, &late), (200, "OK".to_string()));
    assert_eq!(
        env.snapshot(),
        before,
        "repeats and stale callbacks changed nothing"
    );
    let (code, v) = env.json_report("feb");
    assert_eq!(code, 0);
    assert_eq!(statuses(&v), vec!["paid"; 4]);
}

#[test]
fn a_callback_and_a_query_that_disagree_make_a_conflict_and_exit_1() {
    let mut env = Env::new(true, |_| {});
    let listener = ListenerProc::start(&env);
    env.notify = format!("{}/callback", listener.url);
    // Ends in 5555: the sandbox keeps it processing until told otherwise.
    let rows = [("S-1", "Stuck", "01712345555", 900), PEOPLE[0]];
    env.submit("mar", &rows);
    let t = env.trade_no_of("S-1");
    let force = |status: &str, callback: bool| {
        let url = format!("{}/_sandbox/orders/{t}", env.sandbox.url());
        let body = format!("{{\"status\":\"{status}\",\"callback\":{callback}}}");
        assert_eq!(post(&url, &body).0, 200);
    };
    force("0000", true);
    let end = Instant::now() + Duration::from_secs(10);
    while env.state_of(&t).0 != "paid" && Instant::now() < end {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(
        env.state_of(&t),
        ("paid".to_string(), 0),
        "the callback said paid"
    );
    // Now the gateway's query endpoint says otherwise.
    force("00029", false);
    let (code, out, err) = env.run(&["reconcile", "--batch", "mar"]);
    assert_eq!(code, 1, "a conflict exits 1:\n{out}\n{err}");
    assert!(out.contains("CONFLICT"), "{out}");
    assert_eq!(
        env.state_of(&t),
        ("paid".to_string(), 1),
        "first final kept, flagged"
    );
    assert_eq!(
        env.count(&format!(
            "SELECT COUNT(*) FROM events WHERE trade_no = '{t}' AND source IN ('callback', 'query')
               AND applied NOT LIKE 'ledger-loss check:%'"
        )),
        2,
        "both answers recorded"
    );
    let (code, v) = env.json_report("mar");
    assert_eq!(code, 1);
    let row = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["trade_no"] == t.as_str())
        .unwrap()
        .clone();
    assert_eq!(row["status"], "conflict");
    assert_eq!(v["summary"]["control"]["balanced"], true);
    let (code, out, _) = env.run(&["status", "--batch", "mar"]);
    assert_eq!(code, 1);
    assert!(out.contains("conflict"), "{out}");
}

#[test]
fn a_signed_callback_posted_chunked_is_answered_ok_and_settles_its_payout() {
    // No callbacks from the sandbox and no settling by itself: only the
    // chunked callback below can make E-1 paid.
    let mut env = Env::new(false, |c| c.settle_after = Duration::from_secs(3600));
    let listener = ListenerProc::start(&env);
    env.notify = format!("{}/callback", listener.url);
    env.submit("jun", &PEOPLE[..2]);
    let t = env.trade_no_of("E-1");
    assert_eq!(env.state_of(&t).0, "processing");
    let body = callback_body(
        &[
            ("tradeNo", t.as_str()),
            ("status", "0000"),
            ("amount", "1200"),
        ],
        Some(SECRET),
        None,
    );
    let cb = format!("{}/callback", listener.url);
    assert_eq!(
        post_chunked(&cb, &body, 7),
        (200, "OK".to_string()),
        "listener log:\n{}",
        env.listen_log()
    );
    assert_eq!(env.state_of(&t), ("paid".to_string(), 0));
    assert_eq!(
        env.count("SELECT COUNT(*) FROM events WHERE source = 'callback' AND verified = 1 AND applied LIKE '% -> paid'"),
        1
    );
    // The body kept is the decoded one, not the chunk framing.
    let raw: String = env
        .db()
        .query_row(
            "SELECT raw_body FROM events WHERE source = 'callback'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(raw, body);
    let other = env.trade_no_of("E-2");
    assert_eq!(env.state_of(&other).0, "processing");
}
