//! The one vocabulary of units and currencies an amount may be said to be
//! in, wherever the sheet says it: the words a number format writes beside
//! the figure (`format_words.rs`), the amount column's header, a units row
//! under the header, a title above it.
//!
//! Finance keeps figures in thousands or lakhs ("Figures in thousand Taka",
//! "(Tk '000)", "টাকা (হাজারে)") and contractors' pay in dollars ("Amount
//! ($)", "all amounts in USD"). A person reads Tk 13,000 or $500; the cells
//! hold 13 and 500, and payrun pays a cell's figure as taka. Words for taka
//! itself (`Tk`, `BDT`, `টাকা`, `৳`: `money::is_currency_word`) are not a
//! unit and not another currency.

use super::format_words::Unit;
use crate::fields::bengali_one_form;

/// Units a figure is kept in, any case: thousands, millions, lakhs,
/// crores, billions, in English and Bengali.
pub(super) const UNITS: [&str; 21] = [
    "K",
    "thousand",
    "thousands",
    "hajar",
    "হাজার",
    "M",
    "Mn",
    "million",
    "lac",
    "lacs",
    "lakh",
    "lakhs",
    "লাখ",
    "লক্ষ",
    "crore",
    "crores",
    "cr",
    "কোটি",
    "B",
    "bn",
    "billion",
];

/// Of [`UNITS`], those too short to read as a unit in a title's sentence
/// ("Sheet B", "K. Rahman"): they are read in a header or a units row only.
const SHORT_UNITS: [&str; 6] = ["K", "M", "Mn", "cr", "B", "bn"];

/// Bengali units as stems: a case ending follows them (`হাজারে`, "in
/// thousands"; `লাখ টাকায়`).
const BENGALI_UNITS: [&str; 4] = ["হাজার", "লাখ", "লক্ষ", "কোটি"];

/// A header that says its figures are poisha (`Amount (Poisha)`, the
/// `Paisa` of a Taka | Paisa pair): a unit too, a hundredth of a taka.
const POISHA: [&str; 6] = ["poisha", "paisa", "paise", "poysha", "ps", "পয়সা"];

/// Currency signs other than taka's.
const SIGNS: [char; 7] = ['$', '€', '£', '₹', '¥', '₨', '﷼'];

/// Codes and names of other currencies, as shown (compared in any case).
const CURRENCIES: [&str; 30] = [
    "USD", "EUR", "GBP", "INR", "Rs", "PKR", "NPR", "LKR", "AED", "SAR", "QAR", "KWD", "OMR",
    "MYR", "SGD", "CAD", "AUD", "JPY", "CNY", "RMB", "dollar", "dollars", "euro", "euros", "rupee",
    "rupees", "ringgit", "riyal", "dirham", "yen",
];

/// Bengali names of other currencies, as stems (`ডলারে`, "in dollars").
const BENGALI_CURRENCIES: [&str; 4] = ["ডলার", "রুপি", "রুপী", "ইউরো"];

/// Where a unit is said: the context decides which words count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Said {
    /// A title or a note above the header: a sentence, so only the words
    /// that cannot mean anything else ("thousand", "lakh", "'000", "USD").
    Title,
    /// The amount column's header.
    Header,
    /// The amount column's cell in the row right under the header.
    UnitsRow,
}

/// The unit or currency `text` says the amounts are in, if any: a unit
/// first (`Amount (USD '000)` is in thousands before it is in dollars).
pub(crate) fn said_in(text: &str, said: Said) -> Option<Unit> {
    unit_in_words(text, said)
        .map(Unit::Named)
        .or_else(|| currency_in(text).map(Unit::Currency))
}

/// Whether a title says the amounts are in taka (`All amounts in BDT`,
/// `in Taka`, `টাকায়`): then another currency it names (an exchange rate
/// beside it) is not the amounts'. Only these words count, never a mere
/// mention of taka (`Salaries in USD (converted from BDT)`).
pub(super) fn states_taka(text: &str) -> bool {
    let lower = text.to_lowercase();
    ["in bdt", "in taka", "in tk", "টাকায়"]
        .iter()
        .any(|w| lower.contains(w))
}

/// The other currency `text` names by a sign or a word (`$`, `USD`, `Rs.`,
/// `ডলার`); never taka's (`৳`, `Tk`, `BDT`, `টাকা`).
pub(super) fn currency_in(text: &str) -> Option<&'static str> {
    if let Some(sign) = SIGNS.iter().find(|s| text.contains(**s)) {
        return Some(sign_name(*sign));
    }
    words(text).find_map(|w| {
        CURRENCIES
            .iter()
            .find(|c| c.eq_ignore_ascii_case(&w))
            .or_else(|| BENGALI_CURRENCIES.iter().find(|c| w.starts_with(**c)))
            .copied()
    })
}

/// Whether `c` is another currency's sign (`$`, `€`, `₹`).
pub(super) fn is_currency_sign(c: char) -> bool {
    SIGNS.contains(&c)
}

