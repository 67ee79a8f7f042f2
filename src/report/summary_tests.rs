//! The tallies and the control equation, tested on rows made by hand.

use super::*;

fn row(status: RowStatus, poisha: Option<i64>, provider: Option<Provider>) -> ReportRow {
    let mut r = ReportRow::new("01712345678", status);
    r.amount = poisha.map(Amount::from_poisha);
    r.provider = provider;
    r
}

fn sample() -> Vec<ReportRow> {
    vec![
        row(RowStatus::Paid, Some(10000), Some(Provider::Bkash)),
        row(RowStatus::Paid, Some(25050), Some(Provider::Nagad)),
        row(RowStatus::Processing, Some(30000), Some(Provider::Bkash)),
        row(RowStatus::Failed, Some(100), Some(Provider::Rocket)),
        row(RowStatus::NotSent, Some(500), Some(Provider::Bkash)),
        row(RowStatus::Invalid, None, None),
        row(RowStatus::Invalid, Some(700), Some(Provider::Nagad)),
        row(RowStatus::Conflict, Some(900), Some(Provider::Bkash)),
    ]
}

fn sheet_of(rows: &[ReportRow]) -> SheetTotals {
    SheetTotals {
        rows: rows.len() as u64,
        amount: Amount::checked_sum(rows.iter().filter_map(|r| r.amount)).unwrap_or_default(),
    }
}

#[test]
fn equation_balances_when_every_row_is_accounted_for() {
    let rows = sample();
    let data = ReportData::build(SummaryHeader::default(), sheet_of(&rows), rows).unwrap();
    let c = &data.summary.control;
    assert!(c.balanced, "{}", c.verdict());
    assert_eq!(c.rows_accounted, 8);
    assert_eq!(c.amount_accounted, Amount::from_poisha(67250));
    assert_eq!(c.unreadable_amounts, 1);
    assert_eq!(c.verdict(), "BALANCED");
    let paid = data.summary.by_status[0];
    assert_eq!((paid.status, paid.rows), (RowStatus::Paid, 2));
    assert_eq!(paid.amount, Amount::from_poisha(35050));
    assert!(c.rows_equation().contains("not sent 1"));
}

#[test]
fn a_missing_row_or_poisha_is_reported_not_hidden() {
    let rows = sample();
    let mut sheet = sheet_of(&rows);
    sheet.rows += 1;
    sheet.amount = sheet.amount.checked_add(Amount::from_poisha(1)).unwrap();
    let data = ReportData::build(SummaryHeader::default(), sheet, rows).unwrap();
    let c = &data.summary.control;
    assert!(!c.balanced);
    assert_eq!(c.row_difference, 1);
    assert_eq!(c.amount_difference, Amount::from_poisha(1));
    assert!(c.verdict().starts_with("NOT BALANCED"), "{}", c.verdict());
    assert!(c.verdict().contains("0.01"), "{}", c.verdict());
    assert!(data.needs_attention());
}

#[test]
fn a_row_counted_twice_gives_a_negative_difference() {
    let mut rows = sample();
    let sheet = sheet_of(&rows);
    rows.push(rows[0].clone());
    let data = ReportData::build(SummaryHeader::default(), sheet, rows).unwrap();
    assert_eq!(data.summary.control.row_difference, -1);
    assert_eq!(
        data.summary.control.amount_difference,
        Amount::from_poisha(-10000)
    );
}

#[test]
fn overflow_is_an_error_not_a_wrap() {
    let rows = vec![
        row(RowStatus::Paid, Some(i64::MAX), None),
        row(RowStatus::Paid, Some(1), None),
    ];
    let sheet = SheetTotals {
        rows: 2,
        amount: Amount::ZERO,
    };
    let err = ReportData::build(SummaryHeader::default(), sheet, rows).unwrap_err();
    assert!(matches!(err, ReportError::Overflow { .. }), "{err}");
}

