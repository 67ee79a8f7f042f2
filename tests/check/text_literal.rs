//! A text cell whose number format's text section (the fourth) shows a
//! literal instead of the cell's text (`#,##0;-#,##0;0;"15,700"` on the
//! text "17500"): the sheet shows 15,700, the cell holds 17,500. Before,
//! `.xlsx` and `.xls` paid what the cell holds, exit 0 (probe14 findings
//! 1a and 1b); such a cell is now refused as showing another value, never
//! paid by a flag. Fixtures: probe14's openpyxl sources saved by
//! LibreOffice.

use super::*;

#[test]
fn a_text_cell_whose_format_shows_another_amount_or_wallet_is_refused() {
    for (name, row) in [("text-literal-amount", 5), ("text-literal-wallet", 5)] {
        for ext in ["xlsx", "xls", "ods"] {
            let dir = tmp();
            let f = sheet_fixture(&format!("{name}.{ext}"));
            for extra in [&[][..], &["--include-hidden-rows"][..]] {
                let (code, out) = check_code(dir.path(), &f, extra);
                assert_eq!(code, 2, "{name}.{ext} {extra:?}: {out}");
                assert!(out.contains(&format!("row {row}")), "{name}.{ext}: {out}");
            }
        }
    }
}
