//! CSV reader tests: line numbers, delimiters, encodings.

use super::*;

fn lines(data: &[u8]) -> Vec<(usize, String)> {
    let file = {
        let mut f = tempfile::tempfile().unwrap();
        std::io::Write::write_all(&mut f, data).unwrap();
        std::io::Seek::rewind(&mut f).unwrap();
        f
    };
    let mut table = super::super::RowTable::new();
    let mut keep = |_: &super::super::Layout, chunk: super::super::RowTable| table.append(&chunk);
    // Header names no data line repeats (a repeated header is skipped).
    let opts = super::super::ReadOptions {
        maps: vec![
            "wallet=ha".parse().unwrap(),
            "amount=hb".parse().unwrap(),
            "provider=hb".parse().unwrap(),
        ],
        ..Default::default()
    };
    let mut sink = Chunker::new("t.csv", &opts, 2, &mut keep);
    sink.table().begin_row(0);
    for h in ["ha", "hb"] {
        sink.table().push_cell(h, CellKind::Text);
    }
    sink.row_done().unwrap();
    read("t.csv", file, &mut sink).unwrap();
    sink.finish().unwrap();
    table
        .iter()
        .map(|row| (row.number(), row.text(0).to_string()))
        .collect()
}

#[test]
fn line_numbers_match_a_text_editor() {
    let got = lines(b"a,b\n\n\nc,d\r\n\"x\ny\",z\n\n,\nq,1\r\n\r\ne,f");
    let want: Vec<(usize, String)> = [(1, "a"), (4, "c"), (5, "x\ny"), (9, "q"), (11, "e")]
        .iter()
        .map(|(n, s)| (*n, s.to_string()))
        .collect();
    assert_eq!(got, want, "line 8 (a row of empty cells) is skipped");
    let got = lines(b"\xEF\xBB\xBF\n\nname,x\n1,2\n");
    assert_eq!(got[0], (3, "name".to_string()));
    assert_eq!(got[1].0, 4);
}

#[test]
fn line_ends_are_found_across_read_boundaries() {
    // Found by the csv_intake fuzz target: a lone `\r` ends a record for
    // the csv parser, so it must end a line here too, or two records
    // share a row number and the report joins one row's results to
    // another's (tests/fuzz_regressions/intake.rs has the whole story).
    /// Hands out one byte per read, so every `\r` sits at a boundary.
    struct OneByte<'a>(&'a [u8]);
    impl Read for OneByte<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let (Some(&b), Some(slot)) = (self.0.first(), buf.first_mut()) else {
                return Ok(0);
            };
            *slot = b;
            self.0 = &self.0[1..];
            Ok(1)
        }
    }
    let data = b"a\rb\r\nc\n\rd\r";
    let mut t = LineTracker {
        inner: OneByte(data),
        offset: 0,
        last_was_cr: false,
        pending: std::collections::VecDeque::new(),
        lines_passed: 0,
    };
    let mut sink = Vec::new();
    t.read_to_end(&mut sink).unwrap();
    let ends: Vec<(u64, bool)> = t.pending.into_iter().collect();
    assert_eq!(
        ends,
        [(1, false), (4, true), (6, false), (7, false), (9, false)]
    );
}

#[test]
fn delimiter_sniffing() {
    assert_eq!(sniff_delimiter(b"a,b,c\n1,2,3\n"), b',');
    assert_eq!(sniff_delimiter(b"a;b;c\n1;\"1,000\";3\n4;5;6\n"), b';');
    assert_eq!(sniff_delimiter(b"a;b;c\n1;1,000;3\n4;5;6\n"), b';');
    assert_eq!(sniff_delimiter(b"\"x;y\",b\n1,2\n"), b',');
    assert_eq!(sniff_delimiter(b""), b',');
    assert_eq!(sniff_delimiter(b"a\tb\tc\r\n1\t\"1,000\"\t3\r\n"), b'\t');
    assert_eq!(sniff_delimiter(b"a\tb,c\n1\t2,3\n"), b',');
}

#[test]
fn encoding_sniffing() {
    assert!(matches!(
        sniff_encoding(b"\xFF\xFEa\0"),
        Err(Problem::Encoding(m)) if m.contains("UTF-16") && m.contains("little-endian")
    ));
    assert!(matches!(
        sniff_encoding(b"\xFE\xFF\0a"),
        Err(Problem::Encoding(m)) if m.contains("UTF-16") && m.contains("big-endian")
    ));
    assert!(matches!(
        sniff_encoding(b"\xFF\xFE\0\0a\0\0\0"),
        Err(Problem::Encoding(_))
    ));
    assert!(matches!(
        sniff_encoding(b"<html><body><table><tr><td>Wallet</td></tr>"),
        Err(Problem::Unreadable(m)) if m.contains("web page")
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
