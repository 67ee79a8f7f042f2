//! Rows finance struck through to cancel a payment and keep it on the
//! record (`struck_rows.py`): payrun reads values, not looks, and paid them.
//! A struck-through cell payrun reads refuses its row, in every format and
//! whoever saved it; no flag pays it, and `--skip-invalid` pays the rest.

use super::corpus::{V, total, verdicts};
use super::*;
use V::{Invalid, Paid};

const STRUCK: V = Invalid("is struck through in the workbook");

/// Row 3 struck whole, row 4 its amount, row 5 its name; row 6 says
/// strikethrough off, row 7 strikes only a column payrun does not read.
const ROWS: [(usize, V); 6] = [
    (2, Paid),
    (3, STRUCK),
    (4, STRUCK),
    (5, STRUCK),
    (6, Paid),
    (7, Paid),
];

const FILES: [&str; 7] = [
    "writers/openpyxl-struck-rows.xlsx",
    "struck-rows.xlsx",
    "struck-rows.xls",
    "struck-rows.ods",
    "struck-rows.gnumeric.xlsx",
    "struck-rows.gnumeric.xls",
    "struck-rows.gnumeric.ods",
];

#[test]
fn a_struck_through_row_is_never_paid() {
    for file in FILES {
        let r = verdicts(file, &[], 2, &ROWS);
        // Tk 5,000 + 9,000 + 1,000: rows 2, 6 and 7.
        assert_eq!(total(&r), Some(1_500_000), "{file}");
        let issues = |row: usize| {
            r.rows
                .iter()
                .find(|(n, ..)| *n == row)
                .map(|(_, _, i)| i.clone())
                .unwrap_or_default()
        };
        let amount = issues(4);
        assert!(
            amount.contains("column \"Amount\"")
                && amount.contains("\"7,000.00\"")
                && amount.contains("a struck-through row usually means it is cancelled: delete the row if it is not to be paid, or clear the strikethrough (Format Cells > Font) if it is"),
            "{file}: {amount}"
        );
        assert!(
            issues(5).contains("column \"Name\": \"Name struck\""),
            "{file}: {}",
            issues(5)
        );
        let whole = issues(3);
        assert!(
            whole.contains("\"Wallet\"") && whole.contains("\"Amount\""),
            "{file}: {whole}"
        );
        // No flag pays a cancelled row.
        verdicts(file, &["--include-hidden-rows"], 2, &ROWS);
    }
}

/// Part of a wallet's text struck (the last digits), kept as runs in the
/// shared strings (.xlsx as LibreOffice and Excel save it), in an inline
/// string (.xlsx as openpyxl writes it), as formatting runs of the shared
/// string table (.xls) or spans of text styles (.ods); runs that say
/// strikethrough off are read.
#[test]
fn a_wallet_struck_in_part_is_never_paid() {
    let want = [(2, Paid), (3, STRUCK), (4, Paid)];
    for file in [
        "struck-rich-text.xlsx",
        "writers/openpyxl-struck-rich-text.xlsx",
        "struck-rich-text.xls",
        "struck-rich-text.ods",
    ] {
        let r = verdicts(file, &[], 2, &want);
        assert_eq!(total(&r), Some(1_200_000), "{file}");
    }
}

/// `submit --skip-invalid` records the struck rows as refused and pays the
/// others, in the sandbox. Before the fix it paid all six rows.
#[test]
fn skip_invalid_pays_only_the_rows_not_struck() {
    let dir = tmp();
    let sheet =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sheets/struck-rows.xlsx");
    let out = payrun(dir.path())
        .env("HOME", crate::test_home())
        .env_remove("XDG_DATA_HOME")
        .args(["submit", "--sandbox", "--skip-invalid", "--batch", "struck"])
        .arg(&sheet)
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .unwrap();
    let all = all_of(&out);
    // Rows recorded and not paid: exit 1, as for every skipped row.
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(all.contains("is struck through in the workbook"), "{all}");
    let ledger = dir.path().join("payrun-sandbox/ledger.sqlite");
    let db = rusqlite::Connection::open(&ledger).unwrap();
    let paid: Vec<String> = db
        .prepare("SELECT wallet FROM payouts WHERE state = 'paid' ORDER BY row_no")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(paid, ["01712345001", "01712345005", "01712345006"], "{all}");
    let refused: Vec<(i64, String)> = db
        .prepare("SELECT row_no, issues FROM invalid_rows ORDER BY row_no")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let rows: Vec<i64> = refused.iter().map(|(n, _)| *n).collect();
    assert_eq!(rows, [3, 4, 5], "{all}");
    for (n, issues) in &refused {
        assert!(issues.contains("is struck through"), "row {n}: {issues}");
    }
}

/// A conditional format that strikes amounts over 9,000 through strikes
/// row 3's; one whose condition is a formula (`$E2="Cancelled"`) payrun
/// takes to strike every row it covers, and says so. Saved by LibreOffice
/// in each format (`struck_rows.py`).
#[test]
fn a_row_a_conditional_format_strikes_through_is_never_paid() {
    let by_rule = Invalid("may be struck through in the workbook by a conditional format");
    for ext in ["xlsx", "xls", "ods"] {
        let file = format!("struck-by-rule.{ext}");
        let r = verdicts(&file, &[], 2, &[(2, Paid), (3, by_rule), (4, Paid)]);
        assert_eq!(total(&r), Some(1_100_000), "{file}");
        let file = format!("struck-by-formula.{ext}");
        let r = verdicts(&file, &[], 2, &[(2, by_rule), (3, by_rule), (4, by_rule)]);
        assert!(
            r.rows.iter().all(|(_, _, i)| i.contains("Manage Rules")),
            "{file}: {:?}",
            r.rows
        );
    }
}
