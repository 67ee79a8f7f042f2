//! Ledger tests against a real SQLite file in a temp folder.

use super::history::{Decision, decide};
use super::writer::Reported;
use super::*;
use crate::plan::tests::payout;
use crate::plan::{BatchLabel, Plan, TradeNoForm, trade_no};
use crate::wallet::Provider;

pub(crate) fn temp_ledger() -> (tempfile::TempDir, Ledger) {
    let dir = tempfile::tempdir().expect("tempdir");
    let ledger = Ledger::open(&dir.path().join("sub/ledger.sqlite")).expect("open");
    (dir, ledger)
}

/// A fresh temp folder and the path of a ledger in it that nothing has
/// made yet (the folder lasts as long as the returned guard): for the tests
/// of what happens around a ledger's file (locks, names, links).
pub(crate) fn temp_ledger_path() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("ledger.sqlite");
    (dir, path)
}

fn way(p: Provider) -> String {
    p.default_way_code().to_string()
}

fn plan(rows: &[crate::validate::Payout]) -> Plan {
    Plan::new(BatchLabel::parse("nov").expect("label"), rows).expect("plan")
}

/// `n` payouts of distinct people and wallets, sheet rows 2 onwards.
pub(crate) fn rows(n: usize) -> Vec<crate::validate::Payout> {
    (0..n)
        .map(|i| {
            payout(
                i + 2,
                Some(&format!("E{i}")),
                &format!("017{i:08}"),
                100 + i as i64,
            )
        })
        .collect()
}

/// Records `rows` as planned payouts of batch `label`, as `submit` does (a
/// run, the history decision, the plan); returns (batch id, run id, payout
/// ids). The fixture every module's ledger-backed tests start from.
pub(crate) fn record_rows(
    ledger: &mut Ledger,
    label: &str,
    rows: &[crate::validate::Payout],
) -> (i64, i64, Vec<i64>) {
    let p = Plan::new(BatchLabel::parse(label).expect("label"), rows).expect("plan");
    let b = ledger
        .ensure_batch(label, "0000000001", "http://gw", true)
        .expect("batch");
    let run = ledger
        .begin_run(Some(b.id), &RunInfo::default())
        .expect("run");
    let d = decide(&p, &ledger.existing(b.id).expect("existing"));
    let ids = ledger
        .record_plan(b.id, run, &p, &d, &way)
        .expect("record")
        .into_iter()
        .map(|id| id.expect("not refused"))
        .collect();
    (b.id, run, ids)
}

/// A ledger whose batch `nov` holds one payout (E1, Tk 500 to 01712345678)
/// put straight into `state`; returns the run id.
pub(crate) fn one_payout_in(state: &str) -> (tempfile::TempDir, Ledger, i64) {
    let (dir, mut ledger) = temp_ledger();
    let (_, run, _) = record_rows(
        &mut ledger,
        "nov",
        &[payout(2, Some("E1"), "01712345678", 500)],
    );
    exec(&ledger, "UPDATE payouts SET state = ?1", [state]);
    (dir, ledger, run)
}

/// A batch with `n` planned payouts; returns (batch id, run id, payout ids).
fn planned(ledger: &mut Ledger, n: usize) -> (i64, i64, Vec<i64>) {
    record_rows(ledger, "nov", &rows(n))
}

fn state_of(ledger: &Ledger, id: i64) -> String {
    value(ledger, "SELECT state FROM payouts WHERE id = ?1", [id])
}

