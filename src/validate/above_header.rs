//! Words above the header that hold back the whole sheet.
//!
//! Finance writes what a sheet is for above its header: `December salary,
//! to be paid 30 Dec`, `Approved by CFO`, and also `DRAFT - not approved,
//! do not pay`, `November salary - already paid on 28 Nov`, `হোল্ড -
//! পরিশোধ করবেন না`. The same words in a title under the header hold
//! back the rows under it ([`super::sections`]); above the header they
//! hold back every row, so the sheet is refused, naming the cell and its
//! words, read by the one rule of [`super::pay_reading::sheet_held`].
//!
//! A legend that holds rows back by their colour (`Rows in red are on
//! hold, do not pay`) cannot be honoured: payrun does not judge rows by their
//! fill, so it would pay the red rows. It is refused too, asking for those
//! rows to be deleted or marked in a column payrun reads.

use super::Validated;
use super::pay_reading::{folded, holds, lift_hint, sheet_held};
use crate::intake::{AboveCell, column_letter, quoted};

/// Words that name a colour or a highlight, folded: a legend's key.
const COLOURS: &[&str] = &[
    "red",
    "yellow",
    "green",
    "orange",
    "blue",
    "pink",
    "grey",
    "gray",
    "purple",
    "brown",
    "highlighted",
    "highlight",
    "coloured",
    "colored",
    "colour",
    "color",
    "shaded",
    "লাল",
    "হলুদ",
    "সবুজ",
    "কমলা",
    "নীল",
    "গোলাপি",
    "রঙ",
    "রং",
    "রঙের",
    "রংয়ের",
];

/// The most cells named: past them, one line says how many more.
const NAMED: usize = 5;

/// Refuses the sheet for every cell above the header whose words hold the
/// sheet back, or hold rows back by their colour.
pub(super) fn check_above(v: &mut Validated) {
    let header_row = v.sheet.layout.header_row;
    let errors: Vec<String> = v
        .sheet
        .layout
        .above
        .iter()
        .filter_map(|c| refusal(&v.file_name, header_row, c))
        .collect();
    let more = errors.len().saturating_sub(NAMED);
    v.batch_errors.extend(errors.into_iter().take(NAMED));
    if more > 0 {
        v.batch_errors.push(format!(
            "{}: {more} more cells above the header hold the sheet back as well",
            v.file_name
        ));
    }
}

/// The batch error of one cell above the header, if its words hold back
/// the sheet.
fn refusal(file: &str, header_row: usize, cell: &AboveCell) -> Option<String> {
    let phrase = sheet_held(&cell.text)?;
    let place = format!(
        "{file}: cell {}{} above the header (row {header_row}) reads {}",
        column_letter(cell.col),
        cell.row,
        quoted(cell.text.trim())
    );
    let f = folded(&cell.text);
    Some(match COLOURS.iter().find(|c| holds(&f, c)) {
        Some(colour) => format!(
            "{place}: a legend that holds back rows by their colour (\"{colour}\") with the words \"{phrase}\"; payrun does not read a row's colour and would pay those rows, so nothing is paid. Delete the rows it holds back (or write HOLD in a Status column beside each), then delete the legend and check again; otherwise do not pay this file"
        ),
        None => format!(
            "{place}, and its words (\"{phrase}\") say the sheet is not to be paid, or was paid already; nothing in it is paid. If it is approved and not yet paid, remove those words from the cell and check again; otherwise do not pay this file{}",
            lift_hint(&cell.text).map_or(String::new(), |h| format!(" ({h})"))
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(text: &str) -> AboveCell {
        AboveCell {
            row: 1,
            col: 0,
            text: text.to_string(),
        }
    }

    #[test]
    fn hold_and_paid_titles_refuse_and_ordinary_titles_pass() {
        for held in [
            "DRAFT - not approved, do not pay",
            "November salary - already paid on 28 Nov (for record)",
            "হোল্ড - পরিশোধ করবেন না",
            "Salary withheld",
            "Cancelled",
            "Paid",
        ] {
            assert!(refusal("f", 3, &cell(held)).is_some(), "{held}");
        }
        for ordinary in [
            "December salary, to be paid 30 Dec",
            "Approved by CFO",
            "Salary sheet - November 2026",
            "Will be paid on 30 Dec",
            "Not paid yet - pay this month",
            "ডিসেম্বর ২০২৬ বেতন",
            "Yellow rows are new joiners",
        ] {
            assert_eq!(refusal("f", 3, &cell(ordinary)), None, "{ordinary}");
        }
    }

    #[test]
    fn a_colour_legend_with_hold_words_is_named_a_legend() {
        let e = refusal(
            "f",
            3,
            &cell("Rows highlighted in red are on hold - do not pay"),
        );
        let e = e.unwrap_or_default();
        assert!(e.contains("cell A1") && e.contains("\"red\""), "{e}");
        let e = refusal("f", 3, &cell("লাল রঙের সারি হোল্ড")).unwrap_or_default();
        assert!(e.contains("colour"), "{e}");
    }
}
