//! The `.xls` shared strings whose rich-text runs hide or strike through
//! some of their text, by the rule in `runs.rs`.
//!
//! A LABELSST cell holds an index into the globals' SST record ([MS-XLS]
//! 2.4.265 SST, 2.5.293 XLUnicodeRichExtendedString): each string is a
//! character count, flags (fHighByte: two bytes a character; fExtSt;
//! fRichSt), a run count when rich, an extension size, the characters, then
//! its runs (FormatRun: the first character's index and a FONT index) and
//! the extension. Excel and LibreOffice keep a cell of which part was
//! struck or whitened (select the text in the cell, Ctrl+5) as such runs;
//! the cell's XF says nothing of it.
//!
//! The SST runs on into CONTINUE records (0x003C) past 8,224 bytes. A
//! string's characters split at a record start again with a flags byte (one
//! or two bytes a character from there on); any other field runs straight
//! on. Every count is bounded by the bytes there are: nothing here
//! allocates by a number the file declares beyond one string's 65,535
//! characters.

use crate::intake::biff::u16_at;
use crate::intake::runs::RunJudge;
use std::collections::HashSet;

/// The most strings kept as hiding or struck (each is a 4-byte index).
const MAX_KEPT: usize = 1_000_000;

/// The indexes of the SST strings whose runs hide or strike their text.
#[derive(Debug, Default, Clone)]
pub(in crate::intake) struct SstLooks {
    pub(in crate::intake) hidden: HashSet<u32>,
    pub(in crate::intake) struck: HashSet<u32>,
}

impl SstLooks {
    pub(in crate::intake) fn is_empty(&self) -> bool {
        self.hidden.is_empty() && self.struck.is_empty()
    }
}

/// Reads the SST's `parts` (its body, then each CONTINUE's) for the strings
/// with runs; `font` says of a FONT index whether it shows nothing on
/// white and whether it strikes through. A string cut short ends the read:
/// the strings before it are judged.
pub(super) fn sst_looks(parts: &[&[u8]], font: impl Fn(u16) -> (bool, bool)) -> SstLooks {
    let mut out = SstLooks::default();
    let mut at = Cursor {
        parts,
        part: 0,
        pos: 8,
    };
    let count = parts
        .first()
        .and_then(|d| d.get(4..8))
        .map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
    for index in 0..count {
        let Some((text, runs)) = at.string() else {
            break;
        };
        if runs.is_empty() {
            continue;
        }
        let judge = judge(&text, &runs, &font);
        if judge.hides() && out.hidden.len() < MAX_KEPT {
            out.hidden.insert(index);
        }
        if judge.struck() && out.struck.len() < MAX_KEPT {
            out.struck.insert(index);
        }
    }
    out
}

/// The runs of `text` (UTF-16 units; each run from its first character to
/// the next run's), the text before the first run in the cell's own font.
fn judge(text: &[u16], runs: &[FormatRun], font: &impl Fn(u16) -> (bool, bool)) -> RunJudge {
    let mut judge = RunJudge::default();
    let piece = |from: usize, to: usize| {
        String::from_utf16_lossy(text.get(from.min(to)..to.min(text.len())).unwrap_or(&[]))
    };
    let first = runs.first().map_or(text.len(), |r| usize::from(r.0));
    judge.piece(&piece(0, first), false, false);
    for (i, &(ich, ifnt)) in runs.iter().enumerate() {
        let end = runs.get(i + 1).map_or(text.len(), |r| usize::from(r.0));
        let (hides, struck) = font(ifnt);
        judge.piece(&piece(usize::from(ich), end), hides, struck);
    }
    judge
}

/// A run: its first character's index, and its FONT index.
type FormatRun = (u16, u16);

/// A place in the SST's parts.
struct Cursor<'a> {
    parts: &'a [&'a [u8]],
    part: usize,
    pos: usize,
}

