//! Amounts a number format shows rounded: the person who approved the
//! sheet saw one figure and the cell holds another. Refused, with or
//! without `--allow-poisha`, in every workbook format that keeps the
//! format (`rounded_amounts.py`: an openpyxl source saved by LibreOffice
//! and Gnumeric).

use super::corpus::{SAVES, V, total, verdicts};
use V::{Invalid, Paid};

const ROUNDED: &str = "its number format rounds it";

/// Rows 2 to 10 of `rounded-amounts.*`: shown whole (2), to the poisha
/// (3), a formula on another worksheet shown whole (6), scientific (7),
/// accounting (8) and to one decimal (10) show another amount than held.
fn want(allow_poisha: bool) -> Vec<(usize, V)> {
    let fraction = if allow_poisha {
        Paid
    } else {
        Invalid("has poisha")
    };
    vec![
        (2, Invalid(ROUNDED)),
        (3, Invalid(ROUNDED)),
        (4, Paid),
        (5, fraction),
        (6, Invalid(ROUNDED)),
        (7, Invalid(ROUNDED)),
        (8, Invalid(ROUNDED)),
        (9, fraction),
        (10, Invalid(ROUNDED)),
    ]
}

#[test]
fn an_amount_shown_rounded_is_refused_whatever_the_flag() {
    for save in SAVES {
        let file = format!("rounded-amounts.{save}");
        let r = verdicts(&file, &["--allow-poisha"], 2, &want(true));
        // Row 4 (Tk 1,000), row 5 (Tk 999.50) and row 9 (Tk 750.25).
        assert_eq!(total(&r), Some(274_975), "{file}");
        for (row, shown, held) in [(2, "1,000", "999.6"), (3, "1,000.00", "999.996")] {
            let issues = r.rows.iter().find(|(n, _, _)| *n == row).map(|(_, _, i)| i);
            assert!(
                issues.is_some_and(|i| i.contains(&format!("is shown as \"{shown}\""))
                    && i.contains(&format!("holds {held}"))),
                "{file} row {row}: {issues:?}"
            );
        }
        verdicts(&file, &[], 2, &want(false));
    }
}

/// Excel's built-in `#,##0` and `#,##0.00` (ids 3 and 4, written by id
/// only, as openpyxl and Excel write them) round too. The source has no
/// result for its formula (row 6), which is refused as empty.
#[test]
fn a_built_in_format_that_rounds_is_read_by_its_id() {
    let mut want = want(true);
    want[4].1 = Invalid("the amount cell is empty");
    let r = verdicts(
        "writers/openpyxl-rounded-amounts.xlsx",
        &["--allow-poisha"],
        2,
        &want,
    );
    assert_eq!(total(&r), Some(274_975));
}

/// A rounded amount is refused whatever `--allow-poisha` says, so its error
/// never also advises the flag: the poisha advice ("round it, or pass
/// --allow-poisha") would send finance to a flag that cannot help that row.
#[test]
fn a_rounded_amount_is_not_also_told_to_pass_allow_poisha() {
    for save in SAVES {
        let file = format!("rounded-amounts.{save}");
        let r = verdicts(&file, &[], 2, &want(false));
        for row in [2, 3, 10] {
            let issues = r.rows.iter().find(|(n, _, _)| *n == row).map(|(_, _, i)| i);
            assert!(
                issues.is_some_and(|i| i.contains(ROUNDED) && !i.contains("--allow-poisha")),
                "{file} row {row}: {issues:?}"
            );
        }
        // A row with poisha shown as held still gets the advice.
        let issues = r.rows.iter().find(|(n, _, _)| *n == 5).map(|(_, _, i)| i);
        assert!(
            issues.is_some_and(|i| i.contains("--allow-poisha")),
            "{file} row 5: {issues:?}"
        );
    }
}
