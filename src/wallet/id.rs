//! Wallet ids: the written forms that mean the same number, the damage
//! spreadsheets do, and the per-provider rules (see wallets.md).

use super::Provider;

/// A wallet id that passed every rule for its provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalletId {
    /// 11 digits for bKash and Nagad, 12 for Rocket, starting `01`.
    pub digits: String,
    /// Set when the id had to be repaired in a way a person must confirm
    /// (a restored leading zero). Cosmetic clean-ups (spaces, `+88`) are silent.
    pub warning: Option<String>,
}

/// Why a wallet cell cannot be paid. Each message completes the sentence
/// `"<cell as written>" ...` and says what to do next.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WalletError {
    #[error("is empty; enter the wallet number")]
    Empty,
    #[error(
        "is in scientific notation; the digits are lost — format the column as Text and re-enter it"
    )]
    Scientific,
    #[error("looks like a date, not a wallet number — format the column as Text and re-enter it")]
    LooksLikeDate,
    #[error("contains {}, which cannot be part of a wallet number", shown_char(*.0))]
    BadCharacter(char),
    #[error(
        "starts with {0}, a prefix not in use in Bangladesh (011 was Citycell, closed in 2016; 012 was never assigned)"
    )]
    UnusedPrefix(&'static str),
    #[error("has {0} digits; a {1} wallet is an 11-digit mobile number 01[3-9]XXXXXXXX")]
    MobileLength(usize, &'static str),
    #[error(
        "has 12 digits, like a Rocket account; a {0} wallet is an 11-digit mobile number — check the provider column"
    )]
    LooksLikeRocket(&'static str),
    #[error(
        "is missing the Rocket check digit: a Rocket account is the 11-digit mobile number plus one digit (12 digits)"
    )]
    MissingRocketCheckDigit,
    #[error(
        "has {0} digits; a Rocket account has exactly 12 (the 11-digit mobile number plus a check digit)"
    )]
    RocketLength(usize),
    #[error(
        "does not start with 01 followed by an operator digit 3-9, so it is not a Bangladeshi mobile number"
    )]
    NotMobile,
    #[error(
        "has {0} digits; a wallet number has 11 (bKash, Nagad: the mobile number 01[3-9]XXXXXXXX) or 12 (Rocket: the mobile number and a check digit)"
    )]
    AnyLength(usize),
    #[error(
        "keeps the 0 after the country code 880; write the number either as +880 1712345678 (no 0 after 880) or as 01712345678"
    )]
    ZeroAfterCountryCode,
}

/// A character for a message: itself in quotes when a person can see it,
/// its code point when it is invisible or a control character. (`{:?}` would
/// turn a Bengali vowel sign into `'\u{9bf}'`.)
fn shown_char(c: char) -> String {
    if c.is_control() || is_invisible(c) || is_right_to_left(c) || c.is_whitespace() {
        format!("the invisible character U+{:04X}", c as u32)
    } else {
        format!("'{c}'")
    }
}

/// Characters that spreadsheets and chat apps slip into cells invisibly.
/// The direction marks among them (WhatsApp wraps a copied number in
/// U+202A ... U+202C, Android in U+2066 ... U+2069) can only keep digits
/// left to right, in the order they are stored, so the number shown is the
/// number paid.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00A0}'
            | '\u{2007}'
            | '\u{202F}'
            | '\u{200B}'
            | '\u{200C}'
            | '\u{200D}'
            | '\u{2060}'
            | '\u{FEFF}'
            // Left-to-right mark, embedding, override, isolate, and the pops.
            | '\u{200E}'
            | '\u{202A}'
            | '\u{202C}'
            | '\u{202D}'
            | '\u{2066}'
            | '\u{2069}'
    )
}

/// Right-to-left (and first-strong) marks, embeddings, overrides and
/// isolates: they can show a cell's digits, or its groups, in another order
/// than the one stored, so the number a person checked is not the one that
/// would be paid (`U+202E 01654321710` shows as `01712345610`). A cell
/// holding one is refused, named.
fn is_right_to_left(c: char) -> bool {
    matches!(
        c,
        '\u{200F}' | '\u{061C}' | '\u{202B}' | '\u{202E}' | '\u{2067}' | '\u{2068}'
    )
}

/// Dashes a phone, a word processor or a contacts app writes between the
/// groups of a number: the same separator as `-`.
fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '–' | '—' | '\u{2212}' | '\u{FF0D}'
    )
}

fn trim(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || is_invisible(c))
}

