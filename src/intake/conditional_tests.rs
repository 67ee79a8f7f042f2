use super::*;

fn white() -> Hides {
    Hides {
        invisible_ink: true,
        ..Hides::default()
    }
}

fn rule(when: When) -> Rule {
    Rule {
        areas: vec![(2, 4, 1, 1)],
        when,
        hides: white(),
    }
}

/// Column B of rows 1 to 4: a header, then 5000, "skip", 0.
fn sheet() -> Range<Data> {
    let mut range: Range<Data> = Range::new((0, 0), (3, 2));
    range.set_value((0, 1), Data::String("Amount".into()));
    range.set_value((1, 1), Data::Float(5000.0));
    range.set_value((2, 1), Data::String("Skip".into()));
    range.set_value((3, 1), Data::Int(0));
    range
}

fn unseen(when: When) -> Vec<(usize, usize)> {
    unseen_in_range(&[rule(when)], &sheet()).unwrap()
}

#[test]
fn a_plain_condition_is_worked_out_cell_by_cell() {
    let eq0 = xlsx_when("cellIs", Some("equal"), None, &["0".into()]);
    assert_eq!(unseen(eq0), vec![(4, 1)]);
    let big = xlsx_when(
        "cellIs",
        Some("greaterThanOrEqual"),
        None,
        &["4999.5".into()],
    );
    // Text is greater than any number in Excel: taken as hidden.
    assert_eq!(unseen(big), vec![(2, 1), (3, 1)]);
    let between = xlsx_when("cellIs", Some("between"), None, &["1".into(), "-1".into()]);
    assert_eq!(unseen(between), vec![(4, 1)]);
    let skip = xlsx_when("cellIs", Some("equal"), None, &[r#""skip""#.into()]);
    assert_eq!(unseen(skip), vec![(3, 1)]);
    let text = xlsx_when("containsText", Some("containsText"), Some("KI"), &[]);
    assert_eq!(unseen(text), vec![(3, 1)]);
    assert_eq!(unseen(When::Blanks), vec![]);
    assert_eq!(unseen(When::Errors(true)), vec![]);
}

#[test]
fn a_condition_payrun_cannot_work_out_hides_every_cell_it_covers() {
    for when in [
        xlsx_when("expression", None, None, &[r#"$E2="skip""#.into()]),
        xlsx_when("cellIs", Some("greaterThan"), None, &["$F$1".into()]),
        xlsx_when("cellIs", Some("between"), None, &["1".into()]),
        xlsx_when("top10", None, None, &[]),
        odf_when("formula-is([.$E6]=\"skip\")"),
        odf_when("duplicate"),
    ] {
        assert_eq!(unseen(when), vec![(2, 1), (3, 1), (4, 1)]);
    }
}

#[test]
fn libreoffice_conditions_read_like_excel_ones() {
    let excel_equal = xlsx_when("cellIs", Some("equal"), None, &["0".into()]);
    for (condition, want) in [
        (">=9000", When::numbers(Op::Ge, 9000.0, None)),
        ("=0", excel_equal),
        (
            "!=\"a,b\"",
            When::Compare(Op::Ne, Operand::Text("a,b".into()), None),
        ),
        (
            "not-between(1,5)",
            When::numbers(Op::NotBetween, 1.0, Some(5.0)),
        ),
        (
            "begins-with(\"Sk\")",
            When::Text(TextTest::Begins, "Sk".into()),
        ),
        ("is-error", When::Errors(true)),
    ] {
        assert_eq!(odf_when(condition), want, "{condition}");
    }
}

#[test]
fn reference_lists_in_either_spelling() {
    assert_eq!(
        areas("D2:D100 F3").unwrap(),
        vec![(2, 100, 3, 3), (3, 3, 5, 5)]
    );
    assert_eq!(
        areas("Payroll.D2:Payroll.D100 'My sheet.x'.$F$3").unwrap(),
        vec![(2, 100, 3, 3), (3, 3, 5, 5)]
    );
    assert_eq!(areas("nonsense").unwrap(), vec![]);
}

#[test]
fn a_style_that_hides_only_some_values_hides_only_those() {
    let zeros = Hides {
        zero: true,
        ..Hides::default()
    };
    let r = Rule {
        areas: vec![(1, 4, 1, 1)],
        when: When::Always,
        hides: zeros,
    };
    assert_eq!(unseen_in_range(&[r], &sheet()).unwrap(), vec![(4, 1)]);
}
