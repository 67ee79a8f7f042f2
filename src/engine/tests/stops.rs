//! Engine tests of what stops a run: a systemic refusal, the stop flag, a
//! ledger that cannot record, a broken contract in a step; and what the
//! stop says. Each bounds what is sent after it.

use super::*;

#[test]
fn a_systemic_refusal_stops_after_at_most_concurrency_requests() {
    let s = setup(300);
    let sim = Sim::new(Script::Systemic);
    let (counts, halt, _) = send(&s, &sim, cfg(4, 1000));
    assert!(
        matches!(halt, Some(Halt::Systemic(ref m)) if m.contains("1002")),
        "{halt:?}"
    );
    assert!(
        sim.payouts() <= 4,
        "{} requests after the breaker",
        sim.payouts()
    );
    assert_eq!(
        counts.get(&State::Planned),
        Some(&300),
        "nothing sent stays planned"
    );
    assert_eq!(sim.created(), 0);
}

#[test]
fn a_raised_stop_flag_hands_out_no_more_work() {
    let s = setup(50);
    let sim = Sim::new(Script::Fine);
    let writer = s.ledger.writer(s.run).expect("writer");
    let stats = Stats::default();
    let stop = Arc::new(AtomicBool::new(true));
    let engine = Engine::new(&sim, writer.handle(), cfg(4, 100), stop);
    let r = engine.send(s.rows.clone(), &stats);
    assert_eq!(engine.halt(), Some(Halt::Interrupted));
    assert!(r.outcomes.iter().all(|(_, st)| *st == State::Planned));
    assert_eq!(sim.payouts(), 0);
}

#[test]
fn a_ledger_that_cannot_record_stops_sending_at_once() {
    let s = setup(100);
    // From the 11th attempt on, recording the intent fails (as a full disk would).
    s.ledger
        .connection()
        .execute_batch(
            "CREATE TRIGGER no_space BEFORE INSERT ON attempts
             WHEN (SELECT COUNT(*) FROM attempts) >= 10
             BEGIN SELECT RAISE(ABORT, 'disk full (simulated)'); END;",
        )
        .expect("trigger");
    let sim = Sim::new(Script::Fine);
    let (counts, halt, _) = send(&s, &sim, cfg(4, 100));
    assert!(
        matches!(halt, Some(Halt::Ledger(ref m)) if m.contains("disk full")),
        "{halt:?}"
    );
    assert_eq!(sim.payouts(), 10, "no request without its recorded intent");
    assert_eq!(counts.get(&State::Paid), Some(&10));
    assert_eq!(counts.get(&State::Planned), Some(&90));
}

/// A broken contract (an assertion) in one worker's step stops the whole
/// run: nothing more is handed out, and the halt says why.
#[test]
fn a_broken_contract_in_a_step_stops_the_run() {
    let s = setup(100);
    let sim = Sim::new(Script::PanicAt(10));
    let (counts, halt, _) = send(&s, &sim, cfg(4, 1000));
    assert!(
        matches!(halt, Some(Halt::Ledger(ref m)) if m.contains("internal error") && m.contains("a broken contract")),
        "{halt:?}"
    );
    // A worker that finished its request while the panicking one unwound
    // may take one more job before the stop is raised: a few requests per
    // worker, never the rest of the 100.
    assert!(
        sim.payouts() <= 10 + 3 * 4,
        "{} requests after the panic",
        sim.payouts()
    );
    assert!(counts.get(&State::Planned).copied().unwrap_or(0) >= 85);
}

/// A refusal that stops the run and came with an HTTP error says which
/// status (as the balance check's does): the summary's "stopped because
/// ..." line is all the operator sees of it. At 200 the status says nothing.
#[test]
fn a_stop_names_the_http_status_of_a_non_2xx_refusal() {
    use crate::gateway::Client;
    use crate::gateway::client_tests::{cfg as client_cfg, one_shot};
    use std::io::Write;
    let halt_for = |status: &'static str| {
        let s = setup(1);
        let base = one_shot(move |sock| {
            let body = r#"{"code":"1002","msg":"sign error"}"#;
            let _ = write!(
                sock,
                "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        });
        let client = Client::new(client_cfg(&base)).expect("client");
        send(&s, &client, cfg(1, 1000)).1
    };
    let halt = halt_for("401 Unauthorized");
    assert!(
        matches!(halt, Some(Halt::Systemic(ref m)) if m.ends_with("with code 1002 (sign error, HTTP 401)")),
        "{halt:?}"
    );
    let halt = halt_for("200 OK");
    assert!(
        matches!(halt, Some(Halt::Systemic(ref m)) if m.ends_with("with code 1002 (sign error)")),
        "{halt:?}"
    );
}
