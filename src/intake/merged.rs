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
//! ref="A3:E3"/>`, ECMA-376 Part 1, 18.3.1.55), and `.xls` in MERGEDCELLS
//! records after its cell table ([MS-XLS] 2.4.168), so both are read in a
//! second pass over the cells once the merges are known; `.ods` marks a
//! covered cell where it stands (`table:covered-table-cell`).

use super::xml::{Xml, attr, local};
use quick_xml::events::Event;
use std::collections::HashMap;
use std::io::Read;

/// The most merged ranges kept, and the most rows they may cover in all;
/// more is not a payroll a person made, and the hidden parts are unknown.
const MAX_MERGES: usize = 100_000;
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

    pub(super) fn is_empty(&self) -> bool {
        self.rows.is_empty()
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

/// Reads the rest of a worksheet part after `</sheetData>`: its merged
/// ranges.
pub(super) fn read_merges<R: Read>(xml: &mut Xml<R>) -> Result<Vec<Area>, String> {
    let mut areas = Vec::new();
    while let Some(event) = xml.next()? {
        let (Event::Start(e) | Event::Empty(e)) = event else {
            continue;
        };
        if local(e.name().as_ref()) != b"mergeCell" {
            continue;
        }
        if let Some(area) = attr(&e, b"ref").and_then(|r| parse_ref(&r)) {
            areas.push(area);
            if areas.len() > MAX_MERGES {
                return Err("more merged ranges than payrun reads".into());
            }
        }
    }
    Ok(areas)
}

/// The second pass over a worksheet part: the cells under `covered` that
/// hold a value, as (row as seen, 0-based column).
pub(super) fn covered_values(
    reader: impl Read,
    limit: u64,
    covered: &Covered,
) -> Result<Vec<(usize, usize)>, String> {
    let mut xml = Xml::new(reader, limit, "the worksheet's XML");
    let mut out = Vec::new();
    let (mut row, mut col): (usize, Option<usize>) = (0, None);
    // The cell being read, when it lies under a merge.
    let mut open: Option<(usize, usize)> = None;
    while let Some(event) = xml.next()? {
        let (e, empty) = match event {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(e) if local(e.name().as_ref()) == b"sheetData" => break,
            Event::End(e) if local(e.name().as_ref()) == b"c" => {
                open = None;
                continue;
            }
            _ => continue,
        };
        match local(e.name().as_ref()) {
            b"row" => {
                row = attr(&e, b"r")
                    .and_then(|v| v.trim().parse().ok())
                    .unwrap_or(row + 1);
                col = None;
            }
            b"c" => {
                let c = attr(&e, b"r")
                    .and_then(|r| cell(&r).map(|(_, c)| c))
                    .unwrap_or_else(|| col.map_or(0, |c| c + 1));
                col = Some(c);
                open = (!empty && covered.hides(row, c)).then_some((row, c));
            }
            b"v" | b"is" => {
                if let Some(at) = open.take() {
                    out.push(at);
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

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
        let sheet = r#"<worksheet><sheetData>
            <row r="3"><c r="A3" t="s"><v>0</v></c><c r="B3" t="s"><v>1</v></c><c r="C3"/><c r="D3"><v>6000</v></c></row>
            <row r="4"><c r="A4"><is><t>x</t></is></c><c><v>1</v></c></row>
            </sheetData><mergeCells><mergeCell ref="A3:D3"/><mergeCell ref="A4:B4"/></mergeCells></worksheet>"#;
        let mut xml = Xml::new(sheet.as_bytes(), 1 << 20, "test");
        while let Some(e) = xml.next().unwrap() {
            if matches!(e, Event::End(ref e) if local(e.name().as_ref()) == b"sheetData") {
                break;
            }
        }
        let areas = read_merges(&mut xml).unwrap();
        assert_eq!(areas, vec![(3, 3, 0, 3), (4, 4, 0, 1)]);
        let covered = Covered::new(&areas).unwrap();
        let cells = covered_values(sheet.as_bytes(), 1 << 20, &covered).unwrap();
        assert_eq!(cells, vec![(3, 1), (3, 3), (4, 1)]);
    }
}
