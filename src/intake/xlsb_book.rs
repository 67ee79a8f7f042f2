//! What payrun reads itself of an `.xlsb` worksheet, as of an `.xlsx`:
//! hidden rows and columns, cells whose look hides, misstates or strikes
//! their value, and merged ranges. calamine reads an `.xlsb`'s cells and
//! none of these.
//!
//! The workbook part names each sheet in a BrtBundleSh ([MS-XLSB]
//! 2.4.305: its state, its tab id, its relationship id, its name, the
//! strings as a 4-byte count of UTF-16 units); the styles are in
//! `xlsb_styles.rs`, the sheet's records in `xlsb_sheet.rs`. A conditional
//! format is not read: a sheet with one is refused as unchecked, unless
//! the user says every row may be read as it is.

use super::hidden::{HiddenParts, sheet_part, with_the_sheet};
use super::merged::Area;
use super::xlsb_records::kind::{BOOK_VIEW, BUNDLE_SHEET};
use super::xlsb_records::{Records, wide};
use super::xlsb_sheet::scan_sheet;
use super::xlsb_styles::{XlsbLooks, xlsb_runs, xlsb_styles};
use super::xlsx_runs::RunLooks;
use super::xlsx_theme::Theme;
use calamine::{Data, Range};
use std::io::Read;

/// The most of a BrtBundleSh read: two strings of at most 255 + 32 units.
const MAX_BUNDLE: u32 = 4096;

/// What worksheet `sheet` of the `.xlsb` in `bytes` hides, and its merged
/// ranges; `range` is the sheet as calamine read it, where the cells under
/// merges and holding rich text are looked up.
pub(super) fn xlsb_inside(
    bytes: &[u8],
    sheet: &str,
    range: &Range<Data>,
) -> Result<(HiddenParts, Vec<Area>), String> {
    let (mut zip, part) = sheet_part(bytes, "xl/workbook.bin", |f| sheet_rid(f, sheet))?;
    let theme = match zip.by_name("xl/theme/theme1.xml") {
        Ok(f) => Theme::read(f)?,
        Err(_) => Theme::default(),
    };
    let looks = match zip.by_name("xl/styles.bin") {
        Ok(f) => xlsb_styles(f, &theme)?,
        Err(_) => XlsbLooks::default(),
    };
    let runs = match zip.by_name("xl/sharedStrings.bin") {
        Ok(f) => xlsb_runs(f, &looks)?,
        Err(_) => RunLooks::default(),
    };
    let read = {
        let f = zip
            .by_name(&part)
            .map_err(|_| format!("the worksheet's part {part} is missing"))?;
        scan_sheet(f, &looks.cells)?
    };
    let mut hidden = with_the_sheet(read.hidden.sorted(), &read.merges, &[], &runs, range)?;
    if read.conditional {
        hidden = hidden.with_unknown(
            "the worksheet has a conditional format, which payrun does not read in .xlsb files: it may hide a value, strike it through or show it as another number; save the workbook as .xlsx (File > Save As > Excel Workbook) and check that file",
        );
    }
    Ok((hidden, read.merges))
}

/// The relationship id of the sheet named `sheet` in `workbook.bin`.
fn sheet_rid(reader: impl Read, sheet: &str) -> Result<String, String> {
    let mut records = Records::new(reader);
    while let Some((typ, size)) = records.next_head()? {
        if typ != BUNDLE_SHEET || size > MAX_BUNDLE {
            records.skip(size)?;
            continue;
        }
        let body = records.body(size)?;
        let mut at = 8;
        let rid = wide(&body, &mut at);
        if wide(&body, &mut at).as_deref() == Some(sheet) {
            return rid.ok_or_else(|| "xl/workbook.bin names the worksheet without a part".into());
        }
    }
    Err("xl/workbook.bin does not list the worksheet".into())
}

/// The tab the workbook opens on: the first BrtBookView's itabCur (2.4.301,
/// its 7th 4-byte field), counted over every BrtBundleSh as `.xls` counts
/// BOUNDSHEETs. `None` when it cannot be read.
pub(super) fn opens_on(bytes: &[u8]) -> Option<usize> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let mut records = Records::new(zip.by_name("xl/workbook.bin").ok()?);
    while let Some((typ, size)) = records.next_head().ok()? {
        if typ == BOOK_VIEW && size <= MAX_BUNDLE {
            let body = records.body(size).ok()?;
            return super::biff::u32_at(&body, 24).map(|i| i as usize);
        }
        if typ == BUNDLE_SHEET {
            return None;
        }
        records.skip(size).ok()?;
    }
    None
}
