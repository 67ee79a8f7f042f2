//! Which rows and columns of a worksheet are hidden in Excel.
//!
//! A finance person who hides a row usually means "not this month", and an
//! AutoFilter left on hides rows nobody meant to leave out. calamine does not
//! report either, so for `.xlsx`/`.xlsm` this module reads the chosen
//! worksheet's XML itself: it finds the sheet's part through
//! `xl/workbook.xml` and `xl/_rels/workbook.xml.rels` (by sheet name, the way
//! calamine does), then streams the part once, holding one tag at a time, and
//! keeps the numbers of `<row hidden="1">` (and of rows zero high: `ht="0"`,
//! or no height under `<sheetFormatPr zeroHeight="1">`) and the ranges of
//! `<col min max hidden="1">`. Rows in a collapsed outline group and rows an
//! AutoFilter hides carry the same attribute, so they are found the same way.
//!
//! When the part cannot be found or read to the end, the answer is
//! "unknown", never "nothing hidden": the validator refuses the batch unless
//! the user says hidden rows may be paid.

use super::ods_guard::{MAX_TAG_BYTES, attr_value, read_tag, skip_until, tag_name};
use std::io::{BufReader, Read};

/// The most worksheet XML payrun reads to look for hidden rows. A sheet
/// calamine lays out is capped at 20 million cells (`excel::MAX_SPARSE_SPAN`),
/// far less XML than this.
const MAX_SHEET_XML_BYTES: u64 = 4 * 1024 * 1024 * 1024;

/// The most `workbook.xml` or its relationships payrun reads: a list of sheets.
const MAX_WORKBOOK_XML_BYTES: u64 = 64 * 1024 * 1024;

/// Excel's last row and column; a number past them is not a real row.
const MAX_ROW: usize = 1_048_576;
const MAX_COL: usize = 16_384;

/// The most separate runs of hidden rows kept. Excel has at most one per two
/// rows; more means a damaged or hostile file, and the answer is "unknown".
pub(super) const MAX_RUNS: usize = MAX_ROW / 2 + 1;

/// What is hidden in one worksheet. Row numbers are as the user sees them
/// (1-based); column indexes are 0-based, as in [`super::Layout`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HiddenParts {
    /// Inclusive runs of hidden rows, in order, never overlapping.
    pub(super) rows: Vec<(usize, usize)>,
    /// Inclusive runs of hidden columns (0-based).
    pub(super) columns: Vec<(usize, usize)>,
    /// Why hidden rows could not be found, when they could not.
    unknown: Option<String>,
}

impl HiddenParts {
    /// Nothing hidden, or a format whose hidden rows payrun does not read.
    pub fn none() -> HiddenParts {
        HiddenParts::default()
    }

    /// The scan could not finish; `why` says what went wrong, for the user.
    pub fn unknown(why: impl Into<String>) -> HiddenParts {
        HiddenParts {
            unknown: Some(why.into()),
            ..HiddenParts::default()
        }
    }

    /// Whether row `row` (as the user sees it) is hidden.
    pub fn is_row_hidden(&self, row: usize) -> bool {
        is_in(&self.rows, row)
    }

    /// Whether column `col` (0-based) is hidden.
    pub fn is_column_hidden(&self, col: usize) -> bool {
        is_in(&self.columns, col)
    }

    /// Why hidden rows could not be checked, if they could not.
    pub fn unknown_reason(&self) -> Option<&str> {
        self.unknown.as_deref()
    }

    /// The runs in order, as [`HiddenParts::is_row_hidden`] needs them.
    pub(super) fn sorted(self) -> HiddenParts {
        HiddenParts {
            rows: merged(self.rows),
            columns: merged(self.columns),
            unknown: self.unknown,
        }
    }

    /// Whether any row or column is hidden.
    pub fn any(&self) -> bool {
        !self.rows.is_empty() || !self.columns.is_empty()
    }
}

fn is_in(runs: &[(usize, usize)], n: usize) -> bool {
    let i = runs.partition_point(|(_, last)| *last < n);
    runs.get(i).is_some_and(|(first, _)| *first <= n)
}

/// Adds `first..=last` to the runs, merging it with the last run when it
/// extends it. Out-of-order input (a damaged or hostile file) is only
/// pushed: [`HiddenParts::sorted`] puts the runs in order once, at the end,
/// so a file of rows in reverse order costs one sort, not one per row.
pub(super) fn add_run(runs: &mut Vec<(usize, usize)>, first: usize, last: usize) {
    if let Some(prev) = runs.last_mut()
        && first >= prev.0
        && first <= prev.1.saturating_add(1)
    {
        prev.1 = prev.1.max(last);
        return;
    }
    runs.push((first, last));
}

