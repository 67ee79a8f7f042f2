//! A company's name above the header (`One Stop Solutions Ltd.`) is a
//! name, not an order: read as [`super`] reads a name, for a phrase or a
//! value set apart, never for a word inside it. Otherwise every sheet that
//! company makes would be refused for its name.

use super::*;

/// The last word of a company's name (`One Stop Solutions Ltd.`).
const COMPANY: &[&str] = &[
    "ltd",
    "limited",
    "plc",
    "inc",
    "llc",
    "pvt",
    "corp",
    "corporation",
    "company",
    "co",
    "লিমিটেড",
    "লিঃ",
];

/// Words no company's name holds, but a hold written before a name does
/// (`Salary held ABC Ltd.`): a part holding one is read as a title.
const NOT_IN_A_NAME: &[&str] = &[
    "held",
    "withheld",
    "stopped",
    "suspended",
    "cancelled",
    "canceled",
    "salary",
    "salaries",
    "payment",
    "বেতন",
    "স্থগিত",
];

/// Whether the title part `raw` is a company's name: its words are a name,
/// not an order (`One Stop Solutions Ltd.`, `Stop & Shop Limited`,
/// `Hold-Fast Co.`). A part that opens with a stop word (`HOLD ABC Ltd.`)
/// or holds a word of a held salary (`Salary held ABC Ltd.`) is not one,
/// whatever its last word (probe15).
pub(super) fn company(raw: &str) -> bool {
    let f = folded(raw);
    let named = f
        .split_whitespace()
        .next_back()
        .is_some_and(|w| COMPANY.contains(&w));
    let opens_with_stop = raw
        .split_whitespace()
        .next()
        .is_some_and(|w| STOP.contains(&folded(w).trim()));
    named && !opens_with_stop && !f.split_whitespace().any(|w| NOT_IN_A_NAME.contains(&w))
}

/// What a title holding a company's name says: each part naming a company
/// (`One Stop Solutions Ltd.`) read as a name, for a phrase only; every
/// other part set apart by a bracket, a comma or a spaced dash read as a
/// title ([`super::title_held`]: `HOLD - ABC Ltd.`, `Salary held - ABC
/// Ltd.`, `ABC Ltd. - PAID`).
pub(super) fn held_beside_a_company(title: &str) -> Option<&'static str> {
    parts(title)
        .filter(|p| !p.trim().is_empty())
        .filter_map(|p| {
            let f = folded(p);
            if company(p) {
                phrases::sheet_phrase_says(&f, |_, _, _| false)
            } else {
                title_held(p)
            }
        })
        .max_by_key(|v| v.len())
}
