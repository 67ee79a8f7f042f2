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

/// A stop value, or a paid one other than the bare `paid`, leading a part
/// of a company's name set apart by a bracket or a dash (`HOLD - ABC
/// Ltd.`): the name itself holds nothing back.
pub(super) fn name_part_held(title: &str) -> Option<&'static str> {
    let mut parts = title
        .split(LABEL_SEPARATORS)
        .filter(|p| !p.trim().is_empty())
        .peekable();
    let first = parts.next()?;
    parts.peek()?;
    std::iter::once(first).chain(parts).find_map(|p| {
        let f = folded(p);
        let paid = PAID.iter().filter(|v| **v != "paid");
        longest(STOP.iter().chain(paid).filter(|v| leads(&f, v)))
    })
}
