//! The balance check: read before a batch, so that a merchant short of
//! money stops before anything is sent.

use super::client::Raw;
use super::outcome::Outcome;
use super::wire::{self, Rounding};
use crate::codes::{CodeAction, CodeClasses, RejectClass};
use crate::money::Amount;

/// The merchant's balance. Only `available` is required; the others are
/// informational and may be missing on some of the provider's pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Balance {
    pub available: Amount,
    pub freeze: Option<Amount>,
    pub unsettled: Option<Amount>,
}

/// Why the balance could not be read. `Systemic` stops the batch before
/// anything is sent; `Unreachable` may be retried.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BalanceError {
    #[error(
        "the gateway refused the balance check with code {code} ({msg}); check the merchant \
         number, the secret and the base URL"
    )]
    /// The gateway refused the merchant: nothing can be sent.
    Systemic {
        /// The outer code.
        code: String,
        /// The gateway's message.
        msg: String,
    },
    #[error("the gateway could not be reached for the balance check: {reason}")]
    /// Nothing answered; may be tried again.
    Unreachable {
        /// What the transport said.
        reason: String,
    },
    #[error("the gateway's balance answer was not understood: {reason}")]
    /// An answer of a shape payrun does not read.
    Unexpected {
        /// What was wrong with it.
        reason: String,
    },
}

/// Reads a balance response. Any refusal but throttling is systemic: a
/// merchant that cannot read its balance cannot be paid from.
pub(super) fn balance_from(
    raw: &Raw,
    outcome: &Outcome,
    classes: &CodeClasses,
) -> Result<Balance, BalanceError> {
    match outcome {
        Outcome::NotSent { reason } | Outcome::Unknown { reason, .. }
            if raw.failed.is_some() || matches!(raw.http_status, Some(429 | 500..)) =>
        {
            return Err(BalanceError::Unreachable {
                reason: reason.clone(),
            });
        }
        _ => {}
    }
    let body = raw.body.as_deref().unwrap_or_default();
    let envelope = wire::parse_envelope(body).map_err(|e| BalanceError::Unexpected {
        reason: super::outcome::unreadable_answer(raw.http_status.unwrap_or_default(), body, &e),
    })?;
    let action = classes.action(&envelope.code);
    if envelope.code != "0000" && action != CodeAction::Accept {
        return Err(match action {
            CodeAction::Uncertain | CodeAction::Reject(RejectClass::Throttled) => {
                BalanceError::Unreachable {
                    reason: format!("outer code {}: {}", envelope.code, envelope.msg),
                }
            }
            CodeAction::Accept | CodeAction::Reject(_) => BalanceError::Systemic {
                code: envelope.code,
                msg: match raw.http_status {
                    Some(s) => super::outcome::refusal_msg(envelope.msg, s),
                    None => envelope.msg,
                },
            },
        });
    }
    let data = envelope.data.ok_or_else(|| BalanceError::Unexpected {
        reason: "outer code 0000 without a `data` object".to_string(),
    })?;
    let amount = |names: &[&str]| data.amount(names, Rounding::TowardZero);
    let available =
        amount(&["availableAmount", "availablAmount"]).ok_or_else(|| BalanceError::Unexpected {
            reason: unreadable_available(&data),
        })?;
    Ok(Balance {
        available,
        freeze: amount(&["freezeAmount"]),
        unsettled: amount(&["unsettledAmount"]),
    })
}

/// Says what arrived instead of a readable available balance, so the user
/// can tell a missing field from one in a format payrun does not read.
fn unreadable_available(data: &serde_json::Map<String, serde_json::Value>) -> String {
    let seen: Vec<String> = ["availableAmount", "availablAmount"]
        .iter()
        .filter_map(|n| data.get(*n).map(|v| format!("{n} = {v}")))
        .collect();
    if seen.is_empty() {
        let keys: Vec<&str> = data.keys().map(String::as_str).collect();
        format!(
            "no `availableAmount` (or `availablAmount`) in `data`; its fields are [{}]",
            keys.join(", ")
        )
    } else {
        format!(
            "{} is not an amount payrun can read (taka as digits with an optional \
             decimal point, e.g. \"9998989.0000\")",
            seen.join(", ")
        )
    }
}
