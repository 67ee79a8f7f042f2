//! Whether the text a suite saved for a number cell states that number.
//!
//! An `.ods` cell carries, beside its value, the paragraph its writer
//! showed. payrun reads a cell's number format to tell when it shows another
//! number than it holds (`unseen`), but a writer may save a format that says
//! less than it showed: Gnumeric writes Excel's `#,##0,` (thousands) as a
//! plain `#,##0` style, while its cell's text is `12` for 12000. The text is
//! then the only record of what the person looking at the sheet saw.
//!
//! The shown number is read leniently and judged strictly: only a text whose
//! digits form one number (grouped by commas, dots or spaces, with a decimal
//! mark either way round, or in E notation) is compared, and it agrees when
//! any reading of it is the value rounded to the digits shown; it shows the
//! value rounded when no reading is the value itself (`1,000` for 999.6:
//! the person checking the sheet saw another amount than it holds). A
//! fraction (`999 1/3`) is read as the number it shows, which rounds any
//! value it does not equal. Anything else (a time, two numbers, letters
//! between digits) is no judgement.
//! A text with no digit at all shows nothing of a number other than 0:
//! Gnumeric writes Excel's `"-"` format as a style that would show `9400-`,
//! and the text `-`.

use super::xml::attr_exact;
use quick_xml::events::BytesStart;

/// What a number cell's shown text says of its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shown {
    /// Nothing: no digit (a 0 shown as a dash is refused as one anyway).
    Nothing,
    /// Another number.
    Another,
    /// The value rounded to the digits shown (`1,000` for 999.6).
    Rounded,
    /// The value, or nothing payrun can judge.
    Same,
}

/// A number cell's value (`float`, `currency`, `percentage`), by the
/// attributes calamine reads.
pub(super) fn value(e: &BytesStart<'_>) -> Option<f64> {
    matches!(
        attr_exact(e, b"office:value-type").as_deref(),
        Some("float" | "currency" | "percentage")
    )
    .then(|| attr_exact(e, b"office:value"))
    .flatten()
    .and_then(|v| v.trim().parse::<f64>().ok())
    .filter(|v| v.is_finite())
}

/// Judges `text`, the whole shown text when `whole`, of a cell holding
/// `value`; `digit` says whether the text has any digit, in any script.
pub(super) fn judge(value: f64, text: &str, digit: bool, whole: bool) -> Shown {
    if !digit {
        return if value == 0.0 {
            Shown::Same
        } else {
            Shown::Nothing
        };
    }
    if whole && !states(text, value, false) {
        return Shown::Another;
    }
    if whole && !states(text, value, true) {
        return Shown::Rounded;
    }
    Shown::Same
}

/// Whether `shown` could be `value` as a number format shows it, rounded
/// to the digits shown unless `exactly`; `false` only when it plainly
/// states another number.
fn states(shown: &str, value: f64, exactly: bool) -> bool {
    if wallet_in_international_form(shown, value) {
        return true;
    }
    let digits: Vec<char> = shown.chars().map(ascii_digit).collect();
    let (Some(first), Some(last)) = (
        digits.iter().position(char::is_ascii_digit),
        digits.iter().rposition(char::is_ascii_digit),
    ) else {
        return true;
    };
    let raw: String = digits[first..=last].iter().collect();
    if let Some(shown) = fraction(&raw) {
        // A fraction's nearest is within half of one step of its
        // denominator, and the steps are never wider than one.
        let off = (shown - value.abs()).abs();
        let slack = if exactly {
            1e-9 * value.abs().max(1.0)
        } else {
            1.0
        };
        return off <= slack;
    }
    let span: String = raw
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}'))
        .collect();
    let (mantissa, exponent) = match span.find(['E', 'e']) {
        Some(i) => match span[i + 1..].parse::<i32>() {
            Ok(x) => (&span[..i], x),
            Err(_) => return true,
        },
        None => (span.as_str(), 0),
    };
    if !mantissa
        .chars()
        .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    {
        return true;
    }
    let value = value.abs();
    [('.', ','), (',', '.')].iter().any(|&(decimal, group)| {
        let plain: String = mantissa.chars().filter(|c| *c != group).collect();
        if plain.matches(decimal).count() > 1 {
            return false;
        }
        let places = plain.find(decimal).map_or(0, |i| plain.len() - i - 1);
        let Ok(n) = plain.replace(decimal, ".").parse::<f64>() else {
            return false;
        };
        let scale = 10f64.powi(exponent);
        let tolerance = 0.5 * 10f64.powi(exponent - places as i32);
        // Exactly: within what parsing the shown text can be off by.
        let slack = if exactly { 1e-9 } else { 1.0 + 1e-9 };
        (n * scale - value).abs() <= tolerance * slack
    })
}

