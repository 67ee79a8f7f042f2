//! Which headers could hold a field: tests.

use super::*;

#[test]
fn words_split_at_punctuation_digits_and_keep_bengali() {
    assert_eq!(words("Net Pay (Tk)"), ["net", "pay", "tk"]);
    assert_eq!(words("A/C No."), ["ac", "no"]);
    assert_eq!(words("Amount2"), ["amount", "2"]);
    assert_eq!(words("টাকার পরিমাণ"), ["টাকার", "পরিমাণ"]);
    assert_eq!(words("BonusAmount"), ["bonus", "amount"]);
    assert_eq!(words("bKashNumber"), ["bkash", "number"]);
    assert_eq!(words("NET PAY"), ["net", "pay"]);
}

#[test]
fn money_columns_compete_and_others_do_not() {
    for h in [
        "Amount",
        "Net Pay",
        "Net Payable",
        "Bonus Amount",
        "Advance",
        "Payable",
        "Gross Salary",
        "Basic",
        "Total",
        "Wages",
        "Allowance",
        "Salary (Tk)",
        "টাকা",
        "বেতন",
        "টাকার পরিমাণ",
        "Payment",
        "BonusAmount",
    ] {
        assert!(could_be(Field::Amount, h), "{h}");
    }
    for h in [
        "Amount in words",
        "Taka (in words)",
        "টাকা (কথায়)",
        "Pay Date",
        "Salary Month",
        "Working Days",
        "Bonus %",
        "Bonus Rate",
        "Payment Method",
        "Pay Mode",
        "bKash Charge",
        "Account No",
        "Name",
        "Remarks",
        "Tax",
        "Total Deduction",
    ] {
        assert!(!could_be(Field::Amount, h), "{h}");
    }
}

#[test]
fn wallet_and_provider_columns_by_their_words() {
    for h in [
        "Wallet",
        "bKash Number",
        "Nagad No",
        "Mobile",
        "Phone",
        "Account No",
        "A/C",
        "Cell",
        "বিকাশ নম্বর",
        "Rocket Account",
    ] {
        assert!(could_be(Field::Wallet, h), "{h}");
    }
    for h in [
        "Account Name",
        "Wallet Type",
        "Mobile Operator",
        "Contact Mobile",
        "bKash Amount",
        "Mobile Allowance",
        "Mobile Banking",
        "bKash TrxID",
        "bKash Transaction ID",
        "Nagad Txn ID",
        "bKash Ref",
    ] {
        assert!(!could_be(Field::Wallet, h), "{h}");
    }
    for h in [
        "bKash Number",
        "Bkash A/C",
        "bKashNo",
        "Mobile (bKash)",
        "bKash Personal Number",
        "বিকাশ নম্বর",
        "Rocket Account",
    ] {
        assert!(names_a_provider_wallet(h, &crate::fields::fold(h)), "{h}");
    }
    for h in [
        "bKash",
        "bKash Amount",
        "bKash Account Name",
        "Mobile",
        "Nagad Charge",
    ] {
        assert!(!names_a_provider_wallet(h, &crate::fields::fold(h)), "{h}");
    }
    for h in ["Method", "Payment Channel", "Mode", "MFS", "মাধ্যম"] {
        assert!(could_be(Field::Provider, h), "{h}");
    }
    for h in ["MFS No", "MFS Account", "Payment Date", "Amount"] {
        assert!(!could_be(Field::Provider, h), "{h}");
    }
}

#[test]
fn bengali_header_words_match_however_they_were_typed() {
    // `য়` as one letter (U+09DF), as a keyboard may type it: the lists hold
    // it as the letter and a nukta.
    assert!(could_be(Field::Amount, "প্রদে\u{09DF}"));
    assert!(!could_be(Field::Amount, "টাকা (কথা\u{09DF})"));
    for list in [MONEY_STEMS_BN, NOT_AMOUNT_STEMS_BN] {
        for w in list {
            assert_eq!(bengali_one_form(w), *w, "{w:?}");
        }
    }
}
