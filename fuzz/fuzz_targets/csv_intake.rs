//! Fuzzes CSV intake end to end: the bytes become a `.csv` file and go
//! through `payrun::testing::validate::validate_file`, exactly as `payrun check` reads
//! a sheet. It must return Ok or a clean Err, never panic (a panic on the
//! reader thread counts: libFuzzer's panic hook aborts on it). On Ok, every
//! record has its own row number (the report's join key), and every payout
//! is within the rules.
#![no_main]

use libfuzzer_sys::fuzz_target;
use payrun::testing::money::Amount;
use payrun::testing::validate::{CheckOptions, validate_file};
use payrun::testing::wallet::normalize_wallet;
use std::path::PathBuf;
use std::sync::OnceLock;

fn path() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        std::env::temp_dir().join(format!("payrun-fuzz-{}.csv", std::process::id()))
    })
}

/// Options vary with the input's length, so a crash reproduces from the
/// input alone.
fn options(len: usize) -> CheckOptions {
    let mut opts = CheckOptions::default();
    match len % 4 {
        0 => {}
        1 => opts.allow_fractional = true,
        2 => {
            opts.allow_repeat = true;
            opts.strict = true;
        }
        _ => {
            opts.expect_rows = Some(3);
            opts.expect_total = Amount::from_taka(12_000);
        }
    }
    opts
}

fuzz_target!(|data: &[u8]| {
    if std::fs::write(path(), data).is_err() {
        return;
    }
    let opts = options(data.len());
    match validate_file(path(), &opts) {
        Ok(v) => {
            assert_eq!(
                v.payouts.len() + v.invalid.len(),
                v.sheet.data_rows,
                "every data row is either a payout or invalid"
            );
            // Rows are the join key of the report: each record has its own.
            let mut rows: Vec<usize> = v.payouts.iter().map(|p| p.row).collect();
            assert!(rows.windows(2).all(|w| w[0] < w[1]), "payouts out of order");
            rows.extend(v.invalid.iter().map(|i| i.row));
            rows.sort_unstable();
            assert!(
                rows.windows(2).all(|w| w[0] < w[1]),
                "rows shared: {rows:?}"
            );
            for p in &v.payouts {
                assert!(p.amount.poisha() > 0 && p.amount <= opts.cap_for(p.provider));
                assert!(opts.allow_fractional || p.amount.is_whole_taka());
                let again = normalize_wallet(&p.wallet, p.provider);
                assert_eq!(again.map(|w| w.digits).as_deref(), Ok(p.wallet.as_str()));
            }
        }
        Err(e) => {
            let msg = e.to_string();
            assert!(!msg.is_empty());
            assert!(
                !msg.contains("please report this"),
                "reader thread died: {msg}"
            );
        }
    }
});
