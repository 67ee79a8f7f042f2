//! Cells whose own formatting shows nothing of their value.
//!
//! A row can be hidden without hiding the row: the number format `;;;`
//! (every section empty) shows nothing at all, a format of literals only
//! (`"-"`) shows the literal instead of the value, and white text on an
//! unfilled cell is as blank on screen and on paper. Finance teams use both
//! to "hide" a row that is not to be paid, and the cell still holds the
//! wallet and the amount. calamine reads the value and not its look, so for
//! `.xlsx`/`.xlsm` payrun reads `xl/styles.xml` (`xlsx_styles`) and tells,
//! by the rules here, which cell styles (`cellXfs`, the `s` of a `<c>`)
//! hide which kinds of value; the worksheet scan in `hidden` then marks
//! the cells.
//!
//! Number formats (ECMA-376 Part 1, 18.8.30 `numFmt`; the section rules
//! are Excel's): up to four sections split by `;`, for positive numbers,
//! negative numbers, zero and text. One section serves every number; two
//! serve zero-or-more and less than zero; text uses the fourth, else it is
//! shown as written. A section shows its value only through a placeholder
//! (`0`, `#`, `?`, `@`, `General`, or a date or time code); quoted text,
//! `\x`, `_x`, `*x` and `[...]` are literals, colours or conditions. With a
//! condition (`[>100]`) payrun does not work out which section applies:
//! a cell is taken as hidden if any number section shows nothing, which at
//! worst refuses a row a person can see.
//!
//! Built-in formats (ids below 164) all show their value, and
//! `General` does.
//!
//! Ink: white text on no fill or a white fill, and text the very colour of
//! its solid fill ([`ink_lost_in`]: the font colour picked to match, yellow
//! on yellow, black on black). Each format resolves its own colours
//! (`.xlsx` by `rgb`, `indexed` and theme 0/1, `.xls` by colour index and
//! PALETTE, `.ods` by `#rrggbb`); the judgement is here.
//!
//! Strikethrough: a cell struck through shows its value, crossed out;
//! finance strikes a row through to cancel a payment and keep it on the
//! record. Each format reads its own flag (`.xlsx` `<strike/>`, `.xls`
//! FONT fStrikeOut, `.ods` `style:text-line-through-style`) into
//! [`Hides::struck`]; the cells are kept apart from those that show
//! nothing, and which of them refuse a row is `validate`'s to say.

pub(super) use super::format_words::FormatWords;
use super::format_words::{Unit, literal_text, unit_in};
use super::xml::{attr, number};
use quick_xml::events::BytesStart;
use std::collections::HashMap;

/// A colour, as 0xRRGGBB.
pub(super) type Rgb = u32;

/// White, the colour of "no fill".
pub(super) const WHITE: Rgb = 0xFF_FF_FF;

/// The least contrast (WCAG 2's ratio of relative luminances, 1:1 for
/// one colour, 21:1 for black on white) at which text can be told from
/// what it is on. Below it the text is a faint tint a person checking the
/// sheet reads as blank: white darkened 5 % (`F2F2F2`) or yellow on white
/// (1.12:1, 1.07:1), silver on a shade darker (1.17:1). Light grey
/// (`D9D9D9`, 1.41:1) and every colour a sheet uses to mark a row are above.
pub(super) const LEAST_CONTRAST: f64 = 1.2;

/// Whether text of colour `ink` on a ground of colour `ground` (a solid
/// fill, or white for no fill) shows nothing: too little contrast to be
/// read ([`LEAST_CONTRAST`]). An unknown colour (automatic, an accent theme
/// colour, a system colour) is no match: LibreOffice even turns automatic
/// text white on a dark fill.
pub(super) fn ink_lost_in(ink: Option<Rgb>, ground: Option<Rgb>) -> bool {
    let (Some(i), Some(g)) = (ink, ground) else {
        return false;
    };
    let (a, b) = (luminance(i), luminance(g));
    (a.max(b) + 0.05) / (a.min(b) + 0.05) < LEAST_CONTRAST
}

