//! Bank columns, a rival wallet column that differs only after the rows
//! header detection reads, and the pay after deductions under other names
//! (probe3 findings 1, 7 and 8), end to end.

use super::*;

/// 40 rows: `rival` equal to `Mobile` on rows 1-30, another number on rows
/// 31-40 (sheet rows 32-41).
fn rival40(rival: &str) -> String {
    let mut s = format!("Employee ID,Name,Mobile,{rival},Provider,Net Pay\n");
    for i in 1..=40 {
        let mobile = format!("0171{i:07}");
        let other = if i <= 30 {
            mobile.clone()
        } else {
            format!("0181{i:07}")
        };
        s.push_str(&format!("E{i},Person {i},{mobile},{other},bKash,15000\n"));
    }
    s
}

#[test]
fn a_rival_wallet_column_differing_after_row_30_refuses_those_rows() {
    let dir = tmp();
    for rival in ["Contact No", "Alt. Number"] {
        let f = write(dir.path(), "rival40.csv", rival40(rival));
        let (code, all) = check_code(dir.path(), &f, &[]);
        assert_ne!(code, 0, "{rival}: {all}");
        for says in [
            "01810000031",
            "01810000040",
            "--map wallet=\"Mobile\"",
            rival,
        ] {
            assert!(all.contains(says), "{rival}: {says:?} not in {all}");
        }
        let (code, all) = check_code(dir.path(), &f, &["--map", "wallet=Mobile"]);
        assert_eq!(code, 0, "{rival}: --map wallet= is the way out: {all}");
    }
    // Named as the payee's number by its header: refused as the sheet.
    for rival in ["পেমেন্ট নম্বর", "New Number"] {
        let f = write(dir.path(), "rival40.csv", rival40(rival));
        let (code, all) = check_code(dir.path(), &f, &[]);
        assert_ne!(code, 0, "{rival}: {all}");
        assert!(
            all.contains("more than one column could be the wallet"),
            "{rival}: {all}"
        );
    }
}

#[test]
fn a_bank_column_does_not_block_an_mfs_sheet() {
    let dir = tmp();
    let f = write(
        dir.path(),
        "bank1.csv",
        "Employee ID,Name,bKash Number,Net Pay,Bank\n\
         E1,P1,01710000001,15000,DBBL\n\
         E2,P2,01810000002,15000,DBBL\n\
         E3,P3,01710000003,15000,DBBL\n\
         E4,P4,01810000004,15000,BRAC Bank\n\
         E5,P5,01710000005,15000,City Bank\n",
    );
    let (code, all) = check_code(dir.path(), &f, &[]);
    assert_eq!(code, 0, "{all}");
    let f = write(
        dir.path(),
        "bank2.csv",
        "Employee ID,Name,Wallet,Provider,Net Pay,Bank\n\
         E1,P1,01710000001,bKash,15000,DBBL\n\
         E2,P2,01810000002,Nagad,15000,DBBL\n\
         E3,P3,01710000003,bKash,15000,BRAC Bank\n",
    );
    let (code, all) = check_code(dir.path(), &f, &[]);
    assert_eq!(code, 0, "{all}");
}

#[test]
fn a_net_under_another_name_beside_the_salary_refuses_the_sheet() {
    let dir = tmp();
    for net in ["পাবে", "Balance", "Due", "Remit", "Transfer"] {
        let f = write(
            dir.path(),
            "net.csv",
            format!(
                "Employee ID,Name,bKash Number,Salary,{net}\n\
                 E1,P1,01710000001,35000,28000\n\
                 E2,P2,01710000002,35000,28000\n"
            ),
        );
        let (code, all) = check_code(dir.path(), &f, &[]);
        assert_ne!(code, 0, "{net}: {all}");
        assert!(
            all.contains(&format!("--map amount=\"{net}\"")),
            "{net}: {all}"
        );
    }
    // `Due` with no gross beside it is not asked about.
    let f = write(
        dir.path(),
        "due.csv",
        "Employee ID,Name,bKash Number,Amount,Due\nE1,P1,01710000001,28000,28000\n",
    );
    let (code, all) = check_code(dir.path(), &f, &[]);
    assert_eq!(code, 0, "{all}");
}

