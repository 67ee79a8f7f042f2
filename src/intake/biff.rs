//! A reader of the few BIFF records (the `.xls` Workbook stream) that
//! calamine does not report: which rows and columns are hidden, and how far
//! each sheet's cells reach before calamine lays them out.
//!
//! Why payrun reads records itself: calamine reads `.xls` cells but drops
//! ROW, COLINFO and DEFAULTROWHEIGHT, and keeps its record reader private.
//! No maintained Rust crate reads BIFF8 row formatting. The part read here is
//! small and fixed by [MS-XLS]: a record is a 2-byte type, a 2-byte length
//! and at most 8,224 bytes of data; the fields used are at fixed offsets.
//!
//! What hides a row or column ([MS-XLS] 2.4.221 Row, 2.4.53 ColInfo, 2.4.87
//! DefaultRowHeight):
//! - ROW (0x0208) with fDyZero (bit 5 of its option flags): hidden by hand,
//!   in a collapsed outline group (Excel sets it on every row of the closed
//!   group; fCollapsed, bit 4, only marks the summary row), or by a filter;
//!   or a row height too low to read (`legible::too_low`; heights in twips);
//! - DEFAULTROWHEIGHT (0x0225) with fDyZero (bit 1): every row without a ROW
//!   record of its own is zero high;
//! - COLINFO (0x007D) with fHidden (bit 0), or a width (in 1/256 of a
//!   character) `legible::too_narrow` to show a digit;
//! - the rows of a group whose summary row has fCollapsed, beside it as
//!   WSBOOL (0x0081) fRowSumsBelow says (see `outline`).
//!
//! Every count and offset is bounded by the stream, which is bounded by the
//! file: nothing here allocates by a number the file declares.

use super::biff_conditional::BiffRules;
use super::biff_styles::{BiffStyles, CellValue, formula_value, hides, misstates, rk};
use super::conditional::Rule;
use super::hidden::{HiddenParts, add_run};
use super::legible::{too_low, too_narrow};
use super::merged::{Area, Covered, MAX_MERGES};
use super::outline::Outline;
use super::unseen::{Hides, MAX_UNSEEN_CELLS};
use std::collections::HashMap;

/// BIFF8's largest record body; a longer one means a damaged stream.
const MAX_RECORD: usize = 8224;

/// One record: its type and body.
#[derive(Debug, Clone, Copy)]
pub(super) struct Record<'a> {
    pub typ: u16,
    pub data: &'a [u8],
}

/// The records of a stream from `pos` on, ending at the first EOF record
/// (as calamine stops there) or at the end of the stream.
pub(super) struct Records<'a> {
    stream: &'a [u8],
    pos: usize,
    done: bool,
}

impl<'a> Records<'a> {
    pub(super) fn at(stream: &'a [u8], pos: usize) -> Records<'a> {
        Records {
            stream,
            pos,
            done: false,
        }
    }
}

impl<'a> Iterator for Records<'a> {
    type Item = Result<Record<'a>, String>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let Some(head) = self.stream.get(self.pos..self.pos.saturating_add(4)) else {
            self.done = true;
            return Some(Err(format!("a record at byte {} is cut short", self.pos)));
        };
        let typ = u16::from_le_bytes([head[0], head[1]]);
        let len = usize::from(u16::from_le_bytes([head[2], head[3]]));
        let start = self.pos + 4;
        let data = match self.stream.get(start..start + len) {
            Some(d) if len <= MAX_RECORD => d,
            _ => {
                self.done = true;
                return Some(Err(format!(
                    "a record at byte {} is {len} bytes long, past the end of the stream or any record",
                    self.pos
                )));
            }
        };
        self.pos = start + len;
        if typ == 0x000A {
            self.done = true;
        }
        Some(Ok(Record { typ, data }))
    }
}

pub(super) fn u16_at(d: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(d.get(at..at + 2)?.try_into().ok()?))
}

pub(super) fn u32_at(d: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(d.get(at..at + 4)?.try_into().ok()?))
}

/// The cells of a sheet as calamine would place them: their bounding box,
/// and which rows hold one.
#[derive(Debug, Clone, Default)]
pub(super) struct Reach {
    /// (first row, last row, first column, last column), 0-based.
    pub bounds: Option<(u32, u32, u32, u32)>,
    /// Cells DIMENSIONS asks calamine to reserve room for.
    pub reserved: u64,
    /// Rows holding a cell record, as a bit set over BIFF8's 65,536 rows.
    pub rows: Vec<u64>,
}

