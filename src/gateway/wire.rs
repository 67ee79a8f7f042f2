//! Lenient reading of the gateway's JSON.
//!
//! Types drift between the provider's pages: `timestamp` and amounts come as
//! numbers or strings, `success` as a boolean or a string, and some field names
//! have two spellings. Nothing here fails a payout because of such a field:
//! every reader returns `None` for what it cannot understand. An amount is
//! read from the text the gateway wrote ([`Data`]), never from a float.

use crate::money::Amount;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

mod body;
#[cfg(test)]
mod characterisation;
pub mod charset;
mod data;
mod envelope;
#[cfg(test)]
mod no_float;
#[cfg(test)]
use body::raw_numbers;
pub use body::{Members, form_fields, form_pairs};
pub use data::Data;
pub use envelope::{Envelope, ORDER_ECHOES, ShapeError, parse_envelope};

/// A JSON value as the string the gateway meant: strings as they are, numbers
/// in their JSON text, booleans as `true`/`false`. `null`, objects and arrays
/// carry no scalar meaning and give `None`.
pub fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Null | Value::Object(_) | Value::Array(_) => None,
    }
}

/// A status or outer code. A code sent as a JSON number loses its leading
/// zeros (`0015` becomes `15`), so numbers shorter than four digits are padded
/// back: every documented code has at least four.
pub fn code_text(value: &Value) -> Option<String> {
    match value {
        Value::Number(n) if n.is_u64() => Some(format!("{:04}", n.as_u64().unwrap_or_default())),
        other => scalar_text(other)
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty()),
    }
}

/// A transaction status (`data.status`, a callback's `status`): a code, as
/// [`code_text`] reads one, except a number under 1,000 that is not one of
/// the provider's documented codes with its zeros lost ([`LOST_ZEROS`]).
/// Gateways that count their own states send `1`, `2`, `3` or `10`, `20`,
/// `30` (or `200`, as HTTP says success), where one of them means success:
/// padded to `0001` or `0020` it would read as failed, which a
/// `--retry-failed` run pays again. It is kept as written, so it is unknown
/// unless `status_codes` maps it. So is `0`: such a gateway's state 0 is
/// usually "created", and read as the provider's `0000` it would mark a
/// payout paid that is not. Four digits or more need no padding and follow
/// the provider's rule.
pub fn status_text(value: &Value) -> Option<String> {
    match value {
        Value::Number(n)
            if n.as_u64()
                .is_some_and(|d| d < 1000 && !LOST_ZEROS.contains(&d)) =>
        {
            Some(n.to_string())
        }
        other => code_text(other),
    }
}

/// The provider's documented `data.status` codes shorter than four digits
/// once a JSON number has dropped their leading zeros, and read back as
/// them: `0015` processing, `00029` rejected, `00032` unknown error. Not
/// `0000` paid: a `0` is no proof of payment (see [`status_text`]).
const LOST_ZEROS: [u64; 3] = [15, 29, 32];

/// The first present, non-empty field among `names`, as text.
pub fn first_text(data: &Map<String, Value>, names: &[&str]) -> Option<String> {
    names
        .iter()
        .filter_map(|name| data.get(*name).and_then(scalar_text))
        .find(|s| !s.trim().is_empty())
}

/// The first present, non-empty field among `names` that holds the
/// gateway's own words (`msg`, `desc`, a callback's `message`), as payrun
/// repeats them to a person. They are text from the network, relayed from
/// who knows where: a line break in them would start a line that reads as
/// payrun's own ("Paid: 1 of 1") and an escape sequence would rewrite or
/// recolour the terminal, so control characters, line breaks and
/// bidirectional marks are written as escapes, and the text is cut at 200
/// characters ([`crate::log::untrusted`], the one rule). Chinese or Bengali
/// words stay as they are. The raw body is kept with the attempt.
pub fn first_words(data: &Map<String, Value>, names: &[&str]) -> Option<String> {
    first_text(data, names).map(|t| crate::log::untrusted(&t))
}

/// The gateway's own order number (`platFormTradeNo`, or `platformTradeNo`),
/// without the spaces a fixed-width column pads it with: the same order
/// written either way is one order when the ledger compares them.
pub fn platform_trade_no(data: &Map<String, Value>) -> Option<String> {
    first_text(data, &["platFormTradeNo", "platformTradeNo"]).map(|p| p.trim().to_string())
}

/// The first present amount among `names` (`amount`, `orderAmount`, ...),
/// read from the text the gateway wrote ([`Data::amount`]).
pub fn first_amount(data: &Data, names: &[&str]) -> Option<Amount> {
    data.amount(names, Rounding::Exact)
}

/// What to do with digits past the poisha.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rounding {
    /// Only zeros may follow the poisha (`"9998989.0000"`); anything else is
    /// not an amount payrun can hold exactly, so it reads as `None`.
    Exact,
    /// Drop what follows the poisha, towards zero. For a balance, reading a
    /// fraction of a poisha less than there is errs on the safe side.
    TowardZero,
}

