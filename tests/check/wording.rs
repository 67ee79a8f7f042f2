//! Human output reads as English: one payout, one row.

use super::*;

fn check_text(dir: &Path, body: &str) -> (i32, String) {
    let f = write(dir, "w.csv", format!("{HEAD}{body}"));
    let out = payrun(dir).arg("check").arg(&f).output().unwrap();
    let all = format!(
        "{}{}",
        stdout_of(&out),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), all)
}

#[test]
fn one_valid_row_reads_one_payout_and_one_invalid_row_one_invalid_row() {
    let dir = tmp();
    let (code, out) = check_text(dir.path(), "E1,Rahim,01712345678,bkash,100\n");
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("VALID: 1 payout, Tk 100.00"), "{out}");
    let (code, out) = check_text(
        dir.path(),
        "E1,Rahim,01712345678,bkash,100\nE2,Karim,017,bkash,200\n",
    );
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("INVALID: 1 invalid row, 0 batch errors."),
        "{out}"
    );
}
