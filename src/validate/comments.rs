//! Cell comments that hold back a row.
//!
//! A comment (`HOLD - resigned, do not pay` on a payee's amount) shows in
//! the sheet as a red corner and on hover, and in print with "Comments: as
//! displayed": a person reviewing the sheet reads it as a remark on the
//! row. So each comment on a payout's row is judged by the hold and paid
//! words of a remark column ([`super::pay_reading::says`] for a note), and
//! a row it holds back is refused, naming the cell and the comment, as a
//! remark would refuse it. Intake reads comments of `.xlsx` and `.ods`.

use super::Validated;
use super::batch::{Loc, apply_flags};
use super::pay_reading::{Says, says};
use super::types::RowIssue;
use crate::intake::{InstructionKind, column_letter, quoted};

/// Refuses every payout with a comment on one of its cells whose words
/// say not to pay it, or that it was paid.
pub(super) fn check_comments(v: &mut Validated) {
    let comments = v.sheet.hidden.comments();
    if comments.is_empty() {
        return;
    }
    let mut flags: Vec<(Loc, RowIssue)> = Vec::new();
    for c in comments {
        let Some(said) = says(InstructionKind::Note, &c.text) else {
            continue;
        };
        let Ok(i) = v.payouts.binary_search_by_key(&c.row, |p| p.row) else {
            continue;
        };
        let what = match said {
            Says::PaidAlready => "say it was paid already",
            _ => "say it is not to be paid",
        };
        flags.push((
            Loc::Payout(i),
            RowIssue::row_error(
                c.row,
                format!(
                    "has a comment on cell {}{} reading {}, whose words {what}: delete the row if it is not to be paid; if it is, delete the comment (Review > Delete Comment) and check again",
                    column_letter(c.col),
                    c.row,
                    quoted(c.text.trim())
                ),
            ),
        ));
    }
    apply_flags(v, flags);
}
