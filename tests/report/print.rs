//! Every XLSX payrun writes prints: landscape A4, one page wide, the header
//! row on every page, a footer with the batch and "Page N of M", columns as
//! wide as their values, amounts with lakh grouping. Read from the file's
//! own XML, as Excel and LibreOffice read it.

use super::{cell_text, header, read_xlsx};
use payrun::testing::money::Amount;
use payrun::testing::report::{
    ReportData, ReportRow, RowStatus, SheetTotals, WriteOptions, write_report,
};
use std::io::Read;
use std::path::Path;

/// The named part of an XLSX file, as text.
pub(crate) fn part(xlsx: &Path, name: &str) -> String {
    let file = std::fs::File::open(xlsx).expect("open xlsx");
    let mut zip = zip::ZipArchive::new(file).expect("an XLSX is a zip");
    let mut text = String::new();
    zip.by_name(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .read_to_string(&mut text)
        .expect("utf-8 XML");
    text
}

/// The text of the first `<tag ...>` element's start tag in `xml`.
fn start_tag<'a>(xml: &'a str, tag: &str) -> &'a str {
    let open = format!("<{tag} ");
    let at = xml
        .find(&open)
        .unwrap_or_else(|| panic!("no <{tag}> in {xml}"));
    let rest = &xml[at..];
    &rest[..rest.find('>').expect("closed tag") + 1]
}

/// Asserts the print setup of sheet `n` (1-based) of `xlsx`, named `name`,
/// whose footer names `title`; `table` sheets repeat their header row.
pub(crate) fn assert_prints(xlsx: &Path, n: usize, name: &str, title: &str, table: bool) {
    let sheet = part(xlsx, &format!("xl/worksheets/sheet{n}.xml"));
    assert!(
        start_tag(&sheet, "pageSetUpPr").contains("fitToPage=\"1\""),
        "{name}: fit to page"
    );
    let setup = start_tag(&sheet, "pageSetup");
    assert!(
        setup.contains("orientation=\"landscape\""),
        "{name}: {setup}"
    );
    assert!(setup.contains("paperSize=\"9\""), "A4: {setup}");
    // One page wide (fitToWidth defaults to 1), as many tall as needed.
    assert!(setup.contains("fitToHeight=\"0\""), "{name}: {setup}");
    assert!(
        !setup.contains("fitToWidth") || setup.contains("fitToWidth=\"1\""),
        "{name}: {setup}"
    );
    let footer = format!(
        "<oddFooter>&amp;L{}&amp;C&amp;A&amp;RPage &amp;P of &amp;N</oddFooter>",
        title.replace('&', "&amp;&amp;")
    );
    assert!(sheet.contains(&footer), "{name}: no {footer} in the sheet");
    let workbook = part(xlsx, "xl/workbook.xml");
    let titles = format!(">{name}!$1:$1</definedName>");
    let repeated = workbook
        .split("<definedName ")
        .any(|d| d.contains("_xlnm.Print_Titles") && d.contains(&titles));
    assert_eq!(repeated, table, "{name}: header row repeated: {workbook}");
}

/// The number format of cell `cell` (`F2`) of sheet `n`.
pub(crate) fn number_format(xlsx: &Path, n: usize, cell: &str) -> String {
    let sheet = part(xlsx, &format!("xl/worksheets/sheet{n}.xml"));
    let c = start_tag(
        &sheet[sheet.find(&format!("<c r=\"{cell}\"")).expect("cell")..],
        "c",
    );
    let style: usize = attr(c, "s").parse().expect("style index");
    let styles = part(xlsx, "xl/styles.xml");
    let xfs = &styles[styles.find("<cellXfs").expect("cellXfs")..];
    let xf = xfs.split("<xf ").nth(style + 1).expect("the cell's xf");
    let id = attr(xf, "numFmtId");
    let fmt = styles
        .split("<numFmt ")
        .skip(1)
        .find(|f| attr(f, "numFmtId") == id)
        .unwrap_or_else(|| panic!("no custom numFmt {id}"));
    attr(fmt, "formatCode").replace("&quot;", "\"")
}

