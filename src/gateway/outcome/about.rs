//! Whether an accepted answer is about the payout asked about: the same
//! tradeNo, amount and wallet. An answer about another order, or one that
//! contradicts the ledger, is never applied to this payout.

use super::{Accepted, Outcome};
use crate::gateway::wire;
use crate::money::Amount;
use crate::wallet::{Provider, echo_names_another};

impl Accepted {
    /// The tradeNo this answer names, when it is another than `trade_no`.
    /// Spaces around the echo do not count (a fixed-width column pads it),
    /// nor does letter case (a gateway that keeps order numbers in capitals;
    /// no two tradeNos payrun makes differ only in case); a missing echo is
    /// no contradiction.
    pub fn other_trade_no(&self, trade_no: &str) -> Option<&str> {
        names_another(self.trade_no.as_deref(), trade_no)
    }

    /// The wallet this answer names, when it is another than `wallet`: the
    /// gateway says this order's money goes to someone else (the rule:
    /// [`echo_names_another`]).
    pub fn other_wallet(&self, wallet: &str, provider: Provider) -> Option<&str> {
        let echoed = self.wallet_id.as_deref()?;
        echo_names_another(echoed, wallet, provider).then_some(echoed)
    }
}

/// The rule of [`Accepted::other_trade_no`], for any answer's echo.
pub(super) fn names_another<'a>(echo: Option<&'a str>, trade_no: &str) -> Option<&'a str> {
    echo.filter(|t| !t.trim().is_empty() && !t.trim().eq_ignore_ascii_case(trade_no))
}

impl Outcome {
    /// Keeps an accepted answer only if it is about this payout. An answer
    /// naming another `tradeNo`, or an amount other than the one sent, is
    /// not applied: it becomes [`Outcome::Unknown`] with both values in the
    /// reason, so the payout waits for a person (or a later answer) instead
    /// of taking another order's status. A missing `tradeNo` or amount, or
    /// one that cannot be read, is no contradiction. For answers to a payout
    /// request.
    pub fn about(self, trade_no: &str, amount: Amount) -> Outcome {
        let this = self.about_order(trade_no);
        let Outcome::Accepted(a) = &this else {
            return this;
        };
        let Some(other) = a.amount.filter(|got| *got != amount) else {
            return this;
        };
        Outcome::Unknown {
            reason: format!(
                "the gateway's answer for {trade_no} (data.status {}) names amount {other}, but \
                 the ledger sent {amount}; not applied, check this payout with the gateway",
                a.code
            ),
            throttled: false,
        }
    }

    /// Keeps an accepted answer to a payout request only if the wallet it
    /// echoes (if any) is the one sent ([`Accepted::other_wallet`]); one
    /// naming another wallet becomes [`Outcome::Unknown`], so the query
    /// endpoint is asked and a person sees it.
    pub fn to_wallet(self, wallet: &str, provider: Provider) -> Outcome {
        let Outcome::Accepted(a) = &self else {
            return self;
        };
        let Some(other) = a.other_wallet(wallet, provider) else {
            return self;
        };
        Outcome::Unknown {
            reason: format!(
                "the gateway's answer (data.status {}) names wallet {other:?}, but the ledger \
                 sent {wallet}; not applied, check this payout with the gateway",
                a.code
            ),
            throttled: false,
        }
    }

    /// Keeps an accepted answer only if the merchant it echoes (if any) is
    /// `merchant_no`, the one whose header the request carried: an answer
    /// for another merchant's account says nothing of this merchant's order.
    /// It becomes [`Outcome::Unknown`], so the query endpoint is asked (and
    /// its answer is held to the same rule). A merchant number sent as a
    /// JSON number has lost its leading zeros; it is the same merchant.
    pub fn for_merchant(self, merchant_no: &str) -> Outcome {
        let Outcome::Accepted(a) = &self else {
            return self;
        };
        let Some(echo) = a.merchant_no.as_deref() else {
            return self;
        };
        if crate::codes::same_merchant(echo, merchant_no) {
            return self;
        }
        Outcome::Unknown {
            reason: format!(
                "the gateway's answer (data.status {}) is for merchant {}, but the request was \
                 made as merchant {merchant_no}; not applied, check the gateway's base URL and \
                 merchant number",
                a.code,
                echo.trim()
            ),
            throttled: false,
        }
    }

    /// The tradeNo half of [`Outcome::about`], for query answers: an answer
    /// about another order is not applied. A wrong amount is left in, because
    /// the ledger judges it when recording the answer and flags the payout
    /// as a conflict, which a person must settle.
    pub fn about_order(self, trade_no: &str) -> Outcome {
        let Outcome::Accepted(a) = &self else {
            return self;
        };
        let Some(other) = a.other_trade_no(trade_no) else {
            return self;
        };
        Outcome::Unknown {
            reason: format!(
                "the gateway's answer (data.status {}) names tradeNo {other:?}, not {trade_no:?}; \
                 not applied",
                a.code
            ),
            throttled: false,
        }
    }
}

/// The merchant's order number an answer echoes, under whichever of
/// [`wire::ORDER_ECHOES`] it uses; `Err` naming both when two of them name
/// two orders (the answer is then believed neither way). Spaces around an
/// echo and letter case do not count, as in [`Accepted::other_trade_no`].
pub(super) fn order_echo(
    data: &serde_json::Map<String, serde_json::Value>,
) -> Result<Option<String>, String> {
    let mut first: Option<(&str, String)> = None;
    for name in wire::ORDER_ECHOES {
        let Some(echo) = wire::first_text(data, &[name]) else {
            continue;
        };
        match &first {
            None => first = Some((name, echo)),
            Some((seen, was)) if !was.trim().eq_ignore_ascii_case(echo.trim()) => {
                return Err(format!(
                    "the answer names two orders, {seen} {was:?} and {name} {echo:?}: believed \
                     neither way; the query endpoint is asked"
                ));
            }
            Some(_) => {}
        }
    }
    Ok(first.map(|(_, echo)| echo))
}
