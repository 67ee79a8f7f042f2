use super::*;
use crate::ledger::Ledger;
use crate::ledger::callbacks::{Arrival, CallbackEvent, CallbackVerdict};
use crate::ledger::tests::{exec, one_payout_in, value};

fn junk(trade_no: &str, pad: usize) -> CallbackEvent {
    let raw = format!(
        "{{\"tradeNo\":\"{trade_no}\",\"pad\":\"{}\"}}",
        "é".repeat(pad)
    );
    CallbackEvent {
        arrival: Arrival {
            peer: Some("203.0.113.9:4711".to_string()),
            body_bytes: Some(raw.len() as u64),
            body_sha256: Some("ab".repeat(32)),
        },
        raw_body: raw,
        verified: false,
        trade_no: Some(trade_no.to_string()),
        status: Some("0000".to_string()),
        reported: None,
        unread: None,
        amount: None,
        wallet: None,
        refused: Some("the sign does not verify".to_string()),
        merchants: Vec::new(),
        signed_sha256: None,
    }
}

/// The budget is per UTC minute: a loop of a few hundred milliseconds
/// starts at least 5 s before the next minute.
fn away_from_a_minute_boundary() {
    let s = chrono::Utc::now().timestamp().rem_euclid(60) as u64;
    if s >= 55 {
        std::thread::sleep(std::time::Duration::from_secs(61 - s));
    }
}

/// The refused callback `ev` recorded `n` times within one UTC minute, in
/// a new ledger: a loop that a loaded machine (65 synced writes) stretched
/// past the minute it began in is run again, at most 3 times, as a new
/// minute's budget would keep more than the test means.
fn recorded_in_one_minute(
    ev: &CallbackEvent,
    n: usize,
) -> (tempfile::TempDir, Ledger, Vec<CallbackVerdict>) {
    let minute = || crate::time::now_text().get(..16).map(str::to_string);
    for _ in 0..3 {
        let (d, mut l, _) = one_payout_in("processing");
        away_from_a_minute_boundary();
        let began = minute();
        let verdicts: Vec<_> = (0..n)
            .map(|_| l.record_callback(None, ev).expect("record"))
            .collect();
        if minute() == began {
            return (d, l, verdicts);
        }
    }
    panic!("3 tries of {n} callbacks each crossed a minute boundary");
}

fn count(l: &Ledger, sql: &str) -> i64 {
    value(l, sql, [])
}

#[test]
fn refused_evidence_is_cut_to_its_head_and_kept_within_the_minute_budget() {
    let ev = junk("T-1", 4000);
    let (_d, l, verdicts) = recorded_in_one_minute(&ev, MINUTE_ROWS + 5);
    let kept = verdicts
        .iter()
        .filter(|v| matches!(v, CallbackVerdict::Refused(_)))
        .count();
    let dropped = verdicts
        .iter()
        .filter(|v| {
            matches!(
                v,
                CallbackVerdict::Dropped {
                    spent: Spent::Minute,
                    ..
                }
            )
        })
        .count();
    assert_eq!((kept, dropped), (MINUTE_ROWS, 5));
    let longest = count(&l, "SELECT MAX(LENGTH(CAST(raw_body AS BLOB))) FROM events");
    assert!(longest <= EVIDENCE_HEAD as i64, "{longest}");
    assert_eq!(
        count(
            &l,
            "SELECT COUNT(*) FROM events WHERE peer = '203.0.113.9:4711' AND body_bytes > 8000"
        ),
        kept as i64
    );
    let (k, d) = totals(l.connection()).expect("totals");
    assert_eq!((k as usize, d as usize), (kept, dropped));
    let dropped_bytes = count(
        &l,
        "SELECT dropped_bytes FROM refused_evidence WHERE period = 'total'",
    );
    assert_eq!(dropped_bytes, dropped as i64 * ev.raw_body.len() as i64);
    let hours = count(
        &l,
        "SELECT SUM(kept_rows + dropped_rows) FROM refused_evidence WHERE period != 'total'",
    );
    assert_eq!(hours as usize, MINUTE_ROWS + 5, "the hourly rows add up");
}

/// A ledger with one processing payout whose budget row `spent` (SQL
/// taking the rows already kept as `?1`) says `rows` were kept, and the
/// verdict on one refused callback recorded after that.
fn one_refused_after(spent: &str, rows: u64) -> (tempfile::TempDir, Ledger, CallbackVerdict) {
    let (d, mut l, _) = one_payout_in("processing");
    exec(&l, spent, [rows]);
    let v = l.record_callback(None, &junk("T-1", 10)).expect("record");
    (d, l, v)
}

#[test]
fn verified_callbacks_are_kept_whole_whatever_the_budget() {
    let (_d, mut l, v) = one_refused_after(
        "INSERT INTO refused_evidence (period, kept_rows) VALUES ('total', ?1)",
        TOTAL_ROWS,
    );
    assert!(
        matches!(
            v,
            CallbackVerdict::Dropped {
                spent: Spent::Total,
                ..
            }
        ),
        "{v:?}"
    );
    let mut authentic = junk("nope-1", 3000);
    // Verified, but its status unreadable: refused, yet authentic.
    authentic.verified = true;
    authentic.refused = Some("its status is not one payrun can read".to_string());
    let v = l.record_callback(None, &authentic).expect("record");
    assert_eq!(
        v,
        CallbackVerdict::Refused("its status is not one payrun can read".to_string())
    );
    let whole: String = l
        .connection()
        .query_row("SELECT raw_body FROM events", [], |r| r.get(0))
        .expect("kept");
    assert_eq!(whole, authentic.raw_body);
}

#[test]
fn a_new_minute_has_a_new_budget_and_drops_counted_elsewhere_add_up() {
    let (_d, mut l, v) = one_refused_after(
        "INSERT INTO refused_evidence (period, minute, minute_rows) VALUES ('total', '2020-01-01T00:00', ?1)",
        MINUTE_ROWS as u64,
    );
    assert_eq!(
        v,
        CallbackVerdict::Refused("the sign does not verify".to_string())
    );
    l.count_dropped_refusals(
        7,
        7000,
        "2026-11-23T10:00:00.000Z",
        "2026-11-23T10:00:05.000Z",
    )
    .expect("count");
    assert_eq!(totals(l.connection()).expect("totals"), (1, 7));
    let first = l
        .connection()
        .query_row(
            "SELECT first_dropped_at FROM refused_evidence WHERE period = '2026-11-23T10'",
            [],
            |r| r.get::<_, String>(0),
        )
        .expect("the hour's row");
    assert_eq!(first, "2026-11-23T10:00:00.000Z");
}

#[test]
fn heads_and_short_fields_cut_at_character_boundaries() {
    let s = "é".repeat(EVIDENCE_HEAD);
    assert!(head(&s).len() <= EVIDENCE_HEAD && head(&s).len() >= EVIDENCE_HEAD - 1);
    assert_eq!(head("abc"), "abc");
    assert_eq!(short(&"x".repeat(500)).len(), SHORT_FIELD);
    assert_eq!(minute_of("2026-11-23T10:11:12.000Z"), "2026-11-23T10:11");
}
