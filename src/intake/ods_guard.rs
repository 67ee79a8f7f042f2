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
//! A file that would lay out more cells than [`MAX_ODS_CELLS`], or copy more
//! bytes of repeated cell content than [`MAX_REPEATED_BYTES`], is refused
//! before calamine sees it. LibreOffice's own filler (a last row repeated to
//! the bottom of the sheet, cells repeated to the last column, all empty) is
//! never copied by calamine, so it never counts.

use std::io::{BufRead, BufReader, Read};

/// The most cells all sheets of an `.ods` may lay out: the same bound as the
/// span check for `.xlsx` (about 640 MB of cells). A payroll is far smaller.
pub(super) const MAX_ODS_CELLS: u64 = 20_000_000;

/// The most bytes of cell content that repeats may copy (a long string or
/// formula repeated across a row is copied whole each time).
pub(super) const MAX_REPEATED_BYTES: u64 = 256 * 1024 * 1024;

/// The most `content.xml` payrun reads. 1 GiB of XML is not a payroll.
const MAX_CONTENT_BYTES: u64 = 1024 * 1024 * 1024;

/// How much of one tag is kept to read its attributes. Longer tags (a huge
/// formula) are still measured, just not kept.
pub(super) const MAX_TAG_BYTES: usize = 64 * 1024;

/// What the scan found that calamine would lay out.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(super) struct Declared {
    pub cells: u64,
    pub repeated_bytes: u64,
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
    let declared = scan(content.take(MAX_CONTENT_BYTES + 1)).map_err(|e| {
        format!("cannot read the sheet data (content.xml: {e}); the file may be damaged — open it and save it again")
    })?;
    if declared.cells > MAX_ODS_CELLS || declared.repeated_bytes > MAX_REPEATED_BYTES {
        return Err(format!(
            "its repeated rows and cells would expand to {} cells ({} MB of repeated content) when opened, \
             more than payrun reads ({MAX_ODS_CELLS} cells); a payroll sheet is far smaller, so this is \
             damaged or not a payroll — open it in LibreOffice, copy the payroll table to a new file, \
             and save that as .xlsx or .ods",
            declared.cells,
            declared.repeated_bytes / (1024 * 1024)
        ));
    }
    Ok(declared)
}

/// Streams the XML and adds up what calamine would lay out.
fn scan(reader: impl Read) -> Result<Declared, String> {
    let mut r = BufReader::with_capacity(64 * 1024, reader);
    let mut total = Declared::default();
    let mut table = Table::default();
    let mut tag = Vec::with_capacity(1024);
    let mut offset: u64 = 0;
    // Row state.
    let mut row_repeats: u64 = 1;
    let mut row_width: u64 = 0;
    let mut pending_empty: u64 = 0;
    // An open (not self-closing) cell: its start offset and repeats.
    let mut open_cell: Option<(u64, u64)> = None;
    loop {
        // Skip text up to the next tag.
        let skipped = skip_until(&mut r, b'<').map_err(|e| e.to_string())?;
        offset += skipped;
        if offset > MAX_CONTENT_BYTES {
            return Err("more than 1 GiB of XML".into());
        }
        let Some(len) = read_tag(&mut r, &mut tag).map_err(|e| e.to_string())? else {
            break;
        };
        let tag_start = offset;
        offset += len;
        let name = tag_name(&tag);
        let self_closing = tag.ends_with(b"/");
        match name {
            b"table:table" => table = Table::default(),
            b"/table:table" => {
                total.cells = total.cells.saturating_add(table.cells());
                table = Table::default();
            }
            b"table:table-row" => {
                row_repeats = attr_u64(&tag, b"table:number-rows-repeated").unwrap_or(1);
                row_width = 0;
                pending_empty = 0;
                if self_closing {
                    end_row(&mut table, row_repeats, 0);
                }
            }
            b"/table:table-row" => end_row(&mut table, row_repeats, row_width),
            b"table:table-cell" | b"table:covered-table-cell" => {
                let repeats = attr_u64(&tag, b"table:number-columns-repeated").unwrap_or(1);
                let valued =
                    has_attr(&tag, b"office:value-type") || has_attr(&tag, b"table:formula");
                if self_closing {
                    if valued {
                        row_width = row_width
                            .saturating_add(pending_empty)
                            .saturating_add(repeats);
                        pending_empty = 0;
                        if repeats > 1 {
                            total.repeated_bytes = total
                                .repeated_bytes
                                .saturating_add(repeats.saturating_mul(len));
                        }
                    } else {
                        pending_empty = pending_empty.saturating_add(repeats);
                    }
                } else {
                    // Content follows: count it as a value (calamine may find
                    // text in it), and measure it at the end tag.
                    row_width = row_width
                        .saturating_add(pending_empty)
                        .saturating_add(repeats);
                    pending_empty = 0;
                    open_cell = Some((tag_start, repeats));
                }
            }
            b"/table:table-cell" | b"/table:covered-table-cell" => {
                if let Some((start, repeats)) = open_cell.take()
                    && repeats > 1
                {
                    let size = offset - start;
                    total.repeated_bytes = total
                        .repeated_bytes
                        .saturating_add(repeats.saturating_mul(size));
                }
            }
            _ => {}
        }
        if total.cells.saturating_add(table.cells()) > MAX_ODS_CELLS
            || total.repeated_bytes > MAX_REPEATED_BYTES
        {
            // Already over: no need to read the rest.
            total.cells = total.cells.saturating_add(table.cells());
            return Ok(total);
        }
    }
    total.cells = total.cells.saturating_add(table.cells());
    Ok(total)
}

