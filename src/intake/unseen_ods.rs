//! The `.ods` side of [`super::unseen`]: which cell styles of an
//! OpenDocument spreadsheet show nothing of a cell's value.
//!
//! ODF 1.2/1.3 part 1: a cell style (`style:style`, family `table-cell`,
//! 16.2) names a data style (`style:data-style-name`) and may set the text
//! colour (`fo:color`, 20.187) and the background (`fo:background-color`,
//! 20.175); what it leaves out it takes from its parent
//! (`style:parent-style-name`). A data style (`number:number-style`,
//! `number:text-style`, ... 16.27) shows the value through a value element
//! (`number:number`, `number:text-content`, a date part, ...); literals
//! (`number:text`) show only themselves; `style:map` (16.3) picks another
//! data style by a condition on `value()`. LibreOffice writes Excel's
//! `;;;` as a text style holding an empty literal, mapped for `> 0`, `< 0`
//! and `= 0` to number styles holding empty literals.
//!
//! Struck through: `style:text-line-through-style` (20.380) other than
//! `none`, or `style:text-line-through-type` (20.381) other than `none`
//! (LibreOffice writes both, `solid` and `single`), inherited like the
//! colours; a `text:span` of a cell's text in a text style (`style:family
//! ="text"`) that strikes through strikes that part (LibreOffice's rich
//! text).
//!
//! A condition payrun cannot read as a comparison with 0 makes it take the
//! cell as hidden if any style it could pick shows nothing, which at worst
//! refuses a row a person can see.

use super::format_words::unit_in;
use super::legible::too_small;
use super::ods_styles::length_points;
use super::unseen::{Hides, Rgb, WHITE, ink_lost_in};
use super::xml::{attr, attr_exact, local};
use quick_xml::events::BytesStart;
use std::collections::{HashMap, HashSet};

/// The most data or cell styles kept; more is not a spreadsheet a person
/// made.
const MAX_STYLES: usize = 65_536;
/// The most literal text kept of one data style: enough for any word.
const MAX_LITERAL: usize = 256;
/// How far a chain of parent styles is followed.
const MAX_PARENTS: usize = 16;

/// A data style: whether it shows the value, and its maps.
#[derive(Debug, Default)]
struct DataStyle {
    shows: bool,
    /// Shows a number as another: a display factor, a percentage, digits
    /// among its literals.
    misstates: bool,
    /// Whether it is a text style (the one text values use).
    text: bool,
    /// The text of its literals (`number:text`), a space between two.
    literal: String,
    /// Whether its literals hold a digit: it shows a number of its own.
    digits: bool,
    maps: Vec<(String, String)>,
}

impl DataStyle {
    /// Whether it shows a number: the value, or one of its literals
    /// (`"Tk 5,000"`, which is refused as another number).
    fn shows_number(&self) -> bool {
        self.shows || self.digits
    }
}

/// A cell style as declared.
#[derive(Debug, Default)]
struct CellStyle {
    parent: Option<String>,
    data: Option<String>,
    color: Option<String>,
    background: Option<String>,
    /// `fo:font-size`, a length (`1pt`); a percentage is not read.
    font_size: Option<String>,
    /// Whether it strikes its text through, when it says.
    struck: Option<bool>,
    /// Its conditional maps: condition, and the style it applies.
    maps: Vec<(String, String)>,
}

/// What is being declared.
#[derive(Debug)]
enum Open {
    Data(String),
    Cell(String),
    /// A text style (`style:family="text"`), which a `text:span` of a
    /// cell's text names.
    Text(String),
}

/// The styles of `styles.xml` and of `content.xml`, read before the tables.
#[derive(Debug, Default)]
pub(super) struct OdsLooks {
    data: HashMap<String, DataStyle>,
    cells: HashMap<String, CellStyle>,
    /// Cell style names by their display names (`ConditionalStyle_1` for
    /// `ConditionalStyle_5f_1`): a conditional format names the style it
    /// applies by its display name.
    display: HashMap<String, String>,
    open: Option<Open>,
    /// Inside a data style's `number:text` literal.
    in_literal: bool,
    /// The text styles that strike their text through: part of a cell's
    /// text in a `text:span` of one of them is struck.
    struck_text: HashSet<String>,
}

