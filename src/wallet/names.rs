//! Providers named in a header, and the provider a misspelt cell most
//! likely meant.

use super::{Provider, clean_text, word_provider};

/// Brand spellings (folded: lower case, letters only) a header word may start
/// with: `bkashno` in `bKashNo`, `বিকাশ` in `বিকাশ নম্বর`.
const BRANDS: [(&str, Provider); 7] = [
    ("bkash", Provider::Bkash),
    ("বিকাশ", Provider::Bkash),
    ("nagad", Provider::Nagad),
    ("নগদ", Provider::Nagad),
    ("rocket", Provider::Rocket),
    ("dbbl", Provider::Rocket),
    ("রকেট", Provider::Rocket),
];

/// The providers a header names: `bKash Number` names bKash, `bKash/Nagad
/// No` names two, `Mobile` none. Each provider once, in the order named.
pub fn providers_named_in(header: &str) -> Vec<Provider> {
    let lower = clean_text(header).to_lowercase();
    let mut found: Vec<Provider> = Vec::new();
    for w in lower
        .split(|c: char| !(c.is_alphanumeric() || ('\u{0980}'..='\u{09FF}').contains(&c)))
        .filter(|w| !w.is_empty())
    {
        let p = word_provider(w).or_else(|| {
            BRANDS
                .iter()
                .find(|(b, _)| w.starts_with(b))
                .map(|(_, p)| *p)
        });
        if let Some(p) = p
            && !found.contains(&p)
        {
            found.push(p);
        }
    }
    found
}

/// Mobile financial services in Bangladesh that the gateway does not pay
/// into. A cell naming one is not a misspelt bKash (`mCash` is one letter
/// from `bKash`), so it gets its own message and no suggestion.
const OTHER_SERVICES: [&str; 8] = [
    "upay", "mcash", "tcash", "surecash", "okwallet", "ucash", "tap", "cellfin",
];

/// Whether the cell names a mobile financial service payrun cannot pay into.
fn other_service(text: &str) -> bool {
    let folded = fold(text);
    OTHER_SERVICES.contains(&folded.as_str())
}

/// The provider a cell that is not a provider most likely meant (`nogod`,
/// `roket`, `Bikash`, `bkas`), or `None` when nothing is close: only a
/// suggestion for the message, never a reading of the cell.
pub fn nearest_provider(text: &str) -> Option<Provider> {
    let folded = fold(text);
    let len = folded.chars().count();
    if !(3..=16).contains(&len) || other_service(text) {
        return None;
    }
    // One edit for short words, two from five letters on: `cash` is two
    // edits from `bkash` but is no wallet at all.
    let allowed = if len <= 4 { 1 } else { 2 };
    // The brand names a header may start with, less the bank's
    // abbreviation `dbbl`: only a misspelt name is suggested.
    let names = BRANDS.into_iter().filter(|(name, _)| *name != "dbbl");
    let mut best: Option<(usize, Provider)> = None;
    for (name, p) in names {
        let d = strsim::damerau_levenshtein(&folded, name);
        if d <= allowed && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, p));
        }
    }
    best.map(|(_, p)| p)
}

fn fold(text: &str) -> String {
    clean_text(text)
        .chars()
        .filter(|c| c.is_alphanumeric() || ('\u{0980}'..='\u{09FF}').contains(c))
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_that_name_a_provider() {
        use Provider::*;
        for (h, want) in [
            ("bKash Number", vec![Bkash]),
            ("Bkash A/C", vec![Bkash]),
            ("bKashNo", vec![Bkash]),
            ("Nagad No", vec![Nagad]),
            ("বিকাশ নম্বর", vec![Bkash]),
            ("Rocket Account", vec![Rocket]),
            ("DBBL Mobile Banking", vec![Rocket]),
            ("bKash/Nagad No", vec![Bkash, Nagad]),
            ("Mobile", vec![]),
            ("Wallet", vec![]),
        ] {
            assert_eq!(providers_named_in(h), want, "{h}");
        }
    }

    #[test]
    fn nearest_provider_for_misspellings_only() {
        use Provider::*;
        for (cell, want) in [
            ("nogod", Some(Nagad)),
            ("roket", Some(Rocket)),
            ("Bikash", Some(Bkash)),
            ("bkas", Some(Bkash)),
            ("B-kash", Some(Bkash)),
            ("Nagod", Some(Nagad)),
            ("cash", None),
            ("bank", None),
            ("mCash", None),
            ("upay", None),
            ("paypal", None),
            ("x", None),
        ] {
            assert_eq!(nearest_provider(cell), want, "{cell}");
        }
        assert!(other_service("mCash") && other_service("Upay"));
    }
}