/// The one value `sql` selects, read straight from the ledger's file.
pub(crate) fn value<T: rusqlite::types::FromSql>(
    ledger: &Ledger,
    sql: &str,
    params: impl rusqlite::Params,
) -> T {
    let got = ledger.connection().query_row(sql, params, |r| r.get(0));
    got.unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// Writes `sql` straight into the ledger's file, past every rule the
/// ledger keeps: the state a test starts from, or the damage it is about.
pub(crate) fn exec(ledger: &Ledger, sql: &str, params: impl rusqlite::Params) {
    if let Err(e) = ledger.connection().execute(sql, params) {
        panic!("{sql}: {e}")
    }
}

/// Puts payout `id` straight into `state` (a state key), whatever the
/// transition table says: the history a test starts from.
pub(crate) fn put_state(ledger: &Ledger, id: i64, state: &str) {
    exec(
        ledger,
        "UPDATE payouts SET state = ?2 WHERE id = ?1",
        rusqlite::params![id, state],
    );
}

fn reported(state: State) -> Reported {
    Reported {
        state,
        platform_trade_no: Some("P1".into()),
        status_code: Some("0000".into()),
        status_desc: None,
        success_time: None,
    }
}

#[test]
fn the_plan_is_recorded_then_recognised_on_the_next_run() {
    let (_dir, mut ledger) = temp_ledger();
    let (batch, _, ids) = planned(&mut ledger, 3);
    let ex = ledger.existing(batch).expect("existing");
    assert_eq!(ex.len(), 3);
    let label = BatchLabel::parse("nov").expect("label");
    for e in &ex {
        assert_eq!(e.state, State::Planned);
        assert_eq!(
            e.trade_no,
            trade_no(TradeNoForm::LabelHash, &label, &e.identity, 0)
        );
    }
    let rows = rows(3);
    let d = decide(&plan(&rows), &ex);
    assert!(
        d.iter().all(|d| matches!(d, Decision::Reuse { .. })),
        "{d:?}"
    );
    let run = ledger
        .begin_run(Some(batch), &RunInfo::default())
        .expect("run");
    let again = ledger
        .record_plan(batch, run, &plan(&rows), &d, &way)
        .expect("record");
    assert_eq!(again, ids.into_iter().map(Some).collect::<Vec<_>>());
    let count: i64 = value(&ledger, "SELECT COUNT(*) FROM payouts", []);
    assert_eq!(count, 3, "a re-run records nothing new");
}

#[test]
fn a_corrected_failed_row_supersedes_the_old_revision() {
    let (_dir, mut ledger) = temp_ledger();
    let (batch, run, ids) = planned(&mut ledger, 1);
    put_state(&ledger, ids[0], "failed");
    let fixed = plan(&[payout(2, Some("E0"), "01899999999", 100)]);
    let d = decide(&fixed, &ledger.existing(batch).expect("existing"));
    assert_eq!(
        d,
        vec![Decision::Revise {
            replaces: ids[0],
            revision: 1
        }]
    );
    let new = ledger
        .record_plan(batch, run, &fixed, &d, &way)
        .expect("record");
    let new_id = new[0].expect("id");
    assert_eq!(state_of(&ledger, ids[0]), "superseded");
    assert_eq!(state_of(&ledger, new_id), "planned");
    let by: i64 = value(
        &ledger,
        "SELECT superseded_by FROM payouts WHERE id = ?1",
        [ids[0]],
    );
    assert_eq!(by, new_id);
}

/// `payouts_in` (sending) and `unconfirmed_finals` (reconcile) share one
/// decoder: the same payout reads the same through both, and a corrupt
/// attempt count stops both instead of reading as 0 in one of them.
#[test]
fn both_payout_row_queries_decode_a_payout_the_same_way() {
    let (_dir, mut ledger) = temp_ledger();
    let (batch, _, ids) = planned(&mut ledger, 2);
    exec(
        &ledger,
        "UPDATE payouts SET state = 'processing', attempts = 3,
                last_attempt_at = '2026-11-23T10:00:00.000Z' WHERE id = ?1",
        [ids[0]],
    );
    let trade: String = value(
        &ledger,
        "SELECT trade_no FROM payouts WHERE id = ?1",
        [ids[0]],
    );
    let ev = callbacks::CallbackEvent {
        raw_body: "{}".to_string(),
        verified: true,
        trade_no: Some(trade.clone()),
        status: Some("0000".to_string()),
        reported: Some(reported(State::Paid)),
        unread: None,
        amount: None,
        wallet: None,
        refused: None,
        merchants: Vec::new(),
        signed_sha256: None,
        arrival: Default::default(),
    };
    ledger.record_callback(None, &ev).expect("callback");
    let sent = ledger.payouts_in(batch, &[State::Paid]).expect("paid");
    let unconfirmed = ledger.unconfirmed_finals(batch).expect("unconfirmed");
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent, unconfirmed);
    assert_eq!(sent[0].trade_no, trade);
    assert_eq!(sent[0].attempts, 3);
    assert!(sent[0].last_attempt_at.is_some());

    exec(
        &ledger,
        "UPDATE payouts SET attempts = -1 WHERE id = ?1",
        [ids[0]],
    );
    assert!(ledger.payouts_in(batch, &[State::Paid]).is_err());
    assert!(ledger.unconfirmed_finals(batch).is_err());
}

