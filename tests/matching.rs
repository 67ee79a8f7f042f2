//! `payrun match` end to end: submit against the real sandbox with statement
//! faults, reconcile, fetch the sandbox's statement over HTTP, match it, and
//! compare what the match report says with what the sandbox planted. Real
//! files, a real SQLite ledger, 127.0.0.1:0, bounded waits.

mod batches;
mod files;
mod full_path;
mod safety;
mod withdraw;

use crate::settle::Env;
use payrun::testing::sandbox::Faults;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// (reference, name, wallet, taka): 24 payees, two of whom the sandbox
/// fails by rule (wallets ending 0000).
fn people() -> Vec<(String, String, String, u32)> {
    (1..=24u32)
        .map(|i| {
            let wallet = if i == 5 || i == 17 {
                format!("0171{:03}0000", i)
            } else {
                format!("0171{:07}", 1_000_000 + i * 7_919)
            };
            (
                format!("E-{i:03}"),
                format!("Person {i}"),
                wallet,
                1_000 + i * 37,
            )
        })
        .collect()
}

/// A sandbox with these statement faults, settling fast.
fn env_with(faults: Faults) -> Env {
    Env::new(false, |c| {
        c.settle_after = Duration::from_millis(150);
        c.faults = faults;
    })
}

/// Submits `people()` (or `rows`) under `label` and reconciles until final.
fn pay(env: &Env, label: &str, rows: &[(String, String, String, u32)]) {
    let rows: Vec<(&str, &str, &str, u32)> = rows
        .iter()
        .map(|(a, b, c, d)| (a.as_str(), b.as_str(), c.as_str(), *d))
        .collect();
    env.submit_with(label, &rows, &["--rate", "unlimited"]);
    let (code, out, err) = env.run(&[
        "reconcile",
        "--batch",
        label,
        "--wait",
        "30s",
        "--poll-min",
        "100ms",
        "--poll-max",
        "500ms",
    ]);
    assert!(code == 0 || code == 1, "reconcile ({code}):\n{out}\n{err}");
    let open = env.count(&format!(
        "SELECT COUNT(*) FROM payouts p JOIN batches b ON b.id = p.batch_id
          WHERE b.label = '{label}' AND state NOT IN ('paid', 'failed', 'superseded')"
    ));
    assert_eq!(
        open, 0,
        "every payout is final before the statement is fetched"
    );
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(5)))
        .build()
        .into()
}

/// `GET /_sandbox/<path>`: (status, content type, body).
fn get(env: &Env, path: &str) -> (u16, String, String) {
    let mut r = agent()
        .get(&format!("{}{path}", env.sandbox.url()))
        .call()
        .expect("the sandbox answers");
    let ct = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let body = r.body_mut().read_to_string().unwrap_or_default();
    (r.status().as_u16(), ct, body)
}

/// The whole statement (a wide period), written to `name` in the temp dir.
fn fetch_statement(env: &Env, name: &str) -> PathBuf {
    let (status, ct, body) = get(env, "/_sandbox/statement?from=2000-01-01&to=2999-12-31");
    assert_eq!(status, 200, "{body}");
    assert!(ct.starts_with("text/csv"), "{ct}");
    let p = env.dir.path().join(name);
    std::fs::write(&p, body).expect("write statement");
    p
}

/// The sandbox's own record of what it planted.
fn planted(env: &Env) -> (BTreeMap<String, String>, Vec<String>) {
    let (_, _, body) = get(env, "/_sandbox/ledger");
    let v: Value = serde_json::from_str(&body).expect("ledger JSON");
    let plants = v["statement_plants"]
        .as_object()
        .expect("statement_plants")
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string()))
        .collect();
    let extras = v["statement_extras"]
        .as_array()
        .expect("statement_extras")
        .iter()
        .map(|v| v.as_str().unwrap_or("").to_string())
        .collect();
    (plants, extras)
}

/// `payrun match STATEMENT ARGS --out OUT.json`: (exit code, report, stdout + stderr).
fn run_match(env: &Env, statement: &Path, args: &[&str], out: &str) -> (i32, Value, String) {
    let out_path = env.dir.path().join(out);
    let s = statement.to_string_lossy().into_owned();
    let o = out_path.to_string_lossy().into_owned();
    let mut all = vec!["match", s.as_str()];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--out", o.as_str()]);
    let (code, stdout, stderr) = env.run(&all);
    let text = format!("{stdout}\n{stderr}");
    let report = std::fs::read(&out_path)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or(Value::Null);
    (code, report, text)
}

/// (tradeNo, class) of every row of a match report.
fn classes(report: &Value) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for r in report["rows"].as_array().expect("rows") {
        let t = r["trade_no"]
            .as_str()
            .expect("every row here has a tradeNo");
        let prev = out.insert(t.to_string(), r["class"].as_str().unwrap_or("").to_string());
        assert!(prev.is_none(), "{t} has two rows");
    }
    out
}

/// The tradeNo of the first payout the sandbox failed.
fn first_failed(env: &Env) -> String {
    env.db()
        .query_row(
            "SELECT trade_no FROM payouts WHERE state = 'failed' ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

/// Every trade number of a batch.
fn trade_nos(env: &Env, label: &str) -> Vec<String> {
    let db = env.db();
    let mut st = db
        .prepare(
            "SELECT trade_no FROM payouts p JOIN batches b ON b.id = p.batch_id
              WHERE b.label = ?1 ORDER BY p.id",
        )
        .expect("prepare");
    st.query_map([label], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
}

/// The whole ledger as text, to prove a second match changes nothing.
fn dump(env: &Env) -> String {
    let db = env.db();
    let mut out = String::new();
    for table in [
        "batches",
        "runs",
        "payouts",
        "events",
        "statements",
        "statement_lines",
        "statement_matches",
        "payout_statement",
        "statement_events",
    ] {
        let mut st = db
            .prepare(&format!("SELECT * FROM {table} ORDER BY 1"))
            .expect("prepare");
        let n = st.column_count();
        let rows = st
            .query_map([], |r| {
                (0..n)
                    .map(|i| {
                        r.get::<_, rusqlite::types::Value>(i)
                            .map(|v| format!("{v:?}"))
                    })
                    .collect::<Result<Vec<_>, _>>()
            })
            .expect("query");
        for row in rows {
            out.push_str(&format!("{table}: {}\n", row.expect("row").join("|")));
        }
    }
    out
}
