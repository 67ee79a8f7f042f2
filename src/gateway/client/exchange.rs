//! One attempt as the ledger records it: the raw answer (or transport
//! failure) before classification, and the [`Exchange`] it becomes.

use crate::codes::CodeClasses;
use crate::gateway::UnreadStatus;
use crate::gateway::outcome::{self, Outcome};
use crate::money::Amount;
use crate::wallet::Provider;
use std::time::Duration;

/// How much of a response body an [`Exchange`] keeps for the ledger.
pub const BODY_KEEP_BYTES: usize = 64 * 1024;

/// Everything about one HTTP attempt, for the ledger's attempts and events rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    /// What the attempt tells about the payout: the one thing acted on.
    pub outcome: Outcome,
    /// `None` when no response arrived.
    pub http_status: Option<u16>,
    /// The outer `code` as read, for auditors (the outcome already acts on it).
    pub outer_code: Option<String>,
    /// `data.status` as read, for auditors, even when it was not believed.
    pub data_status: Option<String>,
    /// An accepted answer whose `data.status` payrun cannot read: what it
    /// said, for a payout the ledger holds final (see
    /// [`crate::gateway::outcome::UnreadStatus`]).
    pub unread: Option<UnreadStatus>,
    /// The raw response body, cut at [`BODY_KEEP_BYTES`].
    pub body: Option<String>,
    /// The exact bytes sent, as text. It holds the sign, never the secret.
    pub request_body: String,
    /// From sending to the last byte read (or the failure).
    pub elapsed: Duration,
    /// The answer's `Retry-After`, read when it came (see
    /// [`Exchange::wait_asked`]).
    pub retry_after: Option<Duration>,
}

impl Exchange {
    /// How long the gateway asked every request to wait: its `Retry-After`
    /// on a 429, a 503, or a "too many requests" refusal. Elsewhere the
    /// header means nothing to payrun (RFC 9110 gives it no meaning on a
    /// 200 or a 3xx that payrun does not follow).
    pub fn wait_asked(&self) -> Option<Duration> {
        self.retry_after
            .filter(|_| self.throttled() || matches!(self.http_status, Some(429 | 503)))
    }

    /// Whether the gateway said "too many requests": HTTP 429, or a
    /// refusal its code table calls throttled (`1006`).
    pub fn throttled(&self) -> bool {
        matches!(
            self.outcome,
            Outcome::Unknown {
                throttled: true,
                ..
            } | Outcome::Rejected {
                class: crate::codes::RejectClass::Throttled,
                ..
            }
        )
    }

    /// An answered attempt that carries `outcome` and nothing an auditor
    /// would read, for tests that script a gateway: HTTP 200, a body of
    /// `{}`, one millisecond.
    #[cfg(test)]
    pub fn scripted(outcome: Outcome) -> Exchange {
        Exchange {
            outcome,
            http_status: Some(200),
            outer_code: None,
            data_status: None,
            unread: None,
            body: Some("{}".to_string()),
            request_body: "{}".to_string(),
            elapsed: Duration::from_millis(1),
            retry_after: None,
        }
    }

    /// [`Outcome::about`] on this exchange: an accepted answer that names
    /// another tradeNo or amount is recorded, but as unknown.
    pub fn about(mut self, trade_no: &str, amount: Amount) -> Exchange {
        self.outcome = self.outcome.about(trade_no, amount);
        self
    }

    /// [`Outcome::to_wallet`] on this exchange's outcome.
    pub fn to_wallet(mut self, wallet: &str, provider: Provider) -> Exchange {
        self.outcome = self.outcome.to_wallet(wallet, provider);
        self
    }

    /// [`Outcome::about_order`] on this exchange's outcome; an unread
    /// status about another order is dropped too.
    pub fn about_order(mut self, trade_no: &str) -> Exchange {
        self.outcome = self.outcome.about_order(trade_no);
        self.unread = self.unread.filter(|u| u.about(trade_no));
        self
    }
}

/// A response or transport failure before classification.
pub(in crate::gateway) struct Raw {
    pub http_status: Option<u16>,
    pub body: Option<String>,
    /// Set when no classifiable response arrived.
    pub failed: Option<Outcome>,
    pub request_body: String,
    pub elapsed: Duration,
    /// A `Content-Encoding` left on the response: one payrun did not ask
    /// for and ureq did not decode (it decodes gzip and drops the header).
    pub encoding: Option<String>,
    /// The `Retry-After` header, read as a wait from now.
    pub retry_after: Option<Duration>,
}

impl Raw {
    /// A whole answer as if it had come over the wire, for tests of the
    /// readings behind it.
    #[cfg(test)]
    pub fn answered(status: u16, body: &str) -> Raw {
        Raw {
            http_status: Some(status),
            body: Some(body.to_string()),
            failed: None,
            request_body: String::new(),
            elapsed: Duration::ZERO,
            encoding: None,
            retry_after: None,
        }
    }
}

pub(super) fn classify_raw(raw: &Raw, classes: &CodeClasses) -> outcome::Classified {
    let mut classified = classify_body(raw, classes);
    if let (Outcome::Unknown { reason, .. }, Some(encoding)) =
        (&mut classified.outcome, &raw.encoding)
    {
        // Otherwise the reason shows only compressed bytes.
        reason.push_str(&format!(
            "; the body came with Content-Encoding: {}, which payrun did not ask for and does \
             not decode (it asks for gzip only)",
            encoding.escape_debug()
        ));
    }
    classified
}

fn classify_body(raw: &Raw, classes: &CodeClasses) -> outcome::Classified {
    match (&raw.failed, raw.http_status, &raw.body) {
        (Some(failed), _, _) => outcome::Classified {
            outcome: failed.clone(),
            outer_code: None,
            data_status: None,
            unread: None,
        },
        (None, Some(status), Some(body)) => outcome::classify(status, body, classes),
        (None, _, _) => outcome::Classified {
            outcome: Outcome::Unknown {
                reason: "no response was recorded".to_string(),
                throttled: false,
            },
            outer_code: None,
            data_status: None,
            unread: None,
        },
    }
}

pub(super) fn exchange(raw: Raw, classified: outcome::Classified) -> Exchange {
    Exchange {
        outcome: classified.outcome,
        http_status: raw.http_status,
        outer_code: classified.outer_code,
        data_status: classified.data_status,
        unread: classified.unread,
        body: raw.body.map(|b| cap(b, BODY_KEEP_BYTES)),
        request_body: raw.request_body,
        elapsed: raw.elapsed,
        retry_after: raw.retry_after,
    }
}

/// Cuts `s` to at most `max` bytes on a character boundary.
pub(super) fn cap(mut s: String, max: usize) -> String {
    if s.len() > max {
        let mut end = max;
        while end > 0 && !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
    }
    s
}
