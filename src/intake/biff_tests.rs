//! BIFF record reader tests, with streams built record by record.

use super::*;

pub(crate) fn rec(typ: u16, data: &[u8]) -> Vec<u8> {
    let mut v = typ.to_le_bytes().to_vec();
    v.extend((data.len() as u16).to_le_bytes());
    v.extend(data);
    v
}

pub(crate) fn bof(dt: u16) -> Vec<u8> {
    let mut d = vec![0x00, 0x06];
    d.extend(dt.to_le_bytes());
    d.extend([0u8; 12]);
    rec(0x0809, &d)
}

pub(crate) fn eof() -> Vec<u8> {
    rec(0x000A, &[])
}

pub(crate) fn row(r: u16, height: u16, flags: u32) -> Vec<u8> {
    let mut d = r.to_le_bytes().to_vec();
    d.extend([0, 0, 3, 0]);
    d.extend(height.to_le_bytes());
    d.extend([0u8; 4]);
    d.extend(flags.to_le_bytes());
    rec(0x0208, &d)
}

pub(crate) fn number(r: u16, c: u16, v: f64) -> Vec<u8> {
    let mut d = r.to_le_bytes().to_vec();
    d.extend(c.to_le_bytes());
    d.extend([0x0F, 0x00]);
    d.extend(v.to_le_bytes());
    rec(0x0203, &d)
}

pub(crate) fn colinfo(first: u16, last: u16, width: u16, options: u16) -> Vec<u8> {
    let mut d = first.to_le_bytes().to_vec();
    d.extend(last.to_le_bytes());
    d.extend(width.to_le_bytes());
    d.extend([0x0F, 0x00]);
    d.extend(options.to_le_bytes());
    d.extend([0, 0]);
    rec(0x007D, &d)
}

pub(crate) fn dims(first_row: u32, last_row: u32, first_col: u16, last_col: u16) -> Vec<u8> {
    let mut d = first_row.to_le_bytes().to_vec();
    d.extend(last_row.to_le_bytes());
    d.extend(first_col.to_le_bytes());
    d.extend(last_col.to_le_bytes());
    d.extend([0, 0]);
    rec(0x0200, &d)
}

/// A substream of type `dt` (BOF's dt: 0x0005 globals, 0x0010 a sheet):
/// its records between BOF and EOF.
pub(crate) fn substream<'a>(dt: u16, records: impl IntoIterator<Item = &'a Vec<u8>>) -> Vec<u8> {
    let mut s = bof(dt);
    for r in records {
        s.extend(r);
    }
    s.extend(eof());
    s
}

pub(crate) fn sheet(records: &[Vec<u8>]) -> Vec<u8> {
    substream(0x0010, records)
}

#[test]
fn hidden_rows_zero_heights_and_hidden_columns_are_found() {
    let s = sheet(&[
        colinfo(0, 0, 2000, 0),
        colinfo(1, 2, 2000, 0x0001),
        colinfo(4, 4, 0, 0),
        row(0, 300, 0x0100),
        row(2, 300, 0x0120),
        row(3, 0, 0x0100),
        // fCollapsed marks a summary row, which stays visible; the row above
        // it is at level 0, so nothing else is hidden.
        row(4, 300, 0x0110),
        number(0, 0, 1.0),
        number(2, 0, 1.0),
    ]);
    let scan = scan_sheet(&s, 0).unwrap();
    let h = scan.hidden;
    assert!(!h.is_row_hidden(1) && h.is_row_hidden(3) && h.is_row_hidden(4));
    assert!(!h.is_row_hidden(5) && !h.is_row_hidden(2));
    assert!(!h.is_column_hidden(0) && h.is_column_hidden(1) && h.is_column_hidden(2));
    assert!(!h.is_column_hidden(3) && h.is_column_hidden(4));
    assert!(scan.reach.has_row(0) && scan.reach.has_row(2) && !scan.reach.has_row(1));
    assert_eq!(scan.reach.bounds, Some((0, 2, 0, 0)));
}

#[test]
fn a_zero_default_row_height_hides_rows_without_their_own_record() {
    let s = sheet(&[
        rec(0x0225, &[0x02, 0x00, 0x2C, 0x01]),
        row(0, 300, 0x0140),
        number(0, 0, 1.0),
        number(1, 0, 1.0),
        number(5, 3, 1.0),
    ]);
    let scan = scan_sheet(&s, 0).unwrap();
    assert!(!scan.hidden.is_row_hidden(1));
    assert!(scan.hidden.is_row_hidden(2) && scan.hidden.is_row_hidden(6));
    assert_eq!(scan.reach.bounds, Some((0, 5, 0, 3)));
    assert_eq!(scan.reach.span(), 24);
}

