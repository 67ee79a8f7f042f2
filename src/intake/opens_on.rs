//! Which worksheet a workbook opens on: the tab its author last looked at.
//!
//! payrun reads the first visible worksheet unless `--sheet` names one (the
//! spec's rule). When the file opens on another sheet, that is the sheet a
//! person checking it sees, so the note naming the sheets not read says so.
//! calamine does not report it; each format keeps it in one place:
//! - `.xlsx`: `<workbookView activeTab="N">` in `xl/workbook.xml` (ECMA-376
//!   Part 1, 18.2.30; N counts every sheet, 0 when left out);
//! - `.xls`: WINDOW1 (0x003D) `itabCur`, at byte 10 of the record ([MS-XLS]
//!   2.4.345), counted in BOUNDSHEET order;
//! - `.xlsb`: BrtBookView `itabCur` in `xl/workbook.bin` ([MS-XLSB]
//!   2.4.301; `xlsb_book::opens_on`), counted as in `.xls`;
//! - `.ods`: the `ActiveTable` view setting in `settings.xml`, by name
//!   (absent from a file converted without a view, as `soffice --headless`
//!   writes).
//!
//! What cannot be read is `None`: the note then only names the other
//! sheets. Nothing here decides what is read; when the open sheet holds a
//! payroll table too, `excel_choose::refuse_open_payroll` refuses the file.

use super::excel::Format;
use super::quoted;
use super::xml::{Tag, Xml, attr, local};
use calamine::{Sheet, SheetType, SheetVisible};
use std::io::{Cursor, Read};

/// The most `workbook.xml` or `settings.xml` read: both are small.
const MAX_XML_BYTES: u64 = 16 * 1024 * 1024;

/// The tab a workbook opens on, by its place or its name.
pub(super) enum Tab {
    Index(usize),
    Name(String),
}

impl Tab {
    /// The sheet's name, if the workbook has such a sheet.
    pub(super) fn name(self, sheets: &[Sheet]) -> Option<String> {
        match self {
            Tab::Index(i) => sheets.get(i).map(|s| s.name.clone()),
            Tab::Name(n) => sheets.iter().any(|s| s.name == n).then_some(n),
        }
    }
}

/// The tab an `.xlsx`, `.xlsb` or `.ods` opens on (an `.xls` is read from its
/// checked stream, `XlsBook::opens_on`).
pub(super) fn sheet(format: Format, bytes: &[u8]) -> Option<Tab> {
    match format {
        Format::Xlsx => xlsx(bytes).map(Tab::Index),
        Format::Ods => ods(bytes).map(Tab::Name),
        Format::Xlsb => super::xlsb_book::opens_on(bytes).map(Tab::Index),
        Format::Xls => None,
    }
}

/// The note naming the other visible worksheets, which are not read: a
/// workbook of one sheet per month read by default must never pay last
/// month's unawares. It is a limit, so `--quiet` keeps it.
pub(super) fn not_read(sheets: &[Sheet], read: &str, opens_on: Option<&str>) -> Option<String> {
    let others: Vec<&str> = sheets
        .iter()
        .filter(|s| {
            s.name != read
                && s.visible == SheetVisible::Visible
                && matches!(s.typ, SheetType::WorkSheet)
        })
        .map(|s| s.name.as_str())
        .collect();
    if others.is_empty() {
        return None;
    }
    let list = |names: &[&str]| {
        let shown: Vec<String> = names.iter().take(5).map(|n| quoted(n)).collect();
        match names.len().saturating_sub(5) {
            0 => shown.join(", "),
            n => format!("{} and {n} more", shown.join(", ")),
        }
    };
    Some(match opens_on.filter(|n| others.contains(n)) {
        Some(n) => {
            let rest: Vec<&str> = others.iter().copied().filter(|o| *o != n).collect();
            let also = match rest.is_empty() {
                true => String::new(),
                false => format!("; also not read: {}", list(&rest)),
            };
            format!(
                "read worksheet {}, the first visible one, but the workbook opens on {}, which is not read (pick it with --sheet {}){also}",
                quoted(read),
                quoted(n),
                quoted(n)
            )
        }
        None => format!(
            "read worksheet {}, the first visible one; not read: {} (pick another with --sheet NAME)",
            quoted(read),
            list(&others)
        ),
    })
}