/// WCAG 2's relative luminance of an sRGB colour.
fn luminance(c: Rgb) -> f64 {
    let channel = |shift: u32| {
        let v = f64::from((c >> shift) & 0xFF) / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(16) + 0.7152 * channel(8) + 0.0722 * channel(0)
}

/// Excel's default palette, indexes 0 to 63: what an `.xlsx` `indexed`
/// colour names, and an `.xls` colour index when no PALETTE record
/// redefines it ([MS-XLS] 2.5.161 ColorICV; 64 and 65, the system's text
/// and window colours, and above are `None`).
pub(super) fn palette_colour(index: u16) -> Option<Rgb> {
    const DEFAULT: [Rgb; 56] = [
        0x000000, 0xFFFFFF, 0xFF0000, 0x00FF00, 0x0000FF, 0xFFFF00, 0xFF00FF, 0x00FFFF, 0x800000,
        0x008000, 0x000080, 0x808000, 0x800080, 0x008080, 0xC0C0C0, 0x808080, 0x9999FF, 0x993366,
        0xFFFFCC, 0xCCFFFF, 0x660066, 0xFF8080, 0x0066CC, 0xCCCCFF, 0x000080, 0xFF00FF, 0xFFFF00,
        0x00FFFF, 0x800080, 0x800000, 0x008080, 0x0000FF, 0x00CCFF, 0xCCFFFF, 0xCCFFCC, 0xFFFF99,
        0x99CCFF, 0xFF99CC, 0xCC99FF, 0xFFCC99, 0x3366FF, 0x33CCCC, 0x99CC00, 0xFFCC00, 0xFF9900,
        0xFF6600, 0x666699, 0x969696, 0x003366, 0x339966, 0x003300, 0x333300, 0x993300, 0x993366,
        0x333399, 0x333333,
    ];
    match index {
        0..=7 => DEFAULT.get(usize::from(index)).copied(),
        8..=63 => DEFAULT.get(usize::from(index) - 8).copied(),
        _ => None,
    }
}

/// What one cell style shows of each kind of value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct Hides {
    pub positive: bool,
    pub negative: bool,
    pub zero: bool,
    pub text: bool,
    /// White text on no fill, text the colour of its fill (or too near it
    /// to read), or text too small to read: every kind of value is
    /// invisible.
    pub invisible_ink: bool,
    /// A number shows as another number: scaled (`#,##0,` shows 12000 as
    /// 12, `0%` shows 0.5 as 50), or beside digits of the format's own
    /// (`0"000"` shows 12 as 12000).
    pub misstates: bool,
    /// A number shows with a word beside it that is not a currency, a unit
    /// it is kept in (`#,##0" K"` shows 12 as "12 K").
    pub unit: Option<Unit>,
    /// A number section is text of the format's own (`"Tk 5,000"`, `"-"`):
    /// the cell shows text, not its figure (hidden, or another number when
    /// the text holds a digit).
    pub as_text: bool,
    /// The text is struck through: shown, but crossed out.
    pub struck: bool,
}

impl Hides {
    /// Whether it hides anything: only such styles are kept.
    pub(super) fn any(&self) -> bool {
        self.positive
            || self.negative
            || self.zero
            || self.text
            || self.invisible_ink
            || self.misstates
            || self.unit.is_some()
            || self.as_text
            || self.struck
    }

    /// Whether a cell with this style and `value` shows it, but as another
    /// number than it holds.
    pub(super) fn misstates(&self, t: Option<&str>, value: &str) -> bool {
        (self.misstates || self.unit.is_some())
            && matches!(t, None | Some("n"))
            && value.trim().parse::<f64>().is_ok()
            && !self.hides(t, value)
    }

    /// Whether a cell with this style and `value` (as stored: `t` and the
    /// text of `<v>`) shows nothing of it.
    pub(super) fn hides(&self, t: Option<&str>, value: &str) -> bool {
        if self.invisible_ink {
            return true;
        }
        match t {
            Some("s" | "str" | "inlineStr") => self.text,
            Some("b" | "e") => false,
            _ => match value.trim().parse::<f64>() {
                Ok(v) if v > 0.0 => self.positive,
                Ok(v) if v < 0.0 => self.negative,
                Ok(_) => self.zero,
                Err(_) => self.text,
            },
        }
    }
}

/// The built-in formats (ids below 164, never written out in the file)
/// that show a number as another: the percentages. Every other built-in
/// shows its value as held.
pub(super) fn builtin_format(id: u32) -> Option<&'static str> {
    match id {
        9 => Some("0%"),
        10 => Some("0.00%"),
        _ => None,
    }
}

