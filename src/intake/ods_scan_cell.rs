//! One cell of an `.ods` table as [`super::scan_content`] reads it: what
//! its style and its shown text say (nothing of its value, another number,
//! struck through), and the fix calamine needs for it (an error, a boolean).
//!
//! Separate from the walk over rows, columns and groups in [`super`]: that
//! says where a cell is, this says what a person sees in it.

use super::{MAX_GROUP_DEPTH, Scan, repeats};
use crate::intake::hidden::Rounded;
use crate::intake::ods_cells::{CellTag, cell_tag, fix_for};
use crate::intake::shown_number::{self, Shown};
use crate::intake::unseen::MAX_UNSEEN_CELLS;
use crate::intake::unseen_ods::{cell_hidden, cell_misstated, cell_struck};
use crate::intake::xml::attr;
use quick_xml::events::BytesStart;
use std::ops::Range;

/// The most cells fixed (errors and booleans, repeats counted) in a sheet.
const MAX_FIXES: usize = 1_000_000;

/// The most characters of an error's text kept (`#DIV/0!`, `Err:502`).
const MAX_ERROR_TEXT: usize = 64;

/// A cell being read: where it is and what its tag said.
pub(super) struct OpenCell {
    rows: (usize, usize),
    cols: (usize, usize),
    kind: CellTag,
    text: String,
    /// Inside an `office:annotation` (a comment), whose text is not the cell's.
    in_note: usize,
    /// Inside a paragraph of that comment (not its date or author), and
    /// the comment's text so far.
    note_p: usize,
    note: String,
    /// A number's value, when its style neither hides it nor already says
    /// it shows another number: its shown text must state it.
    value: Option<f64>,
    /// Whether the cell has a paragraph (the text its writer showed), and
    /// whether that text has a digit.
    paragraph: bool,
    digit: bool,
    /// The open `text:span`s of its text, each struck through or not, and
    /// whether a struck one holds a digit.
    spans: Vec<bool>,
    struck_digit: bool,
}

impl Scan {
    pub(super) fn cell_start(&mut self, e: &BytesStart<'_>, empty: bool) -> Result<(), String> {
        let n = repeats(e, b"number-columns-repeated")?;
        self.merge(e)?;
        let before = (self.unseen.len(), self.misstated.len());
        let style = if self.hiding.is_empty() && self.mapped.is_empty() {
            None
        } else {
            self.cell_style(e)
        };
        if let Some(s) = style.as_deref() {
            let rows = (self.row + 1, self.row + self.row_repeats.max(1));
            let cols = (self.col, self.col.saturating_add(n - 1));
            self.mapped.cell(s, rows, cols)?;
        }
        if !self.hiding.is_empty() {
            self.note_unseen(e, style, n)?;
        }
        let judged = before != (self.unseen.len(), self.misstated.len());
        let cell = OpenCell {
            value: shown_number::value(e).filter(|_| !judged),
            paragraph: false,
            digit: false,
            spans: Vec::new(),
            struck_digit: false,
            rows: (
                self.row,
                self.row.saturating_add(self.row_repeats.max(1) - 1),
            ),
            cols: (self.col, self.col.saturating_add(n - 1)),
            kind: cell_tag(e),
            text: String::new(),
            in_note: 0,
            note_p: 0,
            note: String::new(),
        };
        self.col = self.col.saturating_add(n);
        if empty {
            self.finish(cell)
        } else {
            self.cell = Some(cell);
            Ok(())
        }
    }

