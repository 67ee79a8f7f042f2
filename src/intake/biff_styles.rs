//! The `.xls` side of [`super::unseen`]: which cell formats (XF records) of
//! a BIFF8 workbook show nothing of a cell's value, from the globals'
//! FORMAT, FONT, XF and PALETTE records ([MS-XLS] 2.4.126 Format, 2.4.122
//! Font, 2.4.353 XF, 2.4.188 Palette), and the values of the cell records
//! that point at them. Hand-read for the reason `biff` gives: calamine
//! reads `.xls` cells but keeps formats and its record reader to itself.

use super::biff::{u16_at, u32_at};
use super::legible::too_small;
use super::unseen::{Hides, Rgb, WHITE, builtin_format, format_hides, ink_lost_in, palette_colour};
use std::collections::HashMap;

// Shared strings whose runs hide or strike their text.
#[path = "biff_sst.rs"]
mod sst;
pub(super) use sst::SstLooks;

/// The most FORMAT, FONT or XF records kept (Excel allows about 4,000
/// formats and 64,000 XFs).
const MAX_ENTRIES: usize = 65_536;

/// The globals' records that decide how a cell looks, gathered in order.
#[derive(Debug, Default)]
pub(super) struct BiffStyles {
    formats: HashMap<u16, String>,
    /// Each FONT's colour index (`icv`), whether it is too small to read
    /// (`dyHeight`, in twips), and whether it strikes its text through
    /// (`grbit` fStrikeOut, bit 3).
    fonts: Vec<(u16, bool, bool)>,
    /// Each XF: (font index, format id, fill pattern, fill colour).
    xfs: Vec<(u16, u16, u8, u16)>,
    /// PALETTE's colours for indexes 8 on, as 0xRRGGBB.
    palette: Vec<u32>,
    /// The shared strings whose runs hide or strike their text.
    pub(super) sst: SstLooks,
}

impl BiffStyles {
    /// Takes one globals record, if it is one of these.
    pub(super) fn record(&mut self, typ: u16, d: &[u8]) {
        match typ {
            0x041E if self.formats.len() < MAX_ENTRIES => {
                if let (Some(id), Some(code)) = (u16_at(d, 0), unicode_string(d, 2)) {
                    self.formats.insert(id, code);
                }
            }
            0x0031 if self.fonts.len() < MAX_ENTRIES => {
                let tiny = u16_at(d, 0).is_some_and(|h| too_small(f64::from(h) / 20.0));
                let struck = u16_at(d, 2).is_some_and(|grbit| grbit & 0x0008 != 0);
                self.fonts
                    .push((u16_at(d, 4).unwrap_or(0x7FFF), tiny, struck));
            }
            0x00E0 if self.xfs.len() < MAX_ENTRIES => {
                let font = u16_at(d, 0).unwrap_or(0);
                let format = u16_at(d, 2).unwrap_or(0);
                let pattern = (u32_at(d, 14).unwrap_or(0) >> 26) as u8 & 0x3F;
                let fore = u16_at(d, 18).unwrap_or(0x40) & 0x7F;
                self.xfs.push((font, format, pattern, fore));
            }
            0x0092 => {
                let n = usize::from(u16_at(d, 0).unwrap_or(0)).min(56);
                self.palette = (0..n)
                    .filter_map(|i| d.get(2 + i * 4..5 + i * 4))
                    .map(|c| c.iter().fold(0u32, |rgb, b| rgb << 8 | u32::from(*b)))
                    .collect();
            }
            _ => {}
        }
    }

    /// Reads the SST (its body and CONTINUEs' in `parts`) for the strings
    /// whose runs hide or strike their text, by their runs' fonts.
    pub(super) fn read_sst(&mut self, parts: &[&[u8]]) {
        self.sst = sst::sst_looks(parts, |i| {
            let (icv, tiny, struck) = self.font(i);
            (tiny || ink_lost_in(self.colour(icv), Some(WHITE)), struck)
        });
    }

    /// FONT index `i` (colour index, too small, struck): index 4 is never
    /// written, so the fifth FONT record is index 5.
    fn font(&self, i: u16) -> (u16, bool, bool) {
        let i = usize::from(i);
        let i = if i >= 4 { i - 1 } else { i };
        self.fonts.get(i).copied().unwrap_or((0x7FFF, false, false))
    }