impl Cursor<'_> {
    /// The next byte, on into the next part at the end of one.
    fn byte(&mut self) -> Option<u8> {
        loop {
            let d = self.parts.get(self.part)?;
            if let Some(b) = d.get(self.pos) {
                self.pos += 1;
                return Some(*b);
            }
            self.part += 1;
            self.pos = 0;
        }
    }

    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_le_bytes([self.byte()?, self.byte()?]))
    }

    fn skip(&mut self, mut n: usize) -> Option<()> {
        while n > 0 {
            let d = self.parts.get(self.part)?;
            let left = d.len().saturating_sub(self.pos);
            if left == 0 {
                self.part += 1;
                self.pos = 0;
                continue;
            }
            let step = left.min(n);
            self.pos += step;
            n -= step;
        }
        Some(())
    }

    /// One XLUnicodeRichExtendedString: its characters (as UTF-16 units)
    /// and its runs, (first character, FONT index).
    fn string(&mut self) -> Option<(Vec<u16>, Vec<FormatRun>)> {
        let cch = usize::from(self.u16()?);
        let flags = self.byte()?;
        let runs = if flags & 0x08 != 0 { self.u16()? } else { 0 };
        let ext = if flags & 0x04 != 0 {
            let b = [self.byte()?, self.byte()?, self.byte()?, self.byte()?];
            u32::from_le_bytes(b) as usize
        } else {
            0
        };
        let text = self.chars(cch, flags & 0x01 != 0, runs > 0)?;
        let mut out = Vec::new();
        for _ in 0..runs {
            out.push((self.u16()?, self.u16()?));
        }
        self.skip(ext)?;
        Some((text, out))
    }

    /// `n` characters, one or two bytes each by `wide` and, past a part's
    /// end, by the flags byte that starts the next part. Kept only when
    /// `keep` (a string with runs); else skipped.
    fn chars(&mut self, n: usize, mut wide: bool, keep: bool) -> Option<Vec<u16>> {
        let mut out = Vec::new();
        let mut left = n;
        while left > 0 {
            let d = self.parts.get(self.part)?;
            if self.pos >= d.len() {
                self.part += 1;
                let next = self.parts.get(self.part)?;
                wide = next.first()? & 0x01 != 0;
                self.pos = 1;
                continue;
            }
            let size = if wide { 2 } else { 1 };
            let here = ((d.len() - self.pos) / size).min(left).max(1);
            let bytes = d.get(self.pos..self.pos + here * size)?;
            if keep {
                if wide {
                    out.extend(bytes.chunks_exact(2).filter_map(|c| u16_at(c, 0)));
                } else {
                    out.extend(bytes.iter().map(|b| u16::from(*b)));
                }
            }
            self.pos += here * size;
            left -= here;
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An SST body of `strings`, each (text, runs) as one-byte characters.
    fn sst(strings: &[(&str, &[(u16, u16)])]) -> Vec<u8> {
        let n = strings.len() as u32;
        let mut d = [n.to_le_bytes(), n.to_le_bytes()].concat();
        for (text, runs) in strings {
            d.extend((text.len() as u16).to_le_bytes());
            if runs.is_empty() {
                d.push(0);
            } else {
                d.push(0x08);
                d.extend((runs.len() as u16).to_le_bytes());
            }
            d.extend(text.bytes());
            for (ich, ifnt) in *runs {
                d.extend(ich.to_le_bytes());
                d.extend(ifnt.to_le_bytes());
            }
        }
        d
    }

    /// Font 6 strikes through, font 7 is white.
    fn font(i: u16) -> (bool, bool) {
        (i == 7, i == 6)
    }

    #[test]
    fn strings_struck_over_a_digit_or_whitened_are_kept_by_index() {
        let d = sst(&[
            ("Name", &[]),
            ("01712345012", &[(0, 5), (7, 6)]),
            ("01712345013", &[(0, 5), (7, 5)]),
            ("01712345014 (old)", &[(0, 5), (11, 6)]),
            ("01712345015", &[(0, 5), (7, 7)]),
            ("Rahim", &[(0, 6)]),
        ]);
        let got = sst_looks(&[&d], font);
        let mut struck: Vec<u32> = got.struck.into_iter().collect();
        struck.sort();
        assert_eq!(struck, [1, 5]);
        assert_eq!(got.hidden.into_iter().collect::<Vec<_>>(), [4]);
    }

    #[test]
    fn a_string_split_into_a_continue_record_is_read_on() {
        let d = sst(&[("Name", &[]), ("01712345012", &[(0, 5), (7, 6)])]);
        // Split in the second string's characters ("0171234" | "5012"),
        // the CONTINUE starting with its flags byte, then in its runs.
        let at = d.len() - 8 - 4;
        let (head, tail) = d.split_at(at);
        let (chars, runs) = tail.split_at(4);
        let cont = [&[0u8][..], chars, &runs[..3]].concat();
        let got = sst_looks(&[head, &cont, &runs[3..]], font);
        assert_eq!(got.struck.into_iter().collect::<Vec<_>>(), [1]);
        // The same split as two-byte characters.
        let wide: Vec<u8> = chars.iter().flat_map(|b| [*b, 0]).collect();
        let cont = [&[1u8][..], &wide, &runs[..3]].concat();
        let got = sst_looks(&[head, &cont, &runs[3..]], font);
        assert_eq!(got.struck.into_iter().collect::<Vec<_>>(), [1]);
    }

    #[test]
    fn a_cut_short_table_keeps_what_it_read() {
        let d = sst(&[("01712345012", &[(0, 6)]), ("Rahim", &[(0, 6)])]);
        let got = sst_looks(&[&d[..d.len() - 3]], font);
        assert_eq!(got.struck.into_iter().collect::<Vec<_>>(), [0]);
    }
}