    /// A tag inside a cell's text: a comment (whose text is not the
    /// cell's), a paragraph, a span that may strike its text through.
    pub(super) fn text_start(&mut self, name: &[u8], e: &BytesStart<'_>, empty: bool) {
        let Some(c) = self.cell.as_mut() else {
            return;
        };
        match name {
            b"annotation" => c.in_note += 1,
            b"p" | b"h" if c.in_note == 0 => c.paragraph = true,
            b"p" | b"h" if !empty => {
                if !c.note.is_empty() {
                    c.note.push('\n');
                }
                c.note_p += 1;
            }
            b"span" if !empty && c.in_note == 0 && c.spans.len() < MAX_GROUP_DEPTH => {
                let name = attr(e, b"style-name").unwrap_or_default();
                c.spans.push(self.styles.looks.strikes_text(&name));
            }
            _ => {}
        }
    }

    /// The end of a comment or a span inside a cell's text.
    pub(super) fn text_end(&mut self, name: &[u8]) {
        let Some(c) = self.cell.as_mut() else {
            return;
        };
        match name {
            b"annotation" => c.in_note = c.in_note.saturating_sub(1),
            b"p" | b"h" if c.in_note > 0 => c.note_p = c.note_p.saturating_sub(1),
            b"span" if c.in_note == 0 => drop(c.spans.pop()),
            _ => {}
        }
    }

    pub(super) fn text(&mut self, t: &str) {
        if let Some(c) = self.cell.as_mut()
            && c.in_note > 0
            && c.note_p > 0
        {
            crate::intake::comments::keep(&mut c.note, t);
        }
        if let Some(c) = self.cell.as_mut()
            && c.in_note == 0
        {
            let digit = t.chars().any(char::is_numeric);
            c.digit |= digit;
            c.struck_digit |= digit && c.spans.contains(&true);
            if c.text.len() < MAX_ERROR_TEXT {
                c.text.extend(t.chars().take(MAX_ERROR_TEXT));
            }
        }
    }

    /// What a number's shown text (the paragraph its writer saved, what
    /// that suite showed) says, whatever its style says: nothing of it, or
    /// another number (`shown_number`). Every copy of the cell is kept.
    fn note_shown(&mut self, cell: &OpenCell) -> Result<(), String> {
        let Some(value) = cell.value.filter(|_| cell.paragraph) else {
            return Ok(());
        };
        let whole = cell.text.chars().count() < MAX_ERROR_TEXT;
        let (r0, r1) = cell.rows;
        let (c0, c1) = cell.cols;
        let copies = (r1 - r0 + 1).saturating_mul(c1 - c0 + 1);
        let list = match shown_number::judge(value, &cell.text, cell.digit, whole) {
            Shown::Nothing => &mut self.unseen,
            Shown::Another => &mut self.misstated,
            Shown::Rounded => {
                if copies.saturating_add(self.rounded.len()) > MAX_UNSEEN_CELLS {
                    return Err("more cells shown rounded than payrun keeps".into());
                }
                for (r, c) in (r0..=r1).flat_map(|r| (c0..=c1).map(move |c| (r, c))) {
                    let shown = cell.text.trim().to_string();
                    self.rounded.push(Rounded::new(r + 1, c, shown, value));
                }
                return Ok(());
            }
            Shown::Same => return Ok(()),
        };
        if copies.saturating_add(list.len()) > MAX_UNSEEN_CELLS {
            return Err("more cells that show nothing or another number than payrun keeps".into());
        }
        for r in r0..=r1 {
            list.extend((c0..=c1).map(|c| (r + 1, c)));
        }
        Ok(())
    }

    /// A cell's style: its own, else its row's default, else its
    /// column's (when that is one payrun keeps).
    fn cell_style(&self, e: &BytesStart<'_>) -> Option<String> {
        attr(e, b"style-name")
            .or_else(|| self.row_style.clone())
            .or_else(|| {
                self.column_styles
                    .iter()
                    .find(|(first, last, _)| (*first..=*last).contains(&self.col))
                    .map(|(_, _, s)| s.clone())
            })
    }

