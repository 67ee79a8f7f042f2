//! The `.xlsx` side of [`super::unseen`]: which cell styles of
//! `xl/styles.xml` (`cellXfs`, the `s` of a `<c>`) show nothing of a
//! value, by their number format, font and fill. Fonts, fills and number
//! formats are listed apart and a cell style names them by index, so the
//! scan keeps each list until the cell styles are read.

use super::unseen::{Hides, builtin_format, format_hides};
use super::xml::{Tag, Xml, attr, local, number};
use quick_xml::events::BytesStart;
use std::collections::HashMap;
use std::io::Read;

/// The most `styles.xml` payrun reads: Excel caps a workbook at 64,000 cell
/// styles, a few MB of XML.
const MAX_STYLES_XML_BYTES: u64 = 64 * 1024 * 1024;
/// The most cell styles kept; more is not a workbook Excel wrote.
const MAX_CELL_STYLES: usize = 65_536;

/// The cell styles of a workbook that hide some value, by their index in
/// `cellXfs` (the `s` of a cell). Empty when none does, which is nearly
/// always: the worksheet scan then reads no cell.
pub(super) fn xlsx_styles(reader: impl Read) -> Result<HashMap<usize, Hides>, String> {
    let mut xml = Xml::new(reader, MAX_STYLES_XML_BYTES, "xl/styles.xml");
    let mut read = StylesRead::default();
    while let Some(tag) = xml.next_tag()? {
        match tag {
            Tag::Open { e, empty } => read.open(&e, empty)?,
            Tag::Close(name) => read.close(name),
            _ => {}
        }
    }
    Ok(read.hiding())
}

/// What `xl/styles.xml` says so far: number formats, fonts, fills and cell
/// styles are listed apart, and a cell style names the others by index.
#[derive(Default)]
struct StylesRead {
    formats: HashMap<u32, Hides>,
    white_fonts: Vec<bool>,
    plain_fills: Vec<bool>,
    /// Each cell style's number format, font and fill.
    xfs: Vec<(u32, usize, usize)>,
    section: Option<&'static str>,
    in_font: bool,
    in_fill: bool,
}

impl StylesRead {
    /// A start tag; `empty` when it closes itself.
    fn open(&mut self, e: &BytesStart<'_>, empty: bool) -> Result<(), String> {
        match (self.section, local(e.name().as_ref())) {
            (_, b"numFmts") if !empty => self.section = Some("numFmts"),
            (_, b"fonts") if !empty => self.section = Some("fonts"),
            (_, b"fills") if !empty => self.section = Some("fills"),
            (_, b"cellXfs") if !empty => self.section = Some("cellXfs"),
            (Some("numFmts"), b"numFmt") => {
                if let (Some(id), Some(code)) = (
                    attr(e, b"numFmtId").and_then(|v| number(&v)),
                    attr(e, b"formatCode"),
                ) {
                    self.formats.insert(id as u32, format_hides(&code));
                }
            }
            (Some("fonts"), b"font") => {
                self.white_fonts.push(false);
                self.in_font = !empty;
            }
            (Some("fonts"), b"color") if self.in_font => {
                if let Some(last) = self.white_fonts.last_mut() {
                    *last = is_white(e);
                }
            }
            (Some("fills"), b"fill") => {
                self.plain_fills.push(true);
                self.in_fill = !empty;
            }
            (Some("fills"), b"patternFill") if self.in_fill => {
                let none = attr(e, b"patternType").is_none_or(|p| p == "none");
                if let Some(last) = self.plain_fills.last_mut() {
                    *last = none;
                }
            }
            (Some("fills"), b"fgColor") if self.in_fill => {
                // A solid white fill is as plain as none.
                if is_white(e)
                    && let Some(last) = self.plain_fills.last_mut()
                {
                    *last = true;
                }
            }
            (Some("fills"), b"gradientFill") if self.in_fill => {
                if let Some(last) = self.plain_fills.last_mut() {
                    *last = false;
                }
            }
            (Some("cellXfs"), b"xf") => {
                let id = |k: &[u8]| attr(e, k).and_then(|v| number(&v)).unwrap_or(0);
                self.xfs
                    .push((id(b"numFmtId") as u32, id(b"fontId"), id(b"fillId")));
                if self.xfs.len() > MAX_CELL_STYLES {
                    return Err("xl/styles.xml has more cell styles than Excel allows".into());
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// An end tag, by its name without prefix.
    fn close(&mut self, name: &[u8]) {
        match name {
            b"numFmts" | b"fonts" | b"fills" | b"cellXfs" => self.section = None,
            b"font" => self.in_font = false,
            b"fill" => self.in_fill = false,
            _ => {}
        }
    }

    /// The cell styles that hide something, by index.
    fn hiding(self) -> HashMap<usize, Hides> {
        let mut hiding = HashMap::new();
        for (i, (fmt, font, fill)) in self.xfs.into_iter().enumerate() {
            let mut h = self
                .formats
                .get(&fmt)
                .copied()
                .or_else(|| builtin_format(fmt).map(format_hides))
                .unwrap_or_default();
            h.invisible_ink = self.white_fonts.get(font).copied().unwrap_or(false)
                && self.plain_fills.get(fill).copied().unwrap_or(true);
            if h.any() {
                hiding.insert(i, h);
            }
        }
        hiding
    }
}

/// A colour element that is white: `rgb="FFFFFFFF"` (any alpha), or theme
/// colour 0 (the sheet's background, white in every stock theme) untinted,
/// or palette entry 1 or 9.
fn is_white(e: &BytesStart<'_>) -> bool {
    // The legacy palette's whites.
    if let Some(i) = attr(e, b"indexed") {
        return i == "1" || i == "9";
    }
    if let Some(rgb) = attr(e, b"rgb") {
        let rgb = rgb.to_ascii_uppercase();
        return rgb.len() >= 6 && rgb[rgb.len() - 6..] == *"FFFFFF";
    }
    let untinted = attr(e, b"tint")
        .and_then(|t| t.parse::<f64>().ok())
        .is_none_or(|t| t == 0.0);
    attr(e, b"theme").as_deref() == Some("0") && untinted
}
