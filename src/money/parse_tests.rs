//! Amount parser tests.

use super::*;
use proptest::prelude::*;

fn p(s: &str) -> Result<i64, AmountError> {
    Amount::parse(s).map(Amount::poisha)
}

#[test]
fn accepted_forms() {
    for (s, want) in [
        ("1000", 100_000),
        ("1,000", 100_000),
        ("1,00,000", 10_000_000),
        ("100,000", 10_000_000),
        ("12,34,56,789", 12_345_678_900),
        ("BDT 500", 50_000),
        ("bdt500", 50_000),
        ("Tk 500", 50_000),
        ("TK500", 50_000),
        ("Tk. 500", 50_000),
        ("৳500", 50_000),
        ("৳ 1,500", 150_000),
        ("500/-", 50_000),
        ("Tk 500/-", 50_000),
        ("500 Tk", 50_000),
        ("500 টাকা", 50_000),
        ("500.00", 50_000),
        ("500.5", 50_050),
        ("19.99", 1_999),
        ("0.05", 5),
        (".50", 50),
        ("৫০০", 50_000),
        ("১,২৩,৪৫৬.৭৮", 12_345_678),
        ("\u{00A0}500\u{200B}", 50_000),
        ("'500", 50_000),
        ("\"1,000\"", 100_000),
        // The "only" of cheques and vouchers, in English and Bengali.
        ("Tk. 5,000/- only", 500_000),
        ("Tk 5,000 Only", 500_000),
        ("5,000/- ONLY", 500_000),
        ("৫,০০০/- মাত্র", 500_000),
        ("৫,০০০ টাকা মাত্র", 500_000),
    ] {
        assert_eq!(p(s), Ok(want), "{s:?}");
    }
}

#[test]
fn refused_forms() {
    use AmountError::*;
    for (s, want) in [
        ("", Empty),
        ("  ", Empty),
        ("0", Zero),
        ("0.00", Zero),
        ("Tk 0", Zero),
        ("-500", Negative),
        ("Tk -500", Negative),
        ("−500", Negative),
        ("(500)", Negative),
        ("500.001", TooManyDecimals),
        ("19.999", TooManyDecimals),
        ("5E+02", Scientific),
        ("5e2", Scientific),
        ("1.5E3", Scientific),
        ("abc", NotANumber),
        ("five hundred", NotANumber),
        ("500.", NotANumber),
        ("5.0.0", NotANumber),
        (
            "+500",
            PlusSign {
                digits: "500".into(),
            },
        ),
        (
            "+ 1,500",
            PlusSign {
                digits: "1,500".into(),
            },
        ),
        ("+abc", NotANumber),
        (
            "12\u{a0}000",
            SpaceGrouping {
                space: "a non-breaking space (U+00A0)",
                digits: "12000".into(),
            },
        ),
        (
            "12\u{2009}000.50",
            SpaceGrouping {
                space: "a thin space (U+2009)",
                digits: "12000.50".into(),
            },
        ),
        (
            "1 20 000",
            SpaceGrouping {
                space: "a space",
                digits: "120000".into(),
            },
        ),
        ("-12 000", NotANumber),
        ("$500", NotANumber),
        ("500 USD", NotANumber),
        ("12,50", BadGrouping),
        ("1,0000", BadGrouping),
        ("1,000,00", BadGrouping),
        (",500", BadGrouping),
        ("99999999999999999999", TooLarge),
        ("1.500", TooManyDecimals),
        ("12.500.000", DotGrouping),
        ("1.500,00", DotGrouping),
        ("Tk 25.000,50", DotGrouping),
        ("500.000", TooManyDecimals),
        ("1.5000", TooManyDecimals),
        ("-", Dash),
        (" -   ", Dash),
        ("—", Dash),
        ("–", Dash),
        ("Tk -", Dash),
        ("৳ - ", Dash),
        ("(0.00)", Zero),
        ("-0", Zero),
        ("- 500", Negative),
        ("(Tk 500)", Negative),
    ] {
        assert_eq!(p(s), Err(want.clone()), "{s:?}");
    }
}

#[test]
fn figures_count_zero_dashes_and_negatives_as_sum_would() {
    let f = |s: &str| Amount::figure(s).map(Amount::poisha);
    for (s, want) in [
        ("500", Some(50_000)),
        ("1,500.50", Some(150_050)),
        ("0", Some(0)),
        ("-", Some(0)),
        (" -   ", Some(0)),
        ("", Some(0)),
        ("(0.00)", Some(0)),
        ("-500", Some(-50_000)),
        ("(500)", Some(-50_000)),
        ("Tk -1,500", Some(-150_000)),
        ("five hundred", None),
        ("5E+02", None),
    ] {
        assert_eq!(f(s), want, "{s:?}");
    }
}

#[test]
fn float_cells_read_through_shortest_display() {
    // What intake does with an XLSX numeric cell.
    assert_eq!(p(&format!("{}", 19.99_f64)), Ok(1_999));
    assert_eq!(p(&format!("{}", 1234.5_f64)), Ok(123_450));
    assert_eq!(p(&format!("{}", 50000.0_f64)), Ok(5_000_000));
    assert_eq!(
        p(&format!("{}", 0.1_f64 + 0.2_f64)),
        Err(AmountError::TooManyDecimals)
    );
}

proptest! {
    #[test]
    fn display_and_wire_forms_read_back(poisha in 1i64..1_000_000_000_000) {
        let a = Amount::from_poisha(poisha);
        prop_assert_eq!(Amount::parse(&a.to_string()), Ok(a));
        prop_assert_eq!(Amount::parse(&a.to_wire()), Ok(a));
        prop_assert_eq!(Amount::parse(&a.to_plain_taka()), Ok(a));
        prop_assert_eq!(Amount::parse(&format!("Tk {a}/-")), Ok(a));
    }

    #[test]
    fn parse_is_idempotent(s in "\\PC{0,16}") {
        if let Ok(a) = Amount::parse(&s) {
            prop_assert_eq!(Amount::parse(&a.to_string()), Ok(a));
            prop_assert_eq!(Amount::parse(&a.to_wire()), Ok(a));
        }
    }

    #[test]
    fn never_accepts_what_it_must_refuse(s in "[-0-9০-৯.,eE+ ()Tk৳/]{0,14}") {
        if let Ok(a) = Amount::parse(&s) {
            prop_assert!(a.poisha() > 0, "{:?} gave {:?}", s, a);
            prop_assert!(!s.contains(['e', 'E']), "E notation accepted: {:?}", s);
            prop_assert!(!s.trim_start().starts_with('-'), "negative accepted: {:?}", s);
            if let Some((_, frac)) = s.rsplit_once('.') {
                let digits = frac.chars().take_while(|c| c.is_ascii_digit()).count();
                prop_assert!(digits <= 2, "3+ decimals accepted: {:?}", s);
            }
        }
    }

    #[test]
    fn three_decimals_never_pass(int in 0u64..1_000_000, frac in 0u32..1000) {
        let s = format!("{int}.{frac:03}");
        prop_assert!(Amount::parse(&s).is_err(), "{s}");
    }
}
