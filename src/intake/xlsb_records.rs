//! The records of an `.xlsb` part ([MS-XLSB] 2.1.4): a type of one or two
//! bytes and a size of one to four, seven bits a byte, then the body. Read
//! as the part streams by; no size read from the file reserves memory
//! beyond the one body asked for, which the caller bounds.

use std::io::{BufReader, Read};

/// The record types payrun reads itself ([MS-XLSB] 2.3.2), in one table
/// for every part: a workbook's (BrtBundleSh, BrtBookView), a worksheet's
/// and the styles' and shared strings'.
pub(super) mod kind {
    pub(in super::super) const ROW_HDR: u16 = 0x0000;
    pub(in super::super) const SST_ITEM: u16 = 0x0013;
    pub(in super::super) const FONT: u16 = 0x002B;
    pub(in super::super) const FMT: u16 = 0x002C;
    pub(in super::super) const FILL: u16 = 0x002D;
    pub(in super::super) const XF: u16 = 0x002F;
    pub(in super::super) const COL_INFO: u16 = 0x003C;
    /// BrtCellRString (2.4.309): a cell of rich text kept in the cell itself.
    pub(in super::super) const RICH_CELL: u16 = 0x003E;
    pub(in super::super) const WS_PROP: u16 = 0x0093;
    pub(in super::super) const BUNDLE_SHEET: u16 = 0x009C;
    pub(in super::super) const BOOK_VIEW: u16 = 0x009E;
    pub(in super::super) const MERGE_CELL: u16 = 0x00B0;
    pub(in super::super) const BEGIN_CONDITIONAL: u16 = 0x01CD;
    pub(in super::super) const WS_FMT_INFO: u16 = 0x01E5;
    pub(in super::super) const BEGIN_CELL_XFS: u16 = 0x0269;
    pub(in super::super) const END_CELL_XFS: u16 = 0x026A;
    pub(in super::super) const BEGIN_CONDITIONAL_14: u16 = 0x0416;
}

/// An XLWideString (or a nullable one: a count of 0xFFFFFFFF is none) at
/// `*at`, moving past it.
pub(super) fn wide(body: &[u8], at: &mut usize) -> Option<String> {
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
pub(super) struct Records<R> {
    r: BufReader<R>,
}

impl<R: Read> Records<R> {
    pub(super) fn new(reader: R) -> Records<R> {
        Records {
            r: BufReader::new(reader),
        }
    }

    /// The next record's type and size; `None` at the end of the part.
    pub(super) fn next_head(&mut self) -> Result<Option<(u16, u32)>, String> {
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

    pub(super) fn body(&mut self, size: u32) -> Result<Vec<u8>, String> {
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

    pub(super) fn skip(&mut self, size: u32) -> Result<(), String> {
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
