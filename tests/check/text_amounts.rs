//! Amounts a workbook holds as text, which a `SUM` skips: the sheet's own
//! total (what finance and the approver saw) leaves them out while payrun
//! would pay them. The sheet stays refused, and the refusal names those
//! rows first. Fixture: `text-amounts-sum.xlsx`, saved by LibreOffice
//! (`১০০০`, `Tk 500` and `25,000` as text; its `=SUM` computes 13,000).

use super::hidden::batch_errors;
use super::*;

#[test]
fn a_total_that_skips_text_amounts_is_refused_naming_them() {
    let dir = tmp();
    let f = sheet_fixture("text-amounts-sum.xlsx");
    let (code, v) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
    assert_eq!(code, 2, "still refused: {v:#}");
    let errors = batch_errors(&v);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let e = &errors[0];
    for part in [
        "row 8 says \"মোট\" is Tk 13,000.00",
        "(\"১০০০\")",
        "(\"Tk 500\")",
        "(\"25,000\")",
        "as text, which a SUM skips",
        "would pay Tk 39,500.00",
        "re-enter each amount as a number",
    ] {
        assert!(e.contains(part), "{part}: {e}");
    }
    assert!(!e.contains("a payee row may be missing"), "{e}");
}

#[test]
fn text_amounts_come_first_when_the_total_is_wrong_anyway() {
    let dir = tmp();
    let f = xlsx(dir.path(), "t.xlsx", |wb| {
        let ws = wb.add_worksheet();
        header(ws, 0);
        data_row(ws, 1, "E1", "01712345678", 1000.0);
        data_row(ws, 2, "E2", "01812345678", 0.0);
        ws.write_string(2, 4, "2,000").unwrap();
        ws.write_string(3, 0, "Total").unwrap();
        ws.write_number(3, 4, 5000.0).unwrap();
    });
    let (code, v) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
    assert_eq!(code, 2, "{v:#}");
    let errors = batch_errors(&v);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].starts_with("row 3 (\"2,000\") holds the amount as text, which a SUM skips")
            && errors[0].contains("but the rows above it add up to Tk 3,000.00"),
        "{errors:#?}"
    );
    // A CSV's cells are all text, and its total counts them: no such word.
    let c = write(
        dir.path(),
        "t.csv",
        "Name,Wallet,Provider,Amount\nA,01712345678,bKash,1000\nB,01812345678,bKash,\"2,000\"\nTotal,,,5000\n",
    );
    let (code, v) = json_of(dir.path(), &["check", c.to_str().unwrap()]);
    assert_eq!(code, 2, "{v:#}");
    assert!(!batch_errors(&v)[0].contains("as text"), "{v:#}");
}

/// A CSV exported from a workbook carries the workbook's total, which its
/// `SUM` made without the amounts held as text (`৳ 12,345.50`, `Tk. 9,000`,
/// `BDT 8,000.00`). The total then differs from the rows by exactly those
/// cells: they are named as the likely cause, not a missing row. Fixture:
/// LibreOffice's `;` export of probe9's payroll.ods.
#[test]
fn a_csv_export_whose_total_skipped_text_amounts_names_them() {
    let dir = tmp();
    let f = sheet_fixture("text-amounts-export.semicolon.csv");
    let (code, v) = json_of(
        dir.path(),
        &["check", f.to_str().unwrap(), "--allow-poisha"],
    );
    assert_eq!(code, 2, "still refused: {v:#}");
    let errors = batch_errors(&v);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let e = &errors[0];
    for part in [
        "row 15 says \"Total\" is Tk 61,429.98",
        "rows 8 (\"৳ 12,345.50\"), 11 (\"Tk. 9,000\") and 12 (\"BDT 8,000.00\")",
        "a spreadsheet holds as text",
        "would pay Tk 90,775.48",
        "export the CSV again",
    ] {
        assert!(e.contains(part), "{part}: {e}");
    }
    assert!(!e.contains("a payee row may be missing"), "{e}");
}

/// A CSV whose total counts its `Tk 500` rows (typed by hand, or made by
/// a program) matches as before.
#[test]
fn a_csv_total_that_counts_its_currency_amounts_matches() {
    let dir = tmp();
    let f = write(
        dir.path(),
        "t.csv",
        "Name,Wallet,Provider,Amount\nA,01712345678,bKash,Tk 500\nB,01812345678,bKash,700\nTotal,,,1200\n",
    );
    let (code, v) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
    assert_eq!(code, 0, "{v:#}");
}