#[test]
fn damaged_streams_are_errors_never_panics() {
    // A record longer than the stream, and one cut in its header.
    let mut s = bof(0x0010);
    s.extend([0x03, 0x02, 0xFF, 0x00, 1, 2]);
    assert!(scan_sheet(&s, 0).is_err());
    assert!(scan_sheet(&[0x09, 0x08, 0x10], 0).is_err());
    assert!(scan_sheet(&sheet(&[]), 10_000).is_err());
    // DIMENSIONS that run backwards would wrap calamine's subtraction.
    assert!(scan_sheet(&sheet(&[dims(10, 5, 0, 3)]), 0).is_err());
    assert!(scan_sheet(&sheet(&[dims(0, 10, 5, 5)]), 0).is_err());
    let reach = scan_sheet(&sheet(&[dims(0, 1_000_000_000, 0, 200)]), 0)
        .unwrap()
        .reach;
    assert_eq!(reach.reserved, 200_000_000_000);
    // Short records are skipped as calamine skips or refuses them.
    for typ in [0x0203, 0x0208, 0x007D, 0x00BD, 0x0225, 0x0200] {
        assert!(scan_sheet(&sheet(&[rec(typ, &[1])]), 0).is_ok(), "{typ:#x}");
    }
    // Records after EOF are not read, as calamine stops there.
    let mut s = sheet(&[number(0, 0, 1.0)]);
    s.extend(number(9, 9, 1.0));
    assert_eq!(scan_sheet(&s, 0).unwrap().reach.bounds, Some((0, 0, 0, 0)));
}

#[test]
fn mulrk_reaches_its_last_column() {
    let mut d = 7u16.to_le_bytes().to_vec();
    d.extend(2u16.to_le_bytes());
    d.extend([0u8; 18]);
    d.extend(4u16.to_le_bytes());
    let scan = scan_sheet(&sheet(&[rec(0x00BD, &d)]), 0).unwrap();
    assert_eq!(scan.reach.bounds, Some((7, 7, 2, 4)));
}

#[test]
fn rows_under_a_collapsed_summary_row_are_hidden_even_unmarked() {
    // Rows 2-3 at outline level 1, summary row 4 collapsed: hidden by the
    // group even without fDyZero of their own.
    let s = sheet(&[
        row(0, 300, 0x100),
        row(1, 300, 0x101),
        row(2, 300, 0x101),
        row(3, 300, 0x110),
        row(4, 300, 0x100),
    ]);
    let h = scan_sheet(&s, 0).unwrap().hidden;
    assert!(!h.is_row_hidden(1) && h.is_row_hidden(2) && h.is_row_hidden(3));
    assert!(!h.is_row_hidden(4) && !h.is_row_hidden(5));
    // WSBOOL without fRowSumsBelow: the summary row is above its group.
    let s = sheet(&[
        rec(0x0081, &[0x01, 0x04]),
        row(0, 300, 0x110),
        row(1, 300, 0x101),
        row(2, 300, 0x100),
    ]);
    let h = scan_sheet(&s, 0).unwrap().hidden;
    assert!(!h.is_row_hidden(1) && h.is_row_hidden(2) && !h.is_row_hidden(3));
}

#[test]
fn cells_whose_xf_strikes_them_through_are_kept() {
    let struck = Hides {
        struck: true,
        ..Hides::default()
    };
    let styles: HashMap<usize, Hides> = [(21, struck)].into();
    let mut hidden = HiddenParts::none();
    // NUMBER at row 3 (0-based 2), column D, XF 21; LABELSST at column A,
    // XF 21; RK at column B with XF 15, which strikes nothing.
    let mut number = vec![2, 0, 3, 0, 21, 0];
    number.extend(7000f64.to_le_bytes());
    unseen_cells(0x0203, &number, &styles, &mut hidden).unwrap();
    unseen_cells(
        0x00FD,
        &[2, 0, 0, 0, 21, 0, 0, 0, 0, 0],
        &styles,
        &mut hidden,
    )
    .unwrap();
    unseen_cells(
        0x027E,
        &[2, 0, 1, 0, 15, 0, 2, 0, 0, 0],
        &styles,
        &mut hidden,
    )
    .unwrap();
    assert_eq!(hidden.struck, vec![(3, 3), (3, 0)]);
    assert!(hidden.cells.is_empty() && hidden.misstated.is_empty());
}

/// MERGEDCELLS: 0-based (first row, last row, first column, last column)
/// per range, handed on with rows as the user sees them; a range that runs
/// backwards merges nothing.
#[test]
fn merged_ranges_are_handed_on() {
    let mut d = 3u16.to_le_bytes().to_vec();
    for v in [2u16, 4, 5, 5, 6, 6, 0, 3, 9, 8, 1, 1] {
        d.extend(v.to_le_bytes());
    }
    let s = sheet(&[rec(0x00E5, &d), number(2, 5, 1.0)]);
    let scan = scan_sheet(&s, 0).unwrap();
    assert_eq!(scan.merges, vec![(3, 5, 5, 5), (7, 7, 0, 3)]);
}
