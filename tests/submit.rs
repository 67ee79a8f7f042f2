//! `payrun submit` end to end: the real binary, a real SQLite ledger, and the
//! real sandbox gateway on 127.0.0.1. The truth about what was paid comes from
//! the sandbox's own books (`SandboxHandle::orders()`), never from payrun.

use payrun::ledger::{Ledger, State};
use payrun::money::Amount;
use payrun::sandbox::{Faults, OrderView, Sandbox, SandboxConfig, SandboxHandle};
use rand::Rng;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const NOWHERE: &str = "http://127.0.0.1:9/payrun-test-callback";

/// One sheet row.
#[derive(Clone, Debug)]
struct Row {
    reference: String,
    provider: &'static str,
    wallet: String,
    taka: i64,
}

/// `n` rows with distinct wallets that end in `42`, so no sandbox rule
/// (failure, instant, stuck suffixes) applies to them.
fn rows(n: usize) -> Vec<Row> {
    let providers = ["bkash", "nagad", "rocket"];
    (0..n)
        .map(|i| {
            let provider = providers[i % 3];
            let mobile = format!("017{i:06}42");
            let wallet = if provider == "rocket" {
                format!("{mobile}7")
            } else {
                mobile
            };
            Row {
                reference: format!("EMP-{i:05}"),
                provider,
                wallet,
                taka: 100 + (i as i64 * 37) % 900,
            }
        })
        .collect()
}

fn write_sheet(dir: &Path, name: &str, rows: &[Row]) -> PathBuf {
    let mut s = String::from("reference,name,provider,wallet,amount\n");
    for (i, r) in rows.iter().enumerate() {
        s.push_str(&format!(
            "{},Person {i},{},{},{}\n",
            r.reference, r.provider, r.wallet, r.taka
        ));
    }
    let path = dir.join(name);
    std::fs::write(&path, s).unwrap();
    path
}

fn sandbox_with(f: impl FnOnce(&mut SandboxConfig)) -> SandboxHandle {
    let mut cfg = SandboxConfig {
        settle_after: Duration::from_millis(200),
        callback_delays: Vec::new(),
        callback_timeout: Duration::from_millis(200),
        threads: 16,
        ..SandboxConfig::default()
    };
    f(&mut cfg);
    Sandbox::start(cfg).expect("sandbox starts")
}

/// `payrun submit SHEET --batch LABEL` against `url`, with the sandbox's
/// credentials in the environment and a fast, unthrottled default pace.
fn submit_cmd(url: &str, ledger: &Path, sheet: &Path, batch: &str, extra: &[&str]) -> Command {
    let mut c = Command::new(assert_cmd::cargo::cargo_bin("payrun"));
    c.arg("submit")
        .arg(sheet)
        .args([
            "--batch",
            batch,
            "--gateway",
            url,
            "--merchant",
            "0000000001",
        ])
        .args(["--notify-url", NOWHERE, "--ledger"])
        .arg(ledger)
        .args([
            "--rate",
            "unlimited",
            "--request-timeout",
            "2s",
            "--grace",
            "2s",
        ])
        .args(extra)
        .env("PAYRUN_APP_SECRET", "sandbox-secret-0001")
        .env_remove("PAYRUN_GATEWAY_URL")
        .env_remove("PAYRUN_MERCHANT_NO")
        .env_remove("PAYRUN_LEDGER")
        .env_remove("PAYRUN_NOTIFY_URL");
    c
}

