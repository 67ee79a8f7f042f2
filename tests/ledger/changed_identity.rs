//! A lost ledger and a sheet whose identity changed: the batch was paid from
//! a sheet without a reference column (each row's identity the n-th row
//! paying this amount to this wallet), and is run again on a new host from
//! the same sheet with an `Employee ID` column added. Every identity becomes
//! the reference, every tradeNo changes, and a guard that asks only about
//! the tradeNos this sheet gives finds nothing: before the fix, everyone was
//! paid twice. The guard also asks about the tradeNo each sampled row had
//! without its reference, and `--adopt`, which cannot match those orders to
//! this sheet's rows, refuses too.

use super::loss::lose_ledger;
use super::*;

/// The sheet as host A paid it: no reference column.
fn without_references(lab: &Lab, rows: &[Row]) -> PathBuf {
    let mut s = String::from("name,provider,wallet,amount\n");
    for (i, r) in rows.iter().enumerate() {
        s.push_str(&format!(
            "Person {i},{},{},{}\n",
            r.provider, r.wallet, r.taka
        ));
    }
    let path = lab.dir.path().join("dec.csv");
    std::fs::write(&path, s).expect("sheet written");
    path
}

#[test]
fn a_lost_ledger_and_a_reference_column_added_pay_nobody_twice() {
    let lab = Lab::new();
    let rows = rows(6);
    let (code, out) = lab.submit(&without_references(&lab, &rows), "dec", &[]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(lab.sandbox.orders().len(), 6);
    lose_ledger(&lab);
    let sent = lab.sandbox.payout_requests();

    // Host B: a fresh ledger, the sheet with its Employee ID column.
    let with_ids = lab.sheet("dec-eid.csv", &rows);
    let (code, out) = lab.submit(&with_ids, "dec", &[]);
    assert_eq!(
        code, 2,
        "a lost ledger must not pay the batch again:\n{out}"
    );
    assert!(
        out.contains("without its reference column") && out.contains("Nothing was sent"),
        "{out}"
    );
    assert_eq!(lab.sandbox.payout_requests(), sent, "a payout was sent");

    // --adopt cannot match the orders to this sheet's rows: it refuses too.
    let (code, out) = lab.submit(&with_ids, "dec", &["--adopt"]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("without its reference column"), "{out}");
    assert_eq!(lab.sandbox.payout_requests(), sent, "a payout was sent");
    lab.assert_nobody_paid_twice(&rows);
    assert_eq!(lab.sandbox.orders().len(), 6);

    // The sheet as it was paid, adopted: nothing is paid again.
    let (code, out) = lab.submit(&without_references(&lab, &rows), "dec", &["--adopt"]);
    assert!(code == 0 || code == 1, "{out}");
    lab.assert_nobody_paid_twice(&rows);
    assert_eq!(lab.sandbox.orders().len(), 6);
}

/// The same with the ledger intact: it holds every row's payout of the
/// batch under the identity the row had without the column, and refuses
/// the rows as those payouts.
#[test]
fn an_intact_ledger_and_a_reference_column_added_pay_nobody_twice() {
    let lab = Lab::new();
    let rows = rows(6);
    let (code, out) = lab.submit(&without_references(&lab, &rows), "dec", &[]);
    assert_eq!(code, 0, "{out}");
    let (code, out) = lab.submit(&lab.sheet("dec-eid.csv", &rows), "dec", &[]);
    assert_eq!(code, 2, "{out}");
    // The same payouts under the identity the rows had without the
    // column: said so, not as a second payout to each wallet.
    assert!(
        out.contains(
            "is this row's payout already, under the identity the row had without its reference"
        ),
        "{out}"
    );
    lab.assert_nobody_paid_twice(&rows);
    assert_eq!(lab.sandbox.orders().len(), 6, "{out}");
}

/// A backup taken before the batch was paid, restored with its mark: on
/// this host the batch's own mark refuses it; on a new host it is the same
/// as a lost ledger for this batch, and refused the same way.
#[test]
fn a_restored_backup_and_a_reference_column_added_pay_nobody_twice() {
    let lab = Lab::new();
    let rows = rows(6);
    let (code, out) = lab.submit(&lab.sheet("oct.csv", &other_rows(2)), "oct", &[]);
    assert_eq!(code, 0, "{out}");
    let files = ["", "-wal", "-shm", ".mark"];
    let copy = |from: &str, to: &str| {
        for suffix in files {
            let src = PathBuf::from(format!("{}{suffix}{from}", lab.ledger.display()));
            let dst = PathBuf::from(format!("{}{suffix}{to}", lab.ledger.display()));
            let _ = std::fs::remove_file(&dst);
            if src.exists() {
                std::fs::copy(&src, &dst).expect("copied");
            }
        }
    };
    copy("", ".bak");
    let (code, out) = lab.submit(&without_references(&lab, &rows), "dec", &[]);
    assert_eq!(code, 0, "{out}");
    copy(".bak", "");
    let sent = lab.sandbox.payout_requests();
    let (code, out) = lab.submit(&lab.sheet("dec-eid.csv", &rows), "dec", &[]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("last sent batch 'dec'"), "{out}");
    lab.new_host();
    let (code, out) = lab.submit(&lab.sheet("dec-eid.csv", &rows), "dec", &[]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("without its reference column"), "{out}");
    assert_eq!(lab.sandbox.payout_requests(), sent, "a payout was sent");
    lab.assert_nobody_paid_twice(&rows);
}

/// probe13 section 5: the same ledger, and a reference column read now
/// that was not when the batch was sent (a newer payrun reads `কর্মী আইডি`,
/// or the column was added). The rows are the same payouts, so the
/// refusal never points at `--allow-repeat`; and with it, the ledger-loss
/// refusal says this ledger sent them, not "a ledger this one is not".
/// Before: "if this second payment is intended, mark the row's repeat as
/// intended (--allow-repeat)", then "through a ledger this one is not".
#[test]
fn a_reference_column_read_mid_batch_is_told_as_the_same_payouts() {
    let lab = Lab::new();
    let rows = rows(3);
    let (code, out) = lab.submit(&without_references(&lab, &rows), "dec", &[]);
    assert_eq!(code, 0, "{out}");
    let sent = lab.sandbox.payout_requests();
    let with_ids = lab.sheet("dec-eid.csv", &rows);

    let (code, out) = lab.submit(&with_ids, "dec", &[]);
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains(
            "is this row's payout already, under the identity the row had without its reference"
        ),
        "{out}"
    );
    assert!(out.contains("the same payout, not a second one"), "{out}");
    assert!(!out.contains("mark the row's repeat as intended"), "{out}");
    assert!(!out.contains("(--allow-repeat)"), "{out}");

    let (code, out) = lab.submit(&with_ids, "dec", &["--allow-repeat"]);
    assert_eq!(code, 2, "{out}");
    assert!(!out.contains("a ledger this one is not"), "{out}");
    assert!(out.contains("which this ledger sent itself"), "{out}");
    assert!(
        out.contains("was not read as the reference (an older payrun"),
        "{out}"
    );
    assert_eq!(lab.sandbox.payout_requests(), sent, "a payout was sent");
    lab.assert_nobody_paid_twice(&rows);
}
