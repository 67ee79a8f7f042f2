//! Hidden row and column scanner tests, hostile inputs included.

use super::*;
use crate::intake::zip_guard::tests::zip_of;

const WORKBOOK: &str = r#"<?xml version="1.0"?><workbook xmlns:r="x"><sheets><sheet name="Intro" sheetId="1" r:id="rId1"/><sheet name="Pay &amp; Co" sheetId="2" r:id="rId2"/></sheets></workbook>"#;
const RELS: &str = r#"<?xml version="1.0"?><Relationships><Relationship Id="rId1" Type="t" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="t" Target="/xl/worksheets/sheet2.xml"/></Relationships>"#;

fn sheet(body: &str) -> HiddenParts {
    scan_sheet(body.as_bytes()).unwrap()
}

#[test]
fn hidden_rows_and_columns_are_found() {
    let h = sheet(
        r#"<worksheet><cols><col min="2" max="3" width="0" hidden="1"/><col min="5" max="5" hidden="0"/></cols>
        <sheetData><row r="1"><c r="A1"/></row><row r="4" hidden="1" spans="1:3"/><row r="5" hidden="true"><c/></row><row r="9" customHeight="1" hidden="0"/></sheetData></worksheet>"#,
    );
    assert!(!h.is_row_hidden(1) && !h.is_row_hidden(3) && !h.is_row_hidden(9));
    assert!(h.is_row_hidden(4) && h.is_row_hidden(5) && !h.is_row_hidden(6));
    assert!(!h.is_column_hidden(0) && h.is_column_hidden(1) && h.is_column_hidden(2));
    assert!(!h.is_column_hidden(4));
    assert_eq!(h.unknown_reason(), None);
}

#[test]
fn rows_without_numbers_follow_one_another_and_prefixes_are_read() {
    let h = sheet(
        r#"<x:worksheet><x:sheetData><x:row/><x:row hidden="1"/><x:row r="7"/><x:row hidden="1"/></x:sheetData>
        <x:row r="99" hidden="1"/></x:worksheet>"#,
    );
    assert!(h.is_row_hidden(2) && h.is_row_hidden(8));
    assert!(!h.is_row_hidden(1) && !h.is_row_hidden(7));
    // Nothing after </sheetData> counts.
    assert!(!h.is_row_hidden(99));
}

#[test]
fn out_of_order_runs_are_merged() {
    let mut runs = Vec::new();
    for r in [5, 6, 7, 2, 3, 8, 20, 4] {
        add_run(&mut runs, r, r);
    }
    let runs = merged(runs);
    assert_eq!(runs, vec![(2, 8), (20, 20)]);
    assert!(is_in(&runs, 6) && is_in(&runs, 4) && !is_in(&runs, 9) && !is_in(&runs, 21));
}

#[test]
fn the_sheet_is_found_by_name_through_the_relationships() {
    let two = r#"<worksheet><sheetData><row r="3" hidden="1"/></sheetData></worksheet>"#;
    let one = r#"<worksheet><sheetData><row r="8" hidden="1"/></sheetData></worksheet>"#;
    let bytes = zip_of(&[
        ("xl/workbook.xml", WORKBOOK.as_bytes()),
        ("xl/_rels/workbook.xml.rels", RELS.as_bytes()),
        ("xl/worksheets/sheet1.xml", one.as_bytes()),
        ("xl/worksheets/sheet2.xml", two.as_bytes()),
    ]);
    let h = scan_xlsx(&bytes, "Pay & Co");
    assert_eq!(h.unknown_reason(), None);
    assert!(h.is_row_hidden(3) && !h.is_row_hidden(8));
    let h = scan_xlsx(&bytes, "Intro");
    assert!(h.is_row_hidden(8) && !h.is_row_hidden(3));
}

#[test]
fn what_cannot_be_read_is_unknown_never_nothing_hidden() {
    let body = r#"<worksheet><sheetData><row r="3" hidden="1"/></sheetData></worksheet>"#;
    // No relationships part.
    let no_rels = zip_of(&[
        ("xl/workbook.xml", WORKBOOK.as_bytes()),
        ("xl/worksheets/sheet1.xml", body.as_bytes()),
    ]);
    let h = scan_xlsx(&no_rels, "Intro");
    assert!(h.unknown_reason().unwrap().contains("rels"), "{h:?}");
    assert!(!h.any());
    // The sheet's part is missing.
    let no_part = zip_of(&[
        ("xl/workbook.xml", WORKBOOK.as_bytes()),
        ("xl/_rels/workbook.xml.rels", RELS.as_bytes()),
    ]);
    let h = scan_xlsx(&no_part, "Intro");
    assert!(
        h.unknown_reason()
            .unwrap()
            .contains("xl/worksheets/sheet1.xml"),
        "{h:?}"
    );
    // A name the workbook does not list, no workbook.xml, not a ZIP at all.
    assert!(scan_xlsx(&no_part, "Nope").unknown_reason().is_some());
    let empty = zip_of(&[]);
    assert!(scan_xlsx(&empty, "Intro").unknown_reason().is_some());
    assert!(
        scan_xlsx(b"PK\x03\x04junk", "Intro")
            .unknown_reason()
            .is_some()
    );
    assert!(scan_xlsx(b"", "Intro").unknown_reason().is_some());
}

