//! The CSV dialect of every report: UTF-8 with a byte-order mark (without
//! it Excel reads Bengali names as mojibake), CRLF line ends and RFC 4180
//! quoting by `csv::Writer`, text through the one neutralising rule, and
//! numbers written plain.

use crate::report::neutralise::{neutralise, number};
use crate::report::table::{Cell, TableWriter};
use std::io::Write;

/// Excel's cue that a CSV file is UTF-8.
pub(crate) const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A CSV table being written to `W`.
pub(crate) struct CsvTable<W: Write> {
    w: csv::Writer<W>,
    /// Reused for numbers, so a million-row report does not allocate per cell.
    num: String,
}

impl<W: Write> CsvTable<W> {
    /// Writes the byte-order mark and the header row.
    pub(crate) fn start<S: AsRef<str>>(mut out: W, headers: &[S]) -> csv::Result<CsvTable<W>> {
        out.write_all(BOM)?;
        let w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(out);
        let mut t = CsvTable {
            w,
            num: String::new(),
        };
        for h in headers {
            t.cell(&Cell::Text(h.as_ref().into()))?;
        }
        t.end_row()?;
        Ok(t)
    }

    /// Flushes and hands back the output.
    pub(crate) fn finish(self) -> std::io::Result<W> {
        self.w.into_inner().map_err(|e| e.into_error())
    }

    fn number(&mut self, n: impl std::fmt::Display) -> csv::Result<()> {
        use std::fmt::Write as _;
        self.num.clear();
        // Writing to a String cannot fail.
        let _ = write!(self.num, "{n}");
        self.w.write_field(self.num.as_bytes())
    }
}

impl<W: Write> TableWriter for CsvTable<W> {
    type Error = csv::Error;

    fn cell(&mut self, cell: &Cell<'_>) -> csv::Result<()> {
        match cell {
            Cell::Empty => self.w.write_field(b""),
            Cell::Text(s) | Cell::Long(s) | Cell::Marked(s, _) => {
                self.w.write_field(neutralise(s).as_bytes())
            }
            Cell::Int(n) => self.number(n),
            Cell::Taka(a) => self.w.write_field(a.to_plain_taka().as_bytes()),
            Cell::Poisha(a) => self.number(a.poisha()),
            Cell::Number(s) | Cell::MarkedNumber(s, _) => self.w.write_field(number(s).as_bytes()),
        }
    }

    fn end_row(&mut self) -> csv::Result<()> {
        self.w.write_record(None::<&[u8]>)
    }
}

/// A whole table rendered to bytes.
pub(crate) fn render<S, F>(headers: &[S], mut rows: F) -> csv::Result<Vec<u8>>
where
    S: AsRef<str>,
    F: FnMut(&mut CsvTable<Vec<u8>>) -> csv::Result<()>,
{
    let mut t = CsvTable::start(Vec::new(), headers)?;
    rows(&mut t)?;
    Ok(t.finish()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Amount;
    use crate::report::table::Mark;

    fn one_row(cells: &[Cell<'_>]) -> String {
        let headers = vec!["h"; cells.len()];
        let bytes = render(&headers, |t| t.row(cells)).expect("render");
        let text = String::from_utf8(bytes).expect("utf-8");
        let head = format!("\u{feff}{}\r\n", headers.join(","));
        let body = text.strip_prefix(&head);
        body.expect("a BOM and the header first").to_string()
    }

    /// The other side of the rule: numbers the report writes as numbers
    /// are never prefixed, negative ones included.
    #[test]
    fn numbers_the_report_writes_as_numbers_are_never_prefixed() {
        let row = one_row(&[
            Cell::Taka(Amount::from_poisha(-50_000)),
            Cell::Poisha(Amount::from_poisha(-1)),
            Cell::Int(7),
            Cell::Number("-500"),
            Cell::Number("-12.5"),
            Cell::MarkedNumber("-500", Mark::Error),
        ]);
        assert_eq!(row, "-500.00,-1,7,-500,-12.5,-500\r\n");
    }

    #[test]
    fn text_is_neutralised_and_quoted_by_the_csv_writer() {
        let row = one_row(&[
            Cell::Text("-500".into()),
            Cell::Text("=1+1".into()),
            Cell::Long("a,b".into()),
            Cell::Text("say \"hi\"".into()),
            Cell::Empty,
            Cell::Number("=1+1"),
        ]);
        assert_eq!(row, "'-500,'=1+1,\"a,b\",\"say \"\"hi\"\"\",,'=1+1\r\n");
    }

    #[test]
    fn fields_are_quoted_only_when_needed_and_read_back() {
        let fields = ["plain", "a,b", "say \"hi\"", "two\nlines", "", "ৎ"];
        let cells: Vec<Cell<'_>> = fields.iter().map(|f| Cell::Text((*f).into())).collect();
        let row = one_row(&cells);
        assert_eq!(
            row,
            "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,ৎ\r\n"
        );
        let mut r = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(row.as_bytes());
        let rec = r.records().next().expect("a record").expect("csv");
        let got: Vec<&str> = rec.iter().collect();
        assert_eq!(got, fields);
    }
}
