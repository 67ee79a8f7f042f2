//! The `.ods` side of [`super::conditional`]: the conditional formats
//! LibreOffice writes at the end of a table (`calcext:conditional-formats`,
//! its extension of ODF): `calcext:conditional-format` with a
//! `target-range-address`, holding `calcext:condition`s (a condition and
//! the named cell style it applies), `calcext:date-is` (a date period),
//! and data bars and icon sets, which show no number when
//! `show-value="false"` (LibreOffice writes an icon set's on its first
//! `formatting-entry`).
//!
//! The ODF-standard form (ODF 1.2 part 1, 16.3 `style:map`) sits inside a
//! cell style: a condition on `cell-content()` or a formula, and the style
//! it applies, for every cell of that style. Gnumeric writes only this form,
//! LibreOffice both. [`MappedCells`] keeps where the cells of such styles
//! stand, as areas, so that both forms are looked up against the sheet
//! alike.

use super::conditional::{Rule, When, areas, keep, odf_when};
use super::merged::Area;
use super::unseen::Hides;
use super::unseen_ods::OdsLooks;
use super::xml::{attr, local, truthy};
use quick_xml::events::BytesStart;
use std::collections::HashMap;

/// The rules read so far, and the areas of the format being read.
#[derive(Debug, Default)]
pub(super) struct OdsRules {
    areas: Vec<Area>,
    pub(super) rules: Vec<Rule>,
}

impl OdsRules {
    /// An element start inside the table; others are ignored.
    pub(super) fn start(&mut self, e: &BytesStart<'_>, looks: &OdsLooks) -> Result<(), String> {
        let qname = e.name();
        let hides = match local(qname.as_ref()) {
            b"conditional-format" => {
                self.areas = areas(&attr(e, b"target-range-address").unwrap_or_default())?;
                return Ok(());
            }
            b"condition" | b"date-is" => {
                let Some(style) = attr(e, b"apply-style-name") else {
                    return Ok(());
                };
                let when = attr(e, b"value").map_or(When::Always, |v| odf_when(&v));
                (looks.style_hides(&style), when)
            }
            b"data-bar" | b"icon-set" | b"formatting-entry" => {
                if attr(e, b"show-value").is_none_or(|v| truthy(&v)) {
                    return Ok(());
                }
                let numbers = Hides {
                    positive: true,
                    negative: true,
                    zero: true,
                    ..Hides::default()
                };
                (numbers, When::Always)
            }
            _ => return Ok(()),
        };
        let (hides, when) = hides;
        keep(&mut self.rules, &self.areas, when, hides)?;
        Ok(())
    }
}

/// A `style:map` condition (`cell-content()>=9000`,
/// `of:cell-content-is-between(1,5)`, `is-true-formula(...)`) as a
/// [`When`].
pub(super) fn map_when(condition: &str) -> When {
    let c = condition.trim();
    // Gnumeric writes the OpenFormula namespace prefix `of:`.
    let c = c.strip_prefix("of:").unwrap_or(c);
    if let Some(rest) = c.strip_prefix("cell-content()") {
        return odf_when(rest);
    }
    if let Some(rest) = c.strip_prefix("cell-content-is-not-between") {
        return odf_when(&format!("not-between{rest}"));
    }
    if let Some(rest) = c.strip_prefix("cell-content-is-between") {
        return odf_when(&format!("between{rest}"));
    }
    When::Always
}

/// The cells of a table whose style has maps that can hide a value.
#[derive(Debug, Default)]
pub(super) struct MappedCells {
    /// Each such cell style's rules, without areas.
    styles: HashMap<String, Vec<Rule>>,
    /// The areas of each style's cells, and for each (style, columns) the
    /// last area, which a cell just below extends.
    areas: HashMap<String, Vec<Area>>,
    last: HashMap<(String, usize, usize), usize>,
    count: usize,
}

