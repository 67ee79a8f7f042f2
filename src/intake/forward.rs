//! Page totals of a printed, multi-page payroll: `Carried forward` (`c/f`,
//! `Total c/f`, `পরবর্তী পৃষ্ঠায়`) with the running sum at a page's foot,
//! and `Brought forward` (`b/f`, `পূর্ববর্তী পৃষ্ঠা থেকে`) with the same sum
//! at the next page's head.
//!
//! Neither is a payee, and neither is a total of its own block: each is the
//! sum of every payee row above it. So intake leaves them out, like a totals
//! row, and hands them on as stated totals of their own kind, which
//! validate checks as running sums (`validate/forward.rs`).
//!
//! A row is one only by what it is: its wallet and provider cells are blank,
//! its label stands in a label-ish column (the name, the reference or a
//! column with a blank header; never a status, remark or note column, where
//! `Carried forward` says a payee is held back to next month, see
//! `validate/pay_words.rs`), and its amount cell is filled. The label is
//! the phrase alone or followed by a page (`c/f to page 3`, `Brought
//! forward from p. 2`): `Carried forward to December` is no page total but
//! a title that holds rows back, and is left to that rule.

use super::Layout;
use super::table::RowView;
use super::totals::TotalKind;
use crate::fields::{Field, fold};

/// Folded labels of a carried-forward figure, alone or before a page.
const CARRIED: [&str; 9] = [
    "carriedforward",
    "carriedfwd",
    "carriedover",
    "carryforward",
    "totalcarriedforward",
    "balancecarriedforward",
    "totalcf",
    "balancecf",
    "cf",
];

/// Folded labels of a brought-forward figure, alone or before a page.
const BROUGHT: [&str; 8] = [
    "broughtforward",
    "broughtfwd",
    "broughtover",
    "totalbroughtforward",
    "balancebroughtforward",
    "totalbf",
    "balancebf",
    "bf",
];

/// Bengali labels, as typed (folded when compared): carried forward...
const CARRIED_BN: [&str; 4] = [
    "পরবর্তী পৃষ্ঠায়",
    "পরবর্তী পৃষ্ঠায় জের",
    "পরের পৃষ্ঠায়",
    "পরের পৃষ্ঠায় জের",
];

/// ...and brought forward.
const BROUGHT_BN: [&str; 6] = [
    "পূর্ববর্তী পৃষ্ঠা থেকে",
    "পূর্ববর্তী পৃষ্ঠার জের",
    "পূর্ব পৃষ্ঠার জের",
    "পূর্বের পৃষ্ঠা থেকে",
    "আগের পৃষ্ঠা থেকে",
    "আগের পৃষ্ঠার জের",
];

/// What a label says, if it is a page total's: carried or brought forward.
pub(super) fn running_kind(text: &str) -> Option<TotalKind> {
    let t = text.trim();
    if t.is_empty() || t.len() > 80 {
        return None;
    }
    let f = fold(t);
    let of = |list: &[&str]| {
        list.iter()
            .any(|l| f.strip_prefix(l).is_some_and(page_only))
    };
    let bn = |list: &[&str]| list.iter().any(|l| fold(l) == f);
    if of(&CARRIED) || bn(&CARRIED_BN) {
        Some(TotalKind::CarriedForward)
    } else if of(&BROUGHT) || bn(&BROUGHT_BN) {
        Some(TotalKind::BroughtForward)
    } else {
        None
    }
}

/// What may follow the phrase: nothing, or a page (`to page 3`, `from p 2`,
/// `to next page`), folded.
fn page_only(rest: &str) -> bool {
    let rest = ["to", "from"]
        .iter()
        .find_map(|w| rest.strip_prefix(w))
        .unwrap_or(rest);
    let rest = rest.strip_prefix("the").unwrap_or(rest);
    if rest.is_empty() {
        return true;
    }
    ["nextpage", "previouspage", "lastpage", "page", "pg", "p"]
        .iter()
        .filter_map(|p| rest.strip_prefix(p))
        .any(|digits| digits.chars().all(|c| c.is_ascii_digit()))
}

/// The column and kind of row `r`'s page-total label, when the row is a
/// page total: wallet and provider cells blank, the label in a label-ish
/// column, the amount cell filled.
pub(super) fn page_total(
    layout: &Layout,
    r: &RowView<'_>,
    blank: impl Fn(&str) -> bool,
) -> Option<(usize, TotalKind)> {
    let cols = &layout.columns;
    let amount = cols.get(Field::Amount)?;
    let empty = |f: Field| cols.get(f).is_none_or(|c| blank(r.text(c)));
    if !empty(Field::Wallet) || !empty(Field::Provider) || blank(r.text(amount)) {
        return None;
    }
    (0..r.len())
        .filter(|c| label_ish(layout, *c))
        .find_map(|c| running_kind(r.text(c)).map(|k| (c, k)))
}

/// A column a row's label may stand in: the name or the reference, or a
/// column payrun neither reads nor judges (its header blank). Never a
/// status, remark or note column, where `Carried forward` holds a payee
/// back (`validate/pay_words.rs`).
fn label_ish(layout: &Layout, col: usize) -> bool {
    match layout.columns.field_of(col) {
        Some(f) => matches!(f, Field::Name | Field::Reference),
        None => !layout.instructions.iter().any(|i| i.col == col),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_total_labels_are_read_with_a_page_at_most() {
        for (label, kind) in [
            ("Carried forward", Some(TotalKind::CarriedForward)),
            ("c/f", Some(TotalKind::CarriedForward)),
            ("Total c/f", Some(TotalKind::CarriedForward)),
            ("C/F to page 3", Some(TotalKind::CarriedForward)),
            (
                "Carried forward to next page",
                Some(TotalKind::CarriedForward),
            ),
            ("পরবর্তী পৃষ্ঠায়", Some(TotalKind::CarriedForward)),
            ("Brought forward", Some(TotalKind::BroughtForward)),
            ("B/F from p. 2", Some(TotalKind::BroughtForward)),
            ("পূর্ববর্তী পৃষ্ঠা থেকে", Some(TotalKind::BroughtForward)),
            ("Carried forward to December", None),
            ("Carried forward from October", None),
            ("CFO", None),
            ("Total", None),
        ] {
            assert_eq!(running_kind(label), kind, "{label}");
        }
    }
}
