//! The guard against a report replacing an input, on real files.

use super::*;
use crate::ledger::inputs::KnownInput;

fn digest_of(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    crate::intake::hex(&Sha256::digest(bytes))
}

#[test]
fn the_sheet_read_under_any_name_and_a_copy_of_a_recorded_input_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sheet = dir.path().join("guard-sheet.csv");
    std::fs::write(&sheet, b"name,wallet\nA,01712345678\n").expect("write");
    protect_file(&sheet, "the sheet being checked");
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
    // The guard is per process and matches by inode too: kept, so that no
    // other test's file gets the sheet's inode once it is freed and is
    // taken for it.
    let _ = dir.keep();
}
