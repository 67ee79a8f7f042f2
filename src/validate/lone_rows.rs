//! Title and note rows told for what they are. A section title (`Staff`,
//! `Contractors`) or a note (`Note: E05 includes Eid bonus`) has no wallet,
//! provider or amount, and the three "the cell is empty; enter ..." errors
//! it used to get sent finance looking for a payee's lost details. One
//! error names the row as a title or a note and says what can be done.
//! Whether a title's words hold back the rows under it is `sections.rs`'s.

use super::row::Ctx;
use crate::fields::Field;
use crate::intake::CellKind;
use crate::validate::{RowIssue, Severity};

/// The words that open a note row, folded (`Note:`, `N.B.`, `বিঃদ্রঃ`).
const NOTE_WORDS: [&str; 6] = ["note", "notes", "nb", "n.b", "বিঃদ্রঃ", "দ্রষ্টব্য"];

/// What a row that is no payout says, when it reads as a title or a note:
/// exactly one cell of text (`title`, from `row::title_of`), or a first
/// text opening with a note word, and no wallet read from it.
pub(super) fn lone_text(cx: &Ctx<'_>, title: Option<&str>) -> Option<String> {
    let text = lone(cx, title)?;
    // Only a row whose wallet, provider and amount cells are blank, or hold
    // that text itself (a title typed or merged from the wallet's column):
    // a payee row whose wallet is wrong is a payee, however few its texts.
    let blank_or_it = |f: Field| {
        cx.cell(f)
            .is_none_or(|c| c.text.trim().is_empty() || c.text.trim() == text)
    };
    [Field::Wallet, Field::Provider, Field::Amount]
        .into_iter()
        .all(blank_or_it)
        .then_some(text)
}

fn lone(cx: &Ctx<'_>, title: Option<&str>) -> Option<String> {
    if let Some(t) = title {
        return Some(t.to_string());
    }
    let first = cx
        .row
        .cells()
        .find(|c| c.kind == CellKind::Text && !c.text.trim().is_empty())?;
    let text = first.text.trim();
    let word: String = text
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != ':' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect();
    let word = word.trim_end_matches('.');
    NOTE_WORDS.contains(&word).then(|| text.to_string())
}

/// The one error of a title or note row, in place of the wallet, provider
/// and amount errors it would otherwise get; `title`, the row's text when it
/// is a title, whose words may hold back the rows under it.
pub(super) fn issue(row: usize, text: &str, title: Option<&str>) -> RowIssue {
    let message = match title.and_then(super::pay_reading::title_holds_back) {
        // `sections.rs` refuses the batch for it, naming the rows under it.
        Some(_) => "is a title whose words hold back the rows under it, not a payout: delete \
                    those rows and the title if they are not to be paid, or delete or reword \
                    the title if they are (`--skip-invalid` does not skip it)"
            .to_string(),
        None => units_row(text).unwrap_or_else(|| TITLE_OR_NOTE.to_string()),
    };
    RowIssue {
        row,
        column: None,
        value: Some(super::types::shown_value(text)),
        severity: Severity::Error,
        message,
        spaces_named: false,
    }
}

/// What a title or note row that names a unit or another currency
/// (`(BDT '000)`, `in USD`) is told: deleting it, as a note is told, would
/// pay every figure under it as taka. The sheet is refused for it too
/// (`units.rs`, when it is right under the header).
fn units_row(text: &str) -> Option<String> {
    use crate::intake::{Said, Unit, quoted, said_in};
    let says = match said_in(text, Said::Title)? {
        Unit::Named(u) => format!("the unit {}", quoted(u)),
        Unit::Currency(c) => format!("another currency, {}", quoted(c)),
        Unit::Other => return None,
    };
    Some(format!(
        "is a units row, not a payout: it says the amounts are in {says}, and payrun pays each amount cell's figure as taka — type the full amount in taka in every row, then delete this row"
    ))
}

/// What a title or note row that holds nothing back is told.
const TITLE_OR_NOTE: &str = "is a title or a note, not a payout (the row has no wallet, \
    provider or amount). Delete the row, or move it above the header row (there payrun reads \
    a title or a note only for words that hold back the whole sheet, as \"do not pay\" or \
    \"already paid\" do, and refuses the sheet for them). If it is a payee, fill in the wallet, provider and amount. \
    Until then nothing is paid, unless `submit --skip-invalid` skips the row (it is listed \
    as skipped, and the run exits 1)";
