//! `approve --verify` months later (probe8 finding 5): an approver whose
//! key was since removed from allowed_signers ("to revoke a key, delete its
//! line") still verifies for what they signed then, reported as revoked
//! since; an auditor with the ledger alone verifies every approval against
//! the allowed-signers line kept beside it when it was recorded.

use super::signed::{approve, key_file, setup};
use super::*;

#[test]
fn a_key_revoked_since_and_an_auditor_without_the_config_still_verify() {
    let (dir, t) = setup("");
    let d = dir.path();
    let s = sheet(d, "pay.csv", 1, 500);
    let key = key_file(d, "rahim_ed25519", &t.rahim);
    assert_eq!(
        code(&approve(d, &s, &["--sign-with", key.to_str().unwrap()])),
        0
    );
    // Rahim leaves: his line is deleted, the documented way to revoke.
    let signers = std::fs::read_to_string(d.join("allowed_signers")).unwrap();
    let kept: String = signers
        .lines()
        .filter(|l| !l.starts_with("rahim@"))
        .map(|l| format!("{l}\n"))
        .collect();
    write(d, "allowed_signers", &kept);
    let out = run(payrun(d).args(["approve", "--verify", "--batch", "nov", "--sandbox"]));
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    assert!(
        stdout(&out).contains("1 signed, 1 of them verify"),
        "{}",
        stdout(&out)
    );
    assert!(
        stdout(&out).contains("valid when given; key since revoked"),
        "{}",
        stdout(&out)
    );
    // An auditor with a copy of the ledger and no payrun.toml.
    let audit = tempfile::tempdir().unwrap();
    std::fs::create_dir(audit.path().join("payrun-sandbox")).unwrap();
    std::fs::copy(
        d.join("payrun-sandbox/ledger.sqlite"),
        audit.path().join("payrun-sandbox/ledger.sqlite"),
    )
    .unwrap();
    let out =
        run(payrun(audit.path()).args(["approve", "--verify", "--batch", "nov", "--sandbox"]));
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    assert!(
        stdout(&out).contains("1 signed, 1 of them verify"),
        "{}",
        stdout(&out)
    );
}

/// The maker's own approval is recorded but never counts: the report says
/// so in a field of its own and in the summary line, not only at the end of
/// a note (probe8 finding 8).
#[test]
fn the_report_says_plainly_that_the_makers_own_approval_is_not_counted() {
    let (dir, t) = setup("[approvals]\nrequire_prepared_by = true\n");
    let d = dir.path();
    let s = sheet(d, "pay.csv", 1, 300);
    let sumi = key_file(d, "sumi", &t.sumi);
    let sign = |key: &Path, extra: &[&str]| {
        let mut args = extra.to_vec();
        args.extend(["--sign-with", key.to_str().unwrap()]);
        assert_eq!(code(&approve(d, &s, &args)), 0);
    };
    sign(&sumi, &["--prepare"]);
    sign(&sumi, &[]);
    sign(&key_file(d, "karim", &t.karim), &[]);
    assert_eq!(code(&super::signed::submit(d, &s)), 0);
    let v = sandbox_json_report(d, "nov");
    let a = v["summary"]["approvals"].as_array().unwrap();
    let own = a
        .iter()
        .find(|x| x["by"] == "sumi@finance" && x["role"] == "approve")
        .unwrap();
    assert_eq!(own["counted"], false, "{own}");
    assert!(
        own["not_counted"].as_str().unwrap().contains("maker"),
        "{own}"
    );
    let karim = a.iter().find(|x| x["by"] == "karim@finance").unwrap();
    assert_eq!(karim["counted"], true, "{karim}");
    let out = run(payrun(d).args([
        "report",
        "--batch",
        "nov",
        "--out",
        "nov.csv",
        "--ledger",
        "payrun-sandbox/ledger.sqlite",
    ]));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let summary = std::fs::read_to_string(d.join("nov.summary.csv")).unwrap();
    assert!(summary.contains("Approval NOT counted"), "{summary}");
    let approvals = std::fs::read_to_string(d.join("nov.approvals.csv")).unwrap();
    assert!(
        approvals.contains("not counted: prepared this batch"),
        "{approvals}"
    );
}