    /// Keeps the cell (every copy of it) if its `style` hides its value,
    /// shows it as another number, or strikes it through.
    fn note_unseen(
        &mut self,
        e: &BytesStart<'_>,
        style: Option<String>,
        n: usize,
    ) -> Result<(), String> {
        let Some(h) = style.and_then(|s| self.hiding.get(&s)) else {
            return Ok(());
        };
        let (rows, cols) = self.copies(n);
        if cell_struck(h, e) {
            keep_copies(&mut self.struck, rows.clone(), cols.clone())?;
        }
        let hidden = cell_hidden(h, e);
        if !hidden && !cell_misstated(h, e) {
            return Ok(());
        }
        let list = if hidden {
            &mut self.unseen
        } else {
            &mut self.misstated
        };
        keep_copies(list, rows.clone(), cols.clone())?;
        if h.as_text || h.unit.is_some() {
            for r in rows {
                for c in cols.clone() {
                    self.words.keep((r + 1, c), h, hidden);
                }
            }
        }
        Ok(())
    }

    /// Keeps the `n` cells from the current one on, in every copy of the
    /// row, as showing nothing.
    pub(super) fn keep_unseen(&mut self, n: usize) -> Result<(), String> {
        let (rows, cols) = self.copies(n);
        keep_copies(&mut self.unseen, rows, cols)
    }

    /// The rows (0-based) of every copy of the current row, and the `n`
    /// columns from the current one on.
    fn copies(&self, n: usize) -> (Range<usize>, Range<usize>) {
        let rows = self.row..self.row.saturating_add(self.row_repeats.max(1));
        (rows, self.col..self.col.saturating_add(n))
    }

    /// Records the fix a finished cell needs, for every copy of it, and
    /// keeps it as struck through when a struck span covers a digit.
    pub(super) fn finish(&mut self, cell: OpenCell) -> Result<(), String> {
        if !cell.note.trim().is_empty() {
            if self.comments.len() >= crate::intake::comments::MAX_COMMENTS {
                return Err("more cell comments than payrun reads".into());
            }
            self.comments.push(crate::intake::comments::CellComment {
                row: cell.rows.0 + 1,
                col: cell.cols.0,
                text: cell.note.clone(),
            });
        }
        if cell.struck_digit {
            let ((r0, r1), (c0, c1)) = (cell.rows, cell.cols);
            let (rows, cols) = (r0..r1.saturating_add(1), c0..c1.saturating_add(1));
            keep_copies(&mut self.struck, rows, cols)?;
        }
        // A cell read as something else (a 0 or 1 shown as TRUE or FALSE is
        // a boolean) shows what it is.
        let Some(fix) = fix_for(cell.kind, cell.text.trim()) else {
            return self.note_shown(&cell);
        };
        let (r0, r1) = cell.rows;
        let (c0, c1) = cell.cols;
        let copies = (r1 - r0 + 1).saturating_mul(c1 - c0 + 1);
        if self.fixes.len().saturating_add(copies) > MAX_FIXES {
            return Err(format!("more than {MAX_FIXES} error or boolean cells"));
        }
        for r in r0..=r1 {
            for c in c0..=c1 {
                let (Ok(r), Ok(c)) = (u32::try_from(r), u32::try_from(c)) else {
                    return Err("a cell lies past the last row or column".into());
                };
                self.fixes.insert((r, c), fix.clone());
            }
        }
        Ok(())
    }
}

/// Keeps the cells of `rows` (0-based) and `cols` in `list`, by the row
/// as seen; past [`MAX_UNSEEN_CELLS`] the sheet's looks are unknown.
fn keep_copies(
    list: &mut Vec<(usize, usize)>,
    rows: Range<usize>,
    cols: Range<usize>,
) -> Result<(), String> {
    if rows
        .len()
        .saturating_mul(cols.len())
        .saturating_add(list.len())
        > MAX_UNSEEN_CELLS
    {
        return Err(
            "more cells whose format hides, misstates or strikes their value than payrun keeps"
                .into(),
        );
    }
    for r in rows {
        list.extend(cols.clone().map(|c| (r + 1, c)));
    }
    Ok(())
}
