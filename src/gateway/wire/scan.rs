//! Reading callback bodies the way they were written: the raw text of
//! JSON numbers (a gateway signs `300.00`, serde reads `300.0`) and form
//! fields (`a=1&b=2`), for gateways that post those instead of JSON strings.

use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The text of each top-level number exactly as it was sent, by key. serde
/// reads `300.00` as the float `300.0`, but a gateway signs the text it
/// wrote; this recovers that text. A body this scanner cannot follow gives
/// what it found so far (it never fails: it only offers a second reading).
pub fn raw_numbers(json: &str) -> BTreeMap<String, String> {
    let b = json.as_bytes();
    let mut out = BTreeMap::new();
    let mut i = skip_ws(b, 0);
    if b.get(i) == Some(&0xEF) {
        // A UTF-8 byte-order mark.
        i = skip_ws(b, i + 3);
    }
    if b.get(i) != Some(&b'{') {
        return out;
    }
    i += 1;
    loop {
        i = skip_ws(b, i);
        if b.get(i) != Some(&b'"') {
            return out;
        }
        let Some(key_end) = string_end(b, i) else {
            return out;
        };
        let Some(key) = json
            .get(i..key_end)
            .and_then(|k| serde_json::from_str::<String>(k).ok())
        else {
            return out;
        };
        i = skip_ws(b, key_end);
        if b.get(i) != Some(&b':') {
            return out;
        }
        i = skip_ws(b, i + 1);
        let start = i;
        let Some(end) = value_end(b, i) else {
            return out;
        };
        if matches!(b.get(start), Some(b'-' | b'0'..=b'9'))
            && let Some(text) = json.get(start..end)
        {
            out.insert(key, text.to_string());
        }
        i = skip_ws(b, end);
        if b.get(i) != Some(&b',') {
            return out;
        }
        i += 1;
    }
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while matches!(b.get(i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        i += 1;
    }
    i
}

/// `b[i]` is an opening quote; the index just past the closing one.
fn string_end(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    loop {
        match b.get(j)? {
            b'\\' => j += 2,
            b'"' => return Some(j + 1),
            _ => j += 1,
        }
    }
}

/// The index just past the value starting at `b[i]`.
fn value_end(b: &[u8], i: usize) -> Option<usize> {
    match b.get(i)? {
        b'"' => string_end(b, i),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut j = i;
            loop {
                match b.get(j)? {
                    b'"' => {
                        j = string_end(b, j)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.checked_sub(1)?;
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
        }
        _ => {
            let mut j = i;
            while let Some(c) = b.get(j) {
                if matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                    break;
                }
                j += 1;
            }
            (j > i).then_some(j)
        }
    }
}

/// Reads an `application/x-www-form-urlencoded` body (`a=1&b=x%20y`) into
/// string fields, percent-decoded and with `+` as a space. `None` when it is
/// not that: no `=`, a malformed escape, or text that is not UTF-8 once
/// decoded.
pub fn form_fields(body: &str) -> Option<Map<String, Value>> {
    let body = body.trim();
    if body.is_empty() || !body.contains('=') {
        return None;
    }
    let mut map = Map::new();
    for pair in body.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=')?;
        let key = percent_decode(k)?;
        if key.is_empty() {
            return None;
        }
        map.insert(key, Value::String(percent_decode(v)?));
    }
    Some(map)
}

/// Every key of a form body, decoded, in order and with repeats (which
/// [`form_fields`] folds into one), so that a caller can refuse a repeat.
pub fn form_keys(body: &str) -> Vec<String> {
    body.trim()
        .split('&')
        .filter_map(|pair| pair.split_once('=').map(|(k, _)| k))
        .filter_map(percent_decode)
        .collect()
}

fn percent_decode(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        match c {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = text.get(i + 1..i + 3)?;
                if !hex.bytes().all(|h| h.is_ascii_hexdigit()) {
                    return None;
                }
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 2;
            }
            other => out.push(other),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
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
}
