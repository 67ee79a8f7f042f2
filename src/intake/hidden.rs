//! Which rows and columns of a worksheet are hidden in Excel.
//!
//! A finance person who hides a row usually means "not this month", and an
//! AutoFilter left on hides rows nobody meant to leave out. calamine does not
//! report either, so for `.xlsx`/`.xlsm` this module reads the chosen
//! worksheet's XML itself: it finds the sheet's part through
//! `xl/workbook.xml` and `xl/_rels/workbook.xml.rels` (by sheet name, the way
//! calamine does), then streams the part once with quick-xml.
//!
//! What hides a row or column (ECMA-376 Part 1, 18.3.1.73 `row`, 18.3.1.13
//! `col`, 18.3.1.81 `sheetFormatPr`):
//! - `<row hidden="1">`: hidden by hand, in a collapsed outline group (Excel
//!   and LibreOffice set `hidden` on every row of the closed group, not only
//!   `collapsed` on its summary row), or by an AutoFilter or advanced filter;
//! - a row too low to read ([`too_low`]): `ht="0"` or any height under
//!   4 points, or no `ht` of its own under `<sheetFormatPr zeroHeight="1">`
//!   or such a default row height;
//! - `<col min max hidden="1">`, or a column narrower than one character
//!   ([`too_narrow`]);
//! - the rows of a group whose summary row says `collapsed="1"` (see
//!   `outline`).
//!
//! Booleans are read in every spelling that could mean yes (`1`, `true`,
//! which LibreOffice writes, and `on`): a row wrongly taken as hidden only
//! refuses a sheet. When the part cannot be found or read to the end of its
//! rows, the answer is "unknown", never "nothing hidden": the validator
//! refuses the batch unless the user says hidden rows may be paid.

use super::conditional::{self, Rule};
use super::format_words::Unit;
use super::legible::{too_low, too_narrow};
use super::merged;
use super::outline::Outline;
use super::uncalculated::FormulaCount;
use super::unseen::{self, CellWatch, FormatWords};
use super::xlsx_runs::{self, RunLooks};
use super::xlsx_styles::{self, XlsxLooks};
use super::xlsx_tail::read_tail;
use super::xlsx_theme::Theme;
use super::xml::{Tag, Xml, attr, attrs, decimal, local, number, truthy};
use calamine::{Data, Range};
use quick_xml::events::BytesStart;
use std::io::Read;

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
    /// Cells whose own format shows nothing of their value (`;;;`, white
    /// ink): (row, 0-based column), in order.
    pub(super) cells: Vec<(usize, usize)>,
    /// Cells whose format shows their number as another number (scaled,
    /// a percentage, digits of its own), in order.
    pub(super) misstated: Vec<(usize, usize)>,
    /// Of those and of `cells`, the ones whose format writes words of its
    /// own: a unit beside the figure, text in place of it.
    pub(super) words: FormatWords,
    /// Cells whose text is struck through (their style's font, or a run
    /// of their rich text), in order.
    pub(super) struck: Vec<(usize, usize)>,
    /// Cells holding a value that a conditional format may strike through.
    pub(super) struck_by_rule: Vec<(usize, usize)>,
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

    /// Whether the cell at `row` (as the user sees it) and `col` (0-based)
    /// shows nothing of its value.
    pub fn is_cell_unseen(&self, row: usize, col: usize) -> bool {
        self.cells.binary_search(&(row, col)).is_ok()
    }

    pub(super) fn with_cells(self, cells: Vec<(usize, usize)>) -> HiddenParts {
        HiddenParts { cells, ..self }
    }

    /// Whether any cell shows its number as another.
    pub fn any_misstated(&self) -> bool {
        !self.misstated.is_empty()
    }

    /// Whether the cell at `row` and `col` shows its number as another.
    pub fn is_cell_misstated(&self, row: usize, col: usize) -> bool {
        self.misstated.binary_search(&(row, col)).is_ok()
    }

    pub(super) fn with_misstated(self, misstated: Vec<(usize, usize)>) -> HiddenParts {
        HiddenParts { misstated, ..self }
    }

    /// The unit shown beside the figure of the cell at `row` and `col`,
    /// when its format writes one.
    pub fn unit_of(&self, row: usize, col: usize) -> Option<Unit> {
        let units = &self.words.units;
        units
            .binary_search_by_key(&(row, col), |&(r, c, _)| (r, c))
            .ok()
            .and_then(|i| units.get(i))
            .map(|&(_, _, unit)| unit)
    }

    /// Whether the cell at `row` and `col` shows text of its format's own
    /// in place of its figure.
    pub fn shows_as_text(&self, row: usize, col: usize) -> bool {
        self.words.as_text.binary_search(&(row, col)).is_ok()
    }

    pub(super) fn with_words(self, words: FormatWords) -> HiddenParts {
        HiddenParts { words, ..self }
    }

    /// Whether any cell is, or may be, struck through.
    pub fn any_struck(&self) -> bool {
        !self.struck.is_empty() || !self.struck_by_rule.is_empty()
    }

    /// Whether the cell at `row` and `col` is struck through by its font,
    /// or may be by a conditional format.
    pub fn struck_cell(&self, row: usize, col: usize) -> Option<Struck> {
        if self.struck.binary_search(&(row, col)).is_ok() {
            Some(Struck::ByFont)
        } else if self.struck_by_rule.binary_search(&(row, col)).is_ok() {
            Some(Struck::ByRule)
        } else {
            None
        }
    }

    /// Adds what conditional formats `rules` hide or may strike through in
    /// `range` (the sheet as calamine read it), and puts everything in order.
    pub(super) fn with_rules(
        mut self,
        rules: &[Rule],
        range: &Range<Data>,
    ) -> Result<HiddenParts, String> {
        if !rules.is_empty() {
            self.cells
                .extend(conditional::unseen_in_range(rules, range)?);
            self.struck_by_rule = conditional::struck_in_range(rules, range)?;
        }
        if self.cells.len() + self.struck.len() + self.struck_by_rule.len()
            > unseen::MAX_UNSEEN_CELLS
        {
            return Err("more cells hidden by their format than payrun keeps".into());
        }
        Ok(self.sorted())
    }

    pub(super) fn with_struck(self, struck: Vec<(usize, usize)>) -> HiddenParts {
        HiddenParts { struck, ..self }
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
            cells: in_order(self.cells),
            misstated: in_order(self.misstated),
            words: FormatWords {
                units: {
                    let mut units = self.words.units;
                    units.sort_unstable_by_key(|&(r, c, _)| (r, c));
                    units.dedup_by_key(|&mut (r, c, _)| (r, c));
                    units
                },
                as_text: in_order(self.words.as_text),
            },
            struck: in_order(self.struck),
            struck_by_rule: in_order(self.struck_by_rule),
            unknown: self.unknown,
        }
    }

    /// Whether any row, column or cell is hidden.
    pub fn any(&self) -> bool {
        !self.rows.is_empty() || !self.columns.is_empty() || !self.cells.is_empty()
    }
}

