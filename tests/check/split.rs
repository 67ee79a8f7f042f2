//! Numbers split by an unquoted comma in a CSV: `12,000` written without
//! quotes is two cells, `12` and `000`, and would pay Tk 12. A row showing
//! the signs (a figure followed by cells of exactly two or three digits) is
//! refused with what probably happened and how to write it.

use super::sheets::issue_texts;
use super::*;

fn refused(dir: &Path, body: &str) -> (i32, serde_json::Value, Vec<String>) {
    let f = write(dir, "s.csv", body);
    let (code, v) = json_of(dir, &["check", f.to_str().unwrap()]);
    let texts = issue_texts(&v);
    (code, v, texts)
}

#[test]
fn an_amount_split_into_the_next_column_is_refused() {
    let dir = tmp();
    for (body, figure) in [
        // The issue's case: `000` lands in the Remark column, the row has as
        // many cells as the header.
        (
            "Name,Wallet,Method,Amount,Remark\nA,01712345678,bKash,12,000\n",
            "12,000",
        ),
        // Lakh grouping: three pieces.
        (
            "Name,Wallet,Method,Amount,Remark,Ref\nA,01712345678,bKash,1,25,000\n",
            "1,25,000",
        ),
        // More cells than the header.
        (
            "Name,Wallet,Method,Amount\nA,01712345678,bKash,12,500\n",
            "12,500",
        ),
        // A currency mark before the figure, decimals after it.
        (
            "Name,Wallet,Method,Amount,Remark\nA,01712345678,bKash,Tk 12,000.50\n",
            "Tk 12,000.50",
        ),
        // A decimal comma.
        (
            "Name,Wallet,Method,Amount,Remark\nA,01712345678,bKash,1500,50\n",
            "1500,50",
        ),
        // Bengali digits.
        (
            "নাম,মোবাইল,মাধ্যম,টাকা,মন্তব্য\nA,01712345678,বিকাশ,১২,০০০\n",
            "১২,০০০",
        ),
    ] {
        let (code, v, texts) = refused(dir.path(), body);
        assert_eq!(code, 2, "{body}: {v:#}");
        assert_eq!(v["valid"], 0, "{body}: {v:#}");
        assert!(
            texts.iter().any(|t| t.contains(&format!(
                "the amount {figure} was probably split by an unquoted comma"
            )) && t.contains(&format!("\"{figure}\""))
                && t.contains("remove the grouping")),
            "{body}: {texts:#?}"
        );
    }
}

#[test]
fn a_wallet_split_by_its_thousand_separators_is_named() {
    let dir = tmp();
    let (code, _, texts) = refused(
        dir.path(),
        "Name,Wallet,Method,Amount,Remark\nA,1,712,345,678,bKash,500\n",
    );
    assert_eq!(code, 2);
    assert!(
        texts
            .iter()
            .any(|t| t.contains("the wallet 1,712,345,678 was probably split by an unquoted comma")),
        "{texts:#?}"
    );
}

#[test]
fn quoted_and_ungrouped_amounts_are_fine() {
    let dir = tmp();
    let (code, v, _) = refused(
        dir.path(),
        "Name,Wallet,Method,Amount,Remark,Days\n\
         A,01712345678,bKash,\"12,000\",000,26\n\
         B,01812345678,bKash,12000,November,26\n\
         C,01912345678,bKash,500.00,26,26\n",
    );
    // Row 2's remark "000" follows a whole, quoted amount: no sign. Row 4's
    // amount has its decimals written: a split never leaves those in the
    // first piece.
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["total_poisha"], 2_450_000);
}

#[test]
fn a_decimal_comma_in_a_semicolon_file_is_never_paid_as_grouping() {
    let dir = tmp();
    let (code, _, texts) = refused(
        dir.path(),
        "Name;Wallet;Method;Amount\nA;01712345678;bKash;12,50\n",
    );
    assert_eq!(code, 2);
    assert!(
        texts
            .iter()
            .any(|t| t.contains("\"12,50\" has commas in unexpected places")),
        "{texts:#?}"
    );
}

/// The sheet's own total counts the whole number: a split row is refused
/// as a row, and the total still matches (so --skip-invalid may pay the
/// rest), rather than reading 12 and reporting the total as wrong.
#[test]
fn a_split_amount_counts_whole_in_the_totals() {
    let dir = tmp();
    let (code, v, _) = refused(
        dir.path(),
        "Name,Wallet,Method,Amount,Remark\n\
         A,01712345678,bKash,12,000\n\
         B,01812345678,bKash,500,\n\
         Total,,,\"12,500\",\n",
    );
    assert_eq!(code, 2, "{v:#}");
    assert!(v["batch_errors"].as_array().unwrap().is_empty(), "{v:#}");
    assert!(
        super::sheets::notes(&v).contains(&"1 totals row matches the payee rows".to_string()),
        "{v:#}"
    );
}

/// Checks a two-payee sheet (Tk 12,000 and 1,500) whose totals row
/// writes `total` unquoted after the amount column's comma.
fn check_totals_sheet(dir: &Path, total: &str) -> (i32, serde_json::Value) {
    let body = format!(
        "Name,Wallet,Provider,Amount\n\
         A,01712345678,bKash,\"12,000\"\n\
         B,01812345678,Nagad,1500\n\
         Total,,,{total}\n"
    );
    let f = write(dir, "t.csv", &body);
    json_of(dir, &["check", f.to_str().unwrap()])
}

/// The totals row itself split by an unquoted comma (`Total,,,,13,500`):
/// its author's total is 13,500, not the 13 left in the amount cell. It
/// matches the rows (with a note saying how it was read and to quote it),
/// instead of a batch error saying the payee rows do not add up.
#[test]
fn a_split_totals_row_counts_whole() {
    let dir = tmp();
    let (code, v) = check_totals_sheet(dir.path(), "13,500");
    assert_eq!(code, 0, "{v:#}");
    assert!(v["batch_errors"].as_array().unwrap().is_empty(), "{v:#}");
    let notes = super::sheets::notes(&v);
    assert!(
        notes.contains(&"1 totals row matches the payee rows".to_string()),
        "{notes:#?}"
    );
    assert!(
        notes.iter().any(|n| n.contains(
            "row 4 \"Total\": its amount was split by an unquoted comma into 13 | 500; read as 13,500"
        )),
        "{notes:#?}"
    );
}

/// A split total that matches nothing is still refused, and the message
/// shows the whole figure as written, not the first piece.
#[test]
fn a_split_totals_row_that_matches_nothing_names_the_whole_figure() {
    let dir = tmp();
    let (code, v) = check_totals_sheet(dir.path(), "14,500");
    assert_eq!(code, 2, "{v:#}");
    let errors = v["batch_errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{v:#}");
    let e = errors[0].as_str().unwrap();
    assert!(
        e.starts_with(
            "row 4 says \"Total\" is Tk 14,500.00 (\"14 | 500\", split by an unquoted comma), \
             but the rows above it add up to Tk 13,500.00"
        ),
        "{e}"
    );
}
