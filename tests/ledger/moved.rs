//! A ledger that went back in time away from its mark: renamed or moved
//! without its `-wal` after a crash, or a backup restored where the ledger
//! and its mark were both lost (a wiped folder, a dead data disk). The mark
//! beside the path cannot see either: the new path has none, or it went
//! with the old ledger. Only the guard's sample stood between a payout sent
//! after that point and a second payment of it. The batch itself keeps a
//! mark of the ledger that last sent it (beside its lock, in the user's
//! data folder): any ledger that does not hold it is refused, and a new,
//! empty one (nothing to compare) has the gateway asked about every payout
//! before the first send, not a sample.

use super::restored::backup;
use super::*;

/// Runs an earlier batch, so that the ledger has history, and returns a
/// reader that keeps what comes next in the `-wal` (as a run killed
/// before it could fold its `-wal` into the file would leave it).
fn history_then_hold_wal(lab: &Lab) -> rusqlite::Connection {
    let (code, out) = lab.submit(&lab.sheet("oct.csv", &other_rows(5)), "oct", &[]);
    assert_eq!(code, 0, "{out}");
    let reader = rusqlite::Connection::open(&lab.ledger).expect("open ledger");
    reader
        .execute_batch("BEGIN; SELECT COUNT(*) FROM runs;")
        .expect("a reader holds the -wal");
    reader
}

