//! What an `.ods` cell style hides, once [`super::OdsLooks`] holds the
//! declarations: followed through its parents, its data style and that
//! style's maps, its colours and its size, and what a cell under it shows.
//!
//! Separate from reading the declarations in [`super`]: that follows the
//! XML, this is the judgement, and the one place it is made for `.ods`.

use super::{DataStyle, MAX_PARENTS, OdsLooks};
use crate::intake::format_words::unit_in;
use crate::intake::legible::too_small;
use crate::intake::ods_styles::length_points;
use crate::intake::unseen::{Hides, Rgb, Rounding, WHITE};
use crate::intake::xml::attr_exact;
use quick_xml::events::BytesStart;
use std::collections::HashMap;

impl OdsLooks {
    /// The cell styles that hide some value, by name; empty nearly always.
    pub(in crate::intake) fn hiding(&self) -> HashMap<String, Hides> {
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
    pub(in crate::intake) fn mapped(&self) -> Vec<(String, Vec<(String, Hides)>)> {
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

    /// What the cell style a conditional format applies hides, or shows
    /// as another number (its data style scales, or writes a unit), named
    /// by its display name or its name.
    pub(in crate::intake) fn style_hides(&self, name: &str) -> Hides {
        let name = self.display.get(name).map_or(name, String::as_str);
        self.hides(name)
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
        h = h.inked(color.and_then(colour), tiny, ground);
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
        // A text style that writes digits of its own, not the text: the
        // cell shows another value than it holds, not nothing.
        let text_literal = main.text && !main.shows && main.literal.chars().any(char::is_numeric);
        Hides {
            positive: number_hidden(1.0),
            negative: number_hidden(-1.0),
            zero: number_hidden(0.0),
            text: main.text && !main.shows && !text_literal,
            invisible_ink: false,
            misstates,
            text_misstates: text_literal,
            unit,
            as_text,
            struck: false,
            section_ink: [
                self.data_ink(main, 1.0),
                self.data_ink(main, -1.0),
                self.data_ink(main, 0.0),
                main.ink.as_deref().and_then(colour),
            ],
            // Of a cell's own style, its shown text says what it rounds
            // (`shown_number`); a conditional style's is read for this.
            rounds: self.data_rounds(main),
        }
    }

    /// The decimals the data style `main` shows of a positive number:
    /// those of the style its maps pick, else its own; with a map payrun
    /// cannot read, the fewest of any.
    fn data_rounds(&self, main: &DataStyle) -> Option<Rounding> {
        let mapped = |s: &String| self.data.get(s);
        if !main.maps.iter().all(|(c, _)| sign_condition(c).is_some()) {
            return std::iter::once(main)
                .chain(main.maps.iter().filter_map(|(_, s)| mapped(s)))
                .filter_map(|d| d.rounds)
                .min_by_key(Rounding::places);
        }
        main.maps
            .iter()
            .find(|(c, _)| sign_condition(c).is_some_and(|f| f(1.0)))
            .and_then(|(_, s)| mapped(s))
            .map_or(main.rounds, |d| d.rounds)
    }

    /// The colour the data style `main` gives a number `v`: that of the
    /// style its maps pick, else its own; with a map payrun cannot read,
    /// any colour of theirs, which at worst refuses a row a person can see.
    fn data_ink(&self, main: &DataStyle, v: f64) -> Option<Rgb> {
        let ink = |d: &DataStyle| d.ink.as_deref().and_then(colour);
        let mapped = |s: &String| self.data.get(s);
        if !main.maps.iter().all(|(c, _)| sign_condition(c).is_some()) {
            return main
                .maps
                .iter()
                .filter_map(|(_, s)| mapped(s))
                .find_map(ink)
                .or(ink(main));
        }
        main.maps
            .iter()
            .find(|(c, _)| sign_condition(c).is_some_and(|f| f(v)))
            .and_then(|(_, s)| mapped(s))
            .map_or_else(|| ink(main), ink)
    }
}

/// `value()>0` and the like: a comparison of the value with 0.
pub(super) fn sign_condition(c: &str) -> Option<fn(f64) -> bool> {
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
pub(in crate::intake) fn cell_struck(h: &Hides, e: &BytesStart<'_>) -> bool {
    h.struck && attr_exact(e, b"office:value-type").is_some()
}

/// Whether a cell shows its number as another number.
pub(in crate::intake) fn cell_misstated(h: &Hides, e: &BytesStart<'_>) -> bool {
    match attr_exact(e, b"office:value-type").as_deref() {
        Some("float" | "currency" | "percentage") => {
            h.misstates(None, &attr_exact(e, b"office:value").unwrap_or_default())
        }
        // A text style that writes digits of its own in place of the text.
        Some("string") => h.misstates(Some("s"), ""),
        _ => false,
    }
}

/// A cell's value as an `.ods` cell tag gives it: `office:value-type` and
/// `office:value`.
pub(in crate::intake) fn cell_hidden(h: &Hides, e: &BytesStart<'_>) -> bool {
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