#[test]
fn hostile_sheets_are_refused_not_trusted_and_never_panic() {
    // A row tag of any length is read whole: its hidden attribute counts.
    let huge = format!(
        r#"<worksheet><sheetData><row r="2" x="{}" hidden="1"/></sheetData></worksheet>"#,
        "a".repeat(200_000)
    );
    assert!(sheet(&huge).is_row_hidden(2));
    // A huge attribute elsewhere (a cell's text) is fine.
    let text = format!(
        r#"<worksheet><sheetData><row r="2" hidden="1"><c t="inlineStr"><is><t>{}</t></is></c></row></sheetData></worksheet>"#,
        "b".repeat(300_000)
    );
    assert!(scan_sheet(text.as_bytes()).unwrap().is_row_hidden(2));
    // Row numbers that are not numbers, or past Excel's last row.
    for bad in [
        r#"<row r="x" hidden="1"/>"#,
        r#"<row r="99999999999999999999999" hidden="1"/>"#,
        r#"<row r="1048577"/>"#,
        r#"<row r="0"/>"#,
        r#"<cols><col min="a" max="2" hidden="1"/></cols>"#,
    ] {
        let doc = format!("<worksheet><sheetData>{bad}</sheetData></worksheet>");
        assert!(scan_sheet(doc.as_bytes()).is_err(), "{bad}");
    }
    // Columns past the last one are clamped; min > max hides nothing.
    let h = sheet(
        r#"<cols><col min="16380" max="99999999" hidden="1"/><col min="9" max="3" hidden="1"/></cols><sheetData/>"#,
    );
    assert!(h.is_column_hidden(16_383) && !h.is_column_hidden(5));
    // Truncated and garbled XML: no panic, and never "nothing hidden".
    for junk in [
        "<row r=\"4\" hidden=\"1\"",
        "<<<>>><row hidden='1'/><",
        "<row r=\"\" hidden=\"1\"/>",
        "\u{0}\u{ff}<row/>",
        "<sheetData><row r=\"4\" hidden=\"1\"/>",
        "<",
        "",
    ] {
        assert!(scan_sheet(junk.as_bytes()).is_err(), "{junk}");
    }
}

#[test]
fn entities_in_names_are_resolved() {
    let wb = r#"<workbook xmlns:r="x"><sheets><sheet name="Pay &amp; Co &#x9AC;&#2477;" r:id="rId9"/></sheets></workbook>"#;
    assert_eq!(sheet_rid(wb.as_bytes(), "Pay & Co বভ").unwrap(), "rId9");
    assert!(sheet_rid(wb.as_bytes(), "Pay &amp; Co").is_err());
}

#[test]
fn rows_of_zero_height_are_hidden_rows() {
    let h = sheet(
        r#"<sheetFormatPr defaultRowHeight="15"/><sheetData><row r="2" ht="0" customHeight="1"/><row r="3" ht="15"/><row r="4" ht="x"/></sheetData>"#,
    );
    assert!(h.is_row_hidden(2) && !h.is_row_hidden(3) && !h.is_row_hidden(4));
    // Excel's "hide every unused row": rows are zero high unless they give a height.
    let h = sheet(
        r#"<sheetFormatPr defaultRowHeight="15" zeroHeight="1"/><sheetData><row r="1" ht="15" customHeight="1"/><row r="2"/><row r="3" ht="0.0"/></sheetData>"#,
    );
    assert!(!h.is_row_hidden(1) && h.is_row_hidden(2) && h.is_row_hidden(3));
}

#[test]
fn rows_in_reverse_order_are_read_quickly() {
    // One sort at the end, not one per row: a hostile file of 500,000
    // hidden rows in reverse order reads in well under a second.
    let mut doc = String::from("<worksheet><sheetData>");
    for r in (1..=499_999).rev().step_by(2) {
        doc.push_str(&format!("<row r=\"{r}\" hidden=\"1\"/>"));
    }
    doc.push_str("</sheetData></worksheet>");
    // Processor time, not wall time: a busy CI machine must not fail it.
    let started = crate::testing::cpu::ThreadClock::start();
    let h = sheet(&doc);
    let took = started.elapsed();
    assert!(took < std::time::Duration::from_secs(20), "{took:?}");
    assert!(h.is_row_hidden(1) && !h.is_row_hidden(2) && h.is_row_hidden(499_999));
}

