//! Words a number format writes beside the figure it shows.
//!
//! Finance keeps a column in thousands or lakhs and lets the number format
//! say so: `#,##0" K"` shows 12 as "12 K", `0.0" lac"` shows 2 as "2.0 lac".
//! The person checking the sheet reads Tk 12,000 and Tk 2,00,000; the cells
//! hold 12 and 2, and payrun would pay those. A currency mark beside the
//! figure (`Tk`, `Tk.`, `BDT`, `টাকা`, `৳`, `/-`: the marks an amount
//! typed as text may carry, `money::is_currency_word`) shows the amount as
//! held, as does punctuation. Another currency's sign or code (`$`, `€`,
//! `₹`, `[$USD]`, `[$$-409]`) is not taka: it is named and refused
//! (`unit_words.rs`, the one list of units and currencies). Every other
//! word is a unit, or may be one, and payrun does not guess which.

use super::unit_words::{UNITS, currency_in, is_currency_sign, is_word_char};
use super::unseen::Hides;
use crate::money::is_currency_word;

/// A word a number format writes beside a figure that is not a currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// A unit payrun knows, as people write it.
    Named(&'static str),
    /// A word payrun does not know: it may be a unit.
    Other,
    /// Another currency than taka, by its sign or code (`$`, `USD`, `₹`):
    /// the figure is not taka at all.
    Currency(&'static str),
}

/// The first word of `literal`, the text a format writes of its own, that
/// is not a currency mark.
pub(super) fn unit_in(literal: &str) -> Option<Unit> {
    if let Some(currency) = currency_in(literal) {
        return Some(Unit::Currency(currency));
    }
    literal
        .split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
        .find(|w| !is_currency_word(w))
        .map(|w| {
            UNITS
                .iter()
                .find(|u| u.eq_ignore_ascii_case(w))
                .map_or(Unit::Other, |u| Unit::Named(u))
        })
}

/// The cells whose format writes words of its own: a unit beside the
/// figure, or text in place of it. (Row as seen, 0-based column.)
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct FormatWords {
    pub(super) units: Vec<(usize, usize, Unit)>,
    pub(super) as_text: Vec<(usize, usize)>,
}

impl FormatWords {
    /// Keeps the cell at `at`, which `hides` hides (`hidden`) or
    /// misstates, if its format writes words of its own.
    pub(super) fn keep(&mut self, at: (usize, usize), hides: &Hides, hidden: bool) {
        if hides.as_text {
            self.as_text.push(at);
        } else if let (false, Some(unit)) = (hidden, hides.unit) {
            self.units.push((at.0, at.1, unit));
        }
    }
}

/// The text a section writes of its own (quoted, escaped, a currency
/// symbol in brackets, letters outside the codes), with a space wherever a
/// code stands, so that literals on either side of the figure stay apart.
pub(super) fn literal_text(section: &str) -> String {
    let mut out = String::new();
    let mut chars = section.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match c {
            '"' => quoted = !quoted,
            c if quoted => out.push(c),
            '[' => {
                let inner: String = chars.by_ref().take_while(|c| *c != ']').collect();
                if let Some(symbol) = inner.strip_prefix('$') {
                    out.push(' ');
                    out.push_str(symbol.split('-').next().unwrap_or_default());
                }
                out.push(' ');
            }
            '\\' => out.extend(chars.next()),
            '_' | '*' => {
                chars.next();
                out.push(' ');
            }
            'E' | 'e' if matches!(chars.peek(), Some('+' | '-')) => out.push(' '),
            'G' | 'g'
                if chars
                    .clone()
                    .take(6)
                    .collect::<String>()
                    .eq_ignore_ascii_case("eneral") =>
            {
                chars.nth(5);
                out.push(' ');
            }
            c if c.is_alphabetic() => out.push(c),
            // `$#,##0`: Excel writes a currency sign unquoted.
            c if is_currency_sign(c) => out.push(c),
            _ => out.push(' '),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{Unit, unit_in};

    #[test]
    fn a_unit_is_told_from_a_currency() {
        for (literal, unit) in [
            (" K", Unit::Named("K")),
            ("k", Unit::Named("K")),
            (" হাজার", Unit::Named("হাজার")),
            (" lac", Unit::Named("lac")),
            (" Lakhs", Unit::Named("lakhs")),
            (" লক্ষ", Unit::Named("লক্ষ")),
            ("Mn", Unit::Named("Mn")),
            ("Tk  crore", Unit::Named("crore")),
            (" units", Unit::Other),
            ("USD ", Unit::Currency("USD")),
            ("$", Unit::Currency("$")),
            (" €", Unit::Currency("€")),
            ("Rs. ", Unit::Currency("Rs")),
        ] {
            assert_eq!(unit_in(literal), Some(unit), "{literal}");
        }
        for literal in [
            "Tk ",
            "Tk. ",
            "BDT ",
            " টাকা",
            "/-",
            "\u{09f3}",
            "(",
            " - ",
            "000",
            "",
        ] {
            assert_eq!(unit_in(literal), None, "{literal}");
        }
    }
}
