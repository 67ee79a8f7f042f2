//! Text lost when a sheet was saved in an encoding without its letters.
//!
//! Excel's "CSV (Comma delimited)" and LibreOffice's CSV export in a
//! Windows code page (Windows-1252, "ANSI") write each letter the code page
//! has no place for as `?`: `পরিশোধ করা হয়েছে` ("paid already") becomes
//! `?????? ??? ??????`. The file is then plain ASCII, read without a word,
//! and a remark, a status or a header that said not to pay says nothing
//! payrun can read: the row was paid. A word of two or more question marks
//! and nothing else, or the replacement character U+FFFD a lossy decoding
//! leaves, is such a loss: the row is refused, and a header so lost refuses
//! the sheet (its column may have been the one that said not to pay). A
//! person rarely writes `??` as a word; when one did, replacing it costs a
//! re-run, while reading a lost "do not pay" as nothing costs the money.

use super::Validated;
use super::row::Ctx;
use super::types::Severity;
use crate::intake::{column_letter, quoted};

/// What to do, in every message.
const FIX: &str = "text here was lost when the sheet was saved in an encoding without its letters (Excel's \"CSV (Comma delimited)\" or an ANSI/Windows-1252 export writes each Bengali letter as ?), so payrun cannot read what it said — save the sheet again from the workbook as \"CSV UTF-8 (Comma delimited)\" (LibreOffice: character set Unicode (UTF-8)) or as .xlsx, and check again";

/// Whether `text` holds a word of question marks only (two or more), or
/// the replacement character.
pub(super) fn lost(text: &str) -> bool {
    // Every cell of every row comes here: one pass over the bytes for a
    // `?` or the lead byte of U+FFFD (0xEF) rejects nearly all of them,
    // where two substring searches cost `check` a sixth of its time.
    if !text.bytes().any(|b| b == b'?' || b == 0xEF) {
        return false;
    }
    text.contains('\u{FFFD}')
        || text
            .split_whitespace()
            .any(|w| w.len() >= 2 && w.chars().all(|c| c == '?'))
}

/// Refuses a row with a cell whose text was lost, naming the first such
/// cell.
pub(super) fn check_row(cx: &mut Ctx<'_>) {
    let Some(col) = (0..cx.row.len()).find(|&c| lost(cx.row.text(c))) else {
        return;
    };
    let text = cx.row.text(col);
    cx.issue(Some(col), Some(text), Severity::Error, FIX.to_string());
}

/// Refuses the sheet when a header's text was lost: its column is not
/// read under its name, and may have been the one that said not to pay.
pub(super) fn check_headers(v: &mut Validated) {
    let layout = &v.sheet.layout;
    let Some((col, header)) = layout.headers.iter().enumerate().find(|(_, h)| lost(h)) else {
        return;
    };
    v.batch_errors.push(format!(
        "{}: the header of column {} (row {}) reads {}: {FIX}",
        v.file_name,
        column_letter(col),
        layout.header_row,
        quoted(header)
    ));
}

#[cfg(test)]
mod tests {
    use super::lost;

    #[test]
    fn words_of_question_marks_are_lost_text() {
        for t in [
            "???? ??????",
            "??",
            "Nov ??????",
            "a\u{FFFD}b",
            "?????? ??? ??????",
        ] {
            assert!(lost(t), "{t}");
        }
        for t in [
            "?",
            "Paid?",
            "Send ?",
            "why? ok?",
            "",
            "01712345001",
            "a ? b",
        ] {
            assert!(!lost(t), "{t}");
        }
    }
}
