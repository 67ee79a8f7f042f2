//! Hidden rows and columns of an `.ods` worksheet.
//!
//! LibreOffice marks a hidden row (by hand, in a collapsed group, or by a
//! filter) with `table:visibility="collapsed"` or `"filter"` on its
//! `table:table-row`, and a hidden column the same way on its
//! `table:table-column`. Both may stand for many rows or columns at once
//! (`number-rows-repeated`, `number-columns-repeated`). The sheet's rows are
//! numbered the way calamine numbers them: each row element counts its
//! repeats, so the first row after a repeat of 5 empty rows is row 6.

use super::hidden::{HiddenParts, MAX_RUNS, add_run, local, number, unescape};
use super::ods_guard::{MAX_TAG_BYTES, attr_value, read_tag, skip_until, tag_name};
use std::io::{BufReader, Read};

/// The most `content.xml` read, as the `.ods` guard reads it.
const MAX_CONTENT_BYTES: u64 = 1024 * 1024 * 1024;

/// Finds what is hidden in table `sheet` of an `.ods` in memory.
pub(super) fn scan_ods(bytes: &[u8], sheet: &str) -> HiddenParts {
    let found = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("the workbook is not a readable ZIP ({e})"))
        .and_then(|mut zip| {
            let f = zip
                .by_name("content.xml")
                .map_err(|_| "the workbook has no content.xml".to_string())?;
            scan_content(f.take(MAX_CONTENT_BYTES + 1), sheet)
        });
    match found {
        Ok(h) => h,
        Err(why) => HiddenParts::unknown(why),
    }
}

/// Streams `content.xml` and keeps the hidden rows and columns of `sheet`.
pub(super) fn scan_content(reader: impl Read, sheet: &str) -> Result<HiddenParts, String> {
    let mut r = BufReader::with_capacity(64 * 1024, reader);
    let mut tag = Vec::with_capacity(1024);
    let mut hidden = HiddenParts::none();
    let mut read: u64 = 0;
    let mut inside = false;
    // Rows and columns passed so far in the table (0-based next index).
    let (mut row, mut col) = (0usize, 0usize);
    loop {
        read += skip_until(&mut r, b'<').map_err(|e| e.to_string())?;
        let Some(len) = read_tag(&mut r, &mut tag).map_err(|e| e.to_string())? else {
            break;
        };
        read += len;
        if read > MAX_CONTENT_BYTES {
            return Err("content.xml is over 1 GiB".into());
        }
        let (end, name) = local(tag_name(&tag));
        let row_or_col = name == b"table-row" || name == b"table-column" || name == b"table";
        if !end && row_or_col && len > MAX_TAG_BYTES as u64 {
            return Err(format!(
                "a <table:{}> tag is {len} bytes long, too long to read",
                String::from_utf8_lossy(name)
            ));
        }
        match (end, name) {
            (false, b"table") => {
                inside = attr_value(&tag, b"table:name").is_some_and(|n| unescape(n) == sheet);
                (row, col) = (0, 0);
            }
            (true, b"table") if inside => return Ok(hidden.sorted()),
            (false, b"table-row") if inside => {
                let repeats = repeats(&tag, b"table:number-rows-repeated")?;
                if is_hidden(&tag) {
                    add_run(
                        &mut hidden.rows,
                        row.saturating_add(1),
                        row.saturating_add(repeats),
                    );
                }
                row = row.saturating_add(repeats);
            }
            (false, b"table-column") if inside => {
                let repeats = repeats(&tag, b"table:number-columns-repeated")?;
                if is_hidden(&tag) {
                    add_run(&mut hidden.columns, col, col.saturating_add(repeats - 1));
                }
                col = col.saturating_add(repeats);
            }
            _ => {}
        }
        if hidden.rows.len() > MAX_RUNS || hidden.columns.len() > MAX_RUNS {
            return Err("more runs of hidden rows or columns than a sheet can have".into());
        }
    }
    if inside {
        // The table never ended: the file is cut short.
        return Err("content.xml ends inside the worksheet".into());
    }
    Err("content.xml has no table with the worksheet's name".into())
}

