//! (a) No second payout request for the same person and money: not for a
//! row the corrected sheet removed, and not while the gateway may still be
//! creating the order of a request that timed out.

use super::*;

/// A gateway that behaves: a payout creates a paid order (a second one for
/// the same tradeNo gets `1004`), a query finds it or answers `1007`.
/// Until `healthy` is raised, payouts and queries fail with HTTP 500 before
/// anything is created.
fn flaky_gateway(healthy: Arc<AtomicU8>) -> TinyGateway {
    let orders: Mutex<HashMap<String, String>> = Mutex::new(HashMap::new());
    TinyGateway::start(move |path, body| {
        let t = body["tradeNo"].as_str().unwrap_or("").to_string();
        match (endpoint(path), healthy.load(Ordering::SeqCst)) {
            ("balance", _) => rich(),
            (_, 0) => Reply::Status(500),
            ("payout", _) => {
                let mut o = orders.lock().unwrap();
                if o.contains_key(&t) {
                    return refuse("1004", "duplicate tradeNo");
                }
                let amount = body["amount"].as_str().unwrap_or("0").to_string();
                o.insert(t.clone(), amount);
                ok(json!({"platFormTradeNo": format!("P-{t}"), "status": "0000"}))
            }
            ("query", _) => match orders.lock().unwrap().get(&t) {
                Some(a) => ok(order(&t, a, "0000")),
                None => refuse("1007", "order not found"),
            },
            _ => Reply::Status(404),
        }
    })
}

#[test]
fn an_unknown_payout_removed_from_the_corrected_sheet_is_not_sent() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger.sqlite");
    let healthy = Arc::new(AtomicU8::new(0));
    let gw = flaky_gateway(healthy.clone());
    let (a, b) = (trade_of("nov", "E-1"), trade_of("nov", "E-2"));
    let v1 = sheet(
        dir.path(),
        "v1.csv",
        &[("E-1", "01712345678", 500), ("E-2", "01812345678", 700)],
    );
    let (code, out) = submit(&gw.url, &ledger, &v1, "nov", &["--max-attempts", "1"]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(state_of(&ledger, &b).0, "unknown");

    // HR removes E-2 (say, they left) and submits the corrected sheet.
    healthy.store(1, Ordering::SeqCst);
    std::thread::sleep(Duration::from_millis(1100)); // past the 1 s grace
    let v2 = sheet(dir.path(), "v2.csv", &[("E-1", "01712345678", 500)]);
    let (_, out) = submit(&gw.url, &ledger, &v2, "nov", &[]);
    assert_eq!(state_of(&ledger, &a).0, "paid", "{out}");
    assert_eq!(
        gw.payouts_for(&b),
        1,
        "E-2 is not in the sheet being submitted: it must not be paid by it \
         (payout requests: {:?})\n{out}",
        gw.payout_trade_nos()
    );
    assert_eq!(
        state_of(&ledger, &b).0,
        "planned",
        "resolved to not sent, and left for a sheet that contains it"
    );
    assert!(out.contains("1 resent after"), "{out}");
    assert!(
        out.contains("1 payout of batch 'nov' (not sent) comes from an earlier sheet"),
        "{out}"
    );
}

