//! What [`super::HiddenParts`] keeps of a cell shown rounded, and how a
//! cell is struck through: plain values, apart from the lookups.

/// A number cell its format shows rounded (`#,##0` shows 999.6 as
/// `1,000`): the person who approved the sheet saw `shown`, and the cell
/// holds `held`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rounded {
    pub(in crate::intake) row: usize,
    pub(in crate::intake) col: usize,
    /// The figure as the format shows it (`1,000`).
    pub shown: String,
    /// The number the cell holds, in its shortest decimal form (`999.6`).
    pub held: String,
    /// When a conditional format's number format may show it so, not the
    /// cell's own: that format, plainly (`#,##0`).
    pub by_rule: Option<String>,
}

impl Rounded {
    /// The cell at `row` (as the user sees it) and `col` (0-based) holding
    /// `value`, shown as `shown`.
    pub(in crate::intake) fn new(row: usize, col: usize, shown: String, value: f64) -> Rounded {
        Rounded {
            row,
            col,
            shown,
            held: format!("{value}"),
            by_rule: None,
        }
    }

    /// The cell at `row` and `col` holding `value`, which a conditional
    /// format applying `format` may show as `shown`.
    pub(in crate::intake) fn by_rule(
        row: usize,
        col: usize,
        shown: String,
        value: f64,
        format: String,
    ) -> Rounded {
        Rounded {
            by_rule: Some(format),
            ..Rounded::new(row, col, shown, value)
        }
    }
}

/// How a cell is struck through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Struck {
    /// Its font (its style's, or a run of its rich text).
    ByFont,
    /// A conditional format that may strike it through.
    ByRule,
}