#[test]
fn a_quoted_greater_than_sign_does_not_end_the_tag() {
    // Found in review: the old hand-written tokenizer stopped at the `>`
    // inside the quoted value and read the rest of the tag as text, so the
    // hidden row 5 read as visible. A `>` is legal in an attribute value.
    let h = sheet(
        r#"<worksheet><sheetData><row r="5" x="a>b" hidden="1"><c r="A5"/></row><row r="6" y='>' ht="0" customHeight="1"/><row r="7"/></sheetData></worksheet>"#,
    );
    assert!(h.is_row_hidden(5) && h.is_row_hidden(6), "{h:?}");
    assert!(!h.is_row_hidden(7));
}

#[test]
fn zero_width_columns_and_every_boolean_spelling_hide() {
    // ECMA-376 booleans are xsd:boolean ("1"/"true"); LibreOffice writes
    // "true"/"false". A column of zero width is as hidden as a hidden one.
    let h = sheet(
        r#"<worksheet><cols><col min="1" max="1" width="12"/><col min="2" max="2" width="0" customWidth="1"/><col min="3" max="3" hidden="true"/><col min="4" max="4" width="0.0"/><col min="5" max="5" hidden="false" width="9"/></cols>
        <sheetData><row r="1" hidden="false"/><row r="2" hidden="true"/><row r="3" hidden=" 1 "/><row r="4" hidden="0"/></sheetData></worksheet>"#,
    );
    assert!(!h.is_column_hidden(0) && h.is_column_hidden(1) && h.is_column_hidden(2));
    assert!(h.is_column_hidden(3) && !h.is_column_hidden(4));
    assert!(!h.is_row_hidden(1) && h.is_row_hidden(2) && h.is_row_hidden(3));
    assert!(!h.is_row_hidden(4));
}

#[test]
fn a_default_row_height_of_zero_hides_rows_without_their_own() {
    let h = sheet(
        r#"<worksheet><sheetFormatPr defaultRowHeight="0"/><sheetData><row r="1" ht="15" customHeight="1"/><row r="2"/></sheetData></worksheet>"#,
    );
    assert!(!h.is_row_hidden(1) && h.is_row_hidden(2));
}

#[test]
fn rows_under_a_collapsed_summary_row_are_hidden_even_unmarked() {
    // ECMA-376: collapsed="1" on a summary row means the rows one level
    // deeper beside it are hidden.
    let h = sheet(
        r#"<worksheet><sheetData><row r="1"/><row r="2" outlineLevel="1"/><row r="3" outlineLevel="1"/><row r="4" collapsed="1"/><row r="5"/></sheetData></worksheet>"#,
    );
    assert!(!h.is_row_hidden(1) && h.is_row_hidden(2) && h.is_row_hidden(3));
    assert!(!h.is_row_hidden(4) && !h.is_row_hidden(5));
    let h = sheet(
        r#"<worksheet><sheetPr><outlinePr summaryBelow="0"/></sheetPr><sheetData><row r="1" collapsed="true"/><row r="2" outlineLevel="1"/><row r="3"/></sheetData></worksheet>"#,
    );
    assert!(h.is_row_hidden(2) && !h.is_row_hidden(3));
}

#[test]
fn cells_whose_style_strikes_them_through_are_kept_when_they_hold_a_value() {
    let mut looks = XlsxLooks::default();
    let struck = crate::intake::unseen::Hides {
        struck: true,
        ..Default::default()
    };
    looks.cells.insert(1, struck);
    let xml = r#"<worksheet><sheetData><row r="2"><c r="A2" s="1" t="s"><v>0</v></c><c r="B2" s="1"/><c r="C2"><v>5</v></c><c r="D2" s="1"><v>7000</v></c></row></sheetData></worksheet>"#;
    let (h, ..) = scan_styled_sheet(xml.as_bytes(), &looks, &mut FormulaCount::default()).unwrap();
    assert_eq!(h.struck, vec![(2, 0), (2, 3)]);
    assert_eq!(h.struck_cell(2, 3), Some(Struck::ByFont));
    assert!(h.struck_cell(2, 2).is_none() && h.any_struck());
    assert!(h.cells.is_empty() && h.misstated.is_empty() && !h.any());
}
