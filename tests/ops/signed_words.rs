//! What a signed statement says in words must be the content it approves.
//! The approver reads the statement (`ssh-keygen -Y sign` needs no payrun),
//! not its digest: a statement whose payouts and totals are another sheet's
//! than its digest's was approved for the words, not for what it pays.
//! `approve --signature` refuses to record such a statement; whoever can
//! write the ledger can still put one there, so `submit` judges the words
//! too.

use super::signed::{approve, setup, submit};
use super::*;
use payrun::testing::approval::sig::sign_with_key;

/// The statement `payrun approve --statement-out` writes for `sheet`.
fn statement(d: &Path, sheet: &Path, name: &str) -> String {
    let out = approve(d, sheet, &["--statement-out", name]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    std::fs::read_to_string(d.join(name)).unwrap()
}

/// The maker pays a second row to herself. She writes the statement of
/// that sheet and gives it to Rahim with the words of the sheet he expects
/// (one payout of Tk 300); he signs what he reads. `approve --signature`
/// refuses it, so she writes the approval into the ledger herself.
#[test]
fn a_signed_statement_whose_words_are_another_sheets_does_not_count() {
    let (dir, t) = setup("");
    let d = dir.path();
    let honest = sheet(d, "honest.csv", 1, 300);
    let fraud = sheet(d, "pay.csv", 2, 300);
    let said = statement(d, &honest, "honest.txt");
    let real = statement(d, &fraud, "real.txt");
    let words = |s: &str, k: &str| -> String {
        s.lines()
            .find(|l| l.starts_with(k))
            .unwrap_or_else(|| panic!("no {k:?} line"))
            .to_string()
    };
    let mut forged = real.clone();
    for k in ["payouts: ", "total bkash: ", "total: "] {
        forged = forged.replacen(&words(&real, k), &words(&said, k), 1);
    }
    assert_ne!(forged, real);
    write(d, "forged.txt", &forged);
    let sig = sign_with_key(&t.rahim, forged.as_bytes()).unwrap();
    let sig_path = write(d, "forged.txt.sig", &sig);
    let out = approve(d, &fraud, &["--signature", sig_path.to_str().unwrap()]);
    assert_eq!(code(&out), 2, "recording refuses it: {}", stderr(&out));

    let digest = words(&real, "payouts digest: ")
        .trim_start_matches("payouts digest: ")
        .to_string();
    let fp = t
        .rahim
        .public_key()
        .fingerprint(ssh_key::HashAlg::Sha256)
        .to_string();
    let path = d.join("payrun-sandbox/ledger.sqlite");
    drop(payrun::testing::ledger::Ledger::open(&path).unwrap());
    // Recorded now, not on a fixed day: approval_max_age (7 days) would
    // refuse a fixed day's approval for its age once CI runs a week later.
    let recorded_now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let ledger = rusqlite::Connection::open(&path).unwrap();
    ledger
        .execute(
            "INSERT INTO approvals (batch_label, digest, role, approver, approver_key, approved_at,
                 payouts, total_poisha, signed, key_fingerprint, statement, signature)
             VALUES ('nov', ?1, 'approve', 'rahim@finance', ?2, ?6,
                 1, 30000, 1, ?3, ?4, ?5)",
            rusqlite::params![digest, format!("key:{fp}"), fp, forged, sig, recorded_now],
        )
        .unwrap();
    drop(ledger);
    let out = submit(d, &fraud);
    assert_eq!(
        code(&out),
        2,
        "the approval of other words paid the sheet:\n{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(stderr(&out).contains("payouts"), "{}", stderr(&out));
}