    /// The XF indexes that hide some value; empty nearly always.
    pub(super) fn hiding(&self) -> HashMap<usize, Hides> {
        let mut out = HashMap::new();
        for (i, (font, format, pattern, fore)) in self.xfs.iter().enumerate() {
            let mut h = self
                .formats
                .get(format)
                .map(|code| format_hides(code))
                .or_else(|| builtin_format(u32::from(*format)).map(format_hides))
                .unwrap_or_default();
            let (icv, tiny, struck) = self.font(*font);
            let ink = self.colour(icv);
            let ground = match pattern {
                0 => Some(WHITE),
                1 => self.colour(*fore),
                _ => None,
            };
            h = h.inked(ink, tiny, ground);
            h.struck = struck;
            if h != Hides::default() {
                out.insert(i, h);
            }
        }
        out
    }

    /// Colour index `icv` as a colour: entries 0 to 7 are fixed, 8 to 63
    /// are the PALETTE's (the default one's where PALETTE is absent or
    /// short), 0x41 is the window background (white); the other system
    /// colours (automatic text 0x7FFF, pattern 0x40) are `None`.
    pub(super) fn colour(&self, icv: u16) -> Option<Rgb> {
        match icv {
            0x41 => Some(WHITE),
            8..=63 => self
                .palette
                .get(usize::from(icv) - 8)
                .copied()
                .or_else(|| palette_colour(icv)),
            _ => palette_colour(icv),
        }
    }
}

/// An XLUnicodeString at `at`: a 2-byte count, a flags byte (bit 0: two
/// bytes a character), then the characters.
pub(super) fn unicode_string(d: &[u8], at: usize) -> Option<String> {
    let n = usize::from(u16_at(d, at)?);
    let wide = d.get(at + 2)? & 1 != 0;
    Some(chars(d.get(at + 3..)?, n, wide))
}

/// The first `n` characters of `body`: two bytes each when `wide`, else
/// one (Latin-1).
pub(super) fn chars(body: &[u8], n: usize, wide: bool) -> String {
    if wide {
        let units: Vec<u16> = body
            .chunks_exact(2)
            .take(n)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        body.iter().take(n).map(|b| char::from(*b)).collect()
    }
}

/// What a cell record holds, for deciding whether its format hides it.
#[derive(Debug, Clone, Copy)]
pub(super) enum CellValue {
    Number(f64),
    Text,
    /// A boolean or an error: shown whatever the format.
    Other,
}

/// The value of an RK number ([MS-XLS] 2.5.217), enough for its sign.
pub(super) fn rk(v: u32) -> f64 {
    let n = if v & 2 != 0 {
        f64::from((v as i32) >> 2)
    } else {
        f64::from_bits(u64::from(v & 0xFFFF_FFFC) << 32)
    };
    if v & 1 != 0 { n / 100.0 } else { n }
}

/// The value of a FORMULA record's cached result (bytes 6..14).
pub(super) fn formula_value(d: &[u8]) -> Option<CellValue> {
    let bytes: [u8; 8] = d.get(6..14)?.try_into().ok()?;
    if bytes[6] == 0xFF && bytes[7] == 0xFF {
        return Some(match bytes[0] {
            0 => CellValue::Text,
            _ => CellValue::Other,
        });
    }
    Some(CellValue::Number(f64::from_le_bytes(bytes)))
}

/// Whether `h` shows the number `value` as another.
pub(super) fn misstates(h: &Hides, value: CellValue) -> bool {
    match value {
        CellValue::Number(v) => h.misstates(None, &v.to_string()),
        CellValue::Text => h.misstates(Some("s"), ""),
        CellValue::Other => false,
    }
}