/// Sorts runs and merges those that overlap or touch.
fn merged(mut runs: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    if runs.windows(2).all(|w| matches!(w, [a, b] if a.1 < b.0)) {
        return runs;
    }
    runs.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(runs.len());
    for (f, l) in runs {
        match out.last_mut() {
            Some(m) if f <= m.1.saturating_add(1) => m.1 = m.1.max(l),
            _ => out.push((f, l)),
        }
    }
    out
}

/// Finds what is hidden in worksheet `sheet` of an `.xlsx`/`.xlsm` in memory.
pub(super) fn scan_xlsx(bytes: &[u8], sheet: &str) -> HiddenParts {
    match find_and_scan(bytes, sheet) {
        Ok(h) => h,
        Err(why) => HiddenParts::unknown(why),
    }
}

fn find_and_scan(bytes: &[u8], sheet: &str) -> Result<HiddenParts, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("the workbook is not a readable ZIP ({e})"))?;
    let rid = {
        let f = zip
            .by_name("xl/workbook.xml")
            .map_err(|_| "the workbook has no xl/workbook.xml".to_string())?;
        sheet_rid(f.take(MAX_WORKBOOK_XML_BYTES), sheet)?
    };
    let target = {
        let f = zip
            .by_name("xl/_rels/workbook.xml.rels")
            .map_err(|_| "the workbook has no xl/_rels/workbook.xml.rels".to_string())?;
        rel_target(f.take(MAX_WORKBOOK_XML_BYTES), &rid)?
    };
    // The way calamine resolves a target, so both read the same part.
    let part = if let Some(rest) = target.strip_prefix("/xl/") {
        format!("xl/{rest}")
    } else if target.starts_with("xl/") {
        target
    } else {
        format!("xl/{target}")
    };
    let f = zip
        .by_name(&part)
        .map_err(|_| format!("the worksheet's part {part} is missing"))?;
    scan_sheet(f.take(MAX_SHEET_XML_BYTES + 1))
}

/// The relationship id of the sheet named `sheet` in `workbook.xml`.
fn sheet_rid(reader: impl Read, sheet: &str) -> Result<String, String> {
    let mut r = BufReader::with_capacity(16 * 1024, reader);
    let mut tag = Vec::with_capacity(256);
    loop {
        skip_until(&mut r, b'<').map_err(|e| e.to_string())?;
        let Some(_) = read_tag(&mut r, &mut tag).map_err(|e| e.to_string())? else {
            return Err("xl/workbook.xml does not list the worksheet".into());
        };
        if local(tag_name(&tag)) != (false, b"sheet".as_slice()) {
            continue;
        }
        let named = attr_value(&tag, b"name").is_some_and(|n| unescape(n) == sheet);
        if !named {
            continue;
        }
        let id = attr_value(&tag, b"r:id")
            .or_else(|| attr_value(&tag, b"relationships:id"))
            .ok_or("xl/workbook.xml names the worksheet without a relationship id")?;
        return Ok(unescape(id));
    }
}

/// The `Target` of relationship `rid` in `workbook.xml.rels`.
fn rel_target(reader: impl Read, rid: &str) -> Result<String, String> {
    let mut r = BufReader::with_capacity(16 * 1024, reader);
    let mut tag = Vec::with_capacity(256);
    loop {
        skip_until(&mut r, b'<').map_err(|e| e.to_string())?;
        let Some(_) = read_tag(&mut r, &mut tag).map_err(|e| e.to_string())? else {
            return Err("xl/_rels/workbook.xml.rels has no part for the worksheet".into());
        };
        if local(tag_name(&tag)) != (false, b"Relationship".as_slice()) {
            continue;
        }
        if attr_value(&tag, b"Id").is_some_and(|v| unescape(v) == rid) {
            return attr_value(&tag, b"Target")
                .map(unescape)
                .ok_or_else(|| "the worksheet's relationship has no target".to_string());
        }
    }
}

