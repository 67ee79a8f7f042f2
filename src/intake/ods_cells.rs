//! What an `.ods` cell's attributes and shown text say it holds, where
//! calamine reads it wrong: an error saved as an empty string, and a boolean
//! saved as the number 1 or 0 (see `ods_scan`).

use super::xml::attr_exact;
use quick_xml::events::BytesStart;

/// A cell calamine reads as something else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Fix {
    /// A formula error, as the sheet shows it.
    Error(String),
    Bool(bool),
}

/// What a cell's own attributes say about it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum CellTag {
    Plain,
    Error,
    /// A formula whose string result may be an error's text.
    StringFormula,
    Bool(Option<bool>),
    /// A number 0 or 1, a boolean if it shows as one.
    ZeroOrOne(bool),
}

/// What a cell's attributes say, read by their full names as calamine does.
pub(super) fn cell_tag(e: &BytesStart<'_>) -> CellTag {
    let value_type = attr_exact(e, b"office:value-type").unwrap_or_default();
    let calc_type = attr_exact(e, b"calcext:value-type").unwrap_or_default();
    let formula = attr_exact(e, b"table:formula").is_some();
    if calc_type == "error" {
        return CellTag::Error;
    }
    if value_type == "boolean" || calc_type == "boolean" {
        let b = attr_exact(e, b"office:boolean-value")
            .map(|v| matches!(v.trim(), "true" | "TRUE" | "1"))
            .or_else(|| {
                attr_exact(e, b"office:value")
                    .and_then(|v| v.trim().parse::<f64>().ok())
                    .map(|f| f != 0.0)
            });
        return CellTag::Bool(b);
    }
    if matches!(value_type.as_str(), "float" | "percentage" | "currency") {
        return match attr_exact(e, b"office:value").and_then(|v| v.trim().parse::<f64>().ok()) {
            Some(v) if v == 0.0 || v == 1.0 => CellTag::ZeroOrOne(v == 1.0),
            _ => CellTag::Plain,
        };
    }
    if value_type == "string" && formula {
        return CellTag::StringFormula;
    }
    CellTag::Plain
}

/// The fix a cell needs, now that its shown text is known.
pub(super) fn fix_for(kind: CellTag, text: &str) -> Option<Fix> {
    match kind {
        CellTag::Plain => None,
        CellTag::Error if text.is_empty() => Some(Fix::Error("#ERROR".into())),
        CellTag::Error => Some(Fix::Error(text.into())),
        CellTag::StringFormula => is_error_text(text).then(|| Fix::Error(text.into())),
        CellTag::Bool(b) => Some(Fix::Bool(b.or_else(|| bool_word(text)).unwrap_or(false))),
        CellTag::ZeroOrOne(v) => bool_word(text).map(|_| Fix::Bool(v)),
    }
}

/// `#DIV/0!`, `#N/A`, `#NAME?`, `Err:502`: how spreadsheets show an error
/// (and how a CSV saved from one writes it).
pub fn is_error_text(t: &str) -> bool {
    let errors = [
        "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A",
    ];
    errors.contains(&t)
        || t.strip_prefix("Err:")
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// TRUE or FALSE as LibreOffice shows them in the languages payrun's users
/// may run it in; `None` for anything else.
fn bool_word(t: &str) -> Option<bool> {
    const TRUE: [&str; 6] = ["TRUE", "WAHR", "VRAI", "VERDADERO", "VERO", "সত্য"];
    const FALSE: [&str; 5] = ["FALSE", "FALSCH", "FAUX", "FALSO", "মিথ্যা"];
    let up = t.trim().to_uppercase();
    if TRUE.contains(&up.as_str()) {
        Some(true)
    } else if FALSE.contains(&up.as_str()) {
        Some(false)
    } else {
        None
    }
}
