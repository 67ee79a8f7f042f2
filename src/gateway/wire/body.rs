//! Reading a body the way it was written, for checking a sign over it.
//!
//! A gateway signs the text it wrote (`300.00`), but `serde_json::Value`
//! keeps a float (`300.0`) and only the last of a repeated key. serde_json's
//! `RawValue` gives each member of the object as its exact text, in order,
//! repeats included; `form_urlencoded` reads the `a=1&b=x+y` bodies some
//! gateways post instead. What is left here is payrun's own: which texts
//! count as numbers, and the strictness a sign check needs where
//! `form_urlencoded` is lenient.

use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::fmt;

/// The members of a JSON object in the order they were sent, a repeated key
/// as often as it was sent, each value as its exact text.
#[derive(Debug)]
pub struct Members<'a>(Vec<(String, &'a RawValue)>);

impl<'a> Members<'a> {
    /// The members of `json`, or `None` when it is not one JSON object (a
    /// byte-order mark before it is allowed).
    pub fn of(json: &'a str) -> Option<Members<'a>> {
        let json = json
            .trim_start_matches([' ', '\t', '\n', '\r'])
            .trim_start_matches('\u{feff}');
        let mut de = serde_json::Deserializer::from_str(json);
        let members = de.deserialize_map(MembersVisitor).ok()?;
        de.end().ok()?;
        Some(members)
    }

    /// The value of the last member named `key`.
    pub fn last(&self, key: &str) -> Option<&'a RawValue> {
        self.0.iter().rev().find(|(k, _)| k == key).map(|(_, v)| *v)
    }

    /// The first of `keys` sent more than once with two different texts:
    /// its name and the two texts, in the order sent. Parsers disagree on
    /// which of two values a repeated key means (serde, Jackson and fastjson
    /// keep the last, others the first), so such a key says two things.
    /// The same text twice says one thing and passes.
    pub fn disagreement(&self, keys: &[&str]) -> Option<(String, String, String)> {
        let mut first: BTreeMap<&str, &str> = BTreeMap::new();
        for (key, value) in &self.0 {
            if !keys.contains(&key.as_str()) {
                continue;
            }
            match first.get(key.as_str()) {
                None => {
                    first.insert(key, value.get());
                }
                Some(seen) if *seen != value.get() => {
                    return Some((key.clone(), (*seen).to_string(), value.get().to_string()));
                }
                Some(_) => {}
            }
        }
        None
    }

    /// Every key, in order, repeats included.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.as_str())
    }

    /// The text of each number exactly as it was sent, by key (the last one
    /// given, for a key sent more than once). Strings, booleans, `null` and
    /// nested values are not numbers.
    pub fn numbers(&self) -> BTreeMap<String, String> {
        self.0
            .iter()
            .filter(|(_, v)| {
                v.get()
                    .starts_with(|c: char| c == '-' || c.is_ascii_digit())
            })
            .map(|(k, v)| (k.clone(), v.get().to_string()))
            .collect()
    }
}

struct MembersVisitor;

impl<'de> Visitor<'de> for MembersVisitor {
    type Value = Members<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Members<'de>, A::Error> {
        let mut members = Vec::new();
        // As many as the text holds, as `Value` reads them: a bound here
        // would hide a repeated key past it.
        while let Some(member) = map.next_entry::<String, &'de RawValue>()? {
            members.push(member);
        }
        Ok(Members(members))
    }
}

/// The text of each top-level number exactly as it was sent, by key. serde
/// reads `300.00` as the float `300.0`, but a gateway signs the text it
/// wrote; this recovers that text. Empty when `json` is not a JSON object:
/// it only offers a second reading of a body serde already read.
pub fn raw_numbers(json: &str) -> BTreeMap<String, String> {
    Members::of(json).map_or_else(BTreeMap::new, |m| m.numbers())
}

/// Reads an `application/x-www-form-urlencoded` body (`a=1&b=x%20y`) into
/// string fields, percent-decoded and with `+` as a space. `None` when it is
/// not that: no `=`, a malformed escape, or text that is not UTF-8 once
/// decoded. A key given twice keeps its last value; [`form_pairs`] sees both.
pub fn form_fields(body: &str) -> Option<Map<String, Value>> {
    let mut map = Map::new();
    for (key, value) in form_pairs(body)? {
        map.insert(key, Value::String(value));
    }
    Some(map)
}

