//! Reading what an `.xlsx`/`.xlsm` worksheet hides from its XML.
//!
//! Separate from [`super`], which says what "hidden" means and keeps the
//! answer for every format: this is the one reader of Office Open XML parts
//! for it (the sheet's part found through `xl/workbook.xml` and its
//! relationships, then streamed once), so the format's details stay here.

use super::{HiddenParts, MAX_COL, MAX_ROW, MAX_RUNS, add_run};
use crate::intake::conditional::Rule;
use crate::intake::legible::{too_low, too_narrow};
use crate::intake::merged;
use crate::intake::outline::Outline;
use crate::intake::uncalculated::FormulaCount;
use crate::intake::unseen::CellWatch;
use crate::intake::xlsx_runs::{self, InlineRuns, RunLooks};
use crate::intake::xlsx_styles::{self, XlsxLooks};
use crate::intake::xlsx_tail::{TailRead, read_tail};
use crate::intake::xlsx_theme::Theme;
use crate::intake::xml::{Tag, Xml, attr, attrs, decimal, local, number, truthy};
use calamine::{Data, Range};
use quick_xml::events::BytesStart;
use std::io::Read;

/// The most worksheet XML payrun reads to look for hidden rows. A sheet
/// calamine lays out is capped at 20 million cells (`excel::MAX_SPARSE_SPAN`),
/// far less XML than this.
const MAX_SHEET_XML_BYTES: u64 = 4 * 1024 * 1024 * 1024;

/// The most `workbook.xml` or its relationships payrun reads: a list of sheets.
const MAX_WORKBOOK_XML_BYTES: u64 = 64 * 1024 * 1024;

/// What a worksheet part hides, and what it says after its rows (its
/// merged ranges, conditional formats that can hide a value, tables).
type SheetTail = (HiddenParts, TailRead);

// The worksheet's Excel tables, found through its relationships.
#[path = "xlsx_tables.rs"]
mod tables;
pub(in crate::intake) use tables::resolve as resolve_target;

/// Finds what is hidden in worksheet `sheet` of an `.xlsx`/`.xlsm` in memory.
#[cfg(test)]
pub(super) fn scan_xlsx(bytes: &[u8], sheet: &str) -> HiddenParts {
    scan_xlsx_read(bytes, sheet, &Range::empty(), &mut FormulaCount::default()).0
}

/// [`scan_xlsx`] for a sheet calamine read as `range`, where the cells
/// under merged ranges are looked up; and the sheet's merged ranges (none
/// when the part cannot be read: its hidden parts are then unknown, which
/// refuses the sheet unless the user says hidden rows may be paid).
/// `formulas` counts the sheet's formula cells, when it is switched on.
pub(in crate::intake) fn scan_xlsx_read(
    bytes: &[u8],
    sheet: &str,
    range: &Range<Data>,
    formulas: &mut FormulaCount,
) -> (HiddenParts, Vec<merged::Area>) {
    match find_and_scan(bytes, sheet, range, formulas) {
        Ok(found) => found,
        Err(why) => (HiddenParts::unknown(why), Vec::new()),
    }
}

/// `range` is the sheet as calamine read it, where the cells under merged
/// ranges are looked up.
fn find_and_scan(
    bytes: &[u8],
    sheet: &str,
    range: &Range<Data>,
    formulas: &mut FormulaCount,
) -> Result<(HiddenParts, Vec<merged::Area>), String> {
    let (mut zip, part) = sheet_part(bytes, "xl/workbook.xml", |f| sheet_rid(f, sheet))?;
    let theme = match zip.by_name("xl/theme/theme1.xml") {
        Ok(f) => Theme::read(f)?,
        Err(_) => Theme::default(),
    };
    let looks = match zip.by_name("xl/styles.xml") {
        Ok(f) => xlsx_styles::xlsx_styles(f, theme)?,
        Err(_) => XlsxLooks::default(),
    };
    let runs = match zip.by_name("xl/sharedStrings.xml") {
        Ok(f) => xlsx_runs::run_looks(f, &looks.theme)?,
        Err(_) => RunLooks::default(),
    };
    let f = zip
        .by_name(&part)
        .map_err(|_| format!("the worksheet's part {part} is missing"))?;
    let (hidden, tail) = scan_styled_sheet(f, &looks, formulas)?;
    let found = tables::read(&mut zip, &part, &tail.tables)?;
    let hidden = with_the_sheet(hidden, &tail.merges, &tail.rules, &runs, range)?;
    Ok((hidden.with_tables(found), tail.merges))
}

