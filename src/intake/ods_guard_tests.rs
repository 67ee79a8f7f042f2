//! `.ods` guard tests.

use super::*;

fn xml(body: &str) -> Declared {
    let doc = format!(
        "<?xml version=\"1.0\"?><office:document-content><office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>"
    );
    scan(doc.as_bytes()).unwrap()
}

#[test]
fn counts_what_calamine_lays_out() {
    // 3 rows x 2 cells, plus LibreOffice's filler: nothing else.
    let d = xml("<table:table table:name=\"S\">\
         <table:table-column table:number-columns-repeated=\"1024\"/>\
         <table:table-row><table:table-cell office:value-type=\"string\"><text:p>a</text:p></table:table-cell><table:table-cell office:value-type=\"float\" office:value=\"1\"/></table:table-row>\
         <table:table-row table:number-rows-repeated=\"2\"><table:table-cell office:value-type=\"float\" office:value=\"1\" table:number-columns-repeated=\"2\"/><table:table-cell table:number-columns-repeated=\"1022\"/></table:table-row>\
         <table:table-row table:number-rows-repeated=\"1048573\"><table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row>\
         </table:table>");
    assert_eq!(d.cells, 6);
}

#[test]
fn repeats_of_values_count_in_full() {
    // The shape of fuzzing finding 4: one valued cell, repeated both ways.
    let d = xml("<table:table table:name=\"S\">\
         <table:table-row table:number-rows-repeated=\"1000000\"><table:table-cell office:value-type=\"float\" office:value=\"1\" table:number-columns-repeated=\"16000\"/></table:table-row>\
         </table:table>");
    assert_eq!(d.cells, 16_000_000_000);
    // Empty rows between values are laid out too, at full width.
    let d = xml("<table:table table:name=\"S\">\
         <table:table-row><table:table-cell table:number-columns-repeated=\"9999\"/><table:table-cell office:value-type=\"float\" office:value=\"1\"/></table:table-row>\
         <table:table-row table:number-rows-repeated=\"5000\"><table:table-cell table:number-columns-repeated=\"10000\"/></table:table-row>\
         <table:table-row><table:table-cell office:value-type=\"float\" office:value=\"1\"/></table:table-row>\
         </table:table>");
    assert_eq!(d.cells, 5002 * 10_000);
}

#[test]
fn repeated_long_content_counts_its_bytes() {
    let long = "x".repeat(30_000);
    let d = xml(&format!(
        "<table:table table:name=\"S\"><table:table-row><table:table-cell office:value-type=\"string\" table:number-columns-repeated=\"10000\"><text:p>{long}</text:p></table:table-cell></table:table-row></table:table>"
    ));
    assert!(d.repeated_bytes > 10_000 * 30_000, "{d:?}");
}

fn zipped(content: &str) -> Vec<u8> {
    crate::intake::zip_guard::tests::zip_of(&[("content.xml", content.as_bytes())])
}

#[test]
fn check_refuses_only_what_expands_too_far() {
    let cell = "<table:table-cell office:value-type=\"float\" office:value=\"1\" table:number-columns-repeated=\"4000\"/>";
    let table = |rows: u64| {
        format!(
            "<table:table><table:table-row table:number-rows-repeated=\"{rows}\">{cell}</table:table-row></table:table>"
        )
    };
    // A few hundred bytes may lay out 2 million cells, not more: memory
    // stays within a few times the file's size.
    assert_eq!(check(&zipped(&table(500))).unwrap().cells, 2_000_000);
    let e = check(&zipped(&table(501))).unwrap_err();
    assert!(e.contains("2004000 cells") && e.contains(".xlsx"), "{e}");
    // Two sheets add up: calamine opens them all at once.
    let two = format!("{}{}", table(250), table(251));
    assert!(check(&zipped(&two)).is_err());
    // More content buys more cells (16 bytes of XML each), up to 20 million.
    assert_eq!(allowed(1000), 2_000_000);
    assert_eq!(allowed(64 * 1024 * 1024), 4_194_304);
    assert_eq!(allowed(u64::MAX), 20_000_000);
    // Not a ZIP, or no content.xml: calamine's own error is clearer.
    assert_eq!(check(b"not a zip"), Ok(Declared::default()));
}

#[test]
fn counts_are_read_as_calamine_reads_them() {
    assert_eq!(count("99999999999999999999999"), u64::MAX);
    assert_eq!(count(" 7 "), 7);
    assert_eq!(count("x"), 0);
    // A prefix other than `table:` is the same attribute.
    let d = xml(
        "<table:table table:name=\"S\"><table:table-row t:number-rows-repeated=\"3\"><table:table-cell office:value-type=\"float\" office:value=\"1\"/></table:table-row></table:table>",
    );
    assert_eq!(d.cells, 3);
}

#[test]
fn a_cell_far_to_the_right_is_refused_before_it_is_laid_out() {
    // One value at column 1,000,000: a 1 KB file that made every row a
    // million cells wide.
    let doc = |col: u64| {
        zipped(&format!(
            "<office:document-content><office:body><office:spreadsheet><table:table table:name=\"S\"><table:table-row><table:table-cell office:value-type=\"string\"><text:p>Wallet</text:p></table:table-cell><table:table-cell table:number-columns-repeated=\"{}\"/><table:table-cell office:value-type=\"float\" office:value=\"1\"/></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>",
            col - 2
        ))
    };
    let e = check(&doc(1_000_000)).unwrap_err();
    assert!(e.contains("column 1000000") && e.contains("16384"), "{e}");
    assert_eq!(check(&doc(16_384)).unwrap().width, 16_384);
    assert!(check(&doc(16_385)).is_err());
}

#[test]
fn spaces_that_text_s_asks_for_are_counted() {
    // calamine writes `text:c` spaces into the cell's text, for every copy.
    let d = xml(
        "<table:table table:name=\"S\"><table:table-row><table:table-cell office:value-type=\"string\"><text:p>a<text:s text:c=\"4000000000\"/></text:p></table:table-cell></table:table-row></table:table>",
    );
    assert!(d.repeated_bytes >= 4_000_000_000, "{d:?}");
    let d = xml(
        "<table:table table:name=\"S\"><table:table-row><table:table-cell office:value-type=\"string\" table:number-columns-repeated=\"1000\"><text:p>a<text:s text:c=\"1000000\"/></text:p></table:table-cell></table:table-row></table:table>",
    );
    assert!(d.repeated_bytes >= 1_000_000_000, "{d:?}");
    let bomb = zipped(
        "<office:document-content><office:body><office:spreadsheet><table:table table:name=\"S\"><table:table-row><table:table-cell office:value-type=\"string\"><text:p><text:s text:c=\"4000000000\"/></text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>",
    );
    assert!(check(&bomb).is_err());
}

#[test]
fn a_quoted_gt_in_a_tag_is_read_as_calamine_reads_it() {
    let d = xml(
        "<table:table table:name=\"S\"><table:table-row x=\"a>b\" table:number-rows-repeated=\"1000000\"><table:table-cell x=\">\" office:value-type=\"float\" office:value=\"1\" table:number-columns-repeated=\"100\"/></table:table-row></table:table>",
    );
    assert_eq!(d.cells, 100_000_000);
}
