//! A ledger that went back in time at its own path: restored from an older
//! backup, its `-wal` deleted after a crash, or given another copy's `-wal`
//! (a `cp` of the backup over a ledger whose `-wal` was left behind). SQLite
//! opens each of these without a word, and `quick_check` finds nothing: every
//! page is a valid page. What is gone is history: payouts sent after that
//! point read as never sent, or whole batches vanish from the ledger.
//!
//! The ledger-loss guard asks about a sample; a payout sent after the backup
//! that the sample misses would be paid again. So the ledger's path keeps a
//! mark of the last run it saw, and a ledger that does not hold it is refused
//! until `--adopt` asks the gateway about every payout it holds as unsent.

use super::*;

/// A copy of the ledger as `sqlite3 LEDGER ".backup COPY"` makes it.
pub(super) fn backup(from: &Path, to: &Path) {
    let src = rusqlite::Connection::open(from).expect("open ledger");
    src.execute("VACUUM INTO ?1", [to.to_string_lossy()])
        .expect("backup");
}

/// Rows for a third batch: wallets and references of their own.
fn third_rows(n: usize) -> Vec<Row> {
    other_rows(n)
        .into_iter()
        .enumerate()
        .map(|(i, mut r)| {
            r.reference = format!("C-{i}");
            let check = if r.wallet.len() == 12 { "7" } else { "" };
            r.wallet = format!("019{i:06}44{check}");
            r
        })
        .collect()
}

