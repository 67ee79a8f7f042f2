//! What an `.xlsb`'s styles hide: the binary twin of `xlsx_styles.rs`.
//! `xl/styles.bin` ([MS-XLSB] 2.1.7.50) lists the same things as
//! `styles.xml`: number formats (BrtFmt, 2.4.648: an id and its code),
//! fonts (BrtFont, 2.4.490: height in twips, fStrikeout as bit 3 of its
//! flags, a BrtColor), fills (BrtFill, 2.4.481: pattern, foreground and
//! background BrtColor) and cell formats (BrtXF, 2.4.812: parent, iFmt,
//! iFont, iFill, in BrtBeginCellXFs). They are judged by the one rule of
//! [`cell_styles`], so a `;;;`, white, struck or scaled cell hides in an
//! `.xlsb` exactly as in an `.xlsx`.
//!
//! Rich text: `xl/sharedStrings.bin` keeps each string as a RichStr
//! (2.5.125) whose StrRun list (2.5.146) gives each run's first character
//! and font; a string is judged by [`RunJudge`], as `.xlsx` shared strings
//! are, and kept by its text for the cells that hold it.

use super::biff::{u16_at, u32_at};
use super::legible::too_small;
use super::runs::RunJudge;
use super::unseen::{Hides, Rgb, WHITE, format_hides, ink_lost_in, palette_colour};
use super::xlsb_records::kind::{BEGIN_CELL_XFS, END_CELL_XFS, FILL, FMT, FONT, SST_ITEM, XF};
use super::xlsb_records::{Records, wide};
use super::xlsx_runs::RunLooks;
use super::xlsx_styles::{Font, cell_styles};
use super::xlsx_theme::Theme;
use std::collections::HashMap;
use std::io::Read;

/// The largest style record read: a format code of 255 characters, a
/// font name of 31, a gradient fill's stops. Larger ones are skipped.
const MAX_STYLE_RECORD: u32 = 64 * 1024;
/// The largest shared string read: 32,767 characters and their runs.
const MAX_SST_ITEM: u32 = 256 * 1024;
/// The most cell styles, fonts and kept strings; more is not a workbook
/// Excel wrote.
const MAX_ENTRIES: usize = 65_536;
const MAX_KEPT_STRINGS: usize = 100_000;

/// What the styles of an `.xlsb` hide.
#[derive(Debug, Default)]
pub(super) struct XlsbLooks {
    /// The cell styles that hide, misstate or strike some value, by index.
    pub(super) cells: HashMap<usize, Hides>,
    /// Every font, for the runs of rich text.
    fonts: Vec<Font>,
}

/// Reads `xl/styles.bin`; `theme` resolves colours named by theme index.
pub(super) fn xlsb_styles(reader: impl Read, theme: &Theme) -> Result<XlsbLooks, String> {
    let mut records = Records::new(reader);
    let mut formats = HashMap::new();
    let (mut fonts, mut plain_fills, mut solid_fills, mut xfs) = (vec![], vec![], vec![], vec![]);
    let mut in_cell_xfs = false;
    while let Some((typ, size)) = records.next_head()? {
        if !matches!(typ, FONT | FMT | FILL | XF) || size > MAX_STYLE_RECORD {
            in_cell_xfs = match typ {
                BEGIN_CELL_XFS => true,
                END_CELL_XFS => false,
                _ => in_cell_xfs,
            };
            records.skip(size)?;
            continue;
        }
        let b = records.body(size)?;
        match typ {
            FMT => {
                let mut at = 2;
                if let (Some(id), Some(code)) = (u16_at(&b, 0), wide(&b, &mut at)) {
                    formats.insert(u32::from(id), format_hides(&code));
                }
            }
            FONT => fonts.push(Font {
                ink: colour(b.get(12..20), theme),
                tiny: u16_at(&b, 0).is_some_and(|h| too_small(f64::from(h) / 20.0)),
                struck: u16_at(&b, 2).is_some_and(|g| g & 0x0008 != 0),
            }),
            FILL => {
                let pattern = u32_at(&b, 0).unwrap_or(0);
                let fore = colour(b.get(4..12), theme);
                plain_fills.push(pattern == 0 || fore == Some(WHITE));
                solid_fills.push(if pattern == 1 { fore } else { None });
            }
            _ if in_cell_xfs => {
                let at = |i| usize::from(u16_at(&b, i).unwrap_or(0));
                xfs.push((at(2) as u32, at(4), at(6)));
            }
            _ => {}
        }
        if fonts.len().max(xfs.len()).max(plain_fills.len()) > MAX_ENTRIES {
            return Err("xl/styles.bin has more styles than Excel allows".into());
        }
    }
    Ok(XlsbLooks {
        cells: cell_styles(&formats, &fonts, &plain_fills, &solid_fills, xfs),
        fonts,
    })
}

