//! From one HTTP response to one outcome class that later code matches
//! exhaustively. The two layers of every response are kept apart: the outer
//! `code` says whether the request was accepted, `data.status` alone says what
//! became of the money.

use super::wire::{self, Envelope};
use crate::money::Amount;

use crate::codes::{CodeAction, CodeClasses, RejectClass, StatusMeaning, TxStatus};

/// What one HTTP attempt tells about the payout or query it carried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Outer `0000` with a `data.status`: the gateway holds the order.
    Accepted(Accepted),
    /// An outer code other than `0000` in a readable body: this call placed no
    /// order. The class says what to do next.
    Rejected {
        /// What the refusal means, from the configured code table.
        class: RejectClass,
        /// The outer code as received.
        code: String,
        /// The gateway's message (with the HTTP status when not 2xx).
        msg: String,
    },
    /// The request may have reached the gateway and may have placed an order:
    /// a timeout, a reset after sending, a 5xx, a 429, a body that is not JSON,
    /// JSON of a shape not understood, or an outer code configured as
    /// uncertain (`5000` by default). Only the query endpoint resolves it.
    Unknown {
        /// What happened, for the ledger and the operator.
        reason: String,
        /// Whether the gateway asked to slow down (429).
        throttled: bool,
    },
    /// Nothing left this machine (connection refused, DNS failure, connect
    /// timeout), so a retry with the same tradeNo is safe.
    NotSent {
        /// What the transport said.
        reason: String,
    },
}

/// An accepted response's `data`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accepted {
    /// What became of the money: paid, processing or failed.
    pub status: TxStatus,
    /// `data.status` as received (normalised: numbers regain leading zeros).
    pub code: String,
    /// `data.tradeNo`, when the gateway echoed it.
    pub trade_no: Option<String>,
    /// The gateway's own order number, when given.
    pub platform_trade_no: Option<String>,
    /// `data.desc` or `data.message`: why it failed, when it did.
    pub desc: Option<String>,
    /// `amount`, `orderAmount` or `payAmount`, when present and exact.
    pub amount: Option<Amount>,
    /// Local time `YYYY-MM-DD HH:MM:SS`, present once paid.
    pub success_time: Option<String>,
    /// `walletId`, when the gateway echoed the wallet, as written.
    pub wallet_id: Option<String>,
    /// `merchantNo`, when the gateway echoed it (in `data`, or beside
    /// `code`), as written.
    pub merchant_no: Option<String>,
}

#[cfg(test)]
impl Accepted {
    /// An answer of `status` and `code` with nothing else echoed, for tests
    /// to fill in what they are about.
    pub(crate) fn bare(status: TxStatus, code: &str) -> Accepted {
        Accepted {
            status,
            code: code.to_string(),
            trade_no: None,
            platform_trade_no: None,
            desc: None,
            amount: None,
            success_time: None,
            wallet_id: None,
            merchant_no: None,
        }
    }
}

/// One response, classified, with the codes the ledger records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classified {
    pub outcome: Outcome,
    pub outer_code: Option<String>,
    pub data_status: Option<String>,
    /// An accepted answer whose `data.status` payrun cannot read: what it
    /// said (the outcome is unknown).
    pub unread: Option<UnreadStatus>,
}

/// Classifies a response that arrived in full: its HTTP status and body.
pub fn classify(http_status: u16, body: &str, classes: &CodeClasses) -> Classified {
    if http_status == 429 {
        return unknown("HTTP 429 Too Many Requests".to_string(), true);
    }
    if http_status >= 500 {
        let shown = match body.trim() {
            "" => ", empty body".to_string(),
            b => format!(": {}", snippet(b)),
        };
        return unknown(format!("HTTP {http_status} from the gateway{shown}"), false);
    }
    let envelope = match wire::parse_envelope(body) {
        Ok(e) => e,
        Err(e) => return unknown(unreadable_answer(http_status, body, &e), false),
    };
    let Envelope {
        code,
        msg,
        data,
        merchant_no,
    } = envelope;
    let data_status = data
        .as_ref()
        .and_then(|d| d.get("status"))
        .and_then(wire::status_text);
    let msg = refusal_msg(msg, http_status);
    let action = if code == "0000" {
        CodeAction::Accept
    } else {
        classes.action(&code)
    };
    let disagreeing = disagreement(
        http_status,
        &code,
        &msg,
        action,
        data_status.clone(),
        classes,
    );
    if let Some(outcome) = refused(disagreeing, action, http_status, &code, msg) {
        return Classified {
            outcome,
            outer_code: Some(code),
            data_status,
            unread: None,
        };
    }
    read_data(code, data, merchant_no, classes)
}

