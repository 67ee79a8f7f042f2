//! What calamine does not tell about an `.ods` worksheet: which rows and
//! columns are hidden, and which cells hold an error or a boolean.
//!
//! Hidden (ODF 1.2 and 1.3, part 1, 19.749 `table:visibility`, whose values
//! are `visible`, `collapse` and `filter`; 9.1.9/9.1.10 `table:display` on
//! row and column groups; 17.16/17.17 `style:row-height`/`style:column-width`):
//! - a row or column whose `table:visibility` is anything but `visible`:
//!   LibreOffice writes `collapse` for one hidden by hand or in a closed
//!   outline group, and `filter` for one a standard, auto or advanced filter
//!   hides;
//! - every row or column inside a `table:table-row-group` /
//!   `table:table-column-group` with `table:display="false"`;
//! - a row whose style (in `content.xml` or `styles.xml`) is too low to read
//!   (`legible::too_low`), or a column whose style is too narrow to show a
//!   digit (`legible::too_narrow`).
//!
//! Cells calamine reads wrong, fixed by (row, column):
//! - an error (`=1/0`): LibreOffice writes `office:value-type="string"
//!   office:string-value="" calcext:value-type="error"` with `#DIV/0!` as the
//!   text, which calamine reads as an empty string. An older writer leaves out
//!   `calcext:value-type`; a formula whose empty string result shows an error
//!   text (`#N/A`, `Err:502`) is one too.
//! - a boolean: a formula returning TRUE is written as `office:value-type=
//!   "float" office:value="1"` showing `TRUE`, which calamine reads as the
//!   number 1 (Tk 1 in an amount column).
//!
//! Rows and columns are numbered as calamine numbers them: every element
//! counts its repeats (`number-rows-repeated`, `number-columns-repeated`).

use super::areas::{self, AreaKind};
use super::conditional::Rule;
use super::hidden::{HiddenParts, MAX_RUNS, Rounded, add_run};
use super::merged::{Area, MAX_MERGES};
pub(super) use super::ods_cells::Fix;
use super::ods_conditional::{MappedCells, OdsRules};
use super::ods_guard::MAX_CONTENT_BYTES;
use super::ods_styles::{UnseenStyles, collect_styles, style_tag};
use super::unseen::{FormatWords, Hides};
use super::xml::{Tag, Xml, attr, attr_exact, local};
use quick_xml::events::BytesStart;
use std::collections::HashMap;
use std::io::Read;

// What one cell shows; this file walks the table's rows, columns and groups.
#[path = "ods_scan_cell.rs"]
mod cell;
use cell::OpenCell;

/// How deep row and column groups may nest (LibreOffice allows 8 levels).
const MAX_GROUP_DEPTH: usize = 256;

/// What the scan of one table found.
#[derive(Debug, Default)]
pub(super) struct OdsSheet {
    pub hidden: HiddenParts,
    /// Fixed cells by 0-based (row, column), as calamine places them.
    pub fixes: HashMap<(u32, u32), Fix>,
    /// Conditional formats that can hide a value, looked up against the
    /// sheet calamine read.
    pub(super) rules: Vec<Rule>,
    /// Its merged ranges: each cell that spans more than itself.
    pub(super) merges: Vec<Area>,
    /// Its cell comments (`office:annotation`).
    pub(super) comments: Vec<super::comments::CellComment>,
}

/// Scans table `sheet` of an `.ods` held in memory.
pub(super) fn scan_ods(bytes: &[u8], sheet: &str) -> Result<OdsSheet, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("the workbook is not a readable ZIP ({e})"))?;
    let mut styles = UnseenStyles::default();
    if let Ok(f) = zip.by_name("styles.xml") {
        collect_styles(f, &mut styles)?;
    }
    let f = zip
        .by_name("content.xml")
        .map_err(|_| "the workbook has no content.xml".to_string())?;
    scan_content(f, sheet, styles)
}

