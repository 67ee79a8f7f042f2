//! A batch label longer than the front of a tradeNo keeps: every tradeNo
//! of `payroll-2026-12` and of `payroll-2027-01` starts `payroll-202-`, so
//! the provider's portal, its statement and its support desk cannot tell the
//! months apart. tradeNos are never changed (a lost ledger is rebuilt from
//! them); `submit`, `approve` and `check --batch` warn instead, saying how to choose a label.

use super::*;

fn dry(dir: &Path, label: &str) -> (Option<i32>, String) {
    let out = payrun(dir)
        .env("HOME", crate::test_home())
        .env_remove("XDG_DATA_HOME")
        .args(["submit", "--dry-run", "--sandbox", "--batch", label])
        .arg(sample("payroll-2026-11.csv"))
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    (out.status.code(), all_of(&out))
}

#[test]
fn a_label_whose_month_is_cut_from_the_trade_no_is_warned_about() {
    let dir = tmp();
    let (code, all) = dry(dir.path(), "payroll-2026-12");
    assert_eq!(code, Some(0), "{all}");
    assert!(
        all.contains("cut to \"payroll-202\"")
            && all.contains("\"6-12\"")
            && all.contains("--batch 2026-12-payroll"),
        "{all}"
    );
    // A label whose front keeps what tells it apart: no word.
    for label in ["2026-12-payroll", "payroll-december", "demo"] {
        let (code, all) = dry(dir.path(), label);
        assert_eq!(code, Some(0), "{label}: {all}");
        assert!(!all.contains("is cut to"), "{label}: {all}");
    }
}

/// `check --batch` and `approve` name the batch as `submit` does, so they
/// say the same of a label the tradeNo cuts: the approver and the person
/// checking the sheet see it before anything is sent.
#[test]
fn check_and_approve_warn_of_a_cut_label_as_submit_does() {
    let dir = tmp();
    let run = |args: &[&str]| {
        let out = payrun(dir.path())
            .env("HOME", crate::test_home())
            .env_remove("XDG_DATA_HOME")
            .args(args)
            .arg(sample("payroll-2026-11.csv"))
            .timeout(std::time::Duration::from_secs(60))
            .output()
            .unwrap();
        all_of(&out)
    };
    let check = run(&["check", "--sandbox", "--batch", "payroll-2026-12"]);
    assert!(check.contains("cut to \"payroll-202\""), "{check}");
    let statement = dir.path().join("dec.txt");
    let statement = statement.to_string_lossy();
    let approve = run(&[
        "approve",
        "--sandbox",
        "--batch",
        "payroll-2026-12",
        "--statement-out",
        &statement,
    ]);
    assert!(approve.contains("cut to \"payroll-202\""), "{approve}");
    let fine = run(&["check", "--sandbox", "--batch", "2026-12-payroll"]);
    assert!(!fine.contains("is cut to"), "{fine}");
}
