//! The tradeNo's form: what `trade_no_form` (`--trade-no-form`,
//! `PAYRUN_TRADE_NO_FORM`) says. A leaf: `plan` makes tradeNos in it, the
//! ledger records it with each batch, the configuration parses it.
//!
//! payrun makes every tradeNo itself (`plan::trade_no`), so a gateway that
//! refuses its characters refuses every row, and no correction of the
//! sheet can help. The provider's page says only "Uniqueness (recommended
//! format: YYYYMMDDHHMMSS+random number)", so a gateway may take letters
//! and digits only, or digits only. Each form keeps the same hash of (batch
//! label, row identity, revision), which is what makes a tradeNo unique and
//! the same on every run.

use std::fmt;
use std::str::FromStr;

/// How a tradeNo is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum TradeNoForm {
    /// `payroll-202-3f1c0e9a7b5d2c4e6f80`: up to 11 characters of the
    /// label, `-`, 20 hex digits of the hash; at most 32 of
    /// `[A-Za-z0-9_-]`. The form of every tradeNo before the setting
    /// existed: unchanged byte for byte (ledgers and gateways hold them).
    #[default]
    LabelHash,
    /// `payroll2023f1c0e9a7b5d2c4e6f80`: the same front without `-` and
    /// `_`, then the same 20 hex digits; at most 31 of `[A-Za-z0-9]`.
    Alphanumeric,
    /// `0003853472194503829174651`: the same 80-bit hash as a zero-padded
    /// decimal of 25 digits (2^80 < 10^25), nothing else.
    Digits,
}

impl TradeNoForm {
    /// Every form, in the order the docs list them.
    pub const ALL: [TradeNoForm; 3] = [
        TradeNoForm::LabelHash,
        TradeNoForm::Alphanumeric,
        TradeNoForm::Digits,
    ];

    /// The name written in payrun.toml, recorded in the ledger and shown.
    /// Never change one: the ledger holds them.
    pub fn name(self) -> &'static str {
        match self {
            TradeNoForm::LabelHash => "label-hash",
            TradeNoForm::Alphanumeric => "alphanumeric",
            TradeNoForm::Digits => "digits",
        }
    }

    /// The characters a tradeNo of this form is made of, for messages.
    pub fn alphabet(self) -> &'static str {
        match self {
            TradeNoForm::LabelHash => "letters, digits, '-' and '_'",
            TradeNoForm::Alphanumeric => "letters and digits",
            TradeNoForm::Digits => "digits",
        }
    }

    /// The longest tradeNo of this form.
    pub fn max_chars(self) -> usize {
        match self {
            TradeNoForm::LabelHash => 32,
            TradeNoForm::Alphanumeric => 31,
            TradeNoForm::Digits => 25,
        }
    }

    /// [`Self::name`] read back; `None` for a name this payrun does not know.
    pub fn from_name(name: &str) -> Option<TradeNoForm> {
        TradeNoForm::ALL.into_iter().find(|f| f.name() == name)
    }
}

impl FromStr for TradeNoForm {
    type Err = String;

    /// The names, in any case; `_` for `-` and a few plain readings
    /// (`alnum`, `numeric`), since people type them.
    fn from_str(s: &str) -> Result<TradeNoForm, String> {
        let t = s.trim().to_ascii_lowercase().replace('_', "-");
        let form = match t.as_str() {
            "label-hash" => Some(TradeNoForm::LabelHash),
            "alphanumeric" | "alnum" | "letters-and-digits" => Some(TradeNoForm::Alphanumeric),
            "digits" | "numeric" | "digits-only" => Some(TradeNoForm::Digits),
            _ => None,
        };
        form.ok_or_else(|| {
            "must be label-hash (the default: label front, '-', hash; letters, digits, '-' and \
             '_', at most 32), alphanumeric (letters and digits only, at most 31) or digits \
             (digits only, 25)"
                .to_string()
        })
    }
}

impl fmt::Display for TradeNoForm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_back_and_typed_variants_are_read() {
        for f in TradeNoForm::ALL {
            assert_eq!(TradeNoForm::from_name(f.name()), Some(f));
            assert_eq!(f.name().parse::<TradeNoForm>(), Ok(f));
            assert_eq!(f.to_string(), f.name());
        }
        assert_eq!("Label_Hash".parse(), Ok(TradeNoForm::LabelHash));
        assert_eq!(" alnum ".parse(), Ok(TradeNoForm::Alphanumeric));
        assert_eq!("numeric".parse(), Ok(TradeNoForm::Digits));
        let e = "hex".parse::<TradeNoForm>().unwrap_err();
        assert!(e.contains("alphanumeric") && e.contains("digits"), "{e}");
        assert_eq!(TradeNoForm::from_name("hex"), None);
        assert_eq!(TradeNoForm::default(), TradeNoForm::LabelHash);
    }
}
