//! The history rules, decided without a database.

use super::*;
use crate::plan::BatchLabel;
use crate::plan::tests::payout;

fn plan(rows: &[crate::validate::Payout]) -> Plan {
    Plan::new(BatchLabel::parse("nov").expect("label"), rows).expect("plan")
}

/// The ledger's view of `plan`'s row `i`, recorded in `state`.
fn existing(p: &Plan, i: usize, id: i64, state: State) -> Existing {
    let r = &p.rows[i];
    Existing {
        id,
        identity: r.key.clone(),
        revision: 0,
        trade_no: p.trade_no(&r.key, 0),
        state,
        content: r.content(),
        reference: r.payout.reference.clone(),
        row_no: Some(r.payout.row),
        first_sent_at: state
            .may_move_money()
            .then(|| "2026-11-30T10:00:00.000Z".to_string()),
        conflict: false,
    }
}

/// `p`, against the payouts `history`, keeps `kept` as it is (its id and
/// state, so its tradeNo): the one decision for its one row.
fn assert_reuses(p: &Plan, history: &[Existing], kept: &Existing) {
    let (id, state) = (kept.id, kept.state);
    assert_eq!(
        decide(p, history),
        vec![Decision::Reuse { id, state }],
        "{state}"
    );
}

#[test]
fn an_empty_history_makes_everything_new() {
    let p = plan(&[
        payout(2, Some("E1"), "01712345678", 500),
        payout(3, None, "01812345678", 500),
    ]);
    assert_eq!(
        decide(&p, &[]),
        vec![Decision::New { revision: 0 }, Decision::New { revision: 0 }]
    );
}

#[test]
fn same_identity_same_content_is_reused_in_every_state() {
    let p = plan(&[payout(2, Some("E1"), "01712345678", 500)]);
    for state in State::ALL {
        if state == State::Superseded {
            continue;
        }
        let ex = existing(&p, 0, 7, state);
        assert_reuses(&p, std::slice::from_ref(&ex), &ex);
    }
}

#[test]
fn a_corrected_row_that_moved_no_money_gets_a_new_revision() {
    let old = plan(&[payout(2, Some("E1"), "01712345678", 500)]);
    let new = plan(&[payout(2, Some("E1"), "01799999999", 500)]);
    for state in [State::Planned, State::Failed] {
        let ex = existing(&old, 0, 7, state);
        assert_eq!(
            decide(&new, &[ex]),
            vec![Decision::Revise {
                replaces: 7,
                revision: 1
            }],
            "{state}"
        );
    }
}

#[test]
fn a_changed_row_that_may_have_moved_money_is_refused_with_what_was_sent() {
    let old = plan(&[payout(2, Some("E1"), "01712345678", 500)]);
    let new = plan(&[payout(4, Some("E1"), "01712345678", 600)]);
    for state in [
        State::Sending,
        State::Processing,
        State::Paid,
        State::Unknown,
    ] {
        let ex = existing(&old, 0, 7, state);
        let tn = ex.trade_no.clone();
        let d = decide(&new, &[ex]);
        let Some(Decision::Refuse { message }) = d.first() else {
            panic!("{state}: {d:?}");
        };
        for needle in [
            "row 4 (reference E1)",
            "01712345678",
            "Tk 500.00",
            "Tk 600.00",
            state.key(),
            tn.as_str(),
            "first sent 2026-11-30",
            "new batch label",
            // A tester re-sent the whole corrected sheet under the new label.
            "put only the new payment in that sheet",
        ] {
            assert!(message.contains(needle), "{state}: {needle} in {message}");
        }
    }
}

#[test]
fn a_new_reference_for_a_paid_wallet_is_refused_unless_intended() {
    let old = plan(&[payout(2, Some("E1"), "01712345678", 500)]);
    let mut row = payout(2, Some("E1-renamed"), "01712345678", 500);
    let ex = existing(&old, 0, 7, State::Paid);
    let d = decide(&plan(std::slice::from_ref(&row)), std::slice::from_ref(&ex));
    let Some(Decision::Refuse { message }) = d.first() else {
        panic!("{d:?}");
    };
    assert!(message.contains("reference E1:"), "{message}");
    assert!(message.contains("--allow-repeat"), "{message}");
    row.repeat_ok = true;
    assert_eq!(
        decide(&plan(&[row]), &[ex]),
        vec![Decision::New { revision: 0 }]
    );
}