/// Cells sorted, each once, as the binary searches above need them.
fn in_order(mut cells: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    cells.sort_unstable();
    cells.dedup();
    cells
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

/// How a cell is struck through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Struck {
    /// Its font (its style's, or a run of its rich text).
    ByFont,
    /// A conditional format that may strike it through.
    ByRule,
}

/// What a worksheet part hides, its merged ranges and its conditional
/// formats that can hide a value.
type SheetTail = (HiddenParts, Vec<merged::Area>, Vec<Rule>);

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
pub(super) fn scan_xlsx_read(
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
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("the workbook is not a readable ZIP ({e})"))?;
    let rid = {
        let f = zip
            .by_name("xl/workbook.xml")
            .map_err(|_| "the workbook has no xl/workbook.xml".to_string())?;
        sheet_rid(f, sheet)?
    };
    let target = {
        let f = zip
            .by_name("xl/_rels/workbook.xml.rels")
            .map_err(|_| "the workbook has no xl/_rels/workbook.xml.rels".to_string())?;
        rel_target(f, &rid)?
    };
    // The way calamine resolves a target, so both read the same part.
    let part = if let Some(rest) = target.strip_prefix("/xl/") {
        format!("xl/{rest}")
    } else if target.starts_with("xl/") {
        target
    } else {
        format!("xl/{target}")
    };
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
    let (hidden, merges, rules) = scan_styled_sheet(f, &looks, formulas)?;
    if merges.is_empty() && rules.is_empty() && runs.is_empty() {
        return Ok((hidden, merges));
    }
    let mut cells = hidden.cells.clone();
    cells.extend(merged::covered_in_range(&merges, range)?);
    let mut struck = hidden.struck.clone();
    if !runs.hidden.is_empty() {
        cells.extend(xlsx_runs::cells_holding(&runs.hidden, range)?);
    }
    if !runs.struck.is_empty() {
        struck.extend(xlsx_runs::cells_holding(&runs.struck, range)?);
    }
    let hidden = hidden
        .with_cells(cells)
        .with_struck(struck)
        .with_rules(&rules, range)?;
    Ok((hidden, merges))
}

/// The relationship id of the sheet named `sheet` in `workbook.xml`.
fn sheet_rid(reader: impl Read, sheet: &str) -> Result<String, String> {
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
fn scan_sheet(reader: impl Read) -> Result<HiddenParts, String> {
    scan_styled_sheet(reader, &XlsxLooks::default(), &mut FormulaCount::default()).map(|(h, ..)| h)
}

/// Streams a worksheet part and keeps its hidden rows and columns, and the
/// cells whose style (by its index in `looks.cells`) hides their value;
/// after `<sheetData>`, where nothing hides a row, it reads the merged
/// ranges and the conditional formats that can hide a value. A part that
/// ends before `</sheetData>` is cut short, and what it hides is unknown.
fn scan_styled_sheet(
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
    let mut ended = false;
    while let Some(tag) = xml.next_tag()? {
        match tag {
            Tag::Open { e, empty: true } if local(e.name().as_ref()) == b"sheetData" => {
                let (merges, rules) = read_tail(&mut xml, &looks.dxfs, &looks.theme)?;
                return Ok((hidden.sorted(), merges, rules));
            }
            Tag::Open { e, empty } => match local(e.name().as_ref()) {
                b"c" => {
                    if cells.active() {
                        cells.cell(&e, last_row, empty);
                    }
                    formulas.cell(&e);
                }
                b"f" => formulas.formula(last_row),
                b"v" | b"t" if cells.active() => cells.value_tag(!empty),
                b"row" => {
                    cells.row();
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
    let (merges, rules) = read_tail(&mut xml, &looks.dxfs, &looks.theme)?;
    let found = hidden
        .with_cells(cells.cells)
        .with_misstated(cells.misstated)
        .with_words(cells.words)
        .with_struck(cells.struck);
    Ok((found.sorted(), merges, rules))
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

#[cfg(test)]
#[path = "hidden_tests.rs"]
mod tests;