/// The sheet asked for more than the valid rows: the equation starts
/// from what finance asked for, the invalid rows' amounts are a term of
/// it, and it still balances to the poisha.
#[test]
fn the_equation_reads_from_what_the_sheet_requested() {
    let mut rows = vec![
        row(RowStatus::Paid, Some(615_000_000), Some(Provider::Bkash)),
        row(RowStatus::Invalid, None, None),
        row(RowStatus::Invalid, None, None),
        row(RowStatus::Invalid, None, None),
    ];
    rows[1].requested = Some(Amount::from_poisha(2_150_000));
    rows[2].requested = Some(Amount::from_poisha(1));
    let sheet = SheetTotals {
        rows: 4,
        amount: Amount::from_poisha(615_000_000),
    };
    let data = ReportData::build(SummaryHeader::default(), sheet, rows).unwrap();
    let c = &data.summary.control;
    assert!(c.balanced, "{}", c.verdict());
    assert_eq!(c.amount_in_sheet, Amount::from_poisha(615_000_000));
    assert_eq!(c.amount_unpaid, Amount::from_poisha(2_150_001));
    assert_eq!(c.amount_requested, Amount::from_poisha(617_150_001));
    assert_eq!(c.unreadable_amounts, 1, "only the row with no figure");
    let eq = c.amount_equation();
    assert!(
        eq.starts_with("taka requested in sheet 61,71,500.01 = paid 61,50,000.00 + "),
        "{eq}"
    );
    assert!(eq.contains(" + invalid 0.00 + "), "{eq}");
    assert!(eq.contains(" + unpaid invalid rows 21,500.01 = "), "{eq}");
    assert!(
        eq.ends_with(
            " = 61,71,500.01 (valid rows requested 61,50,000.00 + unpaid invalid rows 21,500.01)"
        ),
        "{eq}"
    );
}

/// One rule for an invalid row's taka: the status table, the JSON
/// `finished` event and the equation's `invalid` term all count it as
/// 0 (nothing was paid on it); what it asked for is the equation's own
/// `unpaid invalid rows` term. A probe read `invalid 1 0.00` in the table
/// and `invalid (unpaid) 25,000.00` in the equation.
#[test]
fn an_invalid_row_counts_the_same_taka_in_the_table_and_the_equation() {
    let mut rows = vec![
        row(RowStatus::Paid, Some(1_000_000), Some(Provider::Bkash)),
        row(RowStatus::Invalid, None, None),
    ];
    rows[1].requested = Some(Amount::from_poisha(2_500_000));
    let sheet = SheetTotals {
        rows: 2,
        amount: Amount::from_poisha(1_000_000),
    };
    let data = ReportData::build(SummaryHeader::default(), sheet, rows).unwrap();
    let invalid = data
        .summary
        .by_status
        .iter()
        .find(|t| t.status == RowStatus::Invalid)
        .unwrap();
    let eq = data.summary.control.amount_equation();
    assert!(
        eq.contains(&format!(" + invalid {} + ", invalid.amount)),
        "the table says invalid {}, the equation: {eq}",
        invalid.amount
    );
    assert!(
        eq.contains(" + unpaid invalid rows 25,000.00 = 35,000.00"),
        "{eq}"
    );
}

#[test]
fn providers_are_tallied_separately_and_add_up() {
    let rows = sample();
    let data = ReportData::build(SummaryHeader::default(), sheet_of(&rows), rows).unwrap();
    let bk = &data.summary.by_provider[0];
    assert_eq!(bk.provider, Some(Provider::Bkash));
    assert_eq!(bk.rows, 4);
    assert_eq!(bk.amount, Amount::from_poisha(41400));
    let total: u64 = data.summary.by_provider.iter().map(|p| p.rows).sum();
    assert_eq!(total, 8);
    assert_eq!(data.summary.by_provider.last().unwrap().provider, None);
    assert_eq!(data.conflicts(), 1);
}
