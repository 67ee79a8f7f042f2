//! Final statuses against the real sandbox with callbacks on: `reconcile
//! --wait`, a `listen` process on its own, forged and repeated callbacks, and a
//! callback/query disagreement. Everything binds 127.0.0.1:0 and every wait is
//! bounded.

mod burst;
mod callbacks;
mod env;
mod interrupted;
mod open_conflict;
mod recheck_all;
mod rerun;
mod reversal;
mod revise_failed;

pub(crate) use env::{Env, ListenerProc};
use env::{PEOPLE, statuses};
use std::time::Duration;

#[test]
fn reconcile_wait_brings_an_all_processing_batch_to_final_and_the_report_balances() {
    let env = Env::new(false, |c| c.settle_after = Duration::from_millis(800));
    let mut rows = PEOPLE.to_vec();
    rows.push(("E-5", "Bad Luck", "01612340000", 500)); // fails by sandbox rule
    env.submit("nov", &rows);
    assert_eq!(
        env.count("SELECT COUNT(*) FROM payouts WHERE state = 'processing'"),
        5,
        "every payout starts processing"
    );
    let report = env.dir.path().join("nov-final.json");
    let report_s = report.to_string_lossy().into_owned();
    let (code, out, err) = env.run(&[
        "reconcile",
        "--batch",
        "nov",
        "--wait",
        "30s",
        "--poll-min",
        "200ms",
        "--poll-max",
        "1s",
        "--report",
        &report_s,
    ]);
    assert_eq!(code, 1, "one payout failed, so exit 1:\n{out}\n{err}");
    assert!(
        out.contains(&report_s),
        "reconcile says where the report is:\n{out}"
    );
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    let mut st = statuses(&v);
    st.sort();
    assert_eq!(st, vec!["failed", "paid", "paid", "paid", "paid"]);
    assert_eq!(v["summary"]["control"]["balanced"], true);
    assert_eq!(v["summary"]["control"]["rows_in_sheet"], 5);
    // The report's paid total equals the gateway's, to the poisha.
    let paid_poisha: i64 = env
        .sandbox
        .orders()
        .iter()
        .filter(|o| o.status == "0000")
        .map(|o| o.amount.poisha())
        .sum();
    let by_status = v["summary"]["by_status"].as_array().unwrap();
    let paid = by_status.iter().find(|t| t["status"] == "paid").unwrap();
    assert_eq!(paid["amount_poisha"].as_i64(), Some(paid_poisha));
    assert!(env.count("SELECT COUNT(*) FROM attempts WHERE kind = 'query'") >= 5);
    assert!(env.count("SELECT COUNT(*) FROM events WHERE source = 'query'") >= 5);
}

#[test]
fn reconcile_without_wait_asks_once_and_leaves_processing_rows_processing() {
    let env = Env::new(false, |c| c.settle_after = Duration::from_secs(3600));
    env.submit("dec", &PEOPLE);
    // A cron job reconciling needs no notifyUrl.
    let o = env
        .payrun(&["reconcile", "--batch", "dec"])
        .env_remove("PAYRUN_NOTIFY_URL")
        .output()
        .expect("reconcile runs");
    let (code, out) = (
        o.status.code(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
    );
    // Not a failure: the exit table's 0 is "paid or processing"; the
    // payouts still open are listed (and a day later the code is 1:
    // ledger::open_payouts).
    assert_eq!(
        code,
        Some(0),
        "processing a moment is exit 0:\n{out}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(out.contains("Open payouts"), "{out}");
    assert_eq!(
        env.count(
            "SELECT COUNT(*) FROM attempts WHERE kind = 'query' AND outcome NOT LIKE 'loss-check:%'"
        ),
        4,
        "exactly one query per payout (besides the ledger-loss check before the first send)"
    );
    assert_eq!(
        env.count("SELECT COUNT(*) FROM payouts WHERE state = 'processing'"),
        4
    );
    assert!(out.contains("BALANCED"), "{out}");
}

#[test]
fn status_lists_batches_and_unknown_batches_are_usage_errors() {
    let env = Env::new(false, |_| {});
    env.submit("apr", &PEOPLE[..2]);
    let (code, out, _) = env.run(&["status"]);
    assert_eq!(code, 0);
    assert!(out.contains("apr"), "{out}");
    let (code, _, err) = env.run(&["status", "--batch", "nope"]);
    assert_eq!(code, 2);
    assert!(err.contains("apr"), "lists the known batches: {err}");
    let (code, _, err) = env.run(&["report", "--batch", "apr", "--out", "x.pdf"]);
    assert_eq!(code, 2);
    assert!(err.contains(".csv, .xlsx or .json"), "{err}");
}

#[test]
fn submit_wait_settles_after_sending_and_writes_the_default_report() {
    let env = Env::new(false, |c| c.settle_after = Duration::from_millis(500));
    let (code, out) = env.submit_with("may", &PEOPLE, &["--wait", "20s"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        env.count("SELECT COUNT(*) FROM payouts WHERE state = 'paid'"),
        4
    );
    let report = env.dir.path().join("reports").join("may.xlsx");
    assert!(report.exists(), "default report beside the ledger:\n{out}");
    assert!(
        out.contains(&report.to_string_lossy().into_owned()),
        "{out}"
    );
}