/// A sign as a `&'static str`, to name it.
fn sign_name(sign: char) -> &'static str {
    match sign {
        '$' => "$",
        '€' => "€",
        '£' => "£",
        '₹' => "₹",
        '¥' => "¥",
        '₨' => "₨",
        _ => "﷼",
    }
}

/// The unit `text` names in words, in context `said`.
pub(super) fn unit_in_words(text: &str, said: Said) -> Option<&'static str> {
    if thousands_mark(text) {
        return Some("'000");
    }
    let text = bengali_one_form(text);
    words(&text).find_map(|w| {
        UNITS
            .iter()
            .filter(|u| said != Said::Title || !SHORT_UNITS.contains(*u))
            .find(|u| u.eq_ignore_ascii_case(&w))
            .or_else(|| BENGALI_UNITS.iter().find(|u| bengali_stem(&w, u)))
            .or_else(|| match said {
                Said::Title => None,
                Said::Header | Said::UnitsRow => POISHA.iter().find(|p| is_poisha_word(&w, p)),
            })
            .copied()
    })
}

/// Whether `word` is a poisha word (`p` of [`POISHA`]), its Bengali typed
/// either way.
fn is_poisha_word(word: &str, p: &str) -> bool {
    word.eq_ignore_ascii_case(p) || word == bengali_one_form(p)
}

/// Whether folded header `words` name poisha: a column of a Taka | Poisha
/// pair.
pub(crate) fn names_poisha(words: &[String]) -> bool {
    words
        .iter()
        .any(|w| POISHA.iter().any(|p| is_poisha_word(w, p)))
}

/// `word` opens with Bengali unit `stem` (`হাজারে`), but is not another
/// word that does (`লক্ষ্য`, "aim", is `লক্ষ` and a virama).
fn bengali_stem(word: &str, stem: &str) -> bool {
    word.strip_prefix(stem)
        .is_some_and(|rest| !rest.starts_with('\u{09CD}'))
}

/// `'000` (or `’000`): the accountant's mark for "in thousands".
fn thousands_mark(text: &str) -> bool {
    ["'000", "\u{2019}000", "\u{2018}000", "`000"]
        .iter()
        .any(|m| text.contains(m))
}

/// The words of `text`: runs of letters of any script and Bengali's signs
/// (the taka sign and digits end a word).
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
}

/// Letters of any script and Bengali's signs, but not the taka sign or a
/// digit.
pub(super) fn is_word_char(c: char) -> bool {
    !c.is_numeric()
        && c != '\u{09F3}'
        && (c.is_alphabetic() || ('\u{0980}'..='\u{09FF}').contains(&c))
}

#[cfg(test)]
mod tests {
    use super::{Said, Unit, said_in};

    #[test]
    fn units_and_currencies_are_read_from_words() {
        let named = |u| Some(Unit::Named(u));
        let currency = |c| Some(Unit::Currency(c));
        for (text, said, want) in [
            (
                "Salary December 2026 (Figures in thousand Taka)",
                Said::Title,
                named("thousand"),
            ),
            ("(Tk '000)", Said::Title, named("'000")),
            ("Salary in Lac", Said::Title, named("lac")),
            ("ডিসেম্বর ২০২৬ বেতন (অংক হাজার টাকায়)", Said::Title, named("হাজার")),
            ("লাখ টাকায়", Said::Title, named("লাখ")),
            ("Amount (Tk \u{2019}000)", Said::Header, named("'000")),
            ("Amount in Thousand", Said::Header, named("thousand")),
            ("Amount (K)", Said::Header, named("K")),
            ("টাকা (হাজারে)", Said::Header, named("হাজার")),
            ("Amount (Poisha)", Said::Header, named("poisha")),
            ("(BDT '000)", Said::UnitsRow, named("'000")),
            ("Amount ($)", Said::Header, currency("$")),
            ("Amount (USD)", Said::Header, currency("USD")),
            ("Salary in EUR", Said::Header, currency("EUR")),
            ("INR", Said::Header, currency("INR")),
            ("Rs.", Said::Header, currency("Rs")),
            ("all amounts in USD", Said::Title, currency("USD")),
            ("বেতন (ডলারে)", Said::Title, currency("ডলার")),
        ] {
            assert_eq!(said_in(text, said), want, "{text}");
        }
        for (text, said) in [
            ("Amount (Tk)", Said::Header),
            ("Amount (BDT)", Said::Header),
            ("টাকা", Said::Header),
            ("Net pay \u{09f3}", Said::Header),
            ("Amount in Taka", Said::Header),
            ("Payroll Sheet B - K. Rahman", Said::Title),
            ("লক্ষ্য পূরণ বোনাস", Said::Title),
            ("Salary December 2026", Said::Title),
            ("Mrs Hrs", Said::Header),
        ] {
            assert_eq!(said_in(text, said), None, "{text}");
        }
    }
}
