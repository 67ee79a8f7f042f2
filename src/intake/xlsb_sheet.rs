//! What an `.xlsb` worksheet part hides, read as it streams by: the binary
//! twin of `hidden_xlsx.rs`, by the same rules ([`super::hidden`]).
//!
//! Records read ([MS-XLSB] 2.4):
//! - BrtRowHdr (2.4.726): the row's number, its height in twips, and a
//!   flags byte (the 12th) with iOutLevel in bits 0-2, fCollapsed 0x08 and
//!   fDyZero 0x10, which Excel sets on a row hidden by hand, by a filter or
//!   in a closed group. A row too low to read is hidden too
//!   ([`too_low`]); the rows of a group whose summary row is collapsed are
//!   found by [`Outline`]. Every row holding cells has one: cells follow
//!   their row's header.
//! - BrtWsFmtInfo (2.4.813): fDyZero (bit 1 of its flags at byte 8), Excel's
//!   "hide every unused row": then a row is visible only where its own
//!   header says its height was set (fUnsynced, 0x20), as in `.xlsx`.
//! - BrtWsProp (2.4.820): fRowSumsBelow (bit 6), where a group's summary
//!   row is.
//! - BrtColInfo (2.4.325): first and last column, width in 1/256 of a
//!   character, fHidden (bit 0 of the flags at byte 16).
//! - The cell records (2.4.303-2.4.318: blank, RK, error, boolean, real,
//!   string, shared string and the formulas' cached results), each opening
//!   with its column and its style (iStyleRef, 24 bits), for the cells
//!   whose style hides, misstates or strikes their value ([`CellWatch`]).
//! - BrtMergeCell (2.4.592): first row, last row, first column, last column.
//! - BrtBeginConditionalFormatting (2.4.277) and its Excel 2010 twin: a
//!   conditional format, which payrun does not read in an `.xlsb`.
//! - BrtCellRString (2.4.309): a cell of rich text kept in the cell, which
//!   calamine skips (it would read as empty: a `Status` "do not pay" lost);
//!   the sheet is refused.

use super::biff::{u16_at, u32_at};
use super::hidden::{HiddenParts, add_run};
use super::legible::{too_low, too_narrow};
use super::merged::{Area, MAX_MERGES};
use super::outline::Outline;
use super::unseen::{CellWatch, Hides};
use super::xlsb_records::Records;
use super::xlsb_records::kind::{
    BEGIN_CONDITIONAL, BEGIN_CONDITIONAL_14, COL_INFO, MERGE_CELL, RICH_CELL, ROW_HDR, WS_FMT_INFO,
    WS_PROP,
};
use std::collections::HashMap;
use std::io::Read;

/// The largest record of those read whose body payrun keeps: a row header
/// with its 16 column spans is 145 bytes.
const MAX_READ_RECORD: u32 = 4096;
/// Excel's last row and column, 0-based.
const LAST_ROW: u32 = 1_048_575;
const LAST_COL: u32 = 16_383;

/// What a worksheet part holds of what payrun reads itself.
#[derive(Debug, Default)]
pub(super) struct SheetRead {
    pub(super) hidden: HiddenParts,
    pub(super) merges: Vec<Area>,
    /// It holds a conditional format.
    pub(super) conditional: bool,
}

/// Reads a worksheet part; `styles` are the cell styles that hide some
/// value, by index ([`super::xlsb_styles`]).
pub(super) fn scan_sheet(
    reader: impl Read,
    styles: &HashMap<usize, Hides>,
) -> Result<SheetRead, String> {
    let mut records = Records::new(reader);
    let mut read = SheetRead::default();
    let mut watch = CellWatch::new(styles);
    let mut rows = Rows::default();
    while let Some((typ, size)) = records.next_head()? {
        if matches!(typ, BEGIN_CONDITIONAL | BEGIN_CONDITIONAL_14) {
            read.conditional = true;
        }
        if typ == RICH_CELL {
            let col = u32_at(&records.body(size.min(4))?, 0).unwrap_or(0);
            return Err(format!(
                "cell {}{} holds rich text of its own (a BrtCellRString record), which the reader underneath skips, so payrun would read it as empty",
                super::column_letter(col.min(LAST_COL) as usize),
                rows.row
            ));
        }
        let cell = (0x0001..=0x000B).contains(&typ);
        let wanted = matches!(typ, ROW_HDR | COL_INFO | WS_PROP | WS_FMT_INFO | MERGE_CELL)
            || (cell && watch.active());
        if !wanted {
            records.skip(size)?;
            continue;
        }
        // A cell is judged on its first 16 bytes (column, style, value);
        // a string's text or a formula past them is not needed.
        let keep = if cell { size.min(16) } else { size };
        if keep > MAX_READ_RECORD {
            return Err(format!(
                "a record of type {typ:#06x} is {size} bytes long, more than Excel writes (the file is damaged)"
            ));
        }
        let b = records.body(keep)?;
        records.skip(size - keep)?;
        match typ {
            ROW_HDR => rows.header(&b, &mut read.hidden)?,
            COL_INFO => col_info(&b, &mut read.hidden),
            WS_PROP => rows.outline = Outline::new(u16_at(&b, 0).is_none_or(|f| f & 0x40 != 0)),
            WS_FMT_INFO => rows.unused_hidden = u16_at(&b, 8).is_some_and(|f| f & 0x02 != 0),
            MERGE_CELL => merge(&b, &mut read.merges)?,
            _ => judge_cell(typ, &b, rows.row, &mut watch)?,
        }
    }
    read.hidden = read
        .hidden
        .with_cells(watch.cells)
        .with_misstated(watch.misstated)
        .with_rounded(watch.rounded)
        .with_words(watch.words)
        .with_struck(watch.struck);
    Ok(read)
}

