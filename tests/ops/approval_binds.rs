//! An unsigned approval's statement (what `approve --by` showed) binds as a
//! signed one does: a ledger row moved by hand to another label, or to
//! another gateway, does not count there.

use super::*;

#[test]
fn an_unsigned_approval_moved_to_another_label_does_not_count() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "payrun.toml", "require_approval = true\n");
    let s = sheet(d, "pay.csv", 2, 300);
    let out = run(payrun(d).arg("approve").arg(&s).args([
        "--batch",
        "oct",
        "--by",
        "alice",
        "--sandbox",
    ]));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    // October's approval, relabelled in the ledger as November's.
    let db = rusqlite::Connection::open(d.join("payrun-sandbox/ledger.sqlite")).unwrap();
    db.execute("UPDATE approvals SET batch_label = 'nov'", [])
        .unwrap();
    drop(db);
    let out = run(payrun(d)
        .arg("submit")
        .arg(&s)
        .args(["--batch", "nov", "--sandbox"]));
    assert_eq!(code(&out), 2, "{}{}", stdout(&out), stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("the statement says batch \"oct\""), "{err}");
    assert!(err.contains("Nothing was sent"), "{err}");
}
