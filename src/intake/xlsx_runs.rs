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
//!
//! Inline strings (`<c t="inlineStr"><is><r>...`, 18.3.1.53 `is`, which
//! openpyxl and other libraries write; Excel and LibreOffice do not) hold
//! their runs in the cell itself: [`InlineRuns`] reads them as the
//! worksheet part streams by, by the same rules, and keeps the cell.
//!
//! The part is read a second time (calamine reads it for the text): calamine
//! drops the runs' fonts and keeps its reader private. Only `si`s with a run
//! that hides are kept, so the second read costs time, not memory
//! (docs/benchmarks.md: the session's new reads cost 8 % on 100k rows).

use super::legible::too_small;
use super::merged::cells_where;
use super::runs::RunJudge;
use super::unseen::{WHITE, column_of, ink_lost_in};
use super::xlsx_styles::{colour, struck};
use super::xlsx_theme::Theme;
use super::xml::{Tag, Xml, attr, decimal, local, ref_char};
use calamine::{Data, Range};
use quick_xml::events::BytesStart;
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
            Tag::Open { e, .. } if local(e.name().as_ref()) == b"si" => s = Shared::default(),
            Tag::Close(b"si") => s.keep(&mut out),
            tag => s.tag(&tag, theme),
        }
    }
    Ok(out)
}

/// The inline strings of a worksheet part whose runs hide or strike
/// through some of their text, found as the part streams by (the
/// worksheet scan in `hidden_xlsx.rs` hands it every tag of its rows).
pub(super) struct InlineRuns<'a> {
    theme: &'a Theme,
    last_col: Option<usize>,
    /// The inline-string cell open: (row as seen, 0-based column).
    cell: Option<(usize, usize)>,
    string: Option<Shared>,
    /// Cells with a run that shows nothing.
    pub(super) hidden: Vec<(usize, usize)>,
    /// Cells struck through by their runs.
    pub(super) struck: Vec<(usize, usize)>,
}

impl<'a> InlineRuns<'a> {
    pub(super) fn new(theme: &'a Theme) -> InlineRuns<'a> {
        InlineRuns {
            theme,
            last_col: None,
            cell: None,
            string: None,
            hidden: Vec::new(),
            struck: Vec::new(),
        }
    }

    pub(super) fn row(&mut self) {
        self.last_col = None;
    }

    /// A `<c>` of `row` opens: followed when it holds an inline string.
    pub(super) fn cell(&mut self, e: &BytesStart<'_>, row: usize) {
        let col = column_of(e, self.last_col);
        self.last_col = Some(col);
        self.string = None;
        self.cell = (attr(e, b"t").as_deref() == Some("inlineStr")).then_some((row, col));
    }

    /// Any other tag of the rows: the `is` of the open cell, its runs and
    /// their text.
    pub(super) fn tag(&mut self, tag: &Tag<'_>) -> Result<(), String> {
        let Some(at) = self.cell else {
            return Ok(());
        };
        match tag {
            Tag::Open { e, empty: false } if local(e.name().as_ref()) == b"is" => {
                self.string = Some(Shared::default());
            }
            Tag::Close(b"is") => {
                let Some(s) = self.string.take() else {
                    return Ok(());
                };
                let (hides, struck) = s.looks();
                if hides {
                    self.hidden.push(at);
                }
                if struck {
                    self.struck.push(at);
                }
                if self.hidden.len() + self.struck.len() > MAX_HIDDEN {
                    return Err("more cells with hidden text than payrun keeps".into());
                }
            }
            Tag::Close(b"c") => self.cell = None,
            tag => {
                if let Some(s) = self.string.as_mut() {
                    s.tag(tag, self.theme);
                }
            }
        }
        Ok(())
    }
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
    judge: RunJudge,
}

impl Shared {
    fn text(&mut self, t: &str) {
        let run = self.run.unwrap_or_default();
        let hides = run.tiny || ink_lost_in(run.ink, Some(WHITE));
        self.judge.piece(t, hides, run.struck);
        if self.text.len() < MAX_TEXT {
            self.text.push_str(t);
        }
    }

    /// A tag inside an `si` or an `is`: a run, its font, its text.
    fn tag(&mut self, tag: &Tag<'_>, theme: &Theme) {
        match tag {
            Tag::Open { e, empty } => match local(e.name().as_ref()) {
                b"rPh" if !empty => self.phonetic = true,
                b"r" if !empty && !self.phonetic => self.run = Some(Run::default()),
                b"color" => {
                    if let Some(run) = self.run.as_mut() {
                        run.ink = colour(e, theme);
                    }
                }
                b"sz" => {
                    if let Some(run) = self.run.as_mut() {
                        run.tiny = attr(e, b"val")
                            .and_then(|v| decimal(&v))
                            .is_some_and(too_small);
                    }
                }
                b"strike" => {
                    if let Some(run) = self.run.as_mut() {
                        run.struck = struck(e);
                    }
                }
                b"t" if !empty => self.in_t = !self.phonetic,
                _ => {}
            },
            Tag::Text(t) if self.in_t => self.text(&String::from_utf8_lossy(t)),
            Tag::Ref(r) if self.in_t => {
                if let Some(c) = ref_char(r) {
                    self.text(c.encode_utf8(&mut [0; 4]));
                }
            }
            Tag::Close(b"t") => self.in_t = false,
            Tag::Close(b"rPh") => self.phonetic = false,
            Tag::Close(b"r") => self.run = None,
            _ => {}
        }
    }

    /// Whether a run with text shows nothing, and whether the string is
    /// struck through ([`RunJudge`]).
    fn looks(&self) -> (bool, bool) {
        (self.judge.hides(), self.judge.struck())
    }

    /// `</si>`: keeps the string's text where its runs say.
    fn keep(&mut self, out: &mut RunLooks) {
        let (hides, struck) = self.looks();
        if hides && out.hidden.len() < MAX_HIDDEN {
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
    fn inline_strings_struck_or_hidden_by_their_runs_are_kept_by_cell() {
        let xml = r#"<worksheet><sheetData><row r="2"><c r="A2" t="inlineStr"><is><t>Plain</t></is></c>
            <c r="B2" t="inlineStr"><is><r><t>0171234</t></r><r><rPr><strike val="1"/></rPr><t>5012</t></r></is></c>
            <c t="inlineStr"><is><r><rPr><color rgb="FFFFFFFF"/></rPr><t>01712345013</t></r></is></c>
            <c r="E2" t="inlineStr"><is><r><rPr><strike val="0"/></rPr><t>5014</t></r></is></c></row>
            <row r="3"><c t="inlineStr"><is><r><rPr><strike/></rPr><t>Rahim</t></r></is></c>
            <c r="B3" t="s"><v>0</v></c></row></sheetData></worksheet>"#;
        let theme = Theme::default();
        let mut inline = InlineRuns::new(&theme);
        let mut xml = Xml::new(xml.as_bytes(), 1 << 20, "sheet");
        let mut row = 0;
        while let Some(tag) = xml.next_tag().unwrap() {
            inline.tag(&tag).unwrap();
            if let Tag::Open { e, .. } = tag {
                match local(e.name().as_ref()) {
                    b"row" => {
                        inline.row();
                        row += 1;
                    }
                    b"c" => inline.cell(&e, row + 1),
                    _ => {}
                }
            }
        }
        assert_eq!(inline.struck, [(2, 1), (3, 0)]);
        assert_eq!(inline.hidden, [(2, 2)]);
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
