//! Sign-off rows: the block under a payroll where whoever prepared, checked
//! and approved it sign (`Prepared by: Sumi`, `Approved by`, `স্বাক্ষর`).
//!
//! payrun's one rule for them: a row with such a label that cannot pay (no
//! wallet number, no amount), whatever else it holds beside the label. Intake leaves it out with a note (`totals.rs`) and hands it on,
//! so that validate refuses payee rows typed under a sign-off that itself
//! comes after payee rows: those were added after the sheet was signed
//! (`validate/after_total.rs`).

use super::table::RowView;
use super::totals::is_blank;
use crate::fields::fold;
use crate::money::Amount;
use crate::wallet::normalize_wallet_any;

/// Starts of the labels in a sign-off block under the table ("Prepared by",
/// "Approved by", "Authorised Signatory", "স্বাক্ষর"), folded.
const SIGN_OFF_STARTS: [&str; 15] = [
    "preparedby",
    "checkedby",
    "verifiedby",
    "reviewedby",
    "approvedby",
    "authorizedby",
    "authorisedby",
    "receivedby",
    "signature",
    "signatory",
    "authorisedsignatory",
    "authorizedsignatory",
    "স্বাক্ষর",
    "প্রস্তুতকারী",
    "অনুমোদনকারী",
];

/// Verbs of a signer's line that may take more words before their "by"
/// (`Prepared & Checked by`, `Signed by`, `Recommended by`), folded.
const SIGNED_BY: [&str; 13] = [
    "prepared",
    "checked",
    "verified",
    "reviewed",
    "approved",
    "authorized",
    "authorised",
    "received",
    "recommended",
    "signed",
    "countersigned",
    "certified",
    "audited",
];

/// How far into a folded label its "by" may stand (`preparedcheckedby`).
const BY_WITHIN: usize = 32;

/// Whether row `r` cannot pay: its wallet cell is no wallet number and its
/// amount cell (if the sheet has one) no amount. Only such a row may be
/// read as paperwork (a sign-off, the amount in words).
pub(super) fn cannot_pay(r: &RowView<'_>, wallet: usize, amount: Option<usize>) -> bool {
    normalize_wallet_any(r.text(wallet)).is_err()
        && amount.is_none_or(|a| {
            let t = r.text(a);
            is_blank(t) || Amount::parse(t).is_err()
        })
}

fn is_sign_off(text: &str) -> bool {
    let f = fold(text);
    if SIGN_OFF_STARTS.iter().any(|s| f.starts_with(s)) {
        return true;
    }
    SIGNED_BY.iter().any(|v| f.starts_with(v))
        && f.chars().take(BY_WITHIN).collect::<String>().contains("by")
}

/// The column of row `r`'s sign-off label, when `r` is a sign-off row: a
/// cell names a signer (a label above), and the row cannot pay: its wallet
/// cell is no wallet number and its amount cell no amount. Whatever else
/// it holds (the name signed beside its label, a date, an extension, a
/// serial number filled down) is the signer's, not a payee's: a row that
/// could pay is never read as one.
pub(super) fn sign_off_label(
    r: &RowView<'_>,
    wallet: usize,
    amount: Option<usize>,
) -> Option<usize> {
    paperwork_cell(r, wallet, amount, is_sign_off)
}

/// The first cell of row `r` that `is` reads as paperwork, when `r`
/// cannot pay ([`cannot_pay`]).
fn paperwork_cell(
    r: &RowView<'_>,
    wallet: usize,
    amount: Option<usize>,
    is: fn(&str) -> bool,
) -> Option<usize> {
    if !cannot_pay(r, wallet, amount) {
        return None;
    }
    (0..r.len()).find(|c| {
        let t = r.text(*c);
        !is_blank(t) && is(t)
    })
}

/// Starts of the line that writes a total in words under a payroll or a
/// voucher (`In words: Taka Three Thousand Only`, `Amount in words`,
/// `কথায়`), folded.
const IN_WORDS_STARTS: [&str; 5] = ["inwords", "amountinwords", "takainwords", "কথায়", "টাকাকথায়"];

/// The column of row `r`'s amount in words, when `r` is that line and
/// cannot pay ([`cannot_pay`]): a cell that starts with an
/// in-words label, or the words themselves (`Taka ... Only`, `... টাকা
/// মাত্র`). It is paperwork, never a payee: skipped with a note.
pub(super) fn in_words_label(
    r: &RowView<'_>,
    wallet: usize,
    amount: Option<usize>,
) -> Option<usize> {
    paperwork_cell(r, wallet, amount, is_in_words)
}

fn is_in_words(text: &str) -> bool {
    let f = fold(text);
    if IN_WORDS_STARTS.iter().any(|s| f.starts_with(s)) {
        return true;
    }
    let lower = text.trim().to_lowercase();
    let says_taka = ["taka ", "tk. ", "tk ", "bdt "]
        .iter()
        .any(|t| lower.starts_with(t));
    (says_taka && lower.ends_with("only")) || (f.contains("টাকা") && f.ends_with("মাত্র"))
}
