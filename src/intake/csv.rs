//! CSV intake: UTF-8 only (with or without a BOM), comma or semicolon,
//! streamed straight into the row arena while the bytes are hashed.
//!
//! payrun never guesses an encoding: a UTF-16 or Windows-1252 file gets an
//! error that says how to re-save it, because a mis-decoded name or digit in a
//! payout file is worse than no payout file.

use super::table::{CellKind, MAX_CELLS_PER_ROW, RowTable};
use super::{IntakeError, Problem, hex};
use sha2::{Digest, Sha256};
use std::io::{self, Read};

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

/// What the CSV reader found.
pub(super) struct CsvRead {
    pub table: RowTable,
    pub sha256: String,
    pub notes: Vec<String>,
}

/// Reads a whole CSV file into a [`RowTable`].
pub(super) fn read(path_display: &str, file: std::fs::File) -> Result<CsvRead, IntakeError> {
    let err = |p: Problem| p.at(path_display);
    let mut reader = HashingReader {
        inner: io::BufReader::with_capacity(256 * 1024, file),
        hasher: Sha256::new(),
        total: 0,
    };
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    (&mut reader)
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(|e| IntakeError::Io {
            path: path_display.to_string(),
            source: e,
        })?;
    let mut notes = Vec::new();
    sniff_encoding(&head).map_err(err)?;
    let mut body: &[u8] = &head;
    if let Some(rest) = head.strip_prefix(b"\xEF\xBB\xBF") {
        body = rest;
        notes.push("UTF-8 byte-order mark skipped".to_string());
    }
    let delimiter = sniff_delimiter(body);
    if delimiter == b';' {
        notes.push("semicolon-separated".to_string());
    }
    let head_offset = (head.len() - body.len()) as u64;
    let mut head = io::Cursor::new(head);
    head.set_position(head_offset);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .buffer_capacity(256 * 1024)
        .from_reader(head.chain(&mut reader));
    let mut table = RowTable::new();
    let mut record = csv::ByteRecord::new();
    loop {
        match rdr.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                return Err(err(Problem::Unreadable(format!(
                    "cannot read the CSV near line {line}: {e}"
                ))));
            }
        }
        let line = record.position().map_or(0, |p| p.line()) as usize;
        if record.len() > MAX_CELLS_PER_ROW {
            return Err(err(Problem::Unreadable(format!(
                "row {line} has {} cells, more than a spreadsheet can hold ({MAX_CELLS_PER_ROW}); this is not a payroll sheet",
                record.len()
            ))));
        }
        table.begin_row(line);
        for (i, field) in record.iter().enumerate() {
            match std::str::from_utf8(field) {
                Ok(text) => table.push_cell(text, CellKind::Text),
                Err(e) => {
                    let bad = field.get(e.valid_up_to()).copied().unwrap_or(0);
                    return Err(err(Problem::Encoding(format!(
                        "row {line}, column {}: byte 0x{bad:02X} is not UTF-8; the file looks like Windows-1252 (ANSI). \
                         payrun does not guess encodings: in Excel use Save As > \"CSV UTF-8 (Comma delimited)\", \
                         or export it as .xlsx",
                        i + 1
                    ))));
                }
            }
        }
        table.end_row();
    }
    drop(rdr);
    if reader.total == 0 {
        return Err(err(Problem::Empty));
    }
    table.shrink();
    let sha256 = hex(&reader.hasher.finalize());
    Ok(CsvRead {
        table,
        sha256,
        notes,
    })
}