/// The operator restored last week's backup, then re-ran this month's batch.
/// One row had been paid after the backup (an advance paid early under the
/// same label). The guard's sample (8 of 200 tradeNos) almost never asks
/// about that one row, so before the mark it was paid a second time.
#[test]
fn a_ledger_restored_from_an_older_backup_pays_nobody_again() {
    let lab = Lab::with(|c| c.instant = true);
    let earlier = other_rows(5);
    let (code, out) = lab.submit(&lab.sheet("oct.csv", &earlier), "oct", &[]);
    assert_eq!(code, 0, "{out}");
    let copy = lab.dir.path().join("backup.sqlite");
    backup(&lab.ledger, &copy);

    let rows = rows(200);
    let advance = &rows[150..151];
    let (code, out) = lab.submit(&lab.sheet("advance.csv", advance), "dec", &[]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(lab.sandbox.orders().len(), 6);

    // The restore an operator does: the copy over the ledger, companions gone.
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", lab.ledger.display()));
    }
    std::fs::copy(&copy, &lab.ledger).expect("restore");
    let sent = lab.sandbox.payout_requests();
    let sheet = lab.sheet("dec.csv", &rows);
    let (code, out) = lab.submit(&sheet, "dec", &[]);
    lab.assert_nobody_paid_twice(&rows);
    assert_eq!(code, 2, "a restored ledger is refused:\n{out}");
    assert_eq!(lab.sandbox.payout_requests(), sent, "nothing is sent");
    for want in ["older", "--adopt", "Nothing was sent"] {
        assert!(out.contains(want), "the refusal lacks {want:?}:\n{out}");
    }
    // Refused again: the refusal itself changes nothing.
    let (code, out) = lab.submit(&sheet, "dec", &[]);
    assert_eq!(code, 2, "{out}");
    // reconcile only asks the gateway, so it may run, but it says so too.
    let (_, out) = lab.run(&["reconcile", "--batch", "oct"]);
    assert!(
        out.contains("older than the ledger last used at this path"),
        "{out}"
    );
    // listen only applies what the gateway signed, so it serves, but says
    // so too when it starts (it runs until stopped: killed after 3 s).
    let (_, out) = run_bounded(
        lab.cmd_on(&lab.ledger, &["listen", "--bind", "127.0.0.1:0"]),
        std::time::Duration::from_secs(3),
    );
    assert!(out.contains("receiving callbacks"), "{out}");
    assert!(
        out.contains("older than the ledger last used at this path"),
        "listen serves a ledger that went back without a word:\n{out}"
    );

    // --adopt asks about every payout, finds the advance, sends the rest.
    let (code, out) = lab.submit(&sheet, "dec", &["--adopt"]);
    assert_eq!(code, 0, "{out}");
    lab.assert_nobody_paid_twice(&rows);
    assert_eq!(lab.sandbox.orders().len(), 5 + 200);
    // Adopted: the ledger is trusted again, and a re-run sends nothing.
    let sent = lab.sandbox.payout_requests();
    let (code, out) = lab.submit(&sheet, "dec", &[]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(lab.sandbox.payout_requests(), sent);
}

/// A backup copied over a ledger whose `-wal` was left behind by a crash of
/// another copy: SQLite replays that `-wal` onto the file, and the ledger
/// reads as the other copy. A batch paid through this ledger vanished from
/// it, and `submit` went on with another batch as if nothing had happened.
#[test]
fn a_ledger_given_another_copys_wal_is_refused_not_used() {
    let lab = Lab::with(|c| c.instant = true);
    let (code, out) = lab.submit(&lab.sheet("oct.csv", &other_rows(5)), "oct", &[]);
    assert_eq!(code, 0, "{out}");
    // A plain `cp` of the ledger at rest (payrun left no -wal behind).
    let copy = lab.dir.path().join("copy.sqlite");
    std::fs::copy(&lab.ledger, &copy).expect("cp");
    let nov = rows(10);
    let (code, out) = lab.submit(&lab.sheet("nov.csv", &nov), "nov", &[]);
    assert_eq!(code, 0, "{out}");

    // The copy is used (a batch paid through it) and its -wal, still there
    // (an open reader kept it from being folded in), lands beside the
    // ledger, as a careless restore of a folder would leave it.
    let reader = rusqlite::Connection::open(&copy).expect("open copy");
    reader
        .execute_batch("BEGIN; SELECT COUNT(*) FROM runs;")
        .expect("a reader holds the -wal");
    let sheet = lab.sheet("x.csv", &third_rows(10)[5..]);
    let (code, out) = lab.submit_on(&copy, &sheet, "x", &[]);
    assert_eq!(code, 0, "{out}");
    std::fs::copy(
        format!("{}-wal", copy.display()),
        format!("{}-wal", lab.ledger.display()),
    )
    .expect("copy the -wal");
    let _ = std::fs::remove_file(format!("{}-shm", lab.ledger.display()));
    drop(reader);

    let sent = lab.sandbox.payout_requests();
    let dec = third_rows(5);
    let (code, out) = lab.submit(&lab.sheet("dec.csv", &dec), "dec", &[]);
    assert_eq!(
        code, 2,
        "a ledger that lost batch 'nov' must not be used:\n{out}"
    );
    assert_eq!(lab.sandbox.payout_requests(), sent, "nothing is sent");
    assert!(out.contains("-wal"), "the refusal names the -wal:\n{out}");
    assert_recovery_steps(&out);
    lab.assert_nobody_paid_twice(&nov);

    // `status` still reads it (an auditor may need to), but says that what
    // it shows may lack payouts: batch 'nov' is missing from the list.
    // (No line of the list is 'nov''s: the warning under it names the
    // batch, in the command that adopts it.)
    let (_, out) = lab.run(&["status"]);
    assert!(!out.lines().any(|l| l.starts_with("nov ")), "{out}");
    assert!(
        out.contains("older than the ledger last used at this path"),
        "status shows a ledger that lost a batch without a word:\n{out}"
    );
}

/// The ledger file deleted (an `rm` of the wrong file, a cleanup script,
/// `mv ledger.sqlite /tmp`), its mark left beside it. The next `submit`
/// created a new, empty ledger and, since this process had just created it,
/// checked nothing against the mark: only the guard's sample stood between
/// the advance paid earlier and a second payment of it.
#[test]
fn a_deleted_ledger_whose_mark_remains_is_not_taken_for_a_first_run() {
    let lab = Lab::with(|c| c.instant = true);
    let rows = rows(200);
    let (code, out) = lab.submit(&lab.sheet("advance.csv", &rows[150..151]), "dec", &[]);
    assert_eq!(code, 0, "{out}");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", lab.ledger.display()));
    }
    let sent = lab.sandbox.payout_requests();
    let sheet = lab.sheet("dec.csv", &rows);
    // What the operator sees first: not "a typo", and not "would send 200".
    for args in [&["status"][..], &["reconcile", "--batch", "dec"]] {
        let (code, out) = lab.run(args);
        assert_eq!(code, 2, "{args:?}: {out}");
        assert!(out.contains("that ledger is gone"), "{args:?}: {out}");
    }
    let (code, out) = lab.submit(&sheet, "dec", &["--dry-run"]);
    assert_eq!(
        code, 2,
        "a dry run shows a run that would be refused:\n{out}"
    );
    assert!(out.contains("that ledger is gone"), "{out}");
    let (code, out) = lab.submit(&sheet, "dec", &[]);
    lab.assert_nobody_paid_twice(&rows);
    assert_eq!(
        code, 2,
        "a ledger made anew where one was is refused:\n{out}"
    );
    assert_eq!(lab.sandbox.payout_requests(), sent, "nothing is sent");
    for want in ["gone", "--adopt", "Nothing was sent"] {
        assert!(out.contains(want), "the refusal lacks {want:?}:\n{out}");
    }
    // The empty ledger it left is refused too, and `status` says why.
    let (code, out) = lab.submit(&sheet, "dec", &[]);
    assert_eq!(code, 2, "{out}");
    let (_, out) = lab.run(&["status"]);
    assert!(
        out.contains("older than the ledger last used at this path"),
        "{out}"
    );
    // --adopt finds the advance at the gateway and sends the other 199.
    let (code, out) = lab.submit(&sheet, "dec", &["--adopt"]);
    assert_eq!(code, 0, "{out}");
    lab.assert_nobody_paid_twice(&rows);
    assert_eq!(lab.sandbox.orders().len(), 200);
}

