//! What an accepted answer says about a payout, in the ledger's terms.

use super::Known;
use crate::codes::TxStatus;
use crate::gateway::Accepted;
use crate::gateway::UnreadStatus;
use crate::ledger::state::{self, Effect};
use crate::ledger::writer::{QueryAnswer, Reported};
use crate::ledger::{PayoutRow, State};
use crate::money::Amount;

/// The gateway's status, in ledger terms.
pub fn state_of(status: TxStatus) -> State {
    match status {
        TxStatus::Paid => State::Paid,
        TxStatus::Processing => State::Processing,
        TxStatus::Failed => State::Failed,
    }
}

/// What an accepted answer says about the payout.
pub fn reported(a: &Accepted) -> Reported {
    Reported {
        state: state_of(a.status),
        platform_trade_no: a.platform_trade_no.clone(),
        status_code: Some(a.code.clone()),
        status_desc: a.desc.clone(),
        success_time: a.success_time.clone(),
    }
}

/// A row the gateway refused as invalid (`1001`): the payout failed, and the
/// code and message say why.
pub fn rejected_row(code: &str, msg: &str) -> Reported {
    Reported {
        state: State::Failed,
        platform_trade_no: None,
        status_code: Some(code.to_string()),
        status_desc: Some(msg.to_string()),
        success_time: None,
    }
}

/// What an accepted query answer proves about the payout with `trade_no` and
/// `amount`. Only an answer about this very order settles it: one that names
/// another tradeNo says nothing about ours, and one with another amount
/// contradicts the ledger (flagged for a person, as a signed callback with a
/// wrong amount is). A field the gateway left out, or sent in a form that
/// cannot be read exactly, is not held against the answer: the provider's
/// types drift.
pub fn query_answer(a: &Accepted, trade_no: &str, amount: Amount) -> QueryAnswer {
    if let Some(t) = a.other_trade_no(trade_no) {
        return QueryAnswer::Mismatch {
            why: format!(
                "the query answer is about tradeNo {t}, not {trade_no}; status {} not applied",
                a.code
            ),
            conflict: false,
        };
    }
    if let Some(got) = a.amount.filter(|x| *x != amount) {
        return QueryAnswer::Mismatch {
            why: format!(
                "query amount {got} differs from the ledger's {amount}; status {} not applied",
                a.code
            ),
            conflict: true,
        };
    }
    QueryAnswer::Reported(reported(a))
}

/// [`query_answer`] for the payout `p`, which also holds the answer
/// against the wallet: an answer naming another wallet for this tradeNo says
/// its money went to someone else, a contradiction for a person, as another
/// amount is.
pub fn query_answer_for(a: &Accepted, p: &PayoutRow) -> QueryAnswer {
    let answer = query_answer(a, &p.trade_no, p.amount);
    if !matches!(answer, QueryAnswer::Reported(_)) {
        return answer;
    }
    match a.other_wallet(&p.wallet, p.provider) {
        Some(other) => QueryAnswer::Mismatch {
            why: format!(
                "the query answer names wallet {other:?}, not the ledger's {}; status {} not \
                 applied",
                p.wallet, a.code
            ),
            conflict: true,
        },
        None => answer,
    }
}

/// What an answer with a status payrun cannot read proves about `p`:
/// another amount is a contradiction, as for any answer; for a payout the
/// ledger holds paid or failed, the status itself is one (a reversal, a
/// refund: [`state::unreadable`]), kept with the gateway's words; for any
/// other payout, nothing (it is asked again).
pub fn unread_answer(u: &UnreadStatus, p: &PayoutRow, known: Known) -> QueryAnswer {
    if let Some(got) = u.amount.filter(|x| *x != p.amount) {
        return QueryAnswer::Mismatch {
            why: format!(
                "query amount {got} differs from the ledger's {}; status {:?} not applied",
                p.amount, u.status
            ),
            conflict: true,
        };
    }
    if state::unreadable(known.state) != Effect::Conflict {
        return QueryAnswer::Silent;
    }
    QueryAnswer::Mismatch {
        why: state::unreadable_reason("query", &u.status, u.message.as_deref(), known.state),
        conflict: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::tests::{T, answer};

    fn paid() -> Accepted {
        answer(TxStatus::Paid, "0000")
    }

    #[test]
    fn a_query_answer_about_another_order_or_amount_is_not_evidence() {
        let a = paid();
        let amount = Amount::from_poisha(50_000);
        assert_eq!(
            query_answer(&a, T, amount),
            QueryAnswer::Reported(reported(&a))
        );
        let other = Accepted {
            trade_no: Some("T-2".to_string()),
            ..a.clone()
        };
        assert!(matches!(
            query_answer(&other, T, amount),
            QueryAnswer::Mismatch { conflict: false, ref why } if why.contains("T-2")
        ));
        let wrong = Accepted {
            amount: Some(Amount::from_poisha(1)),
            ..a.clone()
        };
        assert!(matches!(
            query_answer(&wrong, T, amount),
            QueryAnswer::Mismatch { conflict: true, .. }
        ));
        let silent = Accepted {
            trade_no: None,
            amount: None,
            ..a
        };
        assert!(matches!(
            query_answer(&silent, T, amount),
            QueryAnswer::Reported(_)
        ));
    }
}
