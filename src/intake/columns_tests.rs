//! Header detection tests.

use super::*;

fn rows(v: &[&[&str]]) -> Vec<(usize, Vec<String>)> {
    v.iter()
        .enumerate()
        .map(|(i, r)| (i + 1, r.iter().map(|s| s.to_string()).collect()))
        .collect()
}

/// Detects the header of a one-row sheet, which must be refused with a
/// message naming each of `says`.
fn assert_refused(header: &[&str], provider: Option<crate::wallet::Provider>, says: &[&str]) {
    let err = match detect_header(&rows(&[header]), &[], provider) {
        Ok(m) => panic!("{header:?} chose {:?}", m.columns),
        Err(e) => e.0,
    };
    for s in says {
        assert!(err.contains(s), "{header:?}: {s:?} not in {err}");
    }
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
    let m = detect_header(&r, &[], None).unwrap();
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
    let m = detect_header(&r, &[], None).unwrap();
    assert_eq!(m.columns.get(Field::Wallet), Some(0));
    assert_eq!(m.columns.get(Field::Provider), Some(2));
}

#[test]
fn map_overrides_and_missing_lists_headers_and_closest() {
    let header = ["walletId", "Disbursed", "wayCode"];
    let listed = "\"walletId\", \"Disbursed\", \"wayCode\"";
    assert_refused(&header, None, &["amount", listed]);
    let r = rows(&[&header]);
    let o: ColumnOverride = "amount=\"Disbursed\"".parse().unwrap();
    let m = detect_header(&r, &[o], None).unwrap();
    assert_eq!(m.columns.get(Field::Amount), Some(1));

    let header = ["wallet", "amout", "provider"];
    assert_refused(&header, None, &["closest match \"amout\""]);
}

#[test]
fn two_amount_columns_are_ambiguous() {
    let header = ["wallet", "amount", "provider", "taka"];
    assert_refused(&header, None, &["more than one column could be the amount"]);
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
        let m = detect_header(&r, &[], None).unwrap_or_else(|e| panic!("{h}: {}", e.0));
        assert_eq!(m.columns.get(Field::Amount), Some(2), "{h}");
    }
    // A bare currency word is already a primary name; nothing else is left
    // to strip from it.
    assert_eq!(strip_currency("tk"), None);
    // A plain name does not win over a less common one: `Salary (Tk)` may be
    // the pay meant (this used to read `Amount` without a word).
    let header = ["Wallet", "Provider", "Salary (Tk)", "Amount"];
    let named = "\"Salary (Tk)\" (column C), \"Amount\" (column D)";
    assert_refused(&header, None, &[named]);
}

#[test]
fn payroll_amount_headers_in_bengali_and_english_are_the_amount() {
    // Each as finance types it, and with the nukta letter (য়) or the
    // two-part vowel sign (ো) in the other Unicode form a keyboard makes.
    for h in [
        "নিট বেতন",
        "নেট বেতন",
        "Net Pay",
        "Net Payable",
        "পরিশোধযোগ্য",
        "পরিশোধযোগ্য টাকা",
        "টাকার পরিমাণ",
        "Amount (BDT)",
        "Amount (৳)",
        "Net Pay (৳)",
        "বেতন (৳)",
        "প্রদেয়",
        "প্র\u{09a6}\u{09c7}\u{09df}",
        "প্রদেয় টাকা",
        "\u{09aa}\u{09b0}\u{09bf}\u{09b6}\u{09c7}\u{09be}\u{09a7}\u{09af}\u{09c7}\u{09be}\u{0997}\u{09cd}\u{09af}",
    ] {
        let r = rows(&[&["Mobile No.", "MFS", h]]);
        let m = detect_header(&r, &[], None).unwrap_or_else(|e| panic!("{h}: {}", e.0));
        assert_eq!(m.columns.get(Field::Amount), Some(2), "{h}");
    }
}

#[test]
fn a_wallet_column_beside_a_mobile_column_is_a_choice_for_the_user() {
    let header = ["Name", "Mobile No.", "bKash No.", "Channel", "Amount"];
    let says = [
        "more than one column could be the wallet",
        "\"Mobile No.\" (column B)",
        "\"bKash No.\" (column C)",
    ];
    assert_refused(&header, None, &says);
    let r = rows(&[&header]);
    let o: ColumnOverride = "wallet=bKash No.".parse().unwrap();
    let m = detect_header(&r, &[o], None).unwrap();
    assert_eq!(m.columns.get(Field::Wallet), Some(2));
    // An account column competes with a mobile column too: either may be
    // the wallet (this used to read `Mobile` without a word).
    let header = ["Mobile", "A/C No", "Channel", "Amount"];
    let named = "\"Mobile\" (column A), \"A/C No\" (column B)";
    assert_refused(&header, None, &[named]);
}

