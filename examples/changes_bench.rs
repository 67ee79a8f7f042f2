//! Benchmark for "what changed since the last payroll" (docs/benchmarks.md):
//! builds a ledger with BATCHES paid batches of N payouts each, shaped like
//! `bench/sheet.sh N` (references EMP-000000..., wallets 017xxxxxx42), with
//! a wallet changed every 100th row and amounts moved every 7th, then times
//! reading the earlier batches and comparing N sheet payouts with them.
//!
//! cargo run --release --example changes_bench -- LEDGER [N] [BATCHES]
//! (LEDGER must not exist; it is kept for `bench/changes_bench.sh`.)

use payrun::testing::changes;
use payrun::testing::ledger::Ledger;
use payrun::testing::ledger::earlier::{self, Recent};
use payrun::testing::money::Amount;
use payrun::testing::validate::Payout;
use payrun::testing::wallet::Provider;
use std::time::Instant;

fn wallet(i: usize, provider: Provider) -> String {
    let w = format!("017{i:06}42");
    if provider == Provider::Rocket {
        format!("{w}7")
    } else {
        w
    }
}

fn provider(i: usize) -> Provider {
    Provider::ALL[i % 3]
}

/// The sheet `bench/sheet.sh N` writes, as validated payouts.
fn sheet(n: usize) -> Vec<Payout> {
    (0..n)
        .map(|i| Payout {
            row: i + 2,
            reference: Some(format!("EMP-{i:06}")),
            name: Some(format!("Person {i}")),
            wallet: wallet(i, provider(i)),
            provider: provider(i),
            amount: Amount::from_poisha((100 + (i as i64 * 37) % 900) * 100),
            remark: None,
            repeat_ok: false,
        })
        .collect()
}

fn build(path: &std::path::Path, n: usize, batches: usize) -> rusqlite::Result<()> {
    drop(Ledger::open(path).expect("create the ledger"));
    let mut conn = rusqlite::Connection::open(path)?;
    let tx = conn.transaction()?;
    let now = chrono::Utc::now();
    for b in 0..batches {
        let created = (now - chrono::Duration::days(30 * (b as i64 + 1)))
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        tx.execute(
            "INSERT INTO batches (label, created_at, merchant_no, gateway_url) VALUES (?1, ?2, 'm', 'sandbox')",
            rusqlite::params![format!("payroll-{b}"), created],
        )?;
        let id = tx.last_insert_rowid();
        let mut st = tx.prepare(
            "INSERT INTO payouts (batch_id, trade_no, identity, revision, reference, name, wallet, provider,
                way_code, amount_poisha, state, created_at, updated_at)
             VALUES (?1, ?2, ?3, 0, ?3, ?4, ?5, ?6, 'W', ?7, 'paid', ?8, ?8)",
        )?;
        for (i, p) in sheet(n).into_iter().enumerate() {
            // The latest batch differs from the sheet: every 100th wallet
            // and every 7th amount.
            let wallet = if b == 0 && i % 100 == 0 {
                wallet(i + n, p.provider)
            } else {
                p.wallet.clone()
            };
            let amount = if b == 0 && i % 7 == 0 {
                p.amount.poisha() * 2
            } else {
                p.amount.poisha()
            };
            st.execute(rusqlite::params![
                id,
                format!("T{b}-{i}"),
                p.reference,
                p.name,
                wallet,
                p.provider.key(),
                amount,
                created
            ])?;
        }
    }
    tx.commit()
}

/// CPU time of the whole process (every thread) from /proc, in clock
/// ticks of 10 ms, so the figure does not depend on how loaded the machine
/// is. Linux only; zero elsewhere.
fn cpu() -> std::time::Duration {
    let ticks = std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            // Fields after the command name (which may hold spaces).
            let rest = s.rsplit_once(')')?.1;
            let f: Vec<&str> = rest.split_whitespace().collect();
            Some(f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?)
        })
        .unwrap_or(0);
    std::time::Duration::from_millis(ticks * 10)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next().map(std::path::PathBuf::from) else {
        eprintln!("usage: changes_bench LEDGER [N] [BATCHES]");
        std::process::exit(2);
    };
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let batches: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(3);
    if path.exists() {
        eprintln!("{}: exists; give a new path", path.display());
        std::process::exit(2);
    }
    let t = Instant::now();
    build(&path, n, batches).expect("build the ledger");
    eprintln!(
        "built {batches} batches of {n} paid payouts in {:.2?}",
        t.elapsed()
    );
    let payouts = sheet(n);
    for run in 0..5 {
        let t = Instant::now();
        let c0 = cpu();
        let recent = Recent {
            batches: batches as u32,
            days: 0,
            now: chrono::Utc::now(),
            exclude: None,
        };
        let e = earlier::read(&path, &recent)
            .expect("read")
            .expect("ledger");
        let (read, c1) = (t.elapsed(), cpu());
        let c = changes::compare(&payouts, &e, 20);
        let c2 = cpu();
        println!(
            "run {run}: read {} earlier payouts {:.0?} wall / {:.0?} CPU, compare {n} rows {:.0?} wall / {:.0?} CPU, total {:.0?} wall / {:.0?} CPU; {}",
            e.payouts.len(),
            read,
            c1 - c0,
            t.elapsed() - read,
            c2 - c1,
            t.elapsed(),
            c2 - c0,
            changes::render::counts(&c)
        );
    }
}