/// After a crash left the `-wal` behind, the operator renamed the ledger
/// (`mv ledger.sqlite payroll.sqlite`; the same file, so it is still the
/// batch's ledger) and pointed payrun at the new name. The `-wal`, which
/// held the advance paid under batch 'dec', stayed at the old name.
#[test]
fn a_ledger_renamed_without_its_wal_pays_nobody_again() {
    let lab = Lab::with(|c| c.instant = true);
    let reader = history_then_hold_wal(&lab);
    let rows = rows(200);
    let (code, out) = lab.submit(&lab.sheet("advance.csv", &rows[150..151]), "dec", &[]);
    assert_eq!(code, 0, "{out}");
    let renamed = lab.dir.path().join("payroll.sqlite");
    std::fs::rename(&lab.ledger, &renamed).expect("mv");
    // Never closed: closing the last connection would fold the -wal in.
    std::mem::forget(reader);

    let sent = lab.sandbox.payout_requests();
    let sheet = lab.sheet("dec.csv", &rows);
    let (code, out) = lab.submit_on(&renamed, &sheet, "dec", &["--dry-run"]);
    assert_eq!(code, 2, "a dry run shows the refusal:\n{out}");
    let (code, out) = lab.submit_on(&renamed, &sheet, "dec", &[]);
    lab.assert_nobody_paid_twice(&rows);
    assert_eq!(code, 2, "the renamed ledger lost the advance:\n{out}");
    assert_eq!(lab.sandbox.payout_requests(), sent, "nothing is sent");
    for want in ["batch 'dec'", "--adopt", "Nothing was sent"] {
        assert!(out.contains(want), "the refusal lacks {want:?}:\n{out}");
    }
    assert_recovery_steps(&out);
    // --adopt asks about every payout, finds the advance, sends the rest;
    // then the renamed ledger is the batch's and a re-run sends nothing.
    let (code, out) = lab.submit_on(&renamed, &sheet, "dec", &["--adopt"]);
    assert_eq!(code, 0, "{out}");
    lab.assert_nobody_paid_twice(&rows);
    assert_eq!(lab.sandbox.orders().len(), 5 + 200);
    let sent = lab.sandbox.payout_requests();
    let (code, out) = lab.submit_on(&renamed, &sheet, "dec", &[]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(lab.sandbox.payout_requests(), sent);
}

/// The ledger's folder was lost with its mark (a dead data disk, a cleanup
/// of `/srv/payrun`), and yesterday's backup, taken before the advance was
/// paid, was restored to the same path.
#[test]
fn a_backup_restored_where_the_ledger_and_its_mark_were_lost_pays_nobody_again() {
    let lab = Lab::with(|c| c.instant = true);
    let (code, out) = lab.submit(&lab.sheet("oct.csv", &other_rows(5)), "oct", &[]);
    assert_eq!(code, 0, "{out}");
    let copy = lab.dir.path().join("backup.sqlite");
    backup(&lab.ledger, &copy);
    let rows = rows(200);
    let (code, out) = lab.submit(&lab.sheet("advance.csv", &rows[150..151]), "dec", &[]);
    assert_eq!(code, 0, "{out}");

    let lose = || {
        for suffix in ["", "-wal", "-shm", ".mark"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", lab.ledger.display()));
        }
    };
    lose();
    let sent = lab.sandbox.payout_requests();
    let sheet = lab.sheet("dec.csv", &rows);
    // No backup yet: a new, empty ledger holds nothing to compare with the
    // batch's mark, so the gateway is asked about every payout, not a
    // sample, and the one advance it knows stops the run (a dry run, which
    // asks nothing, says that the real run will ask).
    let (code, out) = lab.submit(&sheet, "dec", &["--dry-run"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("asks the gateway about every payout"), "{out}");
    let asked = lab.sandbox.query_requests();
    let (code, out) = lab.submit(&sheet, "dec", &[]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("--adopt"), "{out}");
    assert!(
        lab.sandbox.query_requests() - asked >= 200,
        "every payout asked about, not a sample: {}",
        lab.sandbox.query_requests() - asked
    );
    assert_eq!(lab.sandbox.payout_requests(), sent, "nothing is sent");
    lab.assert_nobody_paid_twice(&rows);
    lose();
    std::fs::copy(&copy, &lab.ledger).expect("restore");
    let (code, out) = lab.submit(&sheet, "dec", &[]);
    lab.assert_nobody_paid_twice(&rows);
    assert_eq!(code, 2, "a restored ledger is refused:\n{out}");
    assert_eq!(lab.sandbox.payout_requests(), sent, "nothing is sent");
    assert!(out.contains("--adopt"), "{out}");
    // Another batch, which this ledger sent all of, is not refused by it.
    let (code, out) = lab.submit(&lab.sheet("oct.csv", &other_rows(5)), "oct", &[]);
    assert_eq!(code, 0, "{out}");
    let (code, out) = lab.submit(&sheet, "dec", &["--adopt"]);
    assert_eq!(code, 0, "{out}");
    lab.assert_nobody_paid_twice(&rows);
    assert_eq!(lab.sandbox.orders().len(), 5 + 200);
}

/// The batch's mark names a ledger that sent batch 'dec', and this run
/// makes a new one where none is: a lost ledger, or a gateway that is
/// another one on the same address (a test suite's sandbox on a reused
/// port), which only the gateway can tell apart. It knows none of these
/// payouts, so they are paid; refusing the run would stop the second case
/// for nothing (and did: `matching::full_path` collided on a reused port).
#[test]
fn a_new_ledger_for_a_batch_sent_before_pays_what_the_gateway_knows_nothing_of() {
    let lab = Lab::with(|c| c.instant = true);
    let rows = rows(20);
    let (code, out) = lab.submit(&lab.sheet("first.csv", &rows[..5]), "dec", &[]);
    assert_eq!(code, 0, "{out}");
    for suffix in ["", "-wal", "-shm", ".mark"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", lab.ledger.display()));
    }
    let asked = lab.sandbox.query_requests();
    let (code, out) = lab.submit(&lab.sheet("other.csv", &rows[5..]), "dec", &[]);
    assert_eq!(code, 0, "{out}");
    assert!(
        lab.sandbox.query_requests() - asked >= 15,
        "every payout asked about"
    );
    assert_eq!(lab.sandbox.orders().len(), 20);
    lab.assert_nobody_paid_twice(&rows);
}
