//! The merged ranges of an `.xlsb` worksheet, so that a `Status` merged
//! down over rows holds back every row it covers, as in the other formats
//! (`merged.rs`). calamine reads an `.xlsb`'s cells but not its merges.
//!
//! An `.xlsb` part is a run of records ([MS-XLSB] 2.1.4): a type of one or
//! two bytes and a size of one to four, seven bits a byte, then the body.
//! The workbook part names each sheet in a BrtBundleSh (2.4.305: its state,
//! its tab id, its relationship id, its name, the strings as a 4-byte count
//! of UTF-16 units); the sheet part keeps its merges after its cells, each a
//! BrtMergeCell (2.4.592: first row, last row, first column, last column,
//! 0-based). Only those records are read; every other body is skipped, and
//! no size read from the file reserves memory.

use super::hidden::sheet_part;
use super::merged::{Area, MAX_MERGES};
use std::io::{BufReader, Read};

const BUNDLE_SHEET: u16 = 0x009C;
const MERGE_CELL: u16 = 0x00B0;
const END_MERGE_CELLS: u16 = 0x00B2;
/// The most of a BrtBundleSh read: two strings of at most 255 + 32 units.
const MAX_BUNDLE: u32 = 4096;
/// Excel's last row and column, 0-based.
const LAST_ROW: u32 = 1_048_575;
const LAST_COL: u32 = 16_383;

/// The merged ranges of worksheet `sheet` of the `.xlsb` in `bytes`.
pub(super) fn xlsb_merges(bytes: &[u8], sheet: &str) -> Result<Vec<Area>, String> {
    let (mut zip, part) = sheet_part(bytes, "xl/workbook.bin", |f| sheet_rid(f, sheet))?;
    let f = zip
        .by_name(&part)
        .map_err(|_| format!("the worksheet's part {part} is missing"))?;
    merges(f)
}

/// The relationship id of the sheet named `sheet` in `workbook.bin`.
fn sheet_rid(reader: impl Read, sheet: &str) -> Result<String, String> {
    let mut records = Records::new(reader);
    while let Some((typ, size)) = records.next_head()? {
        if typ != BUNDLE_SHEET || size > MAX_BUNDLE {
            records.skip(size)?;
            continue;
        }
        let body = records.body(size)?;
        let mut at = 8;
        let rid = wide(&body, &mut at);
        if wide(&body, &mut at).as_deref() == Some(sheet) {
            return rid.ok_or_else(|| "xl/workbook.bin names the worksheet without a part".into());
        }
    }
    Err("xl/workbook.bin does not list the worksheet".into())
}

/// The merged ranges a sheet part holds, as (first row as seen, last row
/// as seen, first column, last column).
fn merges(reader: impl Read) -> Result<Vec<Area>, String> {
    let mut records = Records::new(reader);
    let mut out = Vec::new();
    while let Some((typ, size)) = records.next_head()? {
        match typ {
            MERGE_CELL if size == 16 => {
                let b = records.body(size)?;
                let n = |i: usize| {
                    b.get(i..i + 4)
                        .map_or(0, |x| u32::from_le_bytes([x[0], x[1], x[2], x[3]]))
                };
                let (r0, r1, c0, c1) = (n(0), n(4), n(8), n(12));
                if r0 <= r1 && c0 <= c1 && r1 <= LAST_ROW && c1 <= LAST_COL {
                    out.push((r0 as usize + 1, r1 as usize + 1, c0 as usize, c1 as usize));
                }
                if out.len() > MAX_MERGES {
                    return Err("more merged ranges than payrun reads".into());
                }
            }
            END_MERGE_CELLS => break,
            _ => records.skip(size)?,
        }
    }
    Ok(out)
}

/// An XLWideString (or a nullable one: a count of 0xFFFFFFFF is none) at
/// `*at`, moving past it.
fn wide(body: &[u8], at: &mut usize) -> Option<String> {
    let n = u32::from_le_bytes(body.get(*at..*at + 4)?.try_into().ok()?);
    *at += 4;
    if n == u32::MAX {
        return None;
    }
    let bytes = body.get(*at..*at + n as usize * 2)?;
    *at += bytes.len();
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    Some(String::from_utf16_lossy(&units))
}

/// The records of one part, head by head.
struct Records<R> {
    r: BufReader<R>,
}

impl<R: Read> Records<R> {
    fn new(reader: R) -> Records<R> {
        Records {
            r: BufReader::new(reader),
        }
    }

    /// The next record's type and size; `None` at the end of the part.
    fn next_head(&mut self) -> Result<Option<(u16, u32)>, String> {
        let Some(b) = self.byte(true)? else {
            return Ok(None);
        };
        let mut typ = u16::from(b & 0x7F);
        if b & 0x80 != 0 {
            let b2 = self.byte(false)?.unwrap_or(0);
            typ |= u16::from(b2 & 0x7F) << 7;
        }
        let mut size = 0u32;
        for i in 0..4 {
            let b = self.byte(false)?.unwrap_or(0);
            size |= u32::from(b & 0x7F) << (7 * i);
            if b & 0x80 == 0 {
                break;
            }
        }
        Ok(Some((typ, size)))
    }

    /// One byte; at the end of the part, `None` where a record may end it
    /// (`at_start`), an error inside one.
    fn byte(&mut self, at_start: bool) -> Result<Option<u8>, String> {
        let mut b = [0u8];
        match self.r.read(&mut b) {
            Ok(1) => Ok(Some(b[0])),
            Ok(_) if at_start => Ok(None),
            Ok(_) => Err(CUT.into()),
            Err(e) => Err(format!("the worksheet part cannot be read ({e})")),
        }
    }

    fn body(&mut self, size: u32) -> Result<Vec<u8>, String> {
        let mut body = Vec::new();
        let got = (&mut self.r)
            .take(u64::from(size))
            .read_to_end(&mut body)
            .map_err(|e| format!("the worksheet part cannot be read ({e})"))?;
        if got as u64 != u64::from(size) {
            return Err(CUT.into());
        }
        Ok(body)
    }

    fn skip(&mut self, size: u32) -> Result<(), String> {
        let got = std::io::copy(
            &mut (&mut self.r).take(u64::from(size)),
            &mut std::io::sink(),
        )
        .map_err(|e| format!("the worksheet part cannot be read ({e})"))?;
        if got != u64::from(size) {
            return Err(CUT.into());
        }
        Ok(())
    }
}

const CUT: &str = "a record of the worksheet part is cut short (the file is damaged)";
