use super::*;

/// A real SQLITE_FULL: a database that may not grow past its pages.
fn sqlite_full() -> rusqlite::Error {
    let db = rusqlite::Connection::open_in_memory().expect("db");
    db.execute_batch("PRAGMA max_page_count = 2; CREATE TABLE t (x BLOB);")
        .expect("setup");
    db.execute("INSERT INTO t VALUES (zeroblob(100000))", [])
        .expect_err("the database is full")
}

fn ledger_error(cause: rusqlite::Error) -> Error {
    Error::Ledger(LedgerError::Sql {
        context: "recording the plan",
        cause,
    })
}

#[test]
fn a_full_disk_is_named_as_such_and_exits_5() {
    let dir = tempfile::tempdir().expect("dir");
    let ledger = dir.path().join("ledger.sqlite");
    let e = before_run(ledger_error(sqlite_full()), &ledger);
    assert_eq!(e.exit_code(), exit::NOT_STARTED);
    let text = e.to_string();
    assert!(
        text.starts_with("could not start, nothing was sent: the disk holding folder"),
        "{text}"
    );
    assert!(
        text.contains("is full") && text.contains("ledger.sqlite-wal"),
        "{text}"
    );
    let io = Error::io(&ledger, std::io::Error::from(ErrorKind::StorageFull));
    assert!(before_run(io, &ledger).to_string().contains("is full"));
}

#[test]
fn once_a_payout_request_was_begun_the_error_keeps_its_code() {
    let dir = tempfile::tempdir().expect("dir");
    let ledger = dir.path().join("ledger.sqlite");
    let gw = "https://gw.example";
    let e = decide(ledger_error(sqlite_full()), Ok(1), &ledger, gw);
    assert_eq!(e.exit_code(), exit::INCOMPLETE, "{e}");
    // The ledger cannot say: keep the code too.
    let unread = Err(LedgerError::Corrupt("x".into()));
    let e = decide(ledger_error(sqlite_full()), unread, &ledger, gw);
    assert_eq!(e.exit_code(), exit::INCOMPLETE, "{e}");
    let e = decide(ledger_error(sqlite_full()), Ok(0), &ledger, gw);
    assert_eq!(e.exit_code(), exit::NOT_STARTED, "{e}");
    let unreachable = Error::Gateway(crate::gateway::GatewayError::Config("no answer".into()));
    let e = decide(unreachable, Ok(0), &ledger, gw);
    assert_eq!(e.exit_code(), exit::NOT_STARTED, "{e}");
    assert!(
        e.to_string().contains("the gateway at https://gw.example"),
        "{e}"
    );
}

#[test]
fn other_errors_keep_their_codes() {
    let dir = tempfile::tempdir().expect("dir");
    let ledger = dir.path().join("ledger.sqlite");
    for e in [
        Error::Usage("bad".into()),
        Error::Systemic("refused".into()),
        Error::Ledger(LedgerError::Corrupt("odd value".into())),
    ] {
        let code = e.exit_code();
        assert_eq!(decide(e, Ok(0), &ledger, "gw").exit_code(), code);
    }
}

#[test]
fn the_folder_probed_is_the_nearest_existing_one() {
    let dir = tempfile::tempdir().expect("dir");
    let deep = dir.path().join("a/b/ledger.sqlite");
    assert_eq!(existing_folder(&deep), dir.path());
    assert_eq!(probe(dir.path()), None);
    assert_eq!(existing_folder(Path::new("ledger.sqlite")), Path::new("."));
}

/// A full disk stops a run before it sends, then keeps its end from being
/// recorded too: the run's own result (exit 5, what to free) is what the
/// operator must see, not "recording the end of the run" with exit 1. A
/// run that finished keeps its code likewise.
#[test]
fn an_end_that_cannot_be_recorded_keeps_the_runs_own_result() {
    let dir = tempfile::tempdir().expect("dir");
    let ledger = dir.path().join("ledger.sqlite");
    let end = || {
        Err(LedgerError::Sql {
            context: "recording the end of the run",
            cause: sqlite_full(),
        })
    };
    let stopped = Err(before_run(ledger_error(sqlite_full()), &ledger));
    let e = close_run(stopped, end()).expect_err("the run stopped");
    assert_eq!(e.exit_code(), exit::NOT_STARTED, "{e}");
    assert!(e.to_string().contains("is full"), "{e}");
    for code in [exit::OK, exit::INCOMPLETE, exit::SYSTEMIC] {
        assert_eq!(close_run(Ok(code), end()).ok(), Some(code));
    }
}

/// A disk that fills while a new ledger is being made (its schema written
/// under a temporary name) is a full disk too: exit 5, what to free.
#[test]
fn a_full_disk_while_making_the_ledger_exits_5() {
    let dir = tempfile::tempdir().expect("dir");
    let ledger = dir.path().join("ledger.sqlite");
    let e = Error::Ledger(LedgerError::Migrate {
        path: dir.path().join(".ledger.sqlite.new-1-0"),
        cause: crate::ledger::schema::MigrateError::Sql(sqlite_full()),
    });
    let e = before_run(e, &ledger);
    assert_eq!(e.exit_code(), exit::NOT_STARTED, "{e}");
    assert!(e.to_string().contains("is full"), "{e}");
}
