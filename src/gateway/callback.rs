//! Verifying the gateway's callbacks, for the listener and for tests.
//!
//! The sign is checked over every field that arrived, not over a list of
//! fields payrun expects: a field added by the provider tomorrow must not make
//! every callback fail, and a field removed must not make a forged one pass.
//!
//! The signed text joins `key=value` with no separator, so one sign covers
//! every way of cutting that text into fields. A value that holds `status=`
//! (the remark the sheet's author wrote, which the gateway echoes) lets
//! anyone who sees that one signed callback cut it into another body under
//! the same sign, with another status. So a callback is only read when each
//! field payrun acts on ([`READ_KEYS`]) can be found in the signed text in
//! one place only: the place it was received in. Cutting elsewhere only moves
//! characters between a value and the key after it, and keys sort: a digit
//! moved into a key sorts it before the key it must follow, and a letter
//! moved into a status, amount or tradeNo makes it unreadable or unknown.

mod envelope;
mod unread;

pub use envelope::{Delivery, SIGN_HEADERS};
pub use unread::Unread;
use unread::merchants_named;

use super::sign::{sign_matches, string_to_sign};
use super::wire;
use crate::codes::{CodeClasses, StatusMeaning, TxStatus};
use crate::money::Amount;
use crate::secret::Secret;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// A callback whose sign verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Callback {
    pub trade_no: String,
    pub platform_trade_no: Option<String>,
    /// `status`, normalised like `data.status` (`0000`, `0015`, or a failure code).
    pub status: String,
    pub message: Option<String>,
    pub amount: Option<Amount>,
    pub success_time: Option<String>,
    pub remark: Option<String>,
    pub timestamp: Option<String>,
    /// Every received field as the text that was signed, `sign` included, so
    /// an auditor can redo the check.
    pub fields: BTreeMap<String, String>,
    /// What `status` means for the money: the provider's codes, or the
    /// merchant's `[status_codes]` mapping.
    pub tx: TxStatus,
    /// Every merchant number it names: its `merchantNo` field and the
    /// `merchantNo` header, as sent. The ledger refuses it when one is not
    /// the payout's merchant.
    pub merchants: Vec<String>,
    /// How it came, when not as a plain UTF-8 body signed in its `sign`
    /// field (`Content-Encoding gzip; charset GBK; sign in header X-Sign,
    /// over the body's bytes`), so that an auditor can redo the check.
    pub envelope: Option<String>,
    /// The body as text, its content codings and charset undone.
    pub text: String,
}

impl Callback {
    /// What the status means for the money.
    pub fn tx_status(&self) -> TxStatus {
        self.tx
    }

    /// What its sign covers, as SHA-256 hex (see [`signed_sha256`]).
    pub fn signed_sha256(&self) -> String {
        signed_sha256(&self.fields)
    }
}

/// SHA-256 hex of the text a sign covers, the secret aside. One callback
/// can be posted in many bytes that all verify as what the gateway signed
/// (spaces, member order, `300` for `"300"`, an empty field the recipe
/// leaves out, the same text cut into other fields): this is the same for
/// all of them, so copies of a callback are counted by it, not by its bytes.
pub fn signed_sha256(fields: &BTreeMap<String, String>) -> String {
    crate::intake::hex(&Sha256::digest(string_to_sign(fields).as_bytes()))
}

