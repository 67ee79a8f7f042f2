//! Rows outside the sheet's print area, its AutoFilter's range or its
//! Excel table: read and paid like the others, but not what the person who
//! approved the sheet looked at. A printout or a PDF of the sheet stops at
//! its print area; a filter or a sort acts on its range only, so rows typed
//! below it later were never filtered, sorted or seen with the rest; a
//! table's totals row, and every formula, filter and sort over the table,
//! count its rows only. payrun cannot tell a row left out by mistake from
//! one meant to be paid, so it pays them and says so, naming the rows, in
//! `check` and `submit` alike; rows another rule refuses (after the last
//! total, under a sign-off, or as rows) are said to be refused instead.
//!
//! A table's totals row is never a payee: intake leaves it out when its
//! wallet and provider cells are blank or labels, and one that holds a
//! wallet is refused here.

use super::Validated;
use super::batch::{Loc, apply_flags};
use super::types::RowIssue;
use crate::fields::Field;
use crate::intake::{AreaKind, Note, SheetTable, quoted};

/// Runs of rows named at most in one note.
const RUNS_NAMED: usize = 20;

/// Notes the rows outside the print area, the AutoFilter range or the
/// Excel tables, saying what becomes of them: paid like the others, or
/// refused, as rows (`v.invalid`) or by a batch error (`held`: after the
/// last total or under a sign-off), so that the note never says a row is
/// paid that nothing pays.
pub(super) fn note_outside(v: &mut Validated, held: &[usize]) {
    let sheet_name = v.sheet.sheet_name.clone().unwrap_or_default();
    let mut rows: Vec<usize> = v.payouts.iter().map(|p| p.row).collect();
    rows.extend(v.invalid.iter().map(|r| r.row));
    rows.sort_unstable();
    let place = format!("{}, worksheet {}", v.file_name, quoted(&sheet_name));
    let mut held = held.to_vec();
    held.sort_unstable();
    let mut refused: Vec<usize> = v.invalid.iter().map(|r| r.row).collect();
    refused.sort_unstable();
    let fate = Fate { held, refused };
    let mut notes = Vec::new();
    for area in v.sheet.hidden.areas() {
        let below: Vec<usize> = rows
            .iter()
            .copied()
            .filter(|r| *r > area.last_row)
            .collect();
        if below.is_empty() {
            continue;
        }
        let (what, why, fix) = match area.kind {
            AreaKind::PrintArea => (
                "print area",
                "a printout or PDF of the sheet stops above them, so whoever approved it on paper may not have seen them",
                "extend the print area over them (Page Layout > Print Area > Set Print Area; in LibreOffice Format > Print Ranges)",
            ),
            AreaKind::Filter => (
                "AutoFilter range",
                "the filter and any sort act on its range only, so they were left out of whatever the filter showed",
                "reapply the filter to the whole table (Data > Filter)",
            ),
        };
        notes.push(outside_note(
            &place,
            &fate,
            &below,
            &format!("below the sheet's {what} ({})", area.text),
            why,
            fix,
        ));
    }
    notes.extend(outside_tables(v, &rows, &place, &fate));
    v.sheet.notes.extend(notes);
}

/// What becomes of rows: refused by a batch error (`held`), refused as rows
/// (`refused`), or else paid. Both sorted, looked up by binary search: a
/// million rows may lie below a print area.
struct Fate {
    held: Vec<usize>,
    refused: Vec<usize>,
}

impl Fate {
    /// What payrun does with `rows`, in words that hold for each of them.
    fn said(&self, rows: &[usize]) -> String {
        let is_held = |r: &usize| self.held.binary_search(r).is_ok();
        let is_refused = |r: &usize| !is_held(r) && self.refused.binary_search(r).is_ok();
        let held: Vec<usize> = rows.iter().copied().filter(is_held).collect();
        let refused: Vec<usize> = rows.iter().copied().filter(is_refused).collect();
        let paid: Vec<usize> = rows
            .iter()
            .copied()
            .filter(|r| !is_held(r) && !is_refused(r))
            .collect();
        let all = |part: &[usize]| part.len() == rows.len();
        if all(&paid) {
            return "payrun reads them and pays them like the others".to_string();
        }
        if all(&held) {
            let (it, is) = if rows.len() == 1 {
                ("it", "is")
            } else {
                ("they", "are")
            };
            return format!(
                "payrun refuses the sheet while {it} {is} there (see the error that names {})",
                if rows.len() == 1 { "it" } else { "them" }
            );
        }
        let mut parts = Vec::new();
        if !paid.is_empty() {
            parts.push(format!("pays {} like the others", rows_text(&paid)));
        }
        if !held.is_empty() {
            parts.push(format!(
                "refuses the sheet while {} {} there (see the error that names {})",
                rows_text(&held),
                if held.len() == 1 { "is" } else { "are" },
                if held.len() == 1 { "it" } else { "them" }
            ));
        }
        if !refused.is_empty() {
            parts.push(format!(
                "refuses {} (see {} issues)",
                rows_text(&refused),
                if refused.len() == 1 { "its" } else { "their" }
            ));
        }
        format!("payrun {}", parts.join("; "))
    }
}