/// A backup taken while a run was sending (the online `.backup` docs advise
/// runs at any time), restored after the host died. It holds that run, so
/// the mark's run matches; it lacks only the requests made after it. Then
/// `reconcile` (every 15 minutes from cron) asked about the payout that was
/// in flight, and each answer is a request row too: the count the mark
/// compared caught up, the warning stopped, and `submit` paid again a
/// payout whose intent came after the backup.
#[test]
fn a_mid_run_backup_padded_by_reconcile_is_still_refused() {
    let lab = Lab::with(|c| c.instant = true);
    let rows = rows(200);
    // Two advances, one at a time; every answer 1.5 s late, so that the
    // backup lands while the first is in flight and the second not begun.
    lab.sandbox.set_faults(Faults {
        accept_duplicates: true,
        latency_ms: 1500,
        ..Faults::default()
    });
    let advances = [rows[150].clone(), rows[160].clone()];
    let cmd = lab.submit_cmd(
        &lab.ledger,
        &lab.sheet("advance.csv", &advances),
        "dec",
        &["--concurrency", "1"],
    );
    let run = crate::spawn_with_home(move || run_bounded(cmd, Duration::from_secs(60)));
    let copy = lab.dir.path().join("backup.sqlite");
    backup_once_sending(&lab.ledger, &copy);
    let (code, out) = run.join().expect("the run");
    assert_eq!(code, 0, "{out}");
    assert_eq!(lab.sandbox.orders().len(), 2);
    lab.sandbox.set_faults(Faults {
        accept_duplicates: true,
        ..Faults::default()
    });

    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", lab.ledger.display()));
    }
    std::fs::copy(&copy, &lab.ledger).expect("restore");
    let warned: Vec<bool> = (0..3)
        .map(|_| lab.run(&["reconcile", "--batch", "dec", "--grace", "1s"]).1)
        .map(|out| out.contains("older than the ledger last used at this path"))
        .collect();
    // Another batch would accept this ledger at its path for good (a new
    // mark), the advance paid after the backup shown as "not sent".
    let sent = lab.sandbox.payout_requests();
    let jan = other_rows(5);
    let (code, out) = lab.submit(&lab.sheet("jan.csv", &jan), "jan", &[]);
    assert_eq!(code, 2, "a ledger that lost a payout is used:\n{out}");
    assert_eq!(lab.sandbox.payout_requests(), sent, "nothing is sent");
    let (code, out) = lab.submit(&lab.sheet("dec.csv", &rows), "dec", &[]);
    lab.assert_nobody_paid_twice(&rows);
    assert_eq!(code, 2, "{out}");
    assert_eq!(lab.sandbox.payout_requests(), sent, "nothing is sent");
    assert_eq!(
        warned, [true; 3],
        "reconcile's own answers made the restored ledger look current"
    );
}

/// Copies the ledger as `.backup` would, as soon as a payout request is
/// recorded as about to leave (its answer is late, so the next is not begun).
fn backup_once_sending(ledger: &Path, to: &Path) {
    let end = Instant::now() + Duration::from_secs(30);
    while Instant::now() < end {
        // Read-only: opening it to write would create the file first.
        let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY;
        let opened = rusqlite::Connection::open_with_flags(ledger, flags);
        let sending = opened.ok().and_then(|c| {
            c.query_row(
                "SELECT COUNT(*) FROM attempts WHERE kind = 'payout'",
                [],
                |r| r.get::<_, i64>(0),
            )
            .ok()
        });
        if sending == Some(1) {
            backup(ledger, to);
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("no payout request was recorded within 30 s");
}
