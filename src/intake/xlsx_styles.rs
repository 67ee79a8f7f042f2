//! The `.xlsx` side of [`super::unseen`]: which cell styles of
//! `xl/styles.xml` (`cellXfs`, the `s` of a `<c>`) show nothing of a
//! value, by their number format, font and fill, and which strike it
//! through (the font's `<strike/>`). Fonts, fills and number
//! formats are listed apart and a cell style names them by index, so the
//! scan keeps each list until the cell styles are read.

use super::legible::too_small;
use super::unseen::{Hides, Rgb, WHITE, builtin_format, format_hides, palette_colour};
use super::xlsx_theme::Theme;
use super::xml::{Tag, Xml, attr, decimal, local, number};
use quick_xml::events::BytesStart;
use std::collections::HashMap;
use std::io::Read;

/// The most `styles.xml` payrun reads: Excel caps a workbook at 64,000 cell
/// styles, a few MB of XML.
const MAX_STYLES_XML_BYTES: u64 = 64 * 1024 * 1024;
/// The most cell styles kept; more is not a workbook Excel wrote.
const MAX_CELL_STYLES: usize = 65_536;

/// What the styles of a workbook can hide.
#[derive(Debug, Default)]
pub(super) struct XlsxLooks {
    /// The cell styles that hide some value, by their index in `cellXfs`
    /// (the `s` of a cell). Empty when none does, which is nearly always:
    /// the worksheet scan then reads no cell.
    pub(super) cells: HashMap<usize, Hides>,
    /// What each differential format (`dxfs`, the `dxfId` of a conditional
    /// format's rule) hides, by index.
    pub(super) dxfs: Vec<Hides>,
    /// The workbook's theme colours, for the `dxf`s a worksheet holds.
    pub(super) theme: Theme,
}

/// `theme` resolves the colours the styles name by theme index.
pub(super) fn xlsx_styles(reader: impl Read, theme: Theme) -> Result<XlsxLooks, String> {
    let mut xml = Xml::new(reader, MAX_STYLES_XML_BYTES, "xl/styles.xml");
    let mut read = StylesRead {
        theme,
        ..StylesRead::default()
    };
    while let Some(tag) = xml.next_tag()? {
        match tag {
            Tag::Open { e, empty } => read.open(&e, empty)?,
            Tag::Close(name) => read.close(name),
            _ => {}
        }
    }
    let dxfs = std::mem::take(&mut read.dxfs);
    let theme = read.theme.clone();
    Ok(XlsxLooks {
        cells: read.hiding(),
        dxfs,
        theme,
    })
}

/// One differential format being read (`dxf`, ECMA-376 Part 1, 18.8.14):
/// the font, fill and number format a conditional format applies, each
/// only if given. In `styles.xml` or inline in an `x14:cfRule`.
#[derive(Debug, Default)]
pub(super) struct DxfRead {
    ink: Option<Rgb>,
    tiny: bool,
    /// The fill's colour: `bgColor` is a dxf's solid colour (Excel writes
    /// it so), `fgColor` when it is the only one.
    fill: Option<Rgb>,
    format: Hides,
    /// The font's `<strike/>`: the rule strikes the cell through.
    struck: bool,
    in_font: bool,
    in_fill: bool,
}

impl DxfRead {
    /// A start tag inside the `dxf`.
    pub(super) fn open(&mut self, e: &BytesStart<'_>, empty: bool, theme: &Theme) {
        let colour = |e: &BytesStart<'_>| colour(e, theme);
        match local(e.name().as_ref()) {
            b"font" => self.in_font = !empty,
            b"fill" => self.in_fill = !empty,
            b"color" if self.in_font => self.ink = colour(e),
            b"sz" if self.in_font => self.tiny = tiny(e),
            b"strike" if self.in_font => self.struck = struck(e),
            b"bgColor" if self.in_fill => self.fill = colour(e).or(self.fill),
            b"fgColor" if self.in_fill && self.fill.is_none() => self.fill = colour(e),
            b"numFmt" => {
                let code = attr(e, b"formatCode").or_else(|| {
                    let id = attr(e, b"numFmtId").and_then(|v| number(&v))?;
                    builtin_format(u32::try_from(id).ok()?).map(str::to_string)
                });
                if let Some(code) = code {
                    self.format = format_hides(&code);
                }
            }
            _ => {}
        }
    }

