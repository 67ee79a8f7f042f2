//! When a title above the header says the amounts are in another unit or
//! currency, and when it only names one.
//!
//! A title is a sentence: it names other currencies and units for other
//! things as often as for the amounts (probe14: `Local staff only;
//! expatriate salaries in USD are paid by bank separately`, `Buyer: H&M
//! (FOB USD)`, `Dhaka office staff (Berlin office paid in EUR
//! separately)`, `Each payment below Tk 1 lakh`). The rule, clause by
//! clause (the parts between `,` `;` `:` brackets, slashes, a spaced
//! dash):
//! - the accountant's `'000` anywhere says thousands, always;
//! - a unit or currency word in a clause says the amounts are in it,
//!   unless that clause says it is of something else: a limit with a
//!   figure (`below Tk 1 lakh`, `up to USD 500`), or the words of other
//!   people's pay or a trade (`separately`, `excluded`, `FOB`, `buyer`),
//!   or a rate with its figure (`rate 120`, `USD 1 = BDT 120`, `@ 120`);
//! - a clause that names the amounts (`amounts`, `figures`, `currency`,
//!   `অংক`) takes no such excuse: `Amounts in USD, paid separately`
//!   refuses.
//!
//! So `Amounts in USD`, `Salary (USD)`, `USD payroll`, `in thousands`,
//! `Figures in lakh` refuse; a header or a units row naming a unit or a
//! currency refuses as before (`unit_words::said_in`), whatever it says.

use crate::intake::format_words::Unit;
use crate::intake::unit_words::{Said, currency_in, unit_in_words};

/// Words that say the clause is about a limit on a payment, read with a
/// figure beside the unit (`below Tk 1 lakh`).
const LIMITS: &[&str] = &[
    "below",
    "under",
    "above",
    "over",
    "upto",
    "up",
    "max",
    "maximum",
    "limit",
    "ceiling",
    "exceeding",
    "exceed",
    "within",
    "less",
    "more",
    "cap",
    "capped",
    "নিচে",
    "উপরে",
    "পর্যন্ত",
    "বেশি",
    "কম",
];

/// Words that say the clause's currency is other people's pay, a trade or
/// a rate, not the amounts'.
const ELSEWHERE: &[&str] = &[
    "separately",
    "separate",
    "excluded",
    "excluding",
    "except",
    "fob",
    "cif",
    "cfr",
    "cnf",
    "buyer",
    "buyers",
    "আলাদাভাবে",
    "বাদে",
];

/// Words of an exchange rate: another currency beside a figure.
const RATES: &[&str] = &["rate", "exchange", "conversion"];

/// Words that name the amounts themselves.
const AMOUNTS: &[&str] = &["amount", "amounts", "figure", "figures", "currency", "অংক"];

/// The unit or currency the title `text` says the amounts are in, if any.
pub(super) fn title_unit(text: &str) -> Option<Unit> {
    if let Some(u) = unit_in_words(text, Said::Title).filter(|u| *u == "'000") {
        return Some(Unit::Named(u));
    }
    let named = clauses(text).filter(|c| !other_than_amounts(c));
    let named: Vec<&str> = named.collect();
    named
        .iter()
        .find_map(|c| unit_in_words(c, Said::Title).map(Unit::Named))
        .or_else(|| {
            named
                .iter()
                .find_map(|c| currency_in(c).map(Unit::Currency))
        })
}

