//! Reading amounts as finance teams write them, to exact poisha.

use super::Amount;

/// Why a cell is not an amount. Each message completes the sentence
/// `"<cell as written>" ...` and says what to do next.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error("is empty; enter the amount in taka")]
    Empty,
    #[error(
        "is in scientific notation, so the exact amount is unknown — format the column as Number and re-enter it"
    )]
    Scientific,
    #[error(
        "has more than 2 decimal places; a taka has 100 poisha, so at most 2 (if the dot groups thousands, as in 1.500, write 1500 or 1,500)"
    )]
    TooManyDecimals,
    #[error("is zero; enter the amount or remove the row")]
    Zero,
    #[error(
        "is a dash, which accounting formats show for zero: the amount is zero; enter the amount or remove the row"
    )]
    Dash,
    #[error("is negative; a payout cannot take money back")]
    Negative,
    #[error("is not an amount; write it like 12,500 or 12500.00")]
    NotANumber,
    #[error(
        "groups its digits with {space}, which payrun does not read inside an amount; write {digits} (or group with commas, like 12,500)"
    )]
    SpaceGrouping {
        /// The space as people call it, with its code point when invisible.
        space: &'static str,
        /// The figure without the spaces, to write instead.
        digits: String,
    },
    #[error("starts with a plus sign; an amount is written without a sign: write {digits}")]
    PlusSign {
        /// The figure without the sign.
        digits: String,
    },
    #[error(
        "has commas in unexpected places; write it like 1,00,000 or 100,000 (a comma is never a decimal mark here)"
    )]
    BadGrouping,
    #[error("is too large to be an amount")]
    TooLarge,
    #[error(
        "groups thousands with dots (European style), but payrun reads a dot as the decimal mark; write it like 1500 or 1,500 (and 1500.50 for poisha)"
    )]
    DotGrouping,
}

/// `1.500`, `12.500.000`, `1.500,00`: thousands grouped with dots, maybe a
/// decimal comma. Read as written, `1.500` would be one and a half taka (too
/// many decimals) or worse, so it gets its own message.
fn dot_grouped(s: &str) -> bool {
    let (int, frac) = match s.split_once(',') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let groups: Vec<&str> = int.split('.').collect();
    let [first, rest @ ..] = groups.as_slice() else {
        return false;
    };
    let digits = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    !rest.is_empty()
        && digits(first)
        && first.len() <= 3
        && rest.iter().all(|g| g.len() == 3 && digits(g))
        && frac.is_none_or(|f| f.len() <= 2 && digits(f))
}

/// Currency marks finance teams put before or after the figure.
const CURRENCY_MARKS: [&str; 6] = ["bdt", "tk.", "tk", "taka", "৳", "টাকা"];

/// Whether `word` is one of the currency marks an amount may carry
/// (`Tk`, `taka`, `BDT`, `টাকা`), any case: a number format that writes
/// one beside the figure shows the amount as held.
pub fn is_currency_word(word: &str) -> bool {
    let word = word.trim_end_matches('.');
    CURRENCY_MARKS
        .iter()
        .any(|mark| mark.trim_end_matches('.').eq_ignore_ascii_case(word))
}

/// Strips one currency mark from the start, case-insensitively.
fn strip_currency_prefix(s: &str) -> &str {
    for mark in CURRENCY_MARKS {
        if let Some(head) = s.get(..mark.len())
            && head.eq_ignore_ascii_case(mark)
        {
            return s[mark.len()..].trim_start();
        }
    }
    s
}

/// Strips one currency mark from the end, case-insensitively.
fn strip_currency_suffix(s: &str) -> &str {
    for mark in CURRENCY_MARKS {
        if s.len() >= mark.len()
            && let Some(tail) = s.get(s.len() - mark.len()..)
            && tail.eq_ignore_ascii_case(mark)
        {
            return s[..s.len() - mark.len()].trim_end();
        }
    }
    s
}

