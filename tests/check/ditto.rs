//! A ditto mark that repeats an empty cell: the clerk meant a value the
//! sheet no longer shows above it (the cell was cleared, or the mark was
//! copied down too far), so the row is refused, never read as empty.

use super::*;

/// A ditto mark, or a chain of them, under an empty cell refuses its row in
/// every column that decides payment (a status, a record of payment, a
/// remark), naming the empty row; one under a value still repeats it.
#[test]
fn a_ditto_mark_under_an_empty_cell_refuses_its_row() {
    let dir = tmp();
    for (header, mark) in [
        ("Status", "\"\"\"\""),
        ("Status", "do"),
        ("Pay?", "-do-"),
        ("Paid", "〃"),
        ("Remarks", "ditto"),
        ("Hold", "''"),
    ] {
        let f = write(
            dir.path(),
            "d.csv",
            format!(
                "Wallet,Provider,Amount,{header}\n\
                 01712345601,bKash,1000,\n\
                 01712345602,bKash,2000,{mark}\n\
                 01712345603,bKash,3000,{mark}\n\
                 01712345604,bKash,4000,\n"
            ),
        );
        let (code, json) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
        assert_eq!(code, 2, "{header} {mark}: {json}");
        assert_eq!(
            issue_cells(&json),
            [(3, header.to_string()), (4, header.to_string())],
            "{header} {mark}: {json}"
        );
        let said = json["issues"][1]["message"].as_str().unwrap_or("");
        assert!(
            said.contains("ditto mark") && said.contains("row 2") && said.contains("empty"),
            "{header} {mark}: {json}"
        );
        assert_eq!(json["total_poisha"], 500_000, "{header} {mark}: {json}");
    }
}

/// A ditto mark in a column payrun pays from (the wallet, the provider, the
/// amount) or names the payout by (the reference) is refused as a ditto
/// mark, asking for the row's own value: payrun never copies money down.
#[test]
fn a_ditto_mark_where_money_is_read_asks_for_the_value() {
    let dir = tmp();
    let f = write(
        dir.path(),
        "d.csv",
        "Employee ID,Wallet,Provider,Amount\n\
         E1,01712345601,bKash,1000\n\
         E2,\"\"\"\",bKash,2000\n\
         E3,01712345603,do,3000\n\
         E4,01712345604,bKash,〃\n\
         -do-,01712345605,bKash,5000\n",
    );
    let (code, json) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
    assert_eq!(code, 2, "{json}");
    let cols = issue_cells(&json);
    assert_eq!(
        cols,
        [
            (3, "Wallet".to_string()),
            (4, "Provider".to_string()),
            (5, "Amount".to_string()),
            (6, "Employee ID".to_string())
        ],
        "{json}"
    );
    for issue in json["issues"].as_array().into_iter().flatten() {
        let said = issue["message"].as_str().unwrap_or("");
        assert!(said.starts_with("is a ditto mark"), "{json}");
    }
}
