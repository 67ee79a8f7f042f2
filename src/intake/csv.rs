//! CSV intake: UTF-8 (with or without a BOM), comma, semicolon or tab,
//! streamed straight into the row arena while the bytes are hashed.
//!
//! payrun never guesses an encoding: a UTF-16 (Excel's "Unicode Text") or a
//! Windows-1252 file gets an error that says why and how to re-save it,
//! because a mis-decoded name or digit in a payout file is worse than no
//! payout file.

use super::chunker::Chunker;
use super::table::{CellKind, MAX_CELLS_PER_ROW};
use super::{IntakeError, Note, Problem, hex};
use sha2::{Digest, Sha256};
use std::io::{self, Read};

// What the file's first bytes say: its encoding and its delimiter.
#[path = "csv_head.rs"]
mod head;
use head::{sniff_delimiter, sniff_encoding};

/// How much of the file is sniffed for encoding and delimiter.
const SNIFF_BYTES: usize = 64 * 1024;

/// A reader that hashes every byte it hands on, so the digest is of exactly
/// the bytes that were parsed.
struct HashingReader<R> {
    inner: R,
    hasher: Sha256,
    total: u64,
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Some(chunk) = buf.get(..n) {
            self.hasher.update(chunk);
        }
        self.total += n as u64;
        Ok(n)
    }
}

/// Tracks where lines end, so each record gets the line number a text editor
/// shows. (The csv crate's own line counter skips blank lines.) Only the
/// newlines not yet passed are kept: a buffer's worth, not the whole file.
struct LineTracker<R> {
    inner: R,
    offset: u64,
    last_was_cr: bool,
    /// (offset of a `\n` or of a lone `\r`, whether a `\r` came right before it)
    pending: std::collections::VecDeque<(u64, bool)>,
    lines_passed: usize,
}

impl<R: Read> Read for LineTracker<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let chunk = buf.get(..n).unwrap_or(&[]);
        // A lone `\r` ends a line too (old Mac line ends, "CSV (Macintosh)"
        // from Excel), for an editor and for the csv parser alike. One at the
        // very end of the last read waits until the next byte is known.
        if self.last_was_cr && chunk.first() != Some(&b'\n') {
            self.pending.push_back((self.offset - 1, false));
        }
        let mut from = 0;
        while let Some(p) = chunk
            .get(from..)
            .and_then(|rest| rest.iter().position(|&b| b == b'\n' || b == b'\r'))
        {
            let i = from + p;
            if chunk.get(i) == Some(&b'\n') {
                let cr = match i.checked_sub(1) {
                    None => self.last_was_cr,
                    Some(j) => chunk.get(j) == Some(&b'\r'),
                };
                self.pending.push_back((self.offset + i as u64, cr));
            } else if i + 1 < n && chunk.get(i + 1) != Some(&b'\n') {
                self.pending.push_back((self.offset + i as u64, false));
            }
            from = i + 1;
        }
        self.last_was_cr = chunk.last() == Some(&b'\r');
        self.offset += n as u64;
        Ok(n)
    }
}

impl<R> LineTracker<R> {
    /// The 1-based line of a record whose scan began at byte `start`
    /// (just after the previous record), skipping the blank lines the csv
    /// parser skips.
    fn line_of(&mut self, start: u64) -> usize {
        let mut start = start;
        while let Some(&(nl, _)) = self.pending.front() {
            if nl >= start {
                break;
            }
            self.pending.pop_front();
            self.lines_passed += 1;
        }
        while let Some(&(nl, cr)) = self.pending.front() {
            let blank = nl == start || (cr && nl == start + 1);
            if !blank {
                break;
            }
            self.pending.pop_front();
            self.lines_passed += 1;
            start = nl + 1;
        }
        self.lines_passed + 1
    }
}

/// What the CSV reader found.
pub(super) struct CsvRead {
    pub sha256: String,
    pub notes: Vec<Note>,
}

/// Reads a whole CSV file into a [`RowTable`].
pub(super) fn read(
    path_display: &str,
    file: std::fs::File,
    sink: &mut Chunker<'_, '_>,
) -> Result<CsvRead, IntakeError> {
    let err = |p: Problem| p.at(path_display);
    let io_err = |cause| IntakeError::Io {
        path: path_display.to_string(),
        cause,
    };
    let mut reader = HashingReader {
        inner: io::BufReader::with_capacity(256 * 1024, file),
        hasher: Sha256::new(),
        total: 0,
    };
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    (&mut reader)
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(io_err)?;
    let mut notes = Vec::new();
    sniff_encoding(&head).map_err(err)?;
    let mut skip = 0;
    if head.starts_with(b"\xEF\xBB\xBF") {
        skip = 3;
        notes.push(Note::info("UTF-8 byte-order mark skipped"));
    }
    let mut head = io::Cursor::new(head);
    head.set_position(skip);
    let rest = head.chain(&mut reader);
    parse(path_display, rest, &mut notes, sink)?;
    if reader.total == 0 {
        return Err(err(Problem::Empty));
    }
    let sha256 = hex(&reader.hasher.finalize());
    Ok(CsvRead { sha256, notes })
}

