//! Engine tests against a scripted in-memory gateway and a real ledger, so
//! that each failure mode can be produced exactly and counted.

use super::*;
use crate::config::Rate;
use crate::ledger::tests::{record_rows, temp_ledger};
use crate::ledger::{Ledger, PayoutRow, State};
use crate::plan::tests::payout;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

mod sim;
mod stops;
use sim::{Script, Sim};

struct Setup {
    _dir: tempfile::TempDir,
    ledger: Ledger,
    run: i64,
    batch: i64,
    rows: Vec<PayoutRow>,
}

fn setup(n: usize) -> Setup {
    let (dir, mut ledger) = temp_ledger();
    let rows: Vec<_> = (0..n)
        .map(|i| payout(i + 2, Some(&format!("E{i}")), &format!("017{i:08}"), 100))
        .collect();
    let (batch, run, _) = record_rows(&mut ledger, "t", &rows);
    let rows = ledger.payouts_in(batch, &[State::Planned]).expect("rows");
    Setup {
        _dir: dir,
        ledger,
        run,
        batch,
        rows,
    }
}

fn cfg(concurrency: usize, grace_ms: u64) -> EngineConfig {
    EngineConfig {
        concurrency,
        rate: Rate::UNLIMITED,
        burst: 1,
        max_attempts: 5,
        grace: Duration::from_millis(grace_ms),
        query_delay: Duration::from_millis(5),
        query_retries: 3,
        backoff: Backoff {
            base: Duration::from_millis(5),
            max: Duration::from_millis(20),
        },
        request_timeout: Duration::from_secs(2),
    }
}

/// Runs the send phase and returns (ledger state counts, halt, stats).
fn send<G: Gateway>(
    s: &Setup,
    gateway: &G,
    cfg: EngineConfig,
) -> (HashMap<State, u64>, Option<Halt>, Stats) {
    let writer = s.ledger.writer(s.run).expect("writer");
    let stats = Stats::default();
    let engine = Engine::new(
        gateway,
        writer.handle(),
        cfg,
        Arc::new(AtomicBool::new(false)),
    );
    let r = engine.send(s.rows.clone(), &stats);
    assert_eq!(r.outcomes.len(), s.rows.len());
    let halt = engine.halt();
    drop(engine);
    writer.finish().expect("finish");
    let totals = s.ledger.totals(s.batch).expect("totals");
    let counts = totals.by_state.iter().map(|t| (t.state, t.count)).collect();
    (counts, halt, stats)
}

/// Runs the send phase for a scenario that must end with every row paid
/// and no halt (both checked here); returns the stats for the rest.
fn send_all_paid<G: Gateway>(s: &Setup, gateway: &G, cfg: EngineConfig) -> Stats {
    let (counts, halt, stats) = send(s, gateway, cfg);
    let rows = s.rows.len() as u64;
    assert_eq!(halt, None);
    assert_eq!(counts.get(&State::Paid), Some(&rows));
    stats
}

/// `n` planned payouts sent through a gateway playing `script`, which must
/// end with every row paid and no halt; returns the batch, the gateway (to
/// count what it saw) and the stats.
fn all_paid(n: usize, script: Script, cfg: EngineConfig) -> (Setup, Sim, Stats) {
    let s = setup(n);
    let sim = Sim::new(script);
    let stats = send_all_paid(&s, &sim, cfg);
    (s, sim, stats)
}

#[test]
fn a_clean_gateway_pays_everything_once() {
    let (_s, sim, stats) = all_paid(200, Script::Fine, cfg(8, 1000));
    assert_eq!(sim.payouts(), 200);
    assert_eq!(Stats::get(&stats.requests), 200);
    assert_eq!(sim.created(), 200);
}

#[test]
fn a_dropped_answer_is_resolved_by_query_not_by_resending() {
    let (_s, sim, stats) = all_paid(60, Script::DropAfterCreate, cfg(8, 200));
    assert_eq!(sim.payouts(), 60, "no resend: the query found every order");
    assert_eq!(Stats::get(&stats.resends), 0);
    assert!(sim.queries.load(Ordering::SeqCst) >= 60);
}

#[test]
fn not_found_after_the_grace_period_resends_the_same_trade_no() {
    let s = setup(30);
    let sim = Sim::new(Script::LostBeforeCreate);
    let t = Instant::now();
    let stats = send_all_paid(&s, &sim, cfg(8, 150));
    assert_eq!(sim.created(), 30);
    assert_eq!(sim.payouts(), 60, "exactly one resend each");
    assert_eq!(Stats::get(&stats.resends), 30);
    assert!(
        t.elapsed() >= Duration::from_millis(150),
        "waited out the grace"
    );
    // Same tradeNo: the sim saw each of the 30 tradeNos exactly twice.
    let seen = sim.seen.lock().unwrap_or_else(|p| p.into_inner());
    assert_eq!(seen.len(), 30);
    assert!(seen.values().all(|n| *n == 2));
}

