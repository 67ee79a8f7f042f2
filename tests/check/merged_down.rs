//! A wallet or amount cell merged down over the next payee's row shows one
//! wallet (or amount) beside two payees. The file holds it on the first row
//! only, which payrun used to pay without a word. Every row under such a
//! merge is refused, the first one included (`merged_down.py`: an openpyxl
//! source with a two-row header, saved by LibreOffice and Gnumeric).

use super::corpus::{SAVES, V, verdicts};
use V::{Invalid, Paid};

#[test]
fn a_wallet_or_amount_merged_down_over_two_payees_refuses_both_rows() {
    let merged = "merged down over rows";
    let want = [
        (3, Paid),
        (4, Invalid(merged)),
        (5, Invalid(merged)),
        (6, Invalid(merged)),
        (7, Invalid(merged)),
        (8, Paid),
    ];
    for save in SAVES {
        verdicts(&format!("merged-down.{save}"), &[], 2, &want);
    }
}
