//! Values under a merged cell: held in the file, shown to nobody.
//!
//! A merged range shows its first (top-left) cell only. LibreOffice asks,
//! when cells are merged, whether to keep the contents of the cells it
//! covers, and keeps them if told; other writers may too. A row merged into
//! one cell reading "left in October" can then still hold a wallet and an
//! amount that calamine reads like any other. payrun takes such a covered
//! cell with a value as one that shows nothing ([`super::unseen`]).
//!
//! `.xlsx` lists merges after the cells (`<mergeCells><mergeCell
//! ref="A3:E3"/>`, ECMA-376 Part 1, 18.3.1.55): the covered cells are then
//! looked up in the sheet calamine read. `.xls` lists them in MERGEDCELLS
//! records after its cell table ([MS-XLS] 2.4.168), read in a second pass
//! over the records in memory; `.ods` marks a covered cell where it stands
//! (`table:covered-table-cell`).

use super::unseen::MAX_UNSEEN_CELLS;
use calamine::{Data, Range};
use std::collections::HashMap;

/// The most merged ranges kept, and the most rows they may cover in all;
/// more is not a payroll a person made, and the hidden parts are unknown.
pub(super) const MAX_MERGES: usize = 100_000;
const MAX_COVERED_ROWS: usize = 1_048_576;

/// A merged range: first and last row as the user sees them, first and last
/// column 0-based.
pub(super) type Area = (usize, usize, usize, usize);

/// Which cells of each row merged ranges cover, their first cells aside.
#[derive(Debug, Default)]
pub(super) struct Covered {
    rows: HashMap<usize, Vec<(usize, usize, usize)>>,
}

impl Covered {
    pub(super) fn new(areas: &[Area]) -> Result<Covered, String> {
        let mut rows: HashMap<usize, Vec<(usize, usize, usize)>> = HashMap::new();
        let mut total = 0usize;
        for &(r0, r1, c0, c1) in areas {
            total = total.saturating_add(r1 - r0 + 1);
            if total > MAX_COVERED_ROWS {
                return Err("merged cells cover more rows than a worksheet has".into());
            }
            for r in r0..=r1 {
                rows.entry(r).or_default().push((r0, c0, c1));
            }
        }
        Ok(Covered { rows })
    }

    /// Whether the cell at `row` (as seen) and `col` lies under a merged
    /// range and is not the range's first cell.
    pub(super) fn hides(&self, row: usize, col: usize) -> bool {
        self.rows.get(&row).is_some_and(|areas| {
            areas
                .iter()
                .any(|&(r0, c0, c1)| (c0..=c1).contains(&col) && (row, col) != (r0, c0))
        })
    }
}

/// `A3:E3` as an [`Area`]; `None` for a single cell or a reference payrun
/// cannot read (which merges nothing it need care about).
pub(super) fn parse_ref(r: &str) -> Option<Area> {
    let (a, b) = r.split_once(':')?;
    let (r0, c0) = cell(a)?;
    let (r1, c1) = cell(b)?;
    (r0 <= r1 && c0 <= c1).then_some((r0, r1, c0, c1))
}

/// `D3` as (3, 3).
pub(super) fn cell(r: &str) -> Option<(usize, usize)> {
    let r = r.trim().trim_start_matches('$');
    let split = r.find(|c: char| !c.is_ascii_alphabetic())?;
    let (letters, digits) = r.split_at(split);
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let col = letters.bytes().fold(0usize, |n, b| {
        n * 26 + usize::from(b.to_ascii_uppercase() - b'A' + 1)
    });
    let row: usize = digits.trim_start_matches('$').parse().ok()?;
    Some((row, col.checked_sub(1)?))
}

/// The cells under `areas` (not their first cells) that hold a value in
/// `range`, the sheet as calamine read it: no second pass over the XML.
pub(super) fn covered_in_range(
    areas: &[Area],
    range: &Range<Data>,
) -> Result<Vec<(usize, usize)>, String> {
    let too_many = "more cells under merged ranges than payrun keeps";
    let areas = areas.iter().map(|&a| (a, a));
    cells_where(
        areas,
        range,
        too_many,
        |&(r0, _, c0, _), row, col, value| {
            let empty = match value {
                Data::Empty => true,
                Data::String(s) => s.is_empty(),
                _ => false,
            };
            (row, col) != (r0, c0) && !empty
        },
    )
}