#[test]
fn not_found_within_the_grace_period_is_never_believed() {
    // Orders exist but are invisible for 300 ms; the grace is 1 s.
    let (_s, sim, stats) = all_paid(
        10,
        Script::InvisibleFor(Duration::from_millis(300)),
        cfg(4, 1000),
    );
    assert_eq!(sim.payouts(), 10, "no resend while the order was invisible");
    assert_eq!(Stats::get(&stats.resends), 0);
}

#[test]
fn connection_refused_retries_then_leaves_planned_never_failed() {
    let s = setup(5);
    let sim = Sim::new(Script::Refused);
    let mut c = cfg(2, 100);
    c.max_attempts = 3;
    let (counts, halt, _) = send(&s, &sim, c);
    assert_eq!(halt, None);
    assert_eq!(counts.get(&State::Planned), Some(&5));
    assert_eq!(counts.get(&State::Failed), None);
    assert_eq!(sim.payouts(), 15, "three attempts each");
}

#[test]
fn unanswered_queries_leave_the_payout_unknown() {
    let s = setup(4);
    let sim = Sim::new(Script::Dark);
    let (counts, halt, _) = send(&s, &sim, cfg(4, 50));
    assert_eq!(halt, None);
    assert_eq!(counts.get(&State::Unknown), Some(&4));
    assert_eq!(
        sim.payouts(),
        4,
        "an unknown payout is never resent blindly"
    );
}

#[test]
fn throttling_retries_the_same_trade_no_after_backoff() {
    let (_s, sim, stats) = all_paid(12, Script::Throttle2, cfg(4, 100));
    assert_eq!(sim.payouts(), 36);
    assert_eq!(Stats::get(&stats.throttled), 24);
    assert_eq!(sim.created(), 12);
}

#[test]
fn the_resolve_phase_finds_created_orders_and_requeues_lost_ones() {
    let mut s = setup(6);
    let sim = Sim::new(Script::Fine);
    // Three payouts reached the gateway before a crash, three did not.
    for p in &s.rows[..3] {
        let _ = Gateway::payout(
            &sim,
            &crate::gateway::PayoutRequest {
                trade_no: &p.trade_no,
                amount: p.amount,
                wallet_id: &p.wallet,
                provider: p.provider,
                remark: None,
            },
        );
    }
    {
        let writer = s.ledger.writer(s.run).expect("writer");
        let w = writer.handle();
        for p in &s.rows {
            w.call(crate::ledger::writer::Op::BeginSend {
                payout_id: p.id,
                out_for: std::time::Duration::ZERO,
            })
            .expect("begin");
        }
        drop(w);
        writer.finish().expect("finish");
    }
    assert_eq!(
        s.ledger
            .recover_interrupted(s.batch, s.run)
            .expect("recover"),
        6
    );
    let unknown = s
        .ledger
        .payouts_in(s.batch, &[State::Unknown])
        .expect("unknown");
    let writer = s.ledger.writer(s.run).expect("writer");
    let stats = Stats::default();
    let engine = Engine::new(
        &sim,
        writer.handle(),
        cfg(3, 100),
        Arc::new(AtomicBool::new(false)),
    );
    let r = engine.resolve(unknown, &stats);
    assert_eq!(r.resend.len(), 3);
    let paid = r
        .outcomes
        .iter()
        .filter(|(_, st)| *st == State::Paid)
        .count();
    assert_eq!(paid, 3);
    let again = engine.send(r.resend, &stats);
    assert!(again.outcomes.iter().all(|(_, st)| *st == State::Paid));
    drop(engine);
    writer.finish().expect("finish");
    assert_eq!(
        sim.payouts(),
        6,
        "3 before the crash, 3 resent after not found"
    );
    assert_eq!(sim.created(), 6);
}

/// Issue 15: an uncertain payout waits for its grace period off the worker.
/// Two workers, and the first two requests are lost before creation: today
/// both workers sit out the grace period and nothing else is sent until the
/// two are resent. Judged by the ledger's own order of attempts (their ids),
/// not by a clock: every other payout's send must come before the first
/// resend, which cannot happen before the grace period ends.
#[test]
fn uncertain_payouts_wait_for_their_grace_off_the_workers() {
    let (s, sim, stats) = all_paid(30, Script::FirstLost(2), cfg(2, 3000));
    assert_eq!(
        sim.payouts(),
        32,
        "exactly one resend each for the two lost"
    );
    assert_eq!(Stats::get(&stats.resends), 2);
    let attempts: Vec<(i64, i64)> = s
        .ledger
        .connection()
        .prepare("SELECT payout_id, id FROM attempts WHERE kind = 'payout' ORDER BY id")
        .and_then(|mut st| {
            st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<_, _>>()
        })
        .expect("attempts");
    let mut sends: HashMap<i64, Vec<i64>> = HashMap::new();
    for (payout, id) in attempts {
        sends.entry(payout).or_default().push(id);
    }
    let first_resend = sends
        .values()
        .filter_map(|ids| ids.get(1).copied())
        .min()
        .expect("a resend");
    let sent_while_waiting = sends
        .values()
        .filter(|ids| ids.len() == 1 && ids[0] < first_resend)
        .count();
    assert_eq!(
        sent_while_waiting, 28,
        "every other payout is sent while the two uncertain ones wait for their grace"
    );
}
