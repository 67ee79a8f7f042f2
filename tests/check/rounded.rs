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

/// An amount a conditional format may show rounded (`conditional_rounding.py`:
/// rules applying `#,##0`), with poisha the shown figure hides: row 3's
/// 999.6 under "greater than 0" (shown "1,000") and row 4's 7000.5 under a
/// formula payrun does not work out. Refused with the words of a plain
/// rounded amount, whatever `--allow-poisha` says. A rule that only colours
/// (row 5), rounds a whole amount (6), shows every poisha (7) or never holds
/// for the cell (8) changes nothing. LibreOffice's .xls keeps the rules
/// without their number formats (it writes no number format in a CF
/// record), so Excel shows each amount as held and each is read as held.
#[test]
fn an_amount_a_conditional_format_may_show_rounded_is_refused_whatever_the_flag() {
    let want = |allow_poisha: bool, rounded: V| {
        let fraction = if allow_poisha {
            Paid
        } else {
            Invalid("has poisha")
        };
        vec![
            (2, Paid),
            (3, rounded),
            (4, rounded),
            (5, fraction),
            (6, Paid),
            (7, fraction),
            (8, fraction),
        ]
    };
    for file in [
        "writers/openpyxl-conditional-rounding.xlsx",
        "conditional-rounding.xlsx",
        "conditional-rounding.ods",
        "conditional-rounding.gnumeric.xlsx",
        "conditional-rounding.gnumeric.xls",
        "conditional-rounding.gnumeric.ods",
    ] {
        let r = verdicts(
            file,
            &["--allow-poisha"],
            2,
            &want(true, Invalid("rounds it")),
        );
        // Rows 2, 5, 6, 7 and 8.
        assert_eq!(total(&r), Some(1_970_150), "{file}");
        for (row, shown, held) in [
            (3, "\"1,000\"", "holds 999.6"),
            (4, "\"7,001\"", "holds 7000.5"),
        ] {
            let issues = &r.rows[row - 2].2;
            // Gnumeric's .ods saves the text shown with the rule holding
            // (row 3's "1,000"): that is refused as a plain rounded amount.
            let plain = file.ends_with("gnumeric.ods") && row == 3;
            let why = if plain { ROUNDED } else { ROUNDED_BY_RULE };
            assert!(
                issues.contains(shown) && issues.contains(held) && issues.contains(why),
                "{file} row {row}: {issues}"
            );
        }
        let r = verdicts(file, &[], 2, &want(false, Invalid("rounds it")));
        for row in [3, 4] {
            let issues = &r.rows[row - 2].2;
            assert!(
                !issues.contains("--allow-poisha"),
                "{file} row {row}: {issues}"
            );
        }
    }
    let as_held = want(true, Paid);
    let r = verdicts("conditional-rounding.xls", &["--allow-poisha"], 0, &as_held);
    assert_eq!(total(&r), Some(2_770_160));
}

/// The by-rule refusal names the number format the rule applies and where
/// to take it out, after the plain refusal's words.
const ROUNDED_BY_RULE: &str = "the number format a conditional format applies (#,##0) rounds it";

/// A fraction format shows the nearest fraction of so many digits
/// (`fraction_amounts.py`): `# ?/?` shows 999.33 as "999 1/3" and `# ?/2`
/// 750.4 as "750 1/2", refused as rounded amounts whatever
/// `--allow-poisha` says; a fraction equal to the amount (999 1/2, 1500
/// 1/4, 2000 3/10) shows it as held.
#[test]
fn an_amount_a_fraction_format_shows_as_another_is_refused() {
    let want = [
        (2, Invalid(ROUNDED)),
        (3, Paid),
        (4, Paid),
        (5, Paid),
        (6, Paid),
        (7, Invalid(ROUNDED)),
    ];
    let files = SAVES.map(|save| format!("fraction-amounts.{save}"));
    for file in files
        .iter()
        .map(String::as_str)
        .chain(["writers/openpyxl-fraction-amounts.xlsx"])
    {
        let r = verdicts(file, &["--allow-poisha"], 2, &want);
        // Tk 999.50 + 1,500.25 + 2,000.30 + 1,000.
        assert_eq!(total(&r), Some(550_005), "{file}");
        let row2 = &r.rows[0].2;
        assert!(row2.contains("\"999 1/3\""), "{file}: {row2}");
    }
}
