//! The words [`super`] reads around a hold or paid phrase (lifts, times,
//! objects other than the payment, means), and the months: a list per
//! meaning, written folded as [`super::folded`] writes a cell.

use super::{MONTHS, folded};

/// Words that lift a hold said before them.
pub(super) const LIFTS: &[&str] = &[
    "released",
    "resumed",
    "lifted",
    "withdrawn",
    "revoked",
    "cleared",
    "restored",
    "reinstated",
    "চালু",
    "প্রত্যাহার",
];
/// Bengali lifts of two words: `ছাড়া` alone is "without".
pub(super) const LIFT_PAIRS: &[(&str, &str)] = &[("ছাড়া", "হয়েছে"), ("ছাড়া", "হলো")];

/// Words that set a hold in the past.
pub(super) const PAST: &[&str] = &[
    "was",
    "were",
    "had",
    "previously",
    "earlier",
    "formerly",
    "ছিল",
    "ছিলো",
];

/// Words that may stand between a hold and its lift: times and small words.
pub(super) const BETWEEN: &[&str] = &[
    "in",
    "on",
    "from",
    "since",
    "during",
    "for",
    "of",
    "the",
    "and",
    "but",
    "then",
    "now",
    "is",
    "has",
    "have",
    "been",
    "it",
    "this",
    "last",
    "month",
    "till",
    "until",
    "salary",
    "payment",
    "pay",
    "was",
    "ছিল",
    "ছিলো",
];

/// The only words that may follow a lift, to the end of the cell: when,
/// and on whose word. Written as a clerk writes them; folded when read.
pub(super) const AFTER_LIFT: &[&str] = &[
    "now",
    "today",
    "in",
    "on",
    "from",
    "since",
    "this",
    "month",
    "and",
    "is",
    "has",
    "been",
    "by",
    "hr",
    "md",
    "ceo",
    "gm",
    "mail",
    "email",
    "letter",
    "memo",
    "order",
    "as",
    "per",
    "the",
    "of",
    "with",
    "salary",
    "pay",
    "payment",
    "এখন",
    "আজ",
    "থেকে",
    "মাস",
    "মাসে",
    "মাসের",
    "হয়েছে",
    "হলো",
    "বেতন",
];

/// Words before a lift that deny it or put it off (`not released`, `to be
/// released`, `until released`).
pub(super) const NOT_YET_LIFTED: &[&str] = &[
    "yet", "be", "no", "to", "until", "till", "unless", "if", "when", "once", "after", "upon",
    "pending", "awaiting", "will", "shall",
];

/// What a stop word may be said of, other than the payment.
pub(super) const OBJECTS: &[&str] = &[
    "loan",
    "installment",
    "instalment",
    "emi",
    "leave",
    "deduction",
    "deductions",
    "advance",
    "fine",
    "penalty",
    "pf",
    "tax",
    "ঋণ",
    "লোন",
    "কিস্তি",
    "ছুটি",
    "কর্তন",
];

/// Words that make a stop phrase about the payment itself.
pub(super) const PAY_NOUNS: &[&str] = &["salary", "payment", "pay", "বেতন", "পেমেন্ট"];

/// Arrears: a held salary named as what is paid now.
pub(super) const ARREARS: &[&str] = &["arrear", "arrears", "বকেয়া"];
/// Stop words that say a salary was held (a state), not an order.
pub(super) const HELD: &[&str] = &["held", "withheld", "stopped", "suspended", "স্থগিত"];

/// Means payrun never pays by: `do not pay in cash` orders none of them.
pub(super) const NOT_BY: &[&str] = &["cash", "cheque", "check", "chq", "hand"];
/// Phrases of not paying that a means may follow.
pub(super) const PAY_NOT: &[&str] = &[
    "do not pay",
    "dont pay",
    "not to pay",
    "do not send",
    "dont send",
    "do not transfer",
    "dont transfer",
    "do not disburse",
];
/// The word between a verb and its means.
pub(super) const BY: &[&str] = &["in", "by", "via", "through", "with"];

