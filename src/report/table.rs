//! A report's tables, said once for every format.
//!
//! Each report describes a row as a list of [`Cell`]s, saying what each
//! value *is* (text, a count, taka, poisha, a number from the user's
//! workbook) and, for XLSX, what colour marks it. The formats decide how to
//! write that: CSV neutralises text and writes numbers plain
//! ([`crate::report::neutralise`]); XLSX writes text as text cells and
//! numbers as numbers with lakh grouping. So a column cannot be text in one
//! format and a number in another, and no format can forget the rule.

use crate::money::Amount;
use crate::report::model::RowStatus;
use std::borrow::Cow;

/// A colour that tells a reader of the XLSX what a cell means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mark {
    /// A batch report status: green paid ... dark red conflict.
    Status(RowStatus),
    /// All is well (a match).
    Good,
    /// A person must look (a discrepancy).
    Alarm,
    /// A cell whose value is in error (the check report).
    Error,
    /// A row with warnings (the check report).
    Warning,
    /// A label or a column heading.
    Heading,
}

/// One cell of a report table.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell<'a> {
    Empty,
    /// Text: neutralised in CSV, a text cell in XLSX.
    Text(Cow<'a, str>),
    /// Text that wraps in XLSX instead of widening its column (notes).
    Long(Cow<'a, str>),
    /// Text with a colour in XLSX.
    Marked(Cow<'a, str>, Mark),
    /// A whole number: a count, a row number, a difference.
    Int(i64),
    /// Taka: `12345.67` in CSV, a number shown `12,345.67` in XLSX.
    Taka(Amount),
    /// Exact poisha, as a whole number.
    Poisha(Amount),
    /// A number already written as decimal text: a numeric cell of the
    /// user's workbook as read (`-500`), or poisha payrun formatted. Written
    /// as a number only when it is a plain decimal, as text otherwise.
    Number(&'a str),
    /// A [`Cell::Number`] with a colour in XLSX: a workbook's numeric cell
    /// that the check report marks as in error. A mark is a colour, not a
    /// kind: the number is written as any number is, never as text.
    MarkedNumber(&'a str, Mark),
}

impl<'a> Cell<'a> {
    /// Text, or nothing when there is none.
    pub(crate) fn text(s: Option<&'a str>) -> Cell<'a> {
        match s {
            Some(s) if !s.is_empty() => Cell::Text(Cow::Borrowed(s)),
            _ => Cell::Empty,
        }
    }

    /// Owned text, or nothing when it is empty.
    pub(crate) fn owned(s: String) -> Cell<'a> {
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(Cow::Owned(s))
        }
    }

    /// Wrapping text, or nothing when it is empty.
    pub(crate) fn long(s: String) -> Cell<'a> {
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Long(Cow::Owned(s))
        }
    }

    /// Taka, or nothing.
    pub(crate) fn taka(a: Option<Amount>) -> Cell<'a> {
        a.map_or(Cell::Empty, Cell::Taka)
    }

    /// Poisha, or nothing.
    pub(crate) fn poisha(a: Option<Amount>) -> Cell<'a> {
        a.map_or(Cell::Empty, Cell::Poisha)
    }
}

/// A table being written in some format, one cell at a time.
pub(crate) trait TableWriter {
    /// Error of the format's writer.
    type Error;
    /// Writes the next cell of the current row.
    fn cell(&mut self, cell: &Cell<'_>) -> Result<(), Self::Error>;
    /// Ends the current row.
    fn end_row(&mut self) -> Result<(), Self::Error>;

    /// Writes a whole row.
    fn row(&mut self, cells: &[Cell<'_>]) -> Result<(), Self::Error> {
        for c in cells {
            self.cell(c)?;
        }
        self.end_row()
    }
}