/// The index (in the workbook's order of sheets) of the tab an `.xlsx`
/// opens on.
pub(super) fn xlsx(bytes: &[u8]) -> Option<usize> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let part = zip.by_name("xl/workbook.xml").ok()?;
    let mut xml = Xml::new(part, MAX_XML_BYTES, "xl/workbook.xml");
    while let Ok(Some(tag)) = xml.next_tag() {
        if let Tag::Open { e, .. } = tag
            && local(e.name().as_ref()) == b"workbookView"
        {
            return attr(&e, b"activeTab").map_or(Some(0), |v| v.trim().parse().ok());
        }
    }
    None
}

/// The index (BOUNDSHEET order) of the tab an `.xls` workbook stream opens
/// on: the first WINDOW1 record of the globals.
pub(super) fn xls(stream: &[u8]) -> Option<usize> {
    let mut pos = 0usize;
    loop {
        let head = stream.get(pos..pos.checked_add(4)?)?;
        let typ = u16::from_le_bytes([head[0], head[1]]);
        let len = usize::from(u16::from_le_bytes([head[2], head[3]]));
        let body = stream.get(pos + 4..pos + 4 + len)?;
        match typ {
            0x003D => {
                let tab = body.get(10..12)?;
                return Some(usize::from(u16::from_le_bytes([tab[0], tab[1]])));
            }
            0x000A => return None,
            _ => pos += 4 + len,
        }
    }
}

/// The name of the sheet an `.ods` opens on.
pub(super) fn ods(bytes: &[u8]) -> Option<String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let part = zip.by_name("settings.xml").ok()?;
    active_table(part)
}

fn active_table(part: impl Read) -> Option<String> {
    let mut xml = Xml::new(part, MAX_XML_BYTES, "settings.xml");
    let mut inside = false;
    let mut name = String::new();
    while let Ok(Some(tag)) = xml.next_tag() {
        match tag {
            Tag::Open { e, empty: false } if local(e.name().as_ref()) == b"config-item" => {
                inside = attr(&e, b"name").as_deref() == Some("ActiveTable");
            }
            Tag::Text(t) if inside => name.push_str(&String::from_utf8_lossy(&t)),
            Tag::Ref(r) if inside => {
                // `&amp;` and the like in a sheet's name.
                let text = format!("&{};", String::from_utf8_lossy(&r));
                name.push_str(&quick_xml::escape::unescape(&text).ok()?);
            }
            Tag::Close(b"config-item") if inside => {
                return (!name.is_empty()).then_some(name);
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_active_table_of_an_ods_is_read_by_name() {
        let settings = r#"<s><config:config-item config:name="VisibleAreaTop">0</config:config-item><config:config-item config:name="ActiveTable" config:type="string">Nov &amp; Dec</config:config-item></s>"#;
        assert_eq!(
            active_table(settings.as_bytes()).as_deref(),
            Some("Nov & Dec")
        );
        assert_eq!(active_table(&b"<s/>"[..]), None);
        assert_eq!(ods(b"not a zip"), None);
        assert_eq!(xlsx(b"not a zip"), None);
    }

    #[test]
    fn the_note_names_every_visible_worksheet_not_read() {
        let sheet = |name: &str, visible| Sheet {
            name: name.into(),
            typ: SheetType::WorkSheet,
            visible,
        };
        let mut sheets = vec![
            sheet("Oct", SheetVisible::Visible),
            sheet("Draft", SheetVisible::Hidden),
            sheet("Nov", SheetVisible::Visible),
        ];
        assert_eq!(not_read(&sheets[..2], "Oct", Some("Oct")), None);
        let n = not_read(&sheets, "Oct", None).unwrap();
        assert!(
            n.contains("not read: \"Nov\"") && !n.contains("Draft"),
            "{n}"
        );
        sheets.extend((1..=7).map(|i| sheet(&format!("S{i}"), SheetVisible::Visible)));
        let n = not_read(&sheets, "Oct", Some("S7")).unwrap();
        assert!(n.contains("opens on \"S7\", which is not read"), "{n}");
        assert!(
            n.contains("also not read: \"Nov\", \"S1\", \"S2\", \"S3\", \"S4\" and 2 more"),
            "{n}"
        );
    }

    #[test]
    fn the_tab_an_xls_opens_on_is_its_window_record() {
        let mut window = vec![0x3D, 0, 18, 0];
        let mut body = [0u8; 18];
        body[10] = 2;
        window.extend(body);
        let mut stream = vec![0x09, 0x08, 0, 0];
        stream.extend(&window);
        assert_eq!(xls(&stream), Some(2));
        assert_eq!(xls(&stream[..10]), None, "cut short");
        assert_eq!(xls(&[0x0A, 0, 0, 0]), None, "no window before EOF");
    }
}
