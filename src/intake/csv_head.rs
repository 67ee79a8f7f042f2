//! What the first bytes of a `.csv` say before it is parsed: its encoding
//! (or the other kind of file it really is, named with what to do), and
//! its delimiter.
//!
//! Separate from the parse in [`super`]: these are guesses payrun refuses
//! to make, and the one it does make (comma, semicolon or tab), each
//! judged on the head of the file alone.

use crate::intake::Problem;

/// Refuses what is not UTF-8 text, from the first bytes: UTF-16 and UTF-32
/// (with or without a byte-order mark), web pages, workbooks and other
/// binaries saved under a `.csv` name.
///
/// UTF-16 with its mark is unambiguous, yet refused: wallets.md asks that a
/// UTF-16 file (Excel's "Unicode Text") get a clear error, so that every
/// payout sheet payrun takes is in the one encoding the approvers', the
/// auditors' and finance's own tools read alike, and "CSV UTF-8" is one Save
/// As away in every office suite.
pub(super) fn sniff_encoding(head: &[u8]) -> Result<(), Problem> {
    if head.starts_with(b"\xFF\xFE\0\0") || head.starts_with(b"\0\0\xFE\xFF") {
        return Err(Problem::Encoding(format!(
            "the file is UTF-32 text; {UTF8_ONLY}"
        )));
    }
    if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        return Err(Problem::Encoding(format!(
            "the file is UTF-16 text ({}, as Excel's \"Unicode Text\" saves it); {UTF8_ONLY}",
            if head.starts_with(b"\xFE\xFF") {
                "big-endian"
            } else {
                "little-endian"
            }
        )));
    }
    if let Some(problem) = another_format(head).or_else(|| binary_bytes(head)) {
        return Err(problem);
    }
    Ok(())
}

/// What every refused text encoding is told: the one payrun reads and the
/// Save As that writes it.
const UTF8_ONLY: &str = "payrun reads payout sheets as UTF-8 text only, so that the file finance, \
     the approvers and the auditors read is the one paid. In Excel use Save As > \"CSV UTF-8 \
     (Comma delimited)\"; in LibreOffice Save As \"Text CSV\" with the character set \
     \"Unicode (UTF-8)\"";

/// A file of another kind saved under a `.csv` name: a web page, an Excel
/// 2003 XML or a workbook, a PDF. Each is named, with what to do.
fn another_format(head: &[u8]) -> Option<Problem> {
    match crate::intake::sniff::content(head) {
        crate::intake::sniff::Content::Html => {
            return Some(Problem::Unreadable(
                "this is a web page (HTML), as a bank's or ERP's \"Export\" makes, not CSV text; \
                 open it in Excel or LibreOffice and Save As .xlsx or \"CSV UTF-8\", then check that file"
                    .into(),
            ));
        }
        crate::intake::sniff::Content::FlatOdf => {
            return Some(Problem::Unreadable(format!(
                "this is {}, not CSV text; {}",
                crate::intake::sniff::FLAT_ODF,
                crate::intake::sniff::FLAT_ODF_FIX
            )));
        }
        crate::intake::sniff::Content::Xml2003 => {
            return Some(Problem::Unreadable(
                "this is an Excel 2003 XML spreadsheet, not CSV text; open it in Excel or LibreOffice \
                 and Save As .xlsx, then check that file"
                    .into(),
            ));
        }
        _ => {}
    }
    if head.starts_with(b"PK\x03\x04") {
        return Some(Problem::Unreadable(
            "this is a ZIP file (probably an Excel workbook) with a .csv name; rename it to .xlsx, \
             or export the sheet as CSV UTF-8"
                .into(),
        ));
    }
    if head.starts_with(b"\xD0\xCF\x11\xE0") {
        return Some(Problem::Unreadable(
            "this is an old Excel workbook (.xls) with a .csv name; rename it to .xls, \
             or export the sheet as CSV UTF-8"
                .into(),
        ));
    }
    if head.starts_with(b"%PDF") {
        return Some(Problem::Unreadable(
            "this is a PDF, not a CSV sheet; export the payroll as CSV or .xlsx".into(),
        ));
    }
    None
}

/// Bytes no CSV text holds: NUL bytes (UTF-16 without its mark, or a
/// binary file) and control characters.
fn binary_bytes(head: &[u8]) -> Option<Problem> {
    let nuls = head.iter().filter(|b| **b == 0).count();
    if nuls > 0 {
        let odd_nuls = head.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
        let even_nuls = head.iter().step_by(2).filter(|b| **b == 0).count();
        let half = head.len() / 2;
        if half > 0 && (odd_nuls * 10 >= half * 9 || even_nuls * 10 >= half * 9) {
            return Some(Problem::Encoding(
                "the file looks like UTF-16 text without a byte-order mark (BOM); without the mark \
                 nothing says which byte order it uses, or that it is UTF-16 at all, and payrun never \
                 guesses an encoding. In Excel use Save As > \"CSV UTF-8 (Comma delimited)\""
                    .into(),
            ));
        }
        return Some(Problem::Unreadable(
            "the file holds binary data (NUL bytes), not CSV text; check that this is the payroll export"
                .into(),
        ));
    }
    let controls = head
        .iter()
        .filter(|b| (**b < 0x20 && !matches!(**b, b'\t' | b'\n' | b'\r' | 0x0C)) || **b == 0x7F)
        .count();
    if controls > 8 && controls * 100 > head.len() {
        return Some(Problem::Unreadable(
            "the file holds binary data, not CSV text; check that this is the payroll export"
                .into(),
        ));
    }
    None
}

/// Comma, semicolon or tab: whichever appears, outside quotes, on more of
/// the first lines. Semicolon files (European Excel) often also have commas
/// inside amounts, but not on every line. Tab files come from Excel's "Text
/// (Tab delimited)" and from copying a range out of a spreadsheet; a tab never
/// appears inside an amount or a wallet number. Ties go to the comma.
pub(super) fn sniff_delimiter(head: &[u8]) -> u8 {
    const CANDIDATES: [u8; 3] = [b',', b';', b'\t'];
    let mut lines_with = [0usize; 3];
    let mut totals = [0usize; 3];
    let mut in_quotes = false;
    let mut line_counts = [0usize; 3];
    let mut lines = 0;
    for &b in head {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' if !in_quotes => {
                for k in 0..3 {
                    lines_with[k] += usize::from(line_counts[k] > 0);
                    totals[k] += line_counts[k];
                }
                line_counts = [0; 3];
                lines += 1;
                if lines >= 50 {
                    break;
                }
            }
            _ if !in_quotes => {
                if let Some(k) = CANDIDATES.iter().position(|c| *c == b) {
                    line_counts[k] += 1;
                }
            }
            _ => {}
        }
    }
    for k in 0..3 {
        lines_with[k] += usize::from(line_counts[k] > 0);
        totals[k] += line_counts[k];
    }
    let mut best = 0;
    for k in 1..3 {
        if (lines_with[k], totals[k]) > (lines_with[best], totals[best]) {
            best = k;
        }
    }
    CANDIDATES.get(best).copied().unwrap_or(b',')
}
