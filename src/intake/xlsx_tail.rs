//! What an `.xlsx` worksheet part says after its rows: merged ranges
//! (`merged`), conditional formats (`conditional`) and the relationship ids
//! of its Excel tables (`<tableParts>`, read by `xlsx_tables`), read in the
//! one pass over the part that `hidden` makes.
//!
//! A conditional format (ECMA-376 Part 1, 18.3.1.18) is
//! `<conditionalFormatting sqref="D2:D100">` holding `<cfRule type
//! operator dxfId>` rules with their `<formula>`s; the look a rule applies
//! is the `dxf` of that index in `styles.xml`. Excel 2010 and later also
//! write rules in `<extLst>` as `<x14:conditionalFormatting>`, whose
//! `<x14:cfRule>` holds its `dxf` inline and whose areas follow the rules
//! in `<xm:sqref>`; both are read alike. A data bar or icon set with
//! `showValue="0"` shows the bar or icon and not the number.

use super::conditional::{self, Rule, keep, xlsx_when};
use super::merged::{self, Area};
use super::unseen::Hides;
use super::xlsx_styles::DxfRead;
use super::xlsx_theme::Theme;
use super::xml::{Tag, Xml, attr, local, ref_char, truthy};
use quick_xml::events::BytesStart;
use std::io::Read;

/// The most formula or reference text kept for one element.
const MAX_TEXT: usize = 8 * 1024;

