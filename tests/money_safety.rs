//! An adversarial review of money safety: each test is a way payrun could
//! pay someone twice, lose a payout, or believe weak evidence, driven through
//! the real binary against the real sandbox or a tiny real HTTP gateway on
//! 127.0.0.1:0 (`gw.rs`), with a real SQLite ledger. Every wait is bounded.

pub(crate) mod gw;

use gw::{Reply, TinyGateway, ok, refuse, rich};
use payrun::testing::plan::{BatchLabel, trade_no};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

mod balance_blip;
mod conflict_checked;
mod conflicts;
mod evidence;
mod resends;

const SECRET: &str = "sandbox-secret-0001";
const NOWHERE: &str = "http://127.0.0.1:9/callback";

/// The tradeNo payrun derives for reference `reference` under `label`.
fn trade_of(label: &str, reference: &str) -> String {
    trade_no(
        &BatchLabel::parse(label).expect("label"),
        &format!("ref:{reference}"),
        0,
    )
}

/// Writes a bKash sheet of (reference, wallet, taka) rows.
fn sheet(dir: &Path, name: &str, rows: &[(&str, &str, u32)]) -> PathBuf {
    let mut s = String::from("Employee ID,Name,Wallet,Provider,Amount\n");
    for (i, (r, w, t)) in rows.iter().enumerate() {
        s.push_str(&format!("{r},Person {i},{w},bKash,{t}\n"));
    }
    let p = dir.join(name);
    std::fs::write(&p, s).expect("write sheet");
    p
}

/// `payrun ARGS --ledger L` against `url` with the test credentials;
/// returns (exit code, stdout + stderr).
fn payrun(url: &str, ledger: &Path, notify: &str, args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_payrun"))
        .args(args)
        .arg("--ledger")
        .arg(ledger)
        .env("PAYRUN_APP_SECRET", SECRET)
        .env("PAYRUN_GATEWAY_URL", url)
        .env("PAYRUN_MERCHANT_NO", "0000000001")
        .env("PAYRUN_NOTIFY_URL", notify)
        .env("HOME", crate::test_home())
        .env_remove("XDG_DATA_HOME")
        .env_remove("PAYRUN_LEDGER")
        .env_remove("PAYRUN_CONFIG")
        .env_remove("PAYRUN_PROFILE")
        .stdin(Stdio::null())
        .output()
        .expect("payrun runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!("--- payrun {args:?} exit {:?}\n{text}", out.status.code());
    (out.status.code().unwrap_or(-1), text)
}

/// `payrun submit SHEET --batch LABEL` with a fast pace and short timeouts.
fn submit(url: &str, ledger: &Path, sheet: &Path, label: &str, extra: &[&str]) -> (i32, String) {
    let s = sheet.to_string_lossy().into_owned();
    let mut args = vec![
        "submit",
        s.as_str(),
        "--batch",
        label,
        "--rate",
        "unlimited",
        "--request-timeout",
        "2s",
        "--grace",
        "1s",
    ];
    args.extend_from_slice(extra);
    payrun(url, ledger, NOWHERE, &args)
}

/// (state, conflict) of the payout with this tradeNo, read-only.
fn state_of(ledger: &Path, trade: &str) -> (String, i64) {
    let c =
        rusqlite::Connection::open_with_flags(ledger, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("open ledger");
    c.query_row(
        "SELECT state, conflict FROM payouts WHERE trade_no = ?1",
        [trade],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .expect("payout exists")
}

/// Which endpoint a request path names.
fn endpoint(path: &str) -> &'static str {
    if path.ends_with("/payout") {
        "payout"
    } else if path.ends_with("/queryPayOutResult") {
        "query"
    } else if path.ends_with("/queryBalance") {
        "balance"
    } else {
        "other"
    }
}

/// A query's `data` for an order.
fn order(trade: &str, amount: &str, status: &str) -> Value {
    json!({"tradeNo": trade, "platFormTradeNo": format!("P-{trade}"), "amount": amount,
           "status": status, "message": "ok", "successTime": "2026-11-30 10:00:00"})
}
