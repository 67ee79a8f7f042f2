//! Conditional formats that can hide a payout (fixtures written by openpyxl
//! as Excel writes rules, and saved by LibreOffice in each format:
//! tests/fixtures/sheets/conditional_formats.py).

use super::corpus::{V, refused_until_told, total, verdicts};
use V::{Invalid, Paid};

/// Rules that hide zeros, colour large amounts red and hide negatives:
/// no row holds a zero or a negative, so every value shows and every row
/// is paid, without a word about conditional formats.
#[test]
fn a_conditional_format_that_hides_no_payout_pays_every_row() {
    let want = [
        (2, Paid),
        (3, Paid),
        (4, Paid),
        (5, Paid),
        (6, Paid),
        (7, Paid),
    ];
    for file in [
        "writers/openpyxl-conditional-shown.xlsx",
        "conditional-shown.xlsx",
        "conditional-shown.ods",
    ] {
        let r = verdicts(file, &[], 0, &want);
        assert_eq!(total(&r), Some(8_110_000), "{file}");
    }
}

/// White text on amounts between 9,000 and 9,500 hides rows 5 and 6 (row
/// 4's 45,000 in the same column shows); a `;;;` format on the wallets of
/// rows 6 and 7 when a formula holds, which payrun does not work out, may
/// hide them. Refused until told, like every cell that shows nothing.
#[test]
fn a_conditional_format_that_can_hide_a_payout_is_refused_until_told() {
    let unseen = Invalid("nothing in the workbook");
    let want = [
        (2, Paid),
        (3, Paid),
        (4, Paid),
        (5, unseen),
        (6, unseen),
        (7, unseen),
    ];
    for file in [
        "writers/openpyxl-conditional-hidden.xlsx",
        "conditional-hidden.xlsx",
        "conditional-hidden.ods",
    ] {
        refused_until_told(
            file,
            &want,
            "3 rows show nothing of a value payrun would pay (rows 5, 6, 7)",
            8_110_000,
        );
    }
}
