//! Bank columns, rivals past the sampled rows, and the pay after
//! deductions under other names: tests (probe3 findings 1, 7 and 8).

use crate::fields::Field;
use crate::intake::columns::detect_header;

fn sheet(v: &[Vec<String>]) -> Vec<(usize, Vec<String>)> {
    v.iter()
        .enumerate()
        .map(|(i, r)| (i + 1, r.clone()))
        .collect()
}

fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|s| s.to_string()).collect()
}

/// An MFS sheet with the employees' salary banks under `bank`.
fn with_bank(provider: Option<&str>, bank: &str, banks: &[&str]) -> Vec<Vec<String>> {
    let mut head = vec!["Employee ID", "Name", "bKash Number"];
    head.extend(provider);
    head.extend(["Net Pay", bank]);
    let mut out = vec![row(&head)];
    for (i, b) in banks.iter().enumerate() {
        let wallet = format!("0171{:07}", i + 1);
        let id = format!("E{}", i + 1);
        let mut r = vec![id.as_str(), "P", wallet.as_str()];
        r.extend(provider.map(|_| "bKash"));
        r.extend(["15000", b]);
        out.push(row(&r));
    }
    out
}

#[test]
fn a_bank_column_is_the_salary_bank_never_the_provider() {
    let banks = ["DBBL", "DBBL", "DBBL", "BRAC Bank", "City Bank"];
    for bank in ["Bank", "Bank Name", "Salary Bank", "ব্যাংক", "Remarks2"] {
        let m = detect_header(&sheet(&with_bank(None, bank, &banks)), &[], None)
            .unwrap_or_else(|e| panic!("{bank}: {}", e.0));
        assert_eq!(m.columns.get(Field::Provider), None, "{bank}");
        assert_eq!(m.columns.get(Field::Amount), Some(3), "{bank}");
        let m = detect_header(
            &sheet(&with_bank(Some("Provider"), bank, &banks)),
            &[],
            None,
        )
        .unwrap_or_else(|e| panic!("{bank} beside Provider: {}", e.0));
        assert_eq!(m.columns.get(Field::Provider), Some(3), "{bank}");
    }
    // A `Bank` column that names wallet brands on most rows is still read
    // as the provider: a `bKash Number` header must not outrank its Nagad.
    let m = detect_header(
        &sheet(&with_bank(None, "Bank", &["bKash", "Nagad", "DBBL"])),
        &[],
        None,
    )
    .unwrap_or_else(|e| panic!("{}", e.0));
    assert_eq!(m.columns.get(Field::Provider), Some(4));
    // All DBBL too: a bank's name is not a provider's.
    let all = ["DBBL", "Dutch Bangla Bank", "DBBL"];
    let m = detect_header(&sheet(&with_bank(None, "Remarks2", &all)), &[], None)
        .unwrap_or_else(|e| panic!("{}", e.0));
    assert_eq!(m.columns.get(Field::Provider), None);
}

#[test]
fn a_via_column_naming_providers_is_still_the_provider() {
    let m = detect_header(
        &sheet(&with_bank(
            None,
            "Via",
            &["bKash", "Nagad", "Rocket", "DBBL"],
        )),
        &[],
        None,
    )
    .unwrap_or_else(|e| panic!("{}", e.0));
    assert_eq!(m.columns.get(Field::Provider), Some(4));
}

/// 40 rows: `rival` equal to `Mobile` on the first 30, different after.
fn rival40(rival: &str) -> Vec<Vec<String>> {
    let mut out = vec![row(&[
        "Employee ID",
        "Name",
        "Mobile",
        rival,
        "Provider",
        "Net Pay",
    ])];
    for i in 1..=40 {
        let mobile = format!("0171{i:07}");
        let other = if i <= 30 {
            mobile.clone()
        } else {
            format!("0181{i:07}")
        };
        out.push(vec![
            format!("E{i}"),
            format!("Person {i}"),
            mobile,
            other,
            "bKash".into(),
            "15000".into(),
        ]);
    }
    out
}

#[test]
fn a_contact_column_equal_in_the_sample_is_named_for_the_row_check() {
    for rival in ["Contact No", "Alt. Number", "Other No"] {
        let m = detect_header(&sheet(&rival40(rival)), &[], None)
            .unwrap_or_else(|e| panic!("{rival}: {}", e.0));
        assert_eq!(m.columns.get(Field::Wallet), Some(2), "{rival}");
        assert_eq!(m.rivals, vec![3], "{rival}");
        let map: crate::fields::ColumnOverride =
            "wallet=Mobile".parse().unwrap_or_else(|e| panic!("{e:?}"));
        let m = detect_header(&sheet(&rival40(rival)), &[map], None)
            .unwrap_or_else(|e| panic!("{rival}: {}", e.0));
        assert!(m.rivals.is_empty(), "--map wallet= settles it: {rival}");
    }
    // Another person's number is never a rival.
    let m = detect_header(&sheet(&rival40("Guardian Phone")), &[], None)
        .unwrap_or_else(|e| panic!("{}", e.0));
    assert!(m.rivals.is_empty());
}

