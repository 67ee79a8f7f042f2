//! Text in a font of its own: rich text. In Excel a person can select part
//! of a cell's text, or all of it, and colour it white; Excel then keeps the
//! text as runs (`<r><rPr><color rgb="FFFFFFFF"/></rPr><t>...</t></r>`) in
//! `xl/sharedStrings.xml` (ECMA-376 Part 1, 18.4.4 `r`, 18.4.7 `rPr`), and
//! the cell's own style says nothing of it. A wallet so whitened, wholly or
//! in part, is a cell the person checking the sheet did not read as it is.
//!
//! A shared string any of whose runs with text shows nothing on white (too
//! faint, [`super::unseen::ink_lost_in`], or too small,
//! [`super::legible::too_small`]) is kept by its text; the cells calamine
//! read holding that text are then looked up in the sheet, as merged cells
//! are. A run on a dark fill of the cell's own is judged on white, which at
//! worst refuses a row a person can see; so is a plain cell that happens to
//! hold the same text. Phonetic runs (`rPh`) are not the cell's text.
//! Inline strings with runs (`inlineStr`, which openpyxl writes; Excel and
//! LibreOffice do not) are not read.
//!
//! The part is read a second time (calamine reads it for the text): calamine
//! drops the runs' fonts and keeps its reader private. Only `si`s with a run
//! that hides are kept, so the second read costs time, not memory
//! (docs/benchmarks.md: the session's new reads cost 8 % on 100k rows).

use super::legible::too_small;
use super::merged::cells_where;
use super::unseen::{WHITE, ink_lost_in};
use super::xlsx_styles::colour;
use super::xlsx_theme::Theme;
use super::xml::{Tag, Xml, attr, decimal, local, ref_char};
use calamine::{Data, Range};
use std::collections::HashSet;
use std::io::Read;

/// The most `sharedStrings.xml` read: the zip guard bounds every part.
const MAX_SHARED_XML_BYTES: u64 = 1024 * 1024 * 1024;
/// The most hidden strings kept, and the most text of one.
const MAX_HIDDEN: usize = 100_000;
const MAX_TEXT: usize = 32 * 1024;

/// The texts of the shared strings some of whose text shows nothing.
pub(super) fn hidden_strings(reader: impl Read, theme: &Theme) -> Result<HashSet<String>, String> {
    let mut xml = Xml::new(reader, MAX_SHARED_XML_BYTES, "xl/sharedStrings.xml");
    let mut out = HashSet::new();
    let mut s = Shared::default();
    while let Some(tag) = xml.next_tag()? {
        match tag {
            Tag::Open { e, empty } => match local(e.name().as_ref()) {
                b"si" => s = Shared::default(),
                b"rPh" if !empty => s.phonetic = true,
                b"r" if !empty && !s.phonetic => s.run = Some((None, false)),
                b"color" => {
                    if let Some(run) = s.run.as_mut() {
                        run.0 = colour(&e, theme);
                    }
                }
                b"sz" => {
                    if let Some(run) = s.run.as_mut() {
                        run.1 = attr(&e, b"val")
                            .and_then(|v| decimal(&v))
                            .is_some_and(too_small);
                    }
                }
                b"t" if !empty => s.in_t = !s.phonetic,
                _ => {}
            },
            Tag::Text(t) if s.in_t => s.text(&String::from_utf8_lossy(&t)),
            Tag::Ref(r) if s.in_t => {
                if let Some(c) = ref_char(&r) {
                    s.text(c.encode_utf8(&mut [0; 4]));
                }
            }
            Tag::Close(b"t") => s.in_t = false,
            Tag::Close(b"rPh") => s.phonetic = false,
            Tag::Close(b"r") => s.run = None,
            Tag::Close(b"si") if s.hides && out.len() < MAX_HIDDEN => {
                out.insert(std::mem::take(&mut s.text));
            }
            _ => {}
        }
    }
    Ok(out)
}

/// A shared string (`si`) being read.
#[derive(Debug, Default)]
struct Shared {
    text: String,
    /// The run being read: its ink and whether it is too small.
    run: Option<(Option<u32>, bool)>,
    in_t: bool,
    phonetic: bool,
    /// A run with text shows nothing on white.
    hides: bool,
}

impl Shared {
    fn text(&mut self, t: &str) {
        if let Some((ink, tiny)) = self.run
            && !t.trim().is_empty()
            && (tiny || ink_lost_in(ink, Some(WHITE)))
        {
            self.hides = true;
        }
        if self.text.len() < MAX_TEXT {
            self.text.push_str(t);
        }
    }
}

/// The cells of `range` that hold one of `texts`: (row as seen, 0-based
/// column).
pub(super) fn cells_holding(
    texts: &HashSet<String>,
    range: &Range<Data>,
) -> Result<Vec<(usize, usize)>, String> {
    let (Some((top, left)), Some((bottom, right))) = (range.start(), range.end()) else {
        return Ok(Vec::new());
    };
    let whole = (
        top as usize + 1,
        bottom as usize + 1,
        left as usize,
        right as usize,
    );
    let too_many = "more cells with hidden text than payrun keeps";
    cells_where(
        [(whole, ())],
        range,
        too_many,
        |_, _, _, v| matches!(v, Data::String(s) if texts.contains(s)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_string_with_a_run_that_shows_nothing_is_kept_by_its_text() {
        let xml = r#"<sst><si><t>plain</t></si>
            <si><r><rPr><color rgb="FFFF0000"/></rPr><t>0171234</t></r><r><rPr><sz val="11"/><color rgb="FFFFFFFF"/></rPr><t>5003</t></r></si>
            <si><r><rPr><color rgb="FFFF0000"/></rPr><t>red</t></r><r><rPr><color rgb="FFFFFFFF"/></rPr><t xml:space="preserve"> </t></r></si>
            <si><r><rPr><sz val="1"/></rPr><t>tiny</t></r></si>
            <si><r><t>a&amp;b</t></r><rPh sb="0" eb="1"><t>white</t></rPh></si>
            <si><r><rPr><color theme="0"/></rPr><t>theme white</t></r></si></sst>"#;
        let got = hidden_strings(xml.as_bytes(), &Theme::default()).unwrap();
        let mut got: Vec<String> = got.into_iter().collect();
        got.sort();
        assert_eq!(got, vec!["01712345003", "theme white", "tiny"]);
    }

    #[test]
    fn cells_holding_a_hidden_text_are_found_in_the_sheet() {
        let mut range: Range<Data> = Range::new((0, 0), (2, 1));
        range.set_value((1, 1), Data::String("01712345003".into()));
        range.set_value((2, 1), Data::String("01712345004".into()));
        range.set_value((2, 0), Data::Float(1.0));
        let texts: HashSet<String> = ["01712345003".to_string()].into();
        assert_eq!(cells_holding(&texts, &range).unwrap(), vec![(2, 1)]);
    }
}
