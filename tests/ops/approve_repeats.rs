//! A sheet already paid under another label, approved again under a new
//! one. Its statement showed "0 wallets changed, 0 new payees": to the
//! approver, last week's payroll looked like this month's. `submit` holds
//! such rows, but the operator alone lifts the hold (`--allow-repeat-payment`,
//! `--allow-same-sheet`), so the approvers must see them in what they sign.

use super::*;

/// Pays `sheet` under `batch` on one unsigned approval.
fn paid(d: &Path, sheet: &Path, batch: &str) {
    let out = run(payrun(d).arg("approve").arg(sheet).args([
        "--batch",
        batch,
        "--by",
        "alice",
        "--sandbox",
    ]));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = run(payrun(d)
        .arg("submit")
        .arg(sheet)
        .args(["--batch", batch, "--sandbox"]));
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
}

#[test]
fn the_statement_says_which_payouts_another_label_paid_recently() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "payrun.toml", "require_approval = true\n");
    let nov = sheet(d, "nov.csv", 3, 300);
    paid(d, &nov, "nov");
    let out = run(payrun(d).arg("approve").arg(&nov).args([
        "--batch",
        "nov-b",
        "--sandbox",
        "--statement-out",
        "b.txt",
    ]));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = std::fs::read_to_string(d.join("b.txt")).unwrap();
    for want in [
        "Paid under another label within 20 days: 3 of these payouts, Tk 900.00",
        "batch \"nov\"",
        "EMP-0000",
        "--allow-repeat-payment",
    ] {
        assert!(text.contains(want), "the statement lacks {want:?}:\n{text}");
    }
    // A sheet of new payees says nothing of the kind.
    let other = write(
        d,
        "dec.csv",
        "reference,name,provider,wallet,amount\nX-1,New Person,bkash,01899999942,300\n",
    );
    let out = run(payrun(d).arg("approve").arg(&other).args([
        "--batch",
        "dec",
        "--sandbox",
        "--statement-out",
        "c.txt",
    ]));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = std::fs::read_to_string(d.join("c.txt")).unwrap();
    assert!(!text.contains("Paid under another label"), "{text}");
}
