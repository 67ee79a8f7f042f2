//! Cell comments (notes): `HOLD - resigned, do not pay` on a payee's cell
//! shows as a red corner and on hover, and prints with "Comments: as
//! displayed"; validate judges each by the hold and paid words of a remark
//! column. Read here, as written, for the worksheet read:
//! - `.xlsx`/`.xlsm`: the worksheet's relationship of type `.../comments`
//!   (ECMA-376 Part 1, 18.7 `comments`), each `<comment ref="E3">`'s text
//!   runs (`<t>`). Excel 365's threaded comments keep a legacy copy there.
//! - `.ods`: `office:annotation` in a cell, read by `ods_scan` (its
//!   paragraphs, not its date or author).
//! - `.xls`: NOTE, OBJ and TXO records, read by `biff_notes.rs`.
//! - `.xlsb` is not read: a documented gap (docs/sheets.md).

use super::hidden::{resolve_target, sheet_part, sheet_rid};
use super::merged::cell;
use super::xml::{Tag, Xml, attr, local};
use std::io::Read;

/// The most of a comments or relationships part read.
const MAX_PART_BYTES: u64 = 16 * 1024 * 1024;

/// The most comments kept of one worksheet.
pub(super) const MAX_COMMENTS: usize = 10_000;

/// The most characters of a comment kept: hold words come first.
pub(super) const MAX_COMMENT_CHARS: usize = 1_000;

/// A comment on a cell, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellComment {
    /// The sheet row, as the user sees it.
    pub row: usize,
    /// The column, from 0.
    pub col: usize,
    pub text: String,
}

/// The comments of worksheet `sheet` of an `.xlsx` in memory.
pub(super) fn xlsx(bytes: &[u8], sheet: &str) -> Result<Vec<CellComment>, String> {
    let (mut zip, part) = sheet_part(bytes, "xl/workbook.xml", |f| sheet_rid(f, sheet))?;
    let (dir, file) = part.rsplit_once('/').unwrap_or(("", part.as_str()));
    let rels = format!("{dir}/_rels/{file}.rels");
    let targets = match zip.by_name(&rels) {
        Ok(f) => comment_targets(f)?,
        // A worksheet with no relationships has no comments.
        Err(_) => return Ok(Vec::new()),
    };
    let mut out = Vec::new();
    for target in targets {
        let name = resolve_target(dir, &target);
        let f = zip
            .by_name(&name)
            .map_err(|_| format!("the worksheet's comments part {name} is missing"))?;
        read_comments(f, &mut out).map_err(|e| format!("{name}: {e}"))?;
    }
    Ok(out)
}

/// The targets of the relationships of comments type.
fn comment_targets(reader: impl Read) -> Result<Vec<String>, String> {
    let mut xml = Xml::new(reader, MAX_PART_BYTES, "the worksheet's relationships");
    let mut out = Vec::new();
    while let Some(tag) = xml.next_tag()? {
        let Tag::Open { e, .. } = tag else {
            continue;
        };
        if local(e.name().as_ref()) == b"Relationship"
            && attr(&e, b"Type").is_some_and(|t| t.ends_with("/comments"))
            && let Some(t) = attr(&e, b"Target")
        {
            out.push(t);
        }
    }
    Ok(out)
}

/// Each `<comment ref="..">` of a comments part, its `<t>` texts joined.
fn read_comments(reader: impl Read, out: &mut Vec<CellComment>) -> Result<(), String> {
    let mut xml = Xml::new(reader, MAX_PART_BYTES, "a comments part");
    let mut open: Option<CellComment> = None;
    let mut in_t = false;
    while let Some(tag) = xml.next_tag()? {
        match tag {
            Tag::Open { e, empty } => match local(e.name().as_ref()) {
                b"comment" if !empty => {
                    let at = attr(&e, b"ref").unwrap_or_default();
                    let (row, col) = cell(&at)
                        .ok_or_else(|| format!("a comment's cell {at:?} cannot be read"))?;
                    open = Some(CellComment {
                        row,
                        col,
                        text: String::new(),
                    });
                }
                b"t" => in_t = !empty,
                _ => {}
            },
            Tag::Close(b"t") => in_t = false,
            Tag::Close(b"comment") => {
                if let Some(c) = open.take().filter(|c| !c.text.trim().is_empty()) {
                    if out.len() >= MAX_COMMENTS {
                        return Err(format!("more than {MAX_COMMENTS} comments"));
                    }
                    out.push(c);
                }
            }
            Tag::Text(t) if in_t => {
                if let Some(c) = open.as_mut() {
                    keep(&mut c.text, &String::from_utf8_lossy(&t));
                }
            }
            Tag::Ref(r) if in_t => {
                if let (Some(c), Some(ch)) = (open.as_mut(), super::xml::ref_char(&r)) {
                    keep(&mut c.text, ch.encode_utf8(&mut [0; 4]));
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Adds `t` to a comment's text, up to [`MAX_COMMENT_CHARS`].
pub(super) fn keep(text: &mut String, t: &str) {
    let room = MAX_COMMENT_CHARS.saturating_sub(text.chars().count());
    text.extend(t.chars().take(room));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_comment_part_gives_each_cell_and_its_text() {
        let xml = r#"<comments xmlns="x"><authors><author>HR</author></authors><commentList>
<comment ref="E3" authorId="0"><text><r><rPr><sz val="11"/></rPr><t xml:space="preserve">HOLD - resigned, </t></r><r><t>do not pay</t></r></text></comment>
<comment ref="B2" authorId="0"><text><t>Joined &amp; left</t></text></comment>
<comment ref="C4" authorId="0"><text><t></t></text></comment>
</commentList></comments>"#;
        let mut out = Vec::new();
        read_comments(xml.as_bytes(), &mut out).unwrap();
        assert_eq!(
            out,
            vec![
                CellComment {
                    row: 3,
                    col: 4,
                    text: "HOLD - resigned, do not pay".into()
                },
                CellComment {
                    row: 2,
                    col: 1,
                    text: "Joined & left".into()
                },
            ]
        );
    }
}
