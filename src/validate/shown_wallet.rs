//! Wallet cells a number format shows as another number than payrun would
//! pay to. A wallet kept as a number (its leading zero lost) is read back
//! with a warning, but the person who checked the sheet read the wallet as
//! its format showed it.
//! - A format that writes digits of its own (`0"9"` shows 1712345678 as
//!   `17123456789`), scales it or shows a percentage shows *another wallet
//!   number*: the checker saw a number that is not the one paid, so the
//!   row is refused whatever the flags, as an amount shown as another
//!   number is (`hidden::check_misstated`).
//! - A shown form that is no wallet number at all (`1.71E+09`: an explicit
//!   scientific format, or General in a column too narrow for ten digits,
//!   which is what Gnumeric saves into an `.ods` made from a CSV) hides the
//!   number without changing it: the cell holds it exactly, nobody can read
//!   `1.71E+09` as another payee's wallet, and the approval statement lists
//!   the number in full. A warning names the number paid, so the row is
//!   checked, not refused.
//!
//! Zeros written before the figure (`"0"0000000000`) show the number as
//! paid, and are read as usual.

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
        let (severity, message) = message(hidden, row, col)?;
        Some(RowIssue {
            row,
            column: Some(header.clone()),
            value: Some(value.to_string()),
            message,
            severity,
            spaces_named: false,
        })
    };
    let mut flags: Vec<(Loc, RowIssue)> = Vec::new();
    let mut warned: Vec<RowIssue> = Vec::new();
    let mut sort = |loc: Loc, x: RowIssue| match x.severity {
        Severity::Error => flags.push((loc, x)),
        Severity::Warning => warned.push(x),
    };
    for (i, p) in v.payouts.iter().enumerate() {
        if let Some(x) = issue(p.row, &p.wallet) {
            sort(Loc::Payout(i), x);
        }
    }
    for (i, r) in v.invalid.iter().enumerate() {
        if let Some(x) = issue(r.row, &r.wallet_raw) {
            sort(Loc::Invalid(i), x);
        }
    }
    if flags.is_empty() && warned.is_empty() {
        return;
    }
    // A warning added after the row checks makes the streamed report
    // stale for its row, as a refusal does (`apply_flags`).
    v.batch_flagged_rows.extend(warned.iter().map(|i| i.row));
    v.batch_flagged_rows.sort_unstable();
    v.batch_flagged_rows.dedup();
    v.issues.append(&mut warned);
    v.issues.sort_by_key(|i| i.row);
    apply_flags(v, flags);
}

/// What is said of the wallet cell at `row` and `col` when it is shown
/// as another number, or may be by a conditional format: a warning when the
/// shown form is no wallet number (`1.71E+09`), else a refusal.
fn message(hidden: &HiddenParts, row: usize, col: usize) -> Option<(Severity, String)> {
    if let Some(r) = hidden.rounded(row, col) {
        let by = match &r.by_rule {
            Some(format) => format!(
                "may be shown as {} in the workbook by a conditional format (its number format {format})",
                quoted(&r.shown)
            ),
            None => format!("is shown as {} in the workbook", quoted(&r.shown)),
        };
        return Some((
            Severity::Warning,
            format!(
                "{by}, not as a wallet number, but the cell holds the number {}: payrun pays to that number as the cell holds it; check it against the payee's record, since the sheet did not show it — {FIX}",
                r.held
            ),
        ));
    }
    if hidden.is_cell_misstated(row, col) {
        return Some((
            Severity::Error,
            format!(
                "is shown as another number in the workbook: its number format writes digits of its own, scales it or shows a percentage, so the person who checked the sheet did not see the wallet number payrun would pay to — {FIX}"
            ),
        ));
    }
    hidden.misstated_by_rule(row, col).map(|_| (Severity::Error, format!(
        "may be shown as another number in the workbook by a conditional format: the number format it applies writes digits or words of its own or scales it, so the person who checked the sheet may not have seen the wallet number payrun would pay to — {FIX}, and take the number format out of the rule (Home > Conditional Formatting > Manage Rules)"
    )))
}
