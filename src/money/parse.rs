//! Reading amounts as finance teams write them, to exact poisha.

use super::Amount;

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
    #[error(
        "has more than 2 decimal places; a taka has 100 poisha, so at most 2 (if the dot groups thousands, as in 1.500, write 1500 or 1,500)"
    )]
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
    #[error(
        "groups thousands with dots (European style), but payrun reads a dot as the decimal mark; write it like 1500 or 1,500 (and 1500.50 for poisha)"
    )]
    DotGrouping,
}

/// `1.500`, `12.500.000`, `1.500,00`: thousands grouped with dots, maybe a
/// decimal comma. Read as written, `1.500` would be one and a half taka (too
/// many decimals) or worse, so it gets its own message.
fn dot_grouped(s: &str) -> bool {
    let (int, frac) = match s.split_once(',') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let groups: Vec<&str> = int.split('.').collect();
    let [first, rest @ ..] = groups.as_slice() else {
        return false;
    };
    let digits = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    !rest.is_empty()
        && digits(first)
        && first.len() <= 3
        && rest.iter().all(|g| g.len() == 3 && digits(g))
        && frac.is_none_or(|f| f.len() <= 2 && digits(f))
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
        // The common case, plain whole taka, without allocating.
        if cleaned.len() <= 15 && cleaned.bytes().all(|b| b.is_ascii_digit()) {
            let taka = cleaned
                .bytes()
                .fold(0i64, |t, b| t * 10 + i64::from(b - b'0'));
            return match taka {
                0 => Err(AmountError::Zero),
                t => Ok(Amount::from_poisha(t * 100)),
            };
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
        if dot_grouped(s) && (s.contains(',') || s.matches('.').count() > 1) {
            return Err(AmountError::DotGrouping);
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
        Ok(Amount::from_poisha(total))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn p(s: &str) -> Result<i64, AmountError> {
        Amount::parse(s).map(Amount::poisha)
    }

    #[test]
    fn accepted_forms() {
        for (s, want) in [
            ("1000", 100_000),
            ("1,000", 100_000),
            ("1,00,000", 10_000_000),
            ("100,000", 10_000_000),
            ("12,34,56,789", 12_345_678_900),
            ("BDT 500", 50_000),
            ("bdt500", 50_000),
            ("Tk 500", 50_000),
            ("TK500", 50_000),
            ("Tk. 500", 50_000),
            ("৳500", 50_000),
            ("৳ 1,500", 150_000),
            ("500/-", 50_000),
            ("Tk 500/-", 50_000),
            ("500 Tk", 50_000),
            ("500 টাকা", 50_000),
            ("500.00", 50_000),
            ("500.5", 50_050),
            ("19.99", 1_999),
            ("0.05", 5),
            (".50", 50),
            ("৫০০", 50_000),
            ("১,২৩,৪৫৬.৭৮", 12_345_678),
            ("\u{00A0}500\u{200B}", 50_000),
            ("'500", 50_000),
            ("\"1,000\"", 100_000),
        ] {
            assert_eq!(p(s), Ok(want), "{s:?}");
        }
    }

    #[test]
    fn refused_forms() {
        use AmountError::*;
        for (s, want) in [
            ("", Empty),
            ("  ", Empty),
            ("0", Zero),
            ("0.00", Zero),
            ("Tk 0", Zero),
            ("-500", Negative),
            ("Tk -500", Negative),
            ("−500", Negative),
            ("(500)", Negative),
            ("500.001", TooManyDecimals),
            ("19.999", TooManyDecimals),
            ("5E+02", Scientific),
            ("5e2", Scientific),
            ("1.5E3", Scientific),
            ("abc", NotANumber),
            ("five hundred", NotANumber),
            ("500.", NotANumber),
            ("5.0.0", NotANumber),
            ("+500", NotANumber),
            ("$500", NotANumber),
            ("500 USD", NotANumber),
            ("12,50", BadGrouping),
            ("1,0000", BadGrouping),
            ("1,000,00", BadGrouping),
            (",500", BadGrouping),
            ("99999999999999999999", TooLarge),
            ("1.500", TooManyDecimals),
            ("12.500.000", DotGrouping),
            ("1.500,00", DotGrouping),
            ("Tk 25.000,50", DotGrouping),
            ("500.000", TooManyDecimals),
            ("1.5000", TooManyDecimals),
        ] {
            assert_eq!(p(s), Err(want.clone()), "{s:?}");
        }
    }

    #[test]
    fn float_cells_read_through_shortest_display() {
        // What intake does with an XLSX numeric cell.
        assert_eq!(p(&format!("{}", 19.99_f64)), Ok(1_999));
        assert_eq!(p(&format!("{}", 1234.5_f64)), Ok(123_450));
        assert_eq!(p(&format!("{}", 50000.0_f64)), Ok(5_000_000));
        assert_eq!(
            p(&format!("{}", 0.1_f64 + 0.2_f64)),
            Err(AmountError::TooManyDecimals)
        );
    }

    proptest! {
        #[test]
        fn display_and_wire_forms_read_back(poisha in 1i64..1_000_000_000_000) {
            let a = Amount::from_poisha(poisha);
            prop_assert_eq!(Amount::parse(&a.to_string()), Ok(a));
            prop_assert_eq!(Amount::parse(&a.to_wire()), Ok(a));
            prop_assert_eq!(Amount::parse(&a.to_plain_taka()), Ok(a));
            prop_assert_eq!(Amount::parse(&format!("Tk {a}/-")), Ok(a));
        }

        #[test]
        fn parse_is_idempotent(s in "\\PC{0,16}") {
            if let Ok(a) = Amount::parse(&s) {
                prop_assert_eq!(Amount::parse(&a.to_string()), Ok(a));
                prop_assert_eq!(Amount::parse(&a.to_wire()), Ok(a));
            }
        }

        #[test]
        fn never_accepts_what_it_must_refuse(s in "[-0-9০-৯.,eE+ ()Tk৳/]{0,14}") {
            if let Ok(a) = Amount::parse(&s) {
                prop_assert!(a.poisha() > 0, "{:?} gave {:?}", s, a);
                prop_assert!(!s.contains(['e', 'E']), "E notation accepted: {:?}", s);
                prop_assert!(!s.trim_start().starts_with('-'), "negative accepted: {:?}", s);
                if let Some((_, frac)) = s.rsplit_once('.') {
                    let digits = frac.chars().take_while(|c| c.is_ascii_digit()).count();
                    prop_assert!(digits <= 2, "3+ decimals accepted: {:?}", s);
                }
            }
        }

        #[test]
        fn three_decimals_never_pass(int in 0u64..1_000_000, frac in 0u32..1000) {
            let s = format!("{int}.{frac:03}");
            prop_assert!(Amount::parse(&s).is_err(), "{s}");
        }
    }
}