#[test]
fn a_wallet_whose_earlier_payout_moved_no_money_can_be_paid_by_a_new_row() {
    let old = plan(&[payout(2, Some("E1"), "01712345678", 500)]);
    let new = plan(&[payout(2, Some("E2"), "01712345678", 500)]);
    for state in [State::Planned, State::Failed, State::Superseded] {
        let ex = existing(&old, 0, 7, state);
        assert_eq!(
            decide(&new, &[ex]),
            vec![Decision::New { revision: 0 }],
            "{state}"
        );
    }
}

#[test]
fn a_revision_to_a_wallet_already_paid_by_another_row_is_refused() {
    let old = plan(&[
        payout(2, Some("E1"), "01712345678", 500),
        payout(3, Some("E2"), "01812345678", 500),
    ]);
    let new = plan(&[
        payout(2, Some("E1"), "01712345678", 500),
        payout(3, Some("E2"), "01712345678", 500),
    ]);
    let ex = [
        existing(&old, 0, 1, State::Paid),
        existing(&old, 1, 2, State::Failed),
    ];
    let d = decide(&new, &ex);
    assert_eq!(
        d[0],
        Decision::Reuse {
            id: 1,
            state: State::Paid
        }
    );
    assert!(matches!(&d[1], Decision::Refuse { .. }), "{d:?}");
}

#[test]
fn the_latest_revision_is_the_one_compared() {
    let v0 = plan(&[payout(2, Some("E1"), "01712345678", 500)]);
    let v1 = plan(&[payout(2, Some("E1"), "01799999999", 500)]);
    let mut old = existing(&v0, 0, 1, State::Superseded);
    old.revision = 0;
    let mut cur = existing(&v1, 0, 2, State::Paid);
    cur.revision = 1;
    // The corrected sheet again: reuse revision 1.
    assert_reuses(&v1, &[old.clone(), cur.clone()], &cur);
    // The original sheet again: it no longer matches what was paid.
    let d = decide(&v0, &[old, cur]);
    assert!(matches!(&d[0], Decision::Refuse { .. }), "{d:?}");
}

#[test]
fn a_payout_in_conflict_is_never_revised_nor_its_wallet_paid_again() {
    let old = plan(&[payout(2, Some("E1"), "01712345678", 500)]);
    for state in [State::Failed, State::Planned] {
        let mut ex = existing(&old, 0, 7, state);
        ex.conflict = true;
        let corrected = plan(&[payout(2, Some("E1"), "01799999999", 500)]);
        let d = decide(&corrected, std::slice::from_ref(&ex));
        let Some(Decision::Refuse { message }) = d.first() else {
            panic!("{state}: {d:?}");
        };
        assert!(message.contains("conflict"), "{message}");
        let another = plan(&[payout(3, Some("E2"), "01712345678", 500)]);
        let d = decide(&another, std::slice::from_ref(&ex));
        assert!(
            matches!(d.first(), Some(Decision::Refuse { .. })),
            "{state}: {d:?}"
        );
        // The same row again is reused as it is (same tradeNo).
        assert_reuses(&old, std::slice::from_ref(&ex), &ex);
    }
}

#[test]
fn a_planned_payout_whose_wallet_another_row_paid_since_is_refused_unless_intended() {
    let v1 = plan(&[payout(2, Some("E2"), "01712345678", 500)]);
    let v2 = plan(&[payout(2, Some("E3"), "01712345678", 500)]);
    let planned = existing(&v1, 0, 1, State::Planned);
    let paid = existing(&v2, 0, 2, State::Paid);
    let d = decide(&v1, &[planned.clone(), paid.clone()]);
    let Some(Decision::Refuse { message }) = d.first() else {
        panic!("{d:?}");
    };
    assert!(message.contains("reference E3"), "{message}");
    let mut again = v1.rows[0].payout.clone();
    again.repeat_ok = true;
    assert_reuses(&plan(&[again]), &[planned.clone(), paid], &planned);
}
