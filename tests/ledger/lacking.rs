//! A ledger restored from an older backup lacks the runs made since. Its
//! path's mark names them (their batch labels, dates and counts), and the
//! ledger stays flagged as lacking them until each batch is adopted or a
//! person acknowledges the gap: a row paid in a lacking run reads here as
//! never paid, so a new label would pay it again without a word.

use super::restored::backup;
use super::*;

/// Pays `2026-12-a`, backs the ledger up, pays `2026-12-b`, restores the
/// backup: the ledger lacks the run that paid `2026-12-b`.
fn restored_after_two_batches(lab: &Lab) -> (Vec<Row>, Vec<Row>, PathBuf, PathBuf) {
    let (a, b) = (rows(4), other_rows(4));
    let (sheet_a, sheet_b) = (lab.sheet("a.csv", &a), lab.sheet("b.csv", &b));
    let (code, out) = lab.submit(&sheet_a, "2026-12-a", &[]);
    assert_eq!(code, 0, "{out}");
    let copy = lab.dir.path().join("backup.sqlite");
    backup(&lab.ledger, &copy);
    let (code, out) = lab.submit(&sheet_b, "2026-12-b", &[]);
    assert_eq!(code, 0, "{out}");
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", lab.ledger.display()));
    }
    std::fs::copy(&copy, &lab.ledger).expect("restore");
    (a, b, sheet_a, sheet_b)
}

/// probe9 finding 1: one `--adopt` of another batch made payrun forget the
/// lacking run, and `2026-12-b` under a new label paid everyone again.
#[test]
fn a_restored_ledger_names_what_it_lacks_and_holds_every_batch_until_adopted() {
    let lab = Lab::with(|c| c.instant = true);
    let (a, b, sheet_a, sheet_b) = restored_after_two_batches(&lab);
    let orders = lab.sandbox.orders().len();

    let (code, out) = lab.submit(&sheet_a, "2026-12-a", &[]);
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("'2026-12-b'"),
        "the refusal names the batch the ledger lacks:\n{out}"
    );
    // The probe's next step: --adopt of the batch at hand.
    let _ = lab.submit(&sheet_a, "2026-12-a", &["--adopt"]);

    let (code, out) = lab.run(&["check", &sheet_b.to_string_lossy()]);
    assert_ne!(
        code, 0,
        "check says VALID over a ledger that lacks runs:\n{out}"
    );
    assert!(out.contains("2026-12-b"), "{out}");
    let (code, out) = lab.submit(&sheet_b, "2026-12-b-fix", &[]);
    assert_eq!(
        code, 2,
        "a batch paid since the backup is paid again:\n{out}"
    );
    assert!(out.contains("2026-12-b"), "{out}");
    assert_eq!(lab.sandbox.orders().len(), orders, "nothing is sent");
    let (_, out) = lab.run(&["status"]);
    assert!(
        out.contains("lacks") && out.contains("2026-12-b"),
        "status says the ledger lacks runs:\n{out}"
    );

    // Adopting the lacking batch brings it back, and the repeat rule holds.
    let (code, out) = lab.submit(&sheet_b, "2026-12-b", &["--adopt"]);
    assert_eq!(code, 0, "{out}");
    let (code, out) = lab.submit(&sheet_b, "2026-12-b-fix", &[]);
    assert_eq!(code, 2, "held as a repeat:\n{out}");
    let (code, out) = lab.submit(&sheet_a, "2026-12-a", &[]);
    assert_eq!(code, 0, "{out}");
    let (_, out) = lab.run(&["status"]);
    assert!(!out.contains("lacks"), "{out}");
    assert_eq!(lab.sandbox.orders().len(), orders, "nothing is sent");
    let mut everyone = a;
    everyone.extend(b);
    lab.assert_nobody_paid_twice(&everyone);
}