/// Whether `1,00,000` / `100,000` style grouping is regular. A comma anywhere
/// else may be a decimal comma (`12,50`), and reading it as grouping would pay
/// a hundred times too much.
fn grouping_ok(int: &str) -> bool {
    let groups: Vec<&str> = int.split(',').collect();
    let [first, middle @ .., last] = groups.as_slice() else {
        return true;
    };
    if last.len() != 3 || first.is_empty() {
        return false;
    }
    let western = first.len() <= 3 && middle.iter().all(|g| g.len() == 3);
    let lakh = first.len() <= 2 && middle.iter().all(|g| g.len() == 2);
    western || lakh
}

/// Spaces that group digits in some locales (LibreOffice and Excel in
/// French or Russian write `12 000` with a non-breaking or narrow one), and
/// what to call each in a message: the invisible ones by their code point.
const GROUPING_SPACES: [(char, &str); 5] = [
    (' ', "a space"),
    ('\u{a0}', "a non-breaking space (U+00A0)"),
    ('\u{2009}', "a thin space (U+2009)"),
    ('\u{202f}', "a narrow non-breaking space (U+202F)"),
    ('\u{2007}', "a figure space (U+2007)"),
];

/// `12 000` and its kin: digits grouped by a space. Never read as an amount
/// (a space may as well split two numbers), but refused saying which space
/// and what to write.
fn space_grouped(s: &str) -> Option<AmountError> {
    let (_, space) = GROUPING_SPACES.iter().find(|(c, _)| s.contains(*c))?;
    let digits: String = s
        .chars()
        .filter(|c| !GROUPING_SPACES.iter().any(|(g, _)| g == c))
        .collect();
    let figure = digits
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.'))
        && digits.starts_with(|c: char| c.is_ascii_digit());
    figure.then_some(AmountError::SpaceGrouping { space, digits })
}

/// Dashes an accounting format shows for zero: `-`, `–`, `—`, `−`, also
/// padded (`" -   "`) or doubled.
fn is_dash(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| matches!(c, '-' | '\u{2212}' | '–' | '—' | '‒' | '―' | ' '))
}

impl Amount {
    /// The figure a cell holds, zero and negative included, for comparing
    /// with the sheet's own totals: what Excel's `SUM` would count. A dash
    /// (an accounting format's zero) and an empty cell are zero; `None` when
    /// the cell is not a figure at all.
    pub fn figure(text: &str) -> Option<Amount> {
        match Amount::parse_signed(text) {
            Ok(a) => Some(a),
            Err(AmountError::Empty) => Some(Amount::ZERO),
            Err(_) => None,
        }
    }

    /// Parses an amount as written in a sheet: `1,000`, `1,00,000`, `BDT 500`,
    /// `Tk 500`, `Tk. 500`, `৳500`, `500/-`, `500.00`, Bengali digits.
    ///
    /// The text is read as a decimal, never through a float, so `19.99` is
    /// exactly 1999 poisha. Zero, negative amounts, more than two decimals and
    /// `E` notation are refused, because each means the sheet is not saying
    /// what the payer thinks it says. Policy (whole taka, caps) is the
    /// validator's business, not the parser's.
    pub fn parse(text: &str) -> Result<Amount, AmountError> {
        match Amount::parse_signed(text) {
            Ok(a) if a.0 > 0 => Ok(a),
            Ok(a) if a.0 < 0 => Err(AmountError::Negative),
            Ok(_) if is_dash(&dash_body(text)) => Err(AmountError::Dash),
            Ok(_) => Err(AmountError::Zero),
            Err(e) => Err(e),
        }
    }

