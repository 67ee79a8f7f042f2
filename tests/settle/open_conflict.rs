//! A payout in conflict that the gateway has not settled yet is still open:
//! a person's check of the conflict ends the conflict's hold on exit 1, never
//! the hold of a payout still processing (probe8 finding 6: `reconcile` said
//! "1 still open" and exited 0, and `--quiet` printed nothing).

use super::env::{Env, ListenerProc, SECRET, callback_body, post};
use std::time::Duration;

#[test]
fn a_checked_conflict_on_a_payout_still_processing_keeps_reconcile_at_exit_1() {
    let mut env = Env::new(false, |c| c.settle_after = Duration::from_secs(3600));
    let listener = ListenerProc::start(&env);
    env.notify = format!("{}/callback", listener.url);
    env.submit("dec", &[("E-1", "Rahim", "01712345678", 500)]);
    let t = env.trade_no_of("E-1");
    assert_eq!(env.state_of(&t), ("processing".to_string(), 0));

    // A signed callback naming another amount: a conflict, state kept.
    let wrong = callback_body(
        &[
            ("tradeNo", t.as_str()),
            ("amount", "5000"),
            ("status", "0015"),
            ("message", "processing"),
            ("timestamp", "1764900000000"),
        ],
        Some(SECRET),
        None,
    );
    let cb = format!("{}/callback", listener.url);
    let (status, answer) = post(&cb, &wrong);
    assert_eq!(status, 200, "{answer}");
    assert_eq!(
        env.state_of(&t),
        ("processing".to_string(), 1),
        "listener log:\n{}",
        env.listen_log()
    );

    let (code, out, err) = env.run(&[
        "conflict",
        "resolve",
        &t,
        "--by",
        "Karim",
        "--outcome",
        "noted",
        "--note",
        "the portal shows Tk 500, still processing",
    ]);
    assert_eq!(code, 0, "{out}{err}");

    let (code, out, err) = env.run(&["reconcile", "--batch", "dec"]);
    assert_eq!(
        code, 1,
        "checked conflict, but the payout is still processing: not done\n{out}{err}"
    );
    assert!(
        out.contains("Open payouts") && out.contains(&t),
        "listed as open:\n{out}"
    );
    let (code, out, _) = env.run(&["status", "--batch", "dec"]);
    assert!(out.contains("Open payouts"), "status lists it too:\n{out}");
    let _ = code;
}
