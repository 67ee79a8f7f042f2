//! From the gateway's types to the ledger's: the ledger never depends on the
//! gateway module, so the conversion lives here.

use crate::gateway::{Accepted, Exchange, Outcome, TxStatus};
use crate::ledger::writer::{AttemptRecord, QueryAnswer, Reported};
use crate::ledger::{PayoutRow, State};

/// The short outcome class stored with every attempt.
pub fn outcome_class(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Accepted(a) => format!("accepted:{}", state_of(a.status).key()),
        Outcome::Rejected { class, .. } => format!("rejected:{}", class.name()),
        Outcome::Unknown {
            throttled: true, ..
        } => "unknown:throttled".to_string(),
        Outcome::Unknown { .. } => "unknown".to_string(),
        Outcome::NotSent { .. } => "not-sent".to_string(),
    }
}

/// Everything the attempts table keeps about one exchange.
pub fn attempt(ex: &Exchange) -> AttemptRecord {
    let error = match &ex.outcome {
        Outcome::Accepted(_) => None,
        Outcome::Rejected { code, msg, .. } => Some(format!("{code}: {msg}")),
        Outcome::Unknown { reason, .. } | Outcome::NotSent { reason } => Some(reason.clone()),
    };
    AttemptRecord {
        elapsed_ms: u64::try_from(ex.elapsed.as_millis()).unwrap_or(u64::MAX),
        http_status: ex.http_status,
        outer_code: ex.outer_code.clone(),
        data_status: ex.data_status.clone(),
        outcome: outcome_class(&ex.outcome),
        error,
        request_body: Some(ex.request_body.clone()).filter(|b| !b.is_empty()),
        response_body: ex.body.clone(),
    }
}

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

/// What an accepted query answer proves about `p`. Only an answer about
/// this very order settles it: one that names another tradeNo says nothing
/// about ours, and one with another amount contradicts the ledger (flagged
/// for a person, as a signed callback with a wrong amount is). A field the
/// gateway left out, or sent in a form that cannot be read exactly, is not
/// held against the answer: the provider's types drift.
pub fn query_answer(a: &Accepted, p: &PayoutRow) -> QueryAnswer {
    if let Some(t) = a.trade_no.as_deref().filter(|t| *t != p.trade_no) {
        return QueryAnswer::Mismatch {
            why: format!(
                "the query answer is about tradeNo {t}, not {}; status {} not applied",
                p.trade_no, a.code
            ),
            conflict: false,
        };
    }
    if let Some(amount) = a.amount.filter(|x| *x != p.amount) {
        return QueryAnswer::Mismatch {
            why: format!(
                "query amount {amount} differs from the ledger's {}; status {} not applied",
                p.amount, a.code
            ),
            conflict: true,
        };
    }
    QueryAnswer::Reported(reported(a))
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
