//! A failure answering a resend: final only when no earlier send of the
//! tradeNo may have placed an order.

use super::tests::{accepted, ack, clock_at, limits, not_sent, payout, rejected, uncertain};
use super::*;
use crate::codes::TxStatus;
use State::*;

/// A failure answering a send (a refusal of the row, or `0000` with a
/// failed `data.status`) is final only for a first send, or a resend after
/// sends that placed no order by contract. Once a send may have placed one
/// (never answered: the ledger's `may_exist`, or an uncertain answer earlier
/// in this run), a gateway refusing the repeat ("tradeNo already exists")
/// says nothing of that order: it is asked about. Paid and processing apply.
#[test]
fn a_row_refusal_of_a_send_after_one_that_may_have_placed_an_order_is_asked_about() {
    let c = clock_at(0);
    let refused = rejected(RejectClass::InvalidRow, "1001");
    let earlier = Known {
        may_exist: true,
        ..Known::of(&payout(Planned))
    };
    for failed in [refused.clone(), accepted(TxStatus::Failed, "0100119")] {
        assert_eq!(read_send(&failed, earlier).record, After::Unknown);
        let mut j = Journey::new(earlier);
        let step = after_send(ack(&failed, Unknown), &mut j, &limits(), c);
        assert_eq!(step, Step::Query(Wait::Until(c.now + limits().query_delay)));
        assert!(j.resolving.is_some());
    }
    for (status, state) in [(TxStatus::Paid, Paid), (TxStatus::Processing, Processing)] {
        let answer = accepted(status, "0000");
        let got = read_send(&answer, earlier).record;
        assert!(matches!(got, After::Reported(r) if r.state == state));
    }

    // In one run: a 503, then "not found" past the grace, then the refusal.
    let mut j = Journey::new(Known::of(&payout(Planned)));
    let _ = after_send(ack(&uncertain(false), Unknown), &mut j, &limits(), c);
    assert!(
        j.known.may_exist,
        "an uncertain send may have placed an order"
    );
    j.resolving = None;
    assert_eq!(read_send(&refused, j.known).record, After::Unknown);

    // Sends that placed no order by contract leave the refusal final.
    let mut j = Journey::new(Known::of(&payout(Planned)));
    for first in [not_sent(), rejected(RejectClass::Throttled, "1006")] {
        let _ = after_send(ack(&first, Planned), &mut j, &limits(), c);
    }
    assert!(!j.known.may_exist);
    assert_eq!(
        read_send(&refused, j.known).record,
        After::Reported(rejected_row("1001", "m"))
    );
}