/// Streams `content.xml` and scans table `sheet`.
pub(super) fn scan_content(
    reader: impl Read,
    sheet: &str,
    styles: UnseenStyles,
) -> Result<OdsSheet, String> {
    let mut xml = Xml::new(reader, MAX_CONTENT_BYTES, "content.xml");
    let mut scan = Scan::new(styles);
    let mut found = 0usize;
    let mut current_style: Option<String> = None;
    while let Some(tag) = xml.next_tag()? {
        match tag {
            Tag::Open { e, empty } if local(e.name().as_ref()) == b"table" => {
                let named = attr(&e, b"name").as_deref() == Some(sheet);
                found += usize::from(named);
                // calamine keeps the last of two tables of one name; payrun
                // cannot promise which one a person looked at.
                if found > 1 {
                    return Err(format!(
                        "two sheets are named {}",
                        crate::text::quoted(sheet)
                    ));
                }
                scan.inside = named && !empty;
                if let Some(area) = attr(&e, b"print-ranges")
                    .filter(|_| named)
                    .and_then(|v| areas::parse(AreaKind::PrintArea, &v, sheet))
                {
                    scan.hidden = std::mem::take(&mut scan.hidden).with_areas(vec![area]);
                }
                if scan.inside {
                    scan.hiding = scan.styles.looks.hiding();
                    scan.mapped = MappedCells::new(scan.styles.looks.mapped());
                }
            }
            Tag::Open { e, empty } if scan.inside => scan.start(&e, empty)?,
            Tag::Open { e, .. } if local(e.name().as_ref()) == b"database-range" => {
                let (filter, table) = attr(&e, b"target-range-address").map_or((None, None), |t| {
                    let buttons = attr(&e, b"display-filter-buttons").as_deref() == Some("true");
                    areas::database_range(attr(&e, b"name"), &t, buttons, sheet)
                });
                scan.hidden = std::mem::take(&mut scan.hidden)
                    .with_areas(filter.into_iter().collect())
                    .with_tables(table.into_iter().collect());
            }
            Tag::Open { e, .. } if found == 0 => {
                style_tag(&e, &mut current_style, &mut scan.styles);
            }
            Tag::Close(b"table") => scan.inside = false,
            Tag::Close(name) if scan.inside => scan.end(name)?,
            Tag::Close(name) if found == 0 => scan.styles.looks.end(name),
            Tag::Text(t) if scan.inside => scan.text(&String::from_utf8_lossy(&t)),
            // A character written as a reference (`&#x9EF;`) is text too.
            Tag::Ref(r) if scan.inside => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    scan.text(c.encode_utf8(&mut [0; 4]));
                }
            }
            Tag::Text(t) if found == 0 => scan.styles.looks.text(&t),
            _ => {}
        }
    }
    match found {
        0 => Err("content.xml has no table with the worksheet's name".into()),
        _ if scan.inside => Err("content.xml ends inside the worksheet".into()),
        _ => Ok(OdsSheet {
            hidden: scan
                .hidden
                .with_cells(scan.unseen)
                .with_misstated(scan.misstated)
                .with_rounded(scan.rounded)
                .with_words(scan.words)
                .with_struck(scan.struck)
                .sorted(),
            fixes: scan.fixes,
            merges: scan.merges,
            comments: scan.comments,
            rules: {
                let mut rules = scan.conditions.rules;
                rules.extend(scan.mapped.rules());
                rules
            },
        }),
    }
}

struct Scan {
    styles: UnseenStyles,
    inside: bool,
    hidden: HiddenParts,
    fixes: HashMap<(u32, u32), Fix>,
    /// The next row and column (0-based) and the current row's repeats.
    row: usize,
    row_repeats: usize,
    col: usize,
    /// Open groups, each hidden or not.
    row_groups: Vec<bool>,
    col_groups: Vec<bool>,
    cell: Option<OpenCell>,
    /// The cell styles that hide some value, once the table starts.
    hiding: HashMap<String, Hides>,
    /// Each column's default cell style, as runs (first, last, style).
    column_styles: Vec<(usize, usize, String)>,
    /// The current row's default cell style.
    row_style: Option<String>,
    /// Cells whose style hides their value: (row as seen, 0-based column).
    unseen: Vec<(usize, usize)>,
    /// Cells whose style shows their number as another.
    misstated: Vec<(usize, usize)>,
    /// Cells whose shown text is their number rounded.
    rounded: Vec<Rounded>,
    /// Of those, the cells whose style writes words of its own.
    words: FormatWords,
    /// Cells whose style strikes their value through.
    struck: Vec<(usize, usize)>,
    /// Conditional formats that can hide a value, and the cells of styles
    /// with conditional maps.
    conditions: OdsRules,
    mapped: MappedCells,
    /// The cells that span more than themselves, as merged ranges.
    merges: Vec<Area>,
    /// Cell comments, as written.
    comments: Vec<super::comments::CellComment>,
}

impl Scan {
    fn new(styles: UnseenStyles) -> Scan {
        Scan {
            styles,
            inside: false,
            hidden: HiddenParts::none(),
            fixes: HashMap::new(),
            row: 0,
            row_repeats: 0,
            col: 0,
            row_groups: Vec::new(),
            col_groups: Vec::new(),
            cell: None,
            hiding: HashMap::new(),
            column_styles: Vec::new(),
            row_style: None,
            unseen: Vec::new(),
            misstated: Vec::new(),
            rounded: Vec::new(),
            words: FormatWords::default(),
            struck: Vec::new(),
            conditions: OdsRules::default(),
            mapped: MappedCells::default(),
            merges: Vec::new(),
            comments: Vec::new(),
        }
    }