/// Why a callback was refused. None of these carries the expected sign or the
/// secret: the listener may echo the reason to whoever posted the body.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CallbackError {
    #[error("callback body is neither JSON nor form fields (key=value&...): {0}")]
    /// The body is neither JSON nor form fields.
    NotJson(String),
    #[error("callback body is JSON but not an object")]
    /// JSON, but not an object.
    NotObject,
    #[error("callback has no `sign` field")]
    /// No `sign` field.
    MissingSign,
    #[error("callback sign does not verify (tradeNo {trade_no:?}); nothing was changed")]
    /// The sign does not verify: the body may be forged or damaged.
    BadSign {
        /// The tradeNo the body claims, unverified.
        trade_no: Option<String>,
    },
    #[error("callback's sign verifies but it has no `{0}` field")]
    /// The sign verifies, but a field payrun needs is missing.
    MissingField(&'static str),
    #[error(
        "callback for tradeNo {trade_no:?} verifies, but its status {status:?} is not one payrun \
         can read (0000 paid, 0015 processing, other codes of 4 digits or more failed); nothing was changed, \
         and `payrun reconcile` asks the query endpoint"
    )]
    /// The sign verifies, but the status is not one payrun can read.
    UnknownStatus {
        /// The payout it is about.
        trade_no: String,
        /// The status as sent.
        status: String,
        /// What the sign covers ([`signed_sha256`]), to count its copies.
        signed_sha256: String,
        /// What else it says, signed: for a payout already final, such a
        /// status is a change a person must see (a reversal, a refund).
        said: Box<Unread>,
    },
    /// The signed string joins `key=value` with no separator, so a key with
    /// `=` (or any character beyond A-Z, a-z, 0-9, `_`) can carry another
    /// field inside its name and still sign the same.
    #[error(
        "callback field name {0:?} is not made of A-Z, a-z, 0-9 and _: the signed string joins \
         key=value with no separator, so such a name can hide another field; nothing was changed"
    )]
    BadFieldName(String),
    /// The signed text holds `{0}=` somewhere other than that field, so the
    /// same sign also covers a body that reads it otherwise.
    #[error(
        "callback's signed text holds `{0}=` inside another field, so the same sign also covers \
         a body with another {0}; nothing was changed, and `payrun reconcile` asks the query \
         endpoint"
    )]
    Ambiguous(&'static str),
    #[error(
        "callback's Content-Encoding {0:?} is not one payrun reads (gzip, deflate, identity); \
         nothing was changed"
    )]
    /// A content coding payrun does not undo: the bytes are not the text signed.
    Encoding(String),
    #[error(
        "callback body is not valid {0} data, as its Content-Encoding says; nothing was changed"
    )]
    /// The body is not what its `Content-Encoding` says.
    Compressed(String),
    #[error("callback body is over {0} bytes once decompressed; nothing was changed")]
    /// A body that inflates past the limit (a compression bomb).
    Inflated(usize),
    #[error(
        "callback's Content-Type {0:?} is not one payrun reads (JSON, or form fields \
         key=value&...); nothing was changed"
    )]
    /// A body payrun could not read, sent as a media type it does not read
    /// (`multipart/form-data`, XML): the type, not the body, is what to fix.
    MediaType(String),
    #[error("callback's charset {0:?} is not one payrun knows; nothing was changed")]
    /// A `charset` no encoding answers to.
    Charset(String),
    #[error(
        "callback body is not text in {}; nothing was changed",
        .0.as_deref().unwrap_or("UTF-8, and its Content-Type names no charset")
    )]
    /// Bytes that are not text in the charset named (UTF-8 when none is).
    NotText(Option<String>),
    #[error("callback has the field {0:?} more than once; nothing was changed")]
    /// A field came twice: which one would be believed is ambiguous.
    DuplicateField(String),
    #[error(
        "callback for tradeNo {trade_no:?} gives the final status {status:?} without a readable \
         amount; nothing was changed, and `payrun reconcile` asks the query endpoint"
    )]
    /// A final status without a readable amount to check against.
    NoAmount {
        /// The payout it is about.
        trade_no: String,
        /// The status as sent.
        status: String,
    },
}

/// Verifies a callback body and reads it. The body is JSON, or form fields
/// (`a=1&b=2`, as some gateways post them). Values may be strings, numbers or
/// booleans; each is signed as its text. A number is tried as it was
/// written (`300.00`) and, failing that, as serde reads it back (`300.0`).
pub fn verify_callback(body: &[u8], secret: &Secret) -> Result<Callback, CallbackError> {
    verify_delivery(&Delivery::plain(body), secret, &CodeClasses::default())
}