/// The `<alignment>` of cell `cell` (`B12`) of sheet `n`, or "" if none.
fn alignment(xlsx: &Path, n: usize, cell: &str) -> String {
    let sheet = part(xlsx, &format!("xl/worksheets/sheet{n}.xml"));
    let c = start_tag(
        &sheet[sheet.find(&format!("<c r=\"{cell}\"")).expect("cell")..],
        "c",
    );
    let style: usize = attr(c, "s").parse().unwrap_or(0);
    let styles = part(xlsx, "xl/styles.xml");
    let xfs = &styles[styles.find("<cellXfs").expect("cellXfs")..];
    let xf = xfs.split("<xf ").nth(style + 1).expect("the cell's xf");
    let xf = &xf[..xf
        .find("</xf>")
        .or_else(|| xf.find("/>"))
        .unwrap_or(xf.len())];
    match xf.find("<alignment ") {
        Some(at) => start_tag(&xf[at..], "alignment").to_string(),
        None => String::new(),
    }
}

/// The value of attribute `name` in a tag's text (with or without its
/// `<tag ` start), or "" when it has none.
fn attr(tag: &str, name: &str) -> String {
    let tag = format!(" {tag}");
    let key = format!(" {name}=\"");
    let Some(from) = tag.find(&key).map(|i| i + key.len()) else {
        return String::new();
    };
    let rest = &tag[from..];
    rest[..rest.find('"').unwrap_or(0)].to_string()
}

/// A batch that asked for 6,04,10,400.00 taka: 6,03,88,900.00 on valid
/// rows (1,23,456.00 paid, 6,02,65,444.00 processing), 21,500.00 on an
/// invalid row.
fn big_batch() -> ReportData {
    let mut paid = ReportRow::new("01712345678", RowStatus::Paid);
    paid.row_no = Some(2);
    paid.amount = Some(Amount::from_poisha(12_345_600));
    paid.name = Some("R&D Rahim".to_string());
    let mut crore = ReportRow::new("01812345678", RowStatus::Processing);
    crore.row_no = Some(3);
    crore.amount = Some(Amount::from_poisha(6_026_544_400));
    let mut bad = ReportRow::new("01712", RowStatus::Invalid);
    bad.row_no = Some(4);
    bad.requested = Some(Amount::from_poisha(2_150_000));
    bad.notes = vec!["invalid: the wallet has 5 digits".repeat(4)];
    let sheet = SheetTotals {
        rows: 3,
        amount: Amount::from_poisha(6_038_890_000),
    };
    let mut h = header();
    h.batch = "R&D payroll".to_string();
    ReportData::build(h, sheet, vec![paid, crore, bad]).expect("build")
}

#[test]
fn the_batch_report_prints_one_page_wide_with_headers_and_footers() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("june.xlsx");
    write_report(&path, &big_batch(), WriteOptions::default()).unwrap();
    let title = "Batch R&D payroll";
    assert_prints(&path, 1, "Summary", title, false);
    assert_prints(&path, 2, "Rows", title, true);
    assert_prints(&path, 3, "Approvals", title, true);
    // Columns fit their values: Notes wraps at 40 characters.
    let rows = part(&path, "xl/worksheets/sheet2.xml");
    let notes = start_tag(
        &rows[rows.find("<col min=\"17\"").expect("col 17")..],
        "col",
    );
    let width: f64 = attr(notes, "width").parse().unwrap();
    assert!((40.0..44.0).contains(&width), "{notes}");
}

#[test]
fn amounts_have_lakh_grouping_negative_ones_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("june.xlsx");
    let mut data = big_batch();
    data.summary.control.amount_difference = Amount::from_poisha(-12_345_600);
    write_report(&path, &data, WriteOptions::default()).unwrap();
    // Rows: F2 is 1,23,456.00, F3 is 6,02,65,444.00.
    let lakh = r"##\,##\,##0.00;-##\,##\,##0.00";
    let crore = r"##\,##\,##\,##0.00;-##\,##\,##\,##0.00";
    assert_eq!(number_format(&path, 2, "F2"), lakh);
    assert_eq!(number_format(&path, 2, "F3"), crore);
    // Summary: the control's difference, negative, in the last row.
    let summary = read_xlsx(&path, "Summary");
    let last = summary.len();
    assert_eq!(cell_text(&summary[last - 1][0]), "difference");
    assert_eq!(number_format(&path, 1, &format!("C{last}")), lakh);
}

