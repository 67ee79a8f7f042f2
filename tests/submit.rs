//! `payrun submit` end to end: the real binary, a real SQLite ledger, and the
//! real sandbox gateway on 127.0.0.1. The truth about what was paid comes from
//! the sandbox's own books (`SandboxHandle::orders()`), never from payrun.

use payrun::testing::ledger::{Ledger, State};
use payrun::testing::money::Amount;
use payrun::testing::sandbox::{Faults, OrderView, Sandbox, SandboxConfig, SandboxHandle};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

mod cli;
mod history;
mod instructions;
mod safety;
mod stops;
mod wording;

const NOWHERE: &str = "http://127.0.0.1:9/payrun-test-callback";

/// One sheet row.
#[derive(Clone, Debug)]
pub(crate) struct Row {
    pub(crate) reference: String,
    pub(crate) provider: &'static str,
    pub(crate) wallet: String,
    pub(crate) taka: i64,
}

/// `n` rows with distinct wallets that end in `42`, so no sandbox rule
/// (failure, instant, stuck suffixes) applies to them.
pub(crate) fn rows(n: usize) -> Vec<Row> {
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

pub(crate) fn write_sheet(dir: &Path, name: &str, rows: &[Row]) -> PathBuf {
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
    c.env("HOME", crate::test_home())
        .env_remove("XDG_DATA_HOME")
        .arg("submit")
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

/// Returns once `child` has sent a payout request the gateway had not
/// counted before (`requests_before`, from [`SandboxHandle::payout_requests`])
/// or has exited, waiting at most 60 s. A kill meant to land while payouts
/// are being sent waits for this, not for a fixed time: on a loaded CI
/// machine a run took longer than every fixed pause to reach its first
/// send, so every kill landed before it.
pub(crate) fn until_sending(sbx: &SandboxHandle, child: &mut Child, requests_before: u64) {
    let started = Instant::now();
    while sbx.payout_requests() == requests_before
        && matches!(child.try_wait(), Ok(None))
        && started.elapsed() < Duration::from_secs(60)
    {
        std::thread::sleep(Duration::from_millis(10));
    }
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
pub(crate) fn assert_paid_exactly_once(orders: &[OrderView], rows: &[Row]) {
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
    use payrun::testing::time::from_text;
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

pub(crate) fn sandbox_sum(orders: &[OrderView]) -> i64 {
    orders.iter().map(|o| o.amount.poisha()).sum()
}
