//! Systemic stops, the lock, and pacing.

use super::*;

#[test]
fn a_wrong_secret_or_a_low_balance_stops_before_paying() {
    let dir = tempfile::tempdir().unwrap();
    let sbx = sandbox_with(|_| {});
    let rows = rows(30);
    let sheet = write_sheet(dir.path(), "s.csv", &rows);
    let ledger = dir.path().join("ledger.sqlite");

    let mut c = submit_cmd(&sbx.url(), &ledger, &sheet, "sys", &["--concurrency", "4"]);
    c.env("PAYRUN_APP_SECRET", "not-the-secret");
    let out = run(c);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
    assert!(text(&out).contains("1002"), "{}", text(&out));
    assert!(!text(&out).contains("not-the-secret"), "the secret leaked");
    assert!(sbx.orders().is_empty());

    sbx.set_balance(Amount::from_poisha(10_000));
    let out = run(submit_cmd(&sbx.url(), &ledger, &sheet, "sys", &[]));
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
    let total: i64 = rows.iter().map(|r| r.taka).sum();
    let t = text(&out);
    assert!(t.contains("Tk 100.00 available"), "{t}");
    assert!(
        t.contains(&Amount::from_poisha(total * 100).to_string()),
        "{t}"
    );
    assert!(sbx.orders().is_empty(), "nothing sent");
    let (_, _, open) = ledger_totals(&ledger, "sys");
    assert_eq!(open, 30, "every row waits, planned, for the next run");
}

/// A gateway whose balance answer is fine but which refuses every payout
/// with a bad-signature code: the breaker must stop the workers at once.
#[test]
fn a_systemic_refusal_mid_run_stops_after_at_most_concurrency_requests() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
    let url = format!("http://{}", server.server_addr().to_ip().unwrap());
    let payouts = Arc::new(AtomicUsize::new(0));
    for _ in 0..4 {
        let (server, payouts) = (server.clone(), payouts.clone());
        std::thread::spawn(move || {
            while let Ok(req) = server.recv() {
                let body = if req.url().ends_with("queryBalance") {
                    r#"{"code":"0000","msg":"success","data":{"availableAmount":"99999999"}}"#
                } else {
                    payouts.fetch_add(1, Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(50));
                    r#"{"code":"1002","msg":"sign error"}"#
                };
                let _ = req.respond(tiny_http::Response::from_string(body));
            }
        });
    }
    let dir = tempfile::tempdir().unwrap();
    let sheet = write_sheet(dir.path(), "s.csv", &rows(200));
    let ledger = dir.path().join("ledger.sqlite");
    let out = run(submit_cmd(
        &url,
        &ledger,
        &sheet,
        "brk",
        &["--concurrency", "4"],
    ));
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
    let n = payouts.load(Ordering::SeqCst);
    assert!((1..=4).contains(&n), "{n} payout requests");
    let (_, _, open) = ledger_totals(&ledger, "brk");
    assert_eq!(open, 200, "all still planned");
}

#[test]
fn a_second_concurrent_run_exits_4_naming_the_holder() {
    let dir = tempfile::tempdir().unwrap();
    let sbx = sandbox_with(|c| {
        c.faults = Faults {
            latency_ms: 100,
            ..Faults::default()
        };
    });
    let sheet = write_sheet(dir.path(), "s.csv", &rows(100));
    let ledger = dir.path().join("ledger.sqlite");
    let mut first = submit_cmd(&sbx.url(), &ledger, &sheet, "lock", &["--rate", "10/s"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let lock = dir.path().join("ledger.sqlite.lock");
    let t = Instant::now();
    while std::fs::read_to_string(&lock).map_or(true, |s| s.is_empty()) {
        assert!(
            t.elapsed() < Duration::from_secs(20),
            "the first run never locked"
        );
        if let Some(status) = first.try_wait().unwrap() {
            panic!("the first run ended early with {status}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let t = Instant::now();
    let out = run(submit_cmd(&sbx.url(), &ledger, &sheet, "lock", &[]));
    let _ = first.kill();
    let _ = first.wait();
    assert_eq!(out.status.code(), Some(4), "{}", text(&out));
    assert!(t.elapsed() < Duration::from_secs(5), "it must not wait");
    assert!(
        text(&out).contains(&format!("pid {}", first.id())),
        "{}",
        text(&out)
    );
}

/// The pace is measured at the gateway, from the first payout request to
/// the last, not over the whole process: on a loaded CI machine the start
/// (reading the sheet, the ledger, the balance check) and the report took
/// seconds, and 500 rows at 50/s measured 31.4/s. And 32 workers, not the
/// default 8, so that the limiter is what holds the pace: on that machine
/// each payout's synced ledger writes and request took about 250 ms, and 8
/// workers could not send more than about 31/s whatever the limiter allowed.
#[test]
fn pacing_holds_the_configured_rate() {
    let dir = tempfile::tempdir().unwrap();
    let sbx = sandbox_with(|_| {});
    let sheet = write_sheet(dir.path(), "s.csv", &rows(500));
    let ledger = dir.path().join("ledger.sqlite");
    let mut child = submit_cmd(
        &sbx.url(),
        &ledger,
        &sheet,
        "pace",
        &["--rate", "50/s", "--burst", "1", "--concurrency", "32"],
    )
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();
    until_sending(&sbx, &mut child, 0);
    let first = Instant::now();
    // Bounded: 500 requests at 50/s take 10 s; a hang fails at 120 s.
    while sbx.payout_requests() < 500
        && matches!(child.try_wait(), Ok(None))
        && first.elapsed() < Duration::from_secs(120)
    {
        std::thread::sleep(Duration::from_millis(5));
    }
    let secs = first.elapsed().as_secs_f64();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(sbx.orders().len(), 500);
    assert_eq!(sbx.payout_requests(), 500, "{}", text(&out));
    let rate = 499.0 / secs;
    eprintln!("achieved {rate:.1}/s for a configured 50/s");
    assert!((37.5..=62.5).contains(&rate), "{rate:.1}/s");
}
