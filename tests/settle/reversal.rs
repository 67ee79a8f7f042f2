//! A payout that changes at the gateway after payrun recorded it final: a
//! reversal, refund or chargeback told by a signed callback, or seen only by
//! asking the query endpoint again (`reconcile --recheck-final`). The ledger
//! keeps the final state (final is final) and flags the payout `conflict`
//! for a person, with the gateway's words; nothing is sent, ever.

use super::env::{Env, ListenerProc, SECRET, callback_body, post};

/// Paid at once (E-1) and failed at once (E-2, a wallet ending 0000).
const TWO: [(&str, &str, &str, u32); 2] = [
    ("E-1", "Rahim", "01712345678", 500),
    ("E-2", "Karim", "01712340000", 700),
];

fn detail(env: &Env, trade: &str) -> String {
    env.db()
        .query_row(
            "SELECT COALESCE(conflict_detail, '') FROM payouts WHERE trade_no = ?1",
            [trade],
            |r| r.get(0),
        )
        .expect("payout exists")
}

fn reversal(trade: &str, taka: &str, status: &str, message: &str) -> Vec<(String, String)> {
    [
        ("tradeNo", trade),
        ("amount", taka),
        ("status", status),
        ("message", message),
        ("timestamp", "1764900000000"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

fn body(fields: &[(String, String)], secret: Option<&str>, bad: Option<&str>) -> String {
    let f: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    callback_body(&f, secret, bad)
}

#[test]
fn a_signed_callback_a_final_payout_cannot_have_is_a_conflict_once_and_a_forged_one_nothing() {
    let mut env = Env::new(false, |c| c.instant = true);
    let listener = ListenerProc::start(&env);
    env.notify = format!("{}/callback", listener.url);
    env.submit("dec", &TWO);
    let (paid, failed) = (env.trade_no_of("E-1"), env.trade_no_of("E-2"));
    assert_eq!(env.state_of(&paid), ("paid".to_string(), 0));
    assert_eq!(env.state_of(&failed), ("failed".to_string(), 0));
    let cb = format!("{}/callback", listener.url);

    let refund = reversal(&paid, "500", "REFUND", "refunded to the payer");
    let forged = body(&refund, None, Some("0123456789abcdef0123456789abcdef"));
    assert_eq!(post(&cb, &forged).0, 401, "a forged reversal is refused");
    assert_eq!(
        env.state_of(&paid),
        ("paid".to_string(), 0),
        "and changes nothing"
    );

    let signed = body(&refund, Some(SECRET), None);
    for _ in 0..3 {
        let (status, answer) = post(&cb, &signed);
        assert_eq!(
            status, 200,
            "flagged for a person, no retry needed: {answer}"
        );
    }
    assert_eq!(
        env.state_of(&paid),
        ("paid".to_string(), 1),
        "a signed REFUND of a paid payout keeps it paid and flags it; listener log:\n{}",
        env.listen_log()
    );
    let why = detail(&env, &paid);
    assert!(
        why.contains("REFUND") && why.contains("refunded to the payer"),
        "{why}"
    );
    assert_eq!(why.matches("REFUND").count(), 1, "repeats flag once: {why}");

    // Another word the gateway may use is another reason, kept beside it.
    let chargeback = body(
        &reversal(&paid, "500", "CHARGEBACK", "disputed"),
        Some(SECRET),
        None,
    );
    assert_eq!(post(&cb, &chargeback).0, 200);
    assert!(detail(&env, &paid).contains("CHARGEBACK"));

    // A failed payout told something payrun cannot read: flagged too.
    let reversed = body(
        &reversal(&failed, "700", "REVERSED", "reversed"),
        Some(SECRET),
        None,
    );
    assert_eq!(post(&cb, &reversed).0, 200);
    assert_eq!(env.state_of(&failed), ("failed".to_string(), 1));

    let (code, out, err) = env.run(&["status", "--batch", "dec"]);
    assert_eq!(code, 1, "status needs a person:\n{out}\n{err}");
    assert!(out.contains("REFUND") && out.contains("CONFLICT"), "{out}");
    assert_eq!(env.sandbox.orders().len(), 2, "nothing was sent again");
}

#[test]
fn reconcile_recheck_final_flags_payouts_the_gateway_now_answers_otherwise() {
    let env = Env::new(false, |c| c.instant = true);
    let mut rows = TWO.to_vec();
    rows.push(("E-3", "Fatema", "01512000004", 300));
    env.submit("dec", &rows);
    let (paid, failed, kept) = (
        env.trade_no_of("E-1"),
        env.trade_no_of("E-2"),
        env.trade_no_of("E-3"),
    );
    // The provider reverses E-1 and pays E-2 after all, telling no one.
    assert!(
        env.sandbox
            .force_status(&paid, "REVERSED", "reversed by bank", false)
    );
    assert!(
        env.sandbox
            .force_status(&failed, "0000", "paid after all", false)
    );
    let sent = env.sandbox.payout_requests();

    // Plain reconcile asks only about open payouts: it cannot see this.
    let (code, out, _) = env.run(&["reconcile", "--batch", "dec"]);
    assert_eq!(env.state_of(&paid), ("paid".to_string(), 0), "{out}");
    assert_eq!(code, 1, "E-2 is failed:\n{out}");

    let (code, out, err) = env.run(&["reconcile", "--batch", "dec", "--recheck-final", "30d"]);
    assert_eq!(code, 1, "flagged payouts need a person:\n{out}\n{err}");
    assert_eq!(env.state_of(&paid), ("paid".to_string(), 1), "{out}\n{err}");
    assert!(
        detail(&env, &paid).contains("REVERSED"),
        "{}",
        detail(&env, &paid)
    );
    assert_eq!(env.state_of(&failed), ("failed".to_string(), 1));
    assert_eq!(env.state_of(&kept), ("paid".to_string(), 0), "still paid");
    assert!(out.contains("Rechecked 3 final payouts"), "{out}");
    assert!(out.contains("2 now disagree"), "{out}");
    assert_eq!(env.sandbox.payout_requests(), sent, "never resends");

    // Asking again flags nothing new and adds no words; the final event
    // counts what the recheck did, for monitoring.
    let before = detail(&env, &paid);
    let args = [
        "--log-format",
        "json",
        "reconcile",
        "--batch",
        "dec",
        "--recheck-final",
    ];
    let (code, out, err) = env.run(&args);
    assert_eq!(code, 1);
    assert_eq!(detail(&env, &paid), before);
    assert!(out.contains("0 now disagree"), "{out}");
    let last = err.lines().last().unwrap_or_default();
    let finished: serde_json::Value = serde_json::from_str(last).unwrap_or_default();
    assert_eq!(finished["rechecked"], 3, "{err}");
    assert_eq!(finished["recheck_disagree"], 0, "{err}");
    assert_eq!(finished["conflict"], 2, "{err}");

    let (code, out, _) = env.run(&["status", "--batch", "dec"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("REVERSED"), "{out}");
}

#[test]
fn recheck_final_is_bounded_by_its_window_and_its_count() {
    let env = Env::new(false, |c| c.instant = true);
    env.submit("dec", &TWO);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let (code, out, err) = env.run(&["reconcile", "--batch", "dec", "--recheck-final", "1s"]);
    assert_eq!(code, 1, "E-2 failed:\n{out}\n{err}");
    assert!(out.contains("Rechecked 0 final payouts"), "{out}");
    let (_, out, err) = env.run(&[
        "reconcile",
        "--batch",
        "dec",
        "--recheck-final",
        "--recheck-max",
        "1",
    ]);
    assert!(out.contains("Rechecked 1 final payout"), "{out}\n{err}");
    assert!(out.contains("1 left for the next run"), "{out}");
}

/// The sandbox's own signed callback for a reversal it was told to make.
#[test]
fn the_sandbox_reversing_a_paid_order_by_callback_flags_it() {
    let mut env = Env::new(true, |c| c.instant = true);
    let listener = ListenerProc::start(&env);
    env.notify = format!("{}/callback", listener.url);
    env.submit("dec", &TWO[..1]);
    let t = env.trade_no_of("E-1");
    let end = std::time::Instant::now() + std::time::Duration::from_secs(10);
    // The sandbox's own "paid" callback first, so the reversal comes after it.
    while env.sandbox.orders().iter().any(|o| !o.callback_acked) && std::time::Instant::now() < end
    {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(
        env.sandbox
            .force_status(&t, "REFUND", "refunded by provider", true)
    );
    while env.state_of(&t).1 == 0 && std::time::Instant::now() < end {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(
        env.state_of(&t),
        ("paid".to_string(), 1),
        "listener log:\n{}",
        env.listen_log()
    );
    assert!(detail(&env, &t).contains("refunded by provider"));
}

/// A signed status payrun cannot read about a payout replaced by
/// `--retry-failed` (superseded): news about money payrun knows of. A 422
/// made the gateway retry 8 times over 10 hours and then drop it; now it is
/// kept, flagged for a person, and answered `OK` once stored.
#[test]
fn a_signed_status_payrun_cannot_read_for_a_replaced_payout_is_kept_and_flagged() {
    let env = Env::new(false, |c| c.instant = true);
    env.submit("dec", &TWO[1..]);
    let first = env.trade_no_of("E-2");
    assert_eq!(env.state_of(&first).0, "failed");
    let (_, out) = env.submit_with("dec", &TWO[1..], &["--retry-failed"]);
    assert_eq!(env.state_of(&first).0, "superseded", "{out}");
    let listener = ListenerProc::start(&env);
    let cb = format!("{}/callback", listener.url);

    let reversed = body(
        &reversal(&first, "700", "REVERSED", "reversed by bank"),
        Some(SECRET),
        None,
    );
    let (status, answer) = post(&cb, &reversed);
    assert_eq!(status, 200, "kept and flagged, no retry needed: {answer}");
    assert_eq!(answer, "OK");
    assert_eq!(
        env.state_of(&first),
        ("superseded".to_string(), 1),
        "listener log:\n{}",
        env.listen_log()
    );
    assert!(detail(&env, &first).contains("reversed by bank"));
    let kept = env.count(&format!(
        "SELECT COUNT(*) FROM events WHERE source = 'callback' AND verified = 1 \
         AND trade_no = '{first}' AND payout_id IS NOT NULL"
    ));
    assert_eq!(kept, 1, "the callback is kept as the payout's event");

    let (code, out, _) = env.run(&["status", "--batch", "dec"]);
    assert_eq!(code, 1, "a person must look:\n{out}");
    assert!(out.contains("REVERSED"), "{out}");
}
