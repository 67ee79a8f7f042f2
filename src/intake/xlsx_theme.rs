//! The colours of an `.xlsx` workbook's theme, which Excel's colour
//! picker writes for its top grid (`<color theme="4" tint="0.8"/>`: Accent
//! 1, lighter 80 %), so that text and fill picked there are compared as
//! surely as `rgb` ones.
//!
//! The theme is `xl/theme/theme1.xml`, a DrawingML colour scheme
//! (ECMA-376 Part 1, 20.1.6.2 `a:clrScheme`): `dk1`, `lt1`, `dk2`, `lt2`,
//! `accent1` to `accent6`, `hlink`, `folHlink`, each an `a:srgbClr val` or a
//! system colour with its `lastClr`. SpreadsheetML's `theme` index names
//! them in that order with the first two pairs swapped (0 is `lt1`, 1 is
//! `dk1`, 2 is `lt2`, 3 is `dk2`), as Excel reads them. A `tint` moves the
//! colour's HLS luminance toward black (negative) or white (18.3.1.15).
//! Without a theme part, 0 and 1 are white and black, as in every stock
//! theme, and the others unknown.

use super::unseen::{Rgb, WHITE};
use super::xml::{Tag, Xml, attr, local};
use std::io::Read;

/// The most theme XML read: a colour scheme and fonts, a few KB.
const MAX_THEME_XML_BYTES: u64 = 16 * 1024 * 1024;

/// The theme's colours by SpreadsheetML's index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Theme {
    colours: [Option<Rgb>; 12],
}

impl Default for Theme {
    fn default() -> Theme {
        let mut colours = [None; 12];
        colours[0] = Some(WHITE);
        colours[1] = Some(0x000000);
        Theme { colours }
    }
}

impl Theme {
    /// Reads a theme part; a scheme entry payrun cannot read keeps the
    /// stock colour (0 and 1) or none.
    pub(super) fn read(reader: impl Read) -> Result<Theme, String> {
        let mut xml = Xml::new(reader, MAX_THEME_XML_BYTES, "xl/theme/theme1.xml");
        let mut theme = Theme::default();
        let mut slot: Option<usize> = None;
        let mut in_scheme = false;
        while let Some(tag) = xml.next_tag()? {
            match tag {
                Tag::Open { e, empty } => match local(e.name().as_ref()) {
                    b"clrScheme" => in_scheme = !empty,
                    name if in_scheme && slot.is_none() => slot = index(name),
                    b"srgbClr" => theme.set(slot, attr(&e, b"val")),
                    b"sysClr" => theme.set(slot, attr(&e, b"lastClr")),
                    _ => {}
                },
                Tag::Close(b"clrScheme") => in_scheme = false,
                Tag::Close(name) if slot.is_some() && index(name) == slot => slot = None,
                _ => {}
            }
        }
        Ok(theme)
    }

    fn set(&mut self, slot: Option<usize>, hex: Option<String>) {
        let rgb = hex.and_then(|h| u32::from_str_radix(h.trim(), 16).ok());
        if let (Some(i), Some(rgb)) = (slot, rgb)
            && let Some(c) = self.colours.get_mut(i)
        {
            *c = Some(rgb & 0xFF_FF_FF);
        }
    }

    /// Theme colour `index` with `tint` (-1 to 1) applied.
    pub(super) fn colour(&self, index: usize, tint: f64) -> Option<Rgb> {
        let base = self.colours.get(index).copied().flatten()?;
        Some(tinted(base, tint.clamp(-1.0, 1.0)))
    }
}

/// SpreadsheetML's index of a scheme entry.
fn index(name: &[u8]) -> Option<usize> {
    Some(match name {
        b"lt1" => 0,
        b"dk1" => 1,
        b"lt2" => 2,
        b"dk2" => 3,
        b"accent1" => 4,
        b"accent2" => 5,
        b"accent3" => 6,
        b"accent4" => 7,
        b"accent5" => 8,
        b"accent6" => 9,
        b"hlink" => 10,
        b"folHlink" => 11,
        _ => return None,
    })
}

