//! `.xlsb` workbooks (written record by record by `xlsb_hidden.py`: no
//! suite here saves one; LibreOffice reads each as described there). payrun
//! used to read no row or column record of an `.xlsb`, so the sheet was
//! refused unless `--include-hidden-rows`, and with it every hidden row,
//! struck row and `;;;` amount was paid. Now hidden rows and columns, and
//! the looks of cells, are read as in `.xlsx`.

use super::corpus::{V, run, total, verdicts};
use V::{Hidden, Invalid, Paid};

/// Row 3 hidden, row 4 1 point high, row 6 in a closed group: refused
/// until told, and named; the rest is read, not refused as unreadable.
#[test]
fn hidden_rows_of_an_xlsb_are_read_and_refused() {
    let want = [
        (2, Paid),
        (3, Hidden),
        (4, Hidden),
        (5, Paid),
        (6, Hidden),
        (7, Paid),
        (8, Paid),
    ];
    let r = verdicts("hidden-rows.xlsb", &[], 2, &want);
    assert!(!r.all.contains("cannot read hidden rows"), "{}", r.all);
    // Told to pay them, every row is paid, with the note naming them.
    let paid: Vec<(usize, V)> = want.iter().map(|&(n, _)| (n, Paid)).collect();
    let r = verdicts("hidden-rows.xlsb", &["--include-hidden-rows"], 0, &paid);
    assert_eq!(total(&r), Some(2_800_000));
}

/// The Amount column hidden by its BrtColInfo refuses the sheet, as in
/// `.xlsx`, until `--map` names it.
#[test]
fn a_hidden_amount_column_of_an_xlsb_refuses_the_sheet() {
    let r = run("hidden-column.xlsb", &[]);
    assert_eq!(r.code, 2, "{}", r.all);
    assert!(r.all.contains("hidden"), "{}", r.all);
    assert!(!r.all.contains("cannot read hidden rows"), "{}", r.all);
    let r = verdicts(
        "hidden-column.xlsb",
        &["--map", "amount=Amount"],
        0,
        &[(2, Paid), (3, Paid)],
    );
    assert_eq!(total(&r), Some(300_000));
}

/// `;;;`, a unit format, a struck name, white ink, a percentage and a
/// wallet whose last digits are struck in a rich-text run: each refuses
/// its row, as in `.xlsx`.
#[test]
fn cells_an_xlsb_hides_or_misstates_refuse_their_rows() {
    let want = [
        (2, Paid),
        (3, Invalid("shows nothing in the workbook")),
        (4, Invalid("is shown with the unit \"K\"")),
        (5, Invalid("is struck through in the workbook")),
        (6, Invalid("shows nothing in the workbook")),
        (7, Invalid("is shown as another number in the workbook")),
        (8, Invalid("is struck through in the workbook")),
        (9, Paid),
    ];
    let r = verdicts("unseen-cells.xlsb", &[], 2, &want);
    assert!(!r.all.contains("cannot read hidden rows"), "{}", r.all);
}

/// A conditional format payrun does not read in an `.xlsb` refuses the
/// sheet, saying so, unless `--include-hidden-rows`.
#[test]
fn a_conditional_format_in_an_xlsb_is_not_paid_unread() {
    let r = run("conditional.xlsb", &[]);
    assert_eq!(r.code, 2, "{}", r.all);
    assert!(r.all.contains("conditional format"), "{}", r.all);
    assert!(r.all.contains(".xlsx"), "{}", r.all);
}

/// A cell of rich text kept in the cell itself (BrtCellRString): the
/// reader underneath skips it, so a `Status` "do not pay" read as empty
/// and the row was paid. The sheet is refused, naming the cell.
#[test]
fn a_rich_text_cell_of_an_xlsb_is_never_read_as_empty() {
    let r = run("rich-cell.xlsb", &[]);
    assert_eq!(r.code, 2, "{}", r.all);
    assert!(r.rows.is_empty(), "nothing is read: {}", r.all);
    for says in ["E3", "rich text", ".xlsx"] {
        assert!(r.all.contains(says), "{says}: {}", r.all);
    }
    // No flag reads it as empty.
    let r = run("rich-cell.xlsb", &["--include-hidden-rows"]);
    assert_eq!(r.code, 2, "{}", r.all);
}

/// An `.xlsb` saved on November with October first: the workbook opens on
/// a payroll payrun would not read, and is refused naming both, as an
/// `.xlsx` is (LibreOffice reads the same tab from it). Before, October
/// was read with a note --quiet drops in no way a cron job reads.
#[test]
fn an_xlsb_opening_on_another_payroll_is_refused() {
    let r = run("opens-on-november.xlsb", &[]);
    assert_eq!(r.code, 2, "{}", r.all);
    assert!(
        r.all
            .contains("the workbook opens on worksheet \"November\""),
        "{}",
        r.all
    );
    let r = run("opens-on-november.xlsb", &["--sheet", "November"]);
    assert_eq!(r.code, 0, "{}", r.all);
    assert_eq!(total(&r), Some(700_000));
}
