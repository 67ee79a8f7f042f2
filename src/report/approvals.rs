//! The report's Approvals table: one row per approval (or the maker's
//! `prepare`), with the statement the person read and their SSH signature,
//! so an auditor can save the two cells as files and run
//! `ssh-keygen -Y verify` with no payrun at all (docs/auditors.md). The
//! same table is the XLSX's Approvals sheet and the CSV's
//! `NAME.approvals.csv`.

use super::model::Approval;
use super::table::Cell;
use std::borrow::Cow;

/// The columns before `Counted` was added: an approvals CSV an older payrun
/// wrote is still one of payrun's own files.
pub(crate) const COLUMNS_BEFORE_COUNTED: [&str; 9] = [
    "Role",
    "Principal or name",
    "Signed",
    "Key fingerprint",
    "Recorded at",
    "Payouts digest",
    "Note",
    "Statement",
    "Signature",
];

/// The table's columns: the earlier ones, then `Counted`.
pub(crate) const COLUMNS: [&str; 10] = {
    let mut out = ["Counted"; 10];
    let mut i = 0;
    while i < COLUMNS_BEFORE_COUNTED.len() {
        out[i] = COLUMNS_BEFORE_COUNTED[i];
        i += 1;
    }
    out
};

/// One approval, in [`COLUMNS`] order. The statement and the signature
/// wrap, so they read as they were signed.
pub(crate) fn row_cells(a: &Approval) -> [Cell<'_>; 10] {
    let role = if a.role.is_empty() {
        "approve"
    } else {
        a.role.as_str()
    };
    let long = |o: &Option<String>| o.clone().map_or(Cell::Empty, Cell::long);
    [
        Cell::Text(Cow::Borrowed(role)),
        Cell::text(Some(&a.by)),
        Cell::Text(Cow::Borrowed(if a.signed { "signed" } else { "unsigned" })),
        Cell::text(a.key_fingerprint.as_deref()),
        Cell::text(Some(&a.at)),
        Cell::text(a.payouts_digest.as_deref()),
        Cell::text(a.note.as_deref()),
        long(&a.statement),
        long(&a.signature),
        Cell::Text(Cow::Owned(a.counted_words())),
    ]
}