/// Trims whitespace (including non-breaking and zero-width spaces), one pair of
/// surrounding quotes, Excel's apostrophe force-text mark and the CSV
/// `="..."` force-text formula. Shared with the
/// amount parser so both read a cell the same way.
pub fn clean_text(text: &str) -> &str {
    // Most cells start and end with a plain ASCII letter or digit: nothing to do.
    let plain = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphanumeric());
    if plain(text.as_bytes().first()) && plain(text.as_bytes().last()) {
        return text;
    }
    let mut s = trim(text);
    // `="01712345678"`: the CSV way to make Excel keep a leading zero (the
    // cell is a formula that yields the text). It means the text inside.
    if s.len() >= 3
        && let Some(inner) = s.strip_prefix("=\"").and_then(|r| r.strip_suffix('"'))
        && !inner.contains('"')
    {
        s = trim(inner);
    }
    for (open, close) in [('"', '"'), ('\'', '\''), ('“', '”'), ('‘', '’')] {
        if s.len() >= 2 && s.starts_with(open) && s.ends_with(close) {
            s = trim(&s[open.len_utf8()..s.len() - close.len_utf8()]);
            break;
        }
    }
    if let Some(rest) = s.strip_prefix('\'').or_else(|| s.strip_prefix('’')) {
        s = trim(rest);
    }
    s
}

/// Maps Bengali digits (U+09E6..U+09EF) to ASCII explicitly: `char::is_numeric`
/// is true for them but `to_digit(10)` is not, so a generic check would either
/// reject a correct number or keep a digit the gateway cannot read.
pub fn ascii_digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '\u{09E6}'..='\u{09EF}' => char::from_u32(c as u32 - 0x09E6 + u32::from(b'0')),
        _ => None,
    }
}

/// `1.71235E+09`, `1.7E9`, `1,71E+09`: what Excel writes into a CSV when a
/// long number column was not formatted as text.
fn is_scientific(s: &str) -> bool {
    let Some(pos) = s.find(['e', 'E']) else {
        return false;
    };
    let (mantissa, exp) = (&s[..pos], &s[pos + 1..]);
    let exp = exp.strip_prefix(['+', '-']).unwrap_or(exp);
    let mantissa_ok = !mantissa.is_empty()
        && mantissa.chars().any(|c| ascii_digit(c).is_some())
        && mantissa
            .chars()
            .all(|c| ascii_digit(c).is_some() || c == '.' || c == ',');
    mantissa_ok && !exp.is_empty() && exp.chars().all(|c| ascii_digit(c).is_some())
}

/// `2026-11-01`, `01/11/2026`, `1.11.26`: day, month and year (either way
/// round), separated by `/`, `-` or `.`. Wallet numbers written with
/// separators have longer groups (`0171.234.5678`), so they do not match.
fn looks_like_date(s: &str) -> bool {
    if !s.contains(['/', '-', '.']) {
        return false;
    }
    let s = s.split([' ', 'T']).next().unwrap_or(s);
    let digits = |p: &str, lens: std::ops::RangeInclusive<usize>| {
        lens.contains(&p.len()) && p.chars().all(|c| c.is_ascii_digit())
    };
    for sep in ['/', '-', '.'] {
        let parts: Vec<&str> = s.split(sep).collect();
        if let [a, b, c] = parts.as_slice() {
            let dmy =
                digits(a, 1..=2) && digits(b, 1..=2) && (digits(c, 2..=2) || digits(c, 4..=4));
            let ymd = digits(a, 4..=4) && digits(b, 1..=2) && digits(c, 1..=2);
            if dmy || ymd {
                return true;
            }
        }
    }
    false
}

/// The mobile-number rule shared by all three providers: `^01[3-9][0-9]{8}$`.
fn check_mobile(d: &str) -> Result<(), WalletError> {
    if d.starts_with("011") {
        return Err(WalletError::UnusedPrefix("011"));
    }
    if d.starts_with("012") {
        return Err(WalletError::UnusedPrefix("012"));
    }
    let b = d.as_bytes();
    let ok = b.len() == 11
        && b.first() == Some(&b'0')
        && b.get(1) == Some(&b'1')
        && matches!(b.get(2), Some(b'3'..=b'9'));
    if ok {
        Ok(())
    } else {
        Err(WalletError::NotMobile)
    }
}

/// Whether a wallet a gateway echoed (`walletId` in an answer or a
/// callback) names another wallet than `wallet`, the normalised one payrun
/// sent. The echo is read by the sheet's own rule for `provider`, so
/// `+880 1712-345678` is `01712345678`; one that rule cannot read (a masked
/// `017****5678`) is no contradiction, as an unreadable amount is none.
pub fn echo_names_another(echo: &str, wallet: &str, provider: Provider) -> bool {
    normalize_wallet(echo, provider).is_ok_and(|read| read.digits != wallet)
}

