//! Numbers a format shows rounded: `#,##0` shows 999.6 as `1,000`,
//! `#,##0.00` shows 999.996 as `1,000.00`, `0.00E+00` shows 1234 as
//! `1.23E+03`. The person who approved the sheet saw the shown figure; the
//! cell holds another, and payrun pays what a cell holds. So a number
//! format's decimals are read (the section for positive numbers, the one an
//! amount uses) and a cell's value is compared with them, digit by digit on
//! its shortest decimal form, never through a float sum.
//!
//! A fraction format (`# ?/?`, `# ??/??`, `# ?/4`) shows the fraction
//! nearest the value with a denominator of as many digits (or that one
//! denominator): 999.33 as `999 1/3`, which is not 999.33.
//!
//! Only a plain figure or a fraction is judged: `General`, dates, times and
//! text show no fixed count of decimals; a format that scales or writes
//! digits of its own is refused as another number before this is asked.

use super::codes;

/// How many decimals a format shows of a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::intake) struct Rounding {
    places: u8,
    /// Thousands grouped by a comma among the integer placeholders.
    grouped: bool,
    /// `0.00E+00`: `places` decimals of a one-digit mantissa.
    scientific: bool,
    /// A fraction: the largest denominator it shows, and whether it shows
    /// that one only (`# ?/4`).
    fraction: Option<(u32, bool)>,
}

/// The decimals a number format section shows of a plain figure, if it
/// shows a fixed count of them.
pub(super) fn rounding_of(section: &str) -> Option<Rounding> {
    let c = codes(section);
    if let Some(fraction) = fraction_of(&c) {
        return Some(Rounding {
            places: 0,
            grouped: false,
            scientific: false,
            fraction: Some(fraction),
        });
    }
    if c.contains("general")
        || c.chars()
            .any(|ch| matches!(ch, 'y' | 'm' | 'd' | 'h' | 's' | 'g' | 'b' | '/' | '@'))
    {
        return None;
    }
    let (mantissa, scientific) = match c.find("e+").or_else(|| c.find("e-")) {
        Some(i) => (&c[..i], true),
        None => (c.as_str(), false),
    };
    let placeholder = |ch: char| matches!(ch, '0' | '#' | '?');
    let (whole, decimals) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let integer_digits = whole.chars().filter(|ch| placeholder(*ch)).count();
    if integer_digits == 0 && !decimals.chars().any(placeholder) {
        return None;
    }
    // Engineering notation (`##0.0E+0`) moves the point by threes: not read.
    if scientific && integer_digits != 1 {
        return None;
    }
    let places = decimals.chars().filter(|ch| placeholder(*ch)).count();
    Some(Rounding {
        places: u8::try_from(places).ok()?,
        grouped: whole.contains(','),
        scientific,
        fraction: None,
    })
}

/// A fraction's denominator in a section's codes (`# ??/??` allows up to
/// 99, `# ?/4` only 4): `None` when it is no fraction, or a date.
fn fraction_of(codes: &str) -> Option<(u32, bool)> {
    let (_, denominator) = codes.split_once('/')?;
    if codes
        .chars()
        .any(|ch| matches!(ch, 'y' | 'm' | 'd' | 'h' | 's' | 'g' | '@'))
    {
        return None;
    }
    let d: String = denominator
        .trim()
        .chars()
        .take_while(|ch| ch.is_ascii_digit() || matches!(ch, '?' | '#' | '0'))
        .collect();
    if d.is_empty() || d.len() > 5 {
        return None;
    }
    if d.chars().all(|ch| ch.is_ascii_digit()) && !d.starts_with('0') {
        return Some((d.parse().ok()?, true));
    }
    let digits = u32::try_from(d.len()).ok()?;
    Some((10u32.pow(digits) - 1, false))
}

