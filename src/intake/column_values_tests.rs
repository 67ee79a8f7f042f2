//! Columns judged by what their cells hold: tests (probe2 findings 3, 4, 5
//! and 9), through header detection as a sheet meets it.

use crate::fields::{ColumnOverride, Field};
use crate::intake::columns::detect_header;
use crate::intake::payee_words::tests::{NET_HEADERS, PAYEE_HEADERS};
use crate::wallet::Provider;

fn sheet(v: &[&[&str]]) -> Vec<(usize, Vec<String>)> {
    v.iter()
        .enumerate()
        .map(|(i, r)| (i + 1, r.iter().map(|s| s.to_string()).collect()))
        .collect()
}

fn refused(rows: &[&[&str]], overrides: &[ColumnOverride], flag: Option<Provider>) -> String {
    match detect_header(&sheet(rows), overrides, flag) {
        Ok(m) => panic!("{:?} chose {:?}", rows.first(), m.columns),
        Err(e) => e.0,
    }
}

fn map(text: &str) -> ColumnOverride {
    text.parse().unwrap_or_else(|e| panic!("{text}: {e:?}"))
}

#[test]
fn a_payee_number_beside_a_contact_number_refuses_the_sheet() {
    for payee in PAYEE_HEADERS {
        for contact in ["Mobile", "Phone", "Mobile Number"] {
            let header = ["Employee ID", "Name", contact, payee, "Provider", "Amount"];
            let rows: &[&[&str]] = &[
                &header,
                &[
                    "E1",
                    "Rahim",
                    "01712345678",
                    "01312000001",
                    "bKash",
                    "12000",
                ],
                &[
                    "E2",
                    "Karim",
                    "01812345679",
                    "01412000002",
                    "Nagad",
                    "15000",
                ],
            ];
            let err = refused(rows, &[], None);
            for says in [
                "more than one column could be the wallet",
                &format!("\"{contact}\""),
                &format!("\"{payee}\""),
                "--map wallet=",
                "01712345678",
                "01312000001",
            ] {
                assert!(
                    err.contains(says),
                    "{payee} / {contact}: {says:?} not in {err}"
                );
            }
            let m = detect_header(&sheet(rows), &[map(&format!("wallet={payee}"))], None)
                .unwrap_or_else(|e| panic!("{payee}: {}", e.0));
            assert_eq!(m.columns.get(Field::Wallet), Some(3), "{payee}");
            assert_eq!(m.columns.get(Field::Amount), Some(5), "{payee}");
        }
    }
}

#[test]
fn two_columns_of_different_wallet_numbers_refuse_the_sheet_whatever_their_headers() {
    let rows: &[&[&str]] = &[
        &["Name", "Mobile", "Contact No", "Provider", "Amount"],
        &["Rahim", "01712345678", "01312000001", "bKash", "12000"],
        &["Karim", "01812345679", "", "Nagad", "15000"],
        &["Fatema", "01912345670", "01512000003", "Nagad", "9000"],
    ];
    let err = refused(rows, &[], None);
    assert!(
        err.contains("\"Contact No\"") && err.contains("\"Mobile\""),
        "{err}"
    );
    assert!(err.contains("--map wallet=\"Mobile\""), "{err}");
    // The same numbers in both: nothing to choose.
    let same: &[&[&str]] = &[
        &["Name", "Mobile", "Contact No", "Provider", "Amount"],
        &["Rahim", "01712345678", "01712345678", "bKash", "12000"],
    ];
    let m = detect_header(&sheet(same), &[], None).unwrap_or_else(|e| panic!("{}", e.0));
    assert_eq!(m.columns.get(Field::Wallet), Some(1));
    // Another person's number is never the payee's wallet.
    let guardian: &[&[&str]] = &[
        &["Name", "bKash Number", "Guardian Phone", "Amount"],
        &["Rahim", "01712345678", "01312000001", "12000"],
    ];
    let m = detect_header(&sheet(guardian), &[], None).unwrap_or_else(|e| panic!("{}", e.0));
    assert_eq!(m.columns.get(Field::Wallet), Some(1));
}

#[test]
fn a_transaction_number_is_neither_the_wallet_nor_the_amount() {
    let rows: &[&[&str]] = &[
        &["Name", "Mobile", "Transaction Number", "Provider", "Amount"],
        &["Rahim", "01712345678", "8N7A6B5C4D", "bKash", "12000"],
    ];
    let m = detect_header(&sheet(rows), &[], None).unwrap_or_else(|e| panic!("{}", e.0));
    assert_eq!(m.columns.get(Field::Wallet), Some(1));
    assert_eq!(m.columns.get(Field::Amount), Some(4));
}

