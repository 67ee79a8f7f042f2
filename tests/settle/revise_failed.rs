//! `submit --retry-failed`: a failed row is sent again only when asked, only
//! once the failure is confirmed by the gateway, under a new tradeNo, and the
//! person ends up paid exactly once (the sandbox's own books say so).

use super::env::{Env, ListenerProc, SECRET, callback_body, post, statuses};
use std::time::Duration;

const ROWS: [(&str, &str, &str, u32); 3] = [
    ("E-1", "Rahim", "01712000001", 1200),
    ("E-2", "Karim", "01812000002", 1500),
    ("E-3", "Fatema", "01912000003", 700),
];

/// Orders at the sandbox for `wallet`, as (tradeNo, status).
fn orders_for(env: &Env, wallet: &str) -> Vec<(String, String)> {
    env.sandbox
        .orders()
        .into_iter()
        .filter(|o| o.wallet_id == wallet)
        .map(|o| (o.trade_no, o.status))
        .collect()
}

fn reconcile(env: &Env, label: &str) -> (i32, String) {
    let (code, out, err) = env.run(&["reconcile", "--batch", label, "--wait", "15s"]);
    (code, format!("{out}\n{err}"))
}

#[test]
fn a_confirmed_failure_is_retried_only_with_the_flag_under_a_new_trade_no() {
    // Orders stay processing until the test says what became of them.
    let env = Env::new(false, |c| c.settle_after = Duration::from_secs(600));
    env.submit("dec", &ROWS);
    let t2 = env.trade_no_of("E-2");
    assert!(env.sandbox.force_status(&t2, "00029", "rejected", false));
    for r in ["E-1", "E-3"] {
        assert!(
            env.sandbox
                .force_status(&env.trade_no_of(r), "0000", "success", false)
        );
    }
    let (code, out) = reconcile(&env, "dec");
    assert_eq!(code, 1, "a failed payout: {out}");
    assert_eq!(env.state_of(&t2).0, "failed");

    // A plain re-run leaves the failed row alone, and says how to retry.
    let (code, out) = env.submit_with("dec", &ROWS, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("--retry-failed"), "{out}");
    assert_eq!(env.sandbox.orders().len(), 3, "nothing sent");

    // The dry run shows the retry and sends nothing.
    let (code, out) = env.submit_with("dec", &ROWS, &["--retry-failed", "--dry-run"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(&format!("retries failed {t2}")), "{out}");
    assert_eq!(env.sandbox.orders().len(), 3, "a dry run sends nothing");

    // The retry: one new order, for E-2 only, under a new tradeNo.
    let (_, out) = env.submit_with("dec", &ROWS, &["--retry-failed"]);
    let orders = orders_for(&env, "01812000002");
    assert_eq!(orders.len(), 2, "{out}\n{orders:?}");
    let t2b = env.trade_no_of("E-2");
    assert_ne!(t2b, t2, "a retry never reuses the refused tradeNo");
    assert_eq!(
        env.sandbox.orders().len(),
        4,
        "only the failed row was sent"
    );
    assert_eq!(env.state_of(&t2).0, "superseded");
    assert!(env.sandbox.force_status(&t2b, "0000", "success", false));
    let (code, out) = reconcile(&env, "dec");
    assert_eq!(code, 0, "{out}");

    // Paid exactly once: one paid order per person at the gateway.
    for (_, _, wallet, _) in ROWS {
        let paid = orders_for(&env, wallet)
            .into_iter()
            .filter(|(_, s)| s == "0000")
            .count();
        assert_eq!(paid, 1, "{wallet}");
    }
    let (code, report) = env.json_report("dec");
    assert_eq!(code, 0);
    assert_eq!(statuses(&report), vec!["paid"; 3]);
    assert_eq!(report["summary"]["control"]["balanced"], true);

    // Nothing failed any more: the flag sends nothing.
    let (code, out) = env.submit_with("dec", &ROWS, &["--retry-failed"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(env.sandbox.orders().len(), 4);
}

#[test]
fn a_failure_known_only_from_a_callback_waits_for_reconcile() {
    let mut env = Env::new(false, |c| c.settle_after = Duration::from_secs(600));
    let listener = ListenerProc::start(&env);
    env.notify = format!("{}/callback", listener.url);
    let rows = &ROWS[..1];
    env.submit("jan", rows);
    let t = env.trade_no_of("E-1");
    // The gateway's signed callback says failed; no query has confirmed it.
    let body = callback_body(
        &[
            ("tradeNo", t.as_str()),
            ("status", "00029"),
            ("amount", "1200.00"),
            ("message", "rejected"),
            ("timestamp", "1700000000000"),
        ],
        Some(SECRET),
        None,
    );
    assert_eq!(post(&format!("{}/callback", listener.url), &body).0, 200);
    assert_eq!(env.state_of(&t).0, "failed");

    let (_, out, err) = env.run(&[
        "submit",
        &env.dir.path().join("jan.csv").to_string_lossy(),
        "--batch",
        "jan",
        "--retry-failed",
    ]);
    assert!(
        err.contains("reconcile") || out.contains("reconcile"),
        "{out}\n{err}"
    );
    assert_eq!(
        env.sandbox.orders().len(),
        1,
        "not retried on a callback alone"
    );

    // The query confirms the failure; then the retry goes out.
    assert!(env.sandbox.force_status(&t, "00029", "rejected", false));
    reconcile(&env, "jan");
    assert_eq!(env.state_of(&t).0, "failed");
    env.submit_with("jan", rows, &["--retry-failed"]);
    assert_eq!(env.sandbox.orders().len(), 2, "retried once confirmed");
    assert_ne!(env.trade_no_of("E-1"), t);
}