/// `rgb` with its HLS luminance moved by `tint`, as Excel does.
fn tinted(rgb: Rgb, tint: f64) -> Rgb {
    if tint == 0.0 {
        return rgb;
    }
    let channel = |shift: u32| f64::from((rgb >> shift) & 0xFF) / 255.0;
    let (r, g, b) = (channel(16), channel(8), channel(0));
    let (max, min) = (r.max(g).max(b), r.min(g).min(b));
    let l = (max + min) / 2.0;
    let d = max - min;
    let s = match d {
        0.0 => 0.0,
        _ if l <= 0.5 => d / (max + min),
        _ => d / (2.0 - max - min),
    };
    let h = match d {
        0.0 => 0.0,
        _ if max == r => ((g - b) / d).rem_euclid(6.0) / 6.0,
        _ if max == g => ((b - r) / d + 2.0) / 6.0,
        _ => ((r - g) / d + 4.0) / 6.0,
    };
    let l = if tint < 0.0 {
        l * (1.0 + tint)
    } else {
        l * (1.0 - tint) + tint
    };
    let (r, g, b) = hls_to_rgb(h, l, s);
    let byte = |v: f64| (v.clamp(0.0, 1.0) * 255.0).round() as u32;
    byte(r) << 16 | byte(g) << 8 | byte(b)
}

fn hls_to_rgb(h: f64, l: f64, s: f64) -> (f64, f64, f64) {
    if s == 0.0 {
        return (l, l, l);
    }
    let q = if l < 0.5 {
        l * (1.0 + s)
    } else {
        l + s - l * s
    };
    let p = 2.0 * l - q;
    let hue = |t: f64| {
        let t = t.rem_euclid(1.0);
        if t < 1.0 / 6.0 {
            p + (q - p) * 6.0 * t
        } else if t < 0.5 {
            q
        } else if t < 2.0 / 3.0 {
            p + (q - p) * (2.0 / 3.0 - t) * 6.0
        } else {
            p
        }
    };
    (hue(h + 1.0 / 3.0), hue(h), hue(h - 1.0 / 3.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scheme_is_read_by_spreadsheetml_index_and_tints_apply() {
        let xml = r#"<a:theme xmlns:a="x"><a:themeElements><a:clrScheme name="Office">
            <a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1>
            <a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1>
            <a:dk2><a:srgbClr val="1F497D"/></a:dk2><a:lt2><a:srgbClr val="EEECE1"/></a:lt2>
            <a:accent1><a:srgbClr val="4F81BD"/></a:accent1>
            </a:clrScheme></a:themeElements></a:theme>"#;
        let t = Theme::read(xml.as_bytes()).unwrap();
        assert_eq!(t.colour(0, 0.0), Some(WHITE));
        assert_eq!(t.colour(1, 0.0), Some(0x000000));
        assert_eq!(t.colour(3, 0.0), Some(0x1F497D));
        assert_eq!(t.colour(4, 0.0), Some(0x4F81BD));
        assert_eq!(t.colour(5, 0.0), None);
        // Excel's picker: white darker 5 %, black lighter 50 % (7F7F7F),
        // Accent 1 lighter 80 % (DCE6F1) and darker 50 % (244062); Excel
        // works in whole HLS units, so a channel may differ by one.
        let near = |got: Option<Rgb>, want: Rgb| {
            let got = got.unwrap_or(u32::MAX);
            (0..3).all(|i| ((got >> (8 * i)) & 0xFF).abs_diff((want >> (8 * i)) & 0xFF) <= 1)
        };
        assert!(near(t.colour(0, -0.0499893185216834), 0xF2F2F2));
        assert!(near(t.colour(1, 0.499984740745262), 0x7F7F7F));
        assert!(near(t.colour(4, 0.7999816888943144), 0xDCE6F1));
        assert!(near(t.colour(4, -0.499984740745262), 0x244062));
        assert_eq!(Theme::default().colour(4, 0.0), None);
    }
}
