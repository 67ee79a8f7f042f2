//! The one rule that keeps a CSV report's text from running as a formula.
//!
//! Excel and LibreOffice run a CSV cell as a formula when its first
//! character is `=` (both), `+`, `-` or `@` (Excel). OWASP's "CSV
//! Injection" page adds a leading tab, carriage return and line feed, and
//! the full-width forms `＝ ＋ － ＠` that Excel accepts in East Asian
//! locales; ASVS 1.2.10 adds NUL. A text cell starting with any of them
//! gets a leading `'`, OWASP's remedy, which both programs then show as
//! text.
//!
//! The rule is decided by what the report means a cell to be, never by
//! what the text looks like. **Text is always neutralised**, even when it
//! reads as a number: `-500` or `+8801712345678` typed into a payroll CSV
//! is the user's text, and left bare LibreOffice opens it as the number
//! 8801712345678 (checked with LibreOffice 7.4), losing the `+` the check
//! report exists to show. **Numbers the report writes as numbers** (amounts
//! in poisha, row numbers, counts, and numeric cells of a workbook, which
//! the XLSX report writes as numbers too) are never prefixed: they are not
//! text, and a plain number cannot call anything. Both kinds go through
//! [`crate::report::csv`]'s record builder, which is the only way a CSV
//! report writes a cell.

use std::borrow::Cow;

/// The first characters that make a spreadsheet read a cell as a formula,
/// or that hide one behind a control character.
const TRIGGERS: [char; 12] = [
    '=', '+', '-', '@', '\t', '\r', '\n', '\0', // OWASP, ASVS
    '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}', // ＝ ＋ － ＠
];

/// Whether a spreadsheet could run `s` as a formula.
pub(crate) fn looks_like_formula(s: &str) -> bool {
    s.starts_with(TRIGGERS)
}

/// A text cell, made inert: a leading `'` when it could run as a formula.
pub(crate) fn neutralise(s: &str) -> Cow<'_, str> {
    if looks_like_formula(s) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// A cell the report means as a number (a workbook's numeric cell as
/// read): bare when it is a plain decimal, which no spreadsheet runs as a
/// formula (`-500` included), and neutralised as text otherwise.
pub(crate) fn number(s: &str) -> Cow<'_, str> {
    if is_plain_number(s) {
        Cow::Borrowed(s)
    } else {
        neutralise(s)
    }
}

/// Whether `s` is a plain decimal (`-500`, `12.50`, `1250000`): the only
/// shape a cell the report writes as a number may have. Anything else
/// offered as a number is written as text, through [`neutralise`].
pub(crate) fn is_plain_number(s: &str) -> bool {
    let body = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
        && !(body.contains('.') && frac.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The side the two old rules disagreed on: `checkreport` let text that
    /// looks like a number through bare; text is text.
    #[test]
    fn text_is_neutralised_even_when_it_reads_as_a_number() {
        for s in ["-500", "+8801712345678", "-12.50", "+1", "-0012"] {
            assert_eq!(neutralise(s), format!("'{s}"), "{s}");
        }
    }

    #[test]
    fn every_formula_trigger_is_neutralised() {
        let cases = [
            "=1+1",
            "=HYPERLINK(\"http://x\")",
            "+cmd|' /C calc'!A0",
            "-2+3",
            "@SUM(A1)",
            "\t=1+1",
            "\r=1+1",
            "\n=1+1",
            "\0=1+1",
            "\u{FF1D}1+1",
            "\u{FF0B}1+1",
            "\u{FF0D}1+1",
            "\u{FF20}SUM(A1)",
        ];
        for s in cases {
            assert_eq!(neutralise(s), format!("'{s}"), "{s:?}");
        }
    }

    #[test]
    fn ordinary_text_is_left_as_written() {
        for s in [
            "Rahim",
            "01712345678",
            "রহিম",
            "",
            " =1+1",
            "a=b",
            "'quoted",
        ] {
            assert_eq!(neutralise(s), s, "{s:?}");
        }
    }

    /// A number is bare whatever its sign; only what is no plain decimal
    /// falls back to the text rule.
    #[test]
    fn a_number_is_bare_unless_it_is_no_plain_decimal() {
        for s in ["-500", "12.50", "0"] {
            assert_eq!(number(s), s, "{s}");
        }
        for s in ["=1+1", "-1e5", "+5"] {
            assert_eq!(number(s), format!("'{s}"), "{s}");
        }
        assert_eq!(number("1,000"), "1,000");
    }

    #[test]
    fn only_plain_decimals_may_be_written_as_numbers() {
        for s in ["0", "-500", "12.50", "-0.01", "1250000"] {
            assert!(is_plain_number(s), "{s}");
        }
        for s in [
            "", "-", "+5", "1e5", "12.", ".5", "1,000", "=1", "NaN", "inf", " 5",
        ] {
            assert!(!is_plain_number(s), "{s}");
        }
    }
}
