//! The `.ods` styles that hide what they style: row styles too low to read
//! and column styles too narrow (ODF 1.2 part 1, 17.16/17.17
//! `style:row-height`/`style:column-width`, judged by
//! `legible::too_low`/`too_narrow`), and the cell styles that show nothing
//! of a value, read by [`super::unseen_ods`]. The sheet scan in
//! [`super::ods_scan`] looks each row's, column's and cell's style up here.

use super::legible::{POINTS_PER_CHAR, too_low, too_narrow};
use super::ods_guard::MAX_CONTENT_BYTES;
use super::unseen_ods::OdsLooks;
use super::xml::{Tag, Xml, attr, local};
use quick_xml::events::BytesStart;
use std::collections::HashSet;
use std::io::Read;

/// Row styles too low to read and column styles too narrow, by name, and
/// the cell styles that show nothing of a value ([`super::unseen_ods`]).
#[derive(Debug, Default)]
pub(super) struct UnseenStyles {
    pub(super) rows: HashSet<String>,
    pub(super) columns: HashSet<String>,
    pub(super) looks: OdsLooks,
}

/// Reads `styles.xml` (or the automatic styles of `content.xml`) into
/// `styles`.
pub(super) fn collect_styles(reader: impl Read, styles: &mut UnseenStyles) -> Result<(), String> {
    let mut xml = Xml::new(reader, MAX_CONTENT_BYTES, "styles.xml");
    let mut current: Option<String> = None;
    while let Some(tag) = xml.next_tag()? {
        match tag {
            Tag::Open { e, .. } => style_tag(&e, &mut current, styles),
            Tag::Close(name) => styles.looks.end(name),
            Tag::Text(t) => styles.looks.text(&t),
            _ => {}
        }
    }
    Ok(())
}

/// Notes the style being defined, and whether it is too low or too narrow.
pub(super) fn style_tag(
    e: &BytesStart<'_>,
    current: &mut Option<String>,
    styles: &mut UnseenStyles,
) {
    styles.looks.start(e);
    match local(e.name().as_ref()) {
        b"style" => *current = attr(e, b"name"),
        b"table-row-properties" => {
            if let Some(name) = current.as_ref()
                && attr(e, b"row-height").is_some_and(|v| low_row(&v))
            {
                styles.rows.insert(name.clone());
            }
        }
        b"table-column-properties" => {
            if let Some(name) = current.as_ref()
                && attr(e, b"column-width").is_some_and(|v| narrow_column(&v))
            {
                styles.columns.insert(name.clone());
            }
        }
        _ => {}
    }
}

/// Whether a `style:row-height` is [`too_low`] to read.
pub(super) fn low_row(v: &str) -> bool {
    length_points(v).map_or_else(|| zero_length(v), too_low)
}

/// Whether a `style:column-width` is [`too_narrow`] to show a digit.
pub(super) fn narrow_column(v: &str) -> bool {
    length_points(v).map_or_else(|| zero_length(v), |pt| too_narrow(pt / POINTS_PER_CHAR))
}

/// An ODF length in points. ODF lengths carry a unit (XSL-FO's: `in`, `cm`,
/// `mm`, `pt`, `pc`, `px`); LibreOffice writes `in` or `cm`. `None` for a
/// unit payrun does not know, which is then judged only by [`zero_length`].
pub(super) fn length_points(v: &str) -> Option<f64> {
    let (number, unit) = split_length(v);
    let per_unit = match unit.trim().to_ascii_lowercase().as_str() {
        "pt" => 1.0,
        "in" => 72.0,
        "cm" => 72.0 / 2.54,
        "mm" => 72.0 / 25.4,
        "pc" => 12.0,
        "px" => 0.75,
        _ => return None,
    };
    number.filter(|n| n.is_finite()).map(|n| n * per_unit)
}

/// `0in`, `0.000cm`, `0`: a length of nothing.
pub(super) fn zero_length(v: &str) -> bool {
    split_length(v).0.is_some_and(|n| n <= 0.0)
}

/// A length's number (if it reads as one) and the unit written after it.
fn split_length(v: &str) -> (Option<f64>, &str) {
    let t = v.trim();
    let end = t
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | '-' | '+')))
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(end);
    (number.parse::<f64>().ok(), unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_of_nothing() {
        for z in ["0in", "0", "0.000cm", " 0pt", "-0.1mm"] {
            assert!(zero_length(z), "{z}");
        }
        for n in ["0.01in", "1cm", "", "in", "x0"] {
            assert!(!zero_length(n), "{n}");
        }
    }

    #[test]
    fn rows_too_low_to_read_in_any_unit() {
        // LibreOffice's 0.05 cm and 0.1 cm rows; 3 px; a row height of nothing.
        for low in [
            "0.0193in", "0.0398in", "0.1cm", "1mm", "3.9pt", "3px", "0.3pc", "0in", "0",
        ] {
            assert!(low_row(low), "{low}");
        }
        // 8.5 pt, the default 0.178 in, 4 pt exactly; a unit payrun does not
        // know is judged only as a length of nothing.
        for readable in ["0.1181in", "0.178in", "4pt", "0.45cm", "1em", "", "x"] {
            assert!(!low_row(readable), "{readable}");
        }
    }

    #[test]
    fn columns_too_narrow_to_show_a_digit() {
        // LibreOffice's 0.1 cm column (half a character); 4 pt.
        for narrow in ["0.0398in", "0.1cm", "4pt", "0in", "0"] {
            assert!(narrow_column(narrow), "{narrow}");
        }
        // One character and more; a unit payrun does not know.
        for readable in ["0.08in", "0.889in", "2.5cm", "6pt", "1em", ""] {
            assert!(!narrow_column(readable), "{readable}");
        }
    }
}
