//! What a record of a payment says, and how a payment-date column is read
//! over its rows: tests, both ways.

use super::*;
use crate::intake::{CellKind, InstructionColumn};
use crate::money::Amount;
use crate::wallet::Provider;

fn says_paid(raw: &str) -> bool {
    recorded(raw, &folded(raw))
}

#[test]
fn anything_but_a_no_a_dash_or_a_zero_records_a_payment() {
    for v in [
        "2026-11-30",
        "2026-11-30 14:05",
        "30/11/2026",
        "30 Nov",
        "8N7A6D5C4B",
        "Yes",
        "Paid",
        "bKash",
        "No. 4411",
        "N 8841",
        "1899-11-30",
    ] {
        assert!(says_paid(v), "{v}");
    }
    for v in [
        "No",
        "n",
        "FALSE",
        "0",
        "00/00/0000",
        "না",
        "✗",
        "-",
        "—",
        "--",
        "?",
        ".",
        "N/A",
        "NA",
        "Pending",
        "pending - December",
        "Not yet",
        "Not paid",
        "Unpaid",
        "None",
        "nil",
        "Due",
        "TBD",
        "1899-12-30",
        "1899-12-31",
        "1900-01-00",
        "1904-01-01",
    ] {
        assert!(!says_paid(v), "{v}");
    }
}

/// A layout whose column 1 is a payment date.
fn layout() -> Layout {
    Layout {
        headers: vec!["Wallet".into(), "Payment Date".into()],
        instructions: vec![InstructionColumn {
            col: 1,
            kind: InstructionKind::PaidOrPlanned,
        }],
        ..Layout::default()
    }
}

/// A chunk of rows `(number, date)` and the payable ones among them.
fn chunk(rows: &[(usize, &str)], payable: &[usize]) -> (RowTable, Vec<ValidRow>) {
    let mut t = RowTable::new();
    for (n, date) in rows {
        t.begin_row(*n);
        t.push_cell("01712345678", CellKind::Text);
        t.push_cell(date, CellKind::Date);
        t.end_row();
    }
    let valid = payable
        .iter()
        .map(|n| ValidRow::new(*n, "01712345678", Provider::Bkash, Amount::from_poisha(100)))
        .collect();
    (t, valid)
}

/// A chunk: its rows `(number, date)`, and the payable ones among them.
type Chunk<'a> = (&'a [(usize, &'a str)], &'a [usize]);

fn observed(chunks: &[Chunk<'_>]) -> PaymentDates {
    let layout = layout();
    let mut dates = PaymentDates::default();
    for (rows, payable) in chunks {
        let (t, valid) = chunk(rows, payable);
        dates.observe(&layout, &t, &valid);
    }
    dates
}

#[test]
fn the_same_date_on_every_payable_row_is_the_plan() {
    // Across chunks; a ditto mark is the date it repeats; row 4 is refused
    // for another reason, so its blank says nothing.
    let dates = observed(&[
        (&[(2, "2026-12-05"), (3, "Do"), (4, "")], &[2, 3]),
        (&[(5, "2026-12-05"), (6, "2026-12-05")], &[5, 6]),
    ]);
    assert!(!dates.any_record());
    let dates = observed(&[(&[(2, ""), (3, "-")], &[2, 3])]);
    assert!(!dates.any_record());
}

#[test]
fn a_date_on_some_rows_only_or_different_dates_is_a_record() {
    let dates = observed(&[
        (&[(2, "2026-11-30"), (3, "")], &[2, 3]),
        (&[(4, "2026-11-30"), (5, "")], &[4, 5]),
    ]);
    assert!(dates.any_record());
    let t = &dates.tracks.as_ref().unwrap()[0];
    assert_eq!(
        why_a_record(2, Some("2026-11-30"), &t.others),
        "it is blank on rows 3, 5"
    );
    let dates = observed(&[(&[(2, "2026-11-28"), (3, "2026-11-30")], &[2, 3])]);
    assert!(dates.any_record());
    let t = &dates.tracks.as_ref().unwrap()[0];
    assert!(why_a_record(2, Some("2026-11-28"), &t.others).contains("different dates"));
}
