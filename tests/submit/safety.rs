//! Exactly once under faults, kills and interrupts.

use super::*;
use rand::Rng;

#[test]
fn clean_run_pays_each_row_once_and_a_rerun_sends_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let sbx = sandbox_with(|_| {});
    let rows = rows(500);
    let sheet = write_sheet(dir.path(), "nov.csv", &rows);
    let ledger = dir.path().join("ledger.sqlite");
    let out = run(submit_cmd(
        &sbx.url(),
        &ledger,
        &sheet,
        "nov",
        &["--concurrency", "8"],
    ));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let orders = sbx.orders();
    assert_paid_exactly_once(&orders, &rows);
    let submissions: u32 = orders.iter().map(|o| o.submissions).sum();
    let (n, sum, open) = ledger_totals(&ledger, "nov");
    assert_eq!((n, sum, open), (500, sandbox_sum(&orders), 0));
    assert!(
        text(&out).contains(&ledger.display().to_string()),
        "names the ledger"
    );

    // The same sheet again: no request at all, as the gateway counts them.
    let calls = sbx.api_requests();
    assert!(calls >= 500, "the first run's calls are counted: {calls}");
    let again = run(submit_cmd(&sbx.url(), &ledger, &sheet, "nov", &[]));
    assert_eq!(sbx.api_requests(), calls, "the re-run called the gateway");
    assert_eq!(again.status.code(), Some(0), "{}", text(&again));
    assert!(text(&again).contains("Nothing to send"), "{}", text(&again));
    assert!(text(&again).contains("0 payout requests"));
    let after = sbx.orders();
    assert_eq!(after.len(), 500);
    let again_submissions: u32 = after.iter().map(|o| o.submissions).sum();
    assert_eq!(again_submissions, submissions, "nothing was resubmitted");
}

#[test]
fn dropped_answers_and_server_errors_still_pay_each_row_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    let sbx = sandbox_with(|c| {
        c.faults = Faults {
            seed: 7,
            drop_rate: 0.2,
            error_rate: 0.1,
            ..Faults::default()
        };
    });
    let rows = rows(500);
    let sheet = write_sheet(dir.path(), "nov.csv", &rows);
    let ledger = dir.path().join("ledger.sqlite");
    let args = [
        "--concurrency",
        "32",
        "--grace",
        "1s",
        "--request-timeout",
        "400ms",
        "--max-attempts",
        "8",
    ];
    // Runs until one ends with every row final. How many it takes depends
    // on the machine as much as on the faults: on a loaded one, answers
    // slower than the 400 ms timeout are unknown too, and were still being
    // resolved after the 3 runs this once allowed. So the bound is on time,
    // a hang, not on the count.
    let started = Instant::now();
    let mut runs = 0;
    loop {
        runs += 1;
        let out = run(submit_cmd(&sbx.url(), &ledger, &sheet, "nov", &args));
        if out.status.code() == Some(0) {
            break;
        }
        assert_eq!(out.status.code(), Some(1), "{}", text(&out));
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "still unfinished after {runs} runs in {:?}",
            started.elapsed()
        );
    }
    let orders = sbx.orders();
    assert_paid_exactly_once(&orders, &rows);
    assert_no_blind_resend(&ledger, Duration::from_secs(1));
    let (n, sum, open) = ledger_totals(&ledger, "nov");
    assert_eq!((n, sum, open), (500, sandbox_sum(&orders), 0));
    // The faults really happened: the ledger recorded unknown outcomes and queries.
    let l = Ledger::open(&ledger).unwrap();
    let (unknown, queries): (i64, i64) = l
        .connection()
        .query_row(
            "SELECT SUM(outcome LIKE 'unknown%'), SUM(kind = 'query') FROM attempts",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(unknown >= 50, "only {unknown} unknown outcomes");
    assert!(
        queries >= unknown,
        "{queries} queries for {unknown} unknowns"
    );
}

