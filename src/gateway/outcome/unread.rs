//! An accepted answer whose `data.status` payrun cannot read (`REFUND`,
//! `REVERSED`, a code in no table). Its outcome is unknown, as for any
//! answer payrun cannot act on; what it said is kept beside it, because
//! about a payout the ledger already holds paid or failed it says the money
//! changed after the fact, which a person must see
//! (`policy::read_query`, `ledger::state::unreadable`).

use crate::money::Amount;

/// What an answer with a status payrun cannot read said, as the gateway
/// sent it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnreadStatus {
    /// `data.status` as received.
    pub status: String,
    /// `data.desc`, `data.message` or `data.msg`: the gateway's words.
    pub message: Option<String>,
    /// The order it echoes, if any.
    pub trade_no: Option<String>,
    pub amount: Option<Amount>,
    /// The merchant it echoes, if any.
    pub merchant_no: Option<String>,
}

impl UnreadStatus {
    /// Whether it is about `trade_no` (by the rule of
    /// [`super::Accepted::other_trade_no`]: a missing echo is no
    /// contradiction).
    pub fn about(&self, trade_no: &str) -> bool {
        super::about::names_another(self.trade_no.as_deref(), trade_no).is_none()
    }

    /// Whether it is for `merchant_no` (a missing echo is no contradiction).
    pub fn for_merchant(&self, merchant_no: &str) -> bool {
        self.merchant_no
            .as_deref()
            .is_none_or(|m| crate::codes::same_merchant(m, merchant_no))
    }
}
