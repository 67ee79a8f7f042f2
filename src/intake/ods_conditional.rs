//! The `.ods` side of [`super::conditional`]: the conditional formats
//! LibreOffice writes at the end of a table (`calcext:conditional-formats`,
//! its extension of ODF): `calcext:conditional-format` with a
//! `target-range-address`, holding `calcext:condition`s (a condition and
//! the named cell style it applies), `calcext:date-is` (a date period),
//! and data bars and icon sets, which show no number when
//! `show-value="false"` (LibreOffice writes an icon set's on its first
//! `formatting-entry`).
//!
//! The ODF-standard form, a `style:map` inside a cell style, is not read:
//! LibreOffice writes it only beside the `calcext` form.

use super::conditional::{Rule, When, areas, keep, odf_when};
use super::merged::Area;
use super::unseen::Hides;
use super::unseen_ods::OdsLooks;
use super::xml::{attr, local, truthy};
use quick_xml::events::BytesStart;

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