/// Whether `shown` is `value`, a mobile wallet number kept as a number
/// (`1711000003`, its leading zero lost), written with Bangladesh's country
/// code before it (`+8801711000003`, `00880 1711-000003`): the same wallet
/// (wallets.md). Only a ten-digit `1[3-9]…` value is read so, far past any
/// amount a row may pay.
fn wallet_in_international_form(shown: &str, value: f64) -> bool {
    let held = format!("{value}");
    let mobile = held.len() == 10
        && held.starts_with('1')
        && held.bytes().all(|b| b.is_ascii_digit())
        && held
            .as_bytes()
            .get(1)
            .is_some_and(|b| (b'3'..=b'9').contains(b));
    if !mobile {
        return false;
    }
    let digits: String = shown
        .chars()
        .map(ascii_digit)
        .filter(char::is_ascii_digit)
        .collect();
    digits
        .strip_suffix(held.as_str())
        .is_some_and(super::unseen::is_country_code)
}

/// The number a fraction shows (`999 1/3`, `1/4`): a whole number, a space,
/// then digits over digits; `None` for anything else (a date `5/12/2026`).
fn fraction(text: &str) -> Option<f64> {
    let mut parts = text.split_whitespace();
    let (whole, part) = match (parts.next()?, parts.next(), parts.next()) {
        (p, None, None) => ("0", p),
        (w, Some(p), None) => (w, p),
        _ => return None,
    };
    let (n, d) = part.split_once('/')?;
    let number = |t: &str| {
        (!t.is_empty() && t.chars().all(|c| c.is_ascii_digit())).then(|| t.parse::<f64>().ok())?
    };
    let (w, n, d) = (number(whole)?, number(n)?, number(d)?);
    (d > 0.0).then(|| w + n / d)
}

/// Bengali digits as ASCII ones; every other character as it is.
fn ascii_digit(c: char) -> char {
    match c {
        '\u{09E6}'..='\u{09EF}' => char::from_digit(c as u32 - 0x09E6, 10).unwrap_or(c),
        c => c,
    }
}

#[cfg(test)]
mod tests {
    use super::{Shown, judge};

    fn states(shown: &str, value: f64) -> bool {
        super::states(shown, value, false)
    }

    #[test]
    fn no_digit_shows_nothing_of_a_number_but_zero() {
        assert_eq!(judge(9400.0, "-", false, true), Shown::Nothing);
        assert_eq!(judge(0.0, "-", false, true), Shown::Same);
        assert_eq!(judge(12000.0, "12", true, true), Shown::Another);
        assert_eq!(
            judge(12000.0, "12", true, false),
            Shown::Same,
            "cut short: no judgement"
        );
    }

    #[test]
    fn another_number_is_told_apart_from_the_same_one_shown() {
        // Shown as another number: thousands, percent, literal zeros, K.
        for (shown, value) in [
            ("12", 12000.0),
            ("5000%", 50.0),
            ("12000", 12.0),
            ("12K", 12000.0),
            ("Tk 1,200", 12000.0),
        ] {
            assert!(!states(shown, value), "{shown} for {value}");
        }
        // The same number, however it is dressed.
        for (shown, value) in [
            ("Tk 9,100", 9100.0),
            ("8,000.00", 8000.0),
            ("  9,000 ", 9000.0),
            ("\u{09f3}6,000", 6000.0),
            ("12.000,00", 12000.0),
            ("1,20,000", 120000.0),
            ("1,235", 1234.56),
            ("5E+03", 5000.0),
            ("1.71E+09", 1712345011.0),
            ("(500)", -500.0),
            ("01712345002", 1712345002.0),
            ("\u{09e7}\u{09e8},\u{09e6}\u{09e6}\u{09e6}", 12000.0),
            ("12 000", 12000.0),
        ] {
            assert!(states(shown, value), "{shown} for {value}");
        }
        // No judgement: no digit, a time, two numbers, a date.
        for shown in ["-", "12:30", "9,100 / 12", "Nov 2026: 5", "5/12/2026"] {
            assert!(states(shown, 7.0), "{shown}");
        }
        // A fraction is the number it shows.
        assert!(!states("1/2", 7.0) && states("7 1/2", 7.5));
    }

    #[test]
    fn a_number_shown_to_fewer_digits_than_it_holds_is_rounded() {
        for (shown, value) in [
            ("1,000", 999.6),
            ("1,000.00", 999.996),
            ("1.23E+03", 1234.0),
            ("\u{09f3}1,500", 1500.4),
            ("999 1/3", 999.33),
            ("1/2", 0.4),
        ] {
            assert_eq!(judge(value, shown, true, true), Shown::Rounded, "{shown}");
        }
        for (shown, value) in [
            ("999.60", 999.6),
            ("1,000", 1000.0),
            ("1.23E+03", 1230.0),
            ("Tk 750.25", 750.25),
            ("999 1/2", 999.5),
        ] {
            assert_eq!(judge(value, shown, true, true), Shown::Same, "{shown}");
        }
    }
}