/// The cells of each area within `range` that `keep` picks, given what
/// the area came with (row as seen, 0-based column). Past
/// [`MAX_UNSEEN_CELLS`] of them, `too_many` is the error: a sheet that
/// hides that much is refused, not listed.
pub(super) fn cells_where<T>(
    areas: impl IntoIterator<Item = (Area, T)>,
    range: &Range<Data>,
    too_many: &str,
    mut keep: impl FnMut(&T, usize, usize, &Data) -> bool,
) -> Result<Vec<(usize, usize)>, String> {
    let mut out = Vec::new();
    let mut looked = 0usize;
    for (area, with) in areas {
        each_cell_in(area, range, &mut looked, |row, col, value| {
            // One past the limit is kept, to say so below.
            if out.len() <= MAX_UNSEEN_CELLS && keep(&with, row, col, value) {
                out.push((row, col));
            }
        })?;
        if out.len() > MAX_UNSEEN_CELLS {
            return Err(too_many.into());
        }
    }
    Ok(out)
}

/// Calls `f` with each cell of `area` within `range` (row as seen,
/// 0-based column, value): only the part of the area within the range is
/// looked at, and at most [`MAX_LOOKED_AT`] cells counted in `looked`,
/// over all the areas a caller looks at.
fn each_cell_in(
    (r0, r1, c0, c1): Area,
    range: &Range<Data>,
    looked: &mut usize,
    mut f: impl FnMut(usize, usize, &Data),
) -> Result<(), String> {
    let (Some((top, left)), Some((bottom, right))) = (range.start(), range.end()) else {
        return Ok(());
    };
    // Rows as seen are 1-based; calamine's are 0-based.
    let rows = r0.saturating_sub(1).max(top as usize)..=r1.saturating_sub(1).min(bottom as usize);
    let cols = c0.max(left as usize)..=c1.min(right as usize);
    if rows.is_empty() || cols.is_empty() {
        return Ok(());
    }
    let cells = rows.clone().count().saturating_mul(cols.clone().count());
    *looked = looked.saturating_add(cells);
    if *looked > MAX_LOOKED_AT {
        return Err(
            "merged cells or conditional formats cover more of the sheet than payrun looks at"
                .into(),
        );
    }
    for r in rows {
        for c in cols.clone() {
            if let Some(v) = range.get_value((r as u32, c as u32)) {
                f(r + 1, c, v);
            }
        }
    }
    Ok(())
}

/// The most cells under merged ranges or conditional formats looked at:
/// as many as a sheet payrun lays out.
const MAX_LOOKED_AT: usize = 20_000_000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_and_coverage() {
        assert_eq!(parse_ref("A3:E3"), Some((3, 3, 0, 4)));
        assert_eq!(parse_ref("$C$4:$D$5"), Some((4, 5, 2, 3)));
        assert_eq!(parse_ref("B2"), None);
        assert_eq!(parse_ref("E3:A3"), None);
        let c = Covered::new(&[(3, 3, 0, 4), (4, 5, 2, 3)]).unwrap();
        assert!(!c.hides(3, 0) && c.hides(3, 1) && c.hides(3, 4) && !c.hides(3, 5));
        assert!(!c.hides(4, 2) && c.hides(4, 3) && c.hides(5, 2) && !c.hides(6, 3));
    }

    #[test]
    fn only_covered_cells_with_a_value_are_kept() {
        let sheet = r#"<worksheet><sheetData/><mergeCells><mergeCell ref="A3:D3"/>
            <mergeCell ref="A4:B4"/><mergeCell ref="X1:Z9"/></mergeCells></worksheet>"#;
        let mut xml = super::super::xml::Xml::new(sheet.as_bytes(), 1 << 20, "test");
        let (areas, _) =
            super::super::xlsx_tail::read_tail(&mut xml, &[], &Default::default()).unwrap();
        assert_eq!(areas[..2], [(3, 3, 0, 3), (4, 4, 0, 1)]);
        // Rows 3 and 4 (0-based 2 and 3) of a sheet A1:D4.
        let mut range: Range<Data> = Range::new((0, 0), (3, 3));
        range.set_value((2, 0), Data::String("Left".into()));
        range.set_value((2, 1), Data::String("01712345002".into()));
        range.set_value((2, 3), Data::Float(6000.0));
        range.set_value((3, 0), Data::String("x".into()));
        range.set_value((3, 1), Data::String(String::new()));
        let cells = covered_in_range(&areas, &range).unwrap();
        assert_eq!(cells, vec![(3, 1), (3, 3)]);
    }
}
