//! The CSV row-result file: UTF-8 with a BOM (so Excel reads Bengali names
//! right), and formula-looking cells neutralised.

use super::{EXTRA_COLUMNS, ReportError, for_each_row, issues_text, write_atomic};
use crate::validate::Validated;
use std::borrow::Cow;
use std::io::Write;
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

pub(super) fn write(v: &Validated, path: &Path) -> Result<(), ReportError> {
    write_atomic(path, |w| {
        w.write_all(b"\xEF\xBB\xBF")?;
        let mut out = csv::WriterBuilder::new().flexible(true).from_writer(w);
        let width = v.sheet.layout.headers.len();
        let header: Vec<Cow<'_, str>> = v
            .sheet
            .layout
            .headers
            .iter()
            .map(|h| neutralise(h))
            .chain(EXTRA_COLUMNS.iter().map(|c| Cow::Borrowed(*c)))
            .collect();
        out.write_record(header.iter().map(|c| c.as_bytes()))?;
        let mut num = String::new();
        for_each_row(v, |r| {
            use std::fmt::Write as _;
            for c in 0..width {
                out.write_field(neutralise(r.raw.text(c)).as_bytes())?;
            }
            num.clear();
            let _ = write!(num, "{}", r.raw.number());
            out.write_field(&num)?;
            out.write_field(r.status.as_str())?;
            out.write_field(r.wallet.unwrap_or(""))?;
            out.write_field(r.provider.map_or("", |p| p.default_way_code()))?;
            num.clear();
            if let Some(a) = r.amount {
                let _ = write!(num, "{}", a.poisha());
            }
            out.write_field(&num)?;
            if r.issues.is_empty() {
                out.write_field("")?;
            } else {
                out.write_field(neutralise(&issues_text(r.issues)).as_bytes())?;
            }
            // An empty record ends the row the fields above began.
            out.write_record(None::<&[u8]>)?;
            Ok(())
        })?;
        out.flush()?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
