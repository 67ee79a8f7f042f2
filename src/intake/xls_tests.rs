//! `.xls` preparation tests: compound files built with the `cfb` crate,
//! holding streams built record by record.

use super::super::biff::tests::{colinfo, dims, number, rec, row, sheet as biff_sheet, substream};
use super::*;
use calamine::Reader;

fn boundsheet(pos: u32, name: &str) -> Vec<u8> {
    let mut d = pos.to_le_bytes().to_vec();
    d.extend([0, 0, name.len() as u8, 0]);
    d.extend(name.as_bytes());
    rec(0x0085, &d)
}

/// A BIFF8 workbook stream: globals (with `extra` records) and one sheet.
pub(crate) fn stream(extra: &[Vec<u8>], sheet: &[Vec<u8>]) -> Vec<u8> {
    let globals = |pos: u32| substream(0x0005, extra.iter().chain([&boundsheet(pos, "Pay")]));
    let pos = globals(0).len() as u32;
    let mut s = globals(pos);
    s.extend(biff_sheet(sheet));
    s
}

pub(crate) fn compound(name: &str, stream: &[u8]) -> Vec<u8> {
    rebuild(name, stream).unwrap()
}

#[test]
fn a_workbook_is_rebuilt_for_calamine_and_its_hidden_rows_read() {
    let s = stream(
        &[],
        &[
            colinfo(1, 1, 0, 0),
            row(0, 300, 0x100),
            row(1, 300, 0x120),
            number(0, 0, 5.0),
            number(1, 0, 7.0),
            number(1, 1, 8.0),
        ],
    );
    let book = prepare(&compound("Workbook", &s)).unwrap();
    let mut wb: calamine::Xls<_> =
        calamine::open_workbook_from_rs(Cursor::new(book.clean.as_slice())).unwrap();
    let range = wb.worksheet_range("Pay").unwrap();
    assert_eq!(range.get_value((1, 1)), Some(&Data::Float(8.0)));
    let (h, _) = book.hidden(0, &range).unwrap();
    assert!(!h.is_row_hidden(1) && h.is_row_hidden(2) && h.is_column_hidden(1));
    // A range with a value in a row the records do not have: the readers disagree.
    let other = Range::from_sparse(vec![calamine::Cell::new((4, 0), Data::Float(1.0))]);
    assert!(book.hidden(0, &other).unwrap_err().contains("row 5"));
    assert!(book.hidden(3, &range).is_err());
    // BIFF5 keeps its stream name.
    assert!(prepare(&compound("Book", &s)).is_ok());
}

#[test]
fn a_stream_too_big_for_the_mini_stream_is_read_by_calamine_too() {
    // Found with an xlwt file: a version 4 compound file whose stream is
    // 4 KB or more has an empty mini stream, which calamine refuses.
    let rows: Vec<Vec<u8>> = (0..5000u16).map(|r| number(r, 0, f64::from(r))).collect();
    let s = stream(&[], &rows);
    assert!(s.len() > 64 * 1024);
    let book = prepare(&compound("Workbook", &s)).unwrap();
    let mut wb: calamine::Xls<_> =
        calamine::open_workbook_from_rs(Cursor::new(book.clean.as_slice())).unwrap();
    let range = wb.worksheet_range("Pay").unwrap();
    assert_eq!(range.get_value((4999, 0)), Some(&Data::Float(4999.0)));
}

#[test]
fn what_payrun_cannot_check_or_lay_out_is_refused() {
    let ok = [number(0, 0, 1.0)];
    // Encrypted.
    let e = prepare(&compound("Workbook", &stream(&[rec(0x002F, &[0, 0])], &ok))).unwrap_err();
    assert!(e.contains("password"), "{e}");
    // Older than BIFF5.
    let mut old = stream(&[], &ok);
    old[4] = 0x00;
    old[5] = 0x04;
    let e = prepare(&compound("Workbook", &old)).unwrap_err();
    assert!(e.contains("older than Excel 95"), "{e}");
    // Excel 95 itself: its number formats are not read right.
    old[5] = 0x05;
    let e = prepare(&compound("Book", &old)).unwrap_err();
    assert!(e.contains("Excel 95") && e.contains("Save As .xlsx"), "{e}");
    // A cell past the last column.
    let e = prepare(&compound(
        "Workbook",
        &stream(&[], &[number(0, 20_000, 1.0)]),
    ))
    .unwrap_err();
    assert!(e.contains("column") && e.contains("16384"), "{e}");
    // A sparse span, and DIMENSIONS that would reserve billions of cells.
    // Two cells spanning a whole BIFF8 sheet (16.7 million slots) in a few
    // hundred bytes: refused; spanning 2 million: read.
    let far = [number(0, 0, 1.0), number(65_535, 255, 1.0)];
    let e = prepare(&compound("Workbook", &stream(&[], &far))).unwrap_err();
    assert!(e.contains("16777216 cells"), "{e}");
    let near = [number(0, 0, 1.0), number(7_811, 255, 1.0)];
    assert!(prepare(&compound("Workbook", &stream(&[], &near))).is_ok());
    let e = prepare(&compound(
        "Workbook",
        &stream(&[], &[dims(0, 1_000_000_000, 0, 200)]),
    ))
    .unwrap_err();
    assert!(e.contains("more than payrun reads"), "{e}");
    // Not a compound file, or one holding no workbook.
    assert!(prepare(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 and then nothing").is_err());
    let e = prepare(&compound("WordDocument", &stream(&[], &ok))).unwrap_err();
    assert!(e.contains("no workbook"), "{e}");
}

#[test]
fn an_encrypted_xlsx_is_known_for_what_it_is() {
    let encrypted = compound("EncryptedPackage", b"not really encrypted");
    assert!(is_encrypted_ooxml(&encrypted));
    assert!(!is_encrypted_ooxml(&compound(
        "Workbook",
        &stream(&[], &[])
    )));
    assert!(!is_encrypted_ooxml(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 cut"));
}
