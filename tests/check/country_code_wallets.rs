//! Wallet numbers kept as numbers under a format that writes Bangladesh's
//! country code before them (`"+880"0000000000` shows 1711000003 as
//! `+8801711000003`): the payee's own number in international form
//! (wallets.md reads `+880…`, `880…` and `0088…` as the same wallet), not
//! another number. Refused as "shown as another number" once digits a
//! format writes of its own refused a wallet (probe10); the CSV saved from
//! the same workbook was paid. Paid here too, with the lost-zero warning.

use super::corpus::{V, total, verdicts};

#[test]
fn a_wallet_shown_with_its_country_code_is_the_same_wallet() {
    let rows: Vec<(usize, V)> = (2..=9)
        .map(|n| (n, V::Warned("lost its leading zero")))
        .collect();
    for name in ["w1_plus88", "w2_plus880", "w3_880", "w4_plus880_dash"] {
        for ext in ["xlsx", "xls", "ods", "gnumeric.xlsx", "gnumeric.ods"] {
            let file = format!("country-code-wallets-{name}.{ext}");
            let r = verdicts(&file, &[], 0, &rows);
            assert_eq!(total(&r), Some(9_400_000), "{file}");
            assert!(
                !r.all.contains("shown as another number"),
                "{file}:\n{}",
                r.all
            );
        }
    }
}
