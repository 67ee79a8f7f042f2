//! Fuzzes workbook intake end to end through
//! `payrun::testing::validate::validate_file` on an `.xlsx` file.
//!
//! Byte 0 picks the mode:
//! - even: the rest is the whole file. Reaches the ZIP layer and calamine's
//!   error paths, rarely the sheet itself (a ZIP's CRCs stop most mutations).
//! - odd: bytes 1-2 (big-endian) are the length of a worksheet XML part, the
//!   rest after it is the shared-strings part; both are packed into an
//!   otherwise valid workbook, so the mutations reach calamine's XML reader,
//!   cell rendering and payrun's header detection and row rules.
//!
//! It must return Ok or a clean Err, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use payrun::testing::validate::{CheckOptions, validate_file};
use std::io::{Cursor, Write};
use std::path::PathBuf;
use std::sync::OnceLock;
use zip::write::SimpleFileOptions;

fn path() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        std::env::temp_dir().join(format!("payrun-fuzz-{}.xlsx", std::process::id()))
    })
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#;
const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Payroll" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;
/// Cell styles a sheet may name with `s="N"`: 0 general, 1 date (14),
/// 2 date-time (22), 3 custom `yyyy-mm-dd`, 4 text (49), 5 scientific (11),
/// 6 time (21), so that fuzzed numbers also reach the date rendering.
const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="7"><xf numFmtId="0" xfId="0"/><xf numFmtId="14" xfId="0" applyNumberFormat="1"/><xf numFmtId="22" xfId="0" applyNumberFormat="1"/><xf numFmtId="164" xfId="0" applyNumberFormat="1"/><xf numFmtId="49" xfId="0" applyNumberFormat="1"/><xf numFmtId="11" xfId="0" applyNumberFormat="1"/><xf numFmtId="21" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>"#;

/// A workbook whose sheet and shared strings are the fuzzer's.
fn workbook(sheet: &[u8], shared: &[u8]) -> Option<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, body) in [
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("xl/workbook.xml", WORKBOOK.as_bytes()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet),
        ("xl/sharedStrings.xml", shared),
        ("xl/styles.xml", STYLES.as_bytes()),
    ] {
        zip.start_file(name, opts).ok()?;
        zip.write_all(body).ok()?;
    }
    zip.finish().ok().map(Cursor::into_inner)
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let file = if mode % 2 == 0 {
        rest.to_vec()
    } else {
        let [hi, lo, parts @ ..] = rest else {
            return;
        };
        let split = usize::from(u16::from_be_bytes([*hi, *lo])).min(parts.len());
        let (sheet, shared) = parts.split_at(split);
        let Some(file) = workbook(sheet, shared) else {
            return;
        };
        file
    };
    if std::fs::write(path(), &file).is_err() {
        return;
    }
    let opts = CheckOptions {
        allow_fractional: mode & 2 != 0,
        ..CheckOptions::default()
    };
    match validate_file(path(), &opts) {
        Ok(v) => {
            assert_eq!(v.payouts.len() + v.invalid.len(), v.sheet.data_rows);
            for p in &v.payouts {
                assert!(p.amount.poisha() > 0 && p.amount <= opts.cap_for(p.provider));
            }
        }
        Err(e) => {
            let msg = e.to_string();
            assert!(!msg.is_empty());
            assert!(
                !msg.contains("please report this"),
                "reader thread died: {msg}"
            );
        }
    }
});
