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
//!
//! Struck through the same way (Ctrl+5 on the selected text): a string one
//! of whose struck runs covers a digit, or all of whose text is struck, is
//! kept apart, for the cells that hold it to count as struck through. A
//! wallet `0171234` + struck `5003` is a number finance crossed out.
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
use super::xlsx_styles::{colour, struck};
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

/// The texts of the shared strings whose runs hide or strike through some
/// of their text.
#[derive(Debug, Default)]
pub(super) struct RunLooks {
    /// Some of the text shows nothing.
    pub(super) hidden: HashSet<String>,
    /// A struck run covers a digit, or every run with text is struck.
    pub(super) struck: HashSet<String>,
}

impl RunLooks {
    pub(super) fn is_empty(&self) -> bool {
        self.hidden.is_empty() && self.struck.is_empty()
    }
}

/// Reads `xl/sharedStrings.xml` for the strings whose runs change how
/// their text looks.
pub(super) fn run_looks(reader: impl Read, theme: &Theme) -> Result<RunLooks, String> {
    let mut xml = Xml::new(reader, MAX_SHARED_XML_BYTES, "xl/sharedStrings.xml");
    let mut out = RunLooks::default();
    let mut s = Shared::default();
    while let Some(tag) = xml.next_tag()? {
        match tag {
            Tag::Open { e, empty } => match local(e.name().as_ref()) {
                b"si" => s = Shared::default(),
                b"rPh" if !empty => s.phonetic = true,
                b"r" if !empty && !s.phonetic => s.run = Some(Run::default()),
                b"color" => {
                    if let Some(run) = s.run.as_mut() {
                        run.ink = colour(&e, theme);
                    }
                }
                b"sz" => {
                    if let Some(run) = s.run.as_mut() {
                        run.tiny = attr(&e, b"val")
                            .and_then(|v| decimal(&v))
                            .is_some_and(too_small);
                    }
                }
                b"strike" => {
                    if let Some(run) = s.run.as_mut() {
                        run.struck = struck(&e);
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
            Tag::Close(b"si") => s.keep(&mut out),
            _ => {}
        }
    }
    Ok(out)
}

/// The font of a run (`rPr`) being read.
#[derive(Debug, Default, Clone, Copy)]
struct Run {
    ink: Option<u32>,
    tiny: bool,
    struck: bool,
}

/// A shared string (`si`) being read.
#[derive(Debug, Default)]
struct Shared {
    text: String,
    run: Option<Run>,
    in_t: bool,
    phonetic: bool,
    /// A run with text shows nothing on white.
    hides: bool,
    /// A struck run covers a digit.
    struck_digit: bool,
    /// Some text is struck, and some is not.
    struck_text: bool,
    plain_text: bool,
}

impl Shared {
    fn text(&mut self, t: &str) {
        let run = self.run.unwrap_or_default();
        if !t.trim().is_empty() {
            self.hides |= run.tiny || ink_lost_in(run.ink, Some(WHITE));
            self.struck_digit |= run.struck && t.chars().any(|c| c.is_numeric());
            self.struck_text |= run.struck;
            self.plain_text |= !run.struck;
        }
        if self.text.len() < MAX_TEXT {
            self.text.push_str(t);
        }
    }

    /// `</si>`: keeps the string's text where its runs say.
    fn keep(&mut self, out: &mut RunLooks) {
        let struck = self.struck_digit || (self.struck_text && !self.plain_text);
        if self.hides && out.hidden.len() < MAX_HIDDEN {
            out.hidden.insert(self.text.clone());
        }
        if struck && out.struck.len() < MAX_HIDDEN {
            out.struck.insert(self.text.clone());
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
        let got = run_looks(xml.as_bytes(), &Theme::default()).unwrap();
        assert!(got.struck.is_empty());
        let mut got: Vec<String> = got.hidden.into_iter().collect();
        got.sort();
        assert_eq!(got, vec!["01712345003", "theme white", "tiny"]);
    }

    #[test]
    fn a_string_struck_over_a_digit_or_wholly_is_kept_as_struck() {
        let xml = r#"<sst><si><r><t>0171234</t></r><r><rPr><strike/></rPr><t>5003</t></r></si>
            <si><r><rPr><strike val="true"/></rPr><t>Rahim</t></r></si>
            <si><r><t>01712345004</t></r><r><rPr><strike val="1"/></rPr><t xml:space="preserve"> (old)</t></r></si>
            <si><r><rPr><strike val="0"/></rPr><t>0171234</t></r><r><rPr><strike val="false"/></rPr><t>5005</t></r></si>
            <si><r><rPr><strike/></rPr><t>01712345006</t></r><rPh sb="0" eb="1"><t>7</t></rPh></si>
            <si><t>01712345007</t></si></sst>"#;
        let got = run_looks(xml.as_bytes(), &Theme::default()).unwrap();
        assert!(got.hidden.is_empty());
        let mut got: Vec<String> = got.struck.into_iter().collect();
        got.sort();
        assert_eq!(got, vec!["01712345003", "01712345006", "Rahim"]);
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
