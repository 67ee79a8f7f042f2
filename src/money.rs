//! Money as integer poisha (1 taka = 100 poisha), from the sheet to the report.
//!
//! A float never touches money: `19.99 * 100` is `1998.999…` in `f64`. Every
//! amount payrun holds is an [`Amount`], and every sum is checked, so that a
//! report's totals equal the ledger's sums to the poisha.

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

/// Why a cell is not an amount. Each message completes the sentence
/// `"<cell as written>" ...` and says what to do next.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error("is empty; enter the amount in taka")]
    Empty,
    #[error(
        "is in scientific notation, so the exact amount is unknown — format the column as Number and re-enter it"
    )]
    Scientific,
    #[error("has more than 2 decimal places; a taka has 100 poisha, so at most 2")]
    TooManyDecimals,
    #[error("is zero; enter the amount or remove the row")]
    Zero,
    #[error("is negative; a payout cannot take money back")]
    Negative,
    #[error("is not an amount; write it like 12,500 or 12500.00")]
    NotANumber,
    #[error(
        "has commas in unexpected places; write it like 1,00,000 or 100,000 (a comma is never a decimal mark here)"
    )]
    BadGrouping,
    #[error("is too large to be an amount")]
    TooLarge,
}

/// Currency marks finance teams put before or after the figure.
const CURRENCY_MARKS: [&str; 6] = ["bdt", "tk.", "tk", "taka", "৳", "টাকা"];

/// Strips one currency mark from the start, case-insensitively.
fn strip_currency_prefix(s: &str) -> &str {
    for mark in CURRENCY_MARKS {
        if let Some(head) = s.get(..mark.len())
            && head.eq_ignore_ascii_case(mark)
        {
            return s[mark.len()..].trim_start();
        }
    }
    s
}

/// Strips one currency mark from the end, case-insensitively.
fn strip_currency_suffix(s: &str) -> &str {
    for mark in CURRENCY_MARKS {
        if s.len() >= mark.len()
            && let Some(tail) = s.get(s.len() - mark.len()..)
            && tail.eq_ignore_ascii_case(mark)
        {
            return s[..s.len() - mark.len()].trim_end();
        }
    }
    s
}

/// Whether `1,00,000` / `100,000` style grouping is regular. A comma anywhere
/// else may be a decimal comma (`12,50`), and reading it as grouping would pay
/// a hundred times too much.
fn grouping_ok(int: &str) -> bool {
    let groups: Vec<&str> = int.split(',').collect();
    let [first, middle @ .., last] = groups.as_slice() else {
        return true;
    };
    if last.len() != 3 || first.is_empty() {
        return false;
    }
    let western = first.len() <= 3 && middle.iter().all(|g| g.len() == 3);
    let lakh = first.len() <= 2 && middle.iter().all(|g| g.len() == 2);
    western || lakh
}

impl Amount {
    /// Parses an amount as written in a sheet: `1,000`, `1,00,000`, `BDT 500`,
    /// `Tk 500`, `Tk. 500`, `৳500`, `500/-`, `500.00`, Bengali digits.
    ///
    /// The text is read as a decimal, never through a float, so `19.99` is
    /// exactly 1999 poisha. Zero, negative amounts, more than two decimals and
    /// `E` notation are refused, because each means the sheet is not saying
    /// what the payer thinks it says. Policy (whole taka, caps) is the
    /// validator's business, not the parser's.
    pub fn parse(text: &str) -> Result<Amount, AmountError> {
        let cleaned = crate::wallet::clean_text(text);
        if cleaned.is_empty() {
            return Err(AmountError::Empty);
        }
        let ascii: String = cleaned
            .chars()
            .map(|c| crate::wallet::ascii_digit(c).unwrap_or(c))
            .collect();
        let mut s = ascii.trim();
        s = strip_currency_prefix(s);
        for dash in ["/-", "/="] {
            if let Some(rest) = s.strip_suffix(dash) {
                s = rest.trim_end();
                break;
            }
        }
        s = strip_currency_suffix(s);
        s = strip_currency_prefix(s);
        if s.starts_with(['-', '\u{2212}']) || (s.starts_with('(') && s.ends_with(')')) {
            return Err(AmountError::Negative);
        }
        if s.contains(['e', 'E'])
            && s.chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | 'e' | 'E' | '+' | '-'))
            && s.chars().any(|c| c.is_ascii_digit())
        {
            return Err(AmountError::Scientific);
        }
        let (int, frac) = match s.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (s, None),
        };
        let digits_only = |p: &str| p.chars().all(|c| c.is_ascii_digit());
        if !int.chars().all(|c| c.is_ascii_digit() || c == ',') {
            return Err(AmountError::NotANumber);
        }
        if let Some(f) = frac
            && (f.is_empty() || !digits_only(f))
        {
            return Err(AmountError::NotANumber);
        }
        if int.is_empty() && frac.is_none() {
            return Err(AmountError::NotANumber);
        }
        if int.contains(',') && !grouping_ok(int) {
            return Err(AmountError::BadGrouping);
        }
        let frac = frac.unwrap_or("");
        if frac.len() > 2 {
            return Err(AmountError::TooManyDecimals);
        }
        let mut taka: i64 = 0;
        for b in int.bytes().filter(u8::is_ascii_digit) {
            taka = taka
                .checked_mul(10)
                .and_then(|t| t.checked_add(i64::from(b - b'0')))
                .ok_or(AmountError::TooLarge)?;
        }
        let mut poisha: i64 = 0;
        for (i, b) in frac.bytes().enumerate() {
            let place = if i == 0 { 10 } else { 1 };
            poisha += i64::from(b - b'0') * place;
        }
        let total = taka
            .checked_mul(100)
            .and_then(|t| t.checked_add(poisha))
            .ok_or(AmountError::TooLarge)?;
        if total == 0 {
            return Err(AmountError::Zero);
        }
        Ok(Amount(total))
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
