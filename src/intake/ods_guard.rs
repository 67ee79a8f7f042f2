//! A size check for `.ods` files before calamine opens them.
//!
//! Called from `excel::read` for every `.ods`.
//!
//! An OpenDocument sheet may say "this cell, 16,000 times across" and "this
//! row, 1,000,000 times down" in a few bytes. calamine expands both while it
//! opens the file, for every sheet at once, so a 1.6 KB `.ods` asked for 4 GB
//! and aborted the process (docs/fuzzing.md, finding 4). This module streams
//! `content.xml` once, holding one tag at a time, and adds up what calamine
//! would lay out, the way calamine does it:
//! - a cell with a value or formula is copied `number-columns-repeated` times,
//!   and so are the empty cells before it in its row (trailing empty cells
//!   are not copied);
//! - every row from a table's first non-empty row to its last is copied
//!   `number-rows-repeated` times, at the width of the widest row.
//!
//! - a `<text:s text:c="N"/>` in a cell becomes N spaces, copied with the cell.
//!
//! A file that would lay out more cells than [`MAX_ODS_CELLS`], a row wider
//! than a spreadsheet's 16,384 columns, or copy more bytes of repeated cell
//! content than [`MAX_REPEATED_BYTES`], is refused before calamine sees it. LibreOffice's own filler (a last row repeated to
//! the bottom of the sheet, cells repeated to the last column, all empty) is
//! never copied by calamine, so it never counts.

use super::table::MAX_CELLS_PER_ROW;
use super::xml::{Tag, Xml, attr, local};
use quick_xml::events::BytesStart;
use std::io::Read;

/// The most cells all sheets of an `.ods` may lay out: the same bound as the
/// span check for `.xlsx` (about 640 MB of cells). A payroll is far smaller.
pub(super) const MAX_ODS_CELLS: u64 = 20_000_000;

/// Cells any `.ods` may lay out whatever it holds (as `excel_range`'s
/// floor). Past it, every 16 bytes of `content.xml` pay for one cell:
/// calamine keeps about 110 bytes per cell while it opens the file, so a
/// file of repeats cannot make payrun use more than a few times its size.
pub(super) const CELLS_FLOOR: u64 = 2_000_000;

/// The most bytes of cell content that repeats may copy (a long string or
/// formula repeated across a row is copied whole each time).
pub(super) const MAX_REPEATED_BYTES: u64 = 256 * 1024 * 1024;

/// The most `content.xml` payrun reads. 1 GiB of XML is not a payroll.
pub(super) const MAX_CONTENT_BYTES: u64 = 1024 * 1024 * 1024;

/// What the scan found that calamine would lay out.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(super) struct Declared {
    pub cells: u64,
    pub repeated_bytes: u64,
    /// The widest row, in cells calamine pushes for it.
    pub width: u64,
    /// Bytes of `content.xml` read.
    pub xml_bytes: u64,
}

/// Per-table running totals.
#[derive(Default)]
struct Table {
    /// Widest row (cells calamine pushes for it).
    width: u64,
    /// Rows (with repeats) from the first non-empty row to the current one.
    running_rows: u64,
    /// `running_rows` as of the last non-empty row.
    span_rows: u64,
    seen_nonempty: bool,
}

impl Table {
    fn cells(&self) -> u64 {
        self.span_rows.saturating_mul(self.width)
    }

    fn end_row(&mut self, repeats: u64, width: u64) {
        if width > 0 {
            self.seen_nonempty = true;
            self.width = self.width.max(width);
        }
        if self.seen_nonempty {
            self.running_rows = self.running_rows.saturating_add(repeats);
            if width > 0 {
                self.span_rows = self.running_rows;
            }
        }
    }
}

/// The row being read.
#[derive(Default)]
struct Row {
    repeats: u64,
    width: u64,
    pending_empty: u64,
    /// An open (not self-closing) cell: where it starts, its repeats, and
    /// the spaces its `text:s` elements add.
    open_cell: Option<(u64, u64)>,
}

/// Checks an `.ods` held in memory. `Err` is the message for the user; a
/// file that is not a readable ZIP passes, so that calamine reports it as
/// damaged in its usual words.
pub(super) fn check(bytes: &[u8]) -> Result<Declared, String> {
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return Ok(Declared::default());
    };
    let Ok(content) = zip.by_name("content.xml") else {
        return Ok(Declared::default());
    };
    let declared = scan(content).map_err(|e| {
        format!(
            "cannot read the sheet data ({e}); the file may be damaged — open it and save it again"
        )
    })?;
    if declared.width > MAX_CELLS_PER_ROW as u64 {
        return Err(format!(
            "a row reaches column {}, past a spreadsheet's last column ({MAX_CELLS_PER_ROW}); \
             something far to the right of the payroll table (or a damaged file) makes it too wide to read — \
             open it in LibreOffice, copy the payroll table to a new file, and save that as .xlsx or .ods",
            declared.width
        ));
    }
    if declared.repeated_bytes > MAX_REPEATED_BYTES {
        return Err(format!(
            "its repeated cells and spaces would expand to {} MB of text when opened, more than \
             payrun reads ({} MB); a payroll sheet is far smaller, so this is damaged or not a \
             payroll — open it in LibreOffice, copy the payroll table to a new file, and save that \
             as .xlsx or .ods",
            declared.repeated_bytes / (1024 * 1024),
            MAX_REPEATED_BYTES / (1024 * 1024)
        ));
    }
    let allowed = allowed(declared.xml_bytes);
    if declared.cells > allowed {
        return Err(format!(
            "its repeated rows and cells would expand to {} cells ({} MB of repeated content) when opened, \
             more than payrun reads from a file of its size ({allowed} cells); a payroll sheet is far smaller, so this is \
             damaged or not a payroll — open it in LibreOffice, copy the payroll table to a new file, \
             and save that as .xlsx or .ods",
            declared.cells,
            declared.repeated_bytes / (1024 * 1024)
        ));
    }
    Ok(declared)
}

