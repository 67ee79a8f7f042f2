//! What a file really is, from its first bytes, whatever its name says.
//!
//! Banks' and ERPs' "Export to Excel" often write a web page (an HTML
//! table), an Excel 2003 XML spreadsheet, or tab-separated text, and name it
//! `.xls`. Excel opens all of them after a warning, so finance teams never
//! notice. payrun reads none of them as a workbook: read as text, a web page
//! is mapped column by column from `<html>…`. Each gets a message saying what
//! the file is and how to save it as a real workbook.

/// What the first bytes of a file show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Content {
    /// A ZIP: `.xlsx`, `.xlsm`, `.xlsb` or `.ods`.
    Zip,
    /// An OLE2 compound file: `.xls`.
    Ole,
    /// A web page.
    Html,
    /// Excel 2003 XML Spreadsheet (`urn:schemas-microsoft-com:office:spreadsheet`).
    Xml2003,
    /// A flat OpenDocument file (LibreOffice's "Flat XML ODF", `.fods`).
    FlatOdf,
    /// Some other XML.
    Xml,
    /// UTF-16 text with a byte-order mark (Excel's "Unicode Text").
    Utf16Text,
    Pdf,
    /// Text separated by tabs, semicolons or commas.
    Text(u8),
    /// Anything else.
    Binary,
}

/// How much of the file is looked at.
const SNIFF: usize = 8 * 1024;

pub(super) fn content(bytes: &[u8]) -> Content {
    let head = bytes.get(..SNIFF.min(bytes.len())).unwrap_or(bytes);
    if head.starts_with(b"PK\x03\x04") {
        return Content::Zip;
    }
    if head.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return Content::Ole;
    }
    if head.starts_with(b"%PDF") {
        return Content::Pdf;
    }
    if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        return match markup(&utf16_head(head)) {
            Some(c) => c,
            None => Content::Utf16Text,
        };
    }
    let text = String::from_utf8_lossy(head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head));
    if let Some(c) = markup(&text) {
        return c;
    }
    let controls = head
        .iter()
        .filter(|b| (**b < 0x20 && !matches!(**b, b'\t' | b'\n' | b'\r' | 0x0C)) || **b == 0x7F)
        .count();
    if controls > 0 {
        return Content::Binary;
    }
    let first_line = text.lines().next().unwrap_or("");
    for sep in [b'\t', b';', b','] {
        if first_line.as_bytes().contains(&sep) {
            return Content::Text(sep);
        }
    }
    Content::Binary
}

/// HTML or XML, from text that starts with markup (after spaces and comments).
fn markup(text: &str) -> Option<Content> {
    let t = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if !t.starts_with('<') {
        return None;
    }
    let lower: String = t
        .chars()
        .take(SNIFF)
        .collect::<String>()
        .to_ascii_lowercase();
    if lower.contains("urn:schemas-microsoft-com:office:spreadsheet")
        || lower.contains("progid=\"excel.sheet\"")
    {
        return Some(Content::Xml2003);
    }
    // Before the web page tags: its tables are `<table:table>`.
    if lower.contains("<office:document") {
        return Some(Content::FlatOdf);
    }
    let html = [
        "<!doctype html",
        "<html",
        "<table",
        "<head",
        "<body",
        "<meta",
        "<title",
    ];
    if html.iter().any(|tag| lower.contains(tag)) {
        return Some(Content::Html);
    }
    lower.starts_with("<?xml").then_some(Content::Xml)
}

/// The first characters of UTF-16 text with a BOM, as a string.
fn utf16_head(head: &[u8]) -> String {
    let le = head.starts_with(b"\xFF\xFE");
    let units = head
        .get(2..)
        .unwrap_or(&[])
        .chunks_exact(2)
        .map(|p| match p {
            [a, b] if le => u16::from_le_bytes([*a, *b]),
            [a, b] => u16::from_be_bytes([*a, *b]),
            _ => 0,
        });
    char::decode_utf16(units)
        .map(|c| c.unwrap_or('\u{FFFD}'))
        .collect()
}

/// What a flat OpenDocument file is, in a message.
pub(super) const FLAT_ODF: &str =
    "a flat OpenDocument spreadsheet (LibreOffice's \"Flat XML ODF Spreadsheet\", .fods)";

