//! The areas a worksheet marks as its table: its print area and its
//! AutoFilter's range. Rows below them are read like any other, but the
//! person who approved a printout or a PDF never saw them, and a filter or
//! a sort left them out: `validate` warns of them, naming the rows.
//!
//! Where they are kept: an `.xlsx`/`.xlsm`/`.xlsb`/`.xls` as defined names
//! (`_xlnm.Print_Area`, `_xlnm._FilterDatabase`, Gnumeric's
//! `_FilterDatabase`, an `.xls`'s built-in names 0x06 and 0x0D, as calamine
//! reads them); an `.ods` as its table's `table:print-ranges` and a
//! `table:database-range` with filter buttons (`ods_scan`). A reference
//! payrun cannot read (`#REF!`, whole columns) bounds nothing.
//!
//! An `.xlsx`/`.xlsm`'s Excel tables ([`SheetTable`], read by
//! `xlsx_tables.rs`) bound the list too, and say which rows are totals; an
//! `.ods`'s named database ranges (as LibreOffice keeps such a table) bound
//! it.

/// What marks the area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AreaKind {
    /// The print area: what a printout or PDF shows.
    PrintArea,
    /// An AutoFilter's range: what filtering and sorting act on.
    Filter,
}

/// An area of the worksheet read, and the last row it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetArea {
    pub kind: AreaKind,
    /// Its cells as the workbook names them, without sheet or `$`: `A1:D5`.
    pub text: String,
    /// Its last row, as the user sees it.
    pub last_row: usize,
}

/// An Excel table (a ListObject: Insert > Table) on the worksheet read:
/// its rows are the list the workbook's author made, its totals row sums
/// them, and a formula, filter, sort or total over the table acts on
/// these rows only. Rows as the user sees them, columns 0-based.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetTable {
    /// Its name, as a formula names it (`Payroll` in `Payroll[Amount]`).
    pub name: String,
    /// Its cells, as the workbook gives them: `A3:D7`.
    pub text: String,
    /// Its first row (its header row, when it has one) and its last (its
    /// totals row, when it has one).
    pub rows: (usize, usize),
    /// Its first and last columns.
    pub columns: (usize, usize),
    /// Its totals rows, first and last, when it shows them.
    pub totals: Option<(usize, usize)>,
}

impl SheetTable {
    /// Whether `row` is one of its totals rows.
    pub fn is_totals_row(&self, row: usize) -> bool {
        self.totals.is_some_and(|(a, b)| (a..=b).contains(&row))
    }

    /// Whether it covers column `col`.
    pub fn has_column(&self, col: usize) -> bool {
        (self.columns.0..=self.columns.1).contains(&col)
    }

    /// Whether `row` is one of its rows, header and totals included.
    pub fn has_row(&self, row: usize) -> bool {
        (self.rows.0..=self.rows.1).contains(&row)
    }
}

/// An `.ods` database range over `target` on `sheet`: with filter buttons
/// (`buttons`), LibreOffice's AutoFilter; when `name`d (not LibreOffice's
/// own `__Anonymous_Sheet_DB__`), a list its author defined, and the form
/// LibreOffice keeps an Excel table in, which bounds the rows as a table
/// does (with no totals row: ODF keeps none).
pub(super) fn database_range(
    name: Option<String>,
    target: &str,
    buttons: bool,
    sheet: &str,
) -> (Option<SheetArea>, Option<SheetTable>) {
    let area = parse(AreaKind::Filter, target, sheet);
    let table = name
        .filter(|n| !n.is_empty() && !n.starts_with("__Anonymous"))
        .zip(area.as_ref())
        .and_then(|(name, a)| {
            let (r0, r1, c0, c1) = super::merged::parse_ref(&a.text)?;
            Some(SheetTable {
                name,
                text: a.text.clone(),
                rows: (r0, r1),
                columns: (c0, c1),
                totals: None,
            })
        });
    (area.filter(|_| buttons), table)
}

/// The areas of worksheet `sheet` among a workbook's defined names.
pub(super) fn from_defined_names(names: &[(String, String)], sheet: &str) -> Vec<SheetArea> {
    names
        .iter()
        .filter_map(|(name, value)| {
            let lower = name.to_ascii_lowercase();
            let kind = match lower.strip_prefix("_xlnm.").unwrap_or(&lower) {
                "print_area" | "\u{6}" => AreaKind::PrintArea,
                "_filterdatabase" | "\u{d}" => AreaKind::Filter,
                _ => return None,
            };
            parse(kind, value, sheet)
        })
        .collect()
}

