//! Text too faint or too small to read hides a payout as surely as white
//! on white (tests/fixtures/sheets/faint_ink.py: openpyxl as Excel writes
//! styles, saved again by LibreOffice and Gnumeric).

use super::corpus::{V, refused_until_told};
use V::{Invalid, Paid};

/// Rows 3 (white darkened 5 %), 4 (yellow on white), 6 (silver on a shade
/// darker) and 7 (1-point text) show nothing a person can read; light grey,
/// 6-point text and grey are read.
#[test]
fn text_too_faint_or_too_small_to_read_is_refused_until_told() {
    let unseen = Invalid("nothing in the workbook");
    let want = [
        (2, Paid),
        (3, unseen),
        (4, unseen),
        (5, Paid),
        (6, unseen),
        (7, unseen),
        (8, Paid),
        (9, Paid),
    ];
    for file in [
        "writers/openpyxl-faint-ink.xlsx",
        "faint-ink.xlsx",
        "faint-ink.xls",
        "faint-ink.ods",
        "faint-ink.gnumeric.xlsx",
        "faint-ink.gnumeric.xls",
        "faint-ink.gnumeric.ods",
    ] {
        refused_until_told(
            file,
            &want,
            "4 rows show nothing of a value payrun would pay (rows 3, 4, 6, 7)",
            6_260_000,
        );
    }
}
