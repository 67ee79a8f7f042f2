//! The cells of an `.xlsx` worksheet part whose style hides, misstates or
//! strikes through the value they hold, as the part streams by.
//!
//! Separate from the rules in [`super`], which are every format's: this
//! follows `<c>`, `<v>` and `<t>` tags, which only an `.xlsx` has (the
//! worksheet scan in `hidden_xlsx.rs` feeds it).

use super::{FormatWords, Hides, MAX_UNSEEN_CELLS};
use crate::intake::hidden::Rounded;
use crate::intake::xml::{attr, number};
use quick_xml::events::BytesStart;
use std::collections::HashMap;

/// Follows the cells of a worksheet part whose style hides some value, and
/// keeps those whose stored value their style hides: (row, 0-based column).
pub(in crate::intake) struct CellWatch<'a> {
    styles: &'a HashMap<usize, Hides>,
    /// The cell being read: row, column, what its style hides, its `t`.
    open: Option<(usize, usize, Hides, Option<String>)>,
    value: String,
    in_value: bool,
    last_col: Option<usize>,
    pub(in crate::intake) cells: Vec<(usize, usize)>,
    pub(in crate::intake) misstated: Vec<(usize, usize)>,
    pub(in crate::intake) rounded: Vec<Rounded>,
    pub(in crate::intake) words: FormatWords,
    pub(in crate::intake) struck: Vec<(usize, usize)>,
}

impl<'a> CellWatch<'a> {
    pub(in crate::intake) fn new(styles: &'a HashMap<usize, Hides>) -> CellWatch<'a> {
        CellWatch {
            styles,
            open: None,
            value: String::new(),
            in_value: false,
            last_col: None,
            cells: Vec::new(),
            misstated: Vec::new(),
            rounded: Vec::new(),
            words: FormatWords::default(),
            struck: Vec::new(),
        }
    }

    /// Whether any style hides anything: if not, no cell need be read.
    pub(in crate::intake) fn active(&self) -> bool {
        !self.styles.is_empty()
    }

    pub(in crate::intake) fn row(&mut self) {
        self.last_col = None;
    }

    /// A `<c>` of `row` opens (`empty`: it is `<c/>`, with no value).
    pub(in crate::intake) fn cell(&mut self, e: &BytesStart<'_>, row: usize, empty: bool) {
        let col = column_of(e, self.last_col);
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
    pub(in crate::intake) fn value_tag(&mut self, opens: bool) {
        self.in_value = opens && self.open.is_some();
    }

    pub(in crate::intake) fn text(&mut self, t: &[u8]) {
        if self.in_value && self.value.len() < 256 {
            self.value.push_str(&String::from_utf8_lossy(t));
        }
    }

    /// `</c>`: keeps the cell if its style hides its value, shows it as
    /// another number, or strikes it through.
    pub(in crate::intake) fn close(&mut self) -> Result<(), String> {
        self.in_value = false;
        let Some((row, col, hides, t)) = self.open.take() else {
            return Ok(());
        };
        let value = std::mem::take(&mut self.value);
        self.keep(row, col, hides, t.as_deref(), &value)
    }

    /// Keeps the cell at `row` and `col` holding `value` (as stored: of
    /// type `t`, as an `.xlsx` `<c t>` says) if `hides` hides its value,
    /// shows it as another number or rounded, or strikes it through. Every format
    /// whose cells name a style by index (`.xlsx`, `.xlsb`) keeps its cells
    /// here.
    pub(in crate::intake) fn keep(
        &mut self,
        row: usize,
        col: usize,
        hides: Hides,
        t: Option<&str>,
        value: &str,
    ) -> Result<(), String> {
        if value.is_empty() {
            return Ok(());
        }
        if hides.hides(t, value) {
            self.cells.push((row, col));
            self.words.keep((row, col), &hides, true);
        } else if hides.misstates(t, value) {
            self.misstated.push((row, col));
            self.words.keep((row, col), &hides, false);
        } else if let Some(shown) = hides.shown_rounded(t, value)
            && let Ok(held) = value.trim().parse::<f64>()
        {
            self.rounded.push(Rounded::new(row, col, shown, held));
        }
        if hides.struck {
            self.struck.push((row, col));
        }
        if self.cells.len() + self.misstated.len() + self.rounded.len() + self.struck.len()
            > MAX_UNSEEN_CELLS
        {
            return Err("more cells hidden by their format than payrun keeps".into());
        }
        Ok(())
    }

    /// What the style numbered `style` hides, if it hides anything.
    pub(in crate::intake) fn style(&self, style: usize) -> Option<Hides> {
        self.styles.get(&style).copied()
    }
}

/// The 0-based column of a `<c>`: its `r`, or the one after the cell
/// before it in the row when `r` is left out.
pub(in crate::intake) fn column_of(e: &BytesStart<'_>, last_col: Option<usize>) -> usize {
    attr(e, b"r")
        .and_then(|r| crate::intake::merged::cell(&r).map(|(_, c)| c))
        .unwrap_or_else(|| last_col.map_or(0, |c| c + 1))
}
