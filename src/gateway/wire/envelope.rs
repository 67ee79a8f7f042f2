//! The outer layer of every answer: `code`, `msg`, `data` and a
//! `merchantNo` beside them, and the keys payrun decides by refused when an
//! answer gives them twice with two values.

use super::body::Members;
use super::{Data, code_text, first_text, first_words};
use serde_json::Value;

/// The outer layer of every response.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Envelope {
    /// Outer `code`, normalised by [`code_text`].
    pub code: String,
    /// `msg` (or `message`), for error text.
    pub msg: String,
    /// `data`, when it is an object, with the text of its numbers.
    pub data: Option<Data>,
    /// A `merchantNo` beside `code`, when the gateway echoes it there.
    pub merchant_no: Option<String>,
}

/// Why a body could not be read as an envelope.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShapeError {
    #[error("the body is not JSON ({0})")]
    NotJson(String),
    #[error("the body is JSON but not an object")]
    NotObject,
    #[error("the body has no outer `code`")]
    NoCode,
    /// A key payrun decides by, sent twice with two values.
    #[error(
        "the answer gives `{key}` twice, {first} and then {second}: JSON readers differ on which \
         one counts, so neither is believed"
    )]
    Repeated {
        key: String,
        first: String,
        second: String,
    },
}

/// The names under which an answer may echo the merchant's order number:
/// `tradeNo`, and the names other payout APIs give it. `orderNo` is not
/// one: gateways use it for their own number as often as for the
/// merchant's.
pub const ORDER_ECHOES: [&str; 6] = [
    "tradeNo",
    "mchOrderNo",
    "merchantOrderNo",
    "outTradeNo",
    "merchantTradeNo",
    "outOrderNo",
];

/// The outer keys that decide what an answer means.
const DECIDING_OUTER: &[&str] = &["code", "data", "merchantNo"];
/// The keys of `data` that decide what an answer means for a payout, or
/// which payout it is about, besides the [`ORDER_ECHOES`].
const DECIDING_DATA: &[&str] = &[
    "status",
    "amount",
    "orderAmount",
    "payAmount",
    "walletId",
    "platFormTradeNo",
    "platformTradeNo",
    "merchantNo",
];

/// Refuses a `data` object whose deciding keys ([`DECIDING_DATA`],
/// [`ORDER_ECHOES`]) are given twice with two values.
fn check_data_repeats(members: Option<&Members<'_>>) -> Result<(), ShapeError> {
    check_repeats(members, DECIDING_DATA)?;
    check_repeats(members, &ORDER_ECHOES)
}

/// Refuses an object whose deciding `keys` are given twice with two values.
fn check_repeats(members: Option<&Members<'_>>, keys: &[&str]) -> Result<(), ShapeError> {
    match members.and_then(|m| m.disagreement(keys)) {
        Some((key, first, second)) => Err(ShapeError::Repeated {
            key,
            first: shown(&first),
            second: shown(&second),
        }),
        None => Ok(()),
    }
}

/// A value's JSON text as a message shows it: at most 40 characters.
fn shown(text: &str) -> String {
    let head: String = text.chars().take(40).collect();
    if head.len() < text.len() {
        format!("{head}...")
    } else {
        head
    }
}

/// Reads the outer layer; `success` and `timestamp` are ignored, because
/// their types drift and the outer `code` alone decides.
pub fn parse_envelope(body: &str) -> Result<Envelope, ShapeError> {
    let body = body.trim_start_matches('\u{feff}');
    let value: Value =
        serde_json::from_str(body).map_err(|e| ShapeError::NotJson(e.to_string()))?;
    let Value::Object(mut object) = value else {
        return Err(ShapeError::NotObject);
    };
    let code = object
        .get("code")
        .and_then(code_text)
        .ok_or(ShapeError::NoCode)?;
    let msg = first_words(&object, &["msg", "message"]).unwrap_or_default();
    let merchant_no = first_text(&object, &["merchantNo"]);
    let members = Members::of(body);
    check_repeats(members.as_ref(), DECIDING_OUTER)?;
    let data = match object.remove("data") {
        Some(Value::Object(map)) => {
            // The last `data`, as serde keeps the last of a repeated key
            // (and a repeated `data` that differs was refused above).
            let raw = members.as_ref().and_then(|m| m.last("data"));
            let inner = raw.and_then(|r| Members::of(r.get()));
            check_data_repeats(inner.as_ref())?;
            let numbers = inner.map(|m| m.numbers()).unwrap_or_default();
            Some(Data::new(map, numbers))
        }
        // Some gateways send `data` as JSON text inside a string.
        Some(Value::String(text)) => {
            check_data_repeats(Members::of(&text).as_ref())?;
            Data::parse(&text)
        }
        _ => None,
    };
    Ok(Envelope {
        code,
        msg,
        data,
        merchant_no,
    })
}