/// The clauses of a title: split at `,` `;` brackets, slashes, a dash
/// with a space beside it (not `Aug-Oct`), and a full stop that ends a
/// sentence (`USD. Rate 120`; not `Tk. 1 lakh`). Not at a colon: a label
/// and its value are one clause (`Amounts: USD`, `Currency: USD`), so
/// the label's words count with the value.
fn clauses(text: &str) -> impl Iterator<Item = &str> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (i, &(at, c)) in chars.iter().enumerate() {
        let spaced = |j: Option<usize>| {
            j.and_then(|j| chars.get(j))
                .is_none_or(|(_, c)| c.is_whitespace())
        };
        let dash = c == '-' && (spaced(i.checked_sub(1)) || spaced(Some(i + 1)));
        let sentence = c == '.'
            && spaced(Some(i + 1))
            && chars.get(i + 2).is_some_and(|(_, n)| n.is_uppercase());
        if dash || sentence || ",;()[]{}|/–—".contains(c) {
            out.push(&text[start..at]);
            start = at + c.len_utf8();
        }
    }
    out.push(&text[start..]);
    out.into_iter().filter(|c| !c.trim().is_empty())
}

/// Whether the clause names its unit or currency for something other
/// than the amounts: a limit with a figure, or other people's pay, a trade
/// or a rate, in a clause that does not name the amounts.
fn other_than_amounts(clause: &str) -> bool {
    let lower = clause.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric() && !is_mark(c))
        .filter(|w| !w.is_empty())
        .collect();
    let has = |list: &[&str]| words.iter().any(|w| list.contains(w));
    let figure = words.iter().any(|w| w.chars().all(char::is_numeric));
    let limit = has(LIMITS) && figure;
    // A rate is one with its figure (`rate 120`, `USD 1 = BDT 120`).
    let rate = (has(RATES) || lower.contains(['=', '@'])) && figure;
    let elsewhere = (has(ELSEWHERE) || rate) && !has(AMOUNTS);
    limit || elsewhere
}

/// Bengali vowel signs and other marks, part of a word.
fn is_mark(c: char) -> bool {
    ('\u{0981}'..='\u{0983}').contains(&c) || ('\u{09BC}'..='\u{09D7}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// probe14: each named another currency or a unit for something other
    /// than the amounts, and was refused as the amounts' unit.
    #[test]
    fn a_title_naming_a_currency_or_a_unit_for_something_else_says_nothing() {
        for title in [
            "Local staff only; expatriate salaries in USD are paid by bank separately",
            "Buyer: H&M (FOB USD)",
            "Dhaka office staff (Berlin office paid in EUR separately)",
            "Each payment below Tk 1 lakh",
            "Maximum Tk 5 lakh per person",
            "Exchange rate USD 1 = BDT 120",
            "ABC Textiles Ltd. (over 1,000 employees)",
        ] {
            assert_eq!(title_unit(title), None, "{title}");
        }
    }

    #[test]
    fn a_title_saying_the_amounts_are_in_it_still_refuses() {
        let usd = Some(Unit::Currency("USD"));
        for (title, want) in [
            ("Amounts in USD", usd),
            // probe15: a rate in the next sentence, or a label's value
            // after its colon, excuses nothing.
            ("Amounts: USD. Rate 120", usd),
            ("Currency: USD. Rate 120 applied separately", usd),
            (
                "Amounts: USD. Exchange rate 120 applied by bank separately",
                usd,
            ),
            ("Salary (USD)", usd),
            ("USD payroll - November", usd),
            ("Expatriate salaries in USD", usd),
            ("Amounts in USD, paid separately", usd),
            ("Amounts in USD (rate 1 USD = BDT 120)", usd),
            ("Figures in thousands", Some(Unit::Named("thousands"))),
            ("in thousands", Some(Unit::Named("thousands"))),
            ("Salary in Lac", Some(Unit::Named("lac"))),
            ("(Tk '000)", Some(Unit::Named("'000"))),
            (
                "Each payment below Tk 1 lakh ('000)",
                Some(Unit::Named("'000")),
            ),
            (
                "Tk 1 lakh bonus for top performers",
                Some(Unit::Named("lakh")),
            ),
            ("বেতন (ডলারে)", Some(Unit::Currency("ডলার"))),
            ("লাখ টাকায়", Some(Unit::Named("লাখ"))),
        ] {
            assert_eq!(title_unit(title), want, "{title}");
        }
    }
}
