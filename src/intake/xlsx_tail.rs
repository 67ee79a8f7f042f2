//! What an `.xlsx` worksheet part says after its rows: merged ranges
//! (`merged`) and conditional formats (`conditional`), read in the one pass
//! over the part that `hidden` makes.
//!
//! A conditional format (ECMA-376 Part 1, 18.3.1.18) is
//! `<conditionalFormatting sqref="D2:D100">` holding `<cfRule type
//! operator dxfId>` rules with their `<formula>`s; the look a rule applies
//! is the `dxf` of that index in `styles.xml`. Excel 2010 and later also
//! write rules in `<extLst>` as `<x14:conditionalFormatting>`, whose
//! `<x14:cfRule>` holds its `dxf` inline and whose areas follow the rules
//! in `<xm:sqref>`; both are read alike. A data bar or icon set with
//! `showValue="0"` shows the bar or icon and not the number.

use super::conditional::{self, MAX_RULES, Rule, xlsx_when};
use super::merged::{self, Area};
use super::unseen::Hides;
use super::xlsx_styles::DxfRead;
use super::xml::{Tag, Xml, attr, local, ref_char, truthy};
use quick_xml::events::BytesStart;
use std::io::Read;

/// The most formula or reference text kept for one element.
const MAX_TEXT: usize = 8 * 1024;

/// The rest of a worksheet part after `</sheetData>`: its merged ranges,
/// and the conditional formats that can hide a value (`dxfs` from
/// `styles.xml`).
pub(super) fn read_tail<R: Read>(
    xml: &mut Xml<R>,
    dxfs: &[Hides],
) -> Result<(Vec<Area>, Vec<Rule>), String> {
    let mut tail = Tail::default();
    while let Some(tag) = xml.next_tag()? {
        match tag {
            Tag::Open { e, empty } => tail.open(&e, empty, dxfs)?,
            Tag::Close(name) => tail.close(name)?,
            Tag::Text(t) => tail.text(&String::from_utf8_lossy(&t)),
            Tag::Ref(r) => {
                if let Some(c) = ref_char(&r) {
                    tail.text(c.encode_utf8(&mut [0; 4]));
                }
            }
            Tag::Other => {}
        }
    }
    Ok((tail.merges, tail.rules))
}

/// A `cfRule` being read.
#[derive(Debug, Default)]
struct OpenRule {
    kind: String,
    operator: Option<String>,
    text: Option<String>,
    formulas: Vec<String>,
    /// What its `dxfId` hides, when it names one.
    hides: Hides,
    /// Its inline `x14:dxf`, when it has one.
    dxf: Option<DxfRead>,
    /// A data bar or icon set that shows no number.
    bar_only: bool,
}

#[derive(Debug, Default)]
struct Tail {
    merges: Vec<Area>,
    rules: Vec<Rule>,
    /// The areas of the `conditionalFormatting` being read (`sqref`, or
    /// `xm:sqref` once read), and its rules that hide something.
    areas: Vec<Area>,
    block: Vec<Rule>,
    rule: Option<OpenRule>,
    /// Text being kept: a `formula`/`xm:f`, or an `xm:sqref`.
    text: Option<String>,
}

impl Tail {
    fn open(&mut self, e: &BytesStart<'_>, empty: bool, dxfs: &[Hides]) -> Result<(), String> {
        let qname = e.name();
        let name = local(qname.as_ref());
        if let Some(d) = self.rule.as_mut().and_then(|r| r.dxf.as_mut()) {
            d.open(e, empty);
            return Ok(());
        }
        match name {
            b"mergeCell" => {
                if let Some(area) = attr(e, b"ref").and_then(|r| merged::parse_ref(&r)) {
                    self.merges.push(area);
                    if self.merges.len() > merged::MAX_MERGES {
                        return Err("more merged ranges than payrun reads".into());
                    }
                }
            }
            b"conditionalFormatting" => {
                self.block.clear();
                self.areas = match attr(e, b"sqref") {
                    Some(list) => conditional::areas(&list)?,
                    None => Vec::new(),
                };
            }
            b"cfRule" => {
                let hides = attr(e, b"dxfId")
                    .and_then(|v| v.trim().parse::<usize>().ok())
                    .and_then(|i| dxfs.get(i).copied())
                    .unwrap_or_default();
                let rule = OpenRule {
                    kind: attr(e, b"type").unwrap_or_default(),
                    operator: attr(e, b"operator"),
                    text: attr(e, b"text"),
                    hides,
                    ..OpenRule::default()
                };
                self.rule = Some(rule);
                if empty {
                    self.close(b"cfRule")?;
                }
            }
            b"dxf" if !empty => {
                if let Some(r) = self.rule.as_mut() {
                    r.dxf = Some(DxfRead::default());
                }
            }
            b"dataBar" | b"iconSet" => {
                if let Some(r) = self.rule.as_mut() {
                    r.bar_only = attr(e, b"showValue").is_some_and(|v| !truthy(&v));
                }
            }
            b"formula" | b"f" | b"sqref" if !empty => self.text = Some(String::new()),
            _ => {}
        }
        Ok(())
    }

    fn text(&mut self, t: &str) {
        if let Some(s) = self.text.as_mut()
            && s.len() < MAX_TEXT
        {
            s.push_str(t);
        }
    }

    fn close(&mut self, name: &[u8]) -> Result<(), String> {
        if let Some(r) = self.rule.as_mut()
            && let Some(d) = r.dxf.as_mut()
        {
            if name == b"dxf" {
                r.hides = d.hides();
                r.dxf = None;
            } else {
                d.close(name);
            }
            return Ok(());
        }
        match name {
            b"formula" | b"f" => {
                if let (Some(r), Some(t)) = (self.rule.as_mut(), self.text.take()) {
                    r.formulas.push(t);
                }
            }
            b"sqref" => {
                if let Some(t) = self.text.take() {
                    self.areas = conditional::areas(&t)?;
                }
            }
            b"cfRule" => {
                if let Some(r) = self.rule.take() {
                    self.keep(r)?;
                }
            }
            b"conditionalFormatting" => {
                for mut rule in self.block.drain(..) {
                    rule.areas = self.areas.clone();
                    self.rules.push(rule);
                }
                if self.rules.len() > MAX_RULES {
                    return Err("more conditional formats than payrun reads".into());
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Keeps a rule of the block being read if it can hide anything.
    fn keep(&mut self, r: OpenRule) -> Result<(), String> {
        let mut hides = r.hides;
        if r.bar_only {
            hides.positive = true;
            hides.negative = true;
            hides.zero = true;
        }
        if !hides.any() {
            return Ok(());
        }
        let when = xlsx_when(
            &r.kind,
            r.operator.as_deref(),
            r.text.as_deref(),
            &r.formulas,
        );
        self.block.push(Rule {
            areas: Vec::new(),
            when,
            hides,
        });
        if self.block.len() > MAX_RULES {
            return Err("more conditional formats than payrun reads".into());
        }
        Ok(())
    }
}