/// A column headed `Cash` (`Cash Amount`, `In Cash`, `নগদ`) holding sums
/// beside the amount is a second amount: the part paid in cash, or the
/// amount itself. The gross `Salary` beside a `Cash` of 28000 was paid.
/// A `Cash` column of words (a payment method, a yes) is no amount.
#[test]
fn a_cash_column_of_sums_beside_the_amount_refuses_the_sheet() {
    let dir = tmp();
    for amount in ["Salary", "Amount"] {
        for cash in ["Cash", "CASH", "In Cash", "Cash Portion", "নগদ"] {
            let f = write(
                dir.path(),
                "cash.csv",
                format!(
                    "Employee ID,Name,bKash Number,{amount},{cash}\n\
                     E1,P1,01710000001,35000,28000\n\
                     E2,P2,01710000002,35000,\n\
                     E3,P3,01710000003,35000,\"7,000\"\n"
                ),
            );
            let (code, all) = check_code(dir.path(), &f, &["--map", "wallet=bKash Number"]);
            assert_ne!(code, 0, "{amount} {cash}: {all}");
            for says in [
                "more than one column could be the amount".to_string(),
                format!("--map amount=\"{cash}\""),
                format!("--map amount=\"{amount}\""),
            ] {
                assert!(all.contains(&says), "{amount} {cash}: {says} not in {all}");
            }
            let map = format!("amount={amount}");
            let (code, all) = check_code(
                dir.path(),
                &f,
                &["--map", "wallet=bKash Number", "--map", &map],
            );
            assert_eq!(code, 0, "{amount} {cash}: {all}");
        }
    }
    for words in ["Yes", "No", "bKash", "Cash", "-"] {
        let f = write(
            dir.path(),
            "cash.csv",
            format!(
                "Employee ID,Name,bKash Number,Salary,Cash\n\
                 E1,P1,01710000001,35000,{words}\n\
                 E2,P2,01710000002,35000,\n\
                 E3,P3,01710000003,35000,{words}\n"
            ),
        );
        let (code, all) = check_code(dir.path(), &f, &[]);
        assert_eq!(code, 0, "{words}: {all}");
    }
}

/// A row number in the sheet and the number there (`SAME`: the wallet's).
type Filled<'a> = (usize, &'a str);

/// 40 rows of `bKash No` beside `rival`, filled only where `other` says.
fn sparse40(rival: &str, other: &[Filled]) -> String {
    let mut s = format!("Employee ID,Name,bKash No,{rival},Net Pay\n");
    for i in 1..=40 {
        let wallet = format!("0171{i:07}");
        let theirs = other
            .iter()
            .find(|(r, _)| *r == i + 1)
            .map_or(String::new(), |(_, n)| n.replace("SAME", &wallet));
        s.push_str(&format!("E{i},Person {i},{wallet},{theirs},15000\n"));
    }
    s
}

/// A rival column filled on a few rows only (fewer than half the rows read
/// for the header, or none of them): each row where it holds another wallet
/// number is refused, naming both columns; a blank or equal one is fine.
#[test]
fn a_sparse_rival_wallet_column_refuses_the_rows_where_it_differs() {
    let dir = tmp();
    let cases: [(&str, &[Filled], &[u64]); 3] = [
        (
            "Contact No",
            &[
                (4, "01810000003"),
                (8, "SAME"),
                (12, "01910000011"),
                (36, "01310000035"),
            ],
            &[4, 12, 36],
        ),
        ("Alt. Number", &[(5, "018-1000-0004"), (9, "SAME")], &[5]),
        ("Other No", &[(35, "01810000034"), (40, "SAME")], &[35]),
    ];
    for (rival, other, rows) in cases {
        let f = write(dir.path(), "sparse.csv", sparse40(rival, other));
        let (code, json) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
        assert_eq!(code, 2, "{rival}: {json}");
        let refused: Vec<u64> = json["issues"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|i| i["row"].as_u64())
            .collect();
        assert_eq!(refused, rows, "{rival}: {json}");
        let said = json["issues"][0]["message"].as_str().unwrap_or("");
        for says in ["bKash No", "--map wallet=\"bKash No\"", rival] {
            assert!(said.contains(says), "{rival}: {says:?} not in {json}");
        }
        assert_eq!(json["valid"], 40 - rows.len(), "{rival}: {json}");
        let (code, all) = check_code(dir.path(), &f, &["--map", "wallet=bKash No"]);
        assert_eq!(code, 0, "{rival}: --map wallet= is the way out: {all}");
    }
}

/// Two columns under the same header (an old month's `Amount` kept beside
/// this month's): `--map amount="Amount"` cannot say which, so it is
/// refused naming both columns, never read as the first of them (which
/// paid October's amounts).
#[test]
fn a_map_naming_a_header_two_columns_share_is_refused() {
    let dir = tmp();
    let alike = "Rename the headers that are alike";
    for (header, cells, map, says) in [
        (
            "Name,bKash No,Amount,Amount",
            "01710000001,1000,2000",
            "amount=Amount",
            alike,
        ),
        (
            "Name,bKash No,Net Pay,Net-Pay",
            "01710000001,1000,2000",
            "amount=netpay",
            "--map amount=\"Net-Pay\"",
        ),
        (
            "Name,Amount,Wallet,Wallet",
            "1000,01710000001,01810000001",
            "wallet=Wallet",
            alike,
        ),
    ] {
        let f = write(dir.path(), "two.csv", format!("{header}\nP1,{cells}\n"));
        let (code, all) = check_code(dir.path(), &f, &["--map", map]);
        assert_ne!(code, 0, "{header}: {all}");
        assert!(
            all.contains("column C") && all.contains("column D"),
            "{header}: {all}"
        );
        assert!(all.contains(says), "{header}: {all}");
    }
}
