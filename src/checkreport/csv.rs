//! The CSV row-result file: UTF-8 with a BOM (so Excel reads Bengali names
//! right), and formula-looking cells neutralised.

use super::atomic::AtomicFile;
use super::{EXTRA_COLUMNS, ReportRow, issues_text};
use crate::intake::Layout;
use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::Path;

/// Whether `s` is a plain number (`-500`, `+8801712345678`, `12.50`), which a
/// spreadsheet reads as a number, not a formula.
fn is_plain_number(s: &str) -> bool {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
        && !(body.contains('.') && frac.is_empty())
}

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a
/// leading tab or carriage return) gets a leading apostrophe, so a sheet
/// that once held `=HYPERLINK(...)` cannot run it when the report is opened.
pub fn neutralise(s: &str) -> Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_plain_number(s) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// A CSV report being written, row by row. Fields are written by hand:
/// most need no quoting, and this is the hot loop of a million-row report.
pub(super) struct CsvSink {
    out: AtomicFile,
    width: usize,
    num: String,
    /// The row being built, written with one call.
    line: Vec<u8>,
}

/// Writes one field, quoted only when it must be (RFC 4180).
fn field(out: &mut impl Write, s: &str, first: bool) -> io::Result<()> {
    if !first {
        out.write_all(b",")?;
    }
    let needs_quotes = s.bytes().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r'));
    if !needs_quotes {
        return out.write_all(s.as_bytes());
    }
    out.write_all(b"\"")?;
    for (i, part) in s.split('"').enumerate() {
        if i > 0 {
            out.write_all(b"\"\"")?;
        }
        out.write_all(part.as_bytes())?;
    }
    out.write_all(b"\"")
}

impl CsvSink {
    pub(super) fn open(path: &Path, layout: &Layout) -> io::Result<CsvSink> {
        let mut out = AtomicFile::create(path)?;
        out.write_all(b"\xEF\xBB\xBF")?;
        let headers = layout.headers.iter().map(|h| neutralise(h));
        let extra = EXTRA_COLUMNS.iter().map(|c| Cow::Borrowed(*c));
        for (i, h) in headers.chain(extra).enumerate() {
            field(&mut out, &h, i == 0)?;
        }
        out.write_all(b"\r\n")?;
        Ok(CsvSink {
            out,
            width: layout.headers.len(),
            num: String::new(),
            line: Vec::with_capacity(256),
        })
    }

    pub(super) fn write(&mut self, r: &ReportRow<'_>) -> io::Result<()> {
        let out = &mut self.line;
        out.clear();
        for c in 0..self.width {
            field(out, &neutralise(r.raw.text(c)), c == 0)?;
        }
        self.num.clear();
        let _ = write!(self.num, "{}", r.raw.number());
        field(out, &self.num, self.width == 0)?;
        field(out, r.status.as_str(), false)?;
        field(out, r.wallet.unwrap_or(""), false)?;
        field(out, r.provider.map_or("", |p| p.default_way_code()), false)?;
        self.num.clear();
        if let Some(a) = r.amount {
            let _ = write!(self.num, "{}", a.poisha());
        }
        field(out, &self.num, false)?;
        if r.issues.is_empty() {
            field(out, "", false)?;
        } else {
            field(out, &neutralise(&issues_text(r.issues)), false)?;
        }
        out.extend_from_slice(b"\r\n");
        self.out.write_all(out)
    }

    pub(super) fn commit(self) -> io::Result<()> {
        self.out.commit()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_only_when_needed_and_read_back() {
        let mut out = Vec::new();
        for (i, f) in ["plain", "a,b", "say \"hi\"", "two\nlines", "", "ৎ"]
            .iter()
            .enumerate()
        {
            field(&mut out, f, i == 0).unwrap();
        }
        out.extend(b"\r\n");
        let text = String::from_utf8(out.clone()).unwrap();
        assert!(text.starts_with("plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,ৎ"));
        let mut r = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(&out[..]);
        let rec = r.records().next().unwrap().unwrap();
        let got: Vec<&str> = rec.iter().collect();
        assert_eq!(got, ["plain", "a,b", "say \"hi\"", "two\nlines", "", "ৎ"]);
    }

    #[test]
    fn formulas_are_neutralised_numbers_are_not() {
        assert_eq!(neutralise("=1+1"), "'=1+1");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("+cmd"), "'+cmd");
        assert_eq!(neutralise("-2+3"), "'-2+3");
        assert_eq!(neutralise("\tx"), "'\tx");
        assert_eq!(neutralise("\rx"), "'\rx");
        assert_eq!(neutralise("-500"), "-500");
        assert_eq!(neutralise("+8801712345678"), "+8801712345678");
        assert_eq!(neutralise("-12.50"), "-12.50");
        assert_eq!(neutralise("-12."), "'-12.");
        assert_eq!(neutralise("Rahim"), "Rahim");
    }
}
