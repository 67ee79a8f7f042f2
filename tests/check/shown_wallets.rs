//! Wallet numbers kept as numbers, shown by their number format as another
//! number than payrun would pay to (`shown_wallets.py`: an openpyxl source
//! saved by LibreOffice and Gnumeric). Shown as another wallet number (a
//! digit of the format's own): refused, never paid, since the person who
//! checked the sheet saw another number. Shown as no wallet number at all
//! (`1.71E+09`): warned, naming the number paid, which the cell holds
//! exactly. Zeros written before the figure and grouping show the number
//! paid; those rows keep the lost-zero warning only.

use super::corpus::{SAVES, V, verdicts};
use V::{Invalid, Paid, Warned};

const LOST_ZERO: V = Warned("lost its leading zero");

fn want(rule_kept: bool) -> Vec<(usize, V)> {
    vec![
        (2, Warned("is shown as \"1.71E+09\" in the workbook")),
        (3, LOST_ZERO),
        (4, Invalid("is shown as another number in the workbook")),
        (5, LOST_ZERO),
        (6, Paid),
        (
            7,
            if rule_kept {
                Warned("shown as \"1.71E+09\"")
            } else {
                LOST_ZERO
            },
        ),
    ]
}

/// LibreOffice's `.xls` keeps the conditional format of row 7 without its
/// number format (it writes none in a CF record), so Excel shows that
/// wallet in full.
#[test]
fn a_wallet_shown_as_another_number_is_never_paid_and_one_hidden_is_named() {
    verdicts("writers/openpyxl-shown-wallets.xlsx", &[], 2, &want(true));
    for save in SAVES {
        let file = format!("shown-wallets.{save}");
        let r = verdicts(&file, &["--include-hidden-rows"], 2, &want(save != "xls"));
        let row2 = &r.rows[0].2;
        assert!(
            row2.contains("holds the number 1712345121")
                && row2.contains("format the column as Text"),
            "{file}: {row2}"
        );
    }
}