/// Without the lacking batch's sheet, a person acknowledges the gap with
/// `--acknowledge-missing-runs`, and the ledger records who did it in which
/// run for auditors.
#[test]
fn a_missing_run_acknowledged_is_recorded_and_no_longer_holds() {
    let lab = Lab::with(|c| c.instant = true);
    let (_, _, sheet_a, _) = restored_after_two_batches(&lab);
    let (code, out) = lab.submit(&sheet_a, "2026-12-a", &["--adopt"]);
    assert_eq!(code, 2, "{out}");
    let (code, out) = lab.submit(
        &sheet_a,
        "2026-12-a",
        &["--adopt", "--acknowledge-missing-runs"],
    );
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("missing_runs_acknowledged") || out.contains("acknowledged"),
        "{out}"
    );
    let db = rusqlite::Connection::open(&lab.ledger).expect("open");
    let (label, how, run): (String, String, i64) = db
        .query_row(
            "SELECT label, settled_how, settled_run_id FROM missing_runs",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("the gap is recorded");
    assert_eq!(
        (label.as_str(), how.as_str()),
        ("2026-12-b", "acknowledged")
    );
    assert!(run > 0);
    let (_, out) = lab.run(&["status"]);
    assert!(!out.contains("lacks"), "{out}");
}

/// probe10 finding 1: a refused `--adopt` of a corrected version of a
/// batch the restored ledger lacks recorded that version's rows (not sent);
/// the `--adopt` its refusal advised, with the sheet as it was paid, then
/// read that sheet as a correction of them, asked the gateway only about
/// the next revision's tradeNos, and paid every payee again. An earlier
/// revision this ledger never sent, which the gateway holds paid or
/// processing, now stops `--adopt` before anything is sent.
#[test]
fn adopt_after_a_refused_adopt_of_another_version_never_pays_twice() {
    let lab = Lab::with(|c| c.instant = true);
    let (_, b, _, sheet_b) = restored_after_two_batches(&lab);
    let orders = lab.sandbox.orders().len();
    let corrected: Vec<Row> = b
        .iter()
        .cloned()
        .map(|mut r| {
            r.taka += 100;
            r
        })
        .collect();
    let sheet_c = lab.sheet("b-corrected.csv", &corrected);
    let (code, out) = lab.submit(&sheet_c, "2026-12-b", &["--adopt"]);
    assert_eq!(code, 2, "another version's orders do not fit:\n{out}");

    let (code, out) = lab.submit(&sheet_b, "2026-12-b", &["--adopt"]);
    assert_eq!(
        lab.sandbox.orders().len(),
        orders,
        "nothing is sent again (exit {code}):\n{out}"
    );
    assert_ne!(code, 0, "{out}");
    lab.assert_nobody_paid_twice(&b);
}

/// Under cron nobody reads a warning: the exit code and the `finished`
/// event are what monitoring sees. While the ledger lacks runs, every
/// command that reads it for a person or a monitor (`reconcile` of one
/// batch or all open ones, `report`, `status` of the list or of a batch)
/// exits 1, names the runs and the commands that close the gap, and counts
/// them in the `finished` event (`ledger_lacks_runs`). Before the fix all
/// but the batch list exited 0 with a warning only.
#[test]
fn every_command_reading_a_ledger_that_lacks_runs_exits_1_saying_what_to_do() {
    let lab = Lab::with(|c| c.instant = true);
    restored_after_two_batches(&lab);
    let out_file = lab.dir.path().join("a-report.csv");
    let out_file = out_file.to_string_lossy();
    let commands: [&[&str]; 5] = [
        &["reconcile", "--all-open"],
        &["reconcile", "--batch", "2026-12-a"],
        &["report", "--batch", "2026-12-a", "--out", &out_file],
        &["status"],
        &["status", "--batch", "2026-12-a"],
    ];
    for args in commands {
        let mut all = vec!["--log-format", "json"];
        all.extend_from_slice(args);
        let (code, out) = lab.run(&all);
        assert_eq!(
            code, 1,
            "{args:?} exits 1 while the ledger lacks runs:\n{out}"
        );
        for want in [
            "2026-12-b",
            "--batch 2026-12-b --adopt",
            "--acknowledge-missing-runs",
        ] {
            assert!(out.contains(want), "{args:?} does not say {want:?}:\n{out}");
        }
        let last = out.lines().last().unwrap_or_default();
        let v: serde_json::Value =
            serde_json::from_str(last).unwrap_or_else(|e| panic!("{args:?}: {e}: {last}"));
        assert_eq!(v["event"], "finished", "{args:?}: {v}");
        assert_eq!(v["exit_code"], 1, "{args:?}: {v}");
        assert_eq!(v["ledger_lacks_runs"], 1, "{args:?}: {v}");
    }
}

