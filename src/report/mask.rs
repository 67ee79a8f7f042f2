//! `--mask-wallets`: reports that leave finance show only the last 4 digits
//! of each wallet id.
//!
//! Wallet ids are phone numbers, i.e. personal data, and they turn up in more
//! than the wallet column: invalid rows quote the wallet cell in their notes,
//! a gateway's description may echo it, a name cell may hold one. So every
//! text field is scanned for numbers written as a wallet is written
//! (wallets.md): 11 digits `01…`, 12 for Rocket, 10 `1[3-9]…` where a
//! spreadsheet dropped the leading zero; with or without `+880`, `880` or
//! `00880`, and with spaces, dashes, dots or brackets between the digits.
//! Only those are masked. An amount (`Tk 12,34,500.00`, `amount as written:
//! 123456`) is not such a number and stays readable: a commas-grouped figure
//! is never joined into one number. tradeNos stay whole, because they are
//! what the gateway's support desk asks for.

use super::model::ReportData;

/// Digits as the sheet may write them: ASCII or Bengali (U+09E6 to U+09EF).
fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('\u{09E6}'..='\u{09EF}').contains(&c)
}

/// The digit's value as an ASCII digit.
fn ascii(c: char) -> char {
    match c {
        '\u{09E6}'..='\u{09EF}' => char::from(b'0' + (c as u32 - 0x09E6) as u8),
        c => c,
    }
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

/// Whether `digits` (ASCII) is a wallet id as wallets.md writes one: a
/// mobile number (11 digits), a Rocket account (12), one of those a digit
/// short or over (a typo the notes quote), or a mobile number that lost its
/// leading zero (10), after any `00880`, `880` prefix.
fn is_wallet_number(digits: &str) -> bool {
    let d = digits
        .strip_prefix("00880")
        .map(|r| format!("0{r}"))
        .or_else(|| digits.strip_prefix("880").map(|r| format!("0{r}")))
        .unwrap_or_else(|| digits.to_string());
    let b = d.as_bytes();
    match b.len() {
        // A digit short or over is a mistyped wallet: still someone's number.
        10..=13 if b[0] == b'0' && b[1] == b'1' => true,
        10 => b[0] == b'1' && (b'3'..=b'9').contains(&b[1]),
        _ => false,
    }
}

/// A separator that may stand between the digit groups of one written
/// wallet id. Never a comma: that is how amounts group their digits.
fn joins_digits(c: char) -> bool {
    matches!(c, ' ' | '-' | '.' | '(' | ')' | '\u{a0}')
}

/// The digit groups of `chars`: (start, end) of each maximal run of digits.
fn groups(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if is_digit(chars[i]) {
            let start = i;
            while i < chars.len() && is_digit(chars[i]) {
                i += 1;
            }
            out.push((start, i));
        } else {
            i += 1;
        }
    }
    out
}

/// Whether groups `a` and `b` (in that order) are parts of one written
/// number: one separator between them, or brackets and a space.
fn adjacent(chars: &[char], a: (usize, usize), b: (usize, usize)) -> bool {
    let between = &chars[a.1..b.0];
    !between.is_empty() && between.len() <= 2 && between.iter().all(|&c| joins_digits(c))
}

/// A wallet a spreadsheet wrote in scientific notation (`1.71235E+09`)
/// starting at group `i`: the last group of it. Its digits are a wallet's
/// leading ones, so it is masked like one.
fn scientific_at(chars: &[char], gs: &[(usize, usize)], i: usize) -> Option<usize> {
    let (m, frac, exp) = (gs[i], *gs.get(i + 1)?, *gs.get(i + 2)?);
    let between = |a: (usize, usize), b: (usize, usize)| chars[a.1..b.0].iter().collect::<String>();
    let exp_text: String = chars[exp.0..exp.1].iter().map(|&c| ascii(c)).collect();
    let sign = between(frac, exp).to_ascii_uppercase();
    let wallet_sized = matches!(exp_text.parse::<u32>(), Ok(9..=11));
    (m.1 - m.0 == 1 && between(m, frac) == "." && (sign == "E+" || sign == "E") && wallet_sized)
        .then_some(i + 2)
}

/// Masks every wallet id written in `s`, leaving every other number alone.
/// From each digit group, the longest run of adjacent groups that reads as
/// a wallet is masked (`row 12 0171 234 5678` masks the last three groups).
pub(crate) fn mask_text(s: &str) -> String {
    let mut chars: Vec<char> = s.chars().collect();
    let gs = groups(&chars);
    let mut i = 0;
    while i < gs.len() {
        let mut digits = String::new();
        let mut best = scientific_at(&chars, &gs, i);
        for j in i..gs.len() {
            if j > i && !adjacent(&chars, gs[j - 1], gs[j]) {
                break;
            }
            digits.extend(chars[gs[j].0..gs[j].1].iter().map(|&c| ascii(c)));
            if digits.len() > 15 {
                break;
            }
            if is_wallet_number(&digits) && best.is_none_or(|b| b < j) {
                best = Some(j);
            }
        }
        match best {
            Some(j) => {
                let (start, end) = (gs[i].0, gs[j].1);
                let masked: Vec<char> = mask_digits(&chars[start..end].iter().collect::<String>())
                    .chars()
                    .collect();
                chars.splice(start..end, masked);
                i = j + 1;
            }
            None => i += 1,
        }
    }
    chars.into_iter().collect()
}

fn mask_opt(s: &mut Option<String>) {
    if let Some(t) = s {
        *t = mask_text(t);
    }
}

/// A copy of the report with wallets masked, flagged in the summary so a
/// reader knows the digits are hidden on purpose.
pub(crate) fn masked(data: &ReportData) -> ReportData {
    let mut out = data.clone();
    out.summary.wallets_masked = true;
    for row in &mut out.rows {
        row.wallet = mask_digits(&row.wallet);
        mask_opt(&mut row.name);
        mask_opt(&mut row.reference);
        mask_opt(&mut row.status_desc);
        mask_opt(&mut row.statement);
        row.notes = row.notes.iter().map(|n| mask_text(n)).collect();
    }
    for a in &mut out.summary.approvals {
        mask_opt(&mut a.note);
    }
    out
}

#[cfg(test)]
#[path = "mask_tests.rs"]
mod tests;
