//! `approval_max_age`: an approval stops counting for sending once it is
//! older than the limit, by the ledger's record or by its signed statement's
//! own date; a clock moved back does not make an old approval young.

use super::*;
use chrono::TimeZone;

fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0).single().unwrap()
}

fn judge_at(
    all: &[Approval],
    v: &Validated,
    p: &ApprovalPolicy,
    t: &Team,
    now: DateTime<Utc>,
) -> Verdict {
    judge(
        all,
        &Context {
            at: now,
            clock: now,
            ..context(v, p, Some(&t.signers))
        },
    )
}

fn week_limited() -> (Team, Validated, ApprovalPolicy) {
    let (t, v, mut p) = small_batch();
    p.max_age = Some(std::time::Duration::from_secs(7 * 86_400));
    (t, v, p)
}

#[test]
fn an_approval_older_than_approval_max_age_does_not_count() {
    let (t, v, p) = week_limited();
    // Statement dated and recorded 2026-12-04 10:00 UTC.
    let a = signed(&v, "x", &t.rahim, Role::Approve);
    assert!(judge_at(std::slice::from_ref(&a), &v, &p, &t, at(2026, 12, 5, 9)).approved());
    let late = judge_at(std::slice::from_ref(&a), &v, &p, &t, at(2027, 1, 5, 9));
    assert!(!late.approved(), "{late:?}");
    assert_refused_for(&late, "approval_max_age");
    // Without a limit (a library default), age is not judged.
    let mut open = p.clone();
    open.max_age = None;
    assert!(judge_at(&[a], &v, &open, &t, at(2027, 1, 5, 9)).approved());
}

#[test]
fn a_young_ledger_time_does_not_make_an_old_signed_statement_young() {
    let (t, v, p) = week_limited();
    // The ledger row says yesterday (edited, or recorded long after the
    // statement was written); the signed statement says 2026-12-04.
    let mut a = signed(&v, "x", &t.rahim, Role::Approve);
    a.approved_at = "2027-01-04T10:00:00.000Z".into();
    let verdict = judge_at(&[a], &v, &p, &t, at(2027, 1, 5, 9));
    assert!(!verdict.approved(), "{verdict:?}");
    assert_refused_for(&verdict, "2026-12-04 10:00 UTC");
}

#[test]
fn an_approval_dated_after_now_does_not_count() {
    let (t, v, p) = week_limited();
    // Now is before the approval: the clock was moved back (or the record
    // moved forward). Counting it would let it count for longer.
    let a = signed(&v, "x", &t.rahim, Role::Approve);
    let verdict = judge_at(&[a], &v, &p, &t, at(2026, 12, 1, 9));
    assert!(!verdict.approved(), "{verdict:?}");
    assert_refused_for(&verdict, "later than now");
}

#[test]
fn a_statement_without_a_readable_date_does_not_count_under_a_limit() {
    let (t, v, p) = week_limited();
    let text =
        statement(&v, Role::Approve, LABEL).replace("date: 2026-12-04 10:00 UTC", "date: soon");
    let sig = super::super::sig::sign_with_key(&t.rahim, text.as_bytes()).unwrap();
    let fp = super::super::sig::fingerprint(t.rahim.public_key().key_data());
    let a = record(&v, "x", &text, Some(sig), Some(fp), Role::Approve);
    let verdict = judge_at(&[a], &v, &p, &t, at(2026, 12, 5, 9));
    assert!(!verdict.approved(), "{verdict:?}");
    assert_refused_for(&verdict, "date");
}

#[test]
fn an_approval_given_under_a_clock_set_forward_does_not_count_once_it_is_set_back() {
    let (t, v, p) = week_limited();
    let mut a = signed(&v, "x", &t.rahim, Role::Approve);
    // Recorded in 2027, which moved the ledger's newest time (`at`) there
    // too; the system clock says 2026-12-03.
    a.approved_at = "2027-06-01T09:00:00.000Z".into();
    let verdict = judge(
        &[a],
        &Context {
            at: at(2027, 6, 1, 9),
            clock: at(2026, 12, 3, 9),
            ..context(&v, &p, Some(&t.signers))
        },
    );
    assert!(!verdict.approved(), "{verdict:?}");
    assert_refused_for(&verdict, "later than now");
}
