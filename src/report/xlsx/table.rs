//! A table on a worksheet: a header row, then cells written by what they
//! are ([`Cell`]), columns as wide as their values, and the print setup.
//!
//! Text is always written as a text cell, never as a formula, so a payee
//! named `=HYPERLINK(...)` stays a name and wallet ids keep their leading
//! zeros. Numbers are numbers, taka with lakh grouping.

use super::formats::Formats;
use super::print::{self, MAX_WIDTH, Widths};
use crate::money::Amount;
use crate::report::table::{Cell, Mark, TableWriter};
use rust_xlsxwriter::{Worksheet, XlsxError};

/// Rows a sheet holds below its header (Excel's limit is 1,048,576 rows).
pub(crate) const MAX_ROWS: u32 = 1_048_575;
/// Excel's cell limit in characters.
const MAX_CHARS: usize = 32_767;

/// Text cut to what one Excel cell holds.
pub(crate) fn cut(s: &str) -> &str {
    match s.char_indices().nth(MAX_CHARS) {
        Some((i, _)) => s.get(..i).unwrap_or(s),
        None => s,
    }
}

/// Why a table could not be written.
#[derive(Debug)]
pub(crate) enum TableError {
    Xlsx(XlsxError),
    /// More rows than one sheet holds.
    TooManyRows,
}

impl From<XlsxError> for TableError {
    fn from(e: XlsxError) -> Self {
        TableError::Xlsx(e)
    }
}

impl std::fmt::Display for TableError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TableError::Xlsx(e) => write!(f, "{e}"),
            TableError::TooManyRows => write!(
                f,
                "more rows than one XLSX sheet holds ({MAX_ROWS} below the header); \
                 write a .csv report instead"
            ),
        }
    }
}

/// Where a table being written stands. Kept apart from the worksheet so a
/// report written chunk by chunk can hold it between chunks.
pub(crate) struct TableState {
    row: u32,
    col: u16,
    columns: u16,
    widths: Widths,
    /// Lines the tallest cell of the current row takes.
    lines: usize,
}

impl TableState {
    /// Writes the header row of a table with these columns.
    pub(crate) fn start<S: AsRef<str>>(
        ws: &mut Worksheet,
        f: &Formats,
        headers: &[S],
    ) -> Result<TableState, TableError> {
        for (col, h) in headers.iter().enumerate() {
            let col = u16::try_from(col).map_err(|_| XlsxError::RowColumnLimitError)?;
            ws.write_string_with_format(0, col, cut(h.as_ref()), &f.header)?;
        }
        let columns = u16::try_from(headers.len()).map_err(|_| XlsxError::RowColumnLimitError)?;
        // Room for a header of two words to wrap.
        if headers.iter().any(|h| h.as_ref().contains(' ')) {
            ws.set_row_height(0, print::row_points(2))?;
        }
        Ok(TableState {
            row: 1,
            col: 0,
            columns,
            widths: Widths::new(headers, MAX_WIDTH),
            lines: 1,
        })
    }

    /// Lines of label/value pairs and small tables (a Summary sheet), from
    /// the first row, with no header of their own.
    pub(crate) fn lines(columns: u16, max_width: usize) -> TableState {
        let names = vec![""; usize::from(columns)];
        TableState {
            row: 0,
            col: 0,
            columns,
            widths: Widths::new(&names, max_width),
            lines: 1,
        }
    }

    /// Sizes the columns of lines and sets the sheet up for printing.
    pub(crate) fn finish_lines(&self, ws: &mut Worksheet, title: &str) -> Result<(), TableError> {
        self.widths.apply(ws)?;
        print::setup(ws, title, false)?;
        Ok(())
    }

    /// The table on `ws`, to write rows into.
    pub(crate) fn on<'a>(&'a mut self, ws: &'a mut Worksheet, f: &'a Formats) -> XlsxTable<'a> {
        XlsxTable { ws, f, state: self }
    }

    /// Sizes the columns, freezes the header, adds an autofilter over the
    /// table, and sets the sheet up for printing under `title`.
    pub(crate) fn finish(&self, ws: &mut Worksheet, title: &str) -> Result<(), TableError> {
        self.widths.apply(ws)?;
        ws.set_freeze_panes(1, 0)?;
        let last_row = self.row.saturating_sub(1);
        ws.autofilter(0, 0, last_row, self.columns.saturating_sub(1))?;
        print::setup(ws, title, true)?;
        Ok(())
    }
}

/// A table being written on a worksheet.
pub(crate) struct XlsxTable<'a> {
    ws: &'a mut Worksheet,
    f: &'a Formats,
    state: &'a mut TableState,
}

