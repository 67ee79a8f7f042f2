//! (a) A payout in `conflict` may have moved money, whatever its kept state
//! says: a corrected sheet must not replace it with a new tradeNo, and a new
//! row must not pay its wallet again.

use crate::settle::{Env, ListenerProc};
use std::time::{Duration, Instant};

/// A batch whose one payout failed at once (wallet ending 0000, `--instant`)
/// and then got a signed "paid" callback: kept failed, flagged conflict.
/// Returns the env (with its listener) and the payout's tradeNo.
pub(super) fn failed_then_paid() -> (Env, ListenerProc, String) {
    let mut env = Env::new(true, |c| c.instant = true);
    let listener = ListenerProc::start(&env);
    env.notify = format!("{}/callback", listener.url);
    env.submit("dec", &[("E-1", "Rahim", "01712340000", 500)]);
    let t = env.trade_no_of("E-1");
    assert_eq!(env.state_of(&t), ("failed".to_string(), 0));
    assert!(env.sandbox.force_status(&t, "0000", "paid after all", true));
    let end = Instant::now() + Duration::from_secs(10);
    while env.state_of(&t).1 == 0 && Instant::now() < end {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(
        env.state_of(&t),
        ("failed".to_string(), 1),
        "the paid callback is a conflict; listener log:\n{}",
        env.listen_log()
    );
    (env, listener, t)
}

fn submit_sheet(env: &Env, name: &str, rows: &str) -> (i32, String) {
    let sheet = env.dir.path().join(name);
    std::fs::write(
        &sheet,
        format!("Employee ID,Name,Wallet,Provider,Amount\n{rows}"),
    )
    .expect("write sheet");
    let s = sheet.to_string_lossy().into_owned();
    let (code, out, err) = env.run(&["submit", &s, "--batch", "dec"]);
    (code, format!("{out}{err}"))
}

#[test]
fn a_corrected_row_never_replaces_a_payout_in_conflict() {
    let (env, _listener, _t) = failed_then_paid();
    // The operator "fixes" the failed row: another wallet for E-1.
    let (code, out) = submit_sheet(&env, "v2.csv", "E-1,Rahim,01712345678,bKash,500\n");
    assert_eq!(
        env.sandbox.orders().len(),
        1,
        "E-1 was (per the gateway's callback) paid already; a second order pays them twice:\n{out}"
    );
    assert_eq!(code, 2, "refused, nothing sent:\n{out}");
    assert!(out.contains("conflict"), "says why:\n{out}");
}

#[test]
fn a_new_row_for_the_wallet_of_a_payout_in_conflict_is_refused() {
    let (env, _listener, _t) = failed_then_paid();
    // The same wallet again under a new reference, no repeat flag.
    let (code, out) = submit_sheet(&env, "v3.csv", "E-1b,Rahim,01712340000,bKash,500\n");
    assert_eq!(env.sandbox.orders().len(), 1, "{out}");
    assert_eq!(code, 2, "{out}");
}

/// (b)/(d) A replaced revision that the gateway later reports paid moved
/// money after all: the report must show it, and report, status and
/// reconcile must not exit 0 while it is unresolved.
#[test]
fn a_superseded_revision_reported_paid_stays_in_the_report_as_a_conflict() {
    let mut env = Env::new(true, |c| c.instant = true);
    let listener = ListenerProc::start(&env);
    env.notify = format!("{}/callback", listener.url);
    env.submit("dec", &[("E-1", "Rahim", "01712340000", 500)]);
    let old = env.trade_no_of("E-1");
    assert_eq!(env.state_of(&old), ("failed".to_string(), 0));
    // The corrected wallet is paid under a new revision; the old one is superseded.
    env.submit("dec", &[("E-1", "Rahim", "01712345678", 500)]);
    assert_eq!(env.state_of(&old), ("superseded".to_string(), 0));
    // Then the gateway says the old order was paid after all.
    assert!(
        env.sandbox
            .force_status(&old, "0000", "paid after all", true)
    );
    let end = Instant::now() + Duration::from_secs(10);
    while env.state_of(&old).1 == 0 && Instant::now() < end {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(env.state_of(&old), ("superseded".to_string(), 1));

    let (code, v) = env.json_report("dec");
    let rows = v["rows"].as_array().expect("rows");
    let shown = rows.iter().find(|r| r["trade_no"] == old.as_str());
    assert!(
        shown.is_some_and(|r| r["status"] == "conflict"),
        "Rahim was paid twice; the report must show the replaced revision's payment: {rows:#?}"
    );
    assert_eq!(code, 1, "report exits 1 on a conflict");
    assert_eq!(v["summary"]["control"]["balanced"], true, "{v:#}");
    let (code, out, _) = env.run(&["status", "--batch", "dec"]);
    assert_eq!(code, 1, "{out}");
    let (code, out, _) = env.run(&["reconcile", "--batch", "dec"]);
    assert_eq!(code, 1, "{out}");
}

/// An older revision paid late (conflict) blocks further corrections of the
/// row too, not only when it is the latest revision.
#[test]
fn an_older_revision_in_conflict_blocks_a_further_correction() {
    let mut env = Env::new(true, |c| c.instant = true);
    let listener = ListenerProc::start(&env);
    env.notify = format!("{}/callback", listener.url);
    // Revision 0 fails (…0000), the correction (revision 1) fails too (…0019).
    env.submit("dec", &[("E-1", "Rahim", "01712340000", 500)]);
    let rev0 = env.trade_no_of("E-1");
    env.submit("dec", &[("E-1", "Rahim", "01712340019", 500)]);
    assert_eq!(env.state_of(&rev0).0, "superseded");
    // Revision 0 was paid after all.
    assert!(
        env.sandbox
            .force_status(&rev0, "0000", "paid after all", true)
    );
    let end = Instant::now() + Duration::from_secs(10);
    while env.state_of(&rev0).1 == 0 && Instant::now() < end {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(env.state_of(&rev0), ("superseded".to_string(), 1));
    // A second correction must not pay Rahim once more.
    let (code, out) = submit_sheet(&env, "v3.csv", "E-1,Rahim,01712345678,bKash,500\n");
    assert_eq!(env.sandbox.orders().len(), 2, "{out}");
    assert_eq!(code, 2, "{out}");
}

/// (a) Rule 5 across files: a payout recorded but never sent is not sent
/// once another row of the batch has paid its wallet since.
#[test]
fn a_planned_payout_is_not_sent_to_a_wallet_another_row_paid_since() {
    use payrun::testing::money::Amount;
    let env = Env::new(false, |c| c.instant = true);
    // v1: E-2 pays W, but the balance is short: recorded, never sent.
    env.sandbox.set_balance(Amount::from_poisha(100));
    let (code, out) = submit_sheet(&env, "v1.csv", "E-2,Rahim,01712345678,bKash,500\n");
    assert_eq!(code, 3, "{out}");
    // v2: HR re-keys Rahim as E-3; W is paid.
    env.sandbox.set_balance(Amount::from_poisha(100_000_000));
    let (code, out) = submit_sheet(&env, "v2.csv", "E-3,Rahim,01712345678,bKash,500\n");
    assert_eq!((code, env.sandbox.orders().len()), (0, 1), "{out}");
    // The old sheet is submitted again (it was still in the inbox).
    let (code, out) = submit_sheet(&env, "v1.csv", "E-2,Rahim,01712345678,bKash,500\n");
    assert_eq!(
        env.sandbox.orders().len(),
        1,
        "wallet 01712345678 paid twice under one batch label:\n{out}"
    );
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("--allow-repeat"), "{out}");
}