/// The one warning for rows outside what the sheet marks as its list:
/// where they are (`outside`), why that matters, what payrun does with
/// them and what to do.
fn outside_note(
    place: &str,
    fate: &Fate,
    rows: &[usize],
    outside: &str,
    why: &str,
    fix: &str,
) -> Note {
    Note::limit(format!(
        "{place}: {} {outside}: {why}. {}; check that they belong in this payroll and delete them if not, or {fix}",
        rows_text(rows),
        fate.said(rows),
    ))
}

/// The sheet's Excel tables over the columns paid from (amount or wallet):
/// a table beside the list (rates, a lookup) bounds nothing of it.
fn payroll_tables(v: &Validated) -> Vec<&SheetTable> {
    let cols = &v.sheet.layout.columns;
    let paid: Vec<usize> = [Field::Amount, Field::Wallet]
        .iter()
        .filter_map(|f| cols.get(*f))
        .collect();
    v.sheet
        .hidden
        .tables()
        .iter()
        .filter(|t| paid.iter().any(|c| t.has_column(*c)))
        .collect()
}

/// Rows above or below every Excel table over the payroll's columns.
fn outside_tables(v: &Validated, rows: &[usize], place: &str, fate: &Fate) -> Option<Note> {
    let tables = payroll_tables(v);
    if tables.is_empty() {
        return None;
    }
    let outside: Vec<usize> = rows
        .iter()
        .copied()
        .filter(|r| !tables.iter().any(|t| t.has_row(*r)))
        .collect();
    if outside.is_empty() {
        return None;
    }
    let named: Vec<String> = tables
        .iter()
        .map(|t| format!("{} ({})", quoted(&t.name), t.text))
        .collect();
    let (table, it) = match named.len() {
        1 => ("table", "it"),
        _ => ("tables", "them"),
    };
    Some(outside_note(
        place,
        fate,
        &outside,
        &format!("outside the sheet's {table} {}", named.join(", ")),
        &format!(
            "the table's totals row, and any formula, filter or sort over the table, count its rows only, so whoever checked {it} did not see them counted or sorted with the rest"
        ),
        "resize the table over them (Excel: Table Design > Resize Table; LibreOffice: Data > Define Range)",
    ))
}

/// Rows of a table's totals row that intake kept, as they hold a wallet:
/// Excel shows that row as the table's totals, never as a payee.
pub(super) fn refuse_totals_rows(v: &mut Validated) {
    let tables = v.sheet.hidden.tables();
    let table_of = |row: usize| tables.iter().find(|t| t.is_totals_row(row));
    let issue = |row: usize| {
        let t = table_of(row)?;
        Some(RowIssue::row_error(
            row,
            format!(
                "is the totals row of Excel table {} ({}), which a table's totals show, never a payee; if it is a payee, move it into the table's rows above its totals row (Table Design > Resize Table), or clear its wallet cell if it is the total",
                quoted(&t.name),
                t.text
            ),
        ))
    };
    let mut flags: Vec<(Loc, RowIssue)> = Vec::new();
    for (i, p) in v.payouts.iter().enumerate() {
        flags.extend(issue(p.row).map(|x| (Loc::Payout(i), x)));
    }
    for (i, r) in v.invalid.iter().enumerate() {
        flags.extend(issue(r.row).map(|x| (Loc::Invalid(i), x)));
    }
    if flags.is_empty() {
        return;
    }
    v.issues.sort_by_key(|i| i.row);
    apply_flags(v, flags);
}

/// `row 7` or `rows 6-9, 12`: runs of rows, the first [`RUNS_NAMED`] of
/// them, then how many rows more.
fn rows_text(rows: &[usize]) -> String {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for &r in rows {
        match runs.last_mut() {
            Some(run) if r == run.1 + 1 => run.1 = r,
            _ => runs.push((r, r)),
        }
    }
    let named: Vec<String> = runs
        .iter()
        .take(RUNS_NAMED)
        .map(|&(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}-{b}")
            }
        })
        .collect();
    let shown: usize = runs.iter().take(RUNS_NAMED).map(|(a, b)| b - a + 1).sum();
    let more = rows.len() - shown;
    let noun = if rows.len() == 1 { "row" } else { "rows" };
    let tail = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    format!("{noun} {}{tail}", named.join(", "))
}

#[cfg(test)]
mod tests {
    use super::Fate;

    /// The note says of each row what becomes of it.
    #[test]
    fn the_note_says_what_becomes_of_the_rows() {
        let fate = Fate {
            held: vec![8, 9],
            refused: vec![7],
        };
        assert_eq!(
            fate.said(&[5, 6]),
            "payrun reads them and pays them like the others"
        );
        assert_eq!(
            fate.said(&[9]),
            "payrun refuses the sheet while it is there (see the error that names it)"
        );
        assert_eq!(
            fate.said(&[6, 7, 8, 9]),
            "payrun pays row 6 like the others; refuses the sheet while rows 8-9 are there \
             (see the error that names them); refuses row 7 (see its issues)"
        );
    }

    #[test]
    fn rows_are_named_in_runs() {
        assert_eq!(super::rows_text(&[7]), "row 7");
        assert_eq!(super::rows_text(&[6, 7, 8, 9, 12]), "rows 6-9, 12");
        let many: Vec<usize> = (0..30).map(|i| i * 2).collect();
        assert!(super::rows_text(&many).ends_with("38 and 10 more"));
    }
}