    fn start(&mut self, e: &BytesStart<'_>, empty: bool) -> Result<(), String> {
        match local(e.name().as_ref()) {
            b"table-row-group" | b"table-column-group" if !empty => {
                let groups = if local(e.name().as_ref()) == b"table-row-group" {
                    &mut self.row_groups
                } else {
                    &mut self.col_groups
                };
                if groups.len() >= MAX_GROUP_DEPTH {
                    return Err("row or column groups nest too deep".into());
                }
                groups.push(attr(e, b"display").is_some_and(|v| v.trim() == "false"));
            }
            b"table-column" => self.column(e)?,
            b"table-row" => self.row_start(e)?,
            b"covered-table-cell" => {
                // A value under a merged cell shows to nobody.
                if attr_exact(e, b"office:value-type").is_some() {
                    let n = repeats(e, b"number-columns-repeated")?;
                    self.keep_unseen(n)?;
                }
                self.cell_start(e, empty)?;
            }
            b"table-cell" => self.cell_start(e, empty)?,
            b"conditional-format"
            | b"condition"
            | b"date-is"
            | b"data-bar"
            | b"icon-set"
            | b"formatting-entry" => self.conditions.start(e, &self.styles.looks)?,
            name @ (b"annotation" | b"p" | b"h" | b"span") => self.text_start(name, e, empty),
            _ => {}
        }
        if self.hidden.rows.len() > MAX_RUNS || self.hidden.columns.len() > MAX_RUNS {
            return Err("more runs of hidden rows or columns than a sheet can have".into());
        }
        Ok(())
    }

    /// A `table:table-column`: hidden or not, and its default cell style
    /// when that style hides something.
    fn column(&mut self, e: &BytesStart<'_>) -> Result<(), String> {
        let n = repeats(e, b"number-columns-repeated")?;
        let style = attr(e, b"style-name").is_some_and(|s| self.styles.columns.contains(&s));
        if style || hides(e) || self.col_groups.contains(&true) {
            add_run(
                &mut self.hidden.columns,
                self.col,
                self.col.saturating_add(n - 1),
            );
        }
        if let Some(s) = attr(e, b"default-cell-style-name")
            && (self.hiding.contains_key(&s) || self.mapped.has(&s))
            && self.column_styles.len() < MAX_RUNS
        {
            let last = self.col.saturating_add(n - 1);
            self.column_styles.push((self.col, last, s));
        }
        self.col = self.col.saturating_add(n);
        Ok(())
    }

    fn row_start(&mut self, e: &BytesStart<'_>) -> Result<(), String> {
        // Columns are all declared before the first row; from here `col`
        // counts the cells of each row.
        self.row = self.row.saturating_add(self.row_repeats);
        self.row_repeats = repeats(e, b"number-rows-repeated")?;
        self.col = 0;
        self.row_style = attr(e, b"default-cell-style-name");
        let style = attr(e, b"style-name").is_some_and(|s| self.styles.rows.contains(&s));
        if style || hides(e) || self.row_groups.contains(&true) {
            let last = self.row.saturating_add(self.row_repeats);
            add_run(&mut self.hidden.rows, self.row.saturating_add(1), last);
        }
        Ok(())
    }

    /// Keeps the range a cell spans (`table:number-rows-spanned`,
    /// `table:number-columns-spanned`), when it spans more than itself: as
    /// placed by its first copy, where a person merging cells writes it.
    fn merge(&mut self, e: &BytesStart<'_>) -> Result<(), String> {
        let rows = repeats(e, b"number-rows-spanned")?;
        let cols = repeats(e, b"number-columns-spanned")?;
        if (rows, cols) == (1, 1) {
            return Ok(());
        }
        self.merges.push((
            self.row.saturating_add(1),
            self.row.saturating_add(rows),
            self.col,
            self.col.saturating_add(cols - 1),
        ));
        if self.merges.len() > MAX_MERGES {
            return Err("more merged ranges than payrun reads".into());
        }
        Ok(())
    }

    fn end(&mut self, name: &[u8]) -> Result<(), String> {
        match name {
            b"table-row-group" => drop(self.row_groups.pop()),
            b"table-column-group" => drop(self.col_groups.pop()),
            b"annotation" | b"span" | b"p" | b"h" => self.text_end(name),
            b"table-cell" | b"covered-table-cell" => {
                if let Some(cell) = self.cell.take() {
                    self.finish(cell)?;
                }
            }
            _ => {}
        }
        Ok(())
    }
}

/// Whether `table:visibility` hides: any value but `visible` does.
fn hides(e: &BytesStart<'_>) -> bool {
    attr(e, b"visibility").is_some_and(|v| v.trim() != "visible")
}

/// A repeat count: at least 1; one calamine could not read fails the scan.
fn repeats(e: &BytesStart<'_>, name: &[u8]) -> Result<usize, String> {
    match attr(e, name) {
        None => Ok(1),
        Some(v) => match v.trim().parse::<usize>() {
            Ok(n) => Ok(n.max(1)),
            Err(_) if !v.trim().is_empty() && v.trim().bytes().all(|b| b.is_ascii_digit()) => {
                Ok(usize::MAX)
            }
            Err(_) => Err(format!("a repeat count reads {v:?}")),
        },
    }
}

#[cfg(test)]
#[path = "ods_scan_tests.rs"]
mod tests;
