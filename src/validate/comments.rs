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
use super::pay_reading::{Says, SheetMonth, lift_hint, says_in, sheet_month};
use super::types::RowIssue;
use crate::intake::{InstructionKind, column_letter, quoted};

/// What a comment says of its row: read whole, then line by line, as
/// Excel writes its author on a line of its own (`Rahim:` then `HOLD`),
/// and a threaded comment's copy under a line of its own (`Comment:`).
fn comment_says(text: &str, month: SheetMonth) -> Option<Says> {
    says_in(InstructionKind::Note, text, month).or_else(|| {
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .find_map(|l| says_in(InstructionKind::Note, l, month))
    })
}

/// Refuses every payout with a comment on one of its cells whose words
/// say not to pay it, or that it was paid.
pub(super) fn check_comments(v: &mut Validated) {
    let comments = v.sheet.hidden.comments();
    if comments.is_empty() {
        return;
    }
    let above = &v.sheet.layout.above;
    let month = || sheet_month(above.iter().map(|a| a.text.as_str()));
    let mut flags: Vec<(Loc, RowIssue)> = Vec::new();
    for c in comments {
        let Some(said) = comment_says(&c.text, &month) else {
            continue;
        };
        let Ok(i) = v.payouts.binary_search_by_key(&c.row, |p| p.row) else {
            continue;
        };
        let what = match said {
            Says::PaidAlready => "say it was paid already",
            _ => "say it is not to be paid",
        };
        let hint = lift_hint(&c.text).map_or(String::new(), |h| format!(" ({h})"));
        flags.push((
            Loc::Payout(i),
            RowIssue::row_error(
                c.row,
                format!(
                    "has a comment on cell {}{} reading {}, whose words {what}: delete the row if it is not to be paid; if it is, delete the comment (Review > Delete Comment) and check again{hint}",
                    column_letter(c.col),
                    c.row,
                    quoted(c.text.trim())
                ),
            ),
        ));
    }
    apply_flags(v, flags);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comment_says_(text: &str) -> Option<Says> {
        comment_says(text, &|| None)
    }

    #[test]
    fn a_comment_is_read_whole_and_line_by_line() {
        assert_eq!(
            comment_says_("HOLD - resigned, do not pay"),
            Some(Says::DoNotPay)
        );
        assert_eq!(comment_says_("Rahim Uddin:\nHOLD"), Some(Says::DoNotPay));
        assert_eq!(comment_says_("HR:\nPaid in cash"), Some(Says::PaidAlready));
        let threaded = "[Threaded comment]\n\nYour version of Excel allows you to read this threaded comment; however, any edits to it will get removed if the file is opened in a newer version of Excel. Learn more: https://go.microsoft.com/fwlink/?linkid=870924\n\nComment:\n    HOLD";
        assert_eq!(comment_says_(threaded), Some(Says::DoNotPay));
        let quiet = threaded.replace("    HOLD", "    Joined in March");
        assert_eq!(comment_says_(&quiet), None);
        assert_eq!(comment_says_("Joined in March"), None);
        assert_eq!(comment_says_("Rahim:\nHold allowance included"), None);
    }
}
