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

/// Whether the folded title `f` is a company's name: its words are a name,
/// not an order (`One Stop Solutions Ltd.`, `Stop & Shop Limited`).
pub(super) fn company(f: &str) -> bool {
    f.split_whitespace()
        .next_back()
        .is_some_and(|w| COMPANY.contains(&w))
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
            if company(&f) {
                phrases::sheet_phrase_says(&f, |_, _, _| false)
            } else {
                title_held(p)
            }
        })
        .max_by_key(|v| v.len())
}
