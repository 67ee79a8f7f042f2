//! A number format can colour its value (`[White]#,##0`, `[Color2]`): on
//! an unfilled cell a white one shows nothing, whatever the font says, and
//! the row was paid (`format_colours.py`: the openpyxl source, as Excel
//! writes it, and LibreOffice's saves).

use super::corpus::{V, total, verdicts};
use V::{Invalid, Paid};

const UNSEEN: V = Invalid("shows nothing in the workbook");

#[test]
fn a_value_a_number_format_colours_white_is_refused() {
    let mut want = [
        (2, Paid),
        (3, UNSEEN),
        (4, UNSEEN),
        (5, UNSEEN),
        (6, Paid),
        (7, Paid),
        (8, Paid),
    ];
    let r = verdicts("writers/openpyxl-format-colour.xlsx", &[], 2, &want);
    assert_eq!(total(&r), Some(1_900_000));
    // LibreOffice keeps [White] and drops [Color2]: row 4 shows there.
    want[2].1 = Paid;
    for file in [
        "format-colour.xlsx",
        "format-colour.xls",
        "format-colour.ods",
    ] {
        let r = verdicts(file, &[], 2, &want);
        assert_eq!(total(&r), Some(2_200_000), "{file}");
    }
}