/// Streams a worksheet part and keeps its hidden rows and columns. Reading
/// stops at `</sheetData>`: nothing after it hides a row.
fn scan_sheet(reader: impl Read) -> Result<HiddenParts, String> {
    let mut r = BufReader::with_capacity(64 * 1024, reader);
    let mut tag = Vec::with_capacity(1024);
    let mut hidden = HiddenParts::none();
    let mut read: u64 = 0;
    let mut last_row: usize = 0;
    let mut zero_height = false;
    loop {
        read += skip_until(&mut r, b'<').map_err(|e| e.to_string())?;
        let Some(len) = read_tag(&mut r, &mut tag).map_err(|e| e.to_string())? else {
            return Ok(hidden.sorted());
        };
        read += len;
        if read > MAX_SHEET_XML_BYTES {
            return Err(format!(
                "the worksheet's XML is over {} GiB",
                MAX_SHEET_XML_BYTES >> 30
            ));
        }
        let (end, name) = local(tag_name(&tag));
        if !end && (name == b"row" || name == b"col") && len > MAX_TAG_BYTES as u64 {
            // Only the first 64 KB of a tag are kept: a `hidden` attribute
            // past them would be missed.
            return Err(format!(
                "a <{}> tag is {len} bytes long, too long to read",
                String::from_utf8_lossy(name)
            ));
        }
        match (end, name) {
            (false, b"row") => {
                // `r` may be left out; rows then follow one another.
                let row = match attr_value(&tag, b"r") {
                    Some(v) => number(v).ok_or_else(|| {
                        format!("a row number reads {:?}", String::from_utf8_lossy(v))
                    })?,
                    None => last_row.saturating_add(1),
                };
                last_row = row;
                if row == 0 || row > MAX_ROW {
                    return Err(format!("a row is numbered {row}, past Excel's last row"));
                }
                // A row of zero height is as hidden as a hidden one; under
                // `zeroHeight` rows are zero high unless they say otherwise.
                let height = attr_value(&tag, b"ht")
                    .and_then(|v| std::str::from_utf8(v).ok()?.trim().parse::<f64>().ok());
                let flat = match height {
                    Some(h) => h <= 0.0,
                    None => zero_height,
                };
                if attr_value(&tag, b"hidden").is_some_and(truthy) || flat {
                    add_run(&mut hidden.rows, row, row);
                    if hidden.rows.len() > MAX_RUNS {
                        return Err("more runs of hidden rows than a worksheet can have".into());
                    }
                }
            }
            (false, b"sheetFormatPr") => {
                zero_height = attr_value(&tag, b"zeroHeight").is_some_and(truthy);
            }
            (false, b"col") => {
                if !attr_value(&tag, b"hidden").is_some_and(truthy) {
                    continue;
                }
                let (Some(min), Some(max)) = (
                    attr_value(&tag, b"min").and_then(number),
                    attr_value(&tag, b"max").and_then(number),
                ) else {
                    return Err("a hidden column has no readable min/max".into());
                };
                let (min, max) = (min.clamp(1, MAX_COL), max.clamp(1, MAX_COL));
                if min <= max {
                    add_run(&mut hidden.columns, min - 1, max - 1);
                }
                if hidden.columns.len() > MAX_COL {
                    return Err("more hidden column ranges than a worksheet has columns".into());
                }
            }
            (true, b"sheetData") => return Ok(hidden.sorted()),
            _ => {}
        }
    }
}

/// The element name without a namespace prefix (`x:row` is `row`), and
/// whether the tag is an end tag.
pub(super) fn local(name: &[u8]) -> (bool, &[u8]) {
    let (end, rest) = match name.strip_prefix(b"/") {
        Some(rest) => (true, rest),
        None => (false, name),
    };
    let bare = match rest.iter().position(|b| *b == b':') {
        Some(i) => rest.get(i + 1..).unwrap_or(rest),
        None => rest,
    };
    (end, bare)
}

pub(super) fn truthy(v: &[u8]) -> bool {
    matches!(v.trim_ascii(), b"1" | b"true")
}

pub(super) fn number(v: &[u8]) -> Option<usize> {
    std::str::from_utf8(v).ok()?.trim().parse().ok()
}

/// XML attribute text with its entities resolved (`&amp;` in a sheet name).
/// An unknown entity is kept as written.
pub(super) fn unescape(v: &[u8]) -> String {
    let s = String::from_utf8_lossy(v);
    if !s.contains('&') {
        return s.into_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest: &str = &s;
    while let Some(at) = rest.find('&') {
        out.push_str(rest.get(..at).unwrap_or(""));
        let after = rest.get(at..).unwrap_or("");
        let Some(end) = after.find(';').filter(|e| *e <= 12) else {
            out.push('&');
            rest = after.get(1..).unwrap_or("");
            continue;
        };
        let entity = after.get(1..end).unwrap_or("");
        let c = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            e => e
                .strip_prefix("#x")
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| e.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = after.get(end + 1..).unwrap_or("");
            }
            None => {
                out.push('&');
                rest = after.get(1..).unwrap_or("");
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
#[path = "hidden_tests.rs"]
mod tests;
