//! Text too faint or too small to read hides a payout as surely as white
//! on white (tests/fixtures/sheets/faint_ink.py: openpyxl as Excel writes
//! styles, saved again by LibreOffice and Gnumeric).

use super::corpus::{refused_until_told, unseen_among};

/// Rows 3 (white darkened 5 %), 4 (yellow on white), 6 (silver on a shade
/// darker) and 7 (1-point text) show nothing a person can read; light grey,
/// 6-point text and grey are read.
#[test]
fn text_too_faint_or_too_small_to_read_is_refused_until_told() {
    let want = unseen_among(2..=9, &[3, 4, 6, 7]);
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

/// Text and fill in the workbook's theme colours, as Excel's colour picker
/// writes them (`theme="4"`, with a tint), resolved through the theme:
/// Accent 1 on Accent 1 (row 3), Accent 1 lightened 90 % on white (row 4)
/// and Dark 2 on Dark 2 (row 7) show nothing; Accent 1 on white and white
/// on Accent 1 are read. LibreOffice and Gnumeric write the colours out.
#[test]
fn text_in_the_theme_colour_of_its_fill_is_refused_until_told() {
    let want = unseen_among(2..=7, &[3, 4, 7]);
    for file in [
        "writers/openpyxl-theme-ink.xlsx",
        "theme-ink.xlsx",
        "theme-ink.xls",
        "theme-ink.ods",
        "theme-ink.gnumeric.xlsx",
        "theme-ink.gnumeric.xls",
        "theme-ink.gnumeric.ods",
    ] {
        refused_until_told(
            file,
            &want,
            "3 rows show nothing of a value payrun would pay (rows 3, 4, 7)",
            4_410_000,
        );
    }
}

/// Part of a wallet's text coloured white in the cell (rich text, kept as
/// runs in the shared strings as Excel and LibreOffice save it): row 4
/// shows "0171234" and hides "5003". Row 3, all white, LibreOffice saves as
/// the cell's own font. Rows 2 and 5 (red text) are read.
#[test]
fn a_wallet_partly_in_white_text_is_refused_until_told() {
    let want = unseen_among(2..=5, &[3, 4]);
    refused_until_told(
        "rich-text.xlsx",
        &want,
        "2 rows show nothing of a value payrun would pay (rows 3, 4)",
        2_600_000,
    );
}