/// Reads `xl/sharedStrings.bin` for the strings whose runs hide or strike
/// some of their text, by the fonts of `looks`.
pub(super) fn xlsb_runs(reader: impl Read, looks: &XlsbLooks) -> Result<RunLooks, String> {
    let mut records = Records::new(reader);
    let mut out = RunLooks::default();
    while let Some((typ, size)) = records.next_head()? {
        if typ != SST_ITEM {
            records.skip(size)?;
            continue;
        }
        if size > MAX_SST_ITEM {
            return Err("xl/sharedStrings.bin holds a string longer than Excel allows".into());
        }
        let b = records.body(size)?;
        if b.first().is_some_and(|f| f & 1 != 0) {
            judge(&b, &looks.fonts, &mut out);
        }
        if out.hidden.len() + out.struck.len() > MAX_KEPT_STRINGS {
            return Err("more strings with hidden text than payrun keeps".into());
        }
    }
    Ok(out)
}

/// One rich string (flags, text, runs): kept by its text where its runs
/// hide or strike it. Text before the first run is in the cell's font.
fn judge(b: &[u8], fonts: &[Font], out: &mut RunLooks) {
    let Some(n) = u32_at(b, 1).map(|n| n as usize) else {
        return;
    };
    let Some(units) = b.get(5..5 + n.saturating_mul(2).min(b.len())) else {
        return;
    };
    let units: Vec<u16> = units
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    let at = 5 + units.len() * 2;
    let count = u32_at(b, at).unwrap_or(0) as usize;
    let runs: Vec<(usize, usize)> = (0..count.min(units.len() + 1))
        .map_while(|i| {
            Some((
                usize::from(u16_at(b, at + 4 + i * 4)?),
                usize::from(u16_at(b, at + 6 + i * 4)?),
            ))
        })
        .collect();
    let mut judged = RunJudge::default();
    let start = runs.first().map_or(units.len(), |r| r.0).min(units.len());
    judged.piece(&String::from_utf16_lossy(&units[..start]), false, false);
    for (i, &(from, font)) in runs.iter().enumerate() {
        let to = runs
            .get(i + 1)
            .map_or(units.len(), |r| r.0)
            .min(units.len());
        let text = String::from_utf16_lossy(units.get(from.min(to)..to).unwrap_or_default());
        let f = fonts.get(font).copied().unwrap_or_default();
        judged.piece(&text, f.tiny || ink_lost_in(f.ink, Some(WHITE)), f.struck);
    }
    let text = String::from_utf16_lossy(&units);
    if judged.hides() {
        out.hidden.insert(text.clone());
    }
    if judged.struck() {
        out.struck.insert(text);
    }
}

/// A BrtColor (2.5.52): xColorType in bits 1-7 of its first byte (0
/// automatic, 1 a palette index, 2 RGB, 3 a theme colour with its tint),
/// the index, nTintAndShade (-32767 to 32767), then red, green, blue.
/// Automatic and system colours are `None`, as in `.xlsx`.
fn colour(c: Option<&[u8]>, theme: &Theme) -> Option<Rgb> {
    let c = c?;
    let (&kind, &index) = (c.first()?, c.get(1)?);
    match kind >> 1 {
        1 => palette_colour(u16::from(index)),
        2 => Some(u32::from(*c.get(4)?) << 16 | u32::from(*c.get(5)?) << 8 | u32::from(*c.get(6)?)),
        3 => {
            let tint = f64::from(i16::from_le_bytes([*c.get(2)?, *c.get(3)?])) / 32767.0;
            theme.colour(usize::from(index), tint)
        }
        _ => None,
    }
}