#[test]
fn grace_counts_from_the_end_of_a_timed_out_request_not_its_start() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger.sqlite");
    // The gateway takes 1.5 s to create the order, past the client's 1 s
    // timeout, and only then does a query find it. A second payout request
    // arriving before that would, at a gateway whose duplicate check is not
    // atomic with creation, become a second order.
    let created: Arc<Mutex<HashMap<String, Instant>>> = Arc::new(Mutex::new(HashMap::new()));
    let c = created.clone();
    let gw = TinyGateway::start(move |path, body| {
        let t = body["tradeNo"].as_str().unwrap_or("").to_string();
        match endpoint(path) {
            "balance" => rich(),
            "payout" => {
                let mut m = c.lock().unwrap();
                if m.contains_key(&t) {
                    return refuse("1004", "duplicate tradeNo");
                }
                m.insert(t, Instant::now() + Duration::from_millis(1500));
                Reply::Silence(Duration::from_millis(1600))
            }
            "query" => match c.lock().unwrap().get(&t) {
                Some(at) if Instant::now() >= *at => ok(order(&t, "500.00", "0000")),
                _ => refuse("1007", "order not found"),
            },
            _ => Reply::Status(404),
        }
    });
    let s = sheet(dir.path(), "s.csv", &[("E-1", "01712345678", 500)]);
    let (code, out) = submit(
        &gw.url,
        &ledger,
        &s,
        "nov",
        &["--request-timeout", "1s", "--grace", "1s"],
    );
    let t = trade_of("nov", "E-1");
    assert_eq!(
        gw.payouts_for(&t),
        1,
        "a \"not found\" 0.1 s after the timeout proved nothing, yet the payout was resent:\n{out}"
    );
    assert_eq!(state_of(&ledger, &t).0, "paid", "{out}");
    assert_eq!(code, 0, "{out}");
}

#[test]
fn reconcile_counts_grace_from_the_end_of_the_last_attempt_too() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger.sqlite");
    // Phase 0: the payout request hangs past the 3 s timeout and queries get
    // no answer, so submit leaves the payout unknown about 5 s after it sent.
    // Phase 1: queries say "not found" (the order may still appear).
    let phase = Arc::new(AtomicU8::new(0));
    let p = phase.clone();
    let gw = TinyGateway::start(
        move |path, _| match (endpoint(path), p.load(Ordering::SeqCst)) {
            ("balance", _) => rich(),
            ("payout", _) => Reply::Silence(Duration::from_millis(3300)),
            ("query", 0) => Reply::Status(500),
            ("query", _) => refuse("1007", "order not found"),
            _ => Reply::Status(404),
        },
    );
    let s = sheet(dir.path(), "s.csv", &[("E-1", "01712345678", 500)]);
    let (code, out) = submit(
        &gw.url,
        &ledger,
        &s,
        "nov",
        &["--request-timeout", "3s", "--max-attempts", "1"],
    );
    assert_eq!(code, 1, "{out}");
    let t = trade_of("nov", "E-1");
    assert_eq!(state_of(&ledger, &t).0, "unknown", "{out}");

    // The grace period starts when the send ended: the ledger's
    // last_attempt_at is at least the 3 s timeout after the send began.
    let db = rusqlite::Connection::open(&ledger).unwrap();
    let when = |sql: &str| -> std::time::SystemTime {
        let text: String = db.query_row(sql, [&t], |r| r.get(0)).unwrap();
        payrun::testing::time::from_text(&text).unwrap()
    };
    let began = when("SELECT first_sent_at FROM payouts WHERE trade_no = ?1");
    let ended = when("SELECT last_attempt_at FROM payouts WHERE trade_no = ?1");
    let send_took = ended.duration_since(began).unwrap_or_default();
    assert!(
        send_took >= Duration::from_millis(2900),
        "last_attempt_at is the end of the send, not its start ({send_took:?})"
    );

    // Reconcile with a 4.5 s grace: typically more than 4.5 s after the
    // request left (submit spends about 1.5 to 3 s asking), but less than
    // 4.5 s after it timed out, so the "not found" must not be believed.
    phase.store(1, Ordering::SeqCst);
    let (_, out) = payrun(
        &gw.url,
        &ledger,
        NOWHERE,
        &["reconcile", "--batch", "nov", "--grace", "4500ms"],
    );
    let asked = when(
        "SELECT MAX(a.started_at) FROM attempts a JOIN payouts p ON p.id = a.payout_id
          WHERE p.trade_no = ?1 AND a.kind = 'query'",
    );
    let after_end = asked.duration_since(ended).unwrap_or_default();
    let (state, _) = state_of(&ledger, &t);
    if after_end < Duration::from_millis(4500) {
        assert_eq!(
            state, "unknown",
            "a \"not found\" {after_end:?} after a send that ended then is within the grace period:\n{out}"
        );
    } else {
        // A machine slow enough to ask only after the grace period: then
        // "not found" is rightly believed. Nothing else to show here.
        eprintln!("note: reconcile asked {after_end:?} after the send ended; grace over");
        assert_eq!(state, "planned", "{out}");
    }
}