#[test]
fn a_net_pay_column_beside_the_salary_refuses_the_sheet() {
    for net in NET_HEADERS {
        let header = [
            "Employee ID",
            "Name",
            "Wallet",
            "Provider",
            "Salary",
            "Advance Deduction",
            net,
        ];
        let rows: &[&[&str]] = &[
            &header,
            &[
                "E1",
                "Rahim",
                "01712345678",
                "bKash",
                "20000",
                "2000",
                "18000",
            ],
        ];
        let err = refused(rows, &[], None);
        for says in [
            "more than one column could be the amount",
            "\"Salary\"",
            &format!("\"{net}\""),
        ] {
            assert!(err.contains(says), "{net}: {says:?} not in {err}");
        }
        let m = detect_header(&sheet(rows), &[map(&format!("amount={net}"))], None)
            .unwrap_or_else(|e| panic!("{net}: {}", e.0));
        assert_eq!(m.columns.get(Field::Amount), Some(6), "{net}");
    }
}

#[test]
fn a_deduction_beside_a_gross_amount_with_no_net_refuses_the_sheet() {
    for (gross, deduction) in [
        ("Salary", "Advance Deduction"),
        ("Gross", "Tax"),
        ("Basic", "Less"),
        ("Salary", "Fine"),
        ("বেতন", "কর্তন"),
    ] {
        let rows: &[&[&str]] = &[
            &["Name", "Wallet", "Provider", gross, deduction],
            &["Rahim", "01712345678", "bKash", "20000", "2000"],
        ];
        let err = refused(rows, &[], None);
        for says in [gross, deduction, "--map amount="] {
            assert!(
                err.contains(says),
                "{gross}/{deduction}: {says:?} not in {err}"
            );
        }
        let m = detect_header(&sheet(rows), &[map(&format!("amount={gross}"))], None)
            .unwrap_or_else(|e| panic!("{gross}: {}", e.0));
        assert_eq!(m.columns.get(Field::Amount), Some(3));
    }
    // An amount under its plain name is what to pay: a fee beside it is not a deduction.
    let rows: &[&[&str]] = &[
        &["Name", "Wallet", "Provider", "Amount", "Tax"],
        &["Rahim", "01712345678", "bKash", "20000", "0"],
    ];
    assert!(detect_header(&sheet(rows), &[], None).is_ok());
}

#[test]
fn a_column_of_provider_names_is_the_provider_column_whatever_its_header() {
    for via in [
        "Via",
        "Gateway",
        "Service",
        "Operator",
        "Type",
        "Medium",
        "Account Type",
        "Channel",
        "Method",
        "MFS",
        "Remarks2",
    ] {
        let rows: &[&[&str]] = &[
            &["Employee ID", "Name", "Wallet", via, "Amount"],
            &["E1", "Rahim", "01712345678", "bKash", "12000"],
            &["E2", "Karim", "01812345679", "nagad", "15000"],
            &["E3", "Fatema", "01912345670", "নগদ", "9000"],
        ];
        let m = detect_header(&sheet(rows), &[], None).unwrap_or_else(|e| panic!("{via}: {}", e.0));
        assert_eq!(m.columns.get(Field::Provider), Some(3), "{via}");
        let said = format!("column D \"{via}\" is read as a provider column");
        let known = ["Channel", "Method", "MFS"].contains(&via);
        assert_eq!(
            m.notes.iter().any(|n| n.text.starts_with(&said)),
            !known,
            "{via}"
        );
        let err = refused(rows, &[], Some(Provider::Bkash));
        assert!(
            err.contains("--provider bkash") && err.contains(&format!("\"{via}\"")),
            "{via}: {err}"
        );
    }
}

#[test]
fn a_header_naming_one_provider_does_not_hide_a_provider_column() {
    let rows: &[&[&str]] = &[
        &["Employee ID", "Name", "bKash Number", "Via", "Amount"],
        &["E1", "Rahim", "01712345678", "bKash", "12000"],
        &["E2", "Karim", "01812345679", "Nagad", "15000"],
    ];
    let m = detect_header(&sheet(rows), &[], None).unwrap_or_else(|e| panic!("{}", e.0));
    assert_eq!(m.columns.get(Field::Provider), Some(3));
    let named = m.named_provider.map(|n| n.provider);
    assert_eq!(
        named,
        Some(Provider::Bkash),
        "kept to check each row against"
    );
}

#[test]
fn disburse_to_is_the_wallet_not_an_amount() {
    let rows: &[&[&str]] = &[
        &["Name", "Disburse To", "Provider", "Amount"],
        &["Rahim", "01712345678", "bKash", "12000"],
    ];
    let m = detect_header(&sheet(rows), &[], None).unwrap_or_else(|e| panic!("{}", e.0));
    assert_eq!(m.columns.get(Field::Amount), Some(3));
    assert_eq!(m.columns.get(Field::Wallet), Some(1));
}
