//! `--mask-wallets`: reports that leave finance show only the last 4 digits.
//!
//! Wallet ids are phone numbers, i.e. personal data. Invalid rows quote the
//! wallet cell in their notes too, so notes are masked as well: any word with
//! six or more digits keeps only its last four. tradeNos stay whole, because
//! they are what the gateway's support desk asks for.

use super::model::ReportData;

/// Digits as the sheet may write them: ASCII or Bengali (U+09E6 to U+09EF).
fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('\u{09E6}'..='\u{09EF}').contains(&c)
}

/// Replaces every digit but the last four with `*`, keeping other characters,
/// so a raw cell like `+880 1712-345678` stays recognisable in shape only.
pub(crate) fn mask_digits(s: &str) -> String {
    let total = s.chars().filter(|&c| is_digit(c)).count();
    let keep_from = total.saturating_sub(4);
    let mut seen = 0;
    s.chars()
        .map(|c| {
            if !is_digit(c) {
                return c;
            }
            seen += 1;
            if seen > keep_from { c } else { '*' }
        })
        .collect()
}

/// Masks each whitespace-separated word holding six digits or more.
fn mask_text(s: &str) -> String {
    s.split(' ')
        .map(|word| {
            if word.chars().filter(|&c| is_digit(c)).count() >= 6 {
                mask_digits(word)
            } else {
                word.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A copy of the report with wallets masked, flagged in the summary so a
/// reader knows the digits are hidden on purpose.
pub(crate) fn masked(data: &ReportData) -> ReportData {
    let mut out = data.clone();
    out.summary.wallets_masked = true;
    for row in &mut out.rows {
        row.wallet = mask_digits(&row.wallet);
        row.notes = row.notes.iter().map(|n| mask_text(n)).collect();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_only_the_last_four_digits() {
        assert_eq!(mask_digits("01712345678"), "*******5678");
        assert_eq!(mask_digits("017123456789"), "********6789");
        assert_eq!(mask_digits("+880 1712-345678"), "+*** ****-**5678");
        assert_eq!(mask_digits("০১৭১২৩৪৫৬৭৮"), "*******৫৬৭৮");
        assert_eq!(mask_digits("123"), "123");
    }

    #[test]
    fn notes_lose_long_numbers_but_keep_the_reason() {
        let note = "Wallet: '01712-345678' has 10 digits; fix row 12";
        let masked = mask_text(note);
        assert!(!masked.contains("345678"), "{masked}");
        assert!(masked.contains("5678"));
        assert!(masked.contains("row 12"));
        assert!(masked.contains("10 digits"));
    }
}
