//! Sign-off rows: the block under a payroll where whoever prepared, checked
//! and approved it sign (`Prepared by: Sumi`, `Approved by`, `স্বাক্ষর`).
//!
//! payrun's one rule for them: a row every filled cell of which is such a
//! label. Intake leaves it out with a note (`totals.rs`) and hands it on,
//! so that validate refuses payee rows typed under a sign-off that itself
//! comes after payee rows: those were added after the sheet was signed
//! (`validate/after_total.rs`).

use super::table::RowView;
use super::totals::is_blank;
use crate::fields::fold;

/// Starts of the labels in a sign-off block under the table ("Prepared by",
/// "Approved by", "স্বাক্ষর"), folded.
const SIGN_OFF_STARTS: [&str; 12] = [
    "preparedby",
    "checkedby",
    "verifiedby",
    "reviewedby",
    "approvedby",
    "authorizedby",
    "authorisedby",
    "receivedby",
    "signature",
    "স্বাক্ষর",
    "প্রস্তুতকারী",
    "অনুমোদনকারী",
];

fn is_sign_off(text: &str) -> bool {
    let f = fold(text);
    SIGN_OFF_STARTS.iter().any(|s| f.starts_with(s))
}

/// A sign-off row: every non-blank cell is a sign-off label, and there is one.
/// (Its wallet and amount cells are then blank or labels, so it cannot pay.)
pub(super) fn is_sign_off_row(r: &RowView<'_>) -> bool {
    let mut any = false;
    for c in 0..r.len() {
        let t = r.text(c);
        if is_blank(t) {
            continue;
        }
        if !is_sign_off(t) {
            return false;
        }
        any = true;
    }
    any
}
