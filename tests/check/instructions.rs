//! A column that says a row is not to be paid (`Status` = `Cancelled`,
//! `Pay?` = `No`, `Paid` = `Yes`, a remark `do not pay`) is never silently
//! ignored: such a row is refused, naming the column and the value, until
//! the row is deleted, the cell cleared, or `--pay-despite COLUMN` says the
//! column does not decide payment. The fixture
//! (tests/fixtures/sheets/pay_instructions.py) as a CSV and as LibreOffice
//! and Gnumeric save it.

use super::corpus::{V, run, total, verdicts};
use super::sheets::notes;
use super::*;
use V::{Invalid, Paid};

/// Each row of the fixture and its verdict.
const WANT: [(usize, V); 12] = [
    (2, Paid),                            // Active, Yes, No, November salary
    (3, Invalid("column \"Status\": ")),  // Cancelled
    (4, Invalid("column \"Status\": ")),  // Hold
    (5, Invalid("column \"Status\": ")),  // On Hold
    (6, Invalid("column \"Pay?\": ")),    // Pay? No
    (7, Invalid("column \"Paid\": ")),    // Paid Yes
    (8, Invalid("column \"Remark\": ")),  // HOLD - do not pay
    (9, Paid),                            // Permanent, Hold allowance
    (10, Paid),                           // every instruction cell empty
    (11, Paid),                           // Active, Y, No
    (12, Invalid("column \"Status\": ")), // বাতিল
    (13, Paid),                           // Probation, Paid: Not yet
];

/// The amounts of the rows paid: rows 2, 9, 10, 11 and 13 (Tk 1,000 × n).
const PAID_POISHA: i64 = (1 + 8 + 9 + 10 + 12) * 1000 * 100;

/// Every save of the sheet refuses exactly the rows its columns say not to
/// pay, each naming the column and the value, and what to do. (Before, the
/// `Pay?` column was taken for a second amount column and the whole sheet
/// refused; without it, `Cancelled` and `Paid: Yes` rows were paid.)
#[test]
fn rows_the_sheet_says_not_to_pay_are_refused_in_every_format() {
    for save in SAVES {
        let file = &format!("pay-instructions.{save}");
        let r = verdicts(file, &[], 2, &WANT);
        assert_eq!(total(&r), Some(PAID_POISHA), "{file}");
        for (row, value) in [
            (3, "Cancelled"),
            (6, "No"),
            (7, "Yes"),
            (8, "HOLD - do not pay"),
        ] {
            let issues = &r.rows.iter().find(|(n, _, _)| *n == row).unwrap().2;
            assert!(
                issues.contains(&format!("\"{value}\"")),
                "{file} row {row}: {issues}"
            );
            assert!(
                issues.contains("delete the row"),
                "{file} row {row}: {issues}"
            );
            assert!(
                issues.contains("--pay-despite"),
                "{file} row {row}: {issues}"
            );
        }
    }
}

/// `--pay-despite` for every column that said "do not pay": every row is
/// paid, and a note that is never suppressed names each column disregarded.
#[test]
fn pay_despite_reads_the_columns_as_information_with_a_note() {
    let all_paid: Vec<(usize, V)> = WANT.iter().map(|(n, _)| (*n, Paid)).collect();
    let every: i64 = (1..=12).sum::<i64>() * 1000 * 100;
    let flags = [
        "--pay-despite",
        "Status",
        "--pay-despite",
        "pay?",
        "--pay-despite",
        "Paid",
        "--pay-despite",
        "Remark",
    ];
    for file in ["pay-instructions.csv", "pay-instructions.xlsx"] {
        let r = verdicts(file, &flags, 0, &all_paid);
        assert_eq!(total(&r), Some(every), "{file}");
        let json = r.json.as_ref().unwrap();
        let limits = json["limits"].as_array().unwrap();
        for col in ["Status", "Pay?", "Paid", "Remark"] {
            let want = format!("\"{col}\" is not read as an instruction, because --pay-despite");
            assert!(
                limits.iter().any(|n| n.as_str().unwrap().contains(&want)),
                "{file} {col}: {limits:?}"
            );
        }
    }
    // One column disregarded: the others still refuse their rows.
    let mut want = WANT;
    for (n, v) in want.iter_mut() {
        if [3, 4, 5, 12].contains(n) {
            *v = Paid;
        }
    }
    verdicts(
        "pay-instructions.ods",
        &["--pay-despite", "STATUS"],
        2,
        &want,
    );
}

