//! The built-in sandbox (`--sandbox`) remembers across runs, as one real
//! gateway does: its books are kept beside the sandbox ledger, so a payout
//! still processing is still processing when `reconcile` asks later, and a
//! lost ledger meets a gateway that knows what it was sent. And the "This
//! run:" line counts every request the run made, as the ledger records them.

use super::*;
use payrun::testing::ledger::Ledger;

/// The sandbox's books beside the sandbox ledger.
const BOOKS: &str = "payrun-sandbox/sandbox-gateway.json";

/// Three payable rows and one whose wallet ends in 5555: the sandbox keeps
/// that one processing (`0015`) until forced.
fn sheet_with_a_stuck_row(d: &Path) -> PathBuf {
    write(
        d,
        "stuck.csv",
        "reference,name,provider,wallet,amount\n\
         EMP-1,Asha,bkash,01711000142,500\n\
         EMP-2,Bina,bkash,01711000242,600\n\
         EMP-3,Chandra,bkash,01712345555,700\n",
    )
}

fn submit(d: &Path, sheet: &Path, extra: &[&str]) -> Output {
    run(payrun(d)
        .arg("submit")
        .arg(sheet)
        .args(["--batch", "demo", "--sandbox"])
        .args(extra))
}

/// The finding: a payout processing at the sandbox, reconciled by a later
/// run, was a CONFLICT ("query now answers not found") because the sandbox
/// of the later run had never heard of it.
#[test]
fn a_processing_payout_reconciled_by_a_later_run_is_still_processing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = sheet_with_a_stuck_row(d);
    let out = submit(d, &s, &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    // Past the grace period, "not found" is believed: the finding's minute,
    // shortened.
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let out = run(payrun(d).args(["reconcile", "--batch", "demo", "--sandbox", "--grace", "1s"]));
    let text = format!("{}{}", stdout(&out), stderr(&out));
    assert!(!text.contains("CONFLICT"), "{text}");
    assert!(!text.contains("not found"), "{text}");
    // Still processing: open and listed, never a conflict; exit 0 as the
    // exit table has it (paid or processing).
    assert_eq!(code(&out), 0, "{text}");
    assert!(text.contains("Open payouts"), "{text}");
    let out = run(payrun(d).args(["status", "--batch", "demo", "--sandbox"]));
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert!(stdout(&out).contains("processing"), "{}", stdout(&out));
    assert!(d.join(BOOKS).is_file(), "the sandbox kept no books");
}

/// A deleted sandbox ledger: its mark stops the next run (as for any
/// ledger), `--adopt` rebuilds it from the sandbox, which still knows every
/// order, and sends nothing. Without the mark too (the ledger's whole story
/// lost), the ledger-loss check finds the orders at the sandbox and stops.
#[test]
fn a_lost_sandbox_ledger_meets_a_sandbox_that_knows_its_orders() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = sheet(d, "payroll.csv", 3, 500);
    assert_eq!(code(&submit(d, &s, &[])), 0);
    let ledger = d.join("payrun-sandbox/ledger.sqlite");
    std::fs::remove_file(&ledger).unwrap();
    let out = submit(d, &s, &[]);
    assert_eq!(code(&out), 2, "the mark refuses a deleted ledger");
    let out = submit(d, &s, &["--adopt"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stdout(&out).contains("This run: 0 payout requests"),
        "{}",
        stdout(&out)
    );
    assert!(stdout(&out).contains("paid"), "{}", stdout(&out));
    // Every question --adopt asked is in the ledger, and in the count.
    let (payouts, queries) = ledger_counts(d);
    assert_eq!(payouts, 0);
    let line = run_line(&stdout(&out));
    assert_eq!(count_of(&line, "quer"), queries, "{line}");
    assert!(queries >= 6, "{queries}: each payout and its next revision");
    for f in ["ledger.sqlite", "ledger.sqlite.mark"] {
        std::fs::remove_file(d.join("payrun-sandbox").join(f)).unwrap();
    }
    let out = submit(d, &s, &[]);
    assert_eq!(code(&out), 2, "{}", stdout(&out));
    assert!(
        stderr(&out).contains("the gateway already has"),
        "{}",
        stderr(&out)
    );
    assert!(
        !stdout(&out).contains("payout requests"),
        "{}",
        stdout(&out)
    );
}

/// A damaged books file stops the run before anything is sent, naming the
/// file and what deleting it means.
#[test]
fn damaged_sandbox_books_stop_the_run_and_say_how_to_start_afresh() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = sheet(d, "payroll.csv", 3, 500);
    assert_eq!(code(&submit(d, &s, &[])), 0);
    std::fs::write(
        d.join(BOOKS),
        "{\"format\": \"payrun-sandbox-books\", \"ord",
    )
    .unwrap();
    let march = sheet(d, "march.csv", 2, 700);
    let out = run(payrun(d)
        .arg("submit")
        .arg(&march)
        .args(["--batch", "other", "--sandbox"]));
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("sandbox-gateway.json"), "{err}");
    assert!(err.contains("delete"), "{err}");
    assert!(err.contains("forgets every order"), "{err}");
    assert!(!stdout(&out).contains("payout request"), "{}", stdout(&out));
    // As the message says: deleted, the sandbox starts afresh.
    std::fs::remove_file(d.join(BOOKS)).unwrap();
    assert_eq!(code(&submit(d, &s, &[])), 0);
    assert!(d.join(BOOKS).is_file());
}

/// The counts of one kind in the `This run:` line: `N payout requests`.
fn count_of(line: &str, word: &str) -> i64 {
    let at = line
        .find(word)
        .unwrap_or_else(|| panic!("{word} in {line}"));
    let before = line[..at].trim_end();
    let n = before.rsplit([' ', ',', '(']).next().unwrap_or_default();
    n.parse().unwrap_or_else(|_| panic!("{word} in {line}"))
}

/// The summary's `This run:` line.
fn run_line(text: &str) -> String {
    text.lines()
        .find(|l| l.starts_with("This run: "))
        .unwrap_or_else(|| panic!("{text}"))
        .to_string()
}

/// The requests of the ledger's last run, by kind.
fn ledger_counts(d: &Path) -> (i64, i64) {
    let l = Ledger::open(&d.join("payrun-sandbox/ledger.sqlite")).unwrap();
    l.connection()
        .query_row(
            "SELECT COALESCE(SUM(kind = 'payout'), 0), COALESCE(SUM(kind = 'query'), 0) \
             FROM attempts WHERE run_id = (SELECT MAX(id) FROM runs)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
}

/// Every request the run made is counted, the ledger-loss check's queries
/// too, and the counts are the ledger's.
#[test]
fn the_run_line_counts_every_request_the_ledger_records() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = sheet(d, "payroll.csv", 3, 500);
    for expect_payouts in [3, 0] {
        let out = submit(d, &s, &[]);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        let line = run_line(&stdout(&out));
        let line = line.as_str();
        let (payouts, queries) = ledger_counts(d);
        assert_eq!(payouts, expect_payouts);
        assert_eq!(count_of(line, "payout request"), payouts, "{line}");
        assert_eq!(count_of(line, "quer"), queries, "{line}");
        if expect_payouts > 0 {
            assert!(queries > 0, "the first run asks the ledger-loss questions");
            assert_eq!(count_of(line, "ledger-loss"), queries, "{line}");
        }
    }
}
