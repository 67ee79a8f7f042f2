//! Characterisation of how the gateway's bodies are read: the exact text of
//! numbers, the amounts, and form fields. Written against the hand scanner
//! before it was replaced by serde_json's `RawValue` and `form_urlencoded`,
//! so that the switch changes no reading.

use super::{form_fields, raw_numbers};
use crate::codes::CodeClasses;
use crate::gateway::{Outcome, classify, sign, verify_callback};
use crate::secret::Secret;
use std::collections::BTreeMap;

/// `amount` as it appears in a body; the text a gateway signs for it (as
/// written); the text serde reads back (a gateway that signed that instead
/// verifies too); the amount read, in poisha.
/// (JSON, signed as written, signed as read, poisha).
type Case = (
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    Option<i64>,
);

const NUMBERS: &[Case] = &[
    (
        "50000.10",
        Some("50000.10"),
        Some("50000.1"),
        Some(5_000_010),
    ),
    (
        "50000.100",
        Some("50000.100"),
        Some("50000.1"),
        Some(5_000_010),
    ),
    ("1e3", Some("1e3"), Some("1000.0"), Some(100_000)),
    ("1E+2", Some("1E+2"), Some("100.0"), Some(10_000)),
    ("1.5e2", Some("1.5e2"), Some("150.0"), Some(15_000)),
    ("5e-1", Some("5e-1"), Some("0.5"), Some(50)),
    ("-1e-7", Some("-1e-7"), Some("-1e-7"), None),
    ("-0", Some("-0"), Some("-0.0"), Some(0)),
    ("-0.0", Some("-0.0"), Some("-0.0"), Some(0)),
    ("0", Some("0"), Some("0"), Some(0)),
    ("0.1", Some("0.1"), Some("0.1"), Some(10)),
    ("-12.5", Some("-12.5"), Some("-12.5"), Some(-1_250)),
    ("300.00", Some("300.00"), Some("300.0"), Some(30_000)),
    ("1.005", Some("1.005"), Some("1.005"), None),
    (
        "123456789.123456789",
        Some("123456789.123456789"),
        Some("123456789.12345679"),
        None,
    ),
    // Integers keep every digit (u64/i64), so no float is involved.
    (
        "9007199254740993",
        Some("9007199254740993"),
        Some("9007199254740993"),
        Some(900_719_925_474_099_300),
    ),
    (
        "12345678901234567890",
        Some("12345678901234567890"),
        Some("12345678901234567890"),
        None,
    ),
    (
        "-9223372036854775808",
        Some("-9223372036854775808"),
        Some("-9223372036854775808"),
        None,
    ),
    (
        "99999999999999999999",
        Some("99999999999999999999"),
        Some("1e+20"),
        None,
    ),
    // 92233720368547758.07 was here, read as no amount only because its
    // float overflowed: see no_float.rs.
    // Strings, booleans and null are not numbers: one text each.
    ("\"50000\"", Some("50000"), Some("50000"), Some(5_000_000)),
    (
        "\"50000.10\"",
        Some("50000.10"),
        Some("50000.10"),
        Some(5_000_010),
    ),
    ("\" 300 \"", Some(" 300 "), Some(" 300 "), Some(30_000)),
    ("\"1e3\"", Some("1e3"), Some("1e3"), None),
    ("\"-0\"", Some("-0"), Some("-0"), Some(0)),
    ("true", Some("true"), Some("true"), None),
    ("null", None, None, None),
    // A nested value is signed as serde writes it back, not as sent.
    (
        "{\"v\": 1.50}",
        Some("{\"v\":1.5}"),
        Some("{\"v\":1.5}"),
        None,
    ),
    (
        "[1.0, \"x\"]",
        Some("[1.0,\"x\"]"),
        Some("[1.0,\"x\"]"),
        None,
    ),
];

fn secret() -> Secret {
    Secret::new("characterise".to_string())
}