/// The sheet in the issue: a `status` column beside the payout's own. The
/// `Cancelled` row was paid (exit 0); now it is refused, and the `OK` row is
/// valid, with a note naming the column read.
#[test]
fn a_cancelled_status_refuses_its_row() {
    let dir = tmp();
    let f = write(
        dir.path(),
        "s.csv",
        "wallet,provider,amount,status\n01712345678,bKash,1000,Cancelled\n01712345679,bKash,2000,OK\n",
    );
    let (code, json) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
    assert_eq!(code, 2, "{json}");
    let text = json.to_string();
    assert_eq!(
        (json["valid"].as_u64(), json["invalid"].as_u64()),
        (Some(1), Some(1)),
        "{text}"
    );
    let issue = &json["issues"][0];
    assert_eq!(issue["row"], 2, "{text}");
    assert_eq!(issue["column"], "status", "{text}");
    assert_eq!(issue["value"], "Cancelled", "{text}");
    assert!(
        notes(&json)
            .iter()
            .any(|n| n.contains("column D \"status\" is read as saying whether a row is paid")),
        "{text}"
    );
}

/// `Pay?` beside `Amount` is not a second amount column: it is the question
/// whether to pay, and `No` refuses the row while `Yes` pays it. A header
/// that could still be the amount (`Pay`, `Net Pay`) is refused as before.
#[test]
fn a_pay_question_is_an_instruction_not_an_amount() {
    let dir = tmp();
    for (header, ok) in [
        ("pay?", true),
        ("Pay (Y/N)", true),
        ("To pay?", true),
        ("Net Pay", false),
    ] {
        let f = write(
            dir.path(),
            "q.csv",
            format!(
                "wallet,provider,amount,{header}\n01712345678,bKash,1000,No\n01712345679,bKash,2000,Yes\n"
            ),
        );
        let r = run(f.to_str().unwrap(), &[]);
        assert_eq!(r.code, 2, "{header}: {}", r.all);
        if ok {
            assert_eq!(r.rows.len(), 2, "{header}: {}", r.all);
            assert_eq!(r.rows[0].1, "invalid", "{header}: {:?}", r.rows);
            assert!(r.rows[0].2.contains("\"No\""), "{header}: {:?}", r.rows);
            assert_eq!(r.rows[1].1, "ok", "{header}: {:?}", r.rows);
        } else {
            assert!(
                r.all.contains("more than one column could be the amount"),
                "{header}: {}",
                r.all
            );
        }
    }
}

/// `--pay-despite` names a column the sheet does not have: said, never silent.
#[test]
fn pay_despite_a_column_the_sheet_lacks_is_said() {
    let r = run("pay-instructions.csv", &["--pay-despite", "Sttaus"]);
    assert_eq!(r.code, 2, "{}", r.all);
    assert!(r.all.contains("Sttaus"), "{}", r.all);
}

/// `Pay` beside `Amount` could be the amount: the sheet is refused until
/// `--map` names the amount column; then `Pay` is the question.
#[test]
fn a_bare_pay_column_is_read_as_the_question_once_the_amount_is_mapped() {
    let dir = tmp();
    let f = write(
        dir.path(),
        "p.csv",
        "wallet,provider,amount,Pay\n01712345678,bKash,1000,No\n01712345679,bKash,2000,Yes\n",
    );
    let r = run(f.to_str().unwrap(), &[]);
    assert!(
        r.all.contains("more than one column could be the amount"),
        "{}",
        r.all
    );
    let r = run(f.to_str().unwrap(), &["--map", "amount=amount"]);
    assert_eq!(r.code, 2, "{}", r.all);
    let got: Vec<&str> = r.rows.iter().map(|(_, s, _)| s.as_str()).collect();
    assert_eq!(got, ["invalid", "ok"], "{:?}", r.rows);
    assert!(
        r.rows[0].2.contains("column \"Pay\": \"No\""),
        "{:?}",
        r.rows
    );
}

#[test]
fn help_shows_pay_despite_with_an_example() {
    for cmd in ["check", "submit", "approve"] {
        let out = payrun(tmp().path()).args([cmd, "--help"]).output().unwrap();
        let help = stdout_of(&out);
        assert!(help.contains("--pay-despite <COLUMN>"), "{cmd}: {help}");
        if cmd != "approve" {
            assert!(help.contains("--pay-despite Status"), "{cmd}: {help}");
        }
    }
}

