//! What payrun says when it refuses a sheet: the file, the row, the column,
//! the value as the sheet shows it, and what to do (probe12 section 9,
//! probe13 section 6). The workbooks are LibreOffice saves of the sources
//! `tests/fixtures/sheets/refusal_messages.py` writes.

use super::sheets::{issue_texts, notes};
use super::*;

/// `check --json` of a fixture: the exit code and every issue's text.
fn issues_of(dir: &Path, file: &Path, extra: &[&str]) -> (i32, Vec<String>) {
    let mut args = vec!["check", file.to_str().unwrap()];
    args.extend_from_slice(extra);
    let (code, v) = json_of(dir, &args);
    (code, issue_texts(&v))
}

/// A value typed in a column past the header's last, in a workbook: a
/// workbook has no commas to quote, so the cell is named with what it
/// holds, and the fix is a header or deleting it. Before, the message
/// blamed an unquoted comma (`has 7 cells but the header has 5; an unquoted
/// comma (as in 1,000) may have split a cell — quote the value`).
#[test]
fn a_value_past_the_header_in_a_workbook_is_named_by_its_cell() {
    let dir = tmp();
    let file = sheet_fixture("refusal-note-past-header.xlsx");
    let (code, texts) = issues_of(dir.path(), &file, &[]);
    assert_eq!(code, 2, "{texts:#?}");
    let row3: Vec<&String> = texts.iter().filter(|t| t.starts_with("row 3")).collect();
    assert_eq!(row3.len(), 1, "{texts:#?}");
    let t = row3[0];
    assert!(
        t.contains("cell G3 holds \"do not pay - resigned\" in a column with no header"),
        "{t}"
    );
    assert!(t.contains("give the column a header"), "{t}");
    assert!(t.contains("delete the value"), "{t}");
    assert!(!t.contains("comma"), "{t}");
}

/// The same row in a CSV keeps the comma advice: there a value past the
/// header is most often half of a number split by an unquoted comma.
#[test]
fn a_value_past_the_header_in_a_csv_keeps_the_comma_advice() {
    let dir = tmp();
    let f = write(
        dir.path(),
        "past.csv",
        format!("{HEAD}E1,A,01712345678,bkash,500\nE2,B,01812345678,bkash,700,,do not pay\n"),
    );
    let (code, texts) = issues_of(dir.path(), &f, &[]);
    assert_eq!(code, 2, "{texts:#?}");
    assert!(
        texts.iter().any(|t| t.starts_with("row 3: has 7 cells")
            && t.contains("an unquoted comma (as in 1,000)")
            && t.contains("column G \"do not pay\"")),
        "{texts:#?}"
    );
}

/// An amount cell holding a date or a time is quoted as the user reads it,
/// not as payrun renders the value (`"2025-12-12"` for a cell showing
/// 12-Dec, `"1899-12-30 12:00:00"` for 12:00, `"PT12H00M00S"` in an .ods).
#[test]
fn an_amount_that_is_a_date_or_a_time_is_quoted_in_the_users_terms() {
    let dir = tmp();
    for ext in ["xlsx", "xls", "ods"] {
        let file = sheet_fixture(&format!("refusal-amount-formats.{ext}"));
        let (code, texts) = issues_of(dir.path(), &file, &[]);
        assert_eq!(code, 2, "{ext}: {texts:#?}");
        let of_row = |n: usize| {
            texts
                .iter()
                .find(|t| t.starts_with(&format!("row {n}, column \"Amount\"")))
                .cloned()
                .unwrap_or_else(|| panic!("{ext}: no row {n} in {texts:#?}"))
        };
        for (row, said) in [
            (3, "\"12 Dec 2025\" is a date, not an amount"),
            (4, "\"12 Dec 2025\" is a date, not an amount"),
            (5, "\"12:00\" is a time, not an amount"),
            (6, "\"12 Dec 2025 12:00\" is a date and time, not an amount"),
        ] {
            let t = of_row(row);
            assert!(t.contains(said), "{ext} row {row}: {t}");
            for raw in ["1899-12-30", "PT", "2025-12-12"] {
                assert!(!t.contains(raw), "{ext} row {row}: {t}");
            }
        }
    }
}

/// A workbook's numeric amount, refused as negative, is still a number in
/// the check report: bare in CSV, a number cell in XLSX; the text `-250`
/// beside it gets the quote in CSV. Before, the refused amount was written
/// `'-500` (the marked cell was written as text).
#[test]
fn a_refused_numeric_amount_is_a_number_in_both_check_reports() {
    let dir = tmp();
    for ext in ["xlsx", "ods"] {
        let file = sheet_fixture(&format!("refusal-amount-formats.{ext}"));
        let csv = dir.path().join(format!("{ext}.check.csv"));
        let xlsx = dir.path().join(format!("{ext}.check.xlsx"));
        for report in [&csv, &xlsx] {
            let (code, all) =
                check_code(dir.path(), &file, &["--report", report.to_str().unwrap()]);
            assert_eq!(code, 2, "{all}");
        }
        let text = std::fs::read_to_string(&csv).unwrap();
        assert!(
            text.contains("E6,Payee negative,01712345605,bKash,-500,'-250,7,invalid"),
            "{ext}: {text}"
        );
        let rows = read_xlsx(&xlsx);
        let row = rows
            .iter()
            .find(|r| r.first().is_some_and(|c| c == "E6"))
            .unwrap_or_else(|| panic!("{ext}: {rows:?}"));
        assert_eq!(
            row.get(4).map(String::as_str),
            Some("#-500"),
            "{ext}: {row:?}"
        );
        assert_eq!(
            row.get(5).map(String::as_str),
            Some("-250"),
            "{ext}: {row:?}"
        );
    }
}

