//! The policy's bounds: how many sends, throttles and queries one payout
//! gets in a run, and when its grace period ends.

use super::tests::{
    ack, clock_at, known, limits, not_sent, payout, rejected, resolving, uncertain,
};
use super::*;
use State::*;

#[test]
fn sends_are_bounded_by_max_attempts_and_throttles_by_their_own_limit() {
    let l = limits();
    let mut j = Journey::new(Known::of(&payout(Planned)));
    for n in 0..l.max_attempts {
        assert!(may_send(&j, &l));
        let step = after_send(ack(&not_sent(), Planned), &mut j, &l, clock_at(0));
        assert_eq!(step, Step::Resend(Wait::Backoff(n)));
    }
    assert!(!may_send(&j, &l), "max_attempts sends, then left planned");
    let mut j = Journey::new(Known::of(&payout(Planned)));
    let throttled = rejected(RejectClass::Throttled, "1006");
    for _ in 0..=MAX_THROTTLES {
        assert!(may_send(&j, &l), "throttles do not count as sends");
        after_send(ack(&throttled, Planned), &mut j, &l, clock_at(0));
    }
    assert!(!may_send(&j, &l));
}

#[test]
fn a_resolution_is_bounded_by_unanswered_queries_polls_and_time() {
    let l = limits();
    let p = payout(Unknown);
    let dark = uncertain(false);
    let mut j = resolving(known(Unknown, false));
    let c = clock_at(1);
    let mut steps = Vec::new();
    for _ in 0..l.query_retries {
        let r = read_query((&dark, None), &p, j.known, c.now, c.now);
        steps.push(after_query(ack(&dark, Unknown), &r.record, &mut j, &l, c));
    }
    assert_eq!(
        steps,
        [
            Step::Query(Wait::Backoff(0)),
            Step::Query(Wait::Backoff(1)),
            Step::Leave(Unknown)
        ]
    );
    let mut j = resolving(known(Unknown, false));
    assert!(may_query(&j, clock_at(60)));
    assert!(may_query(&j, clock_at(60 + RESOLVE_SLACK.as_secs())));
    assert!(
        !may_query(&j, clock_at(61 + RESOLVE_SLACK.as_secs())),
        "deadline"
    );
    let nf = rejected(RejectClass::NotFound, "1007");
    for _ in 0..MAX_POLLS {
        assert!(may_query(&j, c));
        let r = read_query((&nf, None), &p, j.known, clock_at(60).now, c.now);
        after_query(ack(&nf, Unknown), &r.record, &mut j, &l, c);
    }
    assert!(!may_query(&j, c), "{MAX_POLLS} polls at most");
    assert!(!may_query(&Journey::new(j.known), c), "not resolving");
}

#[test]
fn the_grace_period_runs_from_the_last_send_and_never_sent_means_no_wait() {
    let c = clock_at(0);
    let g = Duration::from_secs(60);
    assert_eq!(grace_end(None, g, c), c.now);
    let sent = c.wall - Duration::from_secs(45);
    assert_eq!(grace_end(Some(sent), g, c), c.now + Duration::from_secs(15));
    let long_ago = c.wall - Duration::from_secs(3600);
    assert_eq!(grace_end(Some(long_ago), g, c), c.now);
    // A killed run's request may be out until 20 s from now: the grace
    // counts from then, never from when it started.
    let out_until = c.wall + Duration::from_secs(20);
    assert_eq!(
        grace_end(Some(out_until), g, c),
        c.now + Duration::from_secs(80)
    );
    let mut p = payout(Unknown);
    p.last_attempt_at = Some(sent);
    let (j, step) = Journey::resolve(&p, &limits(), c);
    assert_eq!(step, Step::Query(Wait::Until(c.now + limits().query_delay)));
    assert_eq!(
        j.resolving.map(|r| r.grace_end),
        Some(c.now + Duration::from_secs(15))
    );
}

#[test]
fn settling_is_over_when_final_or_back_to_not_sent() {
    for s in State::ALL {
        assert_eq!(
            is_settled(s),
            matches!(s, Paid | Failed | Superseded | Planned),
            "{s}"
        );
    }
}

#[test]
fn a_short_grace_is_refused_for_a_real_gateway_only() {
    use std::time::Duration;
    let short = Duration::from_secs(2);
    let err = check_grace("https://gateway.example/bd", short).unwrap_err();
    assert!(err.to_string().contains("--grace 10s"), "{err}");
    assert!(err.to_string().contains("gateway.example"), "{err}");
    assert!(check_grace("https://gateway.example/bd", MIN_GRACE).is_ok());
    assert!(check_grace("https://gateway.example/bd", Duration::from_secs(60)).is_ok());
    for local in [
        "http://127.0.0.1:8080",
        "http://localhost/x",
        "http://[::1]:9/",
    ] {
        assert!(check_grace(local, Duration::ZERO).is_ok(), "{local}");
    }
}
