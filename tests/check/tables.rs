//! Payrolls kept as an Excel table (Insert > Table, `excel_tables.py`: an
//! openpyxl source written as Excel writes a table, saved by LibreOffice).
//! The table's totals row is never a payee, and its figure is compared with
//! the payee rows as the sheet's own total; rows outside the table are paid
//! with the warning rows outside a print area get.

use super::corpus::{V, total, verdicts};
use V::{Invalid, Paid, Warned};

/// `table-totals`: the header on row 3 under a title, payees on rows 4-7,
/// the totals row 8 with no label and the sum (Tk 22,000) in Amount, and
/// row 10, a payee below the table. The totals row is left out as a
/// totals row and matches the rows above it; row 10 is paid and named.
#[test]
fn a_tables_totals_row_is_never_a_payee_and_rows_below_it_are_named() {
    let rows = [(4, Paid), (5, Paid), (6, Paid), (7, Paid), (10, Paid)];
    // Row 10 is below the table's totals row, the sheet's last total: no
    // total finance saw counts it, so the sheet is refused
    // (validate::after_total), and the table names it too.
    let r = verdicts("table-totals.xlsx", &[], 2, &rows);
    assert_eq!(total(&r), Some(2_500_000));
    for said in [
        "row 8 skipped: the totals row of Excel table",
        "(A3:D8, amount",
        "row 10 outside the sheet's table",
        "resize the table over them",
        "1 totals row matches the payee rows",
        "row 10 comes after row 8",
    ] {
        assert!(r.all.contains(said), "no {said:?}:\n{}", r.all);
    }
    // The source as openpyxl writes it holds no result for the totals
    // row's formula, so the row is empty; the table still bounds the list.
    let r = verdicts("writers/openpyxl-table-totals.xlsx", &[], 0, &rows);
    assert!(
        r.all.contains("row 10 outside the sheet's table"),
        "{}",
        r.all
    );
    // Saved as .xls or .ods the table is gone, and with it what says row 8
    // is its totals: a row of only an amount is refused, never paid. The
    // .ods keeps the table as a named database range, which still bounds
    // the rows.
    let refused = [
        (4, Paid),
        (5, Paid),
        (6, Paid),
        (7, Paid),
        (8, Invalid("only the amount is filled in")),
        (10, Paid),
    ];
    verdicts("table-totals.xls", &[], 2, &refused);
    let r = verdicts("table-totals.ods", &[], 2, &refused);
    assert!(
        r.all.contains("row 10 outside the sheet's table"),
        "{}",
        r.all
    );
}

/// The rows of `table-labels` and `table-max` (wallets kept as numbers,
/// so each payee is warned of its lost zero) with the totals row 6's
/// verdict when it is a row read; row 8, `Advances`, is a note.
fn labelled_rows(totals: Option<V>) -> Vec<(usize, V)> {
    let lost_zero = Warned("lost its leading zero");
    let mut rows: Vec<(usize, V)> = (2..=5).map(|n| (n, lost_zero)).collect();
    rows.extend(totals.map(|v| (6, v)));
    rows.extend([(8, Invalid("is a title or a note")), (9, lost_zero)]);
    rows
}

/// `table-labels`: `Total` in the wallet column of the table's totals row
/// (row 6) is a totals row as before, now named as the table's; the second
/// list below the table (rows 8-9) is named as outside it.
#[test]
fn a_tables_labelled_totals_row_and_a_list_below_it() {
    let r = verdicts("table-labels.xlsx", &[], 2, &labelled_rows(None));
    for said in [
        "row 6 skipped: the totals row of Excel table",
        "(A1:C6, amount",
        "rows 8-9 outside the sheet's table",
        "1 totals row matches the payee rows",
    ] {
        assert!(r.all.contains(said), "no {said:?}:\n{}", r.all);
    }
}

/// `table-max`: the totals row shows Excel's Max of the wallet column (a
/// wallet number, row 5's) beside the sum. It is never paid, even where a
/// repeated wallet may be (`--allow-repeat`): it used to be paid Tk 22,000.
#[test]
fn a_tables_totals_row_showing_a_wallet_is_never_paid() {
    let totals = Invalid("is the totals row of Excel table \"Payroll\" (A1:C6)");
    let rows = labelled_rows(Some(totals));
    let r = verdicts("table-max.xlsx", &["--allow-repeat"], 2, &rows);
    assert!(!r.all.contains("Tk 44,500"), "{}", r.all);
}