/// The cells a `content.xml` of `xml_bytes` may lay out.
fn allowed(xml_bytes: u64) -> u64 {
    CELLS_FLOOR.max(xml_bytes / 16).min(MAX_ODS_CELLS)
}

/// Streams the XML and adds up what calamine would lay out.
fn scan(reader: impl Read) -> Result<Declared, String> {
    let mut xml = Xml::new(reader, MAX_CONTENT_BYTES, "content.xml");
    let mut total = Declared::default();
    let mut table = Table::default();
    let mut row = Row::default();
    loop {
        let tag_start = xml.position();
        let Some(tag) = xml.next_tag()? else { break };
        match tag {
            Tag::Open { e, empty } => open(&e, empty, tag_start, &mut table, &mut row, &mut total),
            Tag::Close(name) => match name {
                b"table" => {
                    total.cells = total.cells.saturating_add(table.cells());
                    table = Table::default();
                }
                b"table-row" => table.end_row(row.repeats, row.width),
                b"table-cell" | b"covered-table-cell" => {
                    if let Some((start, repeats)) = row.open_cell.take()
                        && repeats > 1
                    {
                        let size = xml.position().saturating_sub(start);
                        add(&mut total.repeated_bytes, repeats.saturating_mul(size));
                    }
                }
                _ => {}
            },
            _ => {}
        }
        total.width = total.width.max(row.width);
        if total.width > MAX_CELLS_PER_ROW as u64
            || total.cells.saturating_add(table.cells()) > MAX_ODS_CELLS
            || total.repeated_bytes > MAX_REPEATED_BYTES
        {
            // Already over: no need to read the rest.
            break;
        }
    }
    total.cells = total.cells.saturating_add(table.cells());
    total.xml_bytes = xml.position();
    Ok(total)
}

/// A start tag (`empty` when it closes itself).
fn open(
    e: &BytesStart<'_>,
    empty: bool,
    tag_start: u64,
    table: &mut Table,
    row: &mut Row,
    total: &mut Declared,
) {
    match local(e.name().as_ref()) {
        b"table" => *table = Table::default(),
        b"table-row" => {
            *row = Row {
                repeats: repeat(e, b"number-rows-repeated"),
                ..Row::default()
            };
            if empty {
                table.end_row(row.repeats, 0);
            }
        }
        b"table-cell" | b"covered-table-cell" => {
            let repeats = repeat(e, b"number-columns-repeated");
            let valued = attr(e, b"value-type").is_some() || attr(e, b"formula").is_some();
            if empty && !valued {
                add(&mut row.pending_empty, repeats);
                return;
            }
            // A value, or content that calamine may read as one.
            row.width = row
                .width
                .saturating_add(std::mem::take(&mut row.pending_empty))
                .saturating_add(repeats);
            if empty {
                if repeats > 1 {
                    let len = e.len() as u64 + 3;
                    add(&mut total.repeated_bytes, repeats.saturating_mul(len));
                }
            } else {
                row.open_cell = Some((tag_start, repeats));
            }
        }
        b"s" => {
            // `text:s`: calamine writes `text:c` spaces, in every copy of the cell.
            let spaces = attr(e, b"c").map_or(1, |v| count(&v));
            let copies = row.open_cell.map_or(1, |(_, r)| r.max(1));
            add(&mut total.repeated_bytes, spaces.saturating_mul(copies));
        }
        _ => {}
    }
}

fn add(to: &mut u64, n: u64) {
    *to = to.saturating_add(n);
}

/// A repeat count as calamine reads it, at least 1.
fn repeat(e: &BytesStart<'_>, name: &[u8]) -> u64 {
    attr(e, name).map_or(1, |v| count(&v)).max(1)
}

/// calamine fails on a count it cannot parse; a huge one counts as huge.
fn count(v: &str) -> u64 {
    let t = v.trim();
    match t.parse::<u64>() {
        Ok(n) => n,
        Err(_) if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) => u64::MAX,
        Err(_) => 0,
    }
}

#[cfg(test)]
#[path = "ods_guard_tests.rs"]
mod tests;
