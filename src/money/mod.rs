//! Money as integer poisha (1 taka = 100 poisha), from the sheet to the report.
//!
//! A float never touches money: `19.99 * 100` is `1998.999…` in `f64`. Every
//! amount payrun holds is an [`Amount`], and every sum is checked, so that a
//! report's totals equal the ledger's sums to the poisha.

mod parse;

pub use parse::{AmountError, is_currency_word};

/// `#[serde(with = "crate::money::serde_poisha")]`: an amount in JSON as
/// integer poisha, exact, never a float.
pub mod serde_poisha {
    use super::Amount;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(a: &Amount, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(a.poisha())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Amount, D::Error> {
        i64::deserialize(d).map(Amount::from_poisha)
    }
}

/// The same for an amount that may be absent (`null`).
pub mod serde_opt_poisha {
    use super::Amount;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(a: &Option<Amount>, s: S) -> Result<S::Ok, S::Error> {
        a.map(Amount::poisha).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Amount>, D::Error> {
        Option::<i64>::deserialize(d).map(|o| o.map(Amount::from_poisha))
    }
}

use std::fmt;

/// A non-negative sum of money in poisha. Sums use checked arithmetic because an
/// overflow in a payout tool must be an error, never a wrap-around.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Amount(i64);

impl Amount {
    /// Zero taka, the start of every total.
    pub const ZERO: Amount = Amount(0);

    /// An amount from poisha, as stored in the ledger and machine output.
    pub const fn from_poisha(poisha: i64) -> Amount {
        Amount(poisha)
    }

    /// An amount of whole taka, for caps and control totals given in taka.
    pub fn from_taka(taka: i64) -> Option<Amount> {
        taka.checked_mul(100).map(Amount)
    }

    /// The exact value, for machine output and the ledger.
    pub const fn poisha(self) -> i64 {
        self.0
    }

    /// Whether the amount is a whole number of taka, which the gateway prefers
    /// ("decimals are not recommended").
    pub const fn is_whole_taka(self) -> bool {
        self.0 % 100 == 0
    }

    /// Adds two amounts, or `None` on overflow.
    pub fn checked_add(self, other: Amount) -> Option<Amount> {
        self.0.checked_add(other.0).map(Amount)
    }

    /// Subtracts, or `None` on overflow. The result may be negative, which is
    /// what a control-equation difference needs.
    pub fn checked_sub(self, other: Amount) -> Option<Amount> {
        self.0.checked_sub(other.0).map(Amount)
    }

    /// Sums amounts, or `None` on overflow.
    pub fn checked_sum<I: IntoIterator<Item = Amount>>(iter: I) -> Option<Amount> {
        iter.into_iter()
            .try_fold(Amount::ZERO, |acc, a| acc.checked_add(a))
    }

    /// The amount as the gateway wants it: plain taka with no grouping, and
    /// decimals only when there are poisha (`"300"`, `"300.50"`).
    pub fn to_wire(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let (taka, poisha) = (abs / 100, abs % 100);
        if poisha == 0 {
            format!("{sign}{taka}")
        } else {
            format!("{sign}{taka}.{poisha:02}")
        }
    }

    /// The amount in taka with two decimals and no grouping (`"123456.00"`), for
    /// CSV cells that spreadsheets must read as numbers.
    pub fn to_plain_taka(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", abs / 100, abs % 100)
    }

    /// The amount in taka as a float, only for spreadsheet cells that must be
    /// numbers. Exact for every amount below 2^53 poisha; never used for sums.
    pub fn to_taka_f64(self) -> f64 {
        self.0 as f64 / 100.0
    }
}

/// Human output uses South Asian grouping, as finance teams in Bangladesh
/// write it: `1,23,456.00`.
impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let taka = (abs / 100).to_string();
        let poisha = abs % 100;
        let grouped = group_lakh(&taka);
        let s = format!("{sign}{grouped}.{poisha:02}");
        f.pad(&s)
    }
}

/// Groups digits as `12,34,56,789`: the last three, then pairs.
fn group_lakh(digits: &str) -> String {
    let len = digits.len();
    if len <= 3 {
        return digits.to_string();
    }
    let (head, tail) = digits.split_at(len - 3);
    let mut out = String::with_capacity(len + len / 2);
    let first = head.len() % 2;
    if first == 1 {
        out.push_str(&head[..1]);
    }
    for (i, chunk) in head.as_bytes()[first..].chunks(2).enumerate() {
        if i > 0 || first == 1 {
            out.push(',');
        }
        // Digits are ASCII, so every chunk is valid UTF-8.
        out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
    }
    out.push(',');
    out.push_str(tail);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_uses_lakh_grouping() {
        let cases = [
            (0, "0.00"),
            (5, "0.05"),
            (100, "1.00"),
            (99_999, "999.99"),
            (100_000, "1,000.00"),
            (12_345_600, "1,23,456.00"),
            (1_234_567_800, "1,23,45,678.00"),
            (12_345_678_900, "12,34,56,789.00"),
            (-12_345_600, "-1,23,456.00"),
        ];
        for (poisha, want) in cases {
            assert_eq!(Amount::from_poisha(poisha).to_string(), want, "{poisha}");
        }
    }

    #[test]
    fn wire_form_drops_zero_poisha() {
        assert_eq!(Amount::from_poisha(30_000).to_wire(), "300");
        assert_eq!(Amount::from_poisha(30_050).to_wire(), "300.50");
        assert_eq!(Amount::from_poisha(5).to_wire(), "0.05");
        assert_eq!(Amount::from_poisha(30_000).to_plain_taka(), "300.00");
    }

    #[test]
    fn sums_are_checked() {
        assert_eq!(
            Amount::checked_sum([Amount::from_poisha(1), Amount::from_poisha(2)]),
            Some(Amount::from_poisha(3))
        );
        assert_eq!(
            Amount::checked_sum([Amount::from_poisha(i64::MAX), Amount::from_poisha(1)]),
            None
        );
    }
}