#[test]
fn the_summary_shows_what_the_sheet_requested_and_what_is_unpaid() {
    let dir = tempfile::tempdir().unwrap();
    let data = big_batch();
    let path = dir.path().join("june.xlsx");
    write_report(&path, &data, WriteOptions::default()).unwrap();
    let summary = read_xlsx(&path, "Summary");
    let line = |item: &str| {
        summary
            .iter()
            .find(|r| cell_text(&r[0]) == item)
            .unwrap_or_else(|| panic!("no {item:?} line"))
            .clone()
    };
    let requested = line("requested in sheet");
    assert_eq!(cell_text(&requested[1]), "3");
    assert_eq!(cell_text(&requested[3]), "6041040000");
    assert_eq!(cell_text(&line("unpaid (invalid rows)")[3]), "2150000");
    assert_eq!(cell_text(&line("rows in sheet")[3]), "6038890000");
    assert_eq!(cell_text(&line("difference")[3]), "0");
    let taka = cell_text(&line("Control (taka)")[1]);
    assert!(
        taka.starts_with("taka requested in sheet 6,04,10,400.00 = "),
        "{taka}"
    );
    assert_eq!(cell_text(&line("Control result")[1]), "BALANCED");

    let json = dir.path().join("june.json");
    write_report(&json, &data, WriteOptions::default()).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    let c = &v["summary"]["control"];
    assert_eq!(c["amount_requested_poisha"], 6_041_040_000_i64);
    assert_eq!(c["amount_unpaid_invalid_poisha"], 2_150_000);
    assert_eq!(c["amount_in_sheet_poisha"], 6_038_890_000_i64);
    assert_eq!(v["rows"][2]["requested_poisha"], 2_150_000);
    assert!(v["rows"][0].get("requested_poisha").is_none());

    let csv = dir.path().join("june.csv");
    write_report(&csv, &data, WriteOptions::default()).unwrap();
    let text = std::fs::read_to_string(dir.path().join("june.summary.csv")).unwrap();
    assert!(
        text.contains("control,requested in sheet,,3,60410400.00,6041040000\r\n"),
        "{text}"
    );
    assert!(
        text.contains("control,unpaid (invalid rows),,1,21500.00,2150000\r\n"),
        "{text}"
    );
}

/// A label sits beside the first line of its value, never at the foot of a
/// row that a long value made tall: LibreOffice printed "Control (taka)"
/// three lines below the start of its equation. Every cell of every row is
/// aligned to the top, numbers too, so a row reads across.
#[test]
fn every_cell_is_aligned_to_the_top_of_its_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("june.xlsx");
    write_report(&path, &big_batch(), WriteOptions::default()).unwrap();
    let summary = read_xlsx(&path, "Summary");
    let at = |item: &str| {
        1 + summary
            .iter()
            .position(|r| cell_text(&r[0]) == item)
            .unwrap_or_else(|| panic!("no {item:?} line"))
    };
    let taka = at("Control (taka)");
    let rows = at("requested in sheet");
    // Rows sheet: the invalid row 4 has a note that wraps.
    let cells = [
        (1, format!("A{taka}")),
        (1, format!("B{taka}")),
        (1, format!("A{rows}")),
        (1, format!("B{rows}")),
        (1, format!("C{rows}")),
        (1, format!("D{rows}")),
        (2, "A1".to_string()),
        (2, "A4".to_string()),
        (2, "D4".to_string()),
        (2, "F2".to_string()),
        (2, "G2".to_string()),
        (2, "Q4".to_string()),
    ];
    for (n, cell) in cells {
        let a = alignment(&path, n, &cell);
        assert!(a.contains("vertical=\"top\""), "sheet {n} {cell}: {a:?}");
    }
}
