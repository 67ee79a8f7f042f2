//! The merchant number a statement's title block names (`Merchant No,
//! 0000000777` above the header). A statement of another merchant account
//! says nothing about this batch's payouts, whatever its lines look like, so
//! `match` refuses it (`cmd/match_cmd.rs`) rather than give an auditor a
//! verdict on the wrong account.

use crate::intake::{RowTable, fold};

/// The labels a portal writes before the merchant's number, folded.
const LABELS: [&str; 8] = [
    "merchantno",
    "merchantnumber",
    "merchantid",
    "merchantcode",
    "merchantaccount",
    "merchantaccountno",
    "merchantaccountnumber",
    "merchantwallet",
];

/// The merchant number of the title block above `header_row` (1-based) and
/// the row that holds it: the cell after a label, or the text after a colon
/// in the label's own cell (`Merchant No: 0000000777`).
pub(super) fn merchant_no(rows: &RowTable, header_row: usize) -> Option<(usize, String)> {
    rows.head_rows()
        .into_iter()
        .take_while(|(n, _)| *n < header_row)
        .find_map(|(n, cells)| in_row(&cells).map(|m| (n, m)))
}

fn in_row(cells: &[String]) -> Option<String> {
    let mut filled = cells.iter().map(|c| c.trim()).filter(|c| !c.is_empty());
    let first = filled.next()?;
    let (label, rest) = first.split_once(':').unwrap_or((first, ""));
    if !LABELS.contains(&fold(label).as_str()) {
        return None;
    }
    let value = match rest.trim() {
        "" => filled.next()?,
        v => v,
    };
    value
        .chars()
        .any(|c| c.is_ascii_digit())
        .then(|| value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_merchant_number_is_read_beside_its_label_or_after_a_colon() {
        let s = |v: &[&str]| v.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        assert_eq!(
            in_row(&s(&["Merchant No", "0000000777"])).as_deref(),
            Some("0000000777")
        );
        assert_eq!(
            in_row(&s(&["", "Merchant ID:  M-42 "])).as_deref(),
            Some("M-42")
        );
        assert_eq!(in_row(&s(&["Merchant Order No", "x1"])), None);
        assert_eq!(in_row(&s(&["Merchant No", "n/a"])), None);
        assert_eq!(in_row(&s(&["Period", "2026-12"])), None);
    }
}
