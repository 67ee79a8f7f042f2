//! The Summary sheets: label/value lines first, then small tables of rows
//! and taka (per status, per provider, the control equation's figures; or
//! a match's equations term by term). Values wrap in a column as wide as
//! they need, up to a limit, so nothing is cut off on screen or on paper.

use super::formats::Formats;
use super::table::{TableError, TableState};
use crate::money::Amount;
use crate::report::batch;
use crate::report::match_report::{self, MatchSummary};
use crate::report::model::Summary;
use crate::report::table::{Cell, Mark, TableWriter};
use rust_xlsxwriter::Worksheet;
use std::borrow::Cow;

/// Widest a summary column grows: a SHA-256 fits on one line.
const MAX_WIDTH: usize = 70;

fn heading(s: &str) -> Cell<'_> {
    Cell::Marked(Cow::Borrowed(s), Mark::Heading)
}

/// A label and its value, which wraps; `mark` colours a verdict.
fn line(label: &str, value: &str, mark: Option<Mark>) -> [Cell<'static>; 2] {
    let value = Cow::Owned(value.to_string());
    [
        Cell::Marked(Cow::Owned(label.to_string()), Mark::Heading),
        match mark {
            Some(m) => Cell::Marked(value, m),
            None => Cell::Long(value),
        },
    ]
}

/// A line of rows and taka under a heading row.
fn tally(label: Cell<'_>, rows: i64, a: Amount) -> [Cell<'_>; 4] {
    [label, Cell::Int(rows), Cell::Taka(a), Cell::Poisha(a)]
}

/// The batch report's Summary sheet.
pub(super) fn batch(
    ws: &mut Worksheet,
    s: &Summary,
    f: &Formats,
    title: &str,
) -> Result<(), TableError> {
    ws.set_name("Summary")?;
    let mut state = TableState::lines(4, MAX_WIDTH);
    let mut t = state.on(ws, f);
    for (label, value) in batch::summary_lines(s) {
        let mark = match label.as_str() {
            "Control result" if s.control.balanced => Some(Mark::Good),
            "Control result" => Some(Mark::Alarm),
            _ => None,
        };
        t.row(&line(&label, &value, mark))?;
    }
    t.end_row()?;
    t.row(&["Status", "Rows", "Amount (Tk)", "Amount (poisha)"].map(heading))?;
    for x in &s.by_status {
        let label = Cell::Marked(Cow::Borrowed(x.status.label()), Mark::Status(x.status));
        t.row(&tally(label, x.rows as i64, x.amount))?;
    }
    t.end_row()?;
    let head = [
        "Provider / status",
        "Rows",
        "Amount (Tk)",
        "Amount (poisha)",
    ];
    t.row(&head.map(heading))?;
    for p in &s.by_provider {
        let name = p.provider.map_or("(none)", |p| p.display_name());
        t.row(&tally(heading(name), p.rows as i64, p.amount))?;
        for x in p.by_status.iter().filter(|x| x.rows > 0) {
            let label = Cell::owned(format!("{name} / {}", x.status));
            t.row(&tally(label, x.rows as i64, x.amount))?;
        }
    }
    t.end_row()?;
    t.row(&["Control", "Rows", "Amount (Tk)", "Amount (poisha)"].map(heading))?;
    for (item, rows, a) in batch::control_rows(&s.control) {
        t.row(&tally(Cell::Text(Cow::Borrowed(item)), rows, a))?;
    }
    state.finish_lines(ws, title)
}

/// The match report's Summary sheet.
pub(super) fn matching(
    ws: &mut Worksheet,
    s: &MatchSummary,
    f: &Formats,
    title: &str,
) -> Result<(), TableError> {
    ws.set_name("Summary")?;
    let mut state = TableState::lines(4, MAX_WIDTH);
    let mut t = state.on(ws, f);
    for (label, value) in match_report::summary_lines(s) {
        let balanced = value.ends_with("BALANCED") && !value.contains("NOT");
        let mark = match label.as_str() {
            "Result" if s.all_matched => Some(Mark::Good),
            "Result" => Some(Mark::Alarm),
            l if l.starts_with("Control: ") && balanced => Some(Mark::Good),
            l if l.starts_with("Control: ") => Some(Mark::Alarm),
            _ => None,
        };
        t.row(&line(&label, &value, mark))?;
    }
    t.end_row()?;
    t.row(&["Equation", "Term", "Amount (Tk)", "Amount (poisha)"].map(heading))?;
    for e in &s.equations.equations {
        let terms = match_report::equation_terms(e, |v| format!("  difference: {v}"));
        for (term, a) in terms {
            let name = Cell::text(Some(&e.name));
            t.row(&[name, Cell::owned(term), Cell::Taka(a), Cell::Poisha(a)])?;
        }
    }
    state.finish_lines(ws, title)
}
