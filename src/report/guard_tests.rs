//! The guard against a report replacing an input, on real files.

use super::*;
use crate::ledger::inputs::KnownInput;

fn digest_of(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    crate::intake::hex(&Sha256::digest(bytes))
}

/// A folder of the test's own holding `name` with `bytes`, protected as the
/// sheet being checked.
fn protected_sheet(name: &str, bytes: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let sheet = dir.path().join(name);
    std::fs::write(&sheet, bytes).expect("write");
    protect_file(&sheet, "the sheet being checked");
    (dir, sheet)
}

#[test]
fn the_sheet_read_under_any_name_and_a_copy_of_a_recorded_input_are_refused() {
    let (dir, _sheet) = protected_sheet("guard-sheet.csv", b"name,wallet\nA,01712345678\n");
    let dotted = dir.path().join(".").join("guard-sheet.csv");
    let err = refuse_targets(&[&dotted], "--report").expect_err("same file");
    assert!(err.to_string().contains("the sheet being checked"), "{err}");

    let bytes = b"reference,amount\nguard-test-unique,1\n";
    let copy = dir.path().join("copy.xlsx");
    std::fs::write(&copy, bytes).expect("write");
    // Not an input yet (a batch's first run), but not a report either.
    let err = refuse_targets(&[&copy], "--out").expect_err("not a report");
    assert!(
        err.to_string().contains("not a report payrun wrote"),
        "{err}"
    );
    protect_inputs(vec![KnownInput {
        sha256: digest_of(bytes),
        file_name: "june.csv".into(),
        role: "the sheet of batch 'june'".into(),
    }]);
    let err = refuse_targets(&[&copy], "--out").expect_err("same bytes");
    assert!(err.to_string().contains("june.csv"), "{err}");
    // The one writer refuses too, whoever calls it.
    let err = super::super::write_atomically(&copy, b"report").expect_err("refused");
    assert!(matches!(err, ReportError::ReplacesInput(_)), "{err}");
    assert_eq!(std::fs::read(&copy).expect("read"), bytes);

    let new = dir.path().join("new.csv");
    assert!(refuse_targets(&[&new], "--out").is_ok());
}

/// A protected file that is gone leaves its inode number to any new file
/// (another test's report in this process): that file is not the sheet.
#[test]
fn a_protected_file_that_is_gone_does_not_protect_its_inode() {
    let (dir, sheet) = protected_sheet("gone-sheet.csv", b"name,wallet\n");
    let link = dir.path().join("link.csv");
    std::fs::hard_link(&sheet, &link).expect("link");
    assert!(
        refuse_targets(&[&link], "--out").is_err(),
        "a hard link is the sheet"
    );
    std::fs::remove_file(&sheet).expect("remove");
    let err = refuse_targets(&[&link], "--out").expect_err("not a report either");
    assert!(
        !err.to_string().contains("the sheet being checked"),
        "{err}"
    );
}
