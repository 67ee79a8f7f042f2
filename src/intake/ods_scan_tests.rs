//! `.ods` scan tests: hidden rows and columns every way ODF hides them, and
//! the error and boolean cells calamine misreads.

use super::*;

fn scan(tables: &str, sheet: &str) -> Result<OdsSheet, String> {
    let doc = format!(
        "<?xml version=\"1.0\"?><office:document-content><office:automatic-styles>\
         <style:style style:name=\"ro0\" style:family=\"table-row\"><style:table-row-properties style:row-height=\"0in\"/></style:style>\
         <style:style style:name=\"ro1\" style:family=\"table-row\"><style:table-row-properties style:row-height=\"0.178in\"/></style:style>\
         <style:style style:name=\"co0\" style:family=\"table-column\"><style:table-column-properties style:column-width=\"0.000cm\"/></style:style>\
         </office:automatic-styles><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"
    );
    scan_content(doc.as_bytes(), sheet, UnseenStyles::default())
}

fn hidden(tables: &str, sheet: &str) -> HiddenParts {
    scan(tables, sheet).unwrap().hidden
}

#[test]
fn hidden_rows_and_columns_count_their_repeats() {
    let h = hidden(
        r#"<table:table table:name="Other"><table:table-row table:visibility="collapse"/></table:table>
        <table:table table:name="Pay &amp; Co">
        <table:table-column table:number-columns-repeated="2"/><table:table-column table:visibility="collapse" table:number-columns-repeated="2"/>
        <table:table-row><table:table-cell/></table:table-row>
        <table:table-row table:number-rows-repeated="3" table:visibility="filter"/>
        <table:table-row/>
        <table:table-row table:visibility="collapse"><table:table-cell/></table:table-row>
        <table:table-row table:visibility="visible"/>
        </table:table>"#,
        "Pay & Co",
    );
    assert!(!h.is_row_hidden(1) && h.is_row_hidden(2) && h.is_row_hidden(4));
    assert!(!h.is_row_hidden(5) && h.is_row_hidden(6) && !h.is_row_hidden(7));
    assert!(!h.is_column_hidden(1) && h.is_column_hidden(2) && h.is_column_hidden(3));
    assert!(!h.is_column_hidden(4));
}

#[test]
fn libreoffice_collapse_and_filter_hide_rows_and_columns() {
    // ODF 1.2 and 1.3, table:visibility: "visible" | "collapse" | "filter".
    // LibreOffice writes "collapse" for rows hidden by hand or in a
    // closed group, "filter" for rows a filter hides.
    let h = hidden(
        r#"<table:table table:name="Pay">
        <table:table-column table:number-columns-repeated="3"/><table:table-column table:visibility="collapse"/>
        <table:table-row><table:table-cell/></table:table-row>
        <table:table-row table:visibility="collapse" x="a>b"><table:table-cell/></table:table-row>
        <table:table-row table:visibility="filter"><table:table-cell/></table:table-row>
        <table:table-row table:visibility="visible"><table:table-cell/></table:table-row>
        </table:table>"#,
        "Pay",
    );
    assert!(!h.is_row_hidden(1) && h.is_row_hidden(2) && h.is_row_hidden(3));
    assert!(!h.is_row_hidden(4));
    assert!(!h.is_column_hidden(2) && h.is_column_hidden(3) && !h.is_column_hidden(4));
}

