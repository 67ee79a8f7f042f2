//! Two ledgers, one batch, at the same moment: a ledger copied to a second
//! path (or a second config naming another ledger) and two cron jobs started
//! together. Each ledger has its own lock, and each run's ledger-loss check
//! asks the gateway before the other has sent anything, so both passed and
//! both paid the whole batch. One run per batch on this host, whatever
//! ledger it uses.

use super::*;

#[test]
fn two_ledgers_sending_one_batch_at_once_pay_nobody_twice() {
    let lab = Lab::with(|c| {
        c.instant = true;
        c.faults.latency_ms = 60;
    });
    let (copy, rows, sheet) = paid_then_copied(&lab);
    let spawn = |ledger: &Path| {
        let c = lab.submit_cmd(ledger, &sheet, "nov", &[]);
        crate::spawn_with_home(move || run_bounded(c, Duration::from_secs(60)))
    };
    let (a, b) = (spawn(&lab.ledger), spawn(&copy));
    let (a, b) = (a.join().expect("run a"), b.join().expect("run b"));
    let codes = assert_paid_once(&lab, &rows, &a, &b);
    // The loser names the batch and the ledger of the run in its way.
    let (loser, other) = if a.0 == 0 {
        (&b.1, &lab.ledger)
    } else {
        (&a.1, &copy)
    };
    if codes[1] == 4 {
        assert!(
            loser.contains("batch 'nov'")
                && (loser.contains(&other.display().to_string())
                    || loser.contains("holder unknown")),
            "the refusal names the batch and the other run's ledger:\n{loser}"
        );
    }
}

/// The batch lock lives under `$HOME`. A cron job or a service whose HOME
/// payrun cannot write (a read-only home, `HOME=/nonexistent` as a system
/// user's) must still pay, guarded by its ledger lock as before, and say
/// that the batch lock could not be taken.
#[test]
fn a_home_payrun_cannot_write_does_not_stop_the_run() {
    let lab = Lab::with(|c| c.instant = true);
    let rows = rows(3);
    let sheet = lab.sheet("nov.csv", &rows);
    // A HOME that is a file: nothing can be made under it, even by root.
    let home = lab.dir.path().join("home-is-a-file");
    std::fs::write(&home, "not a folder").expect("write");
    let mut c = lab.submit_cmd(&lab.ledger, &sheet, "nov", &[]);
    c.env("HOME", &home);
    let (code, out) = run_bounded(c, Duration::from_secs(60));
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("batch lock"), "the warning says so:\n{out}");
    lab.assert_nobody_paid_twice(&rows);
    assert_eq!(lab.sandbox.orders().len(), 3);
}

/// Two ledgers for one batch one after the other: cron names the ledger in
/// `$PAYRUN_LEDGER`, the operator at a terminal gives `--ledger` (or a
/// relative path from another folder). The advance paid through the first
/// is unknown to the second, whose guard asks about a sample: it paid the
/// advance again. The batch remembers the ledger it was sent through.
#[test]
fn a_batch_sent_through_one_ledger_is_refused_through_another() {
    let lab = Lab::with(|c| c.instant = true);
    let rows = rows(200);
    let (code, out) = lab.submit(&lab.sheet("advance.csv", &rows[150..151]), "dec", &[]);
    assert_eq!(code, 0, "{out}");
    let other = lab.dir.path().join("terminal").join("ledger.sqlite");
    let sheet = lab.sheet("dec.csv", &rows);
    let sent = lab.sandbox.payout_requests();
    // A dry run says what the real run would do.
    let (code, out) = lab.submit_on(&other, &sheet, "dec", &["--dry-run"]);
    assert_eq!(code, 2, "the dry run would send:\n{out}");
    assert!(out.contains("was sent through the ledger"), "{out}");
    let (code, out) = lab.submit_on(&other, &sheet, "dec", &[]);
    lab.assert_nobody_paid_twice(&rows);
    assert_eq!(code, 2, "another ledger for a batch is refused:\n{out}");
    assert_eq!(lab.sandbox.payout_requests(), sent, "nothing is sent");
    for want in [lab.ledger.display().to_string(), "--adopt".to_string()] {
        assert!(out.contains(&want), "the refusal lacks {want:?}:\n{out}");
    }
    // Through its own ledger, the batch goes on.
    let (code, out) = lab.submit(&sheet, "dec", &[]);
    assert_eq!(code, 0, "{out}");
    lab.assert_nobody_paid_twice(&rows);
    assert_eq!(lab.sandbox.orders().len(), 200);
}

/// Two runs `a` and `b` of the 30 `rows` of one batch, after 3 other
/// payouts: nobody paid twice, the batch paid once, one run paid and the
/// other refused. Their exit codes, in order.
pub(super) fn assert_paid_once(
    lab: &Lab,
    rows: &[Row],
    a: &(i32, String),
    b: &(i32, String),
) -> [i32; 2] {
    lab.assert_nobody_paid_twice(rows);
    assert_eq!(lab.sandbox.orders().len(), 3 + 30, "the batch is paid once");
    let mut codes = [a.0, b.0];
    codes.sort_unstable();
    assert_eq!(codes[0], 0, "one run pays:\n{}\n{}", a.1, b.1);
    assert_ne!(codes[1], 0, "the other is refused:\n{}\n{}", a.1, b.1);
    codes
}

/// Batch `oct` (3 payouts) paid through the lab's ledger, which is then
/// copied: the copy's path, and the 30 rows of batch `nov` with their sheet.
pub(super) fn paid_then_copied(lab: &Lab) -> (PathBuf, Vec<Row>, PathBuf) {
    let (code, out) = lab.submit(&lab.sheet("oct.csv", &other_rows(3)), "oct", &[]);
    assert_eq!(code, 0, "{out}");
    let copy = lab.dir.path().join("copy.sqlite");
    std::fs::copy(&lab.ledger, &copy).expect("cp the ledger");
    let rows = rows(30);
    let sheet = lab.sheet("nov.csv", &rows);
    (copy, rows, sheet)
}
