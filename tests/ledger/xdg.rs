//! Batch locks and marks follow the XDG base directory rule: under
//! `$XDG_DATA_HOME/payrun/batch-locks` when it is set and absolute, else
//! `$HOME/.local/share/payrun/batch-locks`. An older payrun kept them at
//! the second place, whatever `XDG_DATA_HOME` said: its locks must still
//! hold and its records still count, so two payruns never run one batch at
//! once and a batch sent through one ledger is not sent through another.

use super::*;

/// The files of the batch-lock folder under `data` (a data home).
fn batch_files(data: &Path) -> Vec<String> {
    let dir = data.join("payrun").join("batch-locks");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn batch_locks_and_marks_are_kept_under_xdg_data_home() {
    let lab = Lab::with(|c| c.instant = true);
    lab.new_host();
    let xdg = lab.dir.path().join("xdg-data");
    let rows = rows(3);
    let mut c = lab.submit_cmd(&lab.ledger, &lab.sheet("nov.csv", &rows), "nov", &[]);
    c.env("XDG_DATA_HOME", &xdg);
    let (code, out) = run_bounded(c, Duration::from_secs(60));
    assert_eq!(code, 0, "{out}");
    let files = batch_files(&xdg);
    for ext in [".lock", ".ledger", ".mark"] {
        assert!(
            files.iter().any(|f| f.ends_with(ext)),
            "no {ext} under $XDG_DATA_HOME: {files:?}\n{out}"
        );
    }
    // A relative XDG_DATA_HOME is ignored, as the rule says.
    let mut c = lab.submit_cmd(
        &lab.ledger,
        &lab.sheet("dec.csv", &other_rows(3)),
        "dec",
        &[],
    );
    c.env("XDG_DATA_HOME", "relative/data");
    let (code, out) = run_bounded(c, Duration::from_secs(60));
    assert_eq!(code, 0, "{out}");
    assert!(!lab.dir.path().join("relative").exists(), "{out}");
}

/// One run under `XDG_DATA_HOME`, one as an older payrun (or a cron job
/// without the variable) keeps its lock under `~/.local/share`, on two
/// ledgers at once: one pays, the other is refused.
#[test]
fn a_batch_lock_at_either_place_holds() {
    let lab = Lab::with(|c| {
        c.instant = true;
        c.faults.latency_ms = 60;
    });
    lab.new_host();
    let xdg = lab.dir.path().join("xdg-data");
    let (copy, rows, sheet) = super::copies::paid_then_copied(&lab);
    let spawn = |ledger: &Path, xdg: Option<&Path>| {
        let mut c = lab.submit_cmd(ledger, &sheet, "nov", &[]);
        match xdg {
            Some(x) => c.env("XDG_DATA_HOME", x),
            None => c.env_remove("XDG_DATA_HOME"),
        };
        crate::spawn_with_home(move || run_bounded(c, Duration::from_secs(60)))
    };
    let (a, b) = (spawn(&lab.ledger, Some(&xdg)), spawn(&copy, None));
    let (a, b) = (a.join().expect("run a"), b.join().expect("run b"));
    super::copies::assert_paid_once(&lab, &rows, &a, &b);
}

/// A batch an older payrun sent (its record under `~/.local/share`) is
/// refused through another ledger once `XDG_DATA_HOME` is set, and its
/// record is carried to the new place.
#[test]
fn a_record_kept_at_the_old_place_still_counts_under_xdg_data_home() {
    let lab = Lab::with(|c| c.instant = true);
    lab.new_host();
    let xdg = lab.dir.path().join("xdg-data");
    let rows = rows(20);
    let (code, out) = lab.submit(&lab.sheet("advance.csv", &rows[5..6]), "dec", &[]);
    assert_eq!(code, 0, "{out}");
    let other = lab.dir.path().join("terminal").join("ledger.sqlite");
    let sent = lab.sandbox.payout_requests();
    let mut c = lab.submit_cmd(&other, &lab.sheet("dec.csv", &rows), "dec", &[]);
    c.env("XDG_DATA_HOME", &xdg);
    let (code, out) = run_bounded(c, Duration::from_secs(60));
    assert_eq!(code, 2, "another ledger for the batch is refused:\n{out}");
    assert!(out.contains("was sent through the ledger"), "{out}");
    assert_eq!(lab.sandbox.payout_requests(), sent, "nothing is sent");
    lab.assert_nobody_paid_twice(&rows);
}
