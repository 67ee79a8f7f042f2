//! Conflict reviews on a real ledger: recorded beside the flag, never
//! changing the payout, append-only, and lapsing when a new reason comes.

use super::*;
use crate::ledger::tests::{exec, one_payout_in, value};

fn review<'a>(trade_no: &'a str, note: &'a str) -> NewReview<'a> {
    NewReview {
        trade_no,
        by: "Karim (finance)",
        finding: Finding::Paid,
        note,
    }
}

#[test]
fn a_review_is_kept_beside_the_flag_and_changes_nothing_else() {
    let (_dir, mut l, _) = one_payout_in("failed");
    let trade: String = value(&l, "SELECT trade_no FROM payouts", []);
    assert_eq!(
        l.record_conflict_review(&review(&trade, "not in conflict"))
            .unwrap(),
        None,
        "only a conflict is reviewed"
    );
    exec(
        &l,
        "UPDATE payouts SET conflict = 1, conflict_detail = 'a signed callback says paid'",
        [],
    );
    let before: String = value(
        &l,
        "SELECT state || conflict || conflict_detail FROM payouts",
        [],
    );
    let open = |l: &Ledger| -> i64 {
        value(
            l,
            &format!("SELECT COUNT(*) FROM payouts p WHERE {OPEN_CONFLICT}"),
            [],
        )
    };
    assert_eq!(open(&l), 1);
    let r = l
        .record_conflict_review(&review(&trade, "bank portal shows it paid"))
        .unwrap()
        .expect("recorded");
    assert_eq!(
        (
            r.outcome.as_str(),
            r.state_at_review.as_str(),
            r.detail_reviewed.as_str()
        ),
        ("paid", "failed", "a signed callback says paid")
    );
    let after: String = value(
        &l,
        "SELECT state || conflict || conflict_detail FROM payouts",
        [],
    );
    assert_eq!(before, after, "the payout and its flag stay as they were");
    assert_eq!(open(&l), 0, "checked");
    let batch: i64 = value(&l, "SELECT batch_id FROM payouts", []);
    assert_eq!(l.covering_reviews(batch).unwrap().len(), 1);

    // Append-only, whoever writes.
    for sql in [
        "UPDATE conflict_reviews SET note = 'x'",
        "DELETE FROM conflict_reviews",
    ] {
        let e = l.connection().execute(sql, []).expect_err(sql);
        assert!(e.to_string().contains("append-only"), "{e}");
    }
    // A new reason reopens it; the old review stays.
    exec(
        &l,
        "UPDATE payouts SET conflict_detail = conflict_detail || '; statement: reversed'",
        [],
    );
    assert_eq!(open(&l), 1, "reopened by a new reason");
    assert!(l.covering_reviews(batch).unwrap().is_empty());
    let payout: i64 = value(&l, "SELECT id FROM payouts", []);
    assert_eq!(l.conflict_reviews(payout).unwrap().len(), 1);
}

/// `--by NAME` is free text, yet a checked conflict turns off exit 1: the
/// review also keeps the operating-system account that recorded it (probe8
/// finding 8), which the typed name cannot change.
#[cfg(unix)]
#[test]
fn a_review_keeps_the_os_account_that_recorded_it() {
    let (_dir, mut l, _) = one_payout_in("paid");
    exec(
        &l,
        "UPDATE payouts SET conflict = 1, conflict_detail = 'x'",
        [],
    );
    let trade: String = value(&l, "SELECT trade_no FROM payouts", []);
    let r = l
        .record_conflict_review(&review(&trade, "checked"))
        .unwrap()
        .expect("recorded");
    let uid: i64 = value(
        &l,
        "SELECT os_uid FROM conflict_review_accounts WHERE review_id = ?1",
        [r.id],
    );
    // SAFETY: geteuid has no preconditions and cannot fail.
    assert_eq!(uid, i64::from(unsafe { libc::geteuid() }));
    assert!(
        l.review_account(r.id)
            .unwrap()
            .is_some_and(|a| a.contains("uid"))
    );
}