/// The fields of a form body in order, repeats included, or `None` as for
/// [`form_fields`].
///
/// `form_urlencoded` reads every byte string somehow: a broken escape
/// (`%4`, `%G1`) stays as text, bytes that are not UTF-8 become U+FFFD, a
/// part without `=` is a key with an empty value. The gateway signed none of
/// those readings, so such a body is refused instead of read.
pub fn form_pairs(body: &str) -> Option<Vec<(String, String)>> {
    let body = body.trim();
    let escapes_whole = body.split('%').skip(1).all(|after| {
        after
            .get(..2)
            .is_some_and(|hex| hex.bytes().all(|b| b.is_ascii_hexdigit()))
    });
    let every_part_has_a_value = body.split('&').all(|p| p.is_empty() || p.contains('='));
    // Escapes can only make bytes between the literal `&` and `=`, which
    // no UTF-8 sequence spans: the whole body decodes as UTF-8 exactly when
    // each key and value does.
    let utf8 = percent_encoding::percent_decode_str(body)
        .decode_utf8()
        .is_ok();
    if body.is_empty() || !body.contains('=') || !escapes_whole || !every_part_has_a_value || !utf8
    {
        return None;
    }
    let pairs: Vec<(String, String)> = form_urlencoded::parse(body.as_bytes())
        .into_owned()
        .collect();
    if pairs.iter().any(|(k, _)| k.is_empty()) {
        return None;
    }
    Some(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_numbers_keep_the_text_as_written() {
        let raw = raw_numbers(
            "\u{feff} { \"a\" : 300.00, \"b\":\"1.50\", \"c\":[1.0,{\"d\":2.0}], \"e\\\"\":-0.10 ,\"f\":1e2, \"g\":{\"h\":\"}\"}, \"i\":7}",
        );
        assert_eq!(raw.get("a").map(String::as_str), Some("300.00"));
        assert_eq!(raw.get("b"), None, "strings are not numbers");
        assert_eq!(raw.get("c"), None, "nested values are left alone");
        assert_eq!(raw.get("e\"").map(String::as_str), Some("-0.10"));
        assert_eq!(raw.get("f").map(String::as_str), Some("1e2"));
        assert_eq!(raw.get("i").map(String::as_str), Some("7"));
        for broken in [
            "",
            "[1]",
            "{\"a\":1",
            "{\"a\" 1}",
            "{\"a\":\"x",
            "{\"a\":[1,",
        ] {
            // Never panics, and yields at most what it could follow.
            assert!(raw_numbers(broken).len() <= 1, "{broken}");
        }
    }

    #[test]
    fn form_fields_decode_plus_and_percent_escapes() {
        let f = form_fields("a=1&b=x+y%21&c=&d=%E0%A6%95").unwrap();
        assert_eq!(f.get("b"), Some(&Value::String("x y!".into())));
        assert_eq!(f.get("c"), Some(&Value::String(String::new())));
        assert_eq!(f.get("d"), Some(&Value::String("ক".into())));
        for bad in ["", "novalue", "a=%2", "a=%+1", "=1", "a=%FF"] {
            assert_eq!(form_fields(bad), None, "{bad}");
        }
    }

    #[test]
    fn members_keep_order_and_repeats() {
        let m = Members::of(r#"{"b":1,"a":"x","b":2.50}"#).unwrap();
        assert_eq!(m.keys().collect::<Vec<_>>(), ["b", "a", "b"]);
        assert_eq!(m.numbers().get("b").map(String::as_str), Some("2.50"));
        let p = form_pairs("b=1&a=x&b=2").unwrap();
        let keys: Vec<&str> = p.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["b", "a", "b"]);
        for not_an_object in ["[1]", "1", "\"x\"", "{} {}", "{\"a\":1}x", "null"] {
            assert!(Members::of(not_an_object).is_none(), "{not_an_object}");
        }
    }
}
