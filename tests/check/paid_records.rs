//! A column that records a payment made (`Paid On` holding a date, a
//! `TrxID`) or asks whether to pay (`Send?`, `Eligible`) is never ignored:
//! a row it says was paid already, or is not to be paid, is refused, naming
//! the column and the value, until the row is deleted, the cell cleared, or
//! `--pay-despite COLUMN` says the column does not decide payment. An
//! ambiguous `Payment Date` is a plan when every row paid holds the same
//! date, and a record of payments made when it does not. The fixtures
//! (tests/fixtures/sheets/paid_records.py) as a CSV and as LibreOffice and
//! Gnumeric save them, dates as date cells.

use super::corpus::{V, run, total, verdicts};
use super::sheets::notes;
use super::*;
use V::{Invalid, Paid};

const PAID_ON: &str = "column \"Paid On\": ";
const SEND: &str = "column \"Send?\": ";
const ELIGIBLE: &str = "column \"Eligible\": ";
const TRXID: &str = "column \"TrxID\": ";

/// Each row of the fixture and its verdict.
const WANT: [(usize, V); 12] = [
    (2, Invalid(PAID_ON)),   // 2026-11-30, a date cell
    (3, Invalid(SEND)),      // No
    (4, Invalid(ELIGIBLE)),  // No
    (5, Invalid(TRXID)),     // 8N7A6D5C4B
    (6, Paid),               // Send? Yes, Eligible Yes
    (7, Paid),               // Paid On: a dash
    (8, Paid),               // TrxID: N/A
    (9, Paid),               // Paid On: a date cell holding 0
    (10, Paid),              // Paid On: Pending
    (11, Invalid(SEND)),     // ✗
    (12, Invalid(ELIGIBLE)), // Not eligible
    (13, Invalid(PAID_ON)),  // 2026-11-30 14:05
];

/// Rows 6 to 10 are paid (row n holds Tk 1,000 × (n - 1)).
const PAID_POISHA: i64 = (5 + 6 + 7 + 8 + 9) * 1000 * 100;

/// Every save of the sheet refuses exactly the rows paid already or not to
/// be paid, each naming the column, the value as written and what to do.
/// (At d72360a every row was paid, exit 0, with a note claiming `Paid On`
/// was read.)
#[test]
fn rows_paid_already_or_not_to_send_are_refused_in_every_format() {
    for save in SAVES {
        let file = format!("paid-records.{save}");
        let r = verdicts(&file, &[], 2, &WANT);
        assert_eq!(total(&r), Some(PAID_POISHA), "{file}");
        let issues = |row: usize| r.rows.iter().find(|(n, _, _)| *n == row).unwrap().2.clone();
        for (row, value, what) in [
            (2, "\"2026-11-30", "paid already"),
            (5, "\"8N7A6D5C4B\"", "paid already"),
            (3, "\"No\"", "not to be paid"),
            (4, "\"No\"", "not to be paid"),
        ] {
            let said = issues(row);
            for want in [value, what, "delete the row", "--pay-despite"] {
                assert!(said.contains(want), "{file} row {row}: {said}");
            }
        }
    }
}