/// A formula error in a column that decides payment (a Status looked up by
/// a VLOOKUP that found nothing, a Pay? that divides by zero) leaves the
/// sheet saying nothing of whether the row is paid: the row is refused
/// until the formula is fixed, or `--pay-despite` says the column does not
/// decide payment. (Before, both rows were paid.)
#[test]
fn a_formula_error_in_an_instruction_column_refuses_its_row() {
    const ERROR: &str =
        "is a formula error, so the sheet does not say whether this row is to be paid";
    let want = [
        (2, Paid),
        (3, Invalid("column \"Status\": \"#N/A\" is a formula error")),
        (
            4,
            Invalid("column \"Pay?\": \"#DIV/0!\" is a formula error"),
        ),
    ];
    // The same sheet as a CSV saved from the workbook writes the errors' text.
    let dir = tmp();
    let csv = write(
        dir.path(),
        "errors.csv",
        "Reference,Name,Wallet,Provider,Amount,Status,Pay?\n\
         E-01,Person 1,01712300142,bKash,1000,Active,Yes\n\
         E-02,Person 2,01712300242,bKash,2000,#N/A,Yes\n\
         E-03,Person 3,01712300342,bKash,3000,Active,#DIV/0!\n",
    );
    let csv = csv.display().to_string();
    for save in SAVES {
        let file = match save {
            "csv" => csv.clone(),
            _ => format!("pay-instruction-errors.{save}"),
        };
        let r = verdicts(&file, &[], 2, &want);
        assert!(r.all.contains(ERROR), "{file}: {}", r.all);
        let despite = ["--pay-despite", "Status", "--pay-despite", "Pay?"];
        let r = verdicts(&file, &despite, 0, &[(2, Paid), (3, Paid), (4, Paid)]);
        assert_eq!(total(&r), Some(600_000), "{file}");
    }
}

/// A column payrun does not know (`Category`, `HR remark`) is read as a
/// note: a cell that says "On hold - do not pay" there refuses its row as
/// in a remark, and an ordinary value (`Sewing`) says nothing. (The probe
/// of 2026-12-05: 7d15746 paid rows 3 and 4, exit 0.)
#[test]
fn a_phrase_in_a_column_payrun_does_not_know_refuses_its_row() {
    let dir = tmp();
    let f = write(
        dir.path(),
        "c.csv",
        "Wallet,Provider,Amount,Category,HR remark\n\
         01712345601,bKash,1000,Sewing,\n\
         01712345602,bKash,2000,On hold - do not pay,\n\
         01712345603,bKash,3000,Finishing,Do not release\n\
         01712345604,bKash,4000,Finishing,Joined in October\n",
    );
    let (code, json) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
    assert_eq!(code, 2, "{json}");
    assert_eq!(
        issue_cells(&json),
        [(3, "Category".to_string()), (4, "HR remark".to_string())],
        "{json}"
    );
    assert_eq!(json["total_poisha"], 500_000, "{json}");
}

/// A ditto mark (`Do`, `"`, `〃`) under a status is that status: `Do` under
/// `Cancelled` is cancelled, `〃` under `Active` is active. (The probe of
/// 2026-12-05: 89d9161 paid the row marked `Do` under `Cancelled`.)
#[test]
fn a_ditto_mark_is_the_value_it_repeats() {
    let dir = tmp();
    let f = write(
        dir.path(),
        "d.csv",
        "Wallet,Provider,Amount,Status\n\
         01712345601,bKash,1000,Active\n\
         01712345602,bKash,2000,Cancelled\n\
         01712345603,bKash,3000,Do\n\
         01712345604,bKash,4000,\"\"\"\"\n\
         01712345605,bKash,5000,Active\n\
         01712345606,bKash,6000,〃\n",
    );
    let (code, json) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
    assert_eq!(code, 2, "{json}");
    let issues = json["issues"].as_array().cloned().unwrap_or_default();
    let rows: Vec<u64> = issues.iter().filter_map(|i| i["row"].as_u64()).collect();
    assert_eq!(rows, [3, 4, 5], "{json}");
    let said = issues[1]["message"].as_str().unwrap_or("");
    assert!(
        said.starts_with("repeats \"Cancelled\" of row 3, which says this row is not to be paid"),
        "{json}"
    );
    assert_eq!(issues[1]["value"], "Do", "{json}");
    assert_eq!(json["total_poisha"], 1_200_000, "{json}");
}
