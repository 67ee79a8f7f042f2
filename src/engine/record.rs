//! From the gateway's types to the ledger's attempt record: the ledger never
//! depends on the gateway module, so the conversion lives here. What an
//! answer *means* for the payout is [`crate::policy`]'s.

use crate::codes::RejectClass;
use crate::gateway::{Exchange, Outcome};
use crate::ledger::writer::{AttemptOutcome, AttemptRecord, Refusal};
use crate::policy::state_of;

/// The outcome class stored with every attempt.
pub fn outcome_class(outcome: &Outcome) -> AttemptOutcome {
    match outcome {
        Outcome::Accepted(a) => AttemptOutcome::Accepted(state_of(a.status)),
        Outcome::Rejected { class, .. } => AttemptOutcome::Rejected(refusal(*class)),
        Outcome::Unknown {
            throttled: true, ..
        } => AttemptOutcome::UnknownThrottled,
        Outcome::Unknown { .. } => AttemptOutcome::Unknown,
        Outcome::NotSent { .. } => AttemptOutcome::NotSent,
    }
}

/// One to one: the ledger's words for the gateway's classes.
fn refusal(class: RejectClass) -> Refusal {
    match class {
        RejectClass::InvalidRow => Refusal::InvalidRow,
        RejectClass::Systemic => Refusal::Systemic,
        RejectClass::Duplicate => Refusal::Duplicate,
        RejectClass::Throttled => Refusal::Throttled,
        RejectClass::NotFound => Refusal::NotFound,
        RejectClass::Unknown => Refusal::Unmapped,
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
        outcome: match outcome_class(&ex.outcome) {
            // The answer came and was refused for its status: asking again
            // cannot help, which the operator must be told.
            AttemptOutcome::Unknown if ex.unread.is_some() => AttemptOutcome::UnknownUnread,
            o => o,
        },
        error,
        request_body: Some(ex.request_body.clone()).filter(|b| !b.is_empty()),
        response_body: ex.body.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The stored words are the gateway's class names, as before the type:
    /// auditors and older ledgers read `rejected:duplicate`, not a new word.
    #[test]
    fn every_refusal_is_stored_under_its_gateway_class_name() {
        for class in RejectClass::ALL {
            let o = Outcome::Rejected {
                class,
                code: "1".to_string(),
                msg: "m".to_string(),
            };
            assert_eq!(
                outcome_class(&o).key(),
                format!("rejected:{}", class.name())
            );
        }
    }
}