/// Adds to what a worksheet part hides what can only be told from the
/// cells calamine read as `range`: values under `merges`, cells holding a
/// shared string whose `runs` hide or strike it, and what conditional
/// formats `rules` hide. `.xlsx` and `.xlsb` alike.
pub(in crate::intake) fn with_the_sheet(
    hidden: HiddenParts,
    merges: &[merged::Area],
    rules: &[Rule],
    runs: &RunLooks,
    range: &Range<Data>,
) -> Result<HiddenParts, String> {
    if merges.is_empty() && rules.is_empty() && runs.is_empty() {
        return Ok(hidden);
    }
    let mut cells = hidden.cells.clone();
    cells.extend(merged::covered_in_range(merges, range)?);
    let mut struck = hidden.struck.clone();
    if !runs.hidden.is_empty() {
        cells.extend(xlsx_runs::cells_holding(&runs.hidden, range)?);
    }
    if !runs.struck.is_empty() {
        struck.extend(xlsx_runs::cells_holding(&runs.struck, range)?);
    }
    hidden
        .with_cells(cells)
        .with_struck(struck)
        .with_rules(rules, range)
}

/// The relationship id of the sheet named `sheet` in `workbook.xml`.
pub(in crate::intake) fn sheet_rid(reader: impl Read, sheet: &str) -> Result<String, String> {
    let mut xml = Xml::new(reader, MAX_WORKBOOK_XML_BYTES, "xl/workbook.xml");
    while let Some(tag) = xml.next_tag()? {
        let Tag::Open { e, .. } = tag else {
            continue;
        };
        if local(e.name().as_ref()) != b"sheet" || attr(&e, b"name").as_deref() != Some(sheet) {
            continue;
        }
        // `r:id`, or the same attribute under another prefix.
        return attr(&e, b"id")
            .ok_or_else(|| "xl/workbook.xml names the worksheet without a relationship id".into());
    }
    Err("xl/workbook.xml does not list the worksheet".into())
}

/// A workbook in memory, opened as a ZIP.
pub(in crate::intake) type Book<'a> = zip::ZipArchive<std::io::Cursor<&'a [u8]>>;

/// A workbook in memory opened as a ZIP, and the part of the worksheet
/// whose relationship id `rid_of` finds in the workbook part `workbook`
/// (`xl/workbook.xml`, or an `.xlsb`'s `xl/workbook.bin`), through the
/// workbook's relationships, resolved the way calamine resolves it, so
/// that both read the same part.
pub(in crate::intake) fn sheet_part<'a>(
    bytes: &'a [u8],
    workbook: &str,
    rid_of: impl FnOnce(zip::read::ZipFile<'_, std::io::Cursor<&'a [u8]>>) -> Result<String, String>,
) -> Result<(Book<'a>, String), String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("the workbook is not a readable ZIP ({e})"))?;
    let rid = {
        let f = zip
            .by_name(workbook)
            .map_err(|_| format!("the workbook has no {workbook}"))?;
        rid_of(f)?
    };
    let rels = workbook.replace("xl/", "xl/_rels/") + ".rels";
    let target = {
        let f = zip
            .by_name(&rels)
            .map_err(|_| format!("the workbook has no {rels}"))?;
        rel_target(f, &rid)?
    };
    let part = if let Some(rest) = target.strip_prefix("/xl/") {
        format!("xl/{rest}")
    } else if target.starts_with("xl/") {
        target
    } else {
        format!("xl/{target}")
    };
    Ok((zip, part))
}

/// The `Target` of relationship `rid` in `workbook.xml.rels`.
fn rel_target(reader: impl Read, rid: &str) -> Result<String, String> {
    let mut xml = Xml::new(reader, MAX_WORKBOOK_XML_BYTES, "xl/_rels/workbook.xml.rels");
    while let Some(tag) = xml.next_tag()? {
        let Tag::Open { e, .. } = tag else {
            continue;
        };
        if local(e.name().as_ref()) == b"Relationship" && attr(&e, b"Id").as_deref() == Some(rid) {
            return attr(&e, b"Target")
                .ok_or_else(|| "the worksheet's relationship has no target".to_string());
        }
    }
    Err("xl/_rels/workbook.xml.rels has no part for the worksheet".into())
}

/// [`scan_styled_sheet`] with no cell style that hides anything.
#[cfg(test)]
pub(super) fn scan_sheet(reader: impl Read) -> Result<HiddenParts, String> {
    scan_styled_sheet(reader, &XlsxLooks::default(), &mut FormulaCount::default()).map(|(h, ..)| h)
}

