//! A JSON object with the exact text of its numbers, so that an amount is
//! read from what the gateway wrote and never from a float: serde_json
//! reads `9999.999999999999999` as the `f64` 10000.0, and `300.0000000000000001`
//! as 300.0.

use super::body::raw_numbers;
use super::{Rounding, parse_amount, scalar_text};
use crate::money::Amount;
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Deref;

/// An object's fields as serde reads them, and the text each number was
/// written as. Reads as the `Map` it holds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Data {
    fields: Map<String, Value>,
    numbers: BTreeMap<String, String>,
}

impl Data {
    /// `fields` read from a text whose numbers were `numbers`
    /// ([`raw_numbers`] of the same text).
    pub fn new(fields: Map<String, Value>, numbers: BTreeMap<String, String>) -> Data {
        Data { fields, numbers }
    }

    /// The object `json` holds, or `None` when it holds something else.
    pub fn parse(json: &str) -> Option<Data> {
        match serde_json::from_str(json) {
            Ok(Value::Object(fields)) => Some(Data::new(fields, raw_numbers(json))),
            _ => None,
        }
    }

    #[cfg(test)]
    /// Fields built in code, not read from a body: their numbers were never
    /// written as text, so serde's text of them is the one there is.
    pub fn from_values(fields: Map<String, Value>) -> Data {
        let numbers = fields
            .iter()
            .filter(|(_, v)| v.is_number())
            .map(|(k, v)| (k.clone(), v.to_string()))
            .collect();
        Data { fields, numbers }
    }

    /// The text of each number as it was written, by key.
    pub fn numbers(&self) -> &BTreeMap<String, String> {
        &self.numbers
    }

    /// The first of `names` that holds an amount. A number is read from its
    /// text as written; one whose text is unknown is no amount.
    pub fn amount(&self, names: &[&str], rounding: Rounding) -> Option<Amount> {
        names
            .iter()
            .filter_map(|name| self.amount_text(name))
            .find_map(|text| parse_amount(&text, rounding))
    }

    fn amount_text(&self, name: &str) -> Option<Cow<'_, str>> {
        match self.fields.get(name)? {
            Value::Number(_) => without_exponent(self.numbers.get(name)?),
            other => scalar_text(other).map(Cow::Owned),
        }
    }
}

impl Deref for Data {
    type Target = Map<String, Value>;

    fn deref(&self) -> &Map<String, Value> {
        &self.fields
    }
}

/// The furthest a decimal point is moved: past it the number is far beyond
/// any amount (or a fraction far below a poisha) either way.
const MAX_SHIFT: u32 = 400;

/// A JSON number's text with its exponent applied exactly (`1.5e2` is `150`,
/// `25e-2` is `0.25`), so that [`parse_amount`] reads it. `None` when the
/// exponent moves the point more than [`MAX_SHIFT`] places.
fn without_exponent(text: &str) -> Option<Cow<'_, str>> {
    let Some((mantissa, exponent)) = text.split_once(['e', 'E']) else {
        return Some(Cow::Borrowed(text));
    };
    let exponent: i64 = exponent.parse().ok()?;
    if exponent.unsigned_abs() > u64::from(MAX_SHIFT) {
        return None;
    }
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", mantissa),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = format!("{whole}{fraction}");
    let point = i64::try_from(whole.len()).ok()? + exponent;
    let len = i64::try_from(digits.len()).ok()?;
    let zeros = |n: i64| "0".repeat(usize::try_from(n).unwrap_or_default());
    let plain = if point <= 0 {
        format!("{sign}0.{}{digits}", zeros(-point))
    } else if point >= len {
        format!("{sign}{digits}{}", zeros(point - len))
    } else {
        let (w, f) = digits.split_at(usize::try_from(point).ok()?);
        format!("{sign}{w}.{f}")
    };
    Some(Cow::Owned(plain))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exponents_move_the_point_exactly() {
        for (text, plain) in [
            ("300", Some("300")),
            ("-12.50", Some("-12.50")),
            ("1e3", Some("1000")),
            ("1E+3", Some("1000")),
            ("1.5e2", Some("150")),
            ("1.25e1", Some("12.5")),
            ("25e-2", Some("0.25")),
            ("5e-1", Some("0.5")),
            ("-1e-7", Some("-0.0000001")),
            ("0e5", Some("000000")),
            ("12.5e-1", Some("1.25")),
            ("1e401", None),
            ("1e-401", None),
            ("1e99999999999999999999", None),
        ] {
            assert_eq!(without_exponent(text).as_deref(), plain, "{text}");
        }
    }

    #[test]
    fn a_number_whose_text_is_unknown_is_no_amount() {
        let mut fields = Map::new();
        fields.insert("amount".to_string(), Value::from(300));
        let data = Data::new(fields.clone(), BTreeMap::new());
        assert_eq!(data.amount(&["amount"], Rounding::Exact), None);
        let data = Data::from_values(fields);
        assert_eq!(
            data.amount(&["amount"], Rounding::Exact),
            Some(Amount::from_poisha(30_000))
        );
    }
}