impl Rounding {
    /// A data style that shows `places` decimals (`.ods`
    /// `number:decimal-places`), its thousands grouped or not, in E
    /// notation or not.
    pub(in crate::intake) fn fixed(places: u8, grouped: bool, scientific: bool) -> Rounding {
        Rounding {
            places,
            grouped,
            scientific,
            fraction: None,
        }
    }

    /// How many decimals it shows.
    pub(in crate::intake) fn places(&self) -> u8 {
        self.places
    }

    /// The plainest number format code that shows as many decimals
    /// (`#,##0`, `0.00`, `0.0E+00`), to name it to the user: a rule's
    /// format may be written with a currency or brackets around it, and
    /// `.ods` writes none.
    pub(in crate::intake) fn code(&self) -> String {
        if let Some((d, fixed)) = self.fraction {
            return match fixed {
                true => format!("# ?/{d}"),
                false => format!("# {0}/{0}", "?".repeat(d.to_string().len())),
            };
        }
        let whole = match (self.grouped, self.scientific) {
            (true, false) => "#,##0",
            _ => "0",
        };
        let mut code = whole.to_string();
        if self.places > 0 {
            code.push('.');
            code.extend(std::iter::repeat_n('0', usize::from(self.places)));
        }
        if self.scientific {
            code.push_str("E+00");
        }
        code
    }

    /// The figure a cell holding `value` shows, when it is not `value`.
    pub(in crate::intake) fn shown(&self, value: f64) -> Option<String> {
        if !value.is_finite() {
            return None;
        }
        // Rust's `Display` of an f64 is its shortest round-trip decimal,
        // never in E notation.
        if let Some(fraction) = self.fraction {
            return fraction_shown(value, fraction);
        }
        let held = format!("{}", value.abs());
        let sign = if value < 0.0 { "-" } else { "" };
        let places = usize::from(self.places);
        if self.scientific {
            let significant = held
                .chars()
                .filter(char::is_ascii_digit)
                .skip_while(|c| *c == '0')
                .collect::<String>();
            if significant.trim_end_matches('0').len() <= places + 1 {
                return None;
            }
            let e = format!("{:.*e}", places, value.abs());
            let (m, x) = e.split_once('e')?;
            let x: i32 = x.parse().ok()?;
            let xs = if x < 0 { "-" } else { "+" };
            return Some(format!("{sign}{m}E{xs}{:02}", x.abs()));
        }
        let (int, frac) = held.split_once('.').unwrap_or((&held, ""));
        if frac.len() <= places {
            return None;
        }
        let mut digits: Vec<u8> = int
            .bytes()
            .chain(frac.bytes().take(places))
            .map(|b| b.wrapping_sub(b'0'))
            .collect();
        if frac.as_bytes().get(places).is_some_and(|d| *d >= b'5') {
            round_up(&mut digits);
        }
        let int_len = digits.len() - places;
        let (i, f) = digits.split_at(int_len);
        let mut out: String = sign.to_string();
        out.push_str(&integer_text(i, self.grouped));
        if places > 0 {
            out.push('.');
            out.extend(f.iter().map(|d| char::from(b'0' + d)));
        }
        Some(out)
    }
}

/// The fraction a format showing denominators up to `limit` (or `limit`
/// only, when `fixed`) shows of `value`, when it is not `value`: Excel's
/// nearest, the smallest denominator on a tie, a whole number alone.
fn fraction_shown(value: f64, (limit, fixed): (u32, bool)) -> Option<String> {
    let whole = value.abs().trunc();
    let part = value.abs() - whole;
    let denominators = if fixed {
        limit..=limit
    } else {
        1..=limit.max(1)
    };
    let (mut best, mut error) = ((0.0, 1.0), f64::INFINITY);
    for d in denominators {
        let d = f64::from(d);
        let n = (part * d).round();
        let e = (part - n / d).abs();
        if e < error - 1e-12 {
            (best, error) = ((n, d), e);
        }
    }
    // Within what a decimal's binary form is off by: the value itself.
    if error <= 1e-9 * value.abs().max(1.0) {
        return None;
    }
    let sign = if value < 0.0 { "-" } else { "" };
    let (n, d) = best;
    let (whole, n) = if n >= d {
        (whole + 1.0, 0.0)
    } else {
        (whole, n)
    };
    Some(match n == 0.0 {
        true => format!("{sign}{whole}"),
        false if whole == 0.0 => format!("{sign}{n}/{d}"),
        false => format!("{sign}{whole} {n}/{d}"),
    })
}

