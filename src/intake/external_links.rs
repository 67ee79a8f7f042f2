//! Cells whose formula reads another workbook (an external link).
//!
//! `=[1]Sheet1!B2` in an `.xlsx` (the book `[1]` named in `xl/workbook.xml`'s
//! `<externalReferences>`, its path in `xl/externalLinks/_rels/
//! externalLinkN.xml.rels`, ECMA-376 Part 1, 18.14), or
//! `['file:///…/rates.xlsx'#$Sheet1.B2]` in an `.ods`, is saved with the
//! value it had at the last save. Excel asks "Update links?" on opening, and
//! an approver who clicks Update sees the linked file's figures now, not the
//! ones payrun reads. Found here, for the worksheet read; validate warns of
//! those in the amount or wallet column, naming the linked file.

use super::hidden::resolve_target;
use super::xml::{Tag, Xml, attr, local};
use calamine::Range;
use std::io::Read;

/// The most of `workbook.xml` or a relationships part read.
const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;

/// The most linked cells kept: a note names a few.
const MAX_LINKED: usize = 10_000;

/// A cell whose formula reads another workbook, and that workbook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkedCell {
    /// The sheet row, as the user sees it.
    pub row: usize,
    /// The column, from 0.
    pub col: usize,
    /// The linked file, as the workbook names it.
    pub file: String,
}

/// The linked cells of `formulas` (the read sheet's, as calamine gives
/// them) in an `.xlsx` whose external books are `books`, in order.
pub(super) fn xlsx_cells(formulas: &Range<String>, books: &[String]) -> Vec<LinkedCell> {
    if books.is_empty() {
        return Vec::new();
    }
    linked(formulas, |f| {
        book_index(f).and_then(|n| books.get(n.checked_sub(1)?).cloned())
    })
}

/// The linked cells of an `.ods` sheet's `formulas`.
pub(super) fn ods_cells(formulas: &Range<String>) -> Vec<LinkedCell> {
    linked(formulas, ods_file)
}

fn linked(formulas: &Range<String>, file_of: impl Fn(&str) -> Option<String>) -> Vec<LinkedCell> {
    let (row0, col0) = formulas.start().unwrap_or((0, 0));
    formulas
        .used_cells()
        .filter_map(|(r, c, f)| {
            file_of(f).map(|file| LinkedCell {
                row: row0 as usize + r + 1,
                col: col0 as usize + c,
                file,
            })
        })
        .take(MAX_LINKED)
        .collect()
}

/// The `N` of the first `[N]` in an `.xlsx` formula.
fn book_index(formula: &str) -> Option<usize> {
    formula.match_indices('[').find_map(|(at, _)| {
        let rest = &formula[at + 1..];
        let end = rest.find(']')?;
        let digits = &rest[..end];
        (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
            .then(|| digits.parse().ok())
            .flatten()
    })
}

/// The file of the first `'file:…'` reference in an `.ods` formula.
fn ods_file(formula: &str) -> Option<String> {
    let at = formula.find("'file:")?;
    let rest = &formula[at + 1..];
    let end = rest.find('\'')?;
    Some(rest[..end].to_string())
}

/// The external books of an `.xlsx` in memory, in the order `[1]`, `[2]`…
/// name them: each one's path, or its link part's name when its path
/// cannot be read. None when the workbook links none.
pub(super) fn xlsx_books(bytes: &[u8]) -> Result<Vec<String>, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("the workbook is not a readable ZIP ({e})"))?;
    let rids = match zip.by_name("xl/workbook.xml") {
        Ok(f) => reference_ids(f)?,
        Err(_) => return Ok(Vec::new()),
    };
    if rids.is_empty() {
        return Ok(Vec::new());
    }
    let links = {
        let f = zip
            .by_name("xl/_rels/workbook.xml.rels")
            .map_err(|_| "the workbook has no xl/_rels/workbook.xml.rels".to_string())?;
        targets(f, |id, _| rids.iter().position(|r| r == id))?
    };
    let mut books = Vec::with_capacity(rids.len());
    for (i, rid) in rids.iter().enumerate() {
        let Some(target) = links.iter().find(|(k, _)| *k == i).map(|(_, t)| t) else {
            books.push(format!("external link {rid}"));
            continue;
        };
        let part = resolve_target("xl", target);
        let (dir, file) = part.rsplit_once('/').unwrap_or(("", part.as_str()));
        let rels = format!("{dir}/_rels/{file}.rels");
        let path = match zip.by_name(&rels) {
            Ok(f) => targets(f, |_, ty| ty.ends_with("Path").then_some(0))?
                .into_iter()
                .next()
                .map(|(_, t)| t),
            Err(_) => None,
        };
        books.push(path.unwrap_or(part));
    }
    Ok(books)
}

/// The relationship ids of `<externalReference>`s, in order.
fn reference_ids(reader: impl Read) -> Result<Vec<String>, String> {
    let mut xml = Xml::new(reader, MAX_PART_BYTES, "xl/workbook.xml");
    let mut out = Vec::new();
    while let Some(tag) = xml.next_tag()? {
        if let Tag::Open { e, .. } = tag
            && local(e.name().as_ref()) == b"externalReference"
            && let Some(id) = attr(&e, b"id")
        {
            out.push(id);
        }
    }
    Ok(out)
}

/// The targets of the relationships `pick` keeps (by id and type), each
/// with what `pick` said of it.
fn targets(
    reader: impl Read,
    pick: impl Fn(&str, &str) -> Option<usize>,
) -> Result<Vec<(usize, String)>, String> {
    let mut xml = Xml::new(reader, MAX_PART_BYTES, "a relationships part");
    let mut out = Vec::new();
    while let Some(tag) = xml.next_tag()? {
        let Tag::Open { e, .. } = tag else {
            continue;
        };
        if local(e.name().as_ref()) != b"Relationship" {
            continue;
        }
        let id = attr(&e, b"Id").unwrap_or_default();
        let ty = attr(&e, b"Type").unwrap_or_default();
        if let (Some(k), Some(t)) = (pick(&id, &ty), attr(&e, b"Target")) {
            out.push((k, t));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_formula_names_its_book_by_index_or_file() {
        assert_eq!(book_index("[1]Sheet1!B2"), Some(1));
        assert_eq!(book_index("'[12]Sheet 1'!B2*2"), Some(12));
        assert_eq!(book_index("SUM(B2:B5)"), None);
        assert_eq!(book_index("Table1[[#This Row],[Amount]]"), None);
        assert_eq!(
            ods_file("of:=['file:///tmp/rates.xlsx'#$Sheet1.B2]").as_deref(),
            Some("file:///tmp/rates.xlsx")
        );
        assert_eq!(ods_file("of:=[.B2]*2"), None);
    }
}