impl OdsLooks {
    /// An element start (or empty element) among the style declarations.
    pub(super) fn start(&mut self, e: &BytesStart<'_>) {
        let qname = e.name();
        let name = local(qname.as_ref());
        match name {
            b"number-style" | b"currency-style" | b"percentage-style" | b"date-style"
            | b"time-style" | b"boolean-style" | b"text-style" => {
                let Some(n) = attr(e, b"name") else { return };
                if self.data.len() < MAX_STYLES {
                    let style = DataStyle {
                        text: name == b"text-style",
                        misstates: name == b"percentage-style",
                        ..DataStyle::default()
                    };
                    self.data.insert(n.clone(), style);
                    self.open = Some(Open::Data(n));
                }
            }
            b"style" if attr(e, b"family").as_deref() == Some("table-cell") => {
                let Some(n) = attr(e, b"name") else { return };
                if let Some(d) = attr(e, b"display-name")
                    && self.display.len() < MAX_STYLES
                {
                    self.display.insert(d, n.clone());
                }
                if self.cells.len() < MAX_STYLES {
                    let style = CellStyle {
                        parent: attr(e, b"parent-style-name"),
                        data: attr(e, b"data-style-name"),
                        ..CellStyle::default()
                    };
                    self.cells.insert(n.clone(), style);
                    self.open = Some(Open::Cell(n));
                }
            }
            b"style" if attr(e, b"family").as_deref() == Some("text") => {
                self.open = attr(e, b"name").map(Open::Text);
            }
            _ => self.child(name, e),
        }
    }

    /// Whether text style `name` strikes its text through.
    pub(super) fn strikes_text(&self, name: &str) -> bool {
        self.struck_text.contains(name)
    }

    fn child(&mut self, name: &[u8], e: &BytesStart<'_>) {
        match &self.open {
            Some(Open::Data(n)) => {
                let Some(d) = self.data.get_mut(n) else {
                    return;
                };
                if name == b"number"
                    && attr(e, b"display-factor").is_some_and(|f| f.trim().parse() != Ok(1.0))
                {
                    d.misstates = true;
                }
                self.in_literal = name == b"text";
                if self.in_literal && d.literal.len() < MAX_LITERAL {
                    d.literal.push(' ');
                }
                match name {
                    b"map" => {
                        if let (Some(c), Some(s)) =
                            (attr(e, b"condition"), attr(e, b"apply-style-name"))
                            && d.maps.len() < 16
                        {
                            d.maps.push((c, s));
                        }
                    }
                    b"number" | b"scientific-number" | b"fraction" | b"day" | b"month"
                    | b"year" | b"era" | b"day-of-week" | b"week-of-year" | b"quarter"
                    | b"hours" | b"minutes" | b"seconds" | b"boolean" | b"text-content" => {
                        d.shows = true;
                    }
                    _ => {}
                }
            }
            Some(Open::Cell(n)) => {
                let Some(c) = self.cells.get_mut(n) else {
                    return;
                };
                match name {
                    b"text-properties" => {
                        if let Some(v) = attr(e, b"color") {
                            c.color = Some(v);
                        }
                        if let Some(v) = attr(e, b"font-size") {
                            c.font_size = Some(v);
                        }
                        c.struck = line_through(e).or(c.struck);
                    }
                    b"table-cell-properties" => {
                        if let Some(v) = attr(e, b"background-color") {
                            c.background = Some(v);
                        }
                    }
                    b"map" => {
                        if let (Some(cond), Some(s)) =
                            (attr(e, b"condition"), attr(e, b"apply-style-name"))
                            && c.maps.len() < 64
                        {
                            c.maps.push((cond, s));
                        }
                    }
                    _ => {}
                }
            }
            Some(Open::Text(n))
                if name == b"text-properties"
                    && line_through(e) == Some(true)
                    && self.struck_text.len() < MAX_STYLES =>
            {
                self.struck_text.insert(n.clone());
            }
            Some(Open::Text(_)) | None => {}
        }
    }

