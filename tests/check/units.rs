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

/// A conditional format that applies a number format to the amount
/// (`conditional_units.py`): `0" K"` on amounts under 1,000 shows row 3's
/// 12 as "12 K"; `#,##0,` under a formula payrun does not work out may show
/// row 5's 9,000 as "9"; a currency (`"৳"#,##0`, row 6) shows the amount as
/// held. Never paid, whatever the flags. LibreOffice's .xls keeps the
/// rules without their number formats (BIFF8's CF record has no place for
/// one), so Excel shows 12 and 9,000 as held and they are paid as shown.
/// Gnumeric keeps the rules in .xlsx and .xls; in an .ods it keeps row 3's
/// as a style map, and drops the formula rule, whose shown text ("9") is
/// read instead.
#[test]
fn an_amount_a_conditional_format_shows_as_another_number_is_never_paid() {
    let by_rule = V::Invalid("by a conditional format");
    let want = [
        (2, V::Paid),
        (3, by_rule),
        (4, V::Paid),
        (5, by_rule),
        (6, V::Paid),
    ];
    for file in [
        "writers/openpyxl-conditional-units.xlsx",
        "conditional-units.xlsx",
        "conditional-units.ods",
        "conditional-units.gnumeric.xlsx",
        "conditional-units.gnumeric.xls",
    ] {
        let r = verdicts(file, &[], 2, &want);
        assert_eq!(total(&r), Some(2_000_000), "{file}");
        let r = verdicts(file, &["--include-hidden-rows"], 2, &want);
        let row3 = &r.rows[1].2;
        assert!(
            row3.contains("\"K\"") && row3.contains("Manage Rules"),
            "{file}: {row3}"
        );
    }
    let shown = [
        (2, V::Paid),
        (3, by_rule),
        (4, V::Paid),
        (5, V::Invalid("is shown as another number")),
        (6, V::Paid),
    ];
    verdicts("conditional-units.gnumeric.ods", &[], 2, &shown);
    let as_held = [2, 3, 4, 5, 6].map(|n| (n, V::Paid));
    let r = verdicts("conditional-units.xls", &[], 0, &as_held);
    assert_eq!(total(&r), Some(2_901_200));
}