/// An unknown outcome for `reason`, with no code read.
fn unknown(reason: String, throttled: bool) -> Classified {
    Classified {
        outcome: Outcome::Unknown { reason, throttled },
        outer_code: None,
        data_status: None,
        unread: None,
    }
}

/// What an answer's outer code (`code`, and its `msg`) says when it is not
/// an acceptance to read further: its layers disagreeing (`disagreeing`),
/// a refusal, or an uncertain code. `None` for an accepted code.
fn refused(
    disagreeing: Option<String>,
    action: CodeAction,
    http_status: u16,
    code: &str,
    msg: String,
) -> Option<Outcome> {
    match (disagreeing, action) {
        (Some(reason), _) => Some(Outcome::Unknown {
            reason,
            // A throttled refusal still slows the run down.
            throttled: action == CodeAction::Reject(RejectClass::Throttled)
                && !(300..400).contains(&http_status),
        }),
        (None, CodeAction::Accept) => None,
        (None, CodeAction::Reject(class)) => Some(Outcome::Rejected {
            class,
            code: code.to_string(),
            msg,
        }),
        (None, CodeAction::Uncertain) => Some(Outcome::Unknown {
            reason: format!("outer code {code}: {msg}"),
            throttled: false,
        }),
    }
}

/// Why the layers of an answer contradict each other, when they do: then
/// neither is believed, and the query endpoint decides.
/// - A 3xx: payrun follows no redirect, so whatever its body says came from
///   somewhere other than the endpoint.
/// - An accepted outer code under a 4xx: the body says the order was taken,
///   the HTTP status that the request failed. A refusal at 4xx agrees with
///   its status and is read.
/// - A refusal acted on as "no order" (a failed row, a resend) whose
///   `data.status` says paid or processing. A systemic refusal still stops
///   the batch (its payouts are only ever resent with the same tradeNo, in
///   a later run); a duplicate or unmapped code is asked about anyway.
fn disagreement(
    http_status: u16,
    code: &str,
    msg: &str,
    action: CodeAction,
    data_status: Option<String>,
    classes: &CodeClasses,
) -> Option<String> {
    if (300..400).contains(&http_status) {
        return Some(format!(
            "HTTP {http_status}, a redirect payrun does not follow, with a body that reads as \
             outer code {code}: an answer from elsewhere is not believed; check the base URL"
        ));
    }
    match action {
        CodeAction::Accept if !(200..300).contains(&http_status) => Some(format!(
            "HTTP {http_status} with outer code {code} (accepted): the HTTP status and the body \
             disagree, so neither is believed; the query endpoint is asked"
        )),
        CodeAction::Reject(class) if class_trusts_no_order(class) => {
            let (status, word) = money_moves(data_status, classes)?;
            Some(format!(
                "outer code {code} ({msg}) refuses, but data.status {status} in the same answer \
                 says {word}: the two layers disagree, so neither is believed; the query \
                 endpoint is asked"
            ))
        }
        _ => None,
    }
}

/// Whether a refusal of `class` is acted on as proof that no order exists.
fn class_trusts_no_order(class: RejectClass) -> bool {
    matches!(
        class,
        RejectClass::InvalidRow | RejectClass::NotFound | RejectClass::Throttled
    )
}

