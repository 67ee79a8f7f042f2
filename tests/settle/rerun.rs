//! What a re-run and a reconcile tell the operator to do next (issue 15):
//! `submit --wait` on a re-run that sends nothing still settles what is
//! processing, and `reconcile` says how to send payouts it moved back to
//! not sent, as `submit` does.

use super::env::{Env, PEOPLE};
use std::process::Stdio;
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

/// A submit whose payouts are unknown to it and were never created: the
/// sandbox's order book is full (outer code 5000, uncertain), and the run is
/// stopped by SIGTERM while it waits out the grace period.
fn unknown_never_created(env: &Env) {
    let sheet = env.dir.path().join("nov.csv");
    let mut text = String::from("Employee ID,Name,Wallet,Provider,Amount\n");
    for (id, name, wallet, taka) in &PEOPLE[..2] {
        text.push_str(&format!("{id},{name},{wallet},bKash,{taka}\n"));
    }
    std::fs::write(&sheet, text).unwrap();
    let mut child = env
        .payrun(&[
            "submit",
            &sheet.to_string_lossy(),
            "--batch",
            "nov",
            "--grace",
            "60s",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while !env.ledger.exists()
        || env.count("SELECT COUNT(*) FROM payouts WHERE state = 'unknown'") < 2
    {
        assert!(
            Instant::now() < deadline,
            "the payouts never became unknown"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    // SAFETY: kill(2) on our own child's pid.
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(1));
}

#[test]
fn reconcile_says_how_to_send_payouts_it_moved_back_to_not_sent() {
    let env = Env::new(false, |c| c.max_orders = 0);
    unknown_never_created(&env);
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