/// What a number format code hides.
pub(super) fn format_hides(code: &str) -> Hides {
    let sections = split_sections(code);
    // A section of text only that holds a digit (`"Tk 5,000"`) shows a
    // number, another one: it is refused as such, never paid by a flag.
    let shows: Vec<bool> = sections.iter().map(|s| shows_number(s)).collect();
    let conditional = sections.iter().any(|s| has_condition(s));
    let show = |i: usize| shows.get(i).copied().unwrap_or(true);
    let (positive, negative, zero) = if conditional {
        let all = shows.iter().take(3).all(|s| *s);
        (!all, !all, !all)
    } else {
        match shows.len() {
            0 => (false, false, false),
            1 => (!show(0), !show(0), !show(0)),
            2 => (!show(0), !show(1), !show(0)),
            _ => (!show(0), !show(1), !show(2)),
        }
    };
    let text = shows.len() >= 4 && !show(3);
    let numbers = || sections.iter().take(3);
    let misstates = numbers().any(|s| shows_number(s) && misstates_section(s));
    let unit = numbers()
        .filter(|s| shows_figure(s))
        .find_map(|s| unit_in(&literal_text(s)));
    let as_text = numbers().any(|s| !shows_value(s) && !literal_text(s).trim().is_empty());
    Hides {
        positive,
        negative,
        zero,
        text,
        invisible_ink: false,
        misstates,
        unit,
        as_text,
        struck: false,
    }
}

/// Whether a section that shows a number shows another one: `%`, a comma
/// after the last digit placeholder (each divides by 1,000), or a digit
/// among its literals.
fn misstates_section(section: &str) -> bool {
    let mut chars = section.chars().peekable();
    let (mut quoted, mut bracket) = (false, false);
    let mut after_placeholder = false;
    while let Some(c) = chars.next() {
        match c {
            '"' if !bracket => quoted = !quoted,
            c if quoted && c.is_numeric() => return true,
            _ if quoted => {}
            '[' => bracket = true,
            ']' if bracket => bracket = false,
            _ if bracket => {}
            '\\' => {
                if chars.next().is_some_and(char::is_numeric) {
                    return true;
                }
            }
            '_' | '*' => {
                chars.next();
            }
            '%' => return true,
            ',' if after_placeholder => {
                if !chars.peek().is_some_and(|n| matches!(n, '0' | '#' | '?')) {
                    return true;
                }
            }
            '0' | '#' | '?' => after_placeholder = true,
            _ => after_placeholder = false,
        }
    }
    false
}

/// The sections of a format code: split at `;` outside quotes, brackets
/// and escapes.
fn split_sections(code: &str) -> Vec<String> {
    let mut sections = vec![String::new()];
    let mut chars = code.chars();
    let (mut quoted, mut bracket) = (false, false);
    while let Some(c) = chars.next() {
        let current = sections.last_mut();
        match c {
            '"' if !bracket => quoted = !quoted,
            '[' if !quoted => bracket = true,
            ']' if !quoted => bracket = false,
            '\\' | '_' | '*' if !quoted && !bracket => {
                if let Some(s) = current {
                    s.push(c);
                    s.extend(chars.next());
                }
                continue;
            }
            ';' if !quoted && !bracket => {
                sections.push(String::new());
                continue;
            }
            _ => {}
        }
        if let Some(s) = sections.last_mut() {
            s.push(c);
        }
    }
    sections
}

/// Whether a section shows a number: the value, or digits of its own.
fn shows_number(section: &str) -> bool {
    shows_value(section) || literal_text(section).chars().any(char::is_numeric)
}

/// Whether a section shows the value: a placeholder outside literals.
fn shows_value(section: &str) -> bool {
    let lower = codes(section);
    lower.contains("general")
        || lower.chars().any(|c| {
            matches!(
                c,
                '0' | '#' | '?' | '@' | 'y' | 'm' | 'd' | 'h' | 's' | 'e' | 'g' | 'b'
            )
        })
}

/// Whether a section shows the value as a plain figure (`0`, `#`, `?`,
/// `General`), not as a date or time: only then is a word beside it a unit.
fn shows_figure(section: &str) -> bool {
    let lower = codes(section);
    let lower = lower.replace("general", "0");
    lower.chars().any(|c| matches!(c, '0' | '#' | '?'))
        && !lower
            .chars()
            .any(|c| matches!(c, 'y' | 'm' | 'd' | 'h' | 's'))
}