/// Refuses what is not UTF-8 text, from the first bytes: UTF-16 (with or
/// without a BOM), workbooks and other binaries saved under a `.csv` name.
fn sniff_encoding(head: &[u8]) -> Result<(), Problem> {
    if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        return Err(Problem::Encoding(
            "the file is UTF-16 (Excel's \"Unicode Text\"); payrun reads CSV only as UTF-8. \
             In Excel use Save As > \"CSV UTF-8 (Comma delimited)\", or export it as .xlsx"
                .into(),
        ));
    }
    if head.starts_with(b"PK\x03\x04") {
        return Err(Problem::Unreadable(
            "this is a ZIP file (probably an Excel workbook) with a .csv name; rename it to .xlsx, \
             or export the sheet as CSV UTF-8"
                .into(),
        ));
    }
    if head.starts_with(b"\xD0\xCF\x11\xE0") {
        return Err(Problem::Unreadable(
            "this is an old Excel workbook (.xls) with a .csv name; rename it to .xls, \
             or export the sheet as CSV UTF-8"
                .into(),
        ));
    }
    if head.starts_with(b"%PDF") {
        return Err(Problem::Unreadable(
            "this is a PDF, not a CSV sheet; export the payroll as CSV or .xlsx".into(),
        ));
    }
    let nuls = head.iter().filter(|b| **b == 0).count();
    if nuls > 0 {
        let odd_nuls = head.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
        let even_nuls = head.iter().step_by(2).filter(|b| **b == 0).count();
        let half = head.len() / 2;
        if half > 0 && (odd_nuls * 10 >= half * 9 || even_nuls * 10 >= half * 9) {
            return Err(Problem::Encoding(
                "the file looks like UTF-16 text without a byte-order mark; payrun reads CSV only as UTF-8. \
                 In Excel use Save As > \"CSV UTF-8 (Comma delimited)\""
                    .into(),
            ));
        }
        return Err(Problem::Unreadable(
            "the file holds binary data (NUL bytes), not CSV text; check that this is the payroll export"
                .into(),
        ));
    }
    let controls = head
        .iter()
        .filter(|b| (**b < 0x20 && !matches!(**b, b'\t' | b'\n' | b'\r' | 0x0C)) || **b == 0x7F)
        .count();
    if controls > 8 && controls * 100 > head.len() {
        return Err(Problem::Unreadable(
            "the file holds binary data, not CSV text; check that this is the payroll export"
                .into(),
        ));
    }
    Ok(())
}

/// Comma or semicolon: whichever appears, outside quotes, on more of the
/// first lines. Semicolon files (European Excel) often also have commas inside
/// amounts, but not on every line.
fn sniff_delimiter(head: &[u8]) -> u8 {
    let mut lines_with = [0usize; 2];
    let mut totals = [0usize; 2];
    let mut in_quotes = false;
    let mut line_counts = [0usize; 2];
    let mut lines = 0;
    for &b in head {
        match b {
            b'"' => in_quotes = !in_quotes,
            b',' if !in_quotes => line_counts[0] += 1,
            b';' if !in_quotes => line_counts[1] += 1,
            b'\n' if !in_quotes => {
                for k in 0..2 {
                    lines_with[k] += usize::from(line_counts[k] > 0);
                    totals[k] += line_counts[k];
                }
                line_counts = [0, 0];
                lines += 1;
                if lines >= 50 {
                    break;
                }
            }
            _ => {}
        }
    }
    for k in 0..2 {
        lines_with[k] += usize::from(line_counts[k] > 0);
        totals[k] += line_counts[k];
    }
    if (lines_with[1], totals[1]) > (lines_with[0], totals[0]) {
        b';'
    } else {
        b','
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiter_sniffing() {
        assert_eq!(sniff_delimiter(b"a,b,c\n1,2,3\n"), b',');
        assert_eq!(sniff_delimiter(b"a;b;c\n1;\"1,000\";3\n4;5;6\n"), b';');
        assert_eq!(sniff_delimiter(b"a;b;c\n1;1,000;3\n4;5;6\n"), b';');
        assert_eq!(sniff_delimiter(b"\"x;y\",b\n1,2\n"), b',');
        assert_eq!(sniff_delimiter(b""), b',');
    }

    #[test]
    fn encoding_sniffing() {
        assert!(matches!(
            sniff_encoding(b"\xFF\xFEa\0"),
            Err(Problem::Encoding(_))
        ));
        assert!(matches!(
            sniff_encoding(b"a\0b\0c\0,\0d\0"),
            Err(Problem::Encoding(_))
        ));
        assert!(matches!(
            sniff_encoding(b"PK\x03\x04rest"),
            Err(Problem::Unreadable(_))
        ));
        assert!(sniff_encoding("name,wallet\nরহিম,০১৭\n".as_bytes()).is_ok());
    }
}
