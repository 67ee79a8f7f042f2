//! What a verified callback with a status payrun cannot read says besides
//! its status: for a payout already final, such a status is a change a
//! person must see (a reversal, a refund), flagged with the gateway's words
//! once the money and merchant it is about are checked.

use crate::gateway::wire;
use crate::money::Amount;

/// The signed fields of a callback whose status payrun cannot read, besides
/// the status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unread {
    /// `message` (or `desc`, `msg`): the gateway's words.
    pub message: Option<String>,
    pub amount: Option<Amount>,
    pub merchants: Vec<String>,
}

impl Unread {
    /// What a verified callback's `object` (and its `merchantNo` header)
    /// says besides its status.
    pub(super) fn read(object: &wire::Data, merchant_header: Option<&str>) -> Unread {
        Unread {
            message: wire::first_words(object, &["message", "desc", "msg"]),
            amount: wire::first_amount(object, &["amount", "orderAmount", "payAmount"]),
            merchants: merchants_named(object, merchant_header),
        }
    }
}

/// The merchant numbers a callback names: its `merchantNo` field and header.
pub(super) fn merchants_named(object: &wire::Data, header: Option<&str>) -> Vec<String> {
    wire::first_text(object, &["merchantNo"])
        .into_iter()
        .chain(header.map(str::to_string))
        .collect()
}
