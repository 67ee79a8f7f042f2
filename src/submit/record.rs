//! From the gateway's types to the ledger's: the ledger never depends on the
//! gateway module, so the conversion lives here.

use crate::gateway::{Accepted, Exchange, Outcome, TxStatus};
use crate::ledger::State;
use crate::ledger::writer::{AttemptRecord, Reported};

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
