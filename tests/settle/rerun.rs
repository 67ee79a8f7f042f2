//! What a re-run and a reconcile tell the operator to do next (issue 15):
//! `submit --wait` on a re-run that sends nothing still settles what is
//! processing, and `reconcile` says how to send payouts it moved back to
//! not sent, as `submit` does.

use super::env::{Env, PEOPLE};
use crate::money_safety::gw::{Reply, TinyGateway, refuse, rich};
use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

#[test]
fn submit_wait_on_a_rerun_that_sends_nothing_still_settles_processing_payouts() {
    let env = Env::new(false, |c| c.settle_after = Duration::from_millis(1500));
    assert_eq!(env.submit("nov", &PEOPLE), 0);
    let processing = "SELECT COUNT(*) FROM payouts WHERE state = 'processing'";
    assert_eq!(env.count(processing), 4, "every payout starts processing");
    let requests = env.sandbox.api_requests();
    let (code, out) = env.submit_with("nov", &PEOPLE, &["--wait", "8s"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(env.count(processing), 0, "--wait settled them:\n{out}");
    assert_eq!(
        env.count("SELECT COUNT(*) FROM payouts WHERE state = 'paid'"),
        4,
        "{out}"
    );
    assert!(out.contains("Settling: 4 payouts"), "{out}");
    assert_eq!(
        env.sandbox.orders().len(),
        4,
        "nothing was sent again ({} requests before)",
        requests
    );
}

/// A submit of `rows` whose sends are unknown to it and were never created:
/// the sandbox's order book is full (outer code 5000, uncertain). Returned
/// running, once `unknown` payouts wait out the 60 s grace period.
fn running_with_unknown(env: &Env, rows: usize, unknown: i64, extra: &[&str]) -> Child {
    let child = spawn_submit(env, rows, extra);
    // The ledger may exist before its tables do: a failed read counts 0.
    let unknowns = || -> i64 {
        let ro = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY;
        rusqlite::Connection::open_with_flags(&env.ledger, ro)
            .and_then(|db| {
                db.query_row(
                    "SELECT COUNT(*) FROM payouts WHERE state = 'unknown'",
                    [],
                    |r| r.get(0),
                )
            })
            .unwrap_or(0)
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    while !env.ledger.exists() || unknowns() < unknown {
        assert!(
            Instant::now() < deadline,
            "the payouts never became unknown"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    child
}

/// `payrun submit` of the first `rows` people under batch `nov`, grace 60 s,
/// its stdout piped.
fn spawn_submit(env: &Env, rows: usize, extra: &[&str]) -> Child {
    submit_command(env, rows, extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// The `payrun submit` command of [`spawn_submit`].
fn submit_command(env: &Env, rows: usize, extra: &[&str]) -> Command {
    let sheet = env.dir.path().join("nov.csv");
    let mut text = String::from("Employee ID,Name,Wallet,Provider,Amount\n");
    for (id, name, wallet, taka) in &PEOPLE[..rows] {
        text.push_str(&format!("{id},{name},{wallet},bKash,{taka}\n"));
    }
    std::fs::write(&sheet, text).unwrap();
    let sheet = sheet.to_string_lossy().into_owned();
    let mut args = vec!["submit", &sheet, "--batch", "nov", "--grace", "60s"];
    args.extend_from_slice(extra);
    env.payrun(&args)
}

/// [`running_with_unknown`], stopped by SIGTERM; returns its stdout.
fn interrupted_while_unknown(env: &Env, rows: usize, unknown: i64, extra: &[&str]) -> String {
    interrupted(running_with_unknown(env, rows, unknown, extra))
}

/// Stops `child` with SIGTERM; returns its stdout.
fn interrupted(child: Child) -> String {
    // SAFETY: kill(2) on our own child's pid.
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `status` tells a run that is still going (it holds the ledger lock) from
/// one killed before its summary, which used to read `run ... to -` forever.
#[test]
fn status_tells_a_running_run_from_one_killed_before_its_summary() {
    let env = Env::new(false, |c| c.max_orders = 0);
    let mut child = running_with_unknown(&env, 2, 2, &[]);
    let (_, running, _) = env.run(&["status", "--batch", "nov"]);
    let line = |text: &str| {
        text.lines()
            .find(|l| l.trim_start().starts_with("run "))
            .unwrap_or_else(|| panic!("no run line:\n{text}"))
            .to_string()
    };
    let l = line(&running);
    assert!(l.contains("running") && !l.contains("killed"), "{l}");
    child.kill().unwrap(); // SIGKILL: no summary, no end of run
    child.wait().unwrap();
    let (_, killed, _) = env.run(&["status", "--batch", "nov"]);
    let l = line(&killed);
    assert!(l.contains("ended without a summary (killed?)"), "{l}");
    assert!(!l.contains("to -"), "{l}");
}

/// One set of words for people (issue 14, item 8): submit's summary says
/// `not sent` and `unknown` as status, the report and the docs do, never the
/// ledger's keys `planned` and `sending`.
#[test]
fn submit_summary_uses_the_words_of_status_and_the_report() {
    // The first payout request is held at the gateway until payrun has taken
    // the SIGTERM (it says so), then answered "uncertain" (5000, as a full
    // order book): it ends unknown, and the other three are never sent. No
    // timing decides it. (An uncertain payout no longer holds its worker for
    // the grace period, issue 15: stopping once it is unknown would find all
    // four sent.)
    let released = Arc::new(AtomicBool::new(false));
    let gw = held_first_payout(released.clone());
    // The ledger and the folder are the Env's; its sandbox is never asked.
    let env = Env::new(false, |_| {});
    let mut child = submit_command(&env, 4, &["--concurrency", "1"])
        .env("PAYRUN_GATEWAY_URL", &gw.url)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = lines_of(child.stderr.take().unwrap());
    let deadline = Instant::now() + Duration::from_secs(60);
    while gw.payout_trade_nos().is_empty() {
        assert!(Instant::now() < deadline, "no payout request was sent");
        std::thread::sleep(Duration::from_millis(5));
    }
    // SAFETY: kill(2) on our own child's pid.
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    let mut err = String::new();
    while !err.contains("no new payouts are sent") {
        let left = deadline.saturating_duration_since(Instant::now());
        match stderr.recv_timeout(left) {
            Ok(line) => err.push_str(&line),
            Err(_) => panic!("payrun never said it was interrupted:\n{err}"),
        }
    }
    released.store(true, Ordering::SeqCst);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{err}");
    let out = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(gw.payout_trade_nos().len(), 1, "one payout request:\n{out}");
    for key in ["planned", "sending", "unsent"] {
        assert!(!out.contains(key), "{key:?} in the summary:\n{out}");
    }
    let table = |word: &str, n: &str| {
        out.lines()
            .any(|l| l.trim_start().starts_with(word) && l.split_whitespace().any(|w| w == n))
    };
    assert!(table("not sent", "3"), "{out}");
    assert!(table("unknown", "1"), "{out}");
    assert!(
        out.contains("bKash   unknown 1 (Tk 1,200.00), not sent 3"),
        "{out}"
    );
    let status = env
        .payrun(&["status", "--batch", "nov"])
        .env("PAYRUN_GATEWAY_URL", &gw.url)
        .output()
        .unwrap();
    let status = String::from_utf8_lossy(&status.stdout);
    assert!(status.contains("not sent"), "{status}");
}

/// A gateway whose payout requests wait until `released` (at most a
/// minute), then are answered "uncertain" (outer code 5000); the balance
/// covers anything, and a query about an order never sent is "not found".
fn held_first_payout(released: Arc<AtomicBool>) -> TinyGateway {
    TinyGateway::start(move |path, _| {
        if path.ends_with("/queryBalance") {
            return rich();
        }
        if !path.ends_with("/payout") {
            return Reply::Status(500);
        }
        let deadline = Instant::now() + Duration::from_secs(60);
        while !released.load(Ordering::SeqCst) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
        refuse("5000", "order book full, the order may or may not exist")
    })
}

/// The lines a child writes to `pipe`, as they come (read on a thread so
/// that the child never blocks on a full pipe).
fn lines_of(pipe: impl Read + Send + 'static) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines().map_while(Result::ok) {
            if tx.send(line + "\n").is_err() {
                return;
            }
        }
    });
    rx
}

#[test]
fn reconcile_says_how_to_send_payouts_it_moved_back_to_not_sent() {
    let env = Env::new(false, |c| c.max_orders = 0);
    interrupted_while_unknown(&env, 2, 2, &[]);
    std::thread::sleep(Duration::from_millis(1200));
    let (code, out, err) = env.run(&["reconcile", "--batch", "nov", "--grace", "1s"]);
    assert_eq!(code, 1, "{out}\n{err}");
    assert!(out.contains("2 back to not sent"), "{out}");
    let next = out
        .lines()
        .find(|l| l.starts_with("Next:") && l.contains("not sent"))
        .unwrap_or_else(|| panic!("no Next: line for the not-sent payouts:\n{out}"));
    assert!(next.contains("2 payouts are not sent"), "{next}");
    assert!(
        next.contains("payrun submit ")
            && next.contains("nov.csv --batch nov")
            && next.contains("--ledger"),
        "{next}"
    );
    assert!(env.sandbox.orders().is_empty());
}