/// A section's codes, lower case: what is left outside quotes, escapes and
/// brackets (an elapsed time, `[h]`, `[mm]`, `[ss]`, as a `0`).
fn codes(section: &str) -> String {
    let mut chars = section.chars().peekable();
    let mut rest = String::new();
    let (mut quoted, mut bracket) = (false, false);
    while let Some(c) = chars.next() {
        match c {
            '"' if !bracket => quoted = !quoted,
            _ if quoted => {}
            '[' => bracket = true,
            ']' if bracket => bracket = false,
            _ if bracket => {
                // Elapsed time ([h], [mm], [ss]) shows the value.
                if matches!(c, 'h' | 'H' | 'm' | 'M' | 's' | 'S') {
                    rest.push('0');
                }
            }
            '\\' | '_' | '*' => {
                chars.next();
            }
            c => rest.push(c),
        }
    }
    rest.to_ascii_lowercase()
}

/// A `[<100]`-style condition in a section.
fn has_condition(section: &str) -> bool {
    let mut in_bracket = false;
    let mut first = true;
    for c in section.chars() {
        match c {
            '[' => {
                in_bracket = true;
                first = true;
            }
            ']' => in_bracket = false,
            '<' | '>' | '=' if in_bracket && first => return true,
            _ if in_bracket => first = false,
            _ => {}
        }
    }
    false
}

/// The most cells kept as hidden by their style; past it the worksheet's
/// hidden parts are unknown, and the batch is refused as for rows.
pub(super) const MAX_UNSEEN_CELLS: usize = 1_000_000;

/// Follows the cells of a worksheet part whose style hides some value, and
/// keeps those whose stored value their style hides: (row, 0-based column).
pub(super) struct CellWatch<'a> {
    styles: &'a HashMap<usize, Hides>,
    /// The cell being read: row, column, what its style hides, its `t`.
    open: Option<(usize, usize, Hides, Option<String>)>,
    value: String,
    in_value: bool,
    last_col: Option<usize>,
    pub(super) cells: Vec<(usize, usize)>,
    pub(super) misstated: Vec<(usize, usize)>,
    pub(super) words: FormatWords,
    pub(super) struck: Vec<(usize, usize)>,
}

impl<'a> CellWatch<'a> {
    pub(super) fn new(styles: &'a HashMap<usize, Hides>) -> CellWatch<'a> {
        CellWatch {
            styles,
            open: None,
            value: String::new(),
            in_value: false,
            last_col: None,
            cells: Vec::new(),
            misstated: Vec::new(),
            words: FormatWords::default(),
            struck: Vec::new(),
        }
    }

    /// Whether any style hides anything: if not, no cell need be read.
    pub(super) fn active(&self) -> bool {
        !self.styles.is_empty()
    }

    pub(super) fn row(&mut self) {
        self.last_col = None;
    }

    /// A `<c>` of `row` opens (`empty`: it is `<c/>`, with no value).
    pub(super) fn cell(&mut self, e: &BytesStart<'_>, row: usize, empty: bool) {
        let col = attr(e, b"r")
            .and_then(|r| super::merged::cell(&r).map(|(_, c)| c))
            .unwrap_or_else(|| self.last_col.map_or(0, |c| c + 1));
        self.last_col = Some(col);
        self.open = None;
        let style = attr(e, b"s").and_then(|v| number(&v)).unwrap_or(0);
        let Some(hides) = self.styles.get(&style) else {
            return;
        };
        if !empty {
            self.open = Some((row, col, *hides, attr(e, b"t")));
            self.value.clear();
        }
    }

    /// `<v>` or `<t>` opens or closes inside the open cell.
    pub(super) fn value_tag(&mut self, opens: bool) {
        self.in_value = opens && self.open.is_some();
    }

    pub(super) fn text(&mut self, t: &[u8]) {
        if self.in_value && self.value.len() < 256 {
            self.value.push_str(&String::from_utf8_lossy(t));
        }
    }

    /// `</c>`: keeps the cell if its style hides its value, shows it as
    /// another number, or strikes it through.
    pub(super) fn close(&mut self) -> Result<(), String> {
        self.in_value = false;
        let Some((row, col, hides, t)) = self.open.take() else {
            return Ok(());
        };
        if self.value.is_empty() {
            return Ok(());
        }
        if hides.hides(t.as_deref(), &self.value) {
            self.cells.push((row, col));
            self.words.keep((row, col), &hides, true);
        } else if hides.misstates(t.as_deref(), &self.value) {
            self.misstated.push((row, col));
            self.words.keep((row, col), &hides, false);
        }
        if hides.struck {
            self.struck.push((row, col));
        }
        if self.cells.len() + self.misstated.len() + self.struck.len() > MAX_UNSEEN_CELLS {
            return Err("more cells hidden by their format than payrun keeps".into());
        }
        Ok(())
    }
}

#[cfg(test)]
#[path = "unseen_tests.rs"]
mod tests;