/// Whether `h` hides `value`.
pub(super) fn hides(h: &Hides, value: CellValue) -> bool {
    match value {
        CellValue::Number(v) => h.hides(None, &v.to_string()),
        CellValue::Text => h.hides(Some("s"), ""),
        CellValue::Other => h.invisible_ink,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn xf(font: u16, format: u16, pattern: u8, fore: u16) -> Vec<u8> {
        let mut d = vec![0u8; 20];
        d[0..2].copy_from_slice(&font.to_le_bytes());
        d[2..4].copy_from_slice(&format.to_le_bytes());
        d[14..18].copy_from_slice(&(u32::from(pattern) << 26).to_le_bytes());
        d[18..20].copy_from_slice(&fore.to_le_bytes());
        d
    }

    fn font(icv: u16) -> Vec<u8> {
        let mut d = vec![0u8; 14];
        d[4..6].copy_from_slice(&icv.to_le_bytes());
        d
    }

    #[test]
    fn a_font_with_fstrikeout_strikes_its_xfs_through() {
        let mut s = BiffStyles::default();
        // grbit: italic 0x0002, fStrikeOut 0x0008, both.
        for grbit in [0x0002u16, 0x0008, 0x000A] {
            let mut f = font(0x7FFF);
            f[2..4].copy_from_slice(&grbit.to_le_bytes());
            s.record(0x0031, &f);
        }
        for font in [0, 1, 2] {
            s.record(0x00E0, &xf(font, 0, 0, 0x40));
        }
        let hiding = s.hiding();
        let struck: Vec<bool> = (0..3)
            .map(|i| hiding.get(&i).is_some_and(|h| h.struck))
            .collect();
        assert_eq!(struck, [false, true, true]);
        assert!(
            hiding
                .values()
                .all(|h| !h.hides(None, "1") && !h.invisible_ink)
        );
    }

    #[test]
    fn formats_fonts_fills_and_the_palette_decide_which_xfs_hide() {
        let mut s = BiffStyles::default();
        // FORMAT 164 ";;;" (8-bit characters).
        let mut f = vec![164, 0, 3, 0, 0];
        f.extend_from_slice(b";;;");
        s.record(0x041E, &f);
        for icv in [0x7FFF, 9, 10, 8, 1] {
            s.record(0x0031, &font(icv));
        }
        s.record(0x00E0, &xf(0, 0, 0, 0x40)); // 0: plain
        s.record(0x00E0, &xf(0, 164, 0, 0x40)); // 1: ;;;
        s.record(0x00E0, &xf(1, 0, 0, 0x40)); // 2: white ink, no fill
        s.record(0x00E0, &xf(1, 0, 1, 8)); // 3: white on palette 8 (black)
        s.record(0x00E0, &xf(5, 0, 1, 0x41)); // 4: font 5 is the 4th (white 1) on window white
        s.record(0x00E0, &xf(2, 0, 0, 0x40)); // 5: palette 10, red by default
        let mut keys: Vec<usize> = s.hiding().keys().copied().collect();
        keys.sort_unstable();
        assert_eq!(keys, vec![1, 2, 4]);
        // A PALETTE that makes entry 10 white makes font 2's ink white.
        let mut p = vec![56, 0];
        for i in 0..56u8 {
            p.extend_from_slice(&if i == 2 {
                [255, 255, 255, 0]
            } else {
                [0, 0, i, 0]
            });
        }
        s.record(0x0092, &p);
        assert!(s.hiding().contains_key(&5));
        assert!(!s.hiding().contains_key(&2), "entry 9 is no longer white");
    }

    #[test]
    fn rk_numbers_keep_their_sign() {
        // Integer 6000 (<< 2, fInt), integer -5, 0, and a double -1.5 (top 30 bits).
        assert_eq!(rk((6000 << 2) | 2), 6000.0);
        assert_eq!(rk(((-5i32 << 2) as u32) | 2), -5.0);
        assert_eq!(rk(2), 0.0);
        let bits = ((-1.5f64).to_bits() >> 32) as u32;
        assert_eq!(rk(bits), -1.5);
        assert_eq!(rk((12345 << 2) | 3), 123.45);
    }

    #[test]
    fn a_formula_result_is_read_for_its_kind() {
        let mut d = vec![0u8; 20];
        d[6..14].copy_from_slice(&(-3.0f64).to_le_bytes());
        assert!(matches!(formula_value(&d), Some(CellValue::Number(v)) if v == -3.0));
        d[6..14].copy_from_slice(&[0, 0, 0, 0, 0, 0, 0xFF, 0xFF]);
        assert!(matches!(formula_value(&d), Some(CellValue::Text)));
        d[6] = 1;
        assert!(matches!(formula_value(&d), Some(CellValue::Other)));
        assert!(formula_value(&d[..10]).is_none());
    }
}