/// A processing callback (no amount is required of it) carrying `amount`,
/// signed over `amount_text`.
fn callback(amount_json: &str, amount_text: Option<&str>) -> String {
    let mut f = BTreeMap::new();
    f.insert("tradeNo".to_string(), "T1".to_string());
    f.insert("status".to_string(), "0015".to_string());
    if let Some(text) = amount_text {
        f.insert("amount".to_string(), text.to_string());
    }
    let s = sign(&f, &secret());
    format!(r#"{{"tradeNo":"T1","status":"0015","amount":{amount_json},"sign":"{s}"}}"#)
}

#[test]
fn callback_numbers_verify_as_written_or_as_read_and_amounts_read_as_before() {
    for &(json, written, as_read, poisha) in NUMBERS {
        for text in [written, as_read] {
            let body = callback(json, text);
            let cb = verify_callback(body.as_bytes(), &secret())
                .unwrap_or_else(|e| panic!("{json} signed as {text:?}: {e}"));
            assert_eq!(cb.fields.get("amount").map(String::as_str), text, "{json}");
            assert_eq!(cb.amount.map(|a| a.poisha()), poisha, "{json}");
        }
    }
}

#[test]
fn response_amounts_read_as_before() {
    for &(json, _, _, poisha) in NUMBERS {
        let body = format!(r#"{{"code":"0000","data":{{"status":"0000","amount":{json}}}}}"#);
        let got = match classify(200, &body, &CodeClasses::default()).outcome {
            Outcome::Accepted(a) => a.amount.map(|a| a.poisha()),
            other => panic!("{json}: {other:?}"),
        };
        assert_eq!(got, poisha, "{json}");
    }
}

#[test]
fn a_number_json_cannot_hold_makes_the_whole_body_unreadable() {
    let body = callback("1e400", Some("1e400"));
    assert!(matches!(
        verify_callback(body.as_bytes(), &secret()),
        Err(crate::gateway::CallbackError::NotJson(_))
    ));
    assert!(raw_numbers(r#"{"a":1e400}"#).len() <= 1);
}

#[test]
fn raw_numbers_read_top_level_members_as_before() {
    let raw = |s: &str| -> Vec<(String, String)> { raw_numbers(s).into_iter().collect() };
    let pairs = |p: &[(&str, &str)]| -> Vec<(String, String)> {
        p.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    // A key spelt with escapes is the key it decodes to.
    assert_eq!(raw(r#"{"\u0061mount":1.50}"#), pairs(&[("amount", "1.50")]));
    // Whitespace of every JSON kind around keys, colons and values.
    assert_eq!(
        raw("{\r\n\t\"a\"\t:\n-0.10\r\n,\"b\" : 2 }"),
        pairs(&[("a", "-0.10"), ("b", "2")])
    );
    // A repeated key: the last number given is kept.
    assert_eq!(raw(r#"{"a":1,"a":2.0}"#), pairs(&[("a", "2.0")]));
    assert_eq!(raw(r#"{"a":1.0,"a":"x"}"#), pairs(&[("a", "1.0")]));
    // Strings that look like numbers, and values inside values, are not.
    assert_eq!(raw(r#"{"a":"1","b":{"c":1},"d":[2]}"#), pairs(&[]));
    assert_eq!(raw(r#"{}"#), pairs(&[]));
    assert_eq!(raw("[1.0]"), pairs(&[]));
    assert_eq!(raw("1.0"), pairs(&[]));
    assert_eq!(raw("\u{feff}{\"a\":7}"), pairs(&[("a", "7")]));
}

/// A form body's fields (sorted), or `None` when it is refused.
fn form(body: &str) -> Option<Vec<(String, String)>> {
    form_fields(body).map(|m| {
        m.into_iter()
            .map(|(k, v)| match v {
                serde_json::Value::String(s) => (k, s),
                other => panic!("{body}: a form value is always a string, got {other}"),
            })
            .collect()
    })
}

fn fields(p: &[(&str, &str)]) -> Option<Vec<(String, String)>> {
    let mut v: Vec<(String, String)> = p
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    v.sort();
    Some(v)
}

#[test]
fn form_bodies_read_as_before() {
    assert_eq!(form("a=1&&b=2&"), fields(&[("a", "1"), ("b", "2")]));
    assert_eq!(form(" a=1 \n"), fields(&[("a", "1")]));
    assert_eq!(form("a==1&b=1=2"), fields(&[("a", "=1"), ("b", "1=2")]));
    assert_eq!(form("a=1;b=2"), fields(&[("a", "1;b=2")]));
    assert_eq!(form("k%20ey=v+w"), fields(&[("k ey", "v w")]));
    assert_eq!(form("a+b=%2B5"), fields(&[("a b", "+5")]));
    assert_eq!(form("a=%2b%2B"), fields(&[("a", "++")]));
    assert_eq!(form("a=%e0%a6%95&b=ক"), fields(&[("a", "ক"), ("b", "ক")]));
    assert_eq!(form("a=%00"), fields(&[("a", "\0")]));
    assert_eq!(form("a=%25"), fields(&[("a", "%")]));
    assert_eq!(form("a=1&a=2"), fields(&[("a", "2")]));
    assert_eq!(form("amount=50000.10"), fields(&[("amount", "50000.10")]));
    for refused in [
        "",
        "  ",
        "a",
        "a=1&b",
        "=1",
        "a=1&=2",
        "%=1",
        "a=%",
        "a=%4",
        "a=%G1",
        "a=%C3",
        "a=%C3%28",
        "a=%ED%A0%80",
    ] {
        assert_eq!(form(refused), None, "{refused:?}");
    }
}

#[test]
fn form_callback_amounts_are_text_and_read_as_before() {
    for (value, written, poisha) in [
        ("50000.10", "50000.10", Some(5_000_010)),
        ("1e3", "1e3", None),
        ("%2B5", "+5", Some(500)),
        ("+5", " 5", Some(500)),
        ("-0", "-0", Some(0)),
        ("12345678901234567890", "12345678901234567890", None),
    ] {
        let mut f = BTreeMap::new();
        f.insert("tradeNo".to_string(), "T1".to_string());
        f.insert("status".to_string(), "0015".to_string());
        f.insert("amount".to_string(), written.to_string());
        let s = sign(&f, &secret());
        let body = format!("tradeNo=T1&status=0015&amount={value}&sign={s}");
        let cb =
            verify_callback(body.as_bytes(), &secret()).unwrap_or_else(|e| panic!("{value}: {e}"));
        assert_eq!(cb.fields.get("amount").map(String::as_str), Some(written));
        assert_eq!(cb.amount.map(|a| a.poisha()), poisha, "{value}");
    }
}
