//! The summary files beside a CSV report (`NAME.summary.csv`): one table
//! whatever the section, so a script reads them with one header.

use super::csv_err;
use super::table::{self, CsvTable};
use crate::report::match_report::{self, MatchSummary};
use crate::report::model::Summary;
use crate::report::table::{Cell, TableWriter};
use crate::report::{ReportError, batch};
use std::borrow::Cow;

/// Columns of the batch summary file.
pub(in crate::report) const BATCH_COLUMNS: [&str; 6] = [
    "Section",
    "Item",
    "Value",
    "Rows",
    "Amount (Tk)",
    "Amount (poisha)",
];

/// Columns of the match summary file.
pub(in crate::report) const MATCH_COLUMNS: [&str; 5] =
    ["Section", "Item", "Value", "Amount (Tk)", "Amount (poisha)"];

fn text(s: &str) -> Cell<'_> {
    Cell::Text(Cow::Borrowed(s))
}

/// A line with rows and an amount.
fn tally<W: std::io::Write>(
    t: &mut CsvTable<W>,
    section: &str,
    item: &str,
    value: &str,
    rows: i64,
    amount: crate::money::Amount,
) -> csv::Result<()> {
    t.row(&[
        text(section),
        text(item),
        text(value),
        Cell::Int(rows),
        Cell::Taka(amount),
        Cell::Poisha(amount),
    ])
}

/// The batch report's summary: the label/value lines, counts and taka per
/// status and per provider, and the control equation's figures.
pub(super) fn batch(s: &Summary) -> Result<Vec<u8>, ReportError> {
    table::render(&BATCH_COLUMNS, |t| {
        for (label, value) in batch::summary_lines(s) {
            let empty = Cell::Empty;
            t.row(&[
                text("batch"),
                text(&label),
                text(&value),
                empty.clone(),
                empty.clone(),
                empty,
            ])?;
        }
        for x in &s.by_status {
            tally(t, "status", x.status.label(), "", x.rows as i64, x.amount)?;
        }
        for p in &s.by_provider {
            let name = p.provider.map_or("(none)", |p| p.display_name());
            tally(t, "provider", name, "", p.rows as i64, p.amount)?;
            for x in p.by_status.iter().filter(|x| x.rows > 0) {
                let item = format!("{name} / {}", x.status);
                tally(t, "provider status", &item, "", x.rows as i64, x.amount)?;
            }
        }
        let verdict = if s.control.balanced {
            "BALANCED"
        } else {
            "NOT BALANCED"
        };
        for (item, rows, amount) in batch::control_rows(&s.control) {
            let value = if item == "difference" { verdict } else { "" };
            tally(t, "control", item, value, rows, amount)?;
        }
        Ok(())
    })
    .map_err(csv_err)
}

/// The match report's summary: the label/value lines, each control
/// equation term by term, and the statement's fees and credits.
pub(super) fn matching(s: &MatchSummary) -> Result<Vec<u8>, ReportError> {
    table::render(&MATCH_COLUMNS, |t| {
        for (label, value) in match_report::summary_lines(s) {
            t.row(&[
                text("match"),
                text(&label),
                text(&value),
                Cell::Empty,
                Cell::Empty,
            ])?;
        }
        for e in &s.equations.equations {
            let terms = match_report::equation_terms(e, |v| format!("  difference ({v})"));
            for (item, a) in terms {
                t.row(&[
                    text("equation"),
                    text(&item),
                    text(&e.name),
                    Cell::Taka(a),
                    Cell::Poisha(a),
                ])?;
            }
        }
        for (item, a) in [
            ("fees", s.equations.fees),
            ("credited back", s.equations.credits),
        ] {
            t.row(&[
                text("statement"),
                text(item),
                Cell::Empty,
                Cell::Taka(a),
                Cell::Poisha(a),
            ])?;
        }
        Ok(())
    })
    .map_err(csv_err)
}
