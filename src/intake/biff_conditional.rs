//! The `.xls` side of [`super::conditional`]: CONDFMT and CF records of a
//! sheet substream ([MS-XLS] 2.4.56 CondFmt, 2.4.42 CF, 2.5.93 DXFN).
//! Hand-read for the reason `biff` gives.
//!
//! A CONDFMT lists the areas (`sqref`, 0-based Ref8U) its CF records apply
//! to; each CF that follows is a comparison of the cell's value (`ct` 1,
//! operator `cp`) or a formula (`ct` 2), the look it applies (a DXFN: which
//! of number format, font, alignment, border, pattern and protection it
//! sets, then those blocks in that order), and its parsed formulas. Only a
//! formula that is one constant (`ptgInt`, `ptgNum` or `ptgStr`, perhaps
//! negated) is worked out; anything else is taken as holding. CF12 records
//! (Excel 2007's data bars and icon sets) are not read.

use super::biff::{u16_at, u32_at};
use super::biff_styles::{BiffStyles, chars, unicode_string};
use super::conditional::{Op, Operand, Rule, When, compare_with, keep};
use super::merged::Area;
use super::unseen::{Hides, WHITE, builtin_format, format_hides};

/// The sizes of a DXFN's optional blocks after the number format: font,
/// alignment, border, pattern, protection.
const FONT: usize = 118;
const ALIGNMENT: usize = 8;
const BORDER: usize = 8;

/// The rules of one sheet, and the areas of the CONDFMT being read.
#[derive(Debug, Default)]
pub(super) struct BiffRules {
    areas: Vec<Area>,
    pub(super) rules: Vec<Rule>,
}

impl BiffRules {
    /// Takes a CONDFMT (0x01B0) or CF (0x01B1) record.
    pub(super) fn record(&mut self, typ: u16, d: &[u8], styles: &BiffStyles) -> Result<(), String> {
        match typ {
            0x01B0 => self.areas = condfmt_areas(d),
            0x01B1 => {
                if let Some((when, hides)) = cf(d, styles) {
                    keep(&mut self.rules, &self.areas, when, hides)?;
                }
            }
            _ => {}
        }
        Ok(())
    }
}

/// CONDFMT: ccf, flags, the bounding Ref8U, then a count of Ref8U areas
/// (first row, last row, first column, last column, 2 bytes each).
fn condfmt_areas(d: &[u8]) -> Vec<Area> {
    let n = usize::from(u16_at(d, 12).unwrap_or(0));
    (0..n)
        .map_while(|i| {
            let at = 14 + i * 8;
            Some((
                u16_at(d, at)?,
                u16_at(d, at + 2)?,
                u16_at(d, at + 4)?,
                u16_at(d, at + 6)?,
            ))
        })
        .filter(|(r0, r1, c0, c1)| r0 <= r1 && c0 <= c1)
        .map(|(r0, r1, c0, c1)| {
            let (r0, r1) = (usize::from(r0) + 1, usize::from(r1) + 1);
            (r0, r1, usize::from(c0) & 0x3FFF, usize::from(c1) & 0x3FFF)
        })
        .collect()
}

/// CF: when the rule applies, and what it hides; `None` when the record
/// is cut short.
fn cf(d: &[u8], styles: &BiffStyles) -> Option<(When, Hides)> {
    let (ct, cp) = (*d.first()?, *d.get(1)?);
    let (cce1, cce2) = (usize::from(u16_at(d, 2)?), usize::from(u16_at(d, 4)?));
    let (hides, dxfn_len) = dxfn(d.get(6..)?, styles)?;
    let at = 6 + dxfn_len;
    let rgce1 = d.get(at..at + cce1)?;
    let rgce2 = d.get(at + cce1..at + cce1 + cce2)?;
    let op = match cp {
        1 => Some(Op::Between),
        2 => Some(Op::NotBetween),
        3 => Some(Op::Eq),
        4 => Some(Op::Ne),
        5 => Some(Op::Gt),
        6 => Some(Op::Lt),
        7 => Some(Op::Ge),
        8 => Some(Op::Le),
        _ => None,
    };
    let when = match ct {
        1 => compare_with(
            op,
            constant(rgce1),
            (cce2 > 0).then(|| constant(rgce2)).flatten(),
        ),
        _ => When::Always,
    };
    Some((when, hides))
}