/// Headers with two candidates for one field: (header, field, the two candidates).
#[rustfmt::skip]
const TWO_CANDIDATES: &[(&[&str], &str, &str, &str)] = &[
    (&["Name", "Wallet", "Method", "Amount", "Net Pay"], "amount", "Amount", "Net Pay"),
    (&["Wallet", "Method", "Taka", "Net Payable"], "amount", "Taka", "Net Payable"),
    (&["Wallet", "Method", "Amount", "Bonus Amount"], "amount", "Amount", "Bonus Amount"),
    (&["Wallet", "Method", "Amount", "BonusAmount"], "amount", "Amount", "BonusAmount"),
    (&["Wallet", "Method", "Amount", "Advance", "Payable"], "amount", "Amount", "Advance"),
    (&["Wallet", "Method", "Basic", "Payable"], "amount", "Basic", "Payable"),
    (&["Wallet", "Method", "Gross Salary", "Net Salary"], "amount", "Gross Salary", "Net Salary"),
    (&["Wallet", "Method", "Amount", "Net Amount"], "amount", "Amount", "Net Amount"),
    (&["Wallet", "Method", "টাকা", "বেতন"], "amount", "টাকা", "বেতন"),
    (&["Wallet", "bKash Number", "Method", "Amount"], "wallet", "Wallet", "bKash Number"),
    (&["Phone", "Mobile", "Method", "Amount"], "wallet", "Phone", "Mobile"),
    (&["Account No", "Mobile", "Method", "Amount"], "wallet", "Account No", "Mobile"),
    (&["Wallet", "Method", "Channel", "Amount"], "provider", "Method", "Channel"),
    (&["Wallet", "Method", "Amount", "Payment Mode"], "provider", "Method", "Payment Mode"),
    (&["Employee ID", "Invoice No", "Wallet", "Method", "Amount"], "reference", "Employee ID", "Invoice No"),
    (&["Name", "Employee Name", "Wallet", "Method", "Amount"], "name", "Name", "Employee Name"),
    (&["Wallet", "Method", "Amount", "Remark", "Note"], "remark", "Remark", "Note"),
    (&["Wallet", "Method", "Amount", "Repeat", "Allow Repeat"], "repeat", "Repeat", "Allow Repeat"),
];

/// Every field, not only the amount: two columns that could hold it are
/// named, each with the `--map` that settles it, and never chosen between.
#[test]
fn two_candidates_for_any_field_are_refused() {
    for &(header, field, a, b) in TWO_CANDIDATES {
        let col = |h: &str| col_letter(header.iter().position(|x| *x == h).unwrap());
        let mut says = vec![format!("more than one column could be the {field}")];
        for h in [a, b] {
            says.push(format!("\"{h}\" (column {})", col(h)));
            says.push(format!("--map {field}=\"{h}\""));
        }
        assert_refused(
            header,
            None,
            &says.iter().map(String::as_str).collect::<Vec<_>>(),
        );
        // The --map settles it.
        let r = rows(&[header]);
        let o: ColumnOverride = format!("{field}={b}").parse().unwrap();
        let m = detect_header(&r, &[o], None).unwrap_or_else(|e| panic!("{header:?}: {}", e.0));
        assert!(
            m.notes.iter().any(|n| n.contains("is not read")),
            "{:?}",
            m.notes
        );
    }
}

/// Columns that are clearly not the payout stay out of the way.
#[test]
fn money_words_that_are_not_the_payout_do_not_compete() {
    let r = rows(&[&[
        "SL",
        "Name",
        "Designation",
        "Mobile",
        "Payment Method",
        "Working Days",
        "Pay Date",
        "Salary Month",
        "Bonus %",
        "Net Pay",
        "Amount in words",
        "Account Name",
        "Contact No",
    ]]);
    let m = detect_header(&r, &[], None).unwrap_or_else(|e| panic!("{}", e.0));
    assert_eq!(m.columns.get(Field::Amount), Some(9));
    assert_eq!(m.columns.get(Field::Wallet), Some(3));
    assert_eq!(m.columns.get(Field::Provider), Some(4));
}

