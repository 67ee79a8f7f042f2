//! Which file is the ledger: only a path that does not exist is created; an
//! existing file that is empty or not a payrun ledger is refused (exit 2, with
//! the recovery steps); one ledger has one lock whatever names it.

use super::*;

/// `truncate -s 0 ledger.sqlite`, then the same command: before issue 12 this
/// started a new ledger and sent all 40 payouts again.
#[test]
fn an_emptied_ledger_is_refused_and_nothing_is_sent_again() {
    let lab = Lab::new();
    let rows = rows(40);
    let sheet = lab.sheet("nov.csv", &rows);
    let (code, out) = lab.submit(&sheet, "nov", &[]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(lab.sandbox.orders().len(), 40);
    std::fs::OpenOptions::new()
        .write(true)
        .open(&lab.ledger)
        .and_then(|f| f.set_len(0))
        .expect("truncate the ledger");
    let sent = lab.sandbox.payout_requests();

    let (code, out) = lab.submit(&sheet, "nov", &[]);
    assert_eq!(code, 2, "an empty ledger must be refused:\n{out}");
    assert!(out.contains("empty"), "{out}");
    assert!(out.contains(&lab.ledger.display().to_string()), "{out}");
    assert_recovery_steps(&out);
    assert_eq!(lab.sandbox.payout_requests(), sent, "a payout was sent");
    lab.assert_nobody_paid_twice(&rows);

    // No command starts a new ledger in the emptied file.
    let out_json = lab.dir.path().join("r.json");
    let out_json = out_json.to_string_lossy().into_owned();
    for args in [
        vec!["status"],
        vec!["status", "--batch", "nov"],
        vec!["report", "--batch", "nov", "--out", &out_json],
        vec!["reconcile", "--batch", "nov"],
        vec!["listen", "--bind", "127.0.0.1:0"],
        vec![
            "approve",
            sheet.to_str().unwrap(),
            "--batch",
            "nov",
            "--by",
            "karim",
        ],
    ] {
        let (code, out) = lab.run(&args);
        assert_eq!(code, 2, "{args:?} must refuse the empty ledger:\n{out}");
        assert!(out.contains("empty"), "{args:?}: {out}");
    }
    let len = std::fs::metadata(&lab.ledger).expect("ledger").len();
    assert_eq!(len, 0, "the emptied file was written to");
    assert_eq!(lab.sandbox.payout_requests(), sent);
}

/// A file that is not a payrun ledger (text, another program's SQLite
/// database, an empty SQLite database) is never taken for one, and never
/// changed.
#[test]
fn files_that_are_not_payrun_ledgers_are_refused_and_left_untouched() {
    let lab = Lab::new();
    let rows = rows(5);
    let sheet = lab.sheet("nov.csv", &rows);
    type Make<'a> = (&'a str, &'a dyn Fn(&Path));
    let make: [Make; 4] = [
        ("text", &|p| {
            std::fs::write(p, "batch,amount\nnov,500\n").unwrap()
        }),
        ("another program's database", &|p| {
            let c = rusqlite::Connection::open(p).unwrap();
            c.execute_batch("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('hi');")
                .unwrap();
        }),
        ("an empty SQLite database", &|p| {
            let c = rusqlite::Connection::open(p).unwrap();
            c.execute_batch("CREATE TABLE t (x); DROP TABLE t;")
                .unwrap();
        }),
        ("a database of another application id", &|p| {
            let c = rusqlite::Connection::open(p).unwrap();
            c.execute_batch(
                "PRAGMA application_id = 1234; PRAGMA user_version = 3;
                 CREATE TABLE batches (id INTEGER PRIMARY KEY);",
            )
            .unwrap();
        }),
    ];
    for (i, (what, make)) in make.iter().enumerate() {
        let path = lab.dir.path().join(format!("not-a-ledger-{i}.sqlite"));
        make(&path);
        let before = std::fs::read(&path).unwrap();
        let (code, out) = lab.submit_on(&path, &sheet, "nov", &[]);
        assert_eq!(code, 2, "{what} must be refused:\n{out}");
        assert!(out.contains("not a payrun ledger"), "{what}: {out}");
        assert_recovery_steps(&out);
        let (code, out) = lab.run_on(&path, &["status"]);
        assert_eq!(code, 2, "{what}: status:\n{out}");
        assert_eq!(std::fs::read(&path).unwrap(), before, "{what} was changed");
    }
    assert_eq!(lab.sandbox.payout_requests(), 0, "a payout was sent");
}

/// `ln ledger.sqlite other.sqlite`: two names, and before issue 12 two
/// locks. Two submits through them at once both paid every row (and broke
/// the database). A ledger with more than one name is refused.
#[cfg(unix)]
#[test]
fn a_hard_linked_ledger_is_refused_and_two_submits_through_its_names_pay_nobody_twice() {
    let lab = Lab::with(|c| {
        c.faults.latency_ms = 10;
        c.faults.latency_max_ms = 30;
    });
    let first = other_rows(3);
    let (code, out) = lab.submit(&lab.sheet("oct.csv", &first), "oct", &[]);
    assert_eq!(code, 0, "{out}");
    let other = lab.dir.path().join("other.sqlite");
    std::fs::hard_link(&lab.ledger, &other).expect("ln");

    let rows = rows(40);
    let sheet = lab.sheet("nov.csv", &rows);
    let runs: Vec<_> = [&lab.ledger, &other]
        .into_iter()
        .map(|l| {
            let sheet = sheet.clone();
            let cmd = lab.cmd_on(
                l,
                &[
                    "submit",
                    sheet.to_str().unwrap(),
                    "--batch",
                    "nov",
                    "--rate",
                    "unlimited",
                    "--concurrency",
                    "4",
                    "--grace",
                    "1s",
                ],
            );
            crate::spawn_with_home(move || run_bounded(cmd, Duration::from_secs(60)))
        })
        .collect();
    let results: Vec<(i32, String)> = runs.into_iter().map(|h| h.join().unwrap()).collect();
    for (code, out) in &results {
        assert_eq!(*code, 2, "a ledger with two names must be refused:\n{out}");
        assert!(out.contains("hard link"), "{out}");
    }
    lab.assert_nobody_paid_twice(&rows);
    assert_eq!(
        lab.sandbox.orders().len(),
        3,
        "only October's payouts exist"
    );
}

/// A dangling symlink (`ledger.sqlite -> /srv/payrun/ledger.sqlite`, not
/// created yet) is resolved before anything is created: the ledger is made
/// at the target, private, and locked there, so a later run through the
/// target's own name meets the same lock and the same file.
#[cfg(unix)]
#[test]
fn a_dangling_symlink_is_resolved_before_the_ledger_is_created_private() {
    let lab = Lab::new();
    let real_dir = lab.dir.path().join("real");
    std::fs::create_dir(&real_dir).unwrap();
    let target = real_dir.join("ledger.sqlite");
    let link = lab.dir.path().join("link.sqlite");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let rows = rows(5);
    let sheet = lab.sheet("nov.csv", &rows);
    let (code, out) = lab.submit_on(&link, &sheet, "nov", &[]);
    assert_eq!(code, 0, "{out}");
    assert!(
        target.is_file(),
        "the ledger was not created at the link's target"
    );
    assert_eq!(mode(&target), 0o600, "the ledger is not private");
    let lock = real_dir.join("ledger.sqlite.lock");
    assert!(lock.is_file(), "the lock is not beside the real ledger");
    assert_eq!(mode(&lock), 0o600);
    assert!(
        !lab.dir.path().join("link.sqlite.lock").exists(),
        "a lock beside the link's name would be a second lock"
    );
    // The same ledger through either name: nothing to send.
    let (code, out) = lab.submit_on(&target, &sheet, "nov", &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Nothing to send"), "{out}");
    lab.assert_nobody_paid_twice(&rows);
}
