//! Rows below the sheet's print area or its AutoFilter's range: read and
//! paid like the others, but not what the person who approved the sheet
//! looked at. A printout or a PDF of the sheet stops at its print area; a
//! filter or a sort acts on its range only, so rows typed below it later
//! were never filtered, sorted or seen with the rest. payrun cannot tell a
//! row left out by mistake from one meant to be paid, so it pays them and
//! says so, naming the rows, in `check` and `submit` alike.

use super::Validated;
use crate::intake::{AreaKind, Note, quoted};

/// Runs of rows named at most in one note.
const RUNS_NAMED: usize = 20;

pub(super) fn check_outside(v: &mut Validated) {
    let sheet_name = v.sheet.sheet_name.clone().unwrap_or_default();
    let mut rows: Vec<usize> = v.payouts.iter().map(|p| p.row).collect();
    rows.extend(v.invalid.iter().map(|r| r.row));
    rows.sort_unstable();
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
        notes.push(Note::limit(format!(
            "{}, worksheet {}: {} below the sheet's {what} ({}): {why}. payrun reads them and pays them like the others; check that they belong in this payroll and delete them if not, or {fix}",
            v.file_name,
            quoted(&sheet_name),
            rows_text(&below),
            area.text
        )));
    }
    v.sheet.notes.extend(notes);
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
    #[test]
    fn rows_are_named_in_runs() {
        assert_eq!(super::rows_text(&[7]), "row 7");
        assert_eq!(super::rows_text(&[6, 7, 8, 9, 12]), "rows 6-9, 12");
        let many: Vec<usize> = (0..30).map(|i| i * 2).collect();
        assert!(super::rows_text(&many).ends_with("38 and 10 more"));
    }
}