/// The status and its word when `status` says the money moved or moves
/// (paid, processing): what a refusal's "no order was placed" contradicts.
fn money_moves(status: Option<String>, classes: &CodeClasses) -> Option<(String, &'static str)> {
    let status = status?;
    match classes.status(&status) {
        StatusMeaning::Tx(TxStatus::Paid) => Some((status, "paid")),
        StatusMeaning::Tx(TxStatus::Processing) => Some((status, "processing")),
        _ => None,
    }
}

/// An accepted outer code (`0000`, or one configured as accepted): what its
/// `data.status` says of the order.
fn read_data(
    code: String,
    data: Option<wire::Data>,
    outer_merchant: Option<String>,
    classes: &CodeClasses,
) -> Classified {
    let Some(data) = data else {
        let reason = format!("outer code {code} without a `data` object");
        return Classified {
            outer_code: Some(code),
            ..unknown(reason, false)
        };
    };
    let Some(status) = data.get("status").and_then(wire::status_text) else {
        let reason = format!("outer code {code} without `data.status`");
        return Classified {
            outer_code: Some(code),
            ..unknown(reason, false)
        };
    };
    let trade_no = match about::order_echo(&data) {
        Ok(echo) => echo,
        Err(reason) => {
            return Classified {
                outer_code: Some(code),
                data_status: Some(status),
                ..unknown(reason, false)
            };
        }
    };
    let desc = wire::first_words(&data, &["desc", "message", "msg"]);
    let amount = wire::first_amount(&data, &["amount", "orderAmount", "payAmount"]);
    let merchant_no = wire::first_text(&data, &["merchantNo"]).or(outer_merchant);
    let (outcome, unread) = match classes.status(&status) {
        StatusMeaning::Tx(tx_status) => {
            let accepted = Accepted {
                status: tx_status,
                code: status.clone(),
                trade_no,
                platform_trade_no: wire::platform_trade_no(&data),
                desc,
                amount,
                success_time: wire::first_text(&data, &["successTime"]),
                wallet_id: wire::first_text(&data, &["walletId"]),
                merchant_no,
            };
            (Outcome::Accepted(accepted), None)
        }
        StatusMeaning::NotFound => (not_found(&status, desc), None),
        StatusMeaning::Unknown => {
            let unread = UnreadStatus {
                status: status.clone(),
                message: desc,
                trade_no,
                amount,
                merchant_no,
            };
            (unreadable_status(&code, &status), Some(unread))
        }
    };
    Classified {
        outcome,
        outer_code: Some(code),
        data_status: Some(status),
        unread,
    }
}

/// A `data.status` configured as not found: the gateway holds no order,
/// in its words (`desc`) when it gave some.
fn not_found(status: &str, desc: Option<String>) -> Outcome {
    Outcome::Rejected {
        class: RejectClass::NotFound,
        code: status.to_string(),
        msg: desc.unwrap_or_else(|| format!("data.status {status} is configured as not_found")),
    }
}

/// An accepted answer whose `data.status` payrun cannot read: the order may
/// exist, so the outcome is unknown until a person maps the status.
fn unreadable_status(code: &str, status: &str) -> Outcome {
    Outcome::Unknown {
        reason: format!(
            "outer code {code} with data.status {status:?}, which is not a status \
             payrun can read (0000 paid, 0015 processing, other codes of \
             4 digits or more failed): the order may exist; map it under status_codes if the \
             gateway documents it"
        ),
        throttled: false,
    }
}

mod said;
mod transport;

use said::snippet;
pub use said::{refusal_msg, unreadable_answer};
pub use transport::transport_outcome;

mod about;
mod unread;
mod without_data;

pub use without_data::{query_reading, without_data};

pub use unread::UnreadStatus;

#[cfg(test)]
mod test_answers;

#[cfg(test)]
mod tests;

#[cfg(test)]
mod readings_tests;

#[cfg(test)]
mod status_readings_tests;

#[cfg(test)]
mod layers_tests;