/// Streams a worksheet part and keeps its hidden rows and columns, and the
/// cells whose style (by its index in `looks.cells`) hides their value;
/// after `<sheetData>`, where nothing hides a row, it reads the merged
/// ranges and the conditional formats that can hide a value. A part that
/// ends before `</sheetData>` is cut short, and what it hides is unknown.
pub(super) fn scan_styled_sheet(
    reader: impl Read,
    looks: &XlsxLooks,
    formulas: &mut FormulaCount,
) -> Result<SheetTail, String> {
    let mut xml = Xml::new(reader, MAX_SHEET_XML_BYTES, "the worksheet's XML");
    let mut hidden = HiddenParts::none();
    let mut last_row: usize = 0;
    // Rows without a height of their own are zero high (`zeroHeight`, or a
    // default height of 0): Excel's "hide every unused row".
    let mut zero_height = false;
    let mut outline = Outline::new(true);
    let mut cells = CellWatch::new(&looks.cells);
    let mut inline = InlineRuns::new(&looks.theme);
    let mut ended = false;
    while let Some(tag) = xml.next_tag()? {
        inline.tag(&tag)?;
        match tag {
            Tag::Open { e, empty: true } if local(e.name().as_ref()) == b"sheetData" => {
                let tail = read_tail(&mut xml, &looks.dxfs, &looks.theme)?;
                return Ok((hidden.sorted(), tail));
            }
            Tag::Open { e, empty } => match local(e.name().as_ref()) {
                b"c" => {
                    if cells.active() {
                        cells.cell(&e, last_row, empty);
                    }
                    inline.cell(&e, last_row);
                    formulas.cell(&e);
                }
                b"f" => formulas.formula(last_row),
                b"v" | b"t" if cells.active() => cells.value_tag(!empty),
                b"row" => {
                    cells.row();
                    inline.row();
                    last_row = row_tag(&e, last_row, zero_height, &mut outline, &mut hidden)?;
                }
                b"outlinePr" => {
                    let below = attr(&e, b"summaryBelow").is_none_or(|v| truthy(&v));
                    outline = Outline::new(below);
                }
                b"sheetFormatPr" => zero_height = zero_high_by_default(&e),
                b"col" => add_hidden_columns(&e, &mut hidden)?,
                _ => {}
            },
            Tag::Close(b"sheetData") => {
                ended = true;
                break;
            }
            Tag::Close(b"c") if cells.active() => cells.close()?,
            Tag::Close(b"v" | b"t") if cells.active() => cells.value_tag(false),
            Tag::Text(t) if cells.active() => cells.text(&t),
            _ => {}
        }
    }
    if !ended {
        return Err("the worksheet's XML ends before its rows do (the file is cut short)".into());
    }
    let tail = read_tail(&mut xml, &looks.dxfs, &looks.theme)?;
    let (mut hid, mut struck) = (cells.cells, cells.struck);
    hid.extend(inline.hidden);
    struck.extend(inline.struck);
    let found = hidden
        .with_cells(hid)
        .with_misstated(cells.misstated)
        .with_rounded(cells.rounded)
        .with_words(cells.words)
        .with_struck(struck);
    Ok((found.sorted(), tail))
}

/// Whether `<sheetFormatPr>` makes the rows without a height of their own
/// unreadable: `zeroHeight`, or a default height [`too_low`].
fn zero_high_by_default(e: &BytesStart<'_>) -> bool {
    let default_flat = attr(e, b"defaultRowHeight")
        .and_then(|v| decimal(&v))
        .is_some_and(too_low);
    attr(e, b"zeroHeight").is_some_and(|v| truthy(&v)) || default_flat
}

/// A `<row>`: hidden by hand, zero high, or in a closed outline group. Its
/// number.
fn row_tag(
    e: &BytesStart<'_>,
    last_row: usize,
    zero_height: bool,
    outline: &mut Outline,
    hidden: &mut HiddenParts,
) -> Result<usize, String> {
    let [r, ht, hid, level, collapsed] =
        attrs(e, [b"r", b"ht", b"hidden", b"outlineLevel", b"collapsed"]);
    let row = row_number(r, last_row)?;
    let flat = match ht.and_then(|v| decimal(&v)) {
        Some(h) => too_low(h),
        None => zero_height,
    };
    if flat || hid.is_some_and(|v| truthy(&v)) {
        add_run(&mut hidden.rows, row, row);
    }
    let level = level.and_then(|v| number(&v)).unwrap_or(0).min(255);
    let collapsed = collapsed.is_some_and(|v| truthy(&v));
    outline.row(row, level as u8, collapsed, &mut hidden.rows);
    if hidden.rows.len() > MAX_RUNS {
        return Err("more runs of hidden rows than a worksheet can have".into());
    }
    Ok(row)
}

/// A row's number: `r`, or the one after the previous row when `r` is left
/// out. A row too low to read (its own `ht`, or none under `zeroHeight`) is
/// as hidden as one marked hidden.
fn row_number(r: Option<String>, last_row: usize) -> Result<usize, String> {
    let row = match r {
        Some(v) => number(&v).ok_or_else(|| format!("a row number reads {v:?}"))?,
        None => last_row.saturating_add(1),
    };
    if row == 0 || row > MAX_ROW {
        return Err(format!("a row is numbered {row}, past Excel's last row"));
    }
    Ok(row)
}

/// `<col min max hidden>`, or [`too_narrow`] to show a digit: Excel shows
/// neither.
fn add_hidden_columns(e: &BytesStart<'_>, hidden: &mut HiddenParts) -> Result<(), String> {
    let narrow = attr(e, b"width")
        .and_then(|v| decimal(&v))
        .is_some_and(too_narrow);
    if !narrow && !attr(e, b"hidden").is_some_and(|v| truthy(&v)) {
        return Ok(());
    }
    let (Some(min), Some(max)) = (
        attr(e, b"min").and_then(|v| number(&v)),
        attr(e, b"max").and_then(|v| number(&v)),
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
    Ok(())
}
