//! The grace period before a failure of a payout the gateway never
//! acknowledged is believed.

use super::tests::{accepted, clock_at, known, payout};
use super::*;
use crate::codes::TxStatus;
use State::*;

/// What the ledger is asked to record for a failure, by the payout's state
/// and when the query was sent: only an unknown payout's failure within the
/// grace period is held back (kept as an event, nothing changed).
#[test]
fn a_failure_of_a_payout_never_acknowledged_is_held_back_within_the_grace_period() {
    let failed = accepted(TxStatus::Failed, "1007");
    let grace_end = clock_at(60).now;
    for state in [Unknown, Processing] {
        for (started, after) in [(clock_at(59).now, false), (clock_at(60).now, true)] {
            let p = payout(state);
            let got =
                read_query((&failed, None), &p, known(state, false), grace_end, started).record;
            match (state, after, got) {
                (Unknown, false, QueryAnswer::Early { why }) => {
                    assert!(why.contains("1007") && why.contains("grace"), "{why}")
                }
                (_, _, QueryAnswer::Reported(r)) if state != Unknown || after => {
                    assert_eq!(r.state, Failed)
                }
                (_, _, got) => panic!("{state} after={after}: {got:?}"),
            }
        }
    }
}