    pub(super) fn close(&mut self, name: &[u8]) {
        match name {
            b"font" => self.in_font = false,
            b"fill" => self.in_fill = false,
            _ => {}
        }
    }

    /// What the format hides, or shows as another number (its number
    /// format scales, or writes a unit). White text with no fill of its own
    /// is taken as on the white of an unfilled cell: a rule that greys a
    /// row out on a dark fill of the cell's own is refused, which at worst
    /// stops a row a person can see.
    pub(super) fn hides(&self) -> Hides {
        let ground = Some(self.fill.unwrap_or(WHITE));
        let mut h = self.format.inked(self.ink, self.tiny, ground);
        h.struck = self.struck;
        h
    }
}

/// A font of `fonts`: its colour, when payrun can tell it, whether it is
/// too small to read, and whether it strikes its text through.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Font {
    pub(super) ink: Option<Rgb>,
    pub(super) tiny: bool,
    pub(super) struck: bool,
}

/// What `xl/styles.xml` says so far: number formats, fonts, fills and cell
/// styles are listed apart, and a cell style names the others by index.
#[derive(Default)]
struct StylesRead {
    formats: HashMap<u32, Hides>,
    fonts: Vec<Font>,
    plain_fills: Vec<bool>,
    /// Each fill's colour when it is solid and payrun can tell it.
    solid_fills: Vec<Option<Rgb>>,
    /// Whether the fill being read is solid.
    solid: bool,
    /// Each cell style's number format, font and fill.
    xfs: Vec<(u32, usize, usize)>,
    section: Option<&'static str>,
    in_font: bool,
    in_fill: bool,
    /// The differential formats read so far, and the one being read.
    dxfs: Vec<Hides>,
    dxf: Option<DxfRead>,
    theme: Theme,
}

