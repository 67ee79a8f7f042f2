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
    let long = "x".repeat(1000);
    let d = xml(&format!(
        "<table:table table:name=\"S\"><table:table-row><table:table-cell office:value-type=\"string\" table:number-columns-repeated=\"300000\"><text:p>{long}</text:p></table:table-cell></table:table-row></table:table>"
    ));
    assert!(d.repeated_bytes > 300_000 * 1000, "{d:?}");
}

fn zipped(content: &str) -> Vec<u8> {
    use std::io::Write;
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut buf);
    z.start_file("content.xml", zip::write::SimpleFileOptions::default())
        .unwrap();
    z.write_all(content.as_bytes()).unwrap();
    z.finish().unwrap();
    buf.into_inner()
}

#[test]
fn check_refuses_only_what_expands_too_far() {
    let cell = "<table:table-cell office:value-type=\"float\" office:value=\"1\" table:number-columns-repeated=\"4000\"/>";
    let table = |rows: u64| {
        format!(
            "<table:table><table:table-row table:number-rows-repeated=\"{rows}\">{cell}</table:table-row></table:table>"
        )
    };
    assert_eq!(check(&zipped(&table(5000))).unwrap().cells, 20_000_000);
    let e = check(&zipped(&table(5001))).unwrap_err();
    assert!(e.contains("20004000 cells") && e.contains(".xlsx"), "{e}");
    // Two sheets add up: calamine opens them all at once.
    let two = format!("{}{}", table(2500), table(2501));
    assert!(check(&zipped(&two)).is_err());
    // Not a ZIP, or no content.xml: calamine's own error is clearer.
    assert_eq!(check(b"not a zip"), Ok(Declared::default()));
}

#[test]
fn attributes_are_matched_whole() {
    assert_eq!(
        attr_value(b"c x:number-rows-repeated=\"5\"", b"number-rows-repeated"),
        None
    );
    assert_eq!(
        attr_value(
            b"c table:number-rows-repeated = '7'",
            b"table:number-rows-repeated"
        ),
        Some(&b"7"[..])
    );
    assert_eq!(
        attr_u64(b"c a=\"99999999999999999999999\"", b"a"),
        Some(u64::MAX)
    );
    assert_eq!(tag_name(b"/table:table"), b"/table:table");
    assert_eq!(tag_name(b"table:table-row/"), b"table:table-row");
    assert_eq!(tag_name(b"table:table-cell a=\"1\"/"), b"table:table-cell");
}