/// A DXFN: what it hides, and its length.
fn dxfn(d: &[u8], styles: &BiffStyles) -> Option<(Hides, usize)> {
    let flags = u32_at(d, 0)?;
    let user_format = u16_at(d, 4)? & 1 != 0;
    let bit = |n: u32| flags >> n & 1 != 0;
    let mut at = 6;
    let mut hides = Hides::default();
    // ibitAtrNum: a format of its own (DXFNumUsr: its size, then the
    // string) or a built-in one's id (DXFNumIFmt); ifmtNinch says unset.
    if bit(25) {
        let (code, len) = if user_format {
            let cb = usize::from(u16_at(d, at)?);
            (unicode_string(d.get(..at + cb)?, at + 2), cb)
        } else {
            let id = u32::from(*d.get(at + 1)?);
            (builtin_format(id).map(str::to_string), 2)
        };
        if !bit(19)
            && let Some(code) = code
        {
            hides = format_hides(&code);
        }
        at += len;
    }
    let mut ink = None;
    if bit(26) {
        // DXFFntD: icvFore at 80; all ones means unset. Its Stxp's `ts` at
        // 68 strikes through with ftsStrikeout (bit 7), unless `tsNinch`
        // at 88 says that bit is unset.
        let icv = u32_at(d, at + 80)?;
        if icv != u32::MAX {
            ink = u16::try_from(icv).ok().and_then(|i| styles.colour(i));
        }
        let (ts, unset) = (u32_at(d, at + 68)?, u32_at(d, at + 88)?);
        hides.struck = ts & 0x80 != 0 && unset & 0x80 == 0;
        at += FONT;
    }
    at += if bit(27) { ALIGNMENT } else { 0 };
    at += if bit(28) { BORDER } else { 0 };
    let mut fill = None;
    if bit(29) {
        // DXFPat: fls in bits 10-15, then icvForeground and icvBackground
        // (7 bits each); a solid fill shows its background colour, as an
        // `.xlsx` dxf's `bgColor`, unless that is unset (icvBNinch).
        let pattern = u16_at(d, at)? >> 10;
        let colours = u16_at(d, at + 2)?;
        let (fore, back) = (colours & 0x7F, colours >> 7 & 0x7F);
        if pattern == 1 && !bit(16) {
            fill = styles.colour(if bit(18) { fore } else { back });
        }
        at += 4;
    }
    at += if bit(30) { 2 } else { 0 };
    let ground = Some(fill.unwrap_or(WHITE));
    hides = hides.inked(ink, false, ground);
    Some((hides, at))
}

/// A formula of one constant: ptgInt, ptgNum or ptgStr, perhaps followed
/// by ptgUminus (`-5`) or ptgParen.
fn constant(rgce: &[u8]) -> Option<Operand> {
    let (value, rest) = match *rgce.first()? {
        0x1E => (Operand::Number(f64::from(u16_at(rgce, 1)?)), rgce.get(3..)?),
        0x1F => {
            let bytes: [u8; 8] = rgce.get(1..9)?.try_into().ok()?;
            (Operand::Number(f64::from_le_bytes(bytes)), rgce.get(9..)?)
        }
        0x17 => {
            let n = usize::from(*rgce.get(1)?);
            let wide = rgce.get(2)? & 1 != 0;
            let len = if wide { n * 2 } else { n };
            let text = chars(rgce.get(3..3 + len)?, n, wide);
            (Operand::Text(text), rgce.get(3 + len..)?)
        }
        _ => return None,
    };
    match (value, rest) {
        (v, []) | (v, [0x15]) => Some(v),
        (Operand::Number(n), [0x13] | [0x13, 0x15] | [0x15, 0x13]) => Some(Operand::Number(-n)),
        _ => None,
    }
}

#[cfg(test)]
#[path = "biff_conditional_tests.rs"]
mod tests;