/// The sheet of the brief, as a CSV: rows 2 to 5 refused, row 6 paid.
#[test]
fn a_paid_date_a_no_and_a_transaction_id_refuse_their_rows() {
    let dir = tmp();
    let f = write(
        dir.path(),
        "s.csv",
        "wallet,provider,amount,Paid On,Send?,Eligible,TrxID\n\
         01712345678,bKash,1000,2026-11-30,,,\n\
         01712345679,bKash,2000,,No,,\n\
         01812345670,Nagad,3000,,,No,\n\
         01912345671,bKash,4000,,,,8N7A6D5C4B\n\
         01712345672,bKash,5000,,,,\n",
    );
    let (code, json) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
    assert_eq!(code, 2, "{json}");
    let issues = json["issues"].as_array().cloned().unwrap_or_default();
    let refused: Vec<(u64, &str, &str)> = issues
        .iter()
        .map(|i| {
            (
                i["row"].as_u64().unwrap_or(0),
                i["column"].as_str().unwrap_or(""),
                i["value"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        refused,
        [
            (2, "Paid On", "2026-11-30"),
            (3, "Send?", "No"),
            (4, "Eligible", "No"),
            (5, "TrxID", "8N7A6D5C4B"),
        ],
        "{json}"
    );
    assert_eq!(json["total_poisha"], 500_000, "{json}");
    let said = notes(&json).join("\n");
    assert!(
        said.contains("column D \"Paid On\"") && said.contains("column G \"TrxID\""),
        "{said}"
    );
}

/// `--skip-invalid` pays the rows nothing holds back, and only those.
#[test]
fn skip_invalid_pays_only_the_rows_not_paid_already() {
    let dir = tmp();
    for save in ["csv", "xlsx", "gnumeric.ods"] {
        let file = sheet_fixture(&format!("paid-records.{save}"));
        let (code, all) = dry_run(dir.path(), &file, &["--skip-invalid"]);
        assert_eq!(code, Some(1), "{save}: {all}");
        assert!(
            all.contains("would send 5 payouts, Tk 35,000.00"),
            "{save}: {all}"
        );
    }
}

/// `--pay-despite "Paid On"` pays the dated rows, with a note naming the
/// column disregarded; the other columns still refuse theirs.
#[test]
fn pay_despite_paid_on_pays_the_dated_rows_with_a_note() {
    let mut want = WANT;
    for (n, v) in want.iter_mut() {
        if [2, 13].contains(n) {
            *v = Paid;
        }
    }
    for save in ["csv", "xlsx", "ods", "gnumeric.xls"] {
        let file = format!("paid-records.{save}");
        let r = verdicts(&file, &["--pay-despite", "Paid On"], 2, &want);
        assert_eq!(
            total(&r),
            Some(PAID_POISHA + (1 + 12) * 1000 * 100),
            "{file}"
        );
        let json = r.json.as_ref().unwrap();
        let limits = json["limits"].as_array().unwrap();
        assert!(
            limits.iter().any(|n| n
                .as_str()
                .unwrap()
                .contains("\"Paid On\" is not read as an instruction, because --pay-despite")),
            "{file}: {limits:?}"
        );
    }
}

/// The same `Payment Date` on every row is the date planned for this run:
/// every row is paid, with a note that says how the column was read.
#[test]
fn a_payment_date_the_same_on_every_row_is_the_plan() {
    let want = [(2, Paid), (3, Paid), (4, Paid), (5, Paid)];
    for save in SAVES {
        let file = format!("payment-date-planned.{save}");
        let r = verdicts(&file, &[], 0, &want);
        let json = r.json.as_ref().unwrap();
        assert!(
            notes(json).iter().any(|n| n
                .contains("\"Payment Date\" holds 2026-12-05 on every row")
                && n.contains("planned")),
            "{file}: {}",
            r.all
        );
    }
}

/// A `Payment Date` on some rows only records the payments made: the dated
/// rows are refused as paid already, the blank ones paid; `--pay-despite`
/// says the dates are planned ones.
#[test]
fn a_payment_date_on_some_rows_only_records_payments_made() {
    const DATED: &str = "column \"Payment Date\": \"2026-11-30";
    let want = [
        (2, Invalid(DATED)),
        (3, Paid),
        (4, Invalid(DATED)),
        (5, Paid),
    ];
    for save in SAVES {
        let file = format!("payment-date-mixed.{save}");
        let r = verdicts(&file, &[], 2, &want);
        assert_eq!(total(&r), Some((2 + 4) * 1000 * 100), "{file}");
        let said = &r.rows[0].2;
        assert!(
            said.contains("paid already") && said.contains("blank on rows 3, 5"),
            "{file}: {said}"
        );
        let all = [(2, Paid), (3, Paid), (4, Paid), (5, Paid)];
        verdicts(&file, &["--pay-despite", "Payment Date"], 0, &all);
    }
    // `--skip-invalid` pays the blank rows only.
    let dir = tmp();
    for save in ["csv", "xlsx", "gnumeric.ods"] {
        let file = sheet_fixture(&format!("payment-date-mixed.{save}"));
        let (code, all) = dry_run(dir.path(), &file, &["--skip-invalid"]);
        assert_eq!(code, Some(1), "{save}: {all}");
        assert!(
            all.contains("would send 2 payouts, Tk 6,000.00"),
            "{save}: {all}"
        );
    }
    // Different dates on every row: no one plan, so each is a payment made.
    let f = write(
        dir.path(),
        "d.csv",
        "Wallet,Provider,Amount,Pay Date\n\
         01712345601,bKash,1000,2026-11-28\n\
         01712345602,bKash,2000,2026-11-30\n",
    );
    let r = run(f.to_str().unwrap(), &[]);
    assert_eq!(r.code, 2, "{}", r.all);
    let got: Vec<&str> = r.rows.iter().map(|(_, s, _)| s.as_str()).collect();
    assert_eq!(got, ["invalid", "invalid"], "{:?}", r.rows);
}

/// A transaction id is never the payout's reference: `Employee ID` stays
/// the reference beside `TrxID`, `Transaction ID` and `Payment Ref`.
#[test]
fn a_transaction_id_is_never_the_reference() {
    let dir = tmp();
    for header in [
        "TrxID",
        "Transaction ID",
        "Txn ID",
        "bKash TrxID",
        "Payment Ref",
    ] {
        let f = write(
            dir.path(),
            "t.csv",
            format!(
                "Employee ID,Wallet,Provider,Amount,{header}\n\
                 E-1,01712345601,bKash,1000,\n\
                 E-2,01712345602,bKash,2000,9A8B7C6D5E\n"
            ),
        );
        let (code, json) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
        assert_eq!(code, 2, "{header}: {json}");
        let issue = &json["issues"][0];
        assert_eq!(
            (issue["row"].as_u64(), issue["column"].as_str()),
            (Some(3), Some(header)),
            "{json}"
        );
        assert_eq!(json["total_poisha"], 100_000, "{header}: {json}");
    }
}
