//! Wallet cells a number format shows as another number than payrun would
//! pay to. A wallet kept as a number (its leading zero lost) is read back
//! with a warning, but the person who checked the sheet read the wallet as
//! its format showed it: `0.00E+00` shows 1712345678 as `1.71E+09`, and
//! `0"9"` as `17123456789`. They never saw the number paid, so the row is
//! refused whatever the flags, as an amount shown as another number is
//! (`hidden::check_misstated`). Zeros written before the figure
//! (`"0"0000000000`) show the number as paid, and are read as usual.

use super::Validated;
use super::batch::{Loc, apply_flags};
use super::types::{RowIssue, Severity};
use crate::fields::Field;
use crate::intake::{HiddenParts, quoted};

const FIX: &str =
    "format the column as Text and type each wallet number in full (01712345678), then check them";

pub(super) fn check_wallets_shown(v: &mut Validated) {
    let Some(col) = v.sheet.layout.columns.get(Field::Wallet) else {
        return;
    };
    let hidden = &v.sheet.hidden;
    if !hidden.any_misstated() {
        return;
    }
    let header = v.sheet.layout.header(col);
    let issue = |row: usize, value: &str| {
        Some(RowIssue {
            row,
            column: Some(header.clone()),
            value: Some(value.to_string()),
            message: message(hidden, row, col)?,
            severity: Severity::Error,
            spaces_named: false,
        })
    };
    let mut flags: Vec<(Loc, RowIssue)> = Vec::new();
    for (i, p) in v.payouts.iter().enumerate() {
        flags.extend(issue(p.row, &p.wallet).map(|x| (Loc::Payout(i), x)));
    }
    for (i, r) in v.invalid.iter().enumerate() {
        flags.extend(issue(r.row, &r.wallet_raw).map(|x| (Loc::Invalid(i), x)));
    }
    if flags.is_empty() {
        return;
    }
    v.issues.sort_by_key(|i| i.row);
    apply_flags(v, flags);
}

/// Why the wallet cell at `row` and `col` is refused, if it is shown as
/// another number, or may be by a conditional format.
fn message(hidden: &HiddenParts, row: usize, col: usize) -> Option<String> {
    if let Some(r) = hidden.rounded(row, col) {
        let by = match &r.by_rule {
            Some(format) => format!(
                "may be shown as {} in the workbook by a conditional format (its number format {format})",
                quoted(&r.shown)
            ),
            None => format!("is shown as {} in the workbook", quoted(&r.shown)),
        };
        return Some(format!(
            "{by}, but the cell holds the number {}: the person who checked the sheet did not see the wallet number payrun would pay to — {FIX}",
            r.held
        ));
    }
    if hidden.is_cell_misstated(row, col) {
        return Some(format!(
            "is shown as another number in the workbook: its number format writes digits of its own, scales it or shows a percentage, so the person who checked the sheet did not see the wallet number payrun would pay to — {FIX}"
        ));
    }
    hidden.misstated_by_rule(row, col).map(|_| format!(
        "may be shown as another number in the workbook by a conditional format: the number format it applies writes digits or words of its own or scales it, so the person who checked the sheet may not have seen the wallet number payrun would pay to — {FIX}, and take the number format out of the rule (Home > Conditional Formatting > Manage Rules)"
    ))
}