/// Adds one in the last place of `digits` (0 to 9 each), carrying.
fn round_up(digits: &mut Vec<u8>) {
    for d in digits.iter_mut().rev() {
        if *d == 9 {
            *d = 0;
        } else {
            *d += 1;
            return;
        }
    }
    digits.insert(0, 1);
}

/// Integer digits as shown: leading zeros dropped (one kept), grouped by
/// threes with a comma when the format groups.
fn integer_text(digits: &[u8], grouped: bool) -> String {
    let start = digits.iter().position(|d| *d != 0).unwrap_or(digits.len());
    let digits = match &digits[start..] {
        [] => &[0u8][..],
        d => d,
    };
    let mut out = String::with_capacity(digits.len() * 4 / 3 + 1);
    for (i, d) in digits.iter().enumerate() {
        if grouped && i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(char::from(b'0' + d));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::rounding_of;

    fn shown(code: &str, value: f64) -> Option<String> {
        rounding_of(code).and_then(|r| r.shown(value))
    }

    #[test]
    fn a_format_with_fewer_decimals_than_the_value_shows_it_rounded() {
        for (code, value, want) in [
            ("#,##0", 999.6, "1,000"),
            ("#,##0.00", 999.996, "1,000.00"),
            ("0", 1234.5, "1235"),
            ("0.0", 2000.55, "2000.6"),
            ("#,##0_);(#,##0)", 1500.4, "1,500"),
            ("\"Tk \"#,##0", 99.5, "100"),
            ("0.00E+00", 1234.0, "1.23E+03"),
            ("#,##0", 1234567.8, "1,234,568"),
            ("#,##0", 0.4, "0"),
            ("# ?/?", 999.33, "999 1/3"),
            ("# ??/??", 999.33, "999 32/97"),
            ("# ?/4", 1500.3, "1500 1/4"),
            ("# ?/2", 1500.8, "1501"),
            ("?/?", 0.33, "1/3"),
        ] {
            assert_eq!(shown(code, value).as_deref(), Some(want), "{code} {value}");
        }
    }

    #[test]
    fn a_rounding_is_named_by_its_plainest_code() {
        for (code, want) in [
            ("#,##0", "#,##0"),
            ("\"Tk \"#,##0.00", "#,##0.00"),
            ("0.0", "0.0"),
            ("#,##0_);(#,##0)", "#,##0"),
            ("0.00E+00", "0.00E+00"),
        ] {
            assert_eq!(
                rounding_of(code).map(|r| r.code()).as_deref(),
                Some(want),
                "{code}"
            );
        }
    }

    #[test]
    fn a_value_the_format_shows_in_full_or_no_fixed_decimals_is_not_rounded() {
        for (code, value) in [
            ("#,##0", 1000.0),
            ("#,##0.00", 999.5),
            ("#,##0.00", 999.99),
            ("0.00E+00", 1000.0),
            ("0.00E+00", 1230.0),
            ("General", 999.6),
            ("yyyy-mm-dd", 45000.5),
            ("# ?/?", 999.5),
            ("# ?/4", 999.25),
            ("# ??/??", 999.35),
            ("# ?/?", 1000.0),
            ("@", 999.6),
            ("##0.0E+0", 1234.0),
        ] {
            assert_eq!(shown(code, value), None, "{code} {value}");
        }
    }
}
