//! What the outcome tests share: an answer classified with the default
//! code classes, and what a test asks of the outcome (the payout accepted,
//! the class of a refusal, the reason it is unknown).

use super::*;

pub(super) fn c(status: u16, body: &str) -> Classified {
    classify(status, body, &CodeClasses::default())
}

pub(super) fn accepted(body: &str) -> Accepted {
    match c(200, body).outcome {
        Outcome::Accepted(a) => a,
        other => panic!("not accepted: {other:?} for {body}"),
    }
}

/// The class of a refusal; `None` for any other outcome.
pub(super) fn refused_as(o: Outcome) -> Option<RejectClass> {
    match o {
        Outcome::Rejected { class, .. } => Some(class),
        _ => None,
    }
}

/// Why the outcome is unknown, throttled or not.
pub(super) fn unknown_reason(got: &Classified) -> &str {
    match &got.outcome {
        Outcome::Unknown { reason, .. } => reason,
        other => panic!("not unknown: {other:?}"),
    }
}

/// Why the outcome is unknown, when the gateway did not just ask payrun
/// to slow down: a throttled answer fails as one not unknown.
pub(super) fn unthrottled_reason(got: &Classified) -> &str {
    let throttled = matches!(
        got.outcome,
        Outcome::Unknown {
            throttled: true,
            ..
        }
    );
    assert!(!throttled, "not unknown: {:?}", got.outcome);
    unknown_reason(got)
}