fn run(mut c: Command) -> Output {
    let out = c.output().expect("payrun runs");
    eprintln!(
        "--- payrun exit {:?}\n{}\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Every row has exactly one order at the gateway, for its wallet and amount,
/// and there are no other orders.
fn assert_paid_exactly_once(orders: &[OrderView], rows: &[Row]) {
    let mut by_wallet: HashMap<&str, Vec<&OrderView>> = HashMap::new();
    for o in orders {
        by_wallet.entry(o.wallet_id.as_str()).or_default().push(o);
    }
    for r in rows {
        let got = by_wallet.get(r.wallet.as_str()).map_or(0, Vec::len);
        assert_eq!(
            got, 1,
            "row {} ({}) has {got} orders",
            r.reference, r.wallet
        );
        let o = by_wallet[r.wallet.as_str()][0];
        assert_eq!(
            o.amount,
            Amount::from_poisha(r.taka * 100),
            "{}",
            r.reference
        );
    }
    assert_eq!(orders.len(), rows.len(), "orders for rows not in the sheet");
    let trades: std::collections::HashSet<_> = orders.iter().map(|o| &o.trade_no).collect();
    assert_eq!(trades.len(), orders.len());
}

/// (payouts, poisha) in the ledger for the batch, superseded revisions excluded,
/// and how many are not paid or processing.
fn ledger_totals(ledger: &Path, label: &str) -> (u64, i64, u64) {
    let l = Ledger::open(ledger).unwrap();
    let b = l.batch(label).unwrap().expect("batch recorded");
    let t = l.totals(b.id).unwrap();
    let mut count = 0;
    let mut sum = 0;
    let mut open = 0;
    for s in &t.by_state {
        if s.state == State::Superseded {
            continue;
        }
        count += s.count;
        sum += s.amount.poisha();
        if !matches!(s.state, State::Paid | State::Processing) {
            open += s.count;
        }
    }
    (count, sum, open)
}

/// The ledger's audit trail shows no blind resend: after any send whose
/// outcome was uncertain, the next send of that payout (same tradeNo) came
/// only after a query answered "not found" at least `grace` after the send.
fn assert_no_blind_resend(ledger: &Path, grace: Duration) {
    use payrun::ledger::time::from_text;
    let l = Ledger::open(ledger).unwrap();
    let mut stmt = l
        .connection()
        .prepare("SELECT payout_id, kind, COALESCE(outcome, 'in-flight'), started_at FROM attempts ORDER BY payout_id, id")
        .unwrap();
    let rows: Vec<(i64, String, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut uncertain: Option<(i64, std::time::SystemTime)> = None;
    let mut trail: Vec<String> = Vec::new();
    let mut cleared = false;
    let mut resends = 0;
    let mut last_payout = -1;
    for (payout, kind, outcome, started) in rows {
        if payout != last_payout {
            (uncertain, cleared, last_payout) = (None, false, payout);
            trail.clear();
        }
        trail.push(format!("{kind} {outcome} {started}"));
        let at = from_text(&started).unwrap();
        if kind == "query" {
            if let Some((_, sent)) = uncertain
                && outcome == "rejected:not_found"
                && at.duration_since(sent).unwrap_or_default() >= grace
            {
                cleared = true;
            }
            continue;
        }
        if uncertain.is_some() {
            assert!(
                cleared,
                "payout {payout} was resent without a \"not found\" after the grace period: {trail:#?}"
            );
            resends += 1;
        }
        let safe = outcome.starts_with("accepted")
            || outcome == "not-sent"
            || outcome == "rejected:throttled"
            || outcome == "rejected:systemic"
            || outcome == "rejected:invalid_row";
        uncertain = (!safe).then_some((payout, at));
        cleared = false;
    }
    eprintln!("{resends} resends, each after \"not found\" past the grace period");
}

fn sandbox_sum(orders: &[OrderView]) -> i64 {
    orders.iter().map(|o| o.amount.poisha()).sum()
}

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

    // The same sheet again: no request at all.
    let again = run(submit_cmd(&sbx.url(), &ledger, &sheet, "nov", &[]));
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
    let mut runs = 0;
    loop {
        runs += 1;
        let out = run(submit_cmd(&sbx.url(), &ledger, &sheet, "nov", &args));
        if out.status.code() == Some(0) {
            break;
        }
        assert_eq!(out.status.code(), Some(1), "{}", text(&out));
        assert!(runs < 4, "still unfinished after {runs} runs");
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
        let mut child = submit_cmd(&sbx.url(), &ledger, &sheet, "big", &args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(rng.random_range(250..900)));
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
        assert!(started.elapsed() < Duration::from_secs(50), "too slow");
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
fn a_corrected_upload_pays_only_new_and_corrected_rows() {
    let dir = tempfile::tempdir().unwrap();
    // Final answers at once, so that the failure is known after the first run.
    let sbx = sandbox_with(|c| c.instant = true);
    let ledger = dir.path().join("ledger.sqlite");
    let mut v1 = rows(20);
    v1[4].wallet = "01712340000".into(); // the sandbox fails wallets ending 0000
    let s1 = write_sheet(dir.path(), "v1.csv", &v1);
    let out = run(submit_cmd(&sbx.url(), &ledger, &s1, "dec", &[]));
    assert_eq!(out.status.code(), Some(1), "one row failed: {}", text(&out));
    assert!(text(&out).contains("00029"), "{}", text(&out));
    assert_eq!(sbx.orders().len(), 20);

    // Fix the failed wallet and add a row.
    let mut v2 = v1.clone();
    v2[4].wallet = "01712349942".into();
    v2.push(Row {
        reference: "EMP-NEW".into(),
        provider: "nagad",
        wallet: "01812349942".into(),
        taka: 777,
    });
    let s2 = write_sheet(dir.path(), "v2.csv", &v2);
    let out = run(submit_cmd(&sbx.url(), &ledger, &s2, "dec", &[]));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("2 payout requests"), "{}", text(&out));
    let orders = sbx.orders();
    assert_eq!(
        orders.len(),
        22,
        "20 first, then only the corrected and the new row"
    );
    let mut wallets: Vec<_> = orders[20..].iter().map(|o| o.wallet_id.as_str()).collect();
    wallets.sort_unstable();
    assert_eq!(wallets, ["01712349942", "01812349942"]);
    let (n, _, open) = ledger_totals(&ledger, "dec");
    assert_eq!((n, open), (21, 0), "the failed revision is superseded");

    // A paid row whose reference changed is refused, with what was paid before.
    let mut v3 = v2.clone();
    v3[2].reference = "EMP-00002-B".into();
    let s3 = write_sheet(dir.path(), "v3.csv", &v3);
    let out = run(submit_cmd(&sbx.url(), &ledger, &s3, "dec", &[]));
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let t = text(&out);
    for needle in [
        "refused",
        "EMP-00002",
        v3[2].wallet.as_str(),
        "paid",
        "tradeNo",
        "--allow-repeat",
    ] {
        assert!(t.contains(needle), "explanation lacks {needle:?}: {t}");
    }
    assert!(t.contains("Nothing was sent"));

    // A paid row whose amount changed is refused too.
    let mut v4 = v2.clone();
    v4[3].taka += 1;
    let s4 = write_sheet(dir.path(), "v4.csv", &v4);
    let out = run(submit_cmd(&sbx.url(), &ledger, &s4, "dec", &[]));
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("new batch label"), "{}", text(&out));
    assert_eq!(sbx.orders().len(), 22, "nothing was sent by refused runs");
}

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
    let child = submit_cmd(&sbx.url(), &ledger, &sheet, "term", &["--rate", "40/s"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
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

#[test]
fn pacing_holds_the_configured_rate() {
    let dir = tempfile::tempdir().unwrap();
    let sbx = sandbox_with(|_| {});
    let sheet = write_sheet(dir.path(), "s.csv", &rows(500));
    let ledger = dir.path().join("ledger.sqlite");
    let t = Instant::now();
    let out = run(submit_cmd(
        &sbx.url(),
        &ledger,
        &sheet,
        "pace",
        &["--rate", "50/s", "--burst", "1"],
    ));
    let secs = t.elapsed().as_secs_f64();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(sbx.orders().len(), 500);
    let rate = 500.0 / secs;
    eprintln!("achieved {rate:.1}/s for a configured 50/s");
    assert!((37.5..=62.5).contains(&rate), "{rate:.1}/s");
}

#[test]
fn dry_run_sends_nothing_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let sbx = sandbox_with(|_| {});
    let sheet = write_sheet(dir.path(), "s.csv", &rows(10));
    let ledger = dir.path().join("ledger.sqlite");
    let out = run(submit_cmd(
        &sbx.url(),
        &ledger,
        &sheet,
        "dry",
        &["--dry-run"],
    ));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let t = text(&out);
    assert!(t.contains("would send 10 payouts"), "{t}");
    assert!(t.contains("Balance"), "{t}");
    assert_eq!(t.matches("\tsend").count(), 10, "{t}");
    assert!(sbx.orders().is_empty());
    assert!(!ledger.exists(), "a dry run creates no ledger");
}

#[test]
fn invalid_rows_stop_the_run_unless_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let sbx = sandbox_with(|_| {});
    let mut rs = rows(5);
    rs[2].wallet = "0171234".into();
    let sheet = write_sheet(dir.path(), "s.csv", &rs);
    let ledger = dir.path().join("ledger.sqlite");
    let out = run(submit_cmd(&sbx.url(), &ledger, &sheet, "inv", &[]));
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("0171234"), "{}", text(&out));
    assert!(sbx.orders().is_empty());

    let out = run(submit_cmd(
        &sbx.url(),
        &ledger,
        &sheet,
        "inv",
        &["--skip-invalid"],
    ));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(sbx.orders().len(), 4);
    let l = Ledger::open(&ledger).unwrap();
    let (row, raw): (i64, String) = l
        .connection()
        .query_row("SELECT row_no, wallet_raw FROM invalid_rows", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!((row, raw.as_str()), (4, "0171234"));
}

#[test]
fn the_sandbox_quick_start_runs_in_seconds_and_shows_the_ledger() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = write_sheet(dir.path(), "s.csv", &rows(40));
    let t = Instant::now();
    let out = run({
        let mut c = Command::new(assert_cmd::cargo::cargo_bin("payrun"));
        c.current_dir(dir.path())
            .arg("submit")
            .arg(&sheet)
            .args(["--batch", "demo", "--sandbox"])
            .env_remove("PAYRUN_LEDGER")
            .env_remove("PAYRUN_APP_SECRET");
        c
    });
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(t.elapsed() < Duration::from_secs(10));
    assert!(text(&out).contains("payrun-sandbox"), "{}", text(&out));
    assert!(dir.path().join("payrun-sandbox/ledger.sqlite").exists());
}

#[test]
fn help_has_examples_and_no_secret_flag() {
    let out = Command::new(assert_cmd::cargo::cargo_bin("payrun"))
        .args(["submit", "--help"])
        .env("PAYRUN_APP_SECRET", "do-not-print-me")
        .output()
        .unwrap();
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "Examples:",
        "--batch",
        "--sandbox",
        "--dry-run",
        "--skip-invalid",
        "--ledger",
        "--rate",
        "--grace",
        "PAYRUN_APP_SECRET",
    ] {
        assert!(help.contains(needle), "--help lacks {needle}");
    }
    assert!(!help.contains("do-not-print-me"));
    assert!(!help.contains("--secret"));
}