/// Words that bound a payment until a time.
pub(super) const UNTIL: &[&str] = &["until", "till", "upto"];
/// Words of the way of paying from then on.
pub(super) const ONWARD: &[&str] = &["now", "onwards", "onward", "থেকে"];

/// Bengali month names (not `মে`, May, which opens other words), folded
/// once, with their numbers.
pub(super) static BENGALI_MONTHS: std::sync::LazyLock<Vec<(String, u8)>> =
    std::sync::LazyLock::new(|| {
        [
            ("জানুয়ারি", 1),
            ("ফেব্রুয়ারি", 2),
            ("মার্চ", 3),
            ("এপ্রিল", 4),
            ("জুন", 6),
            ("জুলাই", 7),
            ("আগস্ট", 8),
            ("সেপ্টেম্বর", 9),
            ("অক্টোবর", 10),
            ("নভেম্বর", 11),
            ("ডিসেম্বর", 12),
        ]
        .iter()
        .map(|(m, n)| (folded(m).trim().to_string(), *n))
        .collect()
    });

/// The month (1-12) a folded word names: `oct`, `october`, `অক্টোবরে`.
pub(super) fn month_of(w: &str) -> Option<u8> {
    if MONTHS.contains(&w) {
        const ORDER: [&str; 12] = [
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        ];
        let n = ORDER.iter().position(|m| w.starts_with(m))?;
        return u8::try_from(n + 1).ok();
    }
    BENGALI_MONTHS
        .iter()
        .find(|(m, _)| {
            w.strip_prefix(m.as_str())
                .is_some_and(|rest| BENGALI_CASE_ENDINGS.contains(&rest))
        })
        .map(|(_, n)| *n)
}

/// The endings a Bengali month name takes (`অক্টোবরে`, `নভেম্বরের`); a
/// longer word that starts with a month's letters is another word
/// (`মার্চেন্ডাইজিং`, merchandising; `জুনিয়র`, junior).
const BENGALI_CASE_ENDINGS: &[&str] = &["", "ে", "র", "ের", "েই", "ও", "য়"];

/// How many months `m` is before the sheet's month `sheet` (0 for the
/// same, 11 for the month after): `m` is this sheet's or earlier when at
/// most 5, reading a year's turn (`Dec` before `Jan`).
pub(super) fn months_back(sheet: u8, m: u8) -> u8 {
    (sheet + 12 - m) % 12
}

/// The sheet's month: the one month its titles above the header name
/// (`Salary Sheet November 2026`, `নভেম্বর ২০২৬ বেতন`, `Salary 11/2026`),
/// or `None` when they name none or several. `May` is not read: it is as
/// often a verb. A title that dates the paper (`Printed on 3 December`)
/// names no pay period and is passed over.
pub(in crate::validate) fn sheet_month<'a>(titles: impl Iterator<Item = &'a str>) -> Option<u8> {
    let mut found = None;
    for title in titles {
        let f = folded(title);
        if f.split_whitespace().any(|w| DATED.contains(&w)) {
            continue;
        }
        let named = f
            .split_whitespace()
            .filter(|w| *w != "may")
            .filter_map(month_of);
        for m in named.chain(title.split_whitespace().filter_map(period_month)) {
            if found.is_some_and(|n| n != m) {
                return None;
            }
            found = Some(m);
        }
    }
    found
}

/// Words of a title that dates the paper, not the pay period.
const DATED: &[&str] = &[
    "printed",
    "print",
    "generated",
    "exported",
    "downloaded",
    "created",
    "dated",
    "date",
    "prepared",
];

/// The month of a pay period written in figures: `11/2026`, `11-2026`,
/// `2026-11`, `2026/11` (a word of the raw title).
fn period_month(word: &str) -> Option<u8> {
    let w = word.trim_matches(|c: char| !c.is_ascii_digit());
    let (a, b) = w.split_once(['/', '-'])?;
    let month = match (a.len(), b.len()) {
        (1 | 2, 4) => a,
        (4, 1 | 2) => b,
        _ => return None,
    };
    month.parse::<u8>().ok().filter(|m| (1..=12).contains(m))
}