#[test]
fn a_payment_or_new_number_beside_mobile_refuses_by_its_header() {
    for rival in ["পেমেন্ট নম্বর", "New Number"] {
        let err = match detect_header(&sheet(&rival40(rival)), &[], None) {
            Ok(m) => panic!("{rival}: chose {:?}", m.columns),
            Err(e) => e.0,
        };
        assert!(
            err.contains("more than one column could be the wallet"),
            "{rival}: {err}"
        );
    }
}

/// Salary 35000 beside `net` 28000 (and `deduction` when given).
fn gross_and(net: &str, cell: &str) -> Vec<Vec<String>> {
    vec![
        row(&["Employee ID", "Name", "bKash Number", "Salary", net]),
        row(&["E1", "P1", "01710000001", "35000", cell]),
        row(&["E2", "P2", "01710000002", "35000", cell]),
    ]
}

#[test]
fn a_balance_or_due_beside_a_gross_salary_refuses_the_sheet() {
    for net in [
        "পাবে",
        "Balance",
        "Due",
        "Transfer",
        "Remit",
        "পাওনা",
        "Net Payable",
        "Payable Amount",
    ] {
        let err = match detect_header(&sheet(&gross_and(net, "28000")), &[], None) {
            Ok(m) => panic!("{net}: chose {:?}", m.columns),
            Err(e) => e.0,
        };
        for says in ["\"Salary\"", &format!("\"{net}\""), "--map amount="] {
            assert!(err.contains(says), "{net}: {says:?} not in {err}");
        }
        let map: crate::fields::ColumnOverride = format!("amount={net}")
            .parse()
            .unwrap_or_else(|e| panic!("{e:?}"));
        let m = detect_header(&sheet(&gross_and(net, "28000")), &[map], None)
            .unwrap_or_else(|e| panic!("{net}: {}", e.0));
        assert_eq!(m.columns.get(Field::Amount), Some(4), "{net}");
    }
    // Not money to pay: days of leave, an HR transfer, a date.
    for (other, cell) in [
        ("Leave Balance", "12"),
        ("Transfer", "Dhaka office"),
        ("Due Date", "2026-12-01"),
    ] {
        let m = detect_header(&sheet(&gross_and(other, cell)), &[], None)
            .unwrap_or_else(|e| panic!("{other}: {}", e.0));
        assert_eq!(m.columns.get(Field::Amount), Some(3), "{other}");
    }
    // `Due` alone is the amount column's own business: not a rival to `Amount`.
    let rows = vec![
        row(&["Name", "bKash Number", "Amount", "Due"]),
        row(&["P1", "01710000001", "28000", "28000"]),
    ];
    let m = detect_header(&sheet(&rows), &[], None).unwrap_or_else(|e| panic!("{}", e.0));
    assert_eq!(m.columns.get(Field::Amount), Some(2));
}

/// 10 rows of `Mobile` beside `other`, whose cells `cell(i)` gives.
fn beside(other: &str, cell: impl Fn(usize) -> String) -> Vec<Vec<String>> {
    let mut out = vec![row(&["Name", "Mobile", "Provider", "Net Pay", other])];
    for i in 1..=10 {
        let mobile = format!("0171{i:07}");
        out.push(vec![
            format!("P{i}"),
            mobile,
            "bKash".into(),
            "15000".into(),
            cell(i),
        ]);
    }
    out
}

#[test]
fn a_sparse_or_unsampled_column_is_compared_on_every_row() {
    let few = |i: usize| match i {
        3 => "01810000003".to_string(),
        7 => "N/A".to_string(),
        _ => String::new(),
    };
    for (other, cells, compared) in [
        ("Contact No", &few as &dyn Fn(usize) -> String, true),
        ("Contact No", &|_| String::new(), true),
        ("Department", &|_| String::new(), true),
        // Ten-digit IDs may read as a phone that lost its leading zero.
        ("NID", &|_| String::new(), false),
        ("Passport No", &few, false),
        ("Guardian Phone", &few, false),
        // Mostly figures that are no wallet: an ID, not a phone.
        ("Code", &|i| format!("1{i:09}"), false),
    ] {
        let m = detect_header(&sheet(&beside(other, cells)), &[], None)
            .unwrap_or_else(|e| panic!("{other}: {}", e.0));
        assert_eq!(m.rivals == vec![4], compared, "{other}: {:?}", m.rivals);
    }
}