#[test]
fn closed_groups_and_zero_sizes_hide() {
    let h = hidden(
        r#"<table:table table:name="P">
        <table:table-column/><table:table-column table:style-name="co0"/>
        <table:table-column-group table:display="false"><table:table-column table:number-columns-repeated="2"/></table:table-column-group>
        <table:table-column/>
        <table:table-row table:style-name="ro1"><table:table-cell/></table:table-row>
        <table:table-row-group table:display="false">
          <table:table-row><table:table-cell/></table:table-row>
          <table:table-row-group><table:table-row table:number-rows-repeated="2"/></table:table-row-group>
        </table:table-row-group>
        <table:table-row-group table:display="true"><table:table-row/></table:table-row-group>
        <table:table-row table:style-name="ro0"><table:table-cell/></table:table-row>
        <table:table-header-rows><table:table-row/></table:table-header-rows>
        </table:table>"#,
        "P",
    );
    assert!(!h.is_column_hidden(0) && h.is_column_hidden(1));
    assert!(h.is_column_hidden(2) && h.is_column_hidden(3) && !h.is_column_hidden(4));
    assert!(!h.is_row_hidden(1) && h.is_row_hidden(2) && h.is_row_hidden(4));
    assert!(!h.is_row_hidden(5) && h.is_row_hidden(6) && !h.is_row_hidden(7));
}

#[test]
fn errors_and_booleans_are_fixed_where_calamine_puts_them() {
    let s = scan(
        r#"<table:table table:name="P">
        <table:table-row><table:table-cell office:value-type="string"><text:p>a</text:p></table:table-cell></table:table-row>
        <table:table-row table:number-rows-repeated="2">
          <table:table-cell table:number-columns-repeated="2"/>
          <table:table-cell table:formula="of:=1/0" office:value-type="string" office:string-value="" calcext:value-type="error"><text:p>#DIV/0!</text:p><office:annotation><text:p>note</text:p></office:annotation></table:table-cell>
          <table:table-cell table:formula="of:=TRUE()" office:value-type="float" office:value="1" calcext:value-type="float"><text:p>TRUE</text:p></table:table-cell>
          <table:table-cell office:value-type="boolean" office:boolean-value="false"><text:p>FALSE</text:p></table:table-cell>
          <table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>
          <table:table-cell table:formula="of:=NA()" office:value-type="string" office:string-value=""><text:p>#N/A</text:p></table:table-cell>
          <table:table-cell table:formula="of:=&quot;x&quot;" office:value-type="string" office:string-value=""><text:p>#N/Ax</text:p></table:table-cell>
          <table:table-cell office:value-type="float" office:value="0" calcext:value-type="float"><text:p>WAHR</text:p></table:table-cell>
        </table:table-row>
        </table:table>"#,
        "P",
    )
    .unwrap();
    for r in [1, 2] {
        assert_eq!(s.fixes.get(&(r, 2)), Some(&Fix::Error("#DIV/0!".into())));
        assert_eq!(s.fixes.get(&(r, 3)), Some(&Fix::Bool(true)));
        assert_eq!(s.fixes.get(&(r, 4)), Some(&Fix::Bool(false)));
        assert_eq!(s.fixes.get(&(r, 5)), None);
        assert_eq!(s.fixes.get(&(r, 6)), Some(&Fix::Error("#N/A".into())));
        assert_eq!(s.fixes.get(&(r, 7)), None);
        assert_eq!(s.fixes.get(&(r, 8)), Some(&Fix::Bool(false)));
    }
    assert_eq!(s.fixes.len(), 10);
}

