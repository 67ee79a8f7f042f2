//! What the schema itself holds to, whatever code (or hand) writes to the
//! file: a private, durable, migrated ledger; a batch bound to one merchant
//! and gateway; impossible rows and moves of a final payout refused.

use super::*;

#[test]
fn opens_private_durable_and_migrated() {
    let (dir, ledger) = temp_ledger();
    let c = ledger.connection();
    let mode: String = c
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .expect("mode");
    assert_eq!(mode, "wal");
    let sync: i64 = c
        .query_row("PRAGMA synchronous", [], |r| r.get(0))
        .expect("sync");
    assert_eq!(sync, 2, "FULL");
    let fk: i64 = c
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .expect("fk");
    assert_eq!(fk, 1);
    let v: i64 = c
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("v");
    assert_eq!(v, schema::CURRENT_VERSION);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let meta = std::fs::metadata(ledger.path()).expect("meta");
        assert_eq!(meta.permissions().mode() & 0o777, 0o600);
        let dir = std::fs::metadata(dir.path().join("sub")).expect("dir");
        assert_eq!(dir.permissions().mode() & 0o777, 0o700);
    }
    drop(ledger);
    // Reopening migrates nothing and keeps the data.
    let again = Ledger::open(&dir.path().join("sub/ledger.sqlite")).expect("reopen");
    drop(again);
}

#[test]
fn a_ledger_from_a_newer_payrun_is_refused() {
    let (dir, ledger) = temp_ledger();
    ledger
        .connection()
        .pragma_update(None, "user_version", 99)
        .expect("bump");
    drop(ledger);
    let err = Ledger::open(&dir.path().join("sub/ledger.sqlite")).expect_err("too new");
    assert!(err.to_string().contains("newer payrun"), "{err}");
}

#[test]
fn a_batch_is_bound_to_its_merchant_and_gateway() {
    let (_dir, mut ledger) = temp_ledger();
    let a = ledger
        .ensure_batch("nov", "0000000001", "http://sandbox", true)
        .expect("new");
    let b = ledger
        .ensure_batch("nov", "0000000001", "http://sandbox", true)
        .expect("same");
    assert_eq!(a, b);
    assert_eq!(ledger.batches().expect("batches"), vec![a], "one decoder");
    // Bound for good once a payout request was made (see tests/binding.rs).
    let (_, run, ids) = record_rows(&mut ledger, "dec", &rows(1));
    exec(
        &ledger,
        "INSERT INTO attempts (payout_id, run_id, kind, started_at) VALUES (?1, ?2, 'payout', 't')",
        [ids[0], run],
    );
    let err = ledger
        .ensure_batch("dec", "0000000001", "https://prod", true)
        .expect_err("mismatch");
    let msg = err.to_string();
    assert!(
        msg.contains("http://gw") && msg.contains("https://prod"),
        "{msg}"
    );
    assert!(
        ledger
            .ensure_batch("dec", "0000000002", "http://gw", true)
            .is_err()
    );
}

#[test]
fn the_schema_refuses_impossible_rows() {
    let (_dir, mut ledger) = temp_ledger();
    let (batch, _, _) = planned(&mut ledger, 1);
    let c = ledger.connection();
    let insert = |amount: i64, state: &str| {
        c.execute(
            "INSERT INTO payouts (batch_id, trade_no, identity, revision, wallet, provider, way_code,
                amount_poisha, state, created_at, updated_at)
             VALUES (?1, ?2, 'x', 0, '01712345678', 'bkash', 'W', ?3, ?4, 't', 't')",
            rusqlite::params![batch, format!("t{amount}{state}"), amount, state],
        )
    };
    assert!(insert(0, "planned").is_err(), "zero amount");
    assert!(insert(-5, "planned").is_err(), "negative amount");
    assert!(insert(100, "lost").is_err(), "unknown state");
    assert!(insert(100, "planned").is_ok());
}

/// Issue 14 item 7: "final is final" holds in the database too, whatever
/// code (or hand) writes to it. A paid or failed payout never changes its
/// state or its money, except a failed one superseded by a corrected or
/// retried revision; flagging a conflict and the report's fields stay open.
#[test]
fn the_database_refuses_to_move_a_final_payout() {
    for (from, to, allowed) in [
        ("paid", "planned", false),
        ("paid", "failed", false),
        ("paid", "unknown", false),
        ("paid", "superseded", false),
        ("failed", "planned", false),
        ("failed", "paid", false),
        ("failed", "sending", false),
        ("failed", "superseded", true),
        ("superseded", "planned", false),
        ("superseded", "paid", false),
    ] {
        let (_dir, ledger, _) = one_payout_in(from);
        let c = ledger.connection();
        let moved = c.execute("UPDATE payouts SET state = ?1", [to]);
        assert_eq!(moved.is_ok(), allowed, "{from} -> {to}: {moved:?}");
        if let Err(e) = moved {
            assert!(e.to_string().contains("final"), "{e}");
        }
    }
    let (_dir, ledger, _) = one_payout_in("paid");
    let c = ledger.connection();
    // (the write, whether the trigger lets it through): never the money,
    // always the conflict flag and what a report shows.
    for (write, allowed) in [
        ("UPDATE payouts SET amount_poisha = 1", false),
        ("UPDATE payouts SET wallet = '01899999999'", false),
        ("UPDATE payouts SET trade_no = 'other'", false),
        ("UPDATE payouts SET provider = 'nagad'", false),
        (
            "UPDATE payouts SET conflict = 1, conflict_detail = 'x', updated_at = 'now'",
            true,
        ),
        (
            "UPDATE payouts SET status_desc = 'ok', success_time = 't', platform_trade_no = 'P'",
            true,
        ),
        (
            "UPDATE payouts SET row_no = 7, name = 'N', reference = 'R', remark = 'r'",
            true,
        ),
        ("UPDATE payouts SET state = 'paid'", true),
    ] {
        assert_eq!(c.execute(write, []).is_ok(), allowed, "{write}");
    }
}

/// Each append-only table has a trigger that refuses an update and one that
/// refuses a delete, with its own words, as SQLite keeps them (what they
/// refuse is tested beside each table's writer).
#[test]
fn append_only_tables_keep_their_triggers() {
    let (_dir, ledger) = temp_ledger();
    let c = ledger.connection();
    for (table, why) in [
        (
            "conflict_reviews",
            "conflict reviews are append-only: record a new review instead",
        ),
        (
            "statement_withdrawals",
            "statement withdrawals are append-only",
        ),
    ] {
        for (event, kind) in [("update", "UPDATE"), ("delete", "DELETE")] {
            let name = format!("{table}_append_only_{event}");
            let sql: String = c
                .query_row(
                    "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?1",
                    [&name],
                    |r| r.get(0),
                )
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(sql.contains(&format!("BEFORE {kind} ON {table}")), "{sql}");
            assert!(sql.contains(&format!("RAISE(ABORT, '{why}')")), "{sql}");
        }
    }
}
