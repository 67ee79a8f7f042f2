//! A statement's money cells, read to exact poisha with their sign.
//!
//! Portals write money out in more ways than a payroll sheet does:
//! `-1,500.00`, `(1,500.00)`, `1,500.00 Dr`, `Tk 1,500`, `৳১,৫০০`, `0.00`,
//! a dash for nothing. The figure itself is read by [`Amount::parse`], the
//! same rule as a payroll amount, so a statement and a sheet can never
//! disagree about what `1,00,000` means.

use crate::money::{Amount, AmountError};

/// The sign a money cell carries, as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sign {
    /// No sign at all.
    Plain,
    Plus,
    /// `-1,500`, `−1,500`, `(1,500)`.
    Minus,
    /// `1,500 Dr`.
    Dr,
    /// `1,500 Cr`.
    Cr,
}

/// A money cell: its size and the sign it was written with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Money {
    pub amount: Amount,
    pub sign: Sign,
}

/// Reads a money cell. `Ok(None)` for an empty cell or a dash; `Err` with
/// a message that completes "`<cell>` ...".
pub fn read(text: &str) -> Result<Option<Money>, String> {
    let t = crate::wallet::clean_text(text).trim();
    if t.is_empty() || matches!(t, "-" | "–" | "—" | "--" | "N/A" | "n/a") {
        return Ok(None);
    }
    let (rest, sign) = split_sign(t);
    match Amount::parse(rest) {
        Ok(amount) => Ok(Some(Money { amount, sign })),
        Err(AmountError::Zero) => Ok(Some(Money {
            amount: Amount::ZERO,
            sign,
        })),
        Err(AmountError::Negative) => Err(
            "has two signs (a minus and brackets, or a minus and Dr/Cr); write the figure once with one sign"
                .to_string(),
        ),
        Err(e) => Err(e.to_string()),
    }
}

fn split_sign(t: &str) -> (&str, Sign) {
    let lower = t.to_ascii_lowercase();
    for (suffix, sign) in [("dr", Sign::Dr), ("cr", Sign::Cr)] {
        if lower.ends_with(suffix)
            && let Some(head) = t.get(..t.len() - suffix.len())
            && head.ends_with(|c: char| c.is_ascii_digit() || c.is_whitespace() || c == '.')
        {
            return (head.trim_end(), sign);
        }
    }
    if let Some(inner) = t.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        return (inner.trim(), Sign::Minus);
    }
    for minus in ['-', '\u{2212}', '\u{2013}'] {
        if let Some(r) = t.strip_prefix(minus) {
            return (r.trim_start(), Sign::Minus);
        }
    }
    // `Tk -500` and `BDT -500`: a currency word before the sign.
    for cur in ["tk.", "tk", "bdt", "৳"] {
        if lower.starts_with(cur)
            && let Some(r) = t.get(cur.len()..)
        {
            let r = r.trim_start();
            if let Some(n) = r.strip_prefix(['-', '\u{2212}']) {
                return (n.trim_start(), Sign::Minus);
            }
        }
    }
    if let Some(r) = t.strip_prefix('+') {
        return (r.trim_start(), Sign::Plus);
    }
    (t, Sign::Plain)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(t: &str) -> Option<(i64, Sign)> {
        read(t).unwrap().map(|m| (m.amount.poisha(), m.sign))
    }

    #[test]
    fn portal_forms() {
        for (text, want) in [
            ("1,500.00", Some((150_000, Sign::Plain))),
            ("-1,500.00", Some((150_000, Sign::Minus))),
            ("−1,500", Some((150_000, Sign::Minus))),
            ("(1,500.00)", Some((150_000, Sign::Minus))),
            ("1,500.00 Dr", Some((150_000, Sign::Dr))),
            ("1500CR", Some((150_000, Sign::Cr))),
            ("Tk 1,500", Some((150_000, Sign::Plain))),
            ("Tk -1,500", Some((150_000, Sign::Minus))),
            ("৳১,৫০০.৫০", Some((150_050, Sign::Plain))),
            ("BDT 12,34,567.89", Some((123_456_789, Sign::Plain))),
            ("+20", Some((2_000, Sign::Plus))),
            ("0.00", Some((0, Sign::Plain))),
            ("", None),
            (" - ", None),
        ] {
            assert_eq!(m(text), want, "{text:?}");
        }
    }

    #[test]
    fn unreadable_money_says_why() {
        assert!(read("1.500,00").unwrap_err().contains("dots"));
        assert!(read("12,50").unwrap_err().contains("commas"));
        assert!(read("abc").unwrap_err().contains("not an amount"));
        assert!(read("-(500)").is_err());
        assert!(read("1.5E+3").unwrap_err().contains("scientific"));
    }
}
