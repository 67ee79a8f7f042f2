//! A batch label longer than the front of a tradeNo keeps: every tradeNo
//! of `payroll-2026-12` and of `payroll-2027-01` starts `payroll-202-`, so
//! the provider's portal, its statement and its support desk cannot tell the
//! months apart. tradeNos are never changed (a lost ledger is rebuilt from
//! them); `submit` warns instead, saying how to choose a label.

use super::*;

fn dry(dir: &Path, label: &str) -> (Option<i32>, String) {
    let out = payrun(dir)
        .env("HOME", crate::test_home())
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