/// Text whose last byte is dropped when it is the DOS end-of-file mark
/// (0x1A, Ctrl-Z), which some old exporters write after the last line:
/// it says where the file ends, and read as a cell it made a row of its
/// own. Anywhere else it is kept, and read as what it is.
struct DosEof<R> {
    inner: R,
    /// The byte read last, held until the next shows it is not the end.
    held: Option<u8>,
}

/// The DOS end-of-file mark.
const DOS_EOF: u8 = 0x1A;

impl<R: Read> DosEof<R> {
    fn next_byte(&mut self) -> io::Result<Option<u8>> {
        let mut one = [0u8; 1];
        loop {
            match self.inner.read(&mut one) {
                Ok(0) => return Ok(None),
                Ok(_) => return Ok(Some(one[0])),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }
}

impl<R: Read> Read for DosEof<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let held = match self.held.take() {
            Some(b) => b,
            None => match self.next_byte()? {
                Some(b) => b,
                None => return Ok(0),
            },
        };
        let Some((first, rest)) = buf.split_first_mut() else {
            self.held = Some(held);
            return Ok(0);
        };
        *first = held;
        let n = match rest.is_empty() {
            true => 0,
            false => self.inner.read(rest)?,
        };
        if n == 0 {
            // Nothing more in this read: the held byte is the last only if
            // the text ends here.
            return match self.next_byte()? {
                Some(b) => {
                    self.held = Some(b);
                    Ok(1)
                }
                None => Ok(usize::from(held != DOS_EOF)),
            };
        }
        self.held = rest.get(n - 1).copied();
        Ok(n)
    }
}

/// Parses UTF-8 text into rows: the delimiter sniffed from its start, each
/// record numbered by its line.
fn parse(
    path_display: &str,
    text: impl Read,
    notes: &mut Vec<Note>,
    sink: &mut Chunker<'_, '_>,
) -> Result<(), IntakeError> {
    let mut text = DosEof {
        inner: text,
        held: None,
    };
    let err = |p: Problem| p.at(path_display);
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    (&mut text)
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(|e| err(Problem::Encoding(e.to_string())))?;
    let delimiter = sniff_delimiter(&head);
    match delimiter {
        b';' => notes.push(Note::info("semicolon-separated")),
        b'\t' => notes.push(Note::info("tab-separated")),
        _ => {}
    }
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .buffer_capacity(256 * 1024)
        .from_reader(LineTracker {
            inner: io::Cursor::new(head).chain(text),
            offset: 0,
            last_was_cr: false,
            pending: std::collections::VecDeque::new(),
            lines_passed: 0,
        });
    let mut record = csv::ByteRecord::new();
    // The widest record so far (the header's width, once past it): a
    // swallowed row holds as many delimiters as a row does.
    let mut widest: usize = 0;
    loop {
        match rdr.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = rdr.get_mut().line_of(e.position().map_or(0, |p| p.byte()));
                return Err(err(Problem::Unreadable(format!(
                    "cannot read the CSV near line {line}: {e}"
                ))));
            }
        }
        let start = record.position().map_or(0, |p| p.byte());
        let line = rdr.get_mut().line_of(start);
        let row_delims = widest.saturating_sub(1).clamp(1, 2);
        push_record(&record, line, (delimiter, row_delims), sink).map_err(err)?;
        widest = widest.max(record.len());
        sink.row_done()?;
    }
    Ok(())
}

/// Puts one record's cells into the sink's open row.
fn push_record(
    record: &csv::ByteRecord,
    line: usize,
    delimiter: (u8, usize),
    sink: &mut Chunker<'_, '_>,
) -> Result<(), Problem> {
    if record.len() > MAX_CELLS_PER_ROW {
        return Err(Problem::Unreadable(format!(
            "row {line} has {} cells, more than a spreadsheet can hold ({MAX_CELLS_PER_ROW}); this is not a payroll sheet",
            record.len()
        )));
    }
    let table = sink.table();
    table.begin_row(line);
    for (i, field) in record.iter().enumerate() {
        match std::str::from_utf8(field) {
            Ok(text) => {
                super::swallowed::swallowed_rows(text, line, i, delimiter)?;
                table.push_cell(text, CellKind::Text);
            }
            Err(e) => {
                let bad = field.get(e.valid_up_to()).copied().unwrap_or(0);
                return Err(Problem::Encoding(format!(
                    "row {line}, column {}: byte 0x{bad:02X} is not UTF-8; the file looks like Windows-1252 (ANSI), \
                     and a byte like that means a different letter in each Windows code page, so payrun does not guess: \
                     in Excel use Save As > \"CSV UTF-8 (Comma delimited)\", or export it as .xlsx",
                    i + 1
                )));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
#[path = "csv_tests.rs"]
mod tests;