#[test]
fn what_cannot_be_read_fails_the_scan_and_never_panics() {
    assert!(scan(r#"<table:table table:name="A"></table:table>"#, "B").is_err());
    assert!(scan(r#"<table:table table:name="A"><table:table-row>"#, "A").is_err());
    let bad = r#"<table:table table:name="A"><table:table-row table:number-rows-repeated="x"/></table:table>"#;
    assert!(scan(bad, "A").is_err());
    // Two tables of one name: calamine reads the last, a person may read either.
    let two = r#"<table:table table:name="A"/><table:table table:name="A"></table:table>"#;
    assert!(scan(two, "A").unwrap_err().contains("two sheets"));
    // A long tag is read whole.
    let huge = format!(
        r#"<table:table table:name="A"><table:table-row x="{}" table:visibility="collapse"/></table:table>"#,
        "a".repeat(100_000)
    );
    assert!(hidden(&huge, "A").is_row_hidden(1));
    // Repeats past any sheet saturate instead of overflowing.
    let big = r#"<table:table table:name="A"><table:table-row table:number-rows-repeated="18446744073709551615" table:visibility="collapse"/><table:table-row table:number-rows-repeated="18446744073709551615" table:visibility="collapse"/><table:table-column table:number-columns-repeated="18446744073709551615" table:visibility="collapse"/></table:table>"#;
    let h = hidden(big, "A");
    assert!(h.is_row_hidden(usize::MAX) && h.is_column_hidden(7));
    // An error cell repeated past any sheet is refused, not expanded.
    let many = r#"<table:table table:name="A"><table:table-row table:number-rows-repeated="1000000"><table:table-cell calcext:value-type="error" table:number-columns-repeated="1000"/></table:table-row></table:table>"#;
    assert!(scan(many, "A").unwrap_err().contains("error or boolean"));
    assert!(scan_ods(b"not a zip", "A").is_err());
}

#[test]
fn a_number_whose_shown_text_has_no_digit_shows_nothing() {
    let tables = r#"<table:table table:name="Pay"><table:table-row>
        <table:table-cell office:value-type="float" office:value="9400"><text:p>-</text:p></table:table-cell>
        <table:table-cell office:value-type="float" office:value="9400"><text:p>Tk 9,400</text:p></table:table-cell>
        <table:table-cell office:value-type="float" office:value="9400"><text:p>&#x9EF;</text:p></table:table-cell>
        <table:table-cell office:value-type="float" office:value="0"><text:p>-</text:p></table:table-cell>
        <table:table-cell office:value-type="float" office:value="9400"/>
        <table:table-cell office:value-type="string"><text:p>-</text:p></table:table-cell>
        <table:table-cell office:value-type="currency" office:value="5" table:number-columns-repeated="2"><text:p/><office:annotation><text:p>5</text:p></office:annotation></table:table-cell>
        </table:table-row></table:table>"#;
    let unseen = scan(tables, "Pay").unwrap().hidden.cells;
    // The dash; not a shown figure, a Bengali digit, a zero (refused as a
    // dash anyway), a number with no shown text saved, a text; both copies
    // of the empty currency (its comment's digit is not its text).
    assert_eq!(unseen, vec![(1, 0), (1, 6), (1, 7)]);
}

#[test]
fn a_number_whose_shown_text_states_another_number_is_misstated() {
    let tables = r#"<table:table table:name="Pay"><table:table-row>
        <table:table-cell office:value-type="float" office:value="12000"><text:p>12</text:p></table:table-cell>
        <table:table-cell office:value-type="float" office:value="12000"><text:p>Tk 12,000.00</text:p></table:table-cell>
        <table:table-cell office:value-type="float" office:value="1234.56"><text:p>1,235</text:p></table:table-cell>
        <table:table-cell office:value-type="float" office:value="0.5"><text:p>1/2</text:p></table:table-cell>
        <table:table-cell office:value-type="string"><text:p>12</text:p></table:table-cell>
        </table:table-row></table:table>"#;
    let hidden = scan(tables, "Pay").unwrap().hidden;
    assert_eq!(hidden.misstated, vec![(1, 0)]);
    assert!(hidden.cells.is_empty());
}

#[test]
fn cells_struck_through_by_their_style_row_or_column_are_kept() {
    let doc = r#"<?xml version="1.0"?><office:document-content><office:automatic-styles>
        <style:style style:name="Default" style:family="table-cell"/>
        <style:style style:name="ce1" style:family="table-cell" style:parent-style-name="Default"><style:text-properties style:text-line-through-style="solid" style:text-line-through-type="single"/></style:style>
        <style:style style:name="ce2" style:family="table-cell" style:parent-style-name="ce1"/>
        <style:style style:name="ce3" style:family="table-cell" style:parent-style-name="ce1"><style:text-properties style:text-line-through-style="none"/></style:style>
        <style:style style:name="ce4" style:family="table-cell"><style:text-properties style:text-line-through-type="double"/></style:style>
        </office:automatic-styles><office:body><office:spreadsheet><table:table table:name="Pay">
        <table:table-column table:default-cell-style-name="ce1"/><table:table-column table:number-columns-repeated="4"/>
        <table:table-row>
          <table:table-cell office:value-type="float" office:value="1"/>
          <table:table-cell table:style-name="ce2" office:value-type="string"><text:p>a</text:p></table:table-cell>
          <table:table-cell table:style-name="ce3" office:value-type="float" office:value="1"/>
          <table:table-cell table:style-name="ce4" office:value-type="float" office:value="1"/>
          <table:table-cell table:style-name="ce2"/>
        </table:table-row>
        <table:table-row table:number-rows-repeated="2" table:default-cell-style-name="ce2">
          <table:table-cell table:style-name="ce3" office:value-type="float" office:value="1"/>
          <table:table-cell office:value-type="float" office:value="1"/>
        </table:table-row>
        </table:table></office:spreadsheet></office:body></office:document-content>"#;
    let h = scan_content(doc.as_bytes(), "Pay", UnseenStyles::default())
        .unwrap()
        .hidden;
    // A column's default, a parent's, a type alone; the row's default in
    // both copies of the row. Line-through "none" and an empty cell are not.
    assert_eq!(h.struck, vec![(1, 0), (1, 1), (1, 3), (2, 1), (3, 1)]);
    assert!(h.cells.is_empty() && h.misstated.is_empty());
}

#[test]
fn a_span_struck_through_over_a_digit_strikes_its_cell() {
    // LibreOffice's rich text: spans of text styles; T2 strikes.
    let doc = r##"<?xml version="1.0"?><office:document-content><office:automatic-styles>
        <style:style style:name="T1" style:family="text"><style:text-properties fo:color="#ff0000" style:text-line-through-type="none"/></style:style>
        <style:style style:name="T2" style:family="text"><style:text-properties style:text-line-through-style="solid" style:text-line-through-type="single"/></style:style>
        </office:automatic-styles><office:body><office:spreadsheet><table:table table:name="Pay">
        <table:table-row table:number-rows-repeated="2">
          <table:table-cell office:value-type="string"><text:p><text:span text:style-name="T1">0171234</text:span><text:span text:style-name="T2">5012</text:span></text:p></table:table-cell>
          <table:table-cell office:value-type="string"><text:p><text:span text:style-name="T1">0171234</text:span>5013</text:p></table:table-cell>
          <table:table-cell office:value-type="string"><text:p>Rahim<text:span text:style-name="T2"> (old)</text:span></text:p></table:table-cell>
          <table:table-cell office:value-type="string"><text:p>5</text:p><office:annotation><text:p><text:span text:style-name="T2">9</text:span></text:p></office:annotation></table:table-cell>
        </table:table-row>
        </table:table></office:spreadsheet></office:body></office:document-content>"##;
    let h = scan_content(doc.as_bytes(), "Pay", UnseenStyles::default())
        .unwrap()
        .hidden;
    // Both copies of the first cell; not a struck run without a digit, nor
    // one in a comment.
    assert_eq!(h.struck, vec![(1, 0), (2, 0)]);
}

/// A cell that spans rows or columns is a merged range, placed as its first
/// copy is; a span of one cell merges nothing.
#[test]
fn cells_that_span_more_than_themselves_are_merged_ranges() {
    let s = scan(
        r#"<table:table table:name="S"><table:table-row>
        <table:table-cell table:number-columns-spanned="2" table:number-rows-spanned="3"/>
        <table:covered-table-cell/>
        <table:table-cell table:number-columns-spanned="1" table:number-rows-spanned="1"/>
        </table:table-row><table:table-row table:number-rows-repeated="2">
        <table:covered-table-cell table:number-columns-repeated="2"/>
        <table:table-cell table:number-rows-spanned="2"><text:p>On hold</text:p></table:table-cell>
        </table:table-row></table:table>"#,
        "S",
    )
    .unwrap();
    assert_eq!(s.merges, vec![(1, 3, 0, 1), (2, 3, 2, 2)]);
}
