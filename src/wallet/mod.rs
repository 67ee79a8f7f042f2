//! Providers and wallet ids: normalise and validate them (see wallets.md).
//!
//! The provider always comes from the sheet. Numbers have been portable between
//! operators since 2018, so payrun never infers a provider from a prefix.

mod id;
#[cfg(test)]
mod tests;

pub use id::{WalletError, WalletId, ascii_digit, clean_text, normalize_wallet};

use std::fmt;

/// The three mobile-financial-service providers the gateway pays into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Provider {
    Bkash,
    Nagad,
    Rocket,
}

impl Provider {
    /// Every provider, in the order reports list them.
    pub const ALL: [Provider; 3] = [Provider::Bkash, Provider::Nagad, Provider::Rocket];

    /// The stable lower-case key used in the ledger and machine output.
    pub const fn key(self) -> &'static str {
        match self {
            Provider::Bkash => "bkash",
            Provider::Nagad => "nagad",
            Provider::Rocket => "rocket",
        }
    }

    /// The brand as people write it, for human output.
    pub const fn display_name(self) -> &'static str {
        match self {
            Provider::Bkash => "bKash",
            Provider::Nagad => "Nagad",
            Provider::Rocket => "Rocket",
        }
    }

    /// The seed's `wayCode`. The code actually sent is configurable, because
    /// another page of the same provider lists `BKASH` and `NAGAD`.
    pub const fn default_way_code(self) -> &'static str {
        match self {
            Provider::Bkash => "EWALLET_BKASH",
            Provider::Nagad => "EWALLET_NAGAD",
            Provider::Rocket => "EWALLET_ROCKET",
        }
    }

    /// Reads the ledger key back.
    pub fn from_key(key: &str) -> Option<Provider> {
        Provider::ALL.into_iter().find(|p| p.key() == key)
    }
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.display_name())
    }
}

impl Provider {
    /// Reads the provider cell of a sheet. Finance teams write the brand, the
    /// gateway code, the bank's name or the Bengali word, in any case, so all of
    /// those are accepted; anything else is `None` and the row is invalid,
    /// because guessing a provider would send money to the wrong network.
    pub fn parse_alias(text: &str) -> Option<Provider> {
        // Fold case and drop separators into a small stack buffer: this runs
        // once per row, and nearly every cell is short ASCII.
        let text = clean_text(text);
        if text.is_ascii() && text.len() <= 32 {
            let mut buf = [0u8; 32];
            let mut n = 0;
            for b in text
                .bytes()
                .filter(|b| !matches!(b, b' ' | b'_' | b'-' | b'.'))
            {
                if let Some(slot) = buf.get_mut(n) {
                    *slot = b.to_ascii_lowercase();
                    n += 1;
                }
            }
            return match buf.get(..n)? {
                b"ewalletbkash" | b"bkash" => Some(Provider::Bkash),
                b"ewalletnagad" | b"nagad" => Some(Provider::Nagad),
                b"ewalletrocket" | b"rocket" | b"dbbl" | b"dutchbangla" | b"dutchbanglabank" => {
                    Some(Provider::Rocket)
                }
                _ => None,
            };
        }
        let key: String = text
            .chars()
            .filter(|c| !matches!(c, ' ' | '_' | '-' | '.'))
            .flat_map(char::to_lowercase)
            .collect();
        match key.as_str() {
            "বিকাশ" => Some(Provider::Bkash),
            "নগদ" => Some(Provider::Nagad),
            "রকেট" => Some(Provider::Rocket),
            _ => None,
        }
    }
}
