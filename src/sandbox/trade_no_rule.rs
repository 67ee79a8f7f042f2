//! Which tradeNos the sandbox's payout endpoint takes: the fault
//! `trade_no_alphabet` (`--trade-no-alphabet`). The provider's page says
//! only "Uniqueness (recommended format: YYYYMMDDHHMMSS+random number)", so
//! a real gateway may take letters and digits only, or digits only, and
//! refuse every other tradeNo with `1001 tradeNo format error`. The sandbox
//! plays such a gateway so that `trade_no_form` is tried end to end.

use serde::{Deserialize, Serialize};

/// The characters a tradeNo may have, beyond the sandbox's own rule (1 to
/// 32 of `A-Z a-z 0-9 _ -`), which every setting keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum TradeNoAlphabet {
    /// Letters, digits, `_` and `-`: every tradeNo payrun makes.
    #[default]
    #[serde(rename = "any")]
    Any,
    /// Letters and digits only.
    #[serde(rename = "alphanumeric")]
    Alphanumeric,
    /// Digits only, as the provider's recommended format.
    #[serde(rename = "digits")]
    Digits,
}

impl TradeNoAlphabet {
    /// `Err` with the words of the refusal (sent with `1001`) when `t` has
    /// a character outside the alphabet. Payouts only: a query about any
    /// tradeNo is answered as before, so that payrun's own questions show
    /// what the gateway holds.
    pub fn check(self, t: &str) -> Result<(), String> {
        let (ok, words): (fn(u8) -> bool, &str) = match self {
            TradeNoAlphabet::Any => return Ok(()),
            TradeNoAlphabet::Alphanumeric => (|b| b.is_ascii_alphanumeric(), "letters and digits"),
            TradeNoAlphabet::Digits => (|b| b.is_ascii_digit(), "digits"),
        };
        if t.bytes().all(ok) {
            Ok(())
        } else {
            Err(format!("tradeNo format error: {t:?} must be {words} only"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_alphabet_refuses_what_it_does_not_take() {
        let any = TradeNoAlphabet::Any;
        assert!(any.check("nov-7021a7c92a5901961f77").is_ok());
        let alnum = TradeNoAlphabet::Alphanumeric;
        let e = alnum.check("nov-7021a7c92a5901961f77").unwrap_err();
        assert!(e.starts_with("tradeNo format error"), "{e}");
        assert!(alnum.check("nov7021a7c92a5901961f77").is_ok());
        let digits = TradeNoAlphabet::Digits;
        assert!(digits.check("nov7021a7c92a5901961f77").is_err());
        assert!(digits.check("0348572700325146699815179").is_ok());
        let f: TradeNoAlphabet = serde_json::from_str(r#""digits""#).unwrap();
        assert_eq!(f, TradeNoAlphabet::Digits);
        assert!(serde_json::from_str::<TradeNoAlphabet>(r#""hex""#).is_err());
    }
}