impl MappedCells {
    /// For the table's cell styles (name, then each map's condition and
    /// what the style it applies hides), those whose maps can hide.
    pub(super) fn new(styles: Vec<(String, Vec<(String, Hides)>)>) -> MappedCells {
        let mut mapped = MappedCells::default();
        for (name, maps) in styles {
            let mut rules = Vec::new();
            for (condition, hides) in maps {
                // Never fails: no areas, and far fewer rules than the limit.
                let _ = keep(&mut rules, &[], map_when(&condition), hides);
            }
            if !rules.is_empty() {
                mapped.styles.insert(name, rules);
            }
        }
        mapped
    }

    /// Whether no style of the table has maps that can hide: then no
    /// cell's style need be looked up.
    pub(super) fn is_empty(&self) -> bool {
        self.styles.is_empty()
    }

    pub(super) fn has(&self, style: &str) -> bool {
        self.styles.contains_key(style)
    }

    /// A cell of `style` covering rows `r0..=r1` (as seen) and columns
    /// `c0..=c1`.
    pub(super) fn cell(
        &mut self,
        style: &str,
        (r0, r1): (usize, usize),
        (c0, c1): (usize, usize),
    ) -> Result<(), String> {
        if !self.has(style) {
            return Ok(());
        }
        let areas = self.areas.entry(style.to_string()).or_default();
        let key = (style.to_string(), c0, c1);
        if let Some(&i) = self.last.get(&key)
            && let Some(a) = areas.get_mut(i)
            && a.1.saturating_add(1) == r0
        {
            a.1 = r1;
            return Ok(());
        }
        areas.push((r0, r1, c0, c1));
        self.last.insert(key, areas.len() - 1);
        self.count += 1;
        if self.count > MAX_MAPPED_AREAS {
            return Err("more cells with conditional styles than payrun reads".into());
        }
        Ok(())
    }

    /// Each style's rules over the areas of its cells.
    pub(super) fn rules(self) -> Vec<Rule> {
        let mut out = Vec::new();
        for (style, rules) in self.styles {
            let Some(areas) = self.areas.get(&style) else {
                continue;
            };
            for rule in rules {
                out.push(Rule {
                    areas: areas.clone(),
                    ..rule
                });
            }
        }
        out
    }
}

/// The most separate areas of cells with conditional styles kept.
const MAX_MAPPED_AREAS: usize = 1_000_000;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::intake::conditional::Op;

    #[test]
    fn style_map_conditions_in_either_writers_spelling() {
        for (condition, want) in [
            ("cell-content()>=9000", When::numbers(Op::Ge, 9000.0, None)),
            (
                "of:cell-content-is-between(9000,9500)",
                When::numbers(Op::Between, 9000.0, Some(9500.0)),
            ),
            (
                "cell-content-is-not-between(1;5)",
                When::numbers(Op::NotBetween, 1.0, Some(5.0)),
            ),
            ("of:is-true-formula([.$E6]=\"skip\")", When::Always),
        ] {
            assert_eq!(map_when(condition), want, "{condition}");
        }
    }

    #[test]
    fn cells_of_a_mapped_style_make_areas_a_cell_below_extends() {
        let white = Hides {
            invisible_ink: true,
            ..Hides::default()
        };
        let mut m = MappedCells::new(vec![
            ("ce1".into(), vec![("cell-content()=0".into(), white)]),
            (
                "ce2".into(),
                vec![("cell-content()=0".into(), Hides::default())],
            ),
        ]);
        assert!(m.has("ce1") && !m.has("ce2"));
        for (rows, cols) in [
            ((2, 2), (3, 3)),
            ((2, 2), (1, 1)),
            ((3, 5), (3, 3)),
            ((6, 6), (1, 1)),
        ] {
            m.cell("ce1", rows, cols).unwrap();
            m.cell("ce2", rows, cols).unwrap();
        }
        let rules = m.rules();
        assert_eq!(rules.len(), 1);
        assert_eq!(
            rules[0].areas,
            vec![(2, 5, 3, 3), (2, 2, 1, 1), (6, 6, 1, 1)]
        );
    }
}