impl StylesRead {
    /// A start tag; `empty` when it closes itself.
    fn open(&mut self, e: &BytesStart<'_>, empty: bool) -> Result<(), String> {
        match (self.section, local(e.name().as_ref())) {
            (_, b"numFmts") if !empty => self.section = Some("numFmts"),
            (_, b"fonts") if !empty => self.section = Some("fonts"),
            (_, b"fills") if !empty => self.section = Some("fills"),
            (_, b"cellXfs") if !empty => self.section = Some("cellXfs"),
            (_, b"dxfs") if !empty => self.section = Some("dxfs"),
            (Some("dxfs"), b"dxf") => {
                if self.dxfs.len() >= MAX_CELL_STYLES {
                    return Err(
                        "xl/styles.xml has more conditional styles than Excel allows".into(),
                    );
                }
                if empty {
                    self.dxfs.push(Hides::default());
                } else {
                    self.dxf = Some(DxfRead::default());
                }
            }
            (Some("dxfs"), _) => {
                if let Some(d) = self.dxf.as_mut() {
                    d.open(e, empty, &self.theme);
                }
            }
            (Some("numFmts"), b"numFmt") => {
                if let (Some(id), Some(code)) = (
                    attr(e, b"numFmtId").and_then(|v| number(&v)),
                    attr(e, b"formatCode"),
                ) {
                    self.formats.insert(id as u32, format_hides(&code));
                }
            }
            (Some("fonts"), b"font") => {
                self.fonts.push(Font::default());
                self.in_font = !empty;
            }
            (Some("fonts"), b"color") if self.in_font => {
                if let Some(last) = self.fonts.last_mut() {
                    last.ink = colour(e, &self.theme);
                }
            }
            (Some("fonts"), b"sz") if self.in_font => {
                if let Some(last) = self.fonts.last_mut() {
                    last.tiny = tiny(e);
                }
            }
            (Some("fonts"), b"strike") if self.in_font => {
                if let Some(last) = self.fonts.last_mut() {
                    last.struck = struck(e);
                }
            }
            (Some("fills"), b"fill") => {
                self.plain_fills.push(true);
                self.solid_fills.push(None);
                self.solid = false;
                self.in_fill = !empty;
            }
            (Some("fills"), b"patternFill") if self.in_fill => {
                let pattern = attr(e, b"patternType");
                self.solid = pattern.as_deref() == Some("solid");
                if let Some(last) = self.plain_fills.last_mut() {
                    *last = pattern.is_none_or(|p| p == "none");
                }
                // A solid fill without `fgColor` is the automatic pattern
                // colour, black (openpyxl writes a black fill so).
                if self.solid
                    && let Some(last) = self.solid_fills.last_mut()
                {
                    *last = Some(0x000000);
                }
            }
            (Some("fills"), b"fgColor") if self.in_fill => {
                let c = colour(e, &self.theme);
                // A solid white fill is as plain as none.
                if c == Some(WHITE)
                    && let Some(last) = self.plain_fills.last_mut()
                {
                    *last = true;
                }
                if self.solid
                    && let Some(last) = self.solid_fills.last_mut()
                {
                    *last = c;
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
        if self.section == Some("dxfs") {
            match (name, self.dxf.take()) {
                (b"dxf", Some(d)) => self.dxfs.push(d.hides()),
                (_, Some(mut d)) => {
                    d.close(name);
                    self.dxf = Some(d);
                }
                _ => {}
            }
        }
        match name {
            b"numFmts" | b"fonts" | b"fills" | b"cellXfs" | b"dxfs" => self.section = None,
            b"font" => self.in_font = false,
            b"fill" => self.in_fill = false,
            _ => {}
        }
    }

    /// The cell styles that hide something, by index.
    fn hiding(self) -> HashMap<usize, Hides> {
        cell_styles(
            &self.formats,
            &self.fonts,
            &self.plain_fills,
            &self.solid_fills,
            self.xfs,
        )
    }
}

/// The cell styles `xfs` (number format id, font, fill) that hide
/// something or may show a number rounded, by index, judged from the workbook's number `formats`,
/// `fonts` and fills (plain, or solid of a colour): one rule for the
/// `.xlsx` and the `.xlsb` styles part, which list the same things.
pub(super) fn cell_styles(
    formats: &HashMap<u32, Hides>,
    fonts: &[Font],
    plain_fills: &[bool],
    solid_fills: &[Option<Rgb>],
    xfs: Vec<(u32, usize, usize)>,
) -> HashMap<usize, Hides> {
    let mut hiding = HashMap::new();
    for (i, (fmt, font, fill)) in xfs.into_iter().enumerate() {
        let mut h = formats
            .get(&fmt)
            .copied()
            .or_else(|| builtin_format(fmt).map(format_hides))
            .unwrap_or_default();
        let Font { ink, tiny, struck } = fonts.get(font).copied().unwrap_or_default();
        let ground = match plain_fills.get(fill).copied().unwrap_or(true) {
            true => Some(WHITE),
            false => solid_fills.get(fill).copied().flatten(),
        };
        h = h.inked(ink, tiny, ground);
        h.struck = struck;
        if h.any() || h.rounds.is_some() {
            hiding.insert(i, h);
        }
    }
    hiding
}

/// Whether a `<sz val>` is a font [`too_small`] to read.
fn tiny(e: &BytesStart<'_>) -> bool {
    attr(e, b"val")
        .and_then(|v| decimal(&v))
        .is_some_and(too_small)
}

/// Whether a `<strike>` strikes through: a boolean property (ECMA-376
/// Part 1, 18.8.36, `CT_BooleanProperty`) whose `val` defaults to true;
/// only `0` and `false` turn it off (Gnumeric writes `val="0"` on every
/// font, LibreOffice `val="true"` on a struck one).
pub(super) fn struck(e: &BytesStart<'_>) -> bool {
    attr(e, b"val").is_none_or(|v| !matches!(v.trim(), "0" | "false"))
}

/// A colour element's colour, when payrun can tell it: `rgb="FFRRGGBB"`
/// (any alpha), a legacy palette entry (`indexed`), or a colour of the
/// workbook's `theme`, lightened or darkened by its `tint` as Excel's
/// colour picker does (white darker 5 % is `F2F2F2`). `auto` is `None`.
pub(super) fn colour(e: &BytesStart<'_>, theme: &Theme) -> Option<Rgb> {
    if let Some(i) = attr(e, b"indexed") {
        return i.trim().parse::<u16>().ok().and_then(palette_colour);
    }
    if let Some(rgb) = attr(e, b"rgb") {
        let rgb = rgb.trim();
        return rgb
            .get(rgb.len().checked_sub(6)?..)
            .and_then(|hex| u32::from_str_radix(hex, 16).ok());
    }
    let tint = attr(e, b"tint").and_then(|t| decimal(&t)).unwrap_or(0.0);
    let index = attr(e, b"theme").and_then(|v| number(&v))?;
    theme.colour(index, tint)
}
