//! How every sheet payrun writes comes out of a printer: landscape A4, one
//! page wide, the header row on every page, and a footer naming the batch
//! and the page, so that a printed report cannot lose a column, a heading
//! or its place in the pile. Column widths fit the values ([`Widths`]).

use rust_xlsxwriter::{Worksheet, XlsxError};

/// Excel's paper size code for A4, the paper of Bangladeshi offices.
const A4: u8 = 9;
/// Longest title in a footer: Excel refuses a footer past 255 characters.
const MAX_TITLE_CHARS: usize = 120;

/// A title made safe for a header or footer: `&` starts a code there.
fn footer_text(title: &str) -> String {
    let short: String = title.chars().take(MAX_TITLE_CHARS).collect();
    short.replace('&', "&&")
}

/// Sets up `ws` for printing. `title` names what the sheet belongs to (the
/// batch); `header_row` repeats row 1 on every page of a table.
pub(crate) fn setup(ws: &mut Worksheet, title: &str, header_row: bool) -> Result<(), XlsxError> {
    ws.set_landscape();
    ws.set_paper_size(A4);
    // One page wide, as many pages tall as the rows need.
    ws.set_print_fit_to_pages(1, 0);
    // Narrow side margins (inches): a wide table prints larger.
    ws.set_margins(0.3, 0.3, 0.5, 0.6, 0.3, 0.3);
    if header_row {
        ws.set_repeat_rows(0, 0)?;
    }
    ws.set_footer(format!("&L{}&C&A&RPage &P of &N", footer_text(title)));
    Ok(())
}

/// The widest a table's column grows to fit its values, in characters;
/// longer text wraps inside it instead of pushing the page wider.
pub(crate) const MAX_WIDTH: usize = 40;
const MIN_WIDTH: usize = 5;
/// Room for the cell's padding.
const PADDING: usize = 2;
/// Excel's tallest row, in points.
const MAX_ROW_POINTS: f64 = 409.0;
/// A line of text at the default font, in points.
pub(crate) const LINE_POINTS: f64 = 15.0;

/// The height of a row whose tallest cell takes `lines` lines.
pub(crate) fn row_points(lines: usize) -> f64 {
    (LINE_POINTS * lines as f64).min(MAX_ROW_POINTS)
}

/// The width each column needs, from the header and every value written.
pub(crate) struct Widths {
    chars: Vec<usize>,
    max: usize,
}

impl Widths {
    /// Widths for columns headed `headers`, none wider than `max`. A
    /// header wraps, so only its longest word needs the room.
    pub(crate) fn new<S: AsRef<str>>(headers: &[S], max: usize) -> Widths {
        let word = |h: &str| h.split(' ').map(|w| w.chars().count()).max().unwrap_or(0);
        Widths {
            chars: headers.iter().map(|h| word(h.as_ref())).collect(),
            max,
        }
    }

    /// How many lines `s` takes once its column is sized: one per line of
    /// it, unless the line is longer than the widest column and wraps.
    pub(crate) fn lines(&self, s: &str) -> usize {
        s.split('\n')
            .map(|l| l.chars().count().div_ceil(self.max).max(1))
            .sum()
    }

    /// Notes a value of `len` characters in column `col`.
    pub(crate) fn fit(&mut self, col: usize, len: usize) {
        if let Some(w) = self.chars.get_mut(col) {
            *w = (*w).max(len);
        } else {
            self.chars.resize(col, 0);
            self.chars.push(len);
        }
    }

    /// Notes a text value in column `col`; a multi-line value needs the
    /// width of its longest line.
    pub(crate) fn fit_text(&mut self, col: usize, s: &str) {
        let first = s.lines().map(|l| l.chars().count()).max().unwrap_or(0);
        self.fit(col, first);
    }

    /// Applies the widths to `ws`.
    pub(crate) fn apply(&self, ws: &mut Worksheet) -> Result<(), XlsxError> {
        for (col, &w) in self.chars.iter().enumerate() {
            let width = (w + PADDING).clamp(MIN_WIDTH, self.max + PADDING);
            let col = u16::try_from(col).map_err(|_| XlsxError::RowColumnLimitError)?;
            ws.set_column_width(col, width as f64)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_cannot_inject_footer_codes_nor_pass_the_limit() {
        assert_eq!(footer_text("R&D payroll"), "R&&D payroll");
        assert_eq!(
            footer_text(&"x".repeat(500)).chars().count(),
            MAX_TITLE_CHARS
        );
    }

    #[test]
    fn widths_fit_the_longest_value_within_bounds() {
        let mut w = Widths::new(&["Row", "Name (as written)"], 40);
        w.fit_text(1, "রহিম উদ্দিন");
        w.fit_text(1, "two\nlines that are longer");
        w.fit(0, 2);
        w.fit_text(3, &"x".repeat(100));
        assert_eq!(w.chars, vec![3, 21, 0, 100]);
        assert_eq!(w.lines("short"), 1);
        assert_eq!(w.lines(&"x".repeat(81)), 3);
        assert_eq!(w.lines("a\nb\n"), 3);
    }
}
