//! The colour a number format gives its value (`[White]#,##0`,
//! `[Color2]0`, Excel's rules): a section's colour overrides the font's, so
//! a white section on an unfilled cell shows nothing, whatever the font
//! says. Each section's colour is kept by [`super::format_hides`] and
//! judged against the cell's ground by [`Hides::inked`], where each
//! format resolves its fill.

use super::{Hides, Rgb, ink_lost_in, palette_colour};

/// The colour named in a section's brackets, if any: Excel's eight names
/// (any case) or `[ColorN]`, palette colour N (1 to 56) of the default
/// palette. A bracket of another kind (a condition, a currency, elapsed
/// time) is none.
pub(super) fn section_ink(section: &str) -> Option<Rgb> {
    let mut rest = section;
    while let Some(open) = rest.find('[') {
        let after = rest.get(open + 1..)?;
        let close = after.find(']')?;
        let name = after.get(..close)?.trim().to_ascii_lowercase();
        let named = match name.as_str() {
            "black" => Some(0x000000),
            "white" => Some(0xFFFFFF),
            "red" => Some(0xFF0000),
            "green" => Some(0x00FF00),
            "blue" => Some(0x0000FF),
            "yellow" => Some(0xFFFF00),
            "magenta" => Some(0xFF00FF),
            "cyan" => Some(0x00FFFF),
            n => n
                .strip_prefix("color")
                .and_then(|i| i.parse::<u16>().ok())
                .filter(|i| (1..=56).contains(i))
                .and_then(|i| palette_colour(i + 7)),
        };
        if named.is_some() {
            return named;
        }
        rest = after.get(close + 1..)?;
    }
    None
}

/// Each kind of value's colour (positive, negative, zero, text) from the
/// sections' colours, as the sections serve them (Excel's rules; text
/// takes the first section's colour unless a fourth says otherwise, which
/// at worst refuses a row a person can see). With a condition, any number
/// section's colour stands for every number.
pub(super) fn kind_inks(inks: &[Option<Rgb>], conditional: bool) -> [Option<Rgb>; 4] {
    let at = |i: usize| inks.get(i).copied().flatten();
    let text = if inks.len() >= 4 { at(3) } else { at(0) };
    if conditional {
        let any = inks.iter().take(3).copied().flatten().next();
        return [any, any, any, text];
    }
    match inks.len() {
        0 => [None; 4],
        1 => [at(0), at(0), at(0), text],
        2 => [at(0), at(1), at(0), text],
        _ => [at(0), at(1), at(2), text],
    }
}

impl Hides {
    /// What the style hides in the font's `ink` (`tiny`: too small to
    /// read) on `ground` (its fill's colour, white for none, `None` when
    /// payrun cannot tell): each kind of value is in its section's colour,
    /// else the font's, and hidden when that is lost on the ground; every
    /// kind so is invisible ink. The section colours are then spent.
    pub(in crate::intake) fn inked(
        mut self,
        ink: Option<Rgb>,
        tiny: bool,
        ground: Option<Rgb>,
    ) -> Hides {
        let lost = self
            .section_ink
            .map(|section| ink_lost_in(section.or(ink), ground));
        self.invisible_ink = tiny || lost.iter().all(|l| *l);
        self.positive |= lost[0];
        self.negative |= lost[1];
        self.zero |= lost[2];
        self.text |= lost[3];
        self.section_ink = [None; 4];
        self
    }
}