/// [`verify_callback`] of a body as it was delivered (see [`Delivery`]),
/// reading `status` with the merchant's `[status_codes]` as well as the
/// provider's codes, as the client reads `data.status`. A status mapped to
/// `not_found` or `unknown` (or not mapped at all and not a provider code)
/// is still refused as unknown: a callback is only ever applied when it
/// says paid, processing or failed.
pub fn verify_delivery(
    delivery: &Delivery,
    secret: &Secret,
    classes: &CodeClasses,
) -> Result<Callback, CallbackError> {
    let opened = envelope::open(delivery)?;
    let mut refused = None;
    for reading in &opened.readings {
        match signed(reading, delivery, secret) {
            Ok(signed) => return read_signed(signed, &opened, reading, classes),
            Err(e) => {
                refused.get_or_insert(e);
            }
        }
    }
    Err(refused.unwrap_or(CallbackError::NotText(None)))
}

/// A reading of a callback whose sign verified.
struct Signed<'a> {
    object: wire::Data,
    /// The texts the sign covers, `sign` included.
    fields: BTreeMap<String, String>,
    /// The header the sign came in, if not the body.
    header: Option<&'a str>,
    /// The merchant named in a header.
    merchant_header: Option<&'a str>,
}

/// The reading's fields, if the sign verifies over them.
fn signed<'a>(
    reading: &envelope::Reading,
    delivery: &Delivery<'a>,
    secret: &Secret,
) -> Result<Signed<'a>, CallbackError> {
    let text = reading.text.trim_start_matches('\u{feff}');
    let object = read_body(text)
        .and_then(|(object, keys)| check_keys(&keys).map(|()| object))
        .map_err(|e| envelope::media_type_refused(delivery, e))?;
    let [as_written, as_read] = readings(&object);
    let (received, header) = envelope::received_sign(&as_read, delivery)?;
    let mut fields = [as_written, as_read]
        .into_iter()
        .find(|fields| sign_matches(fields, &received, secret))
        .ok_or_else(|| CallbackError::BadSign {
            trade_no: wire::first_text(&object, &["tradeNo"]),
        })?;
    if header.is_some() {
        // Kept with the fields, so that an auditor can redo the check.
        fields.insert("sign".to_string(), received);
    }
    Ok(Signed {
        object,
        fields,
        header,
        merchant_header: delivery.merchant_header.filter(|m| !m.trim().is_empty()),
    })
}

/// What a verified reading says, if payrun can apply it.
fn read_signed(
    signed: Signed,
    opened: &envelope::Opened,
    reading: &envelope::Reading,
    classes: &CodeClasses,
) -> Result<Callback, CallbackError> {
    let Signed {
        object,
        fields,
        header,
        merchant_header,
    } = signed;
    read_in_one_place(&fields)?;
    // Spaces around it are a fixed-width column's padding, as in a query
    // answer ([`crate::gateway::Accepted::other_trade_no`]): no tradeNo
    // payrun makes holds one.
    let trade_no = wire::first_text(&object, &["tradeNo"])
        .map(|t| t.trim().to_string())
        .ok_or(CallbackError::MissingField("tradeNo"))?;
    let status = object
        .get("status")
        .and_then(wire::status_text)
        .ok_or(CallbackError::MissingField("status"))?;
    let StatusMeaning::Tx(tx) = classes.status(&status) else {
        return Err(CallbackError::UnknownStatus {
            said: Box::new(Unread::read(&object, merchant_header)),
            trade_no,
            status,
            signed_sha256: signed_sha256(&fields),
        });
    };
    let amount = wire::first_amount(&object, &["amount", "orderAmount", "payAmount"]);
    // A final answer is applied only with the money it is about.
    if amount.is_none() && tx != TxStatus::Processing {
        return Err(CallbackError::NoAmount { trade_no, status });
    }
    let envelope: Vec<String> = (opened.undone.iter().cloned())
        .chain(reading.note.clone())
        // It verified, so it is the 32 hex digits of an MD5.
        .chain(header.map(|h| {
            let sign = fields.get("sign").map(String::as_str).unwrap_or_default();
            format!("sign in header {h}: {sign}")
        }))
        .collect();
    Ok(Callback {
        trade_no,
        platform_trade_no: wire::platform_trade_no(&object),
        status,
        message: wire::first_words(&object, &["message", "desc", "msg"]),
        amount,
        success_time: wire::first_text(&object, &["successTime"]),
        remark: wire::first_text(&object, &["remark"]),
        timestamp: wire::first_text(&object, &["timestamp"]),
        merchants: merchants_named(&object, merchant_header),
        envelope: (!envelope.is_empty()).then(|| envelope.join("; ")),
        text: reading.text.trim_start_matches('\u{feff}').to_string(),
        fields,
        tx,
    })
}