impl Reach {
    fn cell(&mut self, row: u16, first_col: u16, last_col: u16) {
        let (r, c0, c1) = (u32::from(row), u32::from(first_col), u32::from(last_col));
        self.bounds = Some(match self.bounds {
            None => (r, r, c0, c1),
            Some((t, b, l, rt)) => (t.min(r), b.max(r), l.min(c0), rt.max(c1)),
        });
        if self.rows.is_empty() {
            self.rows = vec![0; 65_536 / 64];
        }
        if let Some(w) = self.rows.get_mut(usize::from(row) / 64) {
            *w |= 1 << (row % 64);
        }
    }

    /// Whether a cell record was seen in `row` (0-based).
    pub(super) fn has_row(&self, row: u32) -> bool {
        let i = row as usize;
        self.rows
            .get(i / 64)
            .is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    /// Slots calamine lays out for the sheet (values and formulas alike).
    pub(super) fn span(&self) -> u64 {
        self.bounds.map_or(0, |(t, b, l, r)| {
            u64::from(b - t + 1).saturating_mul(u64::from(r - l + 1))
        })
    }
}

/// What one sheet substream holds.
#[derive(Debug, Clone, Default)]
pub(super) struct SheetScan {
    pub reach: Reach,
    pub hidden: HiddenParts,
    /// Conditional formats that can hide a value, looked up against the
    /// sheet calamine read.
    pub rules: Vec<Rule>,
    /// Its merged ranges (MERGEDCELLS).
    pub merges: Vec<Area>,
}

/// Reads one sheet substream from its BOF at `pos`: its reach and hidden
/// rows and columns.
pub(super) fn scan_sheet(stream: &[u8], pos: usize) -> Result<SheetScan, String> {
    scan_styled_sheet(stream, pos, &HashMap::new(), None)
}

/// [`scan_sheet`], also keeping the cells whose XF (an index in `styles`,
/// see [`super::biff_styles`]) hides their value, and, given the globals'
/// `looks`, the conditional formats that can.
pub(super) fn scan_styled_sheet(
    stream: &[u8],
    pos: usize,
    styles: &HashMap<usize, Hides>,
    looks: Option<&BiffStyles>,
) -> Result<SheetScan, String> {
    let mut reach = Reach::default();
    let mut hidden = HiddenParts::none();
    let mut with_row_record: Vec<u64> = vec![0; 65_536 / 64];
    let mut default_hidden = false;
    let mut outline = Outline::new(true);
    let mut formula_at: Option<(u16, u16)> = None;
    let mut merges: Vec<Area> = Vec::new();
    let mut conditions = BiffRules::default();
    for record in Records::at(stream, pos) {
        let Record { typ, data: d } = record?;
        let rc = (u16_at(d, 0), u16_at(d, 2));
        if !styles.is_empty() {
            unseen_cells(typ, d, styles, &mut hidden)?;
        }
        match (typ, rc) {
            // NUMBER, LABEL, BOOLERR, RK, LABELSST: one cell at (row, col).
            (0x0203 | 0x0204 | 0x0205 | 0x027E | 0x00FD, (Some(r), Some(c))) => reach.cell(r, c, c),
            // FORMULA: a cell; a STRING record after it holds its text.
            (0x0006, (Some(r), Some(c))) => {
                reach.cell(r, c, c);
                formula_at = Some((r, c));
            }
            (0x0207, _) => {
                if let Some((r, c)) = formula_at {
                    reach.cell(r, c, c);
                }
            }
            // MULRK: row, first column, 6-byte values, last column.
            (0x00BD, (Some(r), Some(c))) => {
                let last = d.len().checked_sub(2).and_then(|at| u16_at(d, at));
                reach.cell(r, c, last.unwrap_or(c).max(c));
            }
            (0x0200, _) => reach.reserved = reach.reserved.max(dimensions(d)?),
            (0x0208, (Some(r), _)) => {
                if let Some(w) = with_row_record.get_mut(usize::from(r) / 64) {
                    *w |= 1 << (r % 64);
                }
                let height = u16_at(d, 6).unwrap_or(1) & 0x7FFF;
                let flags = u32_at(d, 12).unwrap_or(0);
                let row = usize::from(r) + 1;
                if flags & 0x20 != 0 || too_low(f64::from(height) / 20.0) {
                    add_run(&mut hidden.rows, row, row);
                }
                let (level, collapsed) = ((flags & 0x07) as u8, flags & 0x10 != 0);
                outline.row(row, level, collapsed, &mut hidden.rows);
            }
            // WSBOOL: fRowSumsBelow (bit 6) says where a group's summary row is.
            (0x0081, _) => {
                outline = Outline::new(u16_at(d, 0).is_none_or(|f| f & 0x0040 != 0));
            }
            (0x007D, (Some(first), Some(last))) => {
                let width = u16_at(d, 4).unwrap_or(1);
                let options = u16_at(d, 8).unwrap_or(0);
                if (options & 1 != 0 || too_narrow(f64::from(width) / 256.0)) && first <= last {
                    add_run(&mut hidden.columns, usize::from(first), usize::from(last));
                }
            }
            (0x0225, _) => default_hidden = u16_at(d, 0).is_some_and(|f| f & 0x0002 != 0),
            (0x00E5, _) => merged_cells(d, &mut merges)?,
            (0x01B0 | 0x01B1, _) => {
                if let Some(looks) = looks {
                    conditions.record(typ, d, looks)?;
                }
            }
            _ => {}
        }
    }
    if default_hidden {
        hide_rows_without_a_record(&reach, &with_row_record, &mut hidden);
    }
    if !merges.is_empty() {
        under_merges(stream, pos, &merges, &mut hidden.cells)?;
    }
    Ok(SheetScan {
        reach,
        hidden: hidden.sorted(),
        rules: conditions.rules,
        merges,
    })
}

/// Keeps the cells of one cell record whose XF hides their value, as
/// (row as the user sees it, 0-based column).
fn unseen_cells(
    typ: u16,
    d: &[u8],
    styles: &HashMap<usize, Hides>,
    hidden: &mut HiddenParts,
) -> Result<(), String> {
    let (Some(row), Some(col)) = (u16_at(d, 0), u16_at(d, 2)) else {
        return Ok(());
    };
    let mut keep = |col: u16, xf: Option<u16>, value: Option<CellValue>| {
        let (Some(xf), Some(value)) = (xf, value) else {
            return;
        };
        let Some(h) = styles.get(&usize::from(xf)) else {
            return;
        };
        let at = (usize::from(row) + 1, usize::from(col));
        if h.struck {
            hidden.struck.push(at);
        }
        if hides(h, value) {
            hidden.cells.push(at);
            hidden.words.keep(at, h, true);
        } else if misstates(h, value) {
            hidden.misstated.push(at);
            hidden.words.keep(at, h, false);
        }
    };
    let xf = u16_at(d, 4);
    match typ {
        // NUMBER: an IEEE double at 6.
        0x0203 => {
            let v = d
                .get(6..14)
                .and_then(|b| b.try_into().ok())
                .map(f64::from_le_bytes);
            keep(col, xf, v.map(CellValue::Number));
        }
        // RK: an RK number at 6.
        0x027E => keep(col, xf, u32_at(d, 6).map(|v| CellValue::Number(rk(v)))),
        // LABEL, LABELSST: text.
        0x0204 | 0x00FD => keep(col, xf, Some(CellValue::Text)),
        // BOOLERR: a boolean or an error.
        0x0205 => keep(col, xf, Some(CellValue::Other)),
        0x0006 => keep(col, xf, formula_value(d)),
        // MULRK: (XF, RK) pairs of 6 bytes from 4, one per column.
        0x00BD => {
            let pairs = d.get(4..d.len().saturating_sub(2)).unwrap_or_default();
            for (i, pair) in pairs.chunks_exact(6).enumerate() {
                let c = col.saturating_add(i as u16);
                keep(
                    c,
                    u16_at(pair, 0),
                    u32_at(pair, 2).map(|v| CellValue::Number(rk(v))),
                );
            }
        }
        _ => {}
    }
    if hidden.cells.len() + hidden.misstated.len() + hidden.struck.len() > MAX_UNSEEN_CELLS {
        return Err("more cells hidden by their format than payrun keeps".into());
    }
    Ok(())
}

/// MERGEDCELLS: a count, then (first row, last row, first column, last
/// column) of 2 bytes each per range, 0-based.
fn merged_cells(d: &[u8], merges: &mut Vec<Area>) -> Result<(), String> {
    let n = usize::from(u16_at(d, 0).unwrap_or(0));
    for i in 0..n {
        let at = 2 + i * 8;
        let (Some(r0), Some(r1), Some(c0), Some(c1)) = (
            u16_at(d, at),
            u16_at(d, at + 2),
            u16_at(d, at + 4),
            u16_at(d, at + 6),
        ) else {
            break;
        };
        if r0 <= r1 && c0 <= c1 {
            let (r0, r1) = (usize::from(r0) + 1, usize::from(r1) + 1);
            merges.push((r0, r1, usize::from(c0), usize::from(c1)));
        }
    }
    if merges.len() > MAX_MERGES {
        return Err("more merged ranges than payrun reads".into());
    }
    Ok(())
}

/// A second pass over the sheet's cell records: those under a merged range
/// (not its first cell) that hold a value.
fn under_merges(
    stream: &[u8],
    pos: usize,
    merges: &[Area],
    cells: &mut Vec<(usize, usize)>,
) -> Result<(), String> {
    let covered = Covered::new(merges)?;
    for record in Records::at(stream, pos) {
        let Record { typ, data: d } = record?;
        let (Some(row), Some(col)) = (u16_at(d, 0), u16_at(d, 2)) else {
            continue;
        };
        let row = usize::from(row) + 1;
        let cols = match typ {
            // NUMBER, LABEL, BOOLERR, RK, LABELSST, FORMULA: one cell.
            0x0203 | 0x0204 | 0x0205 | 0x027E | 0x00FD | 0x0006 => 1,
            // MULRK: 6 bytes a cell between the first and last column.
            0x00BD => d.len().saturating_sub(6) / 6,
            _ => continue,
        };
        for c in usize::from(col)..usize::from(col) + cols {
            if covered.hides(row, c) {
                cells.push((row, c));
            }
        }
        if cells.len() > MAX_UNSEEN_CELLS {
            return Err("more cells hidden by their format than payrun keeps".into());
        }
    }
    Ok(())
}

/// Under DEFAULTROWHEIGHT fDyZero, rows with cells but no ROW record of
/// their own are zero high.
fn hide_rows_without_a_record(reach: &Reach, with_record: &[u64], hidden: &mut HiddenParts) {
    for row in 0..65_536u32 {
        let i = row as usize;
        let own = with_record
            .get(i / 64)
            .is_some_and(|w| w & (1 << (i % 64)) != 0);
        if reach.has_row(row) && !own {
            add_run(&mut hidden.rows, i + 1, i + 1);
        }
    }
}

/// The cells DIMENSIONS makes calamine reserve, read as calamine reads it
/// (BIFF8: 4-byte rows; BIFF5: 2-byte rows). Rows that run backwards would
/// make calamine's subtraction wrap: refused.
fn dimensions(d: &[u8]) -> Result<u64, String> {
    let (first_row, last_row, mut first_col, last_col) = match d.len() {
        10 => (
            u32::from(u16_at(d, 0).unwrap_or(0)),
            u32::from(u16_at(d, 2).unwrap_or(0)),
            u32::from(u16_at(d, 4).unwrap_or(0)),
            u32::from(u16_at(d, 6).unwrap_or(0)),
        ),
        14 => (
            u32_at(d, 0).unwrap_or(0),
            u32_at(d, 4).unwrap_or(0),
            u32::from(u16_at(d, 8).unwrap_or(0)),
            u32::from(u16_at(d, 10).unwrap_or(0)),
        ),
        // calamine refuses the file itself.
        _ => return Ok(0),
    };
    if 0xFF < first_col || last_col < first_col {
        first_col = 0;
    }
    if last_row == 0 || last_col == 0 {
        return Ok(0);
    }
    if first_row > last_row - 1 || first_col > last_col - 1 {
        return Err("a sheet's DIMENSIONS record runs backwards".into());
    }
    Ok(u64::from(last_row - first_row).saturating_mul(u64::from(last_col - first_col)))
}

#[cfg(test)]
#[path = "biff_tests.rs"]
pub(super) mod tests;