#[test]
fn sigkill_at_random_points_never_pays_twice() {
    let dir = tempfile::tempdir().unwrap();
    let sbx = sandbox_with(|c| {
        c.faults = Faults {
            latency_ms: 15,
            latency_max_ms: 40,
            ..Faults::default()
        };
    });
    let rows = rows(2000);
    let sheet = write_sheet(dir.path(), "big.csv", &rows);
    let ledger = dir.path().join("ledger.sqlite");
    let args = ["--concurrency", "16", "--grace", "300ms"];
    let started = Instant::now();
    let mut rng = rand::rng();
    let mut kills = 0;
    let mut finished = false;
    while kills < 12 && !finished {
        let before = sbx.payout_requests();
        let mut child = submit_cmd(&sbx.url(), &ledger, &sheet, "big", &args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // The kill lands at a random moment after this run's first send,
        // however long a loaded machine took to get there.
        until_sending(&sbx, &mut child, before);
        std::thread::sleep(Duration::from_millis(rng.random_range(0..650)));
        match child.try_wait().unwrap() {
            Some(status) => {
                // It finished before the kill: fine, but count only real kills.
                finished = status.code() == Some(0);
            }
            None => {
                child.kill().unwrap(); // SIGKILL
                let _ = child.wait();
                kills += 1;
            }
        }
        // A bound on a hang, not a speed test: loaded machines took 50 s.
        assert!(started.elapsed() < Duration::from_secs(180), "too slow");
    }
    let orders_at_kills = sbx.orders().len();
    assert!(kills >= 10 || finished, "only {kills} kills");
    let mut final_runs = 0;
    loop {
        final_runs += 1;
        let out = run(submit_cmd(&sbx.url(), &ledger, &sheet, "big", &args));
        if out.status.code() == Some(0) {
            break;
        }
        assert!(final_runs < 5, "not done after {final_runs} clean runs");
    }
    eprintln!(
        "{kills} kills, {orders_at_kills} orders at the last kill, {final_runs} final runs, {:?}",
        started.elapsed()
    );
    assert!(orders_at_kills > 0, "the kills happened while sending");
    let orders = sbx.orders();
    assert_paid_exactly_once(&orders, &rows);
    assert_no_blind_resend(&ledger, Duration::from_millis(300));
    let (n, sum, open) = ledger_totals(&ledger, "big");
    assert_eq!((n, sum, open), (2000, sandbox_sum(&orders), 0));
}

#[test]
fn sigterm_stops_sending_records_what_was_in_flight_and_summarises() {
    let dir = tempfile::tempdir().unwrap();
    let sbx = sandbox_with(|c| {
        c.faults = Faults {
            latency_ms: 150,
            ..Faults::default()
        };
    });
    let rows = rows(300);
    let sheet = write_sheet(dir.path(), "s.csv", &rows);
    let ledger = dir.path().join("ledger.sqlite");
    let mut child = submit_cmd(&sbx.url(), &ledger, &sheet, "term", &["--rate", "40/s"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Stopped while sending, however long a loaded machine took to start:
    // about 1 s after the first send, with most of the 7.5 s batch to go.
    until_sending(&sbx, &mut child, 0);
    std::thread::sleep(Duration::from_millis(1000));
    // Reaped, its pid may be another process's by now: never signal it.
    if let Some(status) = child.try_wait().unwrap() {
        panic!("submit ended before the SIGTERM: {status}");
    }
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let t = Instant::now();
    let out = child.wait_with_output().unwrap();
    eprintln!("{}", text(&out));
    assert!(
        t.elapsed() < Duration::from_secs(5),
        "it must stop promptly"
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("interrupted"), "{}", text(&out));
    // What was in flight was recorded: nothing is left `sending`, every order
    // at the gateway belongs to a payout the ledger knows went out, and no
    // planned payout has an order.
    let orders = sbx.orders();
    assert!(!orders.is_empty() && orders.len() < 300, "{}", orders.len());
    let l = Ledger::open(&ledger).unwrap();
    let states: HashMap<String, String> = l
        .connection()
        .prepare("SELECT trade_no, state FROM payouts")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(states.len(), 300);
    assert!(!states.values().any(|s| s == "sending"), "{states:?}");
    for o in &orders {
        let s = states.get(&o.trade_no).map(String::as_str);
        assert!(
            matches!(s, Some("paid" | "processing" | "unknown")),
            "{} is {s:?}",
            o.trade_no
        );
    }
    let planned = states.values().filter(|s| *s == "planned").count();
    assert!(planned > 0 && planned + orders.len() <= 300);
}

/// Issue 15: with 5% of requests answered 503 (before processing), a payout
/// whose outcome is uncertain waits for its grace period off the worker.
/// One worker, so that a worker sitting out the grace period would send
/// nothing else meanwhile: judged by the ledger's own order of attempts
/// (attempt ids), never by a wall-clock threshold. The summary says how many
/// payouts were uncertain, and each row is still paid exactly once.
#[test]
fn one_worker_goes_on_sending_while_an_uncertain_payout_waits_for_its_grace() {
    let dir = tempfile::tempdir().unwrap();
    let sbx = sandbox_with(|c| {
        c.faults = Faults {
            seed: 3,
            error_rate: 0.05,
            ..Faults::default()
        };
    });
    let rows = rows(120);
    let sheet = write_sheet(dir.path(), "nov.csv", &rows);
    let ledger = dir.path().join("ledger.sqlite");
    let args = ["--concurrency", "1", "--rate", "40/s", "--grace", "3s"];
    let first = run(submit_cmd(&sbx.url(), &ledger, &sheet, "nov", &args));
    let first_text = text(&first);
    // A payout still unknown at the end is resolved by the next run.
    let mut code = first.status.code();
    for _ in 0..2 {
        if code == Some(0) {
            break;
        }
        code = run(submit_cmd(&sbx.url(), &ledger, &sheet, "nov", &args))
            .status
            .code();
    }
    assert_eq!(code, Some(0), "{first_text}");
    let orders = sbx.orders();
    assert_paid_exactly_once(&orders, &rows);
    assert_no_blind_resend(&ledger, Duration::from_secs(3));
    let l = Ledger::open(&ledger).unwrap();
    // (payout, attempt id, 503?) for every payout request of the first run.
    let sends: Vec<(i64, i64, bool)> = l
        .connection()
        .prepare(
            "SELECT payout_id, id, COALESCE(http_status, 0) = 503 FROM attempts
              WHERE kind = 'payout' AND run_id = (SELECT MIN(run_id) FROM attempts) ORDER BY id",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let (uncertain, at, _) = *sends
        .iter()
        .find(|s| s.2)
        .expect("the 503 fault answered at least one payout request");
    let resent = sends
        .iter()
        .find(|s| s.0 == uncertain && s.1 > at)
        .map_or(i64::MAX, |s| s.1);
    let mut first_sends: HashMap<i64, i64> = HashMap::new();
    for (payout, id, _) in &sends {
        first_sends.entry(*payout).or_insert(*id);
    }
    let sent_while_waiting = first_sends
        .values()
        .filter(|id| **id > at && **id < resent)
        .count();
    assert!(
        sent_while_waiting >= 10,
        "only {sent_while_waiting} other payouts were sent while payout {uncertain} waited out its grace"
    );
    assert!(
        first_text.contains("Uncertain: ") && first_text.contains("waiting up to 3 s of grace"),
        "{first_text}"
    );
}