/// The area `value` names (`Payroll!$A$1:$D$5`, `$'Payroll'.A1:.D5`, a
/// list of ranges), when it lies on `sheet` and bounds its rows.
pub(super) fn parse(kind: AreaKind, value: &str, sheet: &str) -> Option<SheetArea> {
    let mut last_row = 0;
    let mut texts = Vec::new();
    for part in split_outside_quotes(value, &[',', ' ', ';']) {
        let ends = split_outside_quotes(&part, &[':']);
        let mut on_sheet = None;
        let mut cells = Vec::new();
        for end in &ends {
            let (name, cell) = sheet_and_cell(end);
            if !name.is_empty() {
                on_sheet.get_or_insert(name == sheet);
            }
            let row: usize = cell
                .trim_start_matches(|c: char| c.is_ascii_alphabetic())
                .parse()
                .ok()?;
            last_row = last_row.max(row);
            cells.push(cell);
        }
        if on_sheet == Some(false) || cells.is_empty() {
            return None;
        }
        texts.push(cells.join(":"));
    }
    (last_row > 0).then(|| SheetArea {
        kind,
        text: texts.join(", "),
        last_row,
    })
}

/// One end of a range: its sheet's name (empty when it names none) and
/// its cell, both without `$` and quotes.
fn sheet_and_cell(end: &str) -> (String, String) {
    let (mut quoted, mut split) = (false, None);
    for (i, c) in end.char_indices() {
        match c {
            '\'' => quoted = !quoted,
            '!' | '.' if !quoted => split = Some(i),
            _ => {}
        }
    }
    let (name, cell) = match split {
        Some(i) => (&end[..i], &end[i + 1..]),
        None => ("", end),
    };
    let name = name.trim_start_matches('$');
    let name = name
        .strip_prefix('\'')
        .and_then(|n| n.strip_suffix('\''))
        .map_or_else(|| name.to_string(), |n| n.replace("''", "'"));
    (name, cell.replace('$', "").to_ascii_uppercase())
}

/// `s` split at any of `seps` outside single quotes, empty parts dropped.
fn split_outside_quotes(s: &str, seps: &[char]) -> Vec<String> {
    let (mut parts, mut current, mut quoted) = (Vec::new(), String::new(), false);
    for c in s.chars() {
        if c == '\'' {
            quoted = !quoted;
        }
        if !quoted && seps.contains(&c) {
            parts.push(std::mem::take(&mut current));
        } else {
            current.push(c);
        }
    }
    parts.push(current);
    parts.retain(|p| !p.trim().is_empty());
    parts
}

#[cfg(test)]
mod tests {
    use super::{AreaKind, database_range, from_defined_names, parse};

    #[test]
    fn a_named_database_range_is_a_table_and_buttons_make_a_filter() {
        let target = "Payroll.A3:Payroll.D8";
        let (filter, table) = database_range(Some("Payroll".into()), target, false, "Payroll");
        let t = table.unwrap();
        assert!(filter.is_none() && t.rows == (3, 8) && t.columns == (0, 3) && t.totals.is_none());
        let anonymous = Some("__Anonymous_Sheet_DB__0".to_string());
        let (filter, table) = database_range(anonymous, target, true, "Payroll");
        assert!(filter.is_some_and(|f| f.last_row == 8) && table.is_none());
        let (filter, table) =
            database_range(Some("Rates".into()), "Rates.A1:Rates.B5", true, "Payroll");
        assert!(filter.is_none() && table.is_none());
    }

    #[test]
    fn each_writers_form_of_an_area_is_read_for_its_sheet_only() {
        for (value, text, last) in [
            ("Payroll!$A$1:$D$5", "A1:D5", 5),
            ("'Payroll'!$A$1:$D$5", "A1:D5", 5),
            ("$'Payroll'.A1:.D5", "A1:D5", 5),
            ("Payroll.A1:Payroll.D6", "A1:D6", 6),
            ("Payroll!$A$1:$D$5,Payroll!$F$1:$F$9", "A1:D5, F1:F9", 9),
            ("Payroll!$1:$7", "1:7", 7),
        ] {
            let a = parse(AreaKind::PrintArea, value, "Payroll");
            assert_eq!(
                a.as_ref().map(|a| (a.text.as_str(), a.last_row)),
                Some((text, last)),
                "{value}"
            );
        }
        for value in ["Other!$A$1:$D$5", "#REF!", "Payroll!$A:$D", ""] {
            assert_eq!(parse(AreaKind::Filter, value, "Payroll"), None, "{value}");
        }
        let names = [
            (
                "_xlnm.Print_Area".to_string(),
                "Payroll!$A$1:$D$5".to_string(),
            ),
            (
                "_FilterDatabase".to_string(),
                "Payroll!$A$1:$D$6".to_string(),
            ),
            ("\u{d}".to_string(), "Payroll!$A$1:$D$7".to_string()),
            ("Rates".to_string(), "Payroll!$A$1:$D$2".to_string()),
        ];
        let kinds: Vec<(AreaKind, usize)> = from_defined_names(&names, "Payroll")
            .iter()
            .map(|a| (a.kind, a.last_row))
            .collect();
        assert_eq!(
            kinds,
            [
                (AreaKind::PrintArea, 5),
                (AreaKind::Filter, 6),
                (AreaKind::Filter, 7)
            ]
        );
    }
}
