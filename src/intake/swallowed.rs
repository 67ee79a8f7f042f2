//! A CSV cell that swallowed the rows after it: a stray double quote.

use super::Problem;

/// Refuses a cell that swallowed rows: a double quote opening a cell and
/// never closed where the cell should end (`E2,"Rahim,0171...,600`) makes
/// the parser read every line up to the next quote as part of that cell.
/// The payees on those lines would vanish without a word, and the row that
/// closes the quote may even read as a valid payout. The sign: a line break
/// in the cell with a line after it holding as many delimiters as a row
/// does (`row_delims`: two, or one in a sheet of two columns). A cell that
/// really holds a line break (an address, a remark typed with Alt+Enter)
/// rarely has that, and is read as it is.
pub(super) fn swallowed_rows(
    text: &str,
    line: usize,
    col: usize,
    (delimiter, row_delims): (u8, usize),
) -> Result<(), Problem> {
    if !text.contains(['\n', '\r']) {
        return Ok(());
    }
    // `\r\n` and a lone `\r` each end one line, as the line numbers count.
    let body = text.trim_end_matches(['\n', '\r']).replace("\r\n", "\n");
    let lines: Vec<&str> = body.split(['\n', '\r']).collect();
    let delim = char::from(delimiter);
    let Some(row_like) = lines
        .iter()
        .skip(1)
        .find(|l| l.matches(delim).count() >= row_delims)
    else {
        return Ok(());
    };
    let shown: String = row_like.chars().take(80).collect();
    Err(Problem::Unreadable(format!(
        "row {line}, column {}: the cell runs over lines {line} to {} and holds what looks like \
         another row (\"{shown}\"): a double quote (\") opens the cell and is not closed where \
         the cell should end, so the lines after it were read into this one cell and their payees \
         would be missed. Remove the stray quote (or write it twice, \"\", inside a quoted cell) \
         and export again; if the cell really holds line breaks (an address), put it on one line",
        col + 1,
        line + lines.len() - 1,
    )))
}
