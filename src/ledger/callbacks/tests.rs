use super::*;
use crate::ledger::tests::one_payout_in;

/// A ledger with one payout of Tk 500 in `state`; returns its tradeNo.
fn one_payout(state: &str) -> (tempfile::TempDir, Ledger, String) {
    let (dir, ledger, _) = one_payout_in(state);
    let t: String = ledger
        .connection()
        .query_row("SELECT trade_no FROM payouts", [], |r| r.get(0))
        .expect("trade no");
    (dir, ledger, t)
}

fn row(ledger: &Ledger) -> (String, i64, i64) {
    let c = ledger.connection();
    let state_conflict: (String, i64) = c
        .query_row("SELECT state, conflict FROM payouts", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .expect("payout");
    let events: i64 = c
        .query_row(
            "SELECT COUNT(*) FROM events WHERE source = 'callback'",
            [],
            |r| r.get(0),
        )
        .expect("events");
    (state_conflict.0, state_conflict.1, events)
}

#[test]
fn applies_once_ignores_repeats_and_stale_processing_and_flags_contradictions() {
    let (_d, mut l, t) = one_payout("processing");
    let paid = verified(&t, State::Paid, 50_000);
    let v = l.record_callback(None, &paid).expect("record");
    assert_eq!(
        v,
        CallbackVerdict::Applied {
            from: State::Processing,
            to: State::Paid,
            effect: Effect::Move
        }
    );
    assert_eq!(row(&l), ("paid".to_string(), 0, 1));
    let again = l.record_callback(None, &paid).expect("record");
    assert!(matches!(
        again,
        CallbackVerdict::Applied {
            effect: Effect::NoOp,
            ..
        }
    ));
    let late = verified(&t, State::Processing, 50_000);
    let v = l.record_callback(None, &late).expect("record");
    assert!(matches!(
        v,
        CallbackVerdict::Applied {
            effect: Effect::NoOp,
            ..
        }
    ));
    assert_eq!(row(&l), ("paid".to_string(), 0, 3));
    let failed = verified(&t, State::Failed, 50_000);
    let v = l.record_callback(None, &failed).expect("record");
    assert!(matches!(
        v,
        CallbackVerdict::Applied {
            effect: Effect::Conflict,
            ..
        }
    ));
    assert_eq!(
        row(&l),
        ("paid".to_string(), 1, 4),
        "first final kept, flagged"
    );
}

#[test]
fn unverified_and_unknown_callbacks_change_nothing_but_are_kept() {
    let (_d, mut l, t) = one_payout("processing");
    let mut forged = verified(&t, State::Paid, 50_000);
    forged.verified = false;
    forged.refused = Some("bad sign".to_string());
    let v = l.record_callback(None, &forged).expect("record");
    assert_eq!(v, CallbackVerdict::Refused("bad sign".to_string()));
    assert_eq!(row(&l), ("processing".to_string(), 0, 1));
    let stranger = verified("nope-1", State::Paid, 50_000);
    let v = l.record_callback(None, &stranger).expect("record");
    assert_eq!(v, CallbackVerdict::UnknownTradeNo);
    assert_eq!(row(&l), ("processing".to_string(), 0, 2));
    // A status payrun cannot read changes nothing of that: unknown, kept.
    let v = l
        .record_callback(None, &refund("nope-2", true))
        .expect("record");
    assert_eq!(v, CallbackVerdict::UnknownTradeNo);
    assert_eq!(row(&l), ("processing".to_string(), 0, 3));
    let kept: (Option<i64>, i64, String) = l
        .connection()
        .query_row(
            "SELECT payout_id, verified, applied FROM events ORDER BY id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("event");
    assert!(kept.0.is_some());
    assert_eq!(kept.1, 0);
    assert!(kept.2.contains("refused"), "{}", kept.2);
}

#[test]
fn a_wrong_amount_or_a_result_for_an_unsent_payout_is_a_conflict_not_a_move() {
    let (_d, mut l, t) = one_payout("processing");
    let v = l
        .record_callback(None, &verified(&t, State::Paid, 49_900))
        .expect("record");
    assert!(matches!(v, CallbackVerdict::Flagged(ref why) if why.contains("differs")));
    assert_eq!(row(&l), ("processing".to_string(), 1, 1));

    let (_d, mut l, t) = one_payout("planned");
    let v = l
        .record_callback(None, &verified(&t, State::Paid, 50_000))
        .expect("record");
    assert!(matches!(v, CallbackVerdict::Flagged(_)), "{v:?}");
    assert_eq!(row(&l), ("planned".to_string(), 1, 1));
}

/// A contradicting status and a wrong amount flag through one helper: both
/// reasons are kept, the first one first, and the final state stays.
#[test]
fn every_conflict_reason_is_appended_to_the_payout() {
    let (_d, mut l, t) = one_payout("paid");
    l.record_callback(None, &verified(&t, State::Failed, 50_000))
        .expect("contradiction");
    l.record_callback(None, &verified(&t, State::Paid, 49_900))
        .expect("wrong amount");
    let (state, detail): (String, String) = l
        .connection()
        .query_row("SELECT state, conflict_detail FROM payouts", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .expect("payout");
    assert_eq!(state, "paid");
    assert!(
        detail.starts_with(
            "recorded paid, then the gateway reported failed (code 0000); callback amount"
        ),
        "{detail}"
    );
}

/// A verified `REFUND` as the listener hands it over.
fn refund(t: &str, verified: bool) -> CallbackEvent {
    CallbackEvent {
        reported: None,
        unread: Some(Unread {
            status: "REFUND".to_string(),
            message: Some("refunded to the payer".to_string()),
            mapped: false,
        }),
        status: Some("REFUND".to_string()),
        verified,
        refused: Some("status REFUND is not one payrun can read".to_string()),
        ..super::verified(t, State::Paid, 50_000)
    }
}

/// A signed status payrun cannot read is news about a payout payrun knows,
/// whatever its state: a superseded revision (replaced by `--retry-failed`
/// or a corrected sheet), one still processing or unknown. A refusal would
/// make the gateway retry and then drop it, so it is kept and flagged for
/// a person, once, whatever the repeats.
#[test]
fn a_status_payrun_cannot_read_flags_any_known_payout_once() {
    for state in State::ALL {
        let (_d, mut l, t) = one_payout(state.key());
        for _ in 0..3 {
            let v = l.record_callback(None, &refund(&t, true)).expect("record");
            assert!(matches!(v, CallbackVerdict::Flagged(_)), "{state}: {v:?}");
        }
        assert_eq!(row(&l), (state.key().to_string(), 1, 3), "{state}");
        let detail: Option<String> = l
            .connection()
            .query_row("SELECT conflict_detail FROM payouts", [], |r| r.get(0))
            .expect("detail");
        let detail = detail.unwrap_or_default();
        assert_eq!(detail.matches("REFUND").count(), 1, "{state}: {detail}");
        assert!(detail.contains("refunded to the payer"), "{detail}");
        assert!(
            detail.contains(state.key()),
            "names what the ledger keeps: {detail}"
        );
    }
    // Unverified, it changes nothing.
    let (_d, mut l, t) = one_payout("paid");
    let v = l.record_callback(None, &refund(&t, false)).expect("record");
    assert!(matches!(v, CallbackVerdict::Refused(_)), "{v:?}");
    assert_eq!(row(&l).1, 0);
}