    /// Text among the style declarations: a literal's digits misstate,
    /// and its words are kept, to tell a unit from a currency.
    pub(super) fn text(&mut self, t: &[u8]) {
        if let (true, Some(Open::Data(n))) = (self.in_literal, &self.open)
            && let Some(d) = self.data.get_mut(n)
        {
            let t = String::from_utf8_lossy(t);
            d.digits |= t.chars().any(char::is_numeric);
            d.misstates |= d.digits;
            if d.literal.len() < MAX_LITERAL {
                d.literal.push_str(&t);
            }
        }
    }

    /// An element end among the style declarations.
    pub(super) fn end(&mut self, name: &[u8]) {
        self.in_literal = false;
        let closes = match self.open {
            Some(Open::Data(_)) => name.ends_with(b"-style"),
            Some(Open::Cell(_) | Open::Text(_)) => name == b"style",
            None => false,
        };
        if closes {
            self.open = None;
        }
    }

    /// The cell styles that hide some value, by name; empty nearly always.
    pub(super) fn hiding(&self) -> HashMap<String, Hides> {
        let mut out = HashMap::new();
        for name in self.cells.keys() {
            let h = self.hides(name);
            if h != Hides::default() {
                out.insert(name.clone(), h);
            }
        }
        out
    }

    /// The cell styles with conditional maps: each map's condition and
    /// what the style it applies hides.
    pub(super) fn mapped(&self) -> Vec<(String, Vec<(String, Hides)>)> {
        self.cells
            .iter()
            .filter(|(_, c)| !c.maps.is_empty())
            .map(|(name, c)| {
                let maps = c
                    .maps
                    .iter()
                    .map(|(cond, s)| (cond.clone(), self.style_hides(s)))
                    .collect();
                (name.clone(), maps)
            })
            .collect()
    }

    /// What the cell style a conditional format applies hides, named by
    /// its display name or its name. Only what the rule changes counts:
    /// a number format that scales is not read here.
    pub(super) fn style_hides(&self, name: &str) -> Hides {
        let name = self.display.get(name).map_or(name, String::as_str);
        Hides {
            misstates: false,
            unit: None,
            ..self.hides(name)
        }
    }

    fn hides(&self, cell_style: &str) -> Hides {
        let (mut data, mut color, mut background, mut size) = (None, None, None, None);
        let mut struck = None;
        let mut at = Some(cell_style);
        for _ in 0..MAX_PARENTS {
            let Some(style) = at.and_then(|n| self.cells.get(n)) else {
                break;
            };
            data = data.or(style.data.as_deref());
            color = color.or(style.color.as_deref());
            background = background.or(style.background.as_deref());
            size = size.or(style.font_size.as_deref());
            struck = struck.or(style.struck);
            at = style.parent.as_deref();
        }
        let mut h = data.map_or_else(Hides::default, |d| self.data_hides(d));
        let ground = match background.map(str::trim) {
            None | Some("transparent") => Some(WHITE),
            Some(b) => colour(b),
        };
        let tiny = size.and_then(length_points).is_some_and(too_small);
        h.invisible_ink = tiny || ink_lost_in(color.and_then(colour), ground);
        h.struck = struck.unwrap_or(false);
        h
    }

    /// What a data style (with its maps) hides.
    fn data_hides(&self, name: &str) -> Hides {
        let Some(main) = self.data.get(name) else {
            return Hides::default();
        };
        let shows = |n: &str| self.data.get(n).is_none_or(DataStyle::shows_number);
        let readable = main.maps.iter().all(|(c, _)| sign_condition(c).is_some());
        let number_hidden = |v: f64| -> bool {
            if !readable {
                return !main.maps.iter().all(|(_, s)| shows(s))
                    || (!main.text && !main.shows_number());
            }
            let picked = main
                .maps
                .iter()
                .find(|(c, _)| sign_condition(c).is_some_and(|f| f(v)))
                .map(|(_, s)| s.as_str());
            match picked {
                Some(s) => !shows(s),
                // A text style serves numbers no map takes as General.
                None => !main.text && !main.shows_number(),
            }
        };
        let styles =
            || std::iter::once(main).chain(main.maps.iter().filter_map(|(_, s)| self.data.get(s)));
        let misstates = styles().any(|d| d.misstates);
        let unit = styles()
            .filter(|d| d.shows && !d.text)
            .find_map(|d| unit_in(&d.literal));
        let as_text = styles().any(|d| !d.shows && !d.text && !d.literal.trim().is_empty());
        Hides {
            positive: number_hidden(1.0),
            negative: number_hidden(-1.0),
            zero: number_hidden(0.0),
            text: main.text && !main.shows,
            invisible_ink: false,
            misstates,
            unit,
            as_text,
            struck: false,
        }
    }
}