fn end_row(table: &mut Table, repeats: u64, width: u64) {
    if width > 0 {
        table.seen_nonempty = true;
        table.width = table.width.max(width);
    }
    if table.seen_nonempty {
        table.running_rows = table.running_rows.saturating_add(repeats);
        if width > 0 {
            table.span_rows = table.running_rows;
        }
    }
}

/// Skips bytes up to and including `stop`; returns how many were skipped.
pub(super) fn skip_until(r: &mut impl BufRead, stop: u8) -> std::io::Result<u64> {
    let mut n = 0u64;
    loop {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            return Ok(n);
        }
        match buf.iter().position(|b| *b == stop) {
            Some(i) => {
                r.consume(i + 1);
                return Ok(n + i as u64 + 1);
            }
            None => {
                let len = buf.len();
                r.consume(len);
                n += len as u64;
            }
        }
    }
}

/// Reads one tag's inside (after `<`, up to `>`) into `tag`, keeping at most
/// [`MAX_TAG_BYTES`]; returns its full length including `>`, or `None` at
/// the end of the input.
pub(super) fn read_tag(r: &mut impl BufRead, tag: &mut Vec<u8>) -> std::io::Result<Option<u64>> {
    tag.clear();
    let mut n = 0u64;
    loop {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            return Ok(if n == 0 { None } else { Some(n) });
        }
        let (take, done) = match buf.iter().position(|b| *b == b'>') {
            Some(i) => (i, true),
            None => (buf.len(), false),
        };
        let room = MAX_TAG_BYTES.saturating_sub(tag.len());
        tag.extend_from_slice(buf.get(..take.min(room)).unwrap_or(&[]));
        let used = if done { take + 1 } else { take };
        r.consume(used);
        n += used as u64;
        if done {
            while tag.last().is_some_and(u8::is_ascii_whitespace) {
                tag.pop();
            }
            return Ok(Some(n));
        }
    }
}

/// The element name, with a leading `/` for an end tag.
pub(super) fn tag_name(tag: &[u8]) -> &[u8] {
    let end = tag
        .iter()
        .enumerate()
        .position(|(i, b)| b.is_ascii_whitespace() || (*b == b'/' && i > 0))
        .unwrap_or(tag.len());
    tag.get(..end).unwrap_or(tag)
}

/// Whether `name=` appears as an attribute.
fn has_attr(tag: &[u8], name: &[u8]) -> bool {
    attr_value(tag, name).is_some()
}

fn attr_u64(tag: &[u8], name: &[u8]) -> Option<u64> {
    let v = attr_value(tag, name)?;
    let s = std::str::from_utf8(v).ok()?;
    // calamine fails on a value it cannot parse; a huge one counts as huge.
    match s.trim().parse::<u64>() {
        Ok(n) => Some(n),
        Err(_) if !s.is_empty() && s.trim().bytes().all(|b| b.is_ascii_digit()) => Some(u64::MAX),
        Err(_) => None,
    }
}

/// The value of attribute `name` (`name="v"` or `name='v'`), preceded by
/// whitespace so that `x:name` does not match `name`.
pub(super) fn attr_value<'a>(tag: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    let mut from = 0;
    while let Some(p) = tag
        .get(from..)
        .and_then(|rest| rest.windows(name.len()).position(|w| w == name))
    {
        let at = from + p;
        from = at + 1;
        let before_ok = at
            .checked_sub(1)
            .and_then(|i| tag.get(i))
            .is_some_and(u8::is_ascii_whitespace);
        let rest = tag.get(at + name.len()..)?;
        let rest = trim_start(rest);
        let Some(rest) = rest.strip_prefix(b"=") else {
            continue;
        };
        if !before_ok {
            continue;
        }
        let rest = trim_start(rest);
        let quote = *rest.first()?;
        if quote != b'"' && quote != b'\'' {
            continue;
        }
        let body = rest.get(1..)?;
        let end = body.iter().position(|b| *b == quote)?;
        return body.get(..end);
    }
    None
}

pub(super) fn trim_start(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|b| b.is_ascii_whitespace()).count();
    s.get(n..).unwrap_or(&[])
}

#[cfg(test)]
#[path = "ods_guard_tests.rs"]
mod tests;
