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
/// anything is sent; `Unreachable` and `Unrecognised` may be retried (a
/// balance answer can only delay or stop a run, never make it pay, so an
/// answer payrun cannot place is asked again rather than taken as a stop).
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
    #[error(
        "the gateway answered the balance check with code {code} ({msg}), which is not a \
         refusal payrun knows; if this gateway documents it, map it under [code_classes] in \
         payrun.toml (\"accepted\" for a success code, \"systemic\" for a refusal)"
    )]
    /// An outer code no class reads as a refusal of the merchant (one not
    /// mapped, or an order's code such as `1004`/`1007`): may be tried again.
    Unrecognised {
        /// The outer code.
        code: String,
        /// The gateway's message.
        msg: String,
    },
    #[error("the gateway's balance answer was not understood: {reason}")]
    /// An answer of a shape payrun does not read.
    Unexpected {
        /// What was wrong with it.
        reason: String,
    },
}

/// Reads a balance response. A refusal of the merchant (`systemic`) or of
/// the request itself (`invalid_row`: a balance request carries no row, so
/// its fields are payrun's own) is systemic. Throttling and uncertain codes
/// are a gateway not answering yet; a code payrun cannot place is neither a
/// stop nor a balance.
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
            CodeAction::Reject(
                RejectClass::Unknown | RejectClass::Duplicate | RejectClass::NotFound,
            ) => BalanceError::Unrecognised {
                code: envelope.code,
                msg: gateway_msg(envelope.msg, raw),
            },
            CodeAction::Accept
            | CodeAction::Reject(RejectClass::Systemic | RejectClass::InvalidRow) => {
                BalanceError::Systemic {
                    code: envelope.code,
                    msg: gateway_msg(envelope.msg, raw),
                }
            }
        });
    }
    let data = envelope.data.ok_or_else(|| BalanceError::Unexpected {
        reason: "outer code 0000 without a `data` object".to_string(),
    })?;
    let amount = |names: &[&str]| {
        data.amount(names, Rounding::TowardZero).or_else(|| {
            let text = wire::first_text(&data, names)?;
            wire::parse_amount(&ungrouped(&text)?, Rounding::TowardZero)
        })
    };
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

/// A balance as a portal prints it, commas grouping the digits before a
/// decimal dot (`1,000,000.00`, or the lakh grouping `10,00,000.00`),
/// without its commas; `None` for anything else. Only unambiguous text is
/// read: a decimal dot, or two commas or more (`1,000,000`); `1,000` alone
/// might be one taka with a decimal comma, and dots grouping digits
/// (`1.000.000,00`) are never guessed at. A balance can only let a run
/// start, so a text refused here stops it as before (exit 5).
fn ungrouped(text: &str) -> Option<String> {
    let text = text.trim();
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text),
    };
    let (whole, frac) = match digits.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (digits, None),
    };
    let groups: Vec<&str> = whole.split(',').collect();
    let commas = groups.len() - 1;
    if commas == 0 || (frac.is_none() && commas < 2) {
        return None;
    }
    if frac.is_some_and(|f| f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    if !groups
        .iter()
        .all(|g| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let (first, rest) = groups.split_first()?;
    let (last, middle) = rest.split_last()?;
    let western = first.len() <= 3 && rest.iter().all(|g| g.len() == 3);
    let lakh = first.len() <= 2 && last.len() == 3 && middle.iter().all(|g| g.len() == 2);
    if !(western || lakh) {
        return None;
    }
    let frac = frac.map_or(String::new(), |f| format!(".{f}"));
    Some(format!("{sign}{}{frac}", groups.concat()))
}

/// The gateway's message, naming a non-2xx HTTP status.
fn gateway_msg(msg: String, raw: &Raw) -> String {
    match raw.http_status {
        Some(s) => super::outcome::refusal_msg(msg, s),
        None => msg,
    }
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
             decimal point, e.g. \"9998989.0000\", or with commas grouping the digits before \
             a decimal dot, e.g. \"1,000,000.00\")",
            seen.join(", ")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::ungrouped;

    #[test]
    fn only_unambiguous_grouping_is_read() {
        for (text, read) in [
            ("1,000,000.00", "1000000.00"),
            ("10,00,000.00", "1000000.00"),
            ("1,000,000", "1000000"),
            ("-1,234.5", "-1234.5"),
            (" 999,999.0000 ", "999999.0000"),
        ] {
            assert_eq!(ungrouped(text).as_deref(), Some(read), "{text}");
        }
        for text in [
            "1,000",
            "1000.00",
            "1.000.000,00",
            "1,0000.00",
            "1,000.000,00",
            ",100.00",
            "1,,000.00",
            "1,000.",
            "1 000.00",
            "12,34,567,890.00",
            "1,00,00.00",
        ] {
            assert_eq!(ungrouped(text), None, "{text}");
        }
    }
}