impl XlsxTable<'_> {
    fn string(&mut self, s: &str, format: TextFormat) -> Result<(), XlsxError> {
        let (row, col) = (self.state.row, self.state.col);
        let s = cut(s);
        self.state.widths.fit_text(usize::from(col), s);
        let lines = self.state.widths.lines(s);
        self.state.lines = self.state.lines.max(lines);
        let f = match format {
            TextFormat::Text => &self.f.text,
            TextFormat::Long => &self.f.long,
            TextFormat::Mark(m) => self.f.mark(m),
        };
        self.ws.write_string_with_format(row, col, s, f)?;
        Ok(())
    }

    fn number(&mut self, n: f64, shown: usize, format: Option<NumFormat>) -> Result<(), XlsxError> {
        let (row, col) = (self.state.row, self.state.col);
        // One more than the digits: a number sits flush right, next to
        // the text of the column after it.
        self.state.widths.fit(usize::from(col), shown + 1);
        match format {
            None => self.ws.write_number_with_format(row, col, n, &self.f.int)?,
            Some(NumFormat::Poisha) => {
                self.ws
                    .write_number_with_format(row, col, n, &self.f.poisha)?
            }
            Some(NumFormat::Taka(a)) => {
                self.ws
                    .write_number_with_format(row, col, n, self.f.taka.of(a))?
            }
            Some(NumFormat::Marked(m)) => {
                self.ws
                    .write_number_with_format(row, col, n, self.f.mark_number(m))?
            }
        };
        Ok(())
    }
}

/// Which text format a string takes.
enum TextFormat {
    Text,
    Long,
    Mark(Mark),
}

enum NumFormat {
    Poisha,
    Taka(Amount),
    /// A number in a mark's colours.
    Marked(Mark),
}

impl TableWriter for XlsxTable<'_> {
    type Error = TableError;

    fn cell(&mut self, cell: &Cell<'_>) -> Result<(), TableError> {
        if self.state.row > MAX_ROWS {
            return Err(TableError::TooManyRows);
        }
        match cell {
            Cell::Empty => {}
            Cell::Text(s) if s.is_empty() => {}
            Cell::Text(s) => self.string(s, TextFormat::Text)?,
            Cell::Long(s) => self.string(s, TextFormat::Long)?,
            Cell::Marked(s, m) => self.string(s, TextFormat::Mark(*m))?,
            Cell::Int(n) => {
                let shown = digits(n.unsigned_abs()) + usize::from(*n < 0);
                self.number(*n as f64, shown, None)?
            }
            Cell::Taka(a) => {
                self.number(a.to_taka_f64(), taka_len(*a), Some(NumFormat::Taka(*a)))?
            }
            Cell::Poisha(a) => {
                let sign = usize::from(a.poisha() < 0);
                let shown = digits(a.poisha().unsigned_abs()) + sign;
                self.number(a.poisha() as f64, shown, Some(NumFormat::Poisha))?
            }
            Cell::Number(s) => match s.parse::<f64>() {
                Ok(n) => self.number(n, s.len(), None)?,
                Err(_) => self.string(s, TextFormat::Text)?,
            },
            Cell::MarkedNumber(s, m) => match s.parse::<f64>() {
                Ok(n) => self.number(n, s.len(), Some(NumFormat::Marked(*m)))?,
                Err(_) => self.string(s, TextFormat::Mark(*m))?,
            },
        }
        self.state.col = self.state.col.saturating_add(1);
        Ok(())
    }

    fn end_row(&mut self) -> Result<(), TableError> {
        if self.state.lines > 1 {
            let points = print::row_points(self.state.lines);
            self.ws.set_row_height(self.state.row, points)?;
        }
        self.state.lines = 1;
        self.state.row = self.state.row.saturating_add(1);
        self.state.col = 0;
        Ok(())
    }
}

/// Decimal digits of `n`.
fn digits(n: u64) -> usize {
    n.checked_ilog10().map_or(1, |l| l as usize + 1)
}

/// Characters `a` takes with lakh grouping: `-1,23,456.78` is 12.
fn taka_len(a: Amount) -> usize {
    let d = digits(a.poisha().unsigned_abs() / 100);
    let separators = if d <= 3 { 0 } else { 1 + (d - 4) / 2 };
    usize::from(a.poisha() < 0) + d + separators + 3
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_width_of_an_amount_is_what_the_terminal_prints() {
        for p in [
            0,
            5,
            -5,
            99_999,
            12_345_600,
            -12_345_600,
            1_234_567_800,
            i64::MAX,
        ] {
            let a = Amount::from_poisha(p);
            assert_eq!(taka_len(a), a.to_string().chars().count(), "{a}");
        }
    }
}
