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
//!
//! This file frames the records and reads rows and columns; how far the
//! cells reach is in `biff_reach.rs`, the cells that show nothing of their
//! value in `biff_cells.rs`.

use super::biff_conditional::BiffRules;
use super::biff_styles::BiffStyles;
use super::conditional::Rule;
use super::hidden::{HiddenParts, add_run};
use super::legible::{too_low, too_narrow};
use super::merged::Area;
use super::outline::Outline;
use super::unseen::Hides;
use std::collections::HashMap;

// How far the cells reach; which cells show nothing of their value.
#[path = "biff_cells.rs"]
mod cells;
#[path = "biff_reach.rs"]
mod reach;
// Cell comments (NOTE, OBJ, TXO).
#[path = "biff_notes.rs"]
mod notes;
use cells::{merged_cells, shared_string_runs, under_merges, unseen_cells};
use reach::Reach;

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
    let mut notes = notes::Notes::default();
    for record in Records::at(stream, pos) {
        let Record { typ, data: d } = record?;
        notes.record(typ, d)?;
        if !styles.is_empty() {
            unseen_cells(typ, d, styles, &mut hidden)?;
        }
        if let Some(sst) = looks.map(|l| &l.sst).filter(|s| !s.is_empty()) {
            shared_string_runs(typ, d, sst, &mut hidden)?;
        }
        reach.record(typ, d, &mut formula_at)?;
        match (typ, (u16_at(d, 0), u16_at(d, 2))) {
            (0x0208, (Some(r), _)) => {
                row_record(d, r, &mut with_row_record, &mut outline, &mut hidden);
            }
            // WSBOOL: fRowSumsBelow (bit 6) says where a group's summary row is.
            (0x0081, _) => {
                outline = Outline::new(u16_at(d, 0).is_none_or(|f| f & 0x0040 != 0));
            }
            (0x007D, (Some(first), Some(last))) => colinfo_record(d, first, last, &mut hidden),
            (0x0225, _) => default_hidden = u16_at(d, 0).is_some_and(|f| f & 0x0002 != 0),
            (0x00E5, _) => merged_cells(d, &mut merges)?,
            (0x01B0 | 0x01B1, _) => {
                if let Some(looks) = looks {
                    conditions.record(typ, d, looks)?;
                }
            }
            // CONDFMT12, CF12: Excel 2007's rules (data bars, icon sets,
            // colour scales, and any rule past BIFF8's), which may hide,
            // strike or scale a value; not read, so not vouched for.
            (0x0879 | 0x087A, _) if looks.is_some() => {
                return Err("the sheet has a conditional format of Excel 2007 or later (a CF12 record), which payrun does not read in .xls: it may hide a value (a data bar shown without its number), strike it through or show it as another number".into());
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
        hidden: hidden.with_comments(notes.finish()).sorted(),
        rules: conditions.rules,
        merges,
    })
}

/// ROW: row `r` (0-based) has a record of its own; hidden by fDyZero or
/// too low to read, and its place in an outline group.
fn row_record(
    d: &[u8],
    r: u16,
    with_record: &mut [u64],
    outline: &mut Outline,
    hidden: &mut HiddenParts,
) {
    if let Some(w) = with_record.get_mut(usize::from(r) / 64) {
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

/// COLINFO: columns `first..=last` (0-based), hidden by fHidden or too
/// narrow to show a digit.
fn colinfo_record(d: &[u8], first: u16, last: u16, hidden: &mut HiddenParts) {
    let width = u16_at(d, 4).unwrap_or(1);
    let options = u16_at(d, 8).unwrap_or(0);
    if (options & 1 != 0 || too_narrow(f64::from(width) / 256.0)) && first <= last {
        add_run(&mut hidden.columns, usize::from(first), usize::from(last));
    }
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

#[cfg(test)]
#[path = "biff_tests.rs"]
pub(super) mod tests;