/// Parses a gateway amount in taka (`"300"`, `"300.5"`, `"9998989.0000"`,
/// `"-12.00"`) into poisha without ever going through a float.
pub fn parse_amount(text: &str, rounding: Rounding) -> Option<Amount> {
    let text = text.trim();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (whole, frac) = match digits.split_once('.') {
        Some((w, f)) => (w, f),
        None => (digits, ""),
    };
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if !frac.bytes().all(|b| b.is_ascii_digit()) || (digits.contains('.') && frac.is_empty()) {
        return None;
    }
    let (poisha_digits, rest) = frac.split_at(frac.len().min(2));
    if rounding == Rounding::Exact && rest.bytes().any(|b| b != b'0') {
        return None;
    }
    let taka: i64 = whole.parse().ok()?;
    let mut poisha: i64 = if poisha_digits.is_empty() {
        0
    } else {
        poisha_digits.parse().ok()?
    };
    if poisha_digits.len() == 1 {
        poisha *= 10;
    }
    let total = taka.checked_mul(100)?.checked_add(poisha)?;
    Some(Amount::from_poisha(if negative { -total } else { total }))
}

/// Every received field as text, for verifying a sign "over every field
/// received". Nested values keep their compact JSON text; `null` is dropped,
/// as the recipe drops absent values.
pub fn fields_as_text(object: &Map<String, Value>) -> BTreeMap<String, String> {
    object
        .iter()
        .filter_map(|(k, v)| {
            let text = match v {
                Value::Null => return None,
                Value::Object(_) | Value::Array(_) => v.to_string(),
                other => scalar_text(other)?,
            };
            Some((k.clone(), text))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn p(s: &str) -> Option<i64> {
        parse_amount(s, Rounding::Exact).map(Amount::poisha)
    }

    #[test]
    fn amounts_parse_without_floats() {
        assert_eq!(p("300"), Some(30_000));
        assert_eq!(p("300.5"), Some(30_050));
        assert_eq!(p("300.05"), Some(30_005));
        assert_eq!(p(" 9998989.0000 "), Some(999_898_900));
        assert_eq!(p("-12.00"), Some(-1_200));
        assert_eq!(p("19.99"), Some(1_999));
        assert_eq!(p("1.005"), None);
        assert_eq!(
            parse_amount("1.009", Rounding::TowardZero).map(Amount::poisha),
            Some(100)
        );
        for bad in [
            "",
            "abc",
            "1e5",
            "1,000",
            "12.",
            ".5",
            "--1",
            "99999999999999999999",
        ] {
            assert_eq!(p(bad), None, "{bad}");
        }
    }

    #[test]
    fn amounts_accept_numbers_or_strings_and_aliases() {
        let data = json!({"orderAmount": 300, "payAmount": "1.5"});
        let Value::Object(map) = data else { panic!() };
        assert_eq!(
            first_amount(
                &Data::from_values(map),
                &["amount", "orderAmount", "payAmount"]
            ),
            Some(Amount::from_poisha(30_000))
        );
        let Value::Object(map) = json!({"amount": 300.5}) else {
            panic!()
        };
        assert_eq!(
            first_amount(&Data::from_values(map), &["amount"]),
            Some(Amount::from_poisha(30_050))
        );
        let Value::Object(map) = json!({"amount": "n/a", "orderAmount": "2"}) else {
            panic!()
        };
        assert_eq!(
            first_amount(&Data::from_values(map), &["amount", "orderAmount"]),
            Some(Amount::from_poisha(200))
        );
    }

    #[test]
    fn codes_keep_their_leading_zeros() {
        assert_eq!(code_text(&json!("0015")), Some("0015".to_string()));
        assert_eq!(code_text(&json!(15)), Some("0015".to_string()));
        assert_eq!(code_text(&json!(0)), Some("0000".to_string()));
        assert_eq!(code_text(&json!(100019)), Some("100019".to_string()));
        assert_eq!(code_text(&json!(" 1004 ")), Some("1004".to_string()));
        assert_eq!(code_text(&json!("")), None);
        assert_eq!(code_text(&Value::Null), None);
    }

    #[test]
    fn envelope_tolerates_drifting_types() {
        let e = parse_envelope(
            r#"{"msg":"success","code":"0000","timestamp":"1729947461317","success":"true","data":{"status":"0015"}}"#,
        )
        .unwrap();
        assert_eq!(e.code, "0000");
        assert!(e.data.is_some());
        let e = parse_envelope(
            r#"{"message":"busy","code":1006,"timestamp":1,"success":false,"data":null}"#,
        )
        .unwrap();
        assert_eq!((e.code.as_str(), e.msg.as_str()), ("1006", "busy"));
        assert!(e.data.is_none());
        assert!(matches!(
            parse_envelope("<html>"),
            Err(ShapeError::NotJson(_))
        ));
        assert_eq!(parse_envelope("[1]"), Err(ShapeError::NotObject));
        assert_eq!(parse_envelope(r#"{"msg":"x"}"#), Err(ShapeError::NoCode));
    }

    #[test]
    fn fields_as_text_keeps_every_scalar() {
        let Value::Object(map) =
            json!({"a": "x", "b": 5, "c": true, "d": null, "e": {"k": 1}, "f": ""})
        else {
            panic!()
        };
        let f = fields_as_text(&map);
        assert_eq!(f.get("a").map(String::as_str), Some("x"));
        assert_eq!(f.get("b").map(String::as_str), Some("5"));
        assert_eq!(f.get("c").map(String::as_str), Some("true"));
        assert_eq!(f.get("d"), None);
        assert_eq!(f.get("e").map(String::as_str), Some(r#"{"k":1}"#));
        assert_eq!(f.get("f").map(String::as_str), Some(""));
    }
}
