//! The CSV row-result file: UTF-8 with a BOM (so Excel reads Bengali names
//! right), and formula-looking cells neutralised.

use super::{EXTRA_COLUMNS, ReportError, issues_text, report_rows, write_atomic};
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
        let width = v.sheet.headers.len();
        let mut record: Vec<Cow<'_, str>> = Vec::with_capacity(width + EXTRA_COLUMNS.len());
        record.extend(v.sheet.headers.iter().map(|h| neutralise(h)));
        record.extend(EXTRA_COLUMNS.iter().map(|c| Cow::Borrowed(*c)));
        out.write_record(record.iter().map(|c| c.as_bytes()))?;
        for r in report_rows(v) {
            record.clear();
            for c in 0..width {
                record.push(neutralise(r.raw.text(c)));
            }
            record.push(Cow::Owned(r.raw.number().to_string()));
            record.push(Cow::Borrowed(r.status.as_str()));
            record.push(Cow::Borrowed(r.wallet.unwrap_or("")));
            record.push(Cow::Borrowed(
                r.provider.map_or("", |p| p.default_way_code()),
            ));
            record.push(Cow::Owned(
                r.amount.map(|a| a.poisha().to_string()).unwrap_or_default(),
            ));
            let issues = issues_text(r.issues);
            record.push(Cow::Owned(neutralise(&issues).into_owned()));
            out.write_record(record.iter().map(|c| c.as_bytes()))?;
        }
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
