//! (c) A payout is marked paid or failed only on evidence about that very
//! payout: a query answer naming another tradeNo, or another amount, must
//! not settle it.

use super::*;

/// A gateway whose payout calls fail with HTTP 500 (the outcome is unknown)
/// and whose query answers come from `query`.
fn failing_then(query: impl Fn(&Value) -> Reply + Send + Sync + 'static) -> TinyGateway {
    TinyGateway::start(move |path, body| match endpoint(path) {
        "balance" => rich(),
        "payout" => Reply::Status(500),
        "query" => query(body),
        _ => Reply::Status(404),
    })
}

#[test]
fn a_query_answer_for_another_trade_no_settles_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger.sqlite");
    // The gateway answers every query with someone else's paid order.
    let gw = failing_then(|_| ok(order("other-batch-0123456789abcdef", "500.00", "0000")));
    let s = sheet(dir.path(), "s.csv", &[("E-1", "01712345678", 500)]);
    let (code, out) = submit(&gw.url, &ledger, &s, "nov", &["--max-attempts", "1"]);
    let t = trade_of("nov", "E-1");
    assert_eq!(
        state_of(&ledger, &t),
        ("unknown".to_string(), 0),
        "an answer about another order proves nothing about this one:\n{out}"
    );
    assert_eq!(code, 1, "still uncertain, so not 0:\n{out}");
    assert_eq!(gw.payouts_for(&t), 1, "never resent");
}

#[test]
fn a_query_answer_with_another_amount_is_a_conflict_not_a_payment() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger.sqlite");
    let t = trade_of("nov", "E-1");
    // Phase 0: queries get no answer (500), so the payout stays unknown.
    // Phase 1: the query says "paid", for Tk 400 instead of the Tk 500 sent.
    let phase = Arc::new(AtomicU8::new(0));
    let p = phase.clone();
    let tq = t.clone();
    let gw = failing_then(move |_| match p.load(Ordering::SeqCst) {
        0 => Reply::Status(500),
        _ => ok(order(&tq, "400.00", "0000")),
    });
    let s = sheet(dir.path(), "s.csv", &[("E-1", "01712345678", 500)]);
    let (code, out) = submit(&gw.url, &ledger, &s, "nov", &["--max-attempts", "1"]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(state_of(&ledger, &t).0, "unknown");

    phase.store(1, Ordering::SeqCst);
    let (code, out) = payrun(&gw.url, &ledger, NOWHERE, &["reconcile", "--batch", "nov"]);
    assert_eq!(
        state_of(&ledger, &t),
        ("unknown".to_string(), 1),
        "the wrong amount is flagged for a person, and settles nothing:\n{out}"
    );
    assert_eq!(code, 1, "{out}");
    assert_eq!(gw.payouts_for(&t), 1, "never resent");
    // Asked again, the same answer is recorded again, flagged once.
    let (code, _) = payrun(&gw.url, &ledger, NOWHERE, &["reconcile", "--batch", "nov"]);
    assert_eq!(code, 1);
    let detail: String = rusqlite::Connection::open(&ledger)
        .unwrap()
        .query_row(
            "SELECT conflict_detail FROM payouts WHERE trade_no = ?1",
            [&t],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(detail.matches("differs").count(), 1, "{detail}");
    assert!(
        detail.contains("400.00") && detail.contains("500.00"),
        "{detail}"
    );
}
