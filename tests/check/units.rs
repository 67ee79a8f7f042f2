//! Amounts kept in thousands or lakhs, the unit written by the number
//! format: `#,##0" K"` shows 12 as "12 K", which a person reads as
//! Tk 12,000, and the cell holds 12. A literal that is a currency (`Tk`,
//! `BDT`, `টাকা`, `/-`, `৳`) shows the amount as held. Written by openpyxl
//! and saved by LibreOffice and Gnumeric (`unit_formats.py`).

use super::corpus::{V, total, verdicts};

/// Rows 3 to 13: a unit or a word payrun does not know beside the figure.
const UNIT_ROWS: std::ops::RangeInclusive<usize> = 3..=13;
/// Row 20: a format of text only (`"Tk 5,000"` holding 500): it shows text,
/// not its figure, and a number in it, so no flag pays it. Gnumeric saves
/// that format in an .ods as a number style shown with the text, which is
/// refused as another number.
const TEXT_ROW: usize = 20;

const FILES: [&str; 7] = [
    "writers/openpyxl-unit-formats.xlsx",
    "unit-formats.xlsx",
    "unit-formats.xls",
    "unit-formats.ods",
    "unit-formats.gnumeric.xlsx",
    "unit-formats.gnumeric.xls",
    "unit-formats.gnumeric.ods",
];

fn want(file: &str) -> Vec<(usize, V)> {
    let text_row = match file.ends_with("gnumeric.ods") {
        true => V::Invalid("is shown as another number"),
        false => V::Invalid("shows text, not its figure"),
    };
    (2..=20)
        .map(|n| match n {
            n if UNIT_ROWS.contains(&n) => (n, V::Invalid("type the full amount in taka")),
            TEXT_ROW => (n, text_row),
            n => (n, V::Paid),
        })
        .collect()
}

/// Tk 12 is never paid for a cell that shows "12 K", whatever the flags;
/// a currency beside the figure is paid as held.
#[test]
fn an_amount_shown_with_a_unit_is_never_paid() {
    for file in FILES {
        let r = verdicts(file, &[], 2, &want(file));
        assert_eq!(total(&r), Some(6_110_000), "{file}");
        verdicts(file, &["--include-hidden-rows"], 2, &want(file));
    }
}

/// The unit is named, and what to do.
#[test]
fn the_refusal_names_the_unit_the_sheet_shows() {
    let r = verdicts("unit-formats.xlsx", &[], 2, &want("unit-formats.xlsx"));
    let issues = |n: usize| {
        r.rows
            .iter()
            .find(|(row, ..)| *row == n)
            .map_or(String::new(), |(_, _, i)| i.clone())
    };
    assert!(issues(3).contains("\"K\""), "{}", issues(3));
    assert!(issues(6).contains("\"lac\""), "{}", issues(6));
    assert!(
        issues(13).contains("a word payrun does not read"),
        "{}",
        issues(13)
    );
}