    /// [`Amount::parse`] without the sign rules: `-500` and `(500)` are
    /// minus 500, `0` and a dash are zero. Every rule about how a figure is
    /// written lives here, so a total compares exactly what a payout pays.
    fn parse_signed(text: &str) -> Result<Amount, AmountError> {
        let cleaned = crate::wallet::clean_text(text);
        if cleaned.is_empty() {
            return Err(AmountError::Empty);
        }
        // The common case, plain whole taka, without allocating.
        if cleaned.len() <= 15 && cleaned.bytes().all(|b| b.is_ascii_digit()) {
            let taka = cleaned
                .bytes()
                .fold(0i64, |t, b| t * 10 + i64::from(b - b'0'));
            return Ok(Amount::from_poisha(taka * 100));
        }
        let body = dash_body(cleaned);
        if is_dash(&body) {
            return Ok(Amount::ZERO);
        }
        let mut s = body.as_str();
        let mut negative = false;
        if let Some(rest) = s.strip_prefix(['-', '\u{2212}']) {
            (s, negative) = (strip_currency_prefix(rest.trim_start()), true);
        } else if let Some(inner) = s.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
            (s, negative) = (strip_currency_prefix(inner.trim()), true);
        }
        if !negative && let Some(rest) = s.strip_prefix('+') {
            // `+12000`: refused, but said as what it is when the rest is a figure.
            let rest = rest.trim_start();
            Amount::parse_unsigned(rest)?;
            return Err(AmountError::PlusSign {
                digits: rest.to_string(),
            });
        }
        if let Some(e) = space_grouped(s).filter(|_| !negative) {
            return Err(e);
        }
        let a = Amount::parse_unsigned(s)?;
        Ok(if negative { Amount(-a.0) } else { a })
    }

    /// The figure of a cell without its sign, currency marks already gone.
    fn parse_unsigned(s: &str) -> Result<Amount, AmountError> {
        if s.contains(['e', 'E'])
            && s.chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | 'e' | 'E' | '+' | '-'))
            && s.chars().any(|c| c.is_ascii_digit())
        {
            return Err(AmountError::Scientific);
        }
        if dot_grouped(s) && (s.contains(',') || s.matches('.').count() > 1) {
            return Err(AmountError::DotGrouping);
        }
        let (int, frac) = match s.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (s, None),
        };
        let digits_only = |p: &str| p.chars().all(|c| c.is_ascii_digit());
        if !int.chars().all(|c| c.is_ascii_digit() || c == ',') {
            return Err(AmountError::NotANumber);
        }
        if let Some(f) = frac
            && (f.is_empty() || !digits_only(f))
        {
            return Err(AmountError::NotANumber);
        }
        if int.is_empty() && frac.is_none() {
            return Err(AmountError::NotANumber);
        }
        if int.contains(',') && !grouping_ok(int) {
            return Err(AmountError::BadGrouping);
        }
        let frac = frac.unwrap_or("");
        if frac.len() > 2 {
            return Err(AmountError::TooManyDecimals);
        }
        let mut taka: i64 = 0;
        for b in int.bytes().filter(u8::is_ascii_digit) {
            taka = taka
                .checked_mul(10)
                .and_then(|t| t.checked_add(i64::from(b - b'0')))
                .ok_or(AmountError::TooLarge)?;
        }
        let mut poisha: i64 = 0;
        for (i, b) in frac.bytes().enumerate() {
            let place = if i == 0 { 10 } else { 1 };
            poisha += i64::from(b - b'0') * place;
        }
        let total = taka
            .checked_mul(100)
            .and_then(|t| t.checked_add(poisha))
            .ok_or(AmountError::TooLarge)?;
        Ok(Amount::from_poisha(total))
    }
}

/// A cell with its currency marks and `/-` taken off, digits in ASCII: what
/// is left to read as a figure.
fn dash_body(text: &str) -> String {
    let cleaned = crate::wallet::clean_text(text);
    let ascii: String = cleaned
        .chars()
        .map(|c| crate::wallet::ascii_digit(c).unwrap_or(c))
        .collect();
    let mut s = strip_only(ascii.trim());
    s = strip_currency_prefix(s);
    for dash in ["/-", "/="] {
        if let Some(rest) = s.strip_suffix(dash) {
            s = rest.trim_end();
            break;
        }
    }
    s = strip_currency_suffix(s);
    s = strip_currency_prefix(s);
    s.to_string()
}

/// Takes off the word "only" (`Tk. 5,000/- only`, `৫,০০০ টাকা মাত্র`) that
/// cheques and vouchers write after an amount so nothing can be added: it
/// changes no figure.
fn strip_only(s: &str) -> &str {
    let lower_ends = |word: &str| {
        s.len() > word.len()
            && s.is_char_boundary(s.len() - word.len())
            && s[s.len() - word.len()..].eq_ignore_ascii_case(word)
    };
    for word in ["only", "মাত্র"] {
        if lower_ends(word) {
            return s[..s.len() - word.len()].trim_end();
        }
    }
    s
}

#[cfg(test)]
#[path = "parse_tests.rs"]
mod tests;
