use super::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// Hears `n` answers 10 ms apart from `*t` on, each sent when heard.
fn hear(p: &mut Pace, t: &mut u64, heard: Heard, n: usize) {
    for _ in 0..n {
        *t += 10;
        p.heard(heard, ms(*t), ms(*t));
    }
}

#[test]
fn random_refusals_at_five_percent_never_slow_the_pace() {
    // Every twentieth answer refused, then a seeded 5% at random.
    let mut p = Pace::new(350.0);
    let mut t = 0;
    for i in 0..20_000 {
        let heard = if i % 20 == 7 {
            Heard::Refused
        } else {
            Heard::Answered
        };
        hear(&mut p, &mut t, heard, 1);
        assert_eq!(p.current(), 350.0, "slowed at answer {i}");
    }
    let mut rng = StdRng::seed_from_u64(20_261_205);
    let mut lowest = p.current();
    for _ in 0..20_000 {
        let heard = if rng.random_bool(0.05) {
            Heard::Refused
        } else {
            Heard::Answered
        };
        hear(&mut p, &mut t, heard, 1);
        lowest = lowest.min(p.current());
    }
    assert_eq!(lowest, 350.0, "5% random refusals slowed the pace");
}

#[test]
fn a_pace_limit_halves_the_pace_each_round_down_to_the_floor() {
    let mut p = Pace::new(100.0);
    let mut t = 0;
    hear(&mut p, &mut t, Heard::Answered, 16);
    hear(&mut p, &mut t, Heard::Refused, TRIP - 1);
    assert_eq!(p.current(), 100.0, "7 of the last 20: not yet a pace limit");
    hear(&mut p, &mut t, Heard::Refused, 1);
    assert_eq!(p.current(), 50.0);
    // Refusals of requests sent before the halving were paced at the old
    // rate: eight workers refused at once halve the pace once.
    for _ in 0..8 {
        p.heard(Heard::Refused, ms(t - 5), ms(t + 1));
    }
    assert_eq!(p.current(), 50.0);
    // Sent after it and still refused: halve again, each round.
    hear(&mut p, &mut t, Heard::Refused, 3);
    assert_eq!(p.current(), 6.25);
    hear(&mut p, &mut t, Heard::Refused, 100);
    assert_eq!(p.current(), FLOOR_PER_SEC);
    let mut slow = Pace::new(0.1);
    hear(&mut slow, &mut t, Heard::Refused, 100);
    assert_eq!(
        slow.current(),
        0.1,
        "a configured rate below the floor is kept"
    );
}

#[test]
fn a_gateway_over_its_pace_from_the_start_is_met_within_a_few_answers() {
    let mut p = Pace::new(100.0);
    let mut t = 0;
    hear(&mut p, &mut t, Heard::Refused, TRIP_EARLY - 1);
    assert_eq!(p.current(), 100.0);
    hear(&mut p, &mut t, Heard::Refused, 1);
    assert_eq!(p.current(), 50.0);
}

#[test]
fn good_answers_in_a_row_raise_the_pace_by_steps_to_the_configured_rate() {
    let mut p = Pace::new(100.0);
    let mut t = 0;
    hear(&mut p, &mut t, Heard::Refused, TRIP_EARLY);
    assert_eq!(p.current(), 50.0);
    // A refusal breaks the run.
    hear(&mut p, &mut t, Heard::Answered, RECOVER_RUN as usize - 1);
    hear(&mut p, &mut t, Heard::Refused, 1);
    hear(&mut p, &mut t, Heard::Answered, RECOVER_RUN as usize - 1);
    assert_eq!(p.current(), 50.0);
    hear(&mut p, &mut t, Heard::Answered, 1);
    assert_eq!(
        p.current(),
        55.0,
        "one step: a twentieth of the configured rate"
    );
    // A step over the gateway's limit is judged on the answers since it.
    hear(&mut p, &mut t, Heard::Answered, 4);
    hear(&mut p, &mut t, Heard::Refused, TRIP_EARLY);
    assert_eq!(p.current(), 27.5);
    hear(&mut p, &mut t, Heard::Answered, 10_000);
    assert_eq!(p.current(), 100.0, "never above the configured rate");
}

#[test]
fn an_unlimited_pace_drops_to_the_fallback_and_grows_back_to_unlimited() {
    let mut p = Pace::new(f64::INFINITY);
    let mut t = 0;
    hear(&mut p, &mut t, Heard::Refused, TRIP_EARLY);
    assert_eq!(p.current(), UNLIMITED_FALLBACK);
    hear(&mut p, &mut t, Heard::Answered, 1_000);
    assert!(p.current().is_infinite());
}
