//! Human output reads as English: one payout, one row.

use super::*;

fn check_text(dir: &Path, body: &str) -> (i32, String) {
    let f = write(dir, "w.csv", format!("{HEAD}{body}"));
    let out = payrun(dir).arg("check").arg(&f).output().unwrap();
    let all = all_of(&out);
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

#[test]
fn an_amount_grouped_with_an_invisible_space_or_signed_with_a_plus_is_refused_saying_why() {
    let dir = tmp();
    for (cell, says) in [
        ("12\u{a0}000", "non-breaking space (U+00A0)"),
        ("12\u{2009}000", "thin space (U+2009)"),
        ("12\u{202f}000", "narrow non-breaking space (U+202F)"),
        ("12 000", "a space"),
        ("Tk 1\u{a0}20\u{a0}000", "non-breaking space (U+00A0)"),
    ] {
        let (code, out) = check_text(dir.path(), &format!("E1,Rahim,01712345678,bkash,{cell}\n"));
        assert_eq!(code, 2, "{cell:?} is refused, not read: {out}");
        assert!(
            out.contains(&format!("column \"Amount\": \"{cell}\" ")),
            "{cell:?} is shown as written: {out}"
        );
        assert!(!out.contains("\\u{"), "no escapes: {out}");
        assert!(out.contains(says), "{cell:?}: {out}");
        assert!(
            out.contains("write 12000") || out.contains("write 120000"),
            "{out}"
        );
        assert!(!out.contains("is not an amount"), "{out}");
    }
    let (code, out) = check_text(dir.path(), "E1,Rahim,01712345678,bkash,+12000\n");
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("\"+12000\" starts with a plus sign"), "{out}");
    assert!(out.contains("write 12000"), "{out}");
}