/// The rest of a worksheet part after `</sheetData>`: its merged ranges,
/// and the conditional formats that can hide a value (`dxfs` from
/// `styles.xml`; `theme` for the colours of an inline `x14:dxf`).
pub(super) fn read_tail<R: Read>(
    xml: &mut Xml<R>,
    dxfs: &[Hides],
    theme: &Theme,
) -> Result<TailRead, String> {
    let mut tail = Tail::default();
    while let Some(tag) = xml.next_tag()? {
        match tag {
            Tag::Open { e, empty } => tail.open(&e, empty, dxfs, theme)?,
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
    Ok(TailRead {
        merges: tail.merges,
        rules: tail.rules,
        tables: tail.tables,
    })
}

/// What [`read_tail`] found.
#[derive(Debug, Default)]
pub(super) struct TailRead {
    pub(super) merges: Vec<Area>,
    pub(super) rules: Vec<Rule>,
    /// The relationship ids of the sheet's tables (`<tablePart r:id>`).
    pub(super) tables: Vec<String>,
}

/// The most tables of one sheet read; Excel's own sheets hold a few.
const MAX_TABLES: usize = 1_000;

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
    tables: Vec<String>,
}

impl Tail {
    fn open(
        &mut self,
        e: &BytesStart<'_>,
        empty: bool,
        dxfs: &[Hides],
        theme: &Theme,
    ) -> Result<(), String> {
        let qname = e.name();
        let name = local(qname.as_ref());
        if let Some(d) = self.rule.as_mut().and_then(|r| r.dxf.as_mut()) {
            d.open(e, empty, theme);
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
            b"tablePart" => {
                if self.tables.len() >= MAX_TABLES {
                    return Err("more tables on the worksheet than payrun reads".into());
                }
                self.tables.extend(attr(e, b"id"));
            }
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
                    self.finish_rule(r)?;
                }
            }
            b"conditionalFormatting" => {
                for rule in std::mem::take(&mut self.block) {
                    keep(&mut self.rules, &self.areas, rule.when, rule.hides)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Keeps the rule just read in the block if it can hide anything.
    fn finish_rule(&mut self, r: OpenRule) -> Result<(), String> {
        let mut hides = r.hides;
        if r.bar_only {
            hides.positive = true;
            hides.negative = true;
            hides.zero = true;
        }
        let when = xlsx_when(
            &r.kind,
            r.operator.as_deref(),
            r.text.as_deref(),
            &r.formulas,
        );
        keep(&mut self.block, &[], when, hides)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::intake::conditional::{Op, Operand, When};
    use crate::intake::xlsx_styles::xlsx_styles;

    fn tail(part: &str, styles: &str) -> (Vec<Area>, Vec<Rule>) {
        let looks = xlsx_styles(styles.as_bytes(), Theme::default()).unwrap();
        let mut xml = Xml::new(part.as_bytes(), 1 << 20, "test");
        let read = read_tail(&mut xml, &looks.dxfs, &looks.theme).unwrap();
        (read.merges, read.rules)
    }

    /// dxf 0: white text; 1: white text on a navy fill; 2: navy on navy;
    /// 3: red text; 4: `;;;`.
    const STYLES: &str = r#"<styleSheet><dxfs count="5">
        <dxf><font><color rgb="FFFFFFFF"/></font></dxf>
        <dxf><font><color rgb="FFFFFFFF"/></font><fill><patternFill><bgColor rgb="FF000080"/></patternFill></fill></dxf>
        <dxf><font><color indexed="18"/></font><fill><patternFill patternType="solid"><fgColor rgb="FF000080"/><bgColor rgb="FF000080"/></patternFill></fill></dxf>
        <dxf><font><color rgb="FFFF0000"/></font></dxf>
        <dxf><numFmt numFmtId="170" formatCode=";;;"/></dxf>
        </dxfs></styleSheet>"#;

    #[test]
    fn rules_whose_look_hides_are_kept_with_their_areas() {
        let part = r#"<worksheet><mergeCells><mergeCell ref="A3:D3"/></mergeCells>
            <conditionalFormatting sqref="D2:D9 F2">
              <cfRule type="cellIs" dxfId="0" operator="lessThan"><formula>-1</formula></cfRule>
              <cfRule type="cellIs" dxfId="1" operator="equal"><formula>0</formula></cfRule>
              <cfRule type="expression" dxfId="2"><formula>$E2="skip"</formula></cfRule>
              <cfRule type="cellIs" dxfId="3" operator="greaterThan"><formula>100</formula></cfRule>
              <cfRule type="containsText" dxfId="4" operator="containsText" text="x"><formula>NOT(ISERROR(SEARCH("x",D2)))</formula></cfRule>
            </conditionalFormatting>
            <conditionalFormatting sqref="B2:B9"><cfRule type="dataBar"><dataBar showValue="0"/></cfRule></conditionalFormatting>
            <conditionalFormatting sqref="C2:C9"><cfRule type="dataBar"><dataBar/></cfRule></conditionalFormatting>
            </worksheet>"#;
        let (merges, rules) = tail(part, STYLES);
        assert_eq!(merges, vec![(3, 3, 0, 3)]);
        let whens: Vec<&When> = rules.iter().map(|r| &r.when).collect();
        assert_eq!(
            whens,
            vec![
                &When::numbers(Op::Lt, -1.0, None),
                &When::Always,
                &When::Text(crate::intake::conditional::TextTest::Contains, "x".into()),
                &When::Always,
            ]
        );
        assert!(rules[0].hides.invisible_ink && rules[1].hides.invisible_ink);
        assert!(rules[2].hides.positive && !rules[2].hides.invisible_ink);
        assert_eq!(rules[0].areas, vec![(2, 9, 3, 3), (2, 2, 5, 5)]);
        assert_eq!(rules[3].areas, vec![(2, 9, 1, 1)]);
        assert!(rules[3].hides.positive && !rules[3].hides.text);
    }

    /// Excel 2010's form: the dxf inline, the formula in `xm:f`, the areas
    /// after the rules in `xm:sqref`.
    #[test]
    fn excel_2010_rules_in_the_extension_list_are_read_too() {
        let part = r#"<worksheet><extLst><ext uri="{78C0D931-6437-407d-A8EE-F0AAD7539E65}">
            <x14:conditionalFormattings><x14:conditionalFormatting xmlns:xm="m">
              <x14:cfRule type="cellIs" priority="1" operator="equal" id="{1}">
                <xm:f>&quot;skip&quot;</xm:f>
                <x14:dxf><font><color rgb="FFFFFFFF"/></font></x14:dxf>
              </x14:cfRule>
              <xm:sqref>A2:E20</xm:sqref>
            </x14:conditionalFormatting></x14:conditionalFormattings></ext></extLst></worksheet>"#;
        let (_, rules) = tail(part, "<styleSheet/>");
        assert_eq!(rules.len(), 1);
        assert_eq!(
            rules[0].when,
            When::Compare(Op::Eq, Operand::Text("skip".into()), None)
        );
        assert_eq!(rules[0].areas, vec![(2, 20, 0, 4)]);
        assert!(rules[0].hides.invisible_ink);
    }
}