/// One cell at column 1,000,000: the header is matched in one pass over
/// it, and the columns without a header are counted, not listed. (The
/// matcher used to walk the rest of the row for every blank header: a
/// million times a million steps.)
#[test]
fn matching_is_linear_in_the_columns() {
    let mut wide = vec![String::new(); 1_000_000];
    for (c, h) in ["Wallet", "Provider", "Amount"].iter().enumerate() {
        wide[c] = h.to_string();
    }
    wide[999_999] = "Remark".to_string();
    let r = vec![(1, wide)];
    let m = detect_header(&r, &[], None).unwrap_or_else(|e| panic!("{}", e.0));
    assert_eq!(m.columns.get(Field::Remark), Some(999_999));
    assert!(m.notes.len() <= 6, "{}", m.notes.len());
    assert!(
        m.notes
            .last()
            .is_some_and(|n| n.starts_with("… and 999991 more columns have no header")),
        "{:?}",
        m.notes.last()
    );
    // A missing field over the same row names a bounded list of headers.
    let mut wide = vec![String::new(); 1_000_000];
    wide[0] = "Wallet".into();
    wide[999_999] = "Provider".into();
    let err = detect_header(&[(1, wide)], &[], None).unwrap_err().0;
    assert!(err.len() < 2_000, "{}", err.len());
}

#[test]
fn a_wallet_header_naming_one_provider_sets_it_for_every_row() {
    use crate::wallet::Provider;
    for (h, p) in [
        ("bKash Number", Provider::Bkash),
        ("Nagad No", Provider::Nagad),
        ("বিকাশ নম্বর", Provider::Bkash),
        ("Rocket Account", Provider::Rocket),
        ("Bkash A/C", Provider::Bkash),
        ("Mobile (bKash)", Provider::Bkash),
        ("bKash Personal Number", Provider::Bkash),
        ("nagadno", Provider::Nagad),
    ] {
        let r = rows(&[&["Name", h, "Amount"]]);
        let m = detect_header(&r, &[], None).unwrap_or_else(|e| panic!("{h}: {}", e.0));
        assert_eq!(m.columns.get(Field::Wallet), Some(1), "{h}");
        assert_eq!(m.columns.get(Field::Provider), None, "{h}");
        assert_eq!(
            m.named_provider,
            Some(NamedProvider {
                provider: p,
                by: ProviderSource::Header(1)
            }),
            "{h}"
        );
        assert!(
            m.notes
                .iter()
                .any(|n| n.contains("every row is paid through")),
            "{h}"
        );
        // --provider agreeing with the header is fine; disagreeing is refused.
        assert!(detect_header(&r, &[], Some(p)).is_ok());
        let other = if p == Provider::Nagad {
            Provider::Bkash
        } else {
            Provider::Nagad
        };
        assert_refused(
            &["Name", h, "Amount"],
            Some(other),
            &["contradicts the sheet"],
        );
    }
    // No provider anywhere: refused, with the flag suggested.
    let header = ["Name", "Wallet", "Amount"];
    assert_refused(&header, None, &["--provider"]);
    let r = rows(&[&header]);
    let m = detect_header(&r, &[], Some(Provider::Nagad)).unwrap();
    assert_eq!(m.named_provider.map(|n| n.by), Some(ProviderSource::Flag));
    // --provider with a provider column is refused.
    let header = ["Name", "Wallet", "Method", "Amount"];
    let says = "--provider nagad is for a sheet without a provider column";
    assert_refused(&header, Some(Provider::Nagad), &[says]);
    // Two wallet columns naming two providers: a choice for the user.
    let header = ["Name", "bKash Number", "Nagad Number", "Amount"];
    assert_refused(&header, None, &["more than one column could be the wallet"]);
}

/// No name is known to two fields, so a column is never read as two.
#[test]
fn no_name_belongs_to_two_fields() {
    for a in Field::ALL {
        for b in Field::ALL.into_iter().filter(|b| *b != a) {
            for n in a.aliases().iter().chain(a.fallback_aliases()) {
                assert!(!known_name(b, n, n), "{n} is both {a} and {b}");
            }
        }
    }
}

/// A sheet payrun does not read holds a payroll table when a header row
/// names a wallet and an amount column, provider or not; a Summary or an
/// Instructions tab does not.
#[test]
fn a_payroll_table_is_a_wallet_and_an_amount_column() {
    let payroll = rows(&[&["November payroll"], &["Name", "bKash No", "Net Pay"]]);
    assert!(holds_payroll(&payroll, &[], None));
    let summary = rows(&[&["Month", "Payouts", "Total"], &["November", "2", "9000"]]);
    assert!(!holds_payroll(&summary, &[], None));
    let notes = rows(&[
        &["How to fill in the Payroll sheet"],
        &["Put each wallet in column B"],
    ]);
    assert!(!holds_payroll(&notes, &[], None));
    assert!(!holds_payroll(&[], &[], None));
}
