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

use super::unseen::Rounding;
use super::xml::{attr, local, truthy};
use quick_xml::events::BytesStart;
use std::collections::{HashMap, HashSet};

// What a style hides, judged from what this file reads.
#[path = "unseen_ods_hides.rs"]
mod hides;
#[cfg(test)]
use hides::sign_condition;
pub(super) use hides::{cell_hidden, cell_misstated, cell_struck};

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
    /// Its `style:text-properties fo:color`: the colour it gives the value
    /// (LibreOffice writes Excel's `[White]` so), over the cell's font.
    ink: Option<String>,
    /// The decimals it shows of a number, when it says
    /// (`number:decimal-places`): a number with more is shown rounded.
    rounds: Option<Rounding>,
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

    /// An element inside the style being declared.
    fn child(&mut self, name: &[u8], e: &BytesStart<'_>) {
        match &self.open {
            Some(Open::Data(n)) => {
                if let Some(d) = self.data.get_mut(n) {
                    self.in_literal = data_child(d, name, e);
                }
            }
            Some(Open::Cell(n)) => {
                if let Some(c) = self.cells.get_mut(n) {
                    cell_child(c, name, e);
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
            // Zeros before the number lead it (`"0"0000000000`, a wallet's
            // leading zero), and leave its value as held; so does a country
            // code before it (`+880`: the wallet in international form).
            let digits: String = t.chars().filter(char::is_ascii_digit).collect();
            let leading_zeros = !d.shows && t.chars().all(|c| c == '0');
            let country = !d.shows && super::unseen::is_country_code(&digits);
            d.digits |= t.chars().any(char::is_numeric) && !leading_zeros && !country;
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
}

/// An element of data style `d`: a factor that scales, a literal, a map,
/// a part that shows the value. Whether a `number:text` literal opens.
fn data_child(d: &mut DataStyle, name: &[u8], e: &BytesStart<'_>) -> bool {
    if name == b"number" && attr(e, b"display-factor").is_some_and(|f| f.trim().parse() != Ok(1.0))
    {
        d.misstates = true;
    }
    // A currency style's symbol (`<number:currency-symbol>$`) is read as
    // a literal: another currency than taka is named and refused.
    let in_literal = name == b"text" || name == b"currency-symbol";
    if in_literal && d.literal.len() < MAX_LITERAL {
        d.literal.push(' ');
    }
    match name {
        b"text-properties" => d.ink = attr(e, b"color").or(d.ink.take()),
        b"map" => {
            if let (Some(c), Some(s)) = (attr(e, b"condition"), attr(e, b"apply-style-name"))
                && d.maps.len() < 16
            {
                d.maps.push((c, s));
            }
        }
        b"number" | b"scientific-number" | b"fraction" | b"day" | b"month" | b"year" | b"era"
        | b"day-of-week" | b"week-of-year" | b"quarter" | b"hours" | b"minutes" | b"seconds"
        | b"boolean" | b"text-content" => {
            d.shows = true;
            if matches!(name, b"number" | b"scientific-number") {
                d.rounds = decimals(e, name == b"scientific-number");
            }
        }
        _ => {}
    }
    in_literal
}

/// The decimals a `number:number` or `number:scientific-number` shows, when
/// it gives them; without `number:decimal-places` it shows as General
/// does (LibreOffice writes General so), every decimal.
fn decimals(e: &BytesStart<'_>, scientific: bool) -> Option<Rounding> {
    let places = attr(e, b"decimal-places")?.trim().parse::<u8>().ok()?;
    let grouped = attr(e, b"grouping").is_some_and(|g| truthy(&g));
    Some(Rounding::fixed(places, grouped, scientific))
}

/// An element of cell style `c`: its text's colour, size and line, its
/// background, a conditional map.
fn cell_child(c: &mut CellStyle, name: &[u8], e: &BytesStart<'_>) {
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
            if let (Some(cond), Some(s)) = (attr(e, b"condition"), attr(e, b"apply-style-name"))
                && c.maps.len() < 64
            {
                c.maps.push((cond, s));
            }
        }
        _ => {}
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

#[cfg(test)]
#[path = "unseen_ods_tests.rs"]
mod tests;