/// A `Brought forward` first row with no wallet is arrears as often as a
/// page total: the refusal says what to do if it is money owed to a payee.
#[test]
fn a_brought_forward_first_row_says_what_to_do_if_it_is_arrears() {
    let dir = tmp();
    let f = write(
        dir.path(),
        "arrears.csv",
        format!(
            "{HEAD},Brought forward,,,500\nE1,A,01712345678,bkash,1000\nE2,B,01812345678,bkash,2000\n"
        ),
    );
    let (code, v) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
    assert_eq!(code, 2, "{v:#}");
    let errors = v["batch_errors"].to_string();
    assert!(errors.contains("add up to nothing"), "{errors}");
    assert!(
        errors.contains("if it is money owed to a payee (arrears)"),
        "{errors}"
    );
    assert!(errors.contains("their wallet"), "{errors}");
}

/// The note on a `Brought forward` row says what it was checked against:
/// the payee rows above it and the figure carried forward before it (a row
/// between the two page totals is refused). Before, it said only "the
/// payee rows above it", as for a `Carried forward` row.
#[test]
fn the_brought_forward_note_names_the_carried_figure_it_was_checked_against() {
    let dir = tmp();
    let f = write(
        dir.path(),
        "pages.csv",
        format!(
            "{HEAD}E1,A,01712345678,bkash,1000\nE2,B,01812345678,bkash,2000\n\
             ,Carried forward,,,3000\n,Brought forward,,,3000\nE3,C,01912345678,bkash,500\n"
        ),
    );
    let (code, v) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
    assert_eq!(code, 0, "{v:#}");
    let notes = notes(&v);
    let bf = notes
        .iter()
        .find(|n| n.starts_with("row 5 skipped"))
        .unwrap_or_else(|| panic!("{notes:#?}"));
    assert!(
        bf.contains(
            "checked against the payee rows above it and the figure carried forward before it, if any"
        ),
        "{bf}"
    );
    let cf = notes
        .iter()
        .find(|n| n.starts_with("row 4 skipped"))
        .unwrap_or_else(|| panic!("{notes:#?}"));
    assert!(
        cf.ends_with("checked against the payee rows above it"),
        "{cf}"
    );
}

/// A header below the rows payrun searches (32 instruction rows above it):
/// the refusal names the row further down that looks like the header and
/// says to delete rows above it. Before, it listed row 1's instruction as
/// the headers found and advised `--map wallet="HEADER"`, which then
/// failed with "no such header".
#[test]
fn a_header_below_the_rows_searched_is_named_with_the_fix() {
    let dir = tmp();
    let file = sheet_fixture("refusal-header-below-search.xlsx");
    let maps = [
        "--map",
        "wallet=Wallet",
        "--map",
        "amount=Amount",
        "--map",
        "provider=Provider",
    ];
    for extra in [&[][..], &maps[..]] {
        let (code, all) = check_code(dir.path(), &file, extra);
        assert_eq!(code, 2, "{all}");
        for said in [
            "no header in the first 30 filled rows of the sheet (rows 1-30)",
            "row 34 looks like the header (\"Employee ID\", \"Name\", \"Wallet\", \"Provider\", \"Amount\")",
            "delete the rows above row 34 that are not part of the table (at least 3 of them)",
        ] {
            assert!(all.contains(said), "{extra:?}: missing {said:?} in {all}");
        }
        assert!(!all.contains("--map wallet=\"HEADER\""), "{all}");
        assert!(!all.contains("no such header"), "{all}");
    }
}

/// With no header anywhere, past the rows searched, the refusal says how
/// far payrun looked.
#[test]
fn no_header_in_a_long_sheet_says_how_far_payrun_looked() {
    let dir = tmp();
    let body: String = (1..=45).map(|i| format!("line {i},x,{i}\n")).collect();
    let f = write(dir.path(), "noheader.csv", body);
    let (code, all) = check_code(dir.path(), &f, &[]);
    assert_eq!(code, 2, "{all}");
    assert!(all.contains("no column for the required fields"), "{all}");
    assert!(
        all.contains(
            "payrun looks for the header in the first 30 filled rows of the sheet (rows 1-30)"
        ),
        "{all}"
    );
}

/// A two-row header (`Amount` merged over `Taka | Poisha`, the other names
/// merged down over rows 1-2): its second row gets one error that says the
/// header spans two rows and what to do. Before, it got six (an empty
/// wallet and provider, `"Taka" is not an amount`, the wallet "merged down
/// over rows 1-2", ...), none of which said so. Rows 3-5 stay refused.
#[test]
fn a_two_row_header_is_said_once() {
    let dir = tmp();
    let file = sheet_fixture("refusal-two-row-header.xlsx");
    let (code, v) = json_of(dir.path(), &["check", file.to_str().unwrap()]);
    assert_eq!(code, 2, "{v:#}");
    assert_eq!(v["valid"], 0, "{v:#}");
    let texts = issue_texts(&v);
    let row2: Vec<&String> = texts.iter().filter(|t| t.starts_with("row 2")).collect();
    assert_eq!(row2.len(), 1, "{texts:#?}");
    let t = row2[0];
    for said in [
        "the header seems to span two rows (1-2)",
        "\"Wallet\" (C1:C2)",
        "row 2 holds \"Taka\", \"Poisha\"",
        "put the header on one row",
        "delete row 2",
        "(Taka | Poisha) must become one column in taka",
    ] {
        assert!(t.contains(said), "missing {said:?} in {t}");
    }
    let said_once = texts.iter().filter(|t| t.contains("span two rows")).count();
    assert_eq!(said_once, 1, "{texts:#?}");
}
