//! Providers and wallet ids: normalise and validate them (see wallets.md).
//!
//! The provider always comes from the sheet. Numbers have been portable between
//! operators since 2018, so payrun never infers a provider from a prefix.

#[cfg(test)]
mod copied_tests;
mod id;
mod names;
#[cfg(test)]
mod tests;

pub use id::{
    WalletError, ascii_digit, clean_text, echo_names_another, normalize_wallet,
    normalize_wallet_any,
};
pub use names::{nearest_provider, providers_named_in};

use std::fmt;

/// The three mobile-financial-service providers the gateway pays into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Provider {
    /// bKash.
    Bkash,
    /// Nagad.
    Nagad,
    /// Rocket (Dutch-Bangla Bank).
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
        word_provider(&key)
    }

    /// Reads a provider cell as a sentence-like label: `DBBL Rocket`,
    /// `bKash Personal`, `Rocket (DBBL)`. Every word must either name the
    /// same provider or be a plain word about a personal wallet; a label
    /// naming two providers, or a merchant or agent account, is refused with
    /// its own reason, because B2C payouts go to personal wallets and a
    /// guess here sends money to the wrong place.
    pub fn read_cell(text: &str) -> Result<Provider, ProviderError> {
        Provider::read_label(text).map_err(|e| match e {
            ProviderError::Unknown => nearest_provider(text).map_or(e, ProviderError::Misspelt),
            e => e,
        })
    }

    /// [`Provider::read_cell`] before a refusal is explained.
    fn read_label(text: &str) -> Result<Provider, ProviderError> {
        if let Some(p) = Provider::parse_alias(text) {
            return Ok(p);
        }
        let lower = clean_text(text).to_lowercase();
        let words: Vec<&str> = lower
            .split(|c: char| !(c.is_alphanumeric() || ('\u{0980}'..='\u{09FF}').contains(&c)))
            .filter(|w| !w.is_empty())
            .collect();
        let mut found: Option<Provider> = None;
        let mut account_type = None;
        for w in &words {
            if let Some(p) = word_provider(w) {
                match found {
                    Some(q) if q != p => return Err(ProviderError::TwoProviders(q, p)),
                    _ => found = Some(p),
                }
            } else if matches!(
                *w,
                "merchant" | "agent" | "business" | "corporate" | "biller"
            ) {
                account_type.get_or_insert(*w);
            } else if *w == "bank" && !words.contains(&"dutch") {
                // "Dutch Bangla Bank" is Rocket's bank; any other bank
                // account is not a wallet.
                return Err(ProviderError::Unknown);
            } else if !NEUTRAL_WORDS.contains(w) {
                return Err(ProviderError::Unknown);
            }
        }
        match (found, account_type) {
            (Some(p), Some(kind)) => Err(ProviderError::NotPersonal(p, kind.to_string())),
            (Some(p), None) => Ok(p),
            (None, _) => Err(ProviderError::Unknown),
        }
    }
}

/// Words a provider label may carry beside the provider's name without
/// changing where the money goes.
const NEUTRAL_WORDS: [&str; 20] = [
    "personal",
    "customer",
    "wallet",
    "ewallet",
    "e",
    "account",
    "acct",
    "ac",
    "a",
    "c",
    "mfs",
    "mobile",
    "banking",
    "bank",
    "dutch",
    "bangla",
    "ব্যক্তিগত",
    "পার্সোনাল",
    "একাউন্ট",
    "অ্যাকাউন্ট",
];

/// One word (already lower case, separators removed) that names a provider.
fn word_provider(w: &str) -> Option<Provider> {
    match w {
        "bkash" | "ewalletbkash" | "বিকাশ" => Some(Provider::Bkash),
        "nagad" | "ewalletnagad" | "নগদ" => Some(Provider::Nagad),
        "rocket" | "ewalletrocket" | "dbbl" | "dutchbangla" | "dutchbanglabank" | "রকেট" => {
            Some(Provider::Rocket)
        }
        _ => None,
    }
}

/// Why a provider cell is not a provider payrun can pay into.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProviderError {
    #[error(
        "is not a provider payrun knows; write bKash, Nagad or Rocket (EWALLET_BKASH, DBBL, বিকাশ, নগদ, রকেট also work)"
    )]
    Unknown,
    #[error("names two providers, {0} and {1}; write the one this wallet is with")]
    TwoProviders(Provider, Provider),
    #[error(
        "is a {0} {1} account; payouts go to personal {0} wallets — confirm the payee's personal wallet and write just {0}"
    )]
    NotPersonal(Provider, String),
    #[error(
        "is not a provider payrun knows; did you mean {0}? Write bKash, Nagad or Rocket (EWALLET_BKASH, DBBL, বিকাশ, নগদ, রকেট also work)"
    )]
    Misspelt(Provider),
}
