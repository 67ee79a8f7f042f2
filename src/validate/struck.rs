//! Struck-through cells: a payment finance cancelled and kept on the sheet.
//!
//! Finance teams strike a row through (Ctrl+5, Format Cells > Font >
//! Strikethrough) to cancel a payment and leave it visible for the record.
//! payrun reads values, not looks, so it would pay the row; the intake
//! readers keep which cells are struck through (`intake::HiddenParts`),
//! and this is where a struck cell refuses its row.
//!
//! Which cells count: every column payrun reads for the row (wallet,
//! provider, amount, and name, reference, remark and repeat too). A struck
//! name is how a person crosses someone off a list, and payrun cannot tell
//! "cancel this cell" from "cancel this row"; a wrong refusal costs a
//! re-run, a cancelled payment paid costs the money. A column payrun does
//! not read ("Checked by", a note) is not looked at: striking an old remark
//! there says nothing of the payment, and a row struck whole strikes the
//! columns read as well. An error like a misstated amount: no flag pays
//! it, and `--skip-invalid` records it as refused.
//!
//! A conditional format that strikes cells through refuses the rows it may
//! strike: where payrun cannot work out the rule's condition (a formula,
//! `$E2="Cancelled"`), every row it covers, with a message that says so.

use super::Validated;
use super::batch::{Loc, apply_flags};
use super::types::{InvalidRow, Payout, RowIssue, Severity};
use crate::fields::Field;
use crate::intake::{Struck, quoted};

/// What the person is asked to do.
const WHAT_TO_DO: &str = "a struck-through row usually means it is cancelled: delete the row if it is not to be paid, or clear the strikethrough (Format Cells > Font) if it is";
/// The same when a conditional format strikes the cell.
const BY_RULE: &str = "a struck-through row usually means it is cancelled: delete the row if it is not to be paid, or take the strikethrough out of the rule (Conditional Formatting > Manage Rules) if it is";

/// A struck cell: its column, field and how it is struck.
type Cell = (usize, Field, Struck);

pub(super) fn check_struck(v: &mut Validated) {
    let hidden = &v.sheet.hidden;
    if !hidden.any_struck() {
        return;
    }
    let layout = &v.sheet.layout;
    let mut read: Vec<(usize, Field)> = Field::ALL
        .iter()
        .filter_map(|f| layout.columns.get(*f).map(|c| (c, *f)))
        .collect();
    read.sort_unstable();
    let struck = |row: usize| -> Vec<Cell> {
        read.iter()
            .filter_map(|&(c, f)| hidden.struck_cell(row, c).map(|s| (c, f, s)))
            .collect()
    };
    let header = |col: usize| layout.header(col);
    let mut flags: Vec<(Loc, RowIssue)> = Vec::new();
    for (i, p) in v.payouts.iter().enumerate() {
        let cells = struck(p.row);
        if let Some(issue) = issue(p.row, &cells, header, |f| payout_value(p, f)) {
            flags.push((Loc::Payout(i), issue));
        }
    }
    for (i, r) in v.invalid.iter().enumerate() {
        let cells = struck(r.row);
        if let Some(issue) = issue(r.row, &cells, header, |f| invalid_value(r, f)) {
            flags.push((Loc::Invalid(i), issue));
        }
    }
    if flags.is_empty() {
        return;
    }
    v.issues.sort_by_key(|i| i.row);
    apply_flags(v, flags);
}

/// One issue for a row's struck cells (columns in sheet order): the first
/// by its column and value, the others named after it.
fn issue(
    row: usize,
    cells: &[Cell],
    header: impl Fn(usize) -> String,
    value: impl Fn(Field) -> Option<String>,
) -> Option<RowIssue> {
    let ((col, field, how), rest) = cells.split_first()?;
    let others: Vec<String> = rest.iter().map(|(c, ..)| quoted(&header(*c))).collect();
    let (is, are) = match how {
        Struck::ByFont => ("and so is", "and so are"),
        Struck::ByRule => ("as may", "as may"),
    };
    let also = match others.split_last() {
        None => String::new(),
        Some((last, [])) => format!(", {is} {last}"),
        Some((last, firsts)) => format!(", {are} {} and {last}", firsts.join(", ")),
    };
    Some(RowIssue {
        row,
        column: Some(header(*col)),
        value: value(*field),
        severity: Severity::Error,
        spaces_named: false,
        message: match how {
            Struck::ByFont => format!("is struck through in the workbook{also}; {WHAT_TO_DO}"),
            Struck::ByRule => format!(
                "may be struck through in the workbook by a conditional format{also} (payrun takes a rule it cannot work out, such as a formula, to strike every cell it covers); {BY_RULE}"
            ),
        },
    })
}

/// A valid row's value of `field`, as read.
fn payout_value(p: &Payout, field: Field) -> Option<String> {
    match field {
        Field::Wallet => Some(p.wallet.clone()),
        Field::Provider => Some(p.provider.to_string()),
        Field::Amount => Some(p.amount.to_string()),
        Field::Name => p.name.clone(),
        Field::Reference => p.reference.clone(),
        Field::Remark => p.remark.clone(),
        Field::Repeat => None,
    }
}

/// A refused row's value of `field`, as written.
fn invalid_value(r: &InvalidRow, field: Field) -> Option<String> {
    match field {
        Field::Wallet => Some(r.wallet_raw.clone()),
        Field::Provider => Some(r.provider_raw.clone()),
        Field::Amount => Some(r.amount_raw.clone()),
        Field::Name => r.name.clone(),
        Field::Reference => r.reference.clone(),
        Field::Remark | Field::Repeat => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_issue_names_the_first_struck_cell_and_the_others() {
        let header = |c: usize| ["Name", "Wallet", "Provider", "Amount"][c].to_string();
        let value = |f: Field| Some(f.key().to_string());
        let font = Struck::ByFont;
        let one = issue(4, &[(3, Field::Amount, font)], header, value).unwrap();
        assert_eq!(one.column.as_deref(), Some("Amount"));
        assert_eq!(one.value.as_deref(), Some("amount"));
        assert_eq!(one.severity, Severity::Error);
        assert!(one.message.starts_with(
            "is struck through in the workbook; a struck-through row usually means it is cancelled"
        ));
        let two = [(0, Field::Name, font), (3, Field::Amount, Struck::ByRule)];
        let two = issue(3, &two, header, value).unwrap();
        assert!(
            two.message
                .starts_with("is struck through in the workbook, and so is \"Amount\"; ")
        );
        let all = [
            (0, Field::Name, Struck::ByRule),
            (1, Field::Wallet, font),
            (2, Field::Provider, font),
            (3, Field::Amount, font),
        ];
        let all = issue(3, &all, header, value).unwrap();
        assert_eq!(all.column.as_deref(), Some("Name"));
        assert!(all.message.starts_with("may be struck through in the workbook by a conditional format, as may \"Wallet\", \"Provider\" and \"Amount\" (payrun takes"));
        assert!(all.message.ends_with("take the strikethrough out of the rule (Conditional Formatting > Manage Rules) if it is"));
        assert!(issue(3, &[], header, value).is_none());
    }
}