#[test]
fn after_a_duplicate_answer_not_found_never_makes_a_payout_not_sent() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger.sqlite");
    // The gateway says the tradeNo was seen before (1004), yet its query
    // endpoint cannot find the order: it contradicts itself, and the order
    // it admits to may well exist.
    let gw = TinyGateway::start(|path, _| match endpoint(path) {
        "balance" => rich(),
        "payout" => refuse("1004", "duplicate tradeNo"),
        "query" => refuse("1007", "order not found"),
        _ => Reply::Status(404),
    });
    let t = trade_of("nov", "E-1");
    let v1 = sheet(dir.path(), "v1.csv", &[("E-1", "01712345678", 500)]);
    let (code, out) = submit(&gw.url, &ledger, &v1, "nov", &["--max-attempts", "2"]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        state_of(&ledger, &t).0,
        "unknown",
        "the gateway admitted an order exists; \"not sent\" would invite a new tradeNo:\n{out}"
    );
    // A corrected sheet would otherwise replace it with a new tradeNo.
    let v2 = sheet(dir.path(), "v2.csv", &[("E-1", "01799999999", 500)]);
    let (code, out) = submit(&gw.url, &ledger, &v2, "nov", &[]);
    let others: Vec<String> = gw
        .payout_trade_nos()
        .into_iter()
        .filter(|x| *x != t)
        .collect();
    assert!(
        others.is_empty(),
        "a second order for E-1: {others:?}\n{out}"
    );
    assert_eq!(code, 2, "refused:\n{out}");
}

/// A callback body for `trade` saying `status`, signed with the test secret.
fn signed_callback(trade: &str, amount: &str, status: &str) -> String {
    use payrun::testing::gateway::sign;
    use payrun::testing::secret::Secret;
    let mut f = std::collections::BTreeMap::new();
    for (k, v) in [
        ("tradeNo", trade),
        ("platFormTradeNo", "P-1"),
        ("amount", amount),
        ("status", status),
        ("message", "result"),
        ("timestamp", "1700000000000"),
    ] {
        f.insert(k.to_string(), v.to_string());
    }
    let s = sign(&f, &Secret::new(SECRET.to_string()));
    f.insert("sign".to_string(), s);
    serde_json::to_string(&f).expect("json")
}

/// A `payrun::testing::listen` listener on 127.0.0.1:0 for `ledger`, serving on a
/// thread until the returned flag is raised; returns its callback URL.
fn listen(
    ledger: &Path,
) -> (
    String,
    Arc<std::sync::atomic::AtomicBool>,
    std::thread::JoinHandle<()>,
) {
    use payrun::testing::listen::{ListenConfig, Listener};
    use payrun::testing::secret::Secret;
    // `listen` never creates a ledger: `submit` does, or this.
    drop(payrun::testing::ledger::Ledger::open(ledger).expect("ledger"));
    let listener = Listener::bind(
        "127.0.0.1:0",
        ListenConfig {
            ledger: ledger.to_path_buf(),
            secret: Secret::new(SECRET.to_string()),
            threads: 2,
            classes: Default::default(),
        },
    )
    .expect("listener");
    let url = format!("http://{}/callback", listener.local_addr());
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let s2 = stop.clone();
    let serving = std::thread::spawn(move || {
        listener.run(&s2);
    });
    (url, stop, serving)
}

