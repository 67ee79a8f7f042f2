//! Wallet numbers as phones and chat apps copy them, in sheets saved by
//! LibreOffice and Gnumeric (probe12 finding 8). Before, every one of them
//! was refused as containing a character "which cannot be part of a wallet
//! number", and the message printed the invisible mark raw (`contains ''`).

use super::corpus::{V, verdicts};

#[test]
fn wallets_copied_from_phones_are_paid_and_a_right_to_left_override_is_refused_named() {
    let mut rows: Vec<(usize, V)> = (2..=7).map(|n| (n, V::Paid)).collect();
    rows.push((8, V::Invalid("the invisible character U+202E")));
    for ext in ["xlsx", "xls", "ods", "gnumeric.xlsx", "gnumeric.ods"] {
        let file = format!("copied-wallets.{ext}");
        verdicts(&file, &[], 2, &rows);
    }
}