/// Whether a `style:text-properties` strikes its text through, when it
/// says either way.
fn line_through(e: &BytesStart<'_>) -> Option<bool> {
    let [style, kind] = [
        attr(e, b"text-line-through-style"),
        attr(e, b"text-line-through-type"),
    ];
    if style.is_none() && kind.is_none() {
        return None;
    }
    let on = |v: Option<String>| v.is_none_or(|v| v.trim() != "none");
    Some(on(style) && on(kind))
}

/// `value()>0` and the like: a comparison of the value with 0.
fn sign_condition(c: &str) -> Option<fn(f64) -> bool> {
    let compact: String = c.chars().filter(|c| !c.is_whitespace()).collect();
    let rest = compact.strip_prefix("value()")?;
    let (op, number) = ["!=", ">=", "<=", "<>", ">", "<", "="]
        .iter()
        .find_map(|op| rest.strip_prefix(op).map(|n| (*op, n)))?;
    if number.parse::<f64>().ok()? != 0.0 {
        return None;
    }
    let test: fn(f64) -> bool = match op {
        ">" => |v| v > 0.0,
        "<" => |v| v < 0.0,
        ">=" => |v| v >= 0.0,
        "<=" => |v| v <= 0.0,
        "=" => |v| v == 0.0,
        _ => |v| v != 0.0,
    };
    Some(test)
}

/// An ODF colour (XSL-FO's `#rrggbb`, which LibreOffice writes; `#rgb` and
/// `white`/`black` too); `transparent` and anything else is `None`.
fn colour(c: &str) -> Option<Rgb> {
    let c = c.trim().to_ascii_lowercase();
    match c.as_str() {
        "white" => return Some(WHITE),
        "black" => return Some(0x000000),
        _ => {}
    }
    let hex = c.strip_prefix('#')?;
    let full = match hex.len() {
        6 => hex.to_string(),
        3 => hex.chars().flat_map(|d| [d, d]).collect(),
        _ => return None,
    };
    u32::from_str_radix(&full, 16).ok()
}

/// Whether a cell holds a value its style strikes through.
pub(super) fn cell_struck(h: &Hides, e: &BytesStart<'_>) -> bool {
    h.struck && attr_exact(e, b"office:value-type").is_some()
}

/// Whether a cell shows its number as another number.
pub(super) fn cell_misstated(h: &Hides, e: &BytesStart<'_>) -> bool {
    matches!(
        attr_exact(e, b"office:value-type").as_deref(),
        Some("float" | "currency" | "percentage")
    ) && h.misstates(None, &attr_exact(e, b"office:value").unwrap_or_default())
}

/// A cell's value as an `.ods` cell tag gives it: `office:value-type` and
/// `office:value`.
pub(super) fn cell_hidden(h: &Hides, e: &BytesStart<'_>) -> bool {
    // By their full names, as calamine reads them (`calcext:value-type`
    // has the same local name).
    let kind = attr_exact(e, b"office:value-type");
    let value = match kind.as_deref() {
        None => return false,
        Some("float" | "currency" | "percentage") => {
            attr_exact(e, b"office:value").unwrap_or_default()
        }
        Some("date" | "time") => "1".to_string(),
        Some("boolean") => return h.invisible_ink,
        Some(_) => return h.hides(Some("s"), ""),
    };
    h.hides(None, &value)
}

#[cfg(test)]
#[path = "unseen_ods_tests.rs"]
mod tests;