fn is_hidden(tag: &[u8]) -> bool {
    matches!(
        attr_value(tag, b"table:visibility").map(<[u8]>::trim_ascii),
        Some(b"collapsed" | b"filter")
    )
}

/// A repeat count: at least 1; one calamine could not read fails the scan.
fn repeats(tag: &[u8], name: &[u8]) -> Result<usize, String> {
    match attr_value(tag, name) {
        None => Ok(1),
        Some(v) => number(v)
            .map(|n| n.max(1))
            .ok_or_else(|| format!("a repeat count reads {:?}", String::from_utf8_lossy(v))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(tables: &str, sheet: &str) -> Result<HiddenParts, String> {
        let doc = format!(
            "<?xml version=\"1.0\"?><office:document-content><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"
        );
        scan_content(doc.as_bytes(), sheet)
    }

    #[test]
    fn hidden_rows_and_columns_count_their_repeats() {
        let h = scan(
            r#"<table:table table:name="Other"><table:table-row table:visibility="collapsed"/></table:table>
            <table:table table:name="Pay &amp; Co">
            <table:table-column table:number-columns-repeated="2"/><table:table-column table:visibility="collapsed" table:number-columns-repeated="2"/>
            <table:table-row><table:table-cell/></table:table-row>
            <table:table-row table:number-rows-repeated="3" table:visibility="filter"/>
            <table:table-row/>
            <table:table-row table:visibility="collapsed"><table:table-cell/></table:table-row>
            <table:table-row table:visibility="visible"/>
            </table:table>"#,
            "Pay & Co",
        )
        .unwrap();
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
        let h = scan(
            r#"<table:table table:name="Pay">
            <table:table-column table:number-columns-repeated="3"/><table:table-column table:visibility="collapse"/>
            <table:table-row><table:table-cell/></table:table-row>
            <table:table-row table:visibility="collapse" x="a>b"><table:table-cell/></table:table-row>
            <table:table-row table:visibility="filter"><table:table-cell/></table:table-row>
            <table:table-row table:visibility="visible"><table:table-cell/></table:table-row>
            </table:table>"#,
            "Pay",
        )
        .unwrap();
        assert!(!h.is_row_hidden(1) && h.is_row_hidden(2) && h.is_row_hidden(3));
        assert!(!h.is_row_hidden(4));
        assert!(!h.is_column_hidden(2) && h.is_column_hidden(3) && !h.is_column_hidden(4));
    }

    #[test]
    fn what_cannot_be_read_fails_the_scan_and_never_panics() {
        assert!(scan(r#"<table:table table:name="A"></table:table>"#, "B").is_err());
        assert!(scan(r#"<table:table table:name="A"><table:table-row>"#, "A").is_err());
        let bad = r#"<table:table table:name="A"><table:table-row table:number-rows-repeated="x"/></table:table>"#;
        assert!(scan(bad, "A").is_err());
        let huge = format!(
            r#"<table:table table:name="A"><table:table-row x="{}" table:visibility="collapsed"/></table:table>"#,
            "a".repeat(100_000)
        );
        assert!(scan(&huge, "A").unwrap_err().contains("too long"));
        // Repeats past any sheet saturate instead of overflowing.
        let big = r#"<table:table table:name="A"><table:table-row table:number-rows-repeated="18446744073709551615" table:visibility="collapsed"/><table:table-row table:number-rows-repeated="18446744073709551615" table:visibility="collapsed"/><table:table-column table:number-columns-repeated="18446744073709551615" table:visibility="collapsed"/></table:table>"#;
        let h = scan(big, "A").unwrap();
        assert!(h.is_row_hidden(usize::MAX) && h.is_column_hidden(7));
        assert!(scan_ods(b"not a zip", "A").unknown_reason().is_some());
    }
}