/// What to do with one: payrun reads its zipped form.
pub(super) const FLAT_ODF_FIX: &str = "payrun does not read flat .fods files: open it in \
    LibreOffice and Save As .ods (ODF Spreadsheet) or .xlsx, then check that file";

/// The message for a file named `.ext` whose content is `what`, or `None`
/// when the content is what the name says.
pub(super) fn mismatch(ext: &str, what: Content, expected: Content) -> Option<String> {
    if what == expected {
        return None;
    }
    let resave =
        "open it in Excel or LibreOffice and Save As .xlsx (Excel Workbook), then check that file";
    Some(match what {
        Content::Html => format!(
            "this is a web page (HTML) saved as .{ext}, as a bank's or ERP's \"Export to Excel\" makes, not a workbook; payrun does not read web pages: {resave}"
        ),
        Content::Xml2003 => format!(
            "this is an Excel 2003 XML spreadsheet saved as .{ext}, not a workbook payrun reads: {resave}"
        ),
        Content::FlatOdf => format!("this is {FLAT_ODF} saved as .{ext}; {FLAT_ODF_FIX}"),
        Content::Xml => format!("this is an XML file saved as .{ext}, not a workbook: {resave}"),
        Content::Utf16Text => format!(
            "this is UTF-16 text (Excel's \"Unicode Text\") saved as .{ext}, not a workbook, and payrun reads text only as UTF-8: {resave}, or Save As \"CSV UTF-8 (Comma delimited)\""
        ),
        Content::Text(sep) => format!(
            "this is {} text saved as .{ext}, not a workbook; rename it to .{} and check it again, or {resave}",
            match sep {
                b'\t' => "tab-separated",
                b';' => "semicolon-separated",
                _ => "comma-separated (CSV)",
            },
            if sep == b'\t' { "tsv" } else { "csv" }
        ),
        Content::Zip => format!(
            "the file's name says .{ext} but its content is a ZIP-based workbook (.xlsx or .ods); rename it to .xlsx (or .ods)"
        ),
        Content::Ole => format!(
            "the file's name says .{ext} but its content is an old Excel workbook; rename it to .xls"
        ),
        Content::Pdf => {
            format!("this is a PDF saved as .{ext}, not a workbook; export the payroll as .xlsx")
        }
        Content::Binary => format!(
            "the file's name says .{ext} but its content is not a workbook at all; check that this is the payroll export"
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exports_that_pretend_to_be_workbooks_are_named() {
        let cases: [(&[u8], Content); 11] = [
            (b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\"><office:body><table:table>", Content::FlatOdf),
            (b"<html xmlns:o=\"urn:schemas-microsoft-com:office:office\"><table><tr><td>Wallet</td></tr></table></html>", Content::Html),
            (b"\xEF\xBB\xBF\r\n  <!DOCTYPE html><HTML><BODY><TABLE>", Content::Html),
            (b"<table border=1><tr><th>Name</th></tr></table>", Content::Html),
            (b"<?xml version=\"1.0\"?>\n<?mso-application progid=\"Excel.Sheet\"?>\n<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">", Content::Xml2003),
            (b"<?xml version=\"1.0\"?><root/>", Content::Xml),
            (b"\xFF\xFEN\0a\0m\0e\0\t\0W\0", Content::Utf16Text),
            (b"Name\tWallet\tAmount\r\nA\t017\t5\r\n", Content::Text(b'\t')),
            (b"Name;Wallet;Amount\n", Content::Text(b';')),
            (b"PK\x03\x04rest", Content::Zip),
            (b"\0\x01\x02binary", Content::Binary),
        ];
        for (bytes, want) in cases {
            assert_eq!(content(bytes), want, "{:?}", String::from_utf8_lossy(bytes));
        }
        let html16: Vec<u8> = "\u{feff}<html><table>"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(content(&html16), Content::Html);
        let m = mismatch("xls", Content::Html, Content::Ole).unwrap();
        assert!(m.contains("web page") && m.contains("Save As .xlsx"), "{m}");
        assert_eq!(mismatch("xls", Content::Ole, Content::Ole), None);
    }
}