/// The report's reads (`payout_details`, and `replaced_payouts` for a
/// statement's match) and the sending phase's follow one rule for an
/// attempt count that does not fit: the ledger only counts attempts up from
/// 0, so such a count means the file was tampered with, and it is an error,
/// never a quiet 0 in the report.
#[test]
fn a_tampered_attempt_count_is_an_error_in_the_report_reads_too() {
    let (_dir, mut ledger) = temp_ledger();
    let (batch, _, ids) = planned(&mut ledger, 2);
    let details = ledger.payout_details(batch).expect("details");
    assert_eq!(details.len(), 2);
    assert_eq!(details[0].attempts, 0);

    let c = ledger.connection();
    c.execute("UPDATE payouts SET attempts = -1 WHERE id = ?1", [ids[0]])
        .expect("corrupt");
    c.execute(
        "UPDATE payouts SET state = 'superseded', attempts = 4294967296 WHERE id = ?1",
        [ids[1]],
    )
    .expect("corrupt");
    assert!(ledger.payout_details(batch).is_err());
    assert!(ledger.replaced_payouts(batch).is_err());
}

/// The rows the end-of-run summary lists: failed, unknown, still sending, or
/// in conflict whatever their state, in sheet order, at most `limit`.
#[test]
fn problems_are_failed_unknown_sending_or_conflicting_rows_in_sheet_order() {
    let (_dir, mut ledger) = temp_ledger();
    let (batch, _, ids) = planned(&mut ledger, 6);
    let c = ledger.connection();
    for (id, state, conflict) in [
        (ids[0], "paid", 0),
        (ids[1], "failed", 0),
        (ids[2], "unknown", 0),
        (ids[3], "paid", 1),
        (ids[4], "processing", 0),
        (ids[5], "sending", 0),
    ] {
        c.execute(
            "UPDATE payouts SET state = ?2, conflict = ?3, status_code = 'C' || ?1 WHERE id = ?1",
            rusqlite::params![id, state, conflict],
        )
        .expect("set state");
    }
    let seen = |limit| -> Vec<(Option<String>, State, bool, Option<String>)> {
        ledger
            .problems(batch, limit)
            .expect("problems")
            .into_iter()
            .map(|p| (p.reference, p.state, p.conflict, p.status_code))
            .collect()
    };
    let want = |i: usize, state, conflict| {
        (
            Some(format!("E{i}")),
            state,
            conflict,
            Some(format!("C{}", ids[i])),
        )
    };
    assert_eq!(
        seen(10),
        vec![
            want(1, State::Failed, false),
            want(2, State::Unknown, false),
            want(3, State::Paid, true),
            want(5, State::Sending, false),
        ]
    );
    assert_eq!(seen(2).len(), 2);
}

mod any_case;
mod binding;
mod held;
mod invalid;
mod open_batches;
mod schema_holds;
mod trade_no_form;
mod writer;
mod writer_reads;
