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
//! hide which kinds of value; the worksheet scan (`hidden_xlsx.rs`, with
//! `unseen_cells.rs`) marks the cells.
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
//! `General` does; those of a fixed count of decimals may show it rounded
//! (`format_rounds.rs`).
//!
//! Ink: white text on no fill or a white fill, and text the very colour of
//! its solid fill ([`ink_lost_in`]: the font colour picked to match, yellow
//! on yellow, black on black). Each format resolves its own colours
//! (`.xlsx` by `rgb`, `indexed` and theme 0/1, `.xls` by colour index and
//! PALETTE, `.ods` by `#rrggbb`); the judgement is in `unseen_ink.rs`.
//!
//! Strikethrough: a cell struck through shows its value, crossed out;
//! finance strikes a row through to cancel a payment and keep it on the
//! record. Each format reads its own flag (`.xlsx` `<strike/>`, `.xls`
//! FONT fStrikeOut, `.ods` `style:text-line-through-style`) into
//! [`Hides::struck`]; the cells are kept apart from those that show
//! nothing, and which of them refuse a row is `validate`'s to say.

pub(super) use super::format_words::FormatWords;
use super::format_words::{Unit, literal_text, unit_in};

// Colours and their contrast; the cells of an `.xlsx` part a style hides.
#[path = "unseen_cells.rs"]
mod cells;
#[path = "unseen_ink.rs"]
mod ink;
// The colour a number format's section gives its value.
#[path = "format_ink.rs"]
mod format_ink;
// The decimals a number format shows, and the figure it shows rounded.
#[path = "format_rounds.rs"]
mod rounds;
// Splitting a format code into sections, and what each section shows.
#[path = "unseen_sections.rs"]
mod sections;
pub(super) use cells::{CellWatch, column_of};
pub(super) use ink::{Rgb, WHITE, ink_lost_in, palette_colour};
pub(super) use rounds::Rounding;
use sections::{codes, has_condition, shows_figure, shows_number, shows_value, split_sections};

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
    /// A text cell shows another value: the text section (the fourth)
    /// writes a literal with digits and not the text (`0;0;0;"15,700"`
    /// on the text `17500` shows 15,700).
    pub text_misstates: bool,
    /// A number shows with a word beside it that is not a currency, a unit
    /// it is kept in (`#,##0" K"` shows 12 as "12 K").
    pub unit: Option<Unit>,
    /// A number section is text of the format's own (`"Tk 5,000"`, `"-"`):
    /// the cell shows text, not its figure (hidden, or another number when
    /// the text holds a digit).
    pub as_text: bool,
    /// The text is struck through: shown, but crossed out.
    pub struck: bool,
    /// The colour the number format gives each kind of value (positive,
    /// negative, zero, text), until [`Hides::inked`] judges it on the
    /// cell's fill.
    pub section_ink: [Option<Rgb>; 4],
    /// The decimals its format shows of a positive number, when it shows
    /// a fixed count (`#,##0` shows none): a value with more is shown
    /// rounded. Not counted by [`Hides::any`], as it hides nothing; a
    /// conditional format that rounds is kept for it all the same.
    pub rounds: Option<rounds::Rounding>,
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
            || self.text_misstates
            || self.unit.is_some()
            || self.as_text
            || self.struck
    }

    /// Whether a cell with this style and `value` shows it, but as another
    /// number than it holds.
    pub(super) fn misstates(&self, t: Option<&str>, value: &str) -> bool {
        let text = matches!(t, Some("s" | "str" | "inlineStr"));
        (text && self.text_misstates)
            || ((self.misstates || self.unit.is_some())
                && matches!(t, None | Some("n"))
                && value.trim().parse::<f64>().is_ok()
                && !self.hides(t, value))
    }

    /// The figure a cell with this style shows of the number `value`
    /// when its format rounds it (`#,##0` shows 999.6 as `1,000`), unless
    /// the format already hides it or shows it as another number.
    pub(super) fn shown_rounded(&self, t: Option<&str>, value: &str) -> Option<String> {
        let rounds = self.rounds?;
        if !matches!(t, None | Some("n")) || self.hides(t, value) || self.misstates(t, value) {
            return None;
        }
        rounds.shown(value.trim().parse::<f64>().ok()?)
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
/// that show a number as another (the percentages) or rounded (a fixed
/// count of decimals: `#,##0` is 3; a fraction: `# ?/?` is 12). Every other built-in shows its value
/// as held, or as a date or time.
pub(super) fn builtin_format(id: u32) -> Option<&'static str> {
    match id {
        1 => Some("0"),
        2 => Some("0.00"),
        3 => Some("#,##0"),
        4 => Some("#,##0.00"),
        9 => Some("0%"),
        10 => Some("0.00%"),
        11 => Some("0.00E+00"),
        12 => Some("# ?/?"),
        13 => Some("# ??/??"),
        37 | 38 => Some("#,##0_);(#,##0)"),
        39 | 40 => Some("#,##0.00_);(#,##0.00)"),
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
    let text_misstates = sections
        .get(3)
        .is_some_and(|s| !codes(s).contains('@') && literal_text(s).chars().any(char::is_numeric));
    let numbers = || sections.iter().take(3);
    let misstates = numbers().any(|s| shows_number(s) && misstates_section(s));
    let unit = numbers()
        .filter(|s| shows_figure(s))
        .find_map(|s| unit_in(&literal_text(s)));
    let as_text = numbers().any(|s| !shows_value(s) && !literal_text(s).trim().is_empty());
    let inks: Vec<Option<Rgb>> = sections
        .iter()
        .map(|s| format_ink::section_ink(s))
        .collect();
    Hides {
        positive,
        negative,
        zero,
        text,
        invisible_ink: false,
        misstates,
        text_misstates,
        unit,
        as_text,
        struck: false,
        section_ink: format_ink::kind_inks(&inks, conditional),
        rounds: match conditional {
            true => None,
            false => sections.first().and_then(|s| rounds::rounding_of(s)),
        },
    }
}

/// Whether the digits of a format's literal text before the figure are
/// Bangladesh's country code (`+880`, `880`, `+88` before a wallet's `0`,
/// `0088`, `00880`), as Excel users show a wallet in international form:
/// the same wallet (wallets.md), not digits of the format's own.
pub(super) fn is_country_code(literal_digits: &str) -> bool {
    matches!(literal_digits, "88" | "880" | "0088" | "00880")
}

/// Digit placeholders a country-code prefix must stand before to be read
/// as one: a wallet's ten (or, after `+88`, eleven) digits, never an
/// amount's few.
const COUNTRY_CODE_FIGURE: usize = 10;

/// Whether a section that shows a number shows another one: `%`, a comma
/// after the last digit placeholder (each divides by 1,000), or a digit
/// among its literals. Zeros written before the first placeholder
/// (`"0"0000000000`, Excel users' way to show a wallet's leading zero) lead
/// the figure and leave its value as held; with no placeholder after them
/// they are a number of their own. So does a country code written before
/// a wallet's ten placeholders (`"+880"0000000000`, [`is_country_code`]).
fn misstates_section(section: &str) -> bool {
    let mut chars = section.chars().peekable();
    let (mut quoted, mut bracket) = (false, false);
    let mut after_placeholder = false;
    let mut placeholders = 0usize;
    // Literal digits written before the first placeholder.
    let mut before = String::new();
    // Whether a literal digit shows another number than the value: one
    // after the figure does; one before it is judged at the end.
    let mut literal = |d: char, placeholders: usize| match placeholders {
        0 => {
            if d.is_numeric() {
                before.push(d);
            }
            false
        }
        _ => d.is_numeric(),
    };
    while let Some(c) = chars.next() {
        match c {
            '"' if !bracket => quoted = !quoted,
            c if quoted && literal(c, placeholders) => return true,
            _ if quoted => {}
            '[' => bracket = true,
            ']' if bracket => bracket = false,
            _ if bracket => {}
            '\\' => {
                if chars.next().is_some_and(|d| literal(d, placeholders)) {
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
            '0' | '#' | '?' => {
                after_placeholder = true;
                placeholders += 1;
            }
            _ => after_placeholder = false,
        }
    }
    let leading_zeros = before.chars().all(|d| d == '0');
    match (before.is_empty(), leading_zeros) {
        (true, _) => false,
        // Zeros alone lead a figure; with none after them, they are one.
        (false, true) => placeholders == 0,
        (false, false) => !(is_country_code(&before) && placeholders >= COUNTRY_CODE_FIGURE),
    }
}

/// The most cells kept as hidden by their style; past it the worksheet's
/// hidden parts are unknown, and the batch is refused as for rows.
pub(super) const MAX_UNSEEN_CELLS: usize = 1_000_000;

#[cfg(test)]
#[path = "unseen_tests.rs"]
mod tests;
