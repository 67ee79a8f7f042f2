//! The Excel tables (ListObjects) of an `.xlsx`/`.xlsm` worksheet: each is
//! a part of its own (`xl/tables/tableN.xml`, ECMA-376 Part 1, 18.5.1.2
//! `table`) that the worksheet names by relationship id in `<tableParts>`
//! and links in its relationships (`xl/worksheets/_rels/sheetN.xml.rels`).
//! Its `ref` is every row of the table, header and totals included;
//! `headerRowCount` (1 unless it says 0) rows head it, and
//! `totalsRowCount` (0 unless it says) rows end it as its totals row.
//! `totalsRowShown` says only whether a totals row was ever shown, so it is
//! not read.
//!
//! A table payrun names but cannot find or read makes the sheet's hidden
//! parts unknown, as a damaged worksheet does: a row payrun cannot tell
//! from a totals row is never paid without being told.

use super::Book;
use crate::intake::areas::SheetTable;
use crate::intake::merged::parse_ref;
use crate::intake::xml::{Tag, Xml, attr, local, number};
use std::io::Read;

/// The most of a relationships or table part read: a table part lists its
/// columns, a few kilobytes.
const MAX_PART_BYTES: u64 = 16 * 1024 * 1024;

/// The tables of the worksheet at `part` whose relationship ids are `rids`.
pub(super) fn read(
    zip: &mut Book<'_>,
    part: &str,
    rids: &[String],
) -> Result<Vec<SheetTable>, String> {
    if rids.is_empty() {
        return Ok(Vec::new());
    }
    let (dir, file) = part.rsplit_once('/').unwrap_or(("", part));
    let rels = format!("{dir}/_rels/{file}.rels");
    let targets = {
        let f = zip
            .by_name(&rels)
            .map_err(|_| format!("the worksheet names tables but has no {rels}"))?;
        targets(f, rids)?
    };
    let mut out = Vec::with_capacity(targets.len());
    for target in targets {
        let name = resolve(dir, &target);
        let f = zip
            .by_name(&name)
            .map_err(|_| format!("the worksheet's table part {name} is missing"))?;
        out.push(table(f).map_err(|e| format!("{name}: {e}"))?);
    }
    Ok(out)
}

/// The targets of relationships `rids`, in their order.
fn targets(reader: impl Read, rids: &[String]) -> Result<Vec<String>, String> {
    let mut xml = Xml::new(reader, MAX_PART_BYTES, "the worksheet's relationships");
    let mut found: Vec<Option<String>> = vec![None; rids.len()];
    while let Some(tag) = xml.next_tag()? {
        let Tag::Open { e, .. } = tag else {
            continue;
        };
        if local(e.name().as_ref()) != b"Relationship" {
            continue;
        }
        let Some(id) = attr(&e, b"Id") else { continue };
        if let Some(i) = rids.iter().position(|r| *r == id) {
            found[i] = attr(&e, b"Target");
        }
    }
    rids.iter()
        .zip(found)
        .map(|(rid, t)| {
            t.ok_or_else(|| format!("the worksheet's relationships have no table {rid}"))
        })
        .collect()
}

/// A relationship's target as a part name: from the ZIP's root when it
/// starts with `/`, else from the worksheet's folder `dir`, `..` followed.
pub(in crate::intake) fn resolve(dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> = match target.strip_prefix('/') {
        Some(_) => Vec::new(),
        None => dir.split('/').filter(|p| !p.is_empty()).collect(),
    };
    for p in target.trim_start_matches('/').split('/') {
        match p {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// A table part's root element: where the table is, and its header and
/// totals rows.
fn table(reader: impl Read) -> Result<SheetTable, String> {
    let mut xml = Xml::new(reader, MAX_PART_BYTES, "a table part");
    while let Some(tag) = xml.next_tag()? {
        let Tag::Open { e, .. } = tag else {
            continue;
        };
        if local(e.name().as_ref()) != b"table" {
            continue;
        }
        let text = attr(&e, b"ref").unwrap_or_default();
        let (r0, r1, c0, c1) =
            parse_ref(&text).ok_or_else(|| format!("the table's range {text:?} cannot be read"))?;
        let count =
            |name: &[u8], default: usize| attr(&e, name).map_or(Some(default), |v| number(&v));
        let header =
            count(b"headerRowCount", 1).ok_or("the table's headerRowCount cannot be read")?;
        let totals =
            count(b"totalsRowCount", 0).ok_or("the table's totalsRowCount cannot be read")?;
        if header + totals > r1 - r0 + 1 {
            return Err(format!(
                "the table's header and totals rows do not fit in {text}"
            ));
        }
        return Ok(SheetTable {
            name: attr(&e, b"displayName")
                .or_else(|| attr(&e, b"name"))
                .unwrap_or_default(),
            text: text.replace('$', ""),
            rows: (r0, r1),
            columns: (c0, c1),
            totals: (totals > 0).then(|| (r1 + 1 - totals, r1)),
        });
    }
    Err("no table in the part".into())
}

#[cfg(test)]
mod tests {
    use super::{resolve, table};

    #[test]
    fn a_tables_rows_header_and_totals_are_read() {
        let t = table(
            br#"<table xmlns="x" id="1" name="Table1" displayName="Payroll" ref="A3:D7" totalsRowCount="1" totalsRowShown="1"/>"#
                .as_slice(),
        )
        .unwrap();
        assert_eq!(
            (t.name.as_str(), t.rows, t.columns, t.totals),
            ("Payroll", (3, 7), (0, 3), Some((7, 7)))
        );
        let t = table(br#"<table ref="B2:C9" headerRowCount="0" totalsRowShown="0"/>"#.as_slice())
            .unwrap();
        assert_eq!((t.rows, t.totals), ((2, 9), None));
        assert!(table(br#"<table ref="A1:D2" totalsRowCount="2"/>"#.as_slice()).is_err());
        assert!(table(br#"<table ref="oops"/>"#.as_slice()).is_err());
    }

    #[test]
    fn a_target_is_found_from_the_worksheets_folder() {
        assert_eq!(
            resolve("xl/worksheets", "../tables/table1.xml"),
            "xl/tables/table1.xml"
        );
        assert_eq!(
            resolve("xl/worksheets", "/xl/tables/table2.xml"),
            "xl/tables/table2.xml"
        );
    }
}