/// The rows read so far.
#[derive(Debug)]
struct Rows {
    /// The row the cells that follow are in, as seen (1-based).
    row: usize,
    outline: Outline,
    /// BrtWsFmtInfo fDyZero: rows whose height was not set are hidden.
    unused_hidden: bool,
}

impl Default for Rows {
    fn default() -> Rows {
        Rows {
            row: 1,
            outline: Outline::new(true),
            unused_hidden: false,
        }
    }
}

impl Rows {
    /// A BrtRowHdr: the row the next cells are in, and whether it is
    /// hidden.
    fn header(&mut self, b: &[u8], hidden: &mut HiddenParts) -> Result<(), String> {
        let rw = u32_at(b, 0).unwrap_or(0);
        if rw > LAST_ROW {
            return Err(format!(
                "a row is numbered {}, past Excel's last row",
                u64::from(rw) + 1
            ));
        }
        self.row = rw as usize + 1;
        let height = u16_at(b, 8).unwrap_or(300);
        let flags = b.get(11).copied().unwrap_or(0);
        let set_height = flags & 0x20 != 0;
        if flags & 0x10 != 0
            || too_low(f64::from(height) / 20.0)
            || (self.unused_hidden && !set_height)
        {
            add_run(&mut hidden.rows, self.row, self.row);
        }
        self.outline
            .row(self.row, flags & 0x07, flags & 0x08 != 0, &mut hidden.rows);
        Ok(())
    }
}

/// A BrtColInfo: columns hidden by fHidden or too narrow to show a digit.
fn col_info(b: &[u8], hidden: &mut HiddenParts) {
    let (Some(first), Some(last)) = (u32_at(b, 0), u32_at(b, 4)) else {
        return;
    };
    let width = u32_at(b, 8).unwrap_or(2340);
    let flags = u16_at(b, 16).unwrap_or(0);
    if first <= last
        && first <= LAST_COL
        && (flags & 1 != 0 || too_narrow(f64::from(width) / 256.0))
    {
        add_run(
            &mut hidden.columns,
            first as usize,
            last.min(LAST_COL) as usize,
        );
    }
}

/// A BrtMergeCell: its range, as (first row as seen, last row as seen,
/// first column, last column).
fn merge(b: &[u8], merges: &mut Vec<Area>) -> Result<(), String> {
    let n = |i: usize| u32_at(b, i).unwrap_or(0);
    let (r0, r1, c0, c1) = (n(0), n(4), n(8), n(12));
    if r0 <= r1 && c0 <= c1 && r1 <= LAST_ROW && c1 <= LAST_COL {
        merges.push((r0 as usize + 1, r1 as usize + 1, c0 as usize, c1 as usize));
    }
    if merges.len() > MAX_MERGES {
        return Err("more merged ranges than payrun reads".into());
    }
    Ok(())
}

/// A cell record of `row`: kept if its style hides, misstates or strikes
/// the value it holds. The value is given as an `.xlsx` would store it
/// (`t` and text), which is what [`Hides`] judges.
fn judge_cell(typ: u16, b: &[u8], row: usize, watch: &mut CellWatch<'_>) -> Result<(), String> {
    let (Some(col), Some(style)) = (u32_at(b, 0), u32_at(b, 4)) else {
        return Ok(());
    };
    let Some(hides) = watch.style((style & 0x00FF_FFFF) as usize) else {
        return Ok(());
    };
    let number = match typ {
        0x0002 => u32_at(b, 8).map(rk),
        0x0005 | 0x0009 => b
            .get(8..16)
            .and_then(|x| x.try_into().ok())
            .map(f64::from_le_bytes),
        _ => None,
    };
    let (t, value) = match (typ, number) {
        (_, Some(v)) => (None, v.to_string()),
        (0x0003 | 0x000B, _) => (Some("e"), "#".to_string()),
        (0x0004 | 0x000A, _) => (Some("b"), "0".to_string()),
        // A string (BrtCellSt, BrtFmlaString: its length first) or a
        // shared string: text, judged by its style's text section.
        (0x0006 | 0x0008, _) if u32_at(b, 8).unwrap_or(0) == 0 => return Ok(()),
        (0x0006..=0x0008, _) => (Some("s"), "text".to_string()),
        _ => return Ok(()),
    };
    watch.keep(row, col as usize, hides, t, &value)
}

/// An RkNumber (2.5.122): bit 0 divides by 100, bit 1 says the other 30
/// bits are an integer, else they are the top of a double.
fn rk(v: u32) -> f64 {
    let n = if v & 0x02 != 0 {
        f64::from((v as i32) >> 2)
    } else {
        f64::from_bits(u64::from(v & 0xFFFF_FFFC) << 32)
    };
    if v & 0x01 != 0 { n / 100.0 } else { n }
}
