//! Header detection tests.

use super::*;

fn rows(v: &[&[&str]]) -> Vec<(usize, Vec<String>)> {
    v.iter()
        .enumerate()
        .map(|(i, r)| (i + 1, r.iter().map(|s| s.to_string()).collect()))
        .collect()
}

#[test]
fn finds_header_under_title_rows_with_aliases() {
    let r = rows(&[
        &["Acme Ltd payroll", "", ""],
        &["November 2026"],
        &[
            "Employee ID",
            "Name",
            "Wallet Number",
            "Method",
            "Amount (BDT)",
            "Note",
        ],
    ]);
    let m = detect_header(&r, &[]).unwrap();
    assert_eq!(m.index, 2);
    assert_eq!(m.columns.get(Field::Reference), Some(0));
    assert_eq!(m.columns.get(Field::Wallet), Some(2));
    assert_eq!(m.columns.get(Field::Provider), Some(3));
    assert_eq!(m.columns.get(Field::Amount), Some(4));
    assert_eq!(m.columns.get(Field::Remark), Some(5));
}

#[test]
fn case_insensitive_and_bare_wallet_as_provider() {
    let r = rows(&[&["MOBILE", "TAKA", "wallet"]]);
    let m = detect_header(&r, &[]).unwrap();
    assert_eq!(m.columns.get(Field::Wallet), Some(0));
    assert_eq!(m.columns.get(Field::Provider), Some(2));
}

#[test]
fn map_overrides_and_missing_lists_headers_and_closest() {
    let r = rows(&[&["walletId", "Disbursed", "wayCode"]]);
    let err = detect_header(&r, &[]).unwrap_err().0;
    assert!(err.contains("amount"), "{err}");
    assert!(
        err.contains("\"walletId\", \"Disbursed\", \"wayCode\""),
        "{err}"
    );
    let o: ColumnOverride = "amount=\"Disbursed\"".parse().unwrap();
    let m = detect_header(&r, &[o]).unwrap();
    assert_eq!(m.columns.get(Field::Amount), Some(1));

    let r = rows(&[&["wallet", "amout", "provider"]]);
    let err = detect_header(&r, &[]).unwrap_err().0;
    assert!(err.contains("closest match \"amout\""), "{err}");
}

#[test]
fn two_amount_columns_are_ambiguous() {
    let r = rows(&[&["wallet", "amount", "provider", "taka"]]);
    let err = detect_header(&r, &[]).unwrap_err().0;
    assert!(
        err.contains("more than one column could be the amount"),
        "{err}"
    );
}

#[test]
fn bad_map_arguments() {
    assert!("amount".parse::<ColumnOverride>().is_err());
    assert!("salary=Pay".parse::<ColumnOverride>().is_err());
    assert!("amount=".parse::<ColumnOverride>().is_err());
    let o: ColumnOverride = "Wallet = Bkash No".parse().unwrap();
    assert_eq!((o.field, o.header.as_str()), (Field::Wallet, "Bkash No"));
}

#[test]
fn column_letters() {
    assert_eq!(col_letter(0), "A");
    assert_eq!(col_letter(25), "Z");
    assert_eq!(col_letter(26), "AA");
    assert_eq!(col_letter(701), "ZZ");
    assert_eq!(col_letter(702), "AAA");
}

#[test]
fn fallback_names_with_a_currency_suffix() {
    for h in [
        "Net Pay (Tk)",
        "Payable Amount (BDT)",
        "Salary Taka",
        "বেতন (টাকা)",
    ] {
        let r = rows(&[&["Mobile No.", "MFS", h]]);
        let m = detect_header(&r, &[]).unwrap_or_else(|e| panic!("{h}: {}", e.0));
        assert_eq!(m.columns.get(Field::Amount), Some(2), "{h}");
    }
    // A bare currency word is already a primary name; nothing else is left
    // to strip from it.
    assert_eq!(strip_currency("tk"), None);
    // The plain name still wins over a fallback one.
    let r = rows(&[&["Wallet", "Provider", "Salary (Tk)", "Amount"]]);
    assert_eq!(
        detect_header(&r, &[]).unwrap().columns.get(Field::Amount),
        Some(3)
    );
}

#[test]
fn a_wallet_column_beside_a_mobile_column_is_a_choice_for_the_user() {
    let r = rows(&[&["Name", "Mobile No.", "bKash No.", "Channel", "Amount"]]);
    let err = detect_header(&r, &[]).unwrap_err().0;
    assert!(
        err.contains("more than one column could be the wallet")
            && err.contains("\"Mobile No.\" (column B)")
            && err.contains("\"bKash No.\" (column C)"),
        "{err}"
    );
    let o: ColumnOverride = "wallet=bKash No.".parse().unwrap();
    let m = detect_header(&r, &[o]).unwrap();
    assert_eq!(m.columns.get(Field::Wallet), Some(2));
    // A generic account column does not compete with the mobile number.
    let r = rows(&[&["Mobile", "A/C No", "Channel", "Amount"]]);
    assert_eq!(
        detect_header(&r, &[]).unwrap().columns.get(Field::Wallet),
        Some(0)
    );
}