/// `reconcile --all-open` following a batch still processing (the run's
/// counts are gathered batch by batch): the ledger's gap stays the run's,
/// at the top of the `finished` event, not one batch's, and the code is 1.
#[test]
fn reconcile_all_open_over_open_batches_of_a_ledger_that_lacks_runs_exits_1() {
    let lab = Lab::with(|c| c.settle_after = Duration::from_secs(3600));
    restored_after_two_batches(&lab);
    let (code, out) = lab.run(&["--log-format", "json", "reconcile", "--all-open"]);
    assert_eq!(code, 1, "{out}");
    let last = out.lines().last().unwrap_or_default();
    let v: serde_json::Value = serde_json::from_str(last).unwrap_or_else(|e| panic!("{e}: {last}"));
    assert_eq!(v["batches"], 1, "the open batch is followed: {v}");
    assert_eq!(v["ledger_lacks_runs"], 1, "{v}");
    assert!(v["per_batch"][0].get("ledger_lacks_runs").is_none(), "{v}");
}

/// The backquoted `payrun submit ...` command of `out` that holds `word`.
fn suggested_command(out: &str, word: &str) -> Option<Vec<String>> {
    out.split('`')
        .skip(1)
        .step_by(2)
        .find(|c| c.starts_with("payrun submit ") && c.contains(word))
        .map(|c| c.split_whitespace().map(str::to_string).collect())
}

/// `--acknowledge-missing-runs` is a person's word about a known gap. Given
/// without `--adopt` to a ledger not yet accepted, it met the generic
/// "older than the ledger last used" refusal, which did not say the flag
/// needs `--adopt` nor give the command: now the refusal names the flag,
/// why, and the command line to run, which works. A dry run is told the
/// same. Given where the ledger lacks nothing, it was silently ignored (a
/// flag left in a cron line would acknowledge, unread, a gap a later
/// restore opens): now refused, exit 2, nothing sent.
#[test]
fn acknowledge_missing_runs_misused_is_refused_with_the_command_to_run() {
    let lab = Lab::with(|c| c.instant = true);
    let (_, _, sheet_a, _) = restored_after_two_batches(&lab);
    let orders = lab.sandbox.orders().len();
    for extra in [&["--dry-run"][..], &[]] {
        let mut args = vec!["--acknowledge-missing-runs"];
        args.extend_from_slice(extra);
        let (code, out) = lab.submit(&sheet_a, "2026-12-a", &args);
        assert_eq!(code, 2, "{extra:?}:\n{out}");
        assert!(
            out.contains("--acknowledge-missing-runs needs --adopt"),
            "{extra:?}: the refusal names the flag and what it needs:\n{out}"
        );
        let cmd = suggested_command(&out, "--acknowledge-missing-runs")
            .unwrap_or_else(|| panic!("{extra:?}: no command to run:\n{out}"));
        assert!(cmd.iter().any(|w| w == "--adopt"), "{cmd:?}");
        assert!(
            cmd.contains(&sheet_a.to_string_lossy().into_owned()),
            "{cmd:?}"
        );
        assert_eq!(cmd.contains(&"--dry-run".to_string()), !extra.is_empty());
        assert_eq!(lab.sandbox.orders().len(), orders, "nothing is sent");
    }
    let (_, out) = lab.submit(&sheet_a, "2026-12-a", &["--acknowledge-missing-runs"]);
    let cmd = suggested_command(&out, "--acknowledge-missing-runs").expect("a command");
    let words: Vec<&str> = cmd.iter().skip(1).map(String::as_str).collect();
    let (code, out) = run_bounded(lab.cmd_on(&lab.ledger, &words), Duration::from_secs(60));
    assert_eq!(code, 0, "the command the refusal gives works:\n{out}");
    assert!(out.contains("acknowledged"), "{out}");

    // The ledger lacks nothing now: the flag is refused, not ignored.
    let (code, out) = lab.submit(&sheet_a, "2026-12-a", &["--acknowledge-missing-runs"]);
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("lacks no runs") && out.contains("--acknowledge-missing-runs"),
        "{out}"
    );
    assert_eq!(lab.sandbox.orders().len(), orders, "nothing is sent");
}
