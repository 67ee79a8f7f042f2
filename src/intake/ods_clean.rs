//! An `.ods` whose XML is indented, made readable for calamine.
//!
//! OpenDocument tables hold elements only, between the cells of a row as
//! between rows: whitespace there means nothing (ODF 1.3 part 3, 6.1.2:
//! white space is significant only in paragraph content). LibreOffice writes
//! none; Gnumeric indents its `content.xml`, one cell per line. calamine
//! refuses any text between the cells of a row ("Expecting 'table-cell',
//! found Text"), so every `.ods` Gnumeric saves was refused as damaged; and
//! in a string cell it would keep the line break and indent around the
//! paragraph as part of the text.
//!
//! So before calamine opens an `.ods`, whitespace-only text outside
//! paragraphs (`text:p`, `text:h`) is dropped from `content.xml`, and the
//! package is rebuilt around it: every other entry copied as it is stored.
//! Nothing inside a paragraph changes, and no element is added, removed or
//! reordered, so payrun's own scans of the original (`ods_scan`) see the
//! same cells at the same places. A file with no such whitespace (every
//! LibreOffice save) is given to calamine as it is.

use super::xml::local;
use quick_xml::events::Event;
use std::io::{Cursor, Read, Write};

/// The most `content.xml` read (the same bound as `ods_guard`).
const MAX_CONTENT_BYTES: u64 = super::ods_guard::MAX_CONTENT_BYTES;

/// The package with `content.xml` cleaned, or `None` when it has no
/// whitespace calamine would trip on (or is not a readable package, which
/// calamine then reports as damaged in its usual words).
pub(super) fn cleaned(bytes: &[u8]) -> Result<Option<Vec<u8>>, String> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(None);
    };
    let content = match zip.by_name("content.xml") {
        Ok(f) => {
            let mut xml = Vec::new();
            f.take(MAX_CONTENT_BYTES + 1)
                .read_to_end(&mut xml)
                .map_err(|e| format!("cannot read content.xml ({e})"))?;
            xml
        }
        Err(_) => return Ok(None),
    };
    let Some(content) = strip(&content)? else {
        return Ok(None);
    };
    let fail = |e: zip::result::ZipError| format!("cannot prepare the sheet for reading ({e})");
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(bytes.len())));
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(fail)?;
        if entry.name() == "content.xml" {
            drop(entry);
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Stored)
                .large_file(content.len() as u64 >= u64::from(u32::MAX));
            out.start_file("content.xml", options).map_err(fail)?;
            out.write_all(&content)
                .map_err(|e| format!("cannot prepare the sheet for reading ({e})"))?;
        } else {
            out.raw_copy_file(entry).map_err(fail)?;
        }
    }
    Ok(Some(out.finish().map_err(fail)?.into_inner()))
}

/// `xml` without whitespace-only text outside paragraphs; `None` when it
/// has none.
fn strip(xml: &[u8]) -> Result<Option<Vec<u8>>, String> {
    if !blank_between_tags(xml) {
        return Ok(None);
    }
    let mut reader = quick_xml::Reader::from_reader(xml);
    let config = reader.config_mut();
    config.check_end_names = false;
    config.allow_unmatched_ends = true;
    config.check_comments = false;
    let mut writer = quick_xml::Writer::new(Vec::with_capacity(xml.len()));
    let mut buf = Vec::new();
    // How many paragraphs (`text:p`, `text:h`) are open here.
    let mut in_paragraph: usize = 0;
    let mut dropped = false;
    loop {
        buf.clear();
        let event = reader.read_event_into(&mut buf).map_err(|e| {
            format!(
                "content.xml is not well-formed XML near byte {} ({e})",
                reader.error_position()
            )
        })?;
        match &event {
            Event::Eof => break,
            Event::Start(e) if is_paragraph(e.name().as_ref()) => in_paragraph += 1,
            Event::End(e) if is_paragraph(e.name().as_ref()) => {
                in_paragraph = in_paragraph.saturating_sub(1);
            }
            Event::Text(t)
                if in_paragraph == 0
                    && t.iter().all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r')) =>
            {
                dropped = true;
                continue;
            }
            _ => {}
        }
        writer
            .write_event(event)
            .map_err(|e| format!("cannot prepare the sheet for reading ({e})"))?;
    }
    Ok(dropped.then(|| writer.into_inner()))
}

/// Whether any tag is followed by whitespace and another tag: one pass over
/// the bytes, so a file with none (every LibreOffice save) is not parsed
/// and written again.
fn blank_between_tags(xml: &[u8]) -> bool {
    let mut after_tag = false;
    let mut blank = false;
    for &b in xml {
        match b {
            b'<' if after_tag && blank => return true,
            b'>' => (after_tag, blank) = (true, false),
            b' ' | b'\t' | b'\n' | b'\r' => blank = true,
            _ => after_tag = false,
        }
    }
    false
}

fn is_paragraph(name: &[u8]) -> bool {
    matches!(local(name), b"p" | b"h")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_between_cells_goes_and_paragraphs_keep_theirs() {
        let xml = b"<t:table-row>\n  <t:table-cell v=\"1\"><text:p> Rahim  <text:s/>Uddin\n</text:p></t:table-cell>\n\t<t:table-cell/>\r\n</t:table-row>";
        let out = strip(xml).unwrap().expect("whitespace dropped");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<t:table-row><t:table-cell v=\"1\"><text:p> Rahim  <text:s/>Uddin\n</text:p></t:table-cell><t:table-cell/></t:table-row>"
        );
        // LibreOffice's way: nothing to drop, the original is used.
        assert_eq!(strip(b"<r><c><text:p>a b</text:p></c></r>").unwrap(), None);
        assert!(strip(b"<r> <c a=\"1></r>").is_err());
        assert!(blank_between_tags(b"<a>\n <b/>") && !blank_between_tags(b"<a>x <b/>"));
    }

    #[test]
    fn a_package_that_is_no_zip_is_left_to_calamine() {
        assert_eq!(cleaned(b"not a zip").unwrap(), None);
    }
}