/// POSTs `body` to `url` (http://host:port/path) and returns the status.
fn post(url: &str, body: &str) -> u16 {
    use std::io::{Read, Write};
    let rest = url.trim_start_matches("http://");
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let mut s = std::net::TcpStream::connect(host).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).ok();
    write!(
        s,
        "POST /{path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .expect("send");
    let mut resp = String::new();
    let _ = s.read_to_string(&mut resp);
    resp.split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0)
}

#[test]
fn a_callback_racing_a_throttled_answer_neither_resends_nor_stops_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger.sqlite");
    let (notify, stop, serving) = listen(&ledger);
    // E-1's request is answered "too many requests", but only after the
    // gateway's signed callback said E-1 was paid (an earlier request of the
    // same tradeNo went through, say). E-2 is an ordinary payout.
    let t1 = trade_of("nov", "E-1");
    let (t1c, cb) = (t1.clone(), notify.clone());
    let gw = TinyGateway::start(move |path, body| {
        let t = body["tradeNo"].as_str().unwrap_or("").to_string();
        match endpoint(path) {
            "balance" => rich(),
            "payout" if t == t1c => {
                let body = signed_callback(&t, "500", "0000");
                assert_eq!(post(&cb, &body), 200, "the listener took the callback");
                refuse("1006", "too many requests")
            }
            "payout" => ok(json!({"platFormTradeNo": format!("P-{t}"), "status": "0000"})),
            "query" => refuse("1007", "order not found"),
            _ => Reply::Status(404),
        }
    });
    let s = sheet(
        dir.path(),
        "s.csv",
        &[("E-1", "01712345678", 500), ("E-2", "01812345678", 700)],
    );
    let sheet_s = s.to_string_lossy().into_owned();
    let (code, out) = payrun(
        &gw.url,
        &ledger,
        &notify,
        &[
            "submit",
            &sheet_s,
            "--batch",
            "nov",
            "--rate",
            "unlimited",
            "--concurrency",
            "1",
            "--request-timeout",
            "2s",
            "--grace",
            "1s",
        ],
    );
    stop.store(true, Ordering::SeqCst);
    let _ = serving.join();
    assert_eq!(
        gw.payouts_for(&t1),
        1,
        "E-1 is paid: never sent again\n{out}"
    );
    assert_eq!(state_of(&ledger, &t1).0, "paid", "{out}");
    assert_eq!(
        state_of(&ledger, &trade_of("nov", "E-2")).0,
        "paid",
        "the run went on with E-2:\n{out}"
    );
    assert_eq!(code, 0, "{out}");
}

#[test]
fn a_not_sent_payout_the_gateway_then_reports_paid_is_held_not_sent_again() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger.sqlite");
    let (notify, stop, serving) = listen(&ledger);
    // The request fails with a 500 and the query cannot find the order, so
    // after the grace period E-1 is "not sent". Then the gateway's signed
    // callback says it was paid after all.
    let gw = TinyGateway::start(|path, _| match endpoint(path) {
        "balance" => rich(),
        "payout" => Reply::Status(500),
        "query" => refuse("1007", "order not found"),
        _ => Reply::Status(404),
    });
    let t = trade_of("nov", "E-1");
    let s = sheet(dir.path(), "s.csv", &[("E-1", "01712345678", 500)]);
    let (code, out) = submit(&gw.url, &ledger, &s, "nov", &["--max-attempts", "1"]);
    assert_eq!(
        (code, state_of(&ledger, &t).0.as_str()),
        (1, "planned"),
        "{out}"
    );
    assert_eq!(post(&notify, &signed_callback(&t, "500", "0000")), 200);
    assert_eq!(state_of(&ledger, &t), ("planned".to_string(), 1));

    // The next run must not pay E-1 again: the summary itself says to check
    // with the provider before paying anyone in conflict again.
    let (code, out) = submit(&gw.url, &ledger, &s, "nov", &[]);
    stop.store(true, Ordering::SeqCst);
    let _ = serving.join();
    assert_eq!(
        gw.payouts_for(&t),
        1,
        "sent again despite the conflict:\n{out}"
    );
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("conflict"), "{out}");
}
