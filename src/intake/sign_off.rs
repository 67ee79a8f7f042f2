//! Sign-off rows: the block under a payroll where whoever prepared, checked
//! and approved it sign (`Prepared by: Sumi`, `Approved by`, `স্বাক্ষর`).
//!
//! payrun's one rule for them: a row that starts with such a label, with
//! only labels or names (no digit) in its other cells. Intake leaves it out with a note (`totals.rs`) and hands it on,
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

/// A sign-off row: its first filled cell is a sign-off label, and every
/// other filled cell is one too, or words without a digit: the name signed
/// beside its label (`Prepared by:` | `Sumi`), a title (`Accounts Officer`).
/// A digit anywhere else (a wallet, an amount, a date) makes it another row:
/// a sign-off never pays, so a row that could is never read as one.
pub(super) fn is_sign_off_row(r: &RowView<'_>) -> bool {
    let mut first = true;
    for c in 0..r.len() {
        let t = r.text(c);
        if is_blank(t) {
            continue;
        }
        let fits = if first {
            is_sign_off(t)
        } else {
            is_sign_off(t) || !t.chars().any(char::is_numeric)
        };
        if !fits {
            return false;
        }
        first = false;
    }
    !first
}