/// Every field as text: numbers as written (`300.00`), then as serde
/// reads them back (`300.0`); the sign may cover either.
fn readings(object: &wire::Data) -> [BTreeMap<String, String>; 2] {
    let as_read = wire::fields_as_text(object);
    let mut as_written = as_read.clone();
    for (key, raw) in object.numbers() {
        if let Some(v) = as_written.get_mut(key) {
            *v = raw.clone();
        }
    }
    [as_written, as_read]
}

/// The body as an object whose numbers keep their text, and its keys in
/// order with repeats (which the object folds into one): JSON, or form
/// fields when it is not JSON and does not try to be.
fn read_body(text: &str) -> Result<(wire::Data, Vec<String>), CallbackError> {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(object)) => {
            // The same text serde just read as an object.
            let members = wire::Members::of(text)
                .ok_or_else(|| CallbackError::NotJson("unreadable object".to_string()))?;
            let keys = members.keys().map(str::to_string).collect();
            Ok((wire::Data::new(object, members.numbers()), keys))
        }
        Ok(_) => Err(CallbackError::NotObject),
        Err(e) => match wire::form_pairs(text) {
            Some(pairs) if !text.trim_start().starts_with(['{', '[']) => {
                let keys = pairs.iter().map(|(k, _)| k.clone()).collect();
                let object = pairs
                    .into_iter()
                    .map(|(k, v)| (k, Value::String(v)))
                    .collect();
                Ok((wire::Data::new(object, BTreeMap::new()), keys))
            }
            _ => Err(CallbackError::NotJson(e.to_string())),
        },
    }
}

/// The fields a callback's meaning for the money is read from.
pub const READ_KEYS: [&str; 5] = ["amount", "orderAmount", "payAmount", "status", "tradeNo"];

/// Refuses a callback whose signed text holds `KEY=` for a field in
/// [`READ_KEYS`] anywhere but where that field was received (see the module
/// doc): a value or a key name holding it lets the same sign cover a body
/// that reads that field otherwise.
fn read_in_one_place(fields: &BTreeMap<String, String>) -> Result<(), CallbackError> {
    let text = string_to_sign(fields);
    for key in READ_KEYS {
        let received = fields.get(key).is_some_and(|v| !v.is_empty());
        if text.matches(&format!("{key}=")).count() != usize::from(received) {
            return Err(CallbackError::Ambiguous(key));
        }
    }
    Ok(())
}

/// Refuses a field name outside `[A-Za-z0-9_]` and a repeated field.
fn check_keys(keys: &[String]) -> Result<(), CallbackError> {
    let mut seen = std::collections::HashSet::new();
    for k in keys {
        let plain = !k.is_empty() && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
        if !plain {
            return Err(CallbackError::BadFieldName(k.clone()));
        }
        if !seen.insert(k.as_str()) {
            return Err(CallbackError::DuplicateField(k.clone()));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
