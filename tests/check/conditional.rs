//! Conditional formats that can hide a payout (fixtures written by openpyxl
//! as Excel writes rules, and saved by LibreOffice and Gnumeric in each
//! format: tests/fixtures/sheets/conditional_formats.py).
//!
//! The fixtures' `Note` column drives a rule (`;;;` on the wallet when the
//! note says `skip`); a note that says `skip` also refuses its row
//! (`src/validate/instructions.rs`), so every run here passes
//! `--pay-despite Note`, to judge the formats alone.

use super::corpus::{V, batch_errors, refused_until_told_with, total, unseen_among, verdicts};
use V::Invalid;

/// The fixtures' `Note` column read as information: see the module doc.
const NOTE: &[&str] = &["--pay-despite", "Note"];

/// Rules that hide zeros, colour large amounts red and hide negatives:
/// no row holds a zero or a negative, so every value shows and every row
/// is paid, without a word about conditional formats.
#[test]
fn a_conditional_format_that_hides_no_payout_pays_every_row() {
    let want = unseen_among(2..=7, &[]);
    for file in [
        "writers/openpyxl-conditional-shown.xlsx",
        "conditional-shown.xlsx",
        "conditional-shown.xls",
        "conditional-shown.ods",
        "conditional-shown.gnumeric.xlsx",
        "conditional-shown.gnumeric.xls",
        "conditional-shown.gnumeric.ods",
    ] {
        let r = verdicts(file, NOTE, 0, &want);
        assert_eq!(total(&r), Some(8_110_000), "{file}");
    }
}

/// White text on amounts between 9,000 and 9,500 hides rows 5 and 6 (row
/// 4's 45,000 in the same column shows); a `;;;` format on the wallets of
/// rows 6 and 7 when a formula holds, which payrun does not work out, may
/// hide them. Refused until told, like every cell that shows nothing.
#[test]
fn a_conditional_format_that_can_hide_a_payout_is_refused_until_told() {
    let want = unseen_among(2..=7, &[5, 6, 7]);
    for file in [
        "writers/openpyxl-conditional-hidden.xlsx",
        "conditional-hidden.xlsx",
        "conditional-hidden.ods",
        "conditional-hidden.gnumeric.xlsx",
        "conditional-hidden.gnumeric.xls",
    ] {
        refused_until_told_with(
            file,
            NOTE,
            &want,
            "3 rows show nothing of a value payrun would pay (rows 5, 6, 7)",
            8_110_000,
        );
    }
    // LibreOffice's .xls keeps the white text but drops the `;;;` of the
    // second rule: row 7's wallet shows there, and it is paid.
    let want = unseen_among(2..=7, &[5, 6]);
    refused_until_told_with(
        "conditional-hidden.xls",
        NOTE,
        &want,
        "2 rows show nothing of a value payrun would pay (rows 5, 6)",
        8_110_000,
    );
    // Gnumeric's .ods writes the rules as `style:map`s of the cell styles,
    // and no text for the wallets its `;;;` hides: rows 6 and 7 have none.
    let mut want = unseen_among(2..=7, &[5, 6]);
    want[5].1 = Invalid("the wallet cell is empty");
    let r = verdicts("conditional-hidden.gnumeric.ods", NOTE, 2, &want);
    assert!(
        batch_errors(&r).contains("2 rows show nothing of a value payrun would pay (rows 5, 6)"),
        "{}",
        r.all
    );
}

/// A data bar or icon set told to show the bar or icon only shows no
/// number: rows 2 and 3 (bar) and 5 (icon) are refused until told.
/// LibreOffice's .xls cannot hold either, and shows every amount.
#[test]
fn a_data_bar_or_icon_set_that_shows_no_number_is_refused_until_told() {
    let want = unseen_among(2..=7, &[2, 3, 5]);
    for file in [
        "writers/openpyxl-conditional-bars.xlsx",
        "conditional-bars.xlsx",
        "conditional-bars.ods",
    ] {
        refused_until_told_with(
            file,
            NOTE,
            &want,
            "3 rows show nothing of a value payrun would pay (rows 2, 3, 5)",
            8_110_000,
        );
    }
    // Neither LibreOffice's .xls nor Gnumeric keeps a data bar or icon set.
    let all_paid = unseen_among(2..=7, &[]);
    for file in [
        "conditional-bars.xls",
        "conditional-bars.gnumeric.xlsx",
        "conditional-bars.gnumeric.xls",
        "conditional-bars.gnumeric.ods",
    ] {
        verdicts(file, NOTE, 0, &all_paid);
    }
}