/// Normalises a wallet cell as written and validates it for `provider`.
///
/// Cosmetic forms (`+88`, `0088`, `88`, spaces, dashes, dots, brackets,
/// Bengali digits, invisible spaces, quotes, an apostrophe prefix) are cleaned
/// silently because they mean the same number. A lost leading zero is restored
/// only with a warning, because the repair is a guess a person must confirm.
/// Anything else is an error: paying a wrong wallet cannot be undone.
pub fn normalize_wallet(raw: &str, provider: Provider) -> Result<WalletId, WalletError> {
    let (mut digits, numeric_artefact) = cell_digits(raw)?;
    let want = if provider == Provider::Rocket { 12 } else { 11 };
    let mut warning = None;
    if digits.len() == want - 1
        && digits.starts_with('1')
        && matches!(digits.as_bytes().get(1), Some(b'3'..=b'9'))
    {
        digits.insert(0, '0');
        warning = Some(format!(
            "lost its leading zero ({}); read as {digits} — check it, and format the column as Text",
            if numeric_artefact {
                "the spreadsheet stored it as a number"
            } else {
                "a spreadsheet treated it as a number"
            }
        ));
    }
    check_for_provider(&digits, provider)?;
    Ok(WalletId { digits, warning })
}

/// The cell's digits with the cosmetic forms removed (separators, invisible
/// spaces, Bengali digits, a `+88`/`0088`/`88` country prefix, a number
/// cell's `.0`), and whether it was written as a number with a fraction.
/// Anything that is not one of those forms is an error.
fn cell_digits(raw: &str) -> Result<(String, bool), WalletError> {
    let s = clean_text(raw);
    if s.is_empty() {
        return Err(WalletError::Empty);
    }
    if is_scientific(s) {
        return Err(WalletError::Scientific);
    }
    if looks_like_date(s) {
        return Err(WalletError::LooksLikeDate);
    }
    // `1712345678.0`: a number cell written out with its float fraction.
    let mut numeric_artefact = false;
    let mut body = s;
    if let Some((int, frac)) = s.split_once('.')
        && !int.is_empty()
        && int.chars().all(|c| ascii_digit(c).is_some())
        && !frac.is_empty()
        && frac.chars().all(|c| c == '0' || c == '\u{09E6}')
    {
        body = int;
        numeric_artefact = true;
    }
    let mut digits = String::with_capacity(16);
    for (i, c) in body.chars().enumerate() {
        if let Some(d) = ascii_digit(c) {
            digits.push(d);
        } else if matches!(c, '+' | '\u{FF0B}') && i == 0 {
            // International prefix: only meaningful before 88, checked below.
        } else if matches!(c, ' ' | '.' | '(' | ')' | '\t') || is_dash(c) || is_invisible(c) {
        } else {
            return Err(WalletError::BadCharacter(c));
        }
    }
    if digits.is_empty() {
        return Err(WalletError::NotMobile);
    }
    if body.starts_with(['+', '\u{FF0B}']) && !digits.starts_with("88") {
        return Err(WalletError::BadCharacter('+'));
    }
    if let Some(rest) = digits.strip_prefix("0088") {
        digits = rest.to_string();
    } else if digits.starts_with("880") {
        digits.replace_range(..2, "");
    } else {
        return Ok((digits, numeric_artefact));
    }
    // `+880 01712345678`: the trunk 0 kept after the country code. One
    // number is meant, but the written form is not one wallets.md lists.
    if digits.starts_with("00") {
        return Err(WalletError::ZeroAfterCountryCode);
    }
    Ok((digits, numeric_artefact))
}

/// The provider's own rule on the normalised digits: 11 digits of a
/// Bangladeshi mobile number for bKash and Nagad, the same plus one check
/// digit for Rocket.
fn check_for_provider(d: &str, provider: Provider) -> Result<(), WalletError> {
    match provider {
        Provider::Rocket => match d.len() {
            12 => check_mobile(&d[..11]),
            11 => {
                check_mobile(d)?;
                Err(WalletError::MissingRocketCheckDigit)
            }
            n => Err(WalletError::RocketLength(n)),
        },
        Provider::Bkash | Provider::Nagad => match d.len() {
            11 => check_mobile(d),
            12 if check_mobile(&d[..11]).is_ok() => {
                Err(WalletError::LooksLikeRocket(provider.display_name()))
            }
            n => Err(WalletError::MobileLength(n, provider.display_name())),
        },
    }
}

/// Checks a wallet cell whose provider is not known (the provider cell is
/// wrong): what is wrong whatever the provider, and nothing that names one
/// provider's rule. `Ok` when it would be right for some provider.
pub fn normalize_wallet_any(raw: &str) -> Result<WalletId, WalletError> {
    let as_mobile = normalize_wallet(raw, Provider::Bkash);
    if as_mobile.is_ok() {
        return as_mobile;
    }
    let as_rocket = normalize_wallet(raw, Provider::Rocket);
    if as_rocket.is_ok() {
        return as_rocket;
    }
    match as_mobile {
        Err(WalletError::MobileLength(n, _)) => Err(WalletError::AnyLength(n)),
        // Twelve digits that would be a Rocket account but for the check.
        Err(WalletError::LooksLikeRocket(_)) => as_rocket,
        other => other,
    }
}
