//! Verifying the gateway's callbacks, for the listener and for tests.
//!
//! The sign is checked over every field that arrived, not over a list of
//! fields payrun expects: a field added by the provider tomorrow must not make
//! every callback fail, and a field removed must not make a forged one pass.

use super::Secret;
use super::outcome::{CodeClasses, StatusMeaning, TxStatus};
use super::sign::sign_matches;
use super::wire;
use crate::money::Amount;
use serde_json::Value;
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
}

impl Callback {
    /// What the status means for the money.
    pub fn tx_status(&self) -> TxStatus {
        self.tx
    }
}

/// Why a callback was refused. None of these carries the expected sign or the
/// secret: the listener may echo the reason to whoever posted the body.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CallbackError {
    #[error("callback body is neither JSON nor form fields (key=value&...): {0}")]
    NotJson(String),
    #[error("callback body is JSON but not an object")]
    NotObject,
    #[error("callback has no `sign` field")]
    MissingSign,
    #[error("callback sign does not verify (tradeNo {trade_no:?}); nothing was changed")]
    BadSign { trade_no: Option<String> },
    #[error("callback's sign verifies but it has no `{0}` field")]
    MissingField(&'static str),
    #[error(
        "callback for tradeNo {trade_no:?} verifies, but its status {status:?} is not one payrun \
         can read (0000 paid, 0015 processing, other numeric codes failed); nothing was changed, \
         and `payrun reconcile` asks the query endpoint"
    )]
    UnknownStatus { trade_no: String, status: String },
}

/// Verifies a callback body and reads it. The body is JSON, or form fields
/// (`a=1&b=2`, as some gateways post them). Values may be strings, numbers or
/// booleans; each is signed as its text. A number is tried as it was
/// written (`300.00`) and, failing that, as serde reads it back (`300.0`).
pub fn verify_callback(body: &[u8], secret: &Secret) -> Result<Callback, CallbackError> {
    verify_callback_with(body, secret, &CodeClasses::default())
}

/// [`verify_callback`], reading `status` with the merchant's
/// `[status_codes]` as well as the provider's codes, as the client reads
/// `data.status`. A status mapped to `not_found` or `unknown` (or not mapped
/// at all and not a provider code) is still refused as unknown: a callback is
/// only ever applied when it says paid, processing or failed.
pub fn verify_callback_with(
    body: &[u8],
    secret: &Secret,
    classes: &CodeClasses,
) -> Result<Callback, CallbackError> {
    let text = String::from_utf8_lossy(body);
    let text = text.trim_start_matches('\u{feff}');
    let object = match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(object)) => wire::Data::new(object, wire::raw_numbers(text)),
        Ok(_) => return Err(CallbackError::NotObject),
        Err(e) => match wire::form_fields(text) {
            Some(object) if !text.trim_start().starts_with(['{', '[']) => {
                wire::Data::new(object, BTreeMap::new())
            }
            _ => return Err(CallbackError::NotJson(e.to_string())),
        },
    };
    let as_read = wire::fields_as_text(&object);
    let mut as_written = as_read.clone();
    for (key, raw) in object.numbers() {
        if let Some(v) = as_written.get_mut(key) {
            *v = raw.clone();
        }
    }
    let received = as_read
        .get("sign")
        .filter(|s| !s.is_empty())
        .ok_or(CallbackError::MissingSign)?;
    let fields = if sign_matches(&as_written, received, secret) {
        as_written
    } else if sign_matches(&as_read, received, secret) {
        as_read
    } else {
        return Err(CallbackError::BadSign {
            trade_no: wire::first_text(&object, &["tradeNo"]),
        });
    };
    let trade_no =
        wire::first_text(&object, &["tradeNo"]).ok_or(CallbackError::MissingField("tradeNo"))?;
    let status = object
        .get("status")
        .and_then(wire::code_text)
        .ok_or(CallbackError::MissingField("status"))?;
    let StatusMeaning::Tx(tx) = classes.status(&status) else {
        return Err(CallbackError::UnknownStatus { trade_no, status });
    };
    Ok(Callback {
        trade_no,
        platform_trade_no: wire::first_text(&object, &["platFormTradeNo", "platformTradeNo"]),
        status,
        message: wire::first_text(&object, &["message", "desc", "msg"]),
        amount: wire::first_amount(&object, &["amount", "orderAmount", "payAmount"]),
        success_time: wire::first_text(&object, &["successTime"]),
        remark: wire::first_text(&object, &["remark"]),
        timestamp: wire::first_text(&object, &["timestamp"]),
        fields,
        tx,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gateway::sign;

    fn secret() -> Secret {
        Secret::new("cb-secret".to_string())
    }

    /// Signs `fields` (as text) and returns the JSON body with `sign`.
    fn signed(mut object: serde_json::Map<String, Value>) -> Vec<u8> {
        let s = sign(&wire::fields_as_text(&object), &secret());
        object.insert("sign".to_string(), Value::String(s));
        serde_json::to_vec(&object).unwrap()
    }

    fn obj(v: Value) -> serde_json::Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => panic!("not an object"),
        }
    }

    #[test]
    fn verifies_over_every_received_field_with_lenient_types() {
        let body = signed(obj(serde_json::json!({
            "tradeNo": "T1", "platFormTradeNo": "P1", "amount": 300, "status": "0000",
            "message": "ok", "successTime": "2025-01-01 10:00:00", "remark": "r",
            "timestamp": 1729947461317u64, "newField": "added later"
        })));
        let cb = verify_callback(&body, &secret()).unwrap();
        assert_eq!(cb.trade_no, "T1");
        assert_eq!(cb.platform_trade_no.as_deref(), Some("P1"));
        assert_eq!(cb.tx_status(), TxStatus::Paid);
        assert_eq!(cb.amount, Some(Amount::from_poisha(30_000)));
        assert_eq!(cb.timestamp.as_deref(), Some("1729947461317"));
        assert_eq!(cb.remark.as_deref(), Some("r"));
        assert_eq!(
            cb.fields.get("newField").map(String::as_str),
            Some("added later")
        );
    }

    #[test]
    fn a_tampered_or_foreign_callback_is_refused() {
        let body = signed(obj(serde_json::json!({"tradeNo": "T1", "status": "00029"})));
        let mut value: Value = serde_json::from_slice(&body).unwrap();
        value["status"] = Value::String("0000".to_string());
        let tampered = serde_json::to_vec(&value).unwrap();
        let err = verify_callback(&tampered, &secret()).unwrap_err();
        assert_eq!(
            err,
            CallbackError::BadSign {
                trade_no: Some("T1".to_string())
            }
        );
        assert!(!err.to_string().contains("cb-secret"));
        // An added field breaks the sign too.
        value["status"] = Value::String("00029".to_string());
        value["extra"] = Value::String("x".to_string());
        let added = serde_json::to_vec(&value).unwrap();
        assert!(matches!(
            verify_callback(&added, &secret()),
            Err(CallbackError::BadSign { .. })
        ));
        let other = Secret::new("other".to_string());
        assert!(matches!(
            verify_callback(&body, &other),
            Err(CallbackError::BadSign { .. })
        ));
    }

    #[test]
    fn malformed_callbacks_say_why() {
        assert!(matches!(
            verify_callback(b"OK", &secret()),
            Err(CallbackError::NotJson(_))
        ));
        assert_eq!(
            verify_callback(b"[]", &secret()),
            Err(CallbackError::NotObject)
        );
        assert_eq!(
            verify_callback(br#"{"tradeNo":"T1","status":"0000"}"#, &secret()),
            Err(CallbackError::MissingSign)
        );
        let body = signed(obj(serde_json::json!({"status": "0000"})));
        assert_eq!(
            verify_callback(&body, &secret()),
            Err(CallbackError::MissingField("tradeNo"))
        );
        let body = signed(obj(serde_json::json!({"tradeNo": "T"})));
        assert_eq!(
            verify_callback(&body, &secret()),
            Err(CallbackError::MissingField("status"))
        );
    }

    /// Signs the exact `key=value` texts given, as a gateway that signs what
    /// it writes would, and returns the sign.
    fn sign_texts(pairs: &[(&str, &str)]) -> String {
        let fields: BTreeMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        sign(&fields, &secret())
    }

    #[test]
    fn numbers_are_verified_as_written_or_as_read() {
        // A Java gateway writes a BigDecimal as 300.00 and signs "300.00";
        // serde alone reads it back as 300.0.
        let s = sign_texts(&[
            ("amount", "300.00"),
            ("status", "0000"),
            ("timestamp", "1729947461317"),
            ("tradeNo", "T1"),
        ]);
        let body = format!(
            r#"{{"tradeNo":"T1","amount":300.00,"status":"0000","timestamp":1729947461317,"sign":"{s}"}}"#
        );
        let cb = verify_callback(body.as_bytes(), &secret()).unwrap();
        assert_eq!(cb.amount, Some(Amount::from_poisha(30_000)));
        assert_eq!(cb.fields.get("amount").map(String::as_str), Some("300.00"));
        // A gateway that signed the shortest form of the same number.
        let s = sign_texts(&[("amount", "300.5"), ("status", "15"), ("tradeNo", "T1")]);
        let body = format!(r#"{{"tradeNo":"T1","amount":300.50,"status":15,"sign":"{s}"}}"#);
        let cb = verify_callback(body.as_bytes(), &secret()).unwrap();
        assert_eq!(
            (cb.status.as_str(), cb.tx_status()),
            ("0015", TxStatus::Processing)
        );
        // Neither reading of a tampered number verifies.
        let body = format!(r#"{{"tradeNo":"T1","amount":300.51,"status":15,"sign":"{s}"}}"#);
        assert!(matches!(
            verify_callback(body.as_bytes(), &secret()),
            Err(CallbackError::BadSign { .. })
        ));
    }

    #[test]
    fn form_encoded_callbacks_verify_over_their_decoded_values() {
        let s = sign_texts(&[
            ("amount", "300"),
            ("message", "paid ok"),
            ("notifyUrl", "https://m.example/cb?a=1"),
            ("status", "0000"),
            ("tradeNo", "T1"),
        ]);
        let body = format!(
            "tradeNo=T1&amount=300&status=0000&message=paid+ok&notifyUrl=https%3A%2F%2Fm.example%2Fcb%3Fa%3D1&sign={s}"
        );
        let cb = verify_callback(body.as_bytes(), &secret()).unwrap();
        assert_eq!(cb.tx_status(), TxStatus::Paid);
        assert_eq!(cb.message.as_deref(), Some("paid ok"));
        let tampered = body.replace("amount=300", "amount=3000");
        assert!(matches!(
            verify_callback(tampered.as_bytes(), &secret()),
            Err(CallbackError::BadSign { .. })
        ));
        for bad in ["tradeNo=T1&status=%zz&sign=x", "just text", ""] {
            assert!(
                matches!(
                    verify_callback(bad.as_bytes(), &secret()),
                    Err(CallbackError::NotJson(_))
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn missing_optional_fields_and_nulls_are_fine() {
        let body = signed(obj(serde_json::json!({
            "tradeNo": "T1", "status": "00029", "remark": null, "successTime": null
        })));
        let cb = verify_callback(&body, &secret()).unwrap();
        assert_eq!(cb.tx_status(), TxStatus::Failed);
        assert_eq!((cb.amount, cb.remark, cb.success_time), (None, None, None));
    }

    #[test]
    fn a_verified_callback_with_a_status_that_is_not_a_code_changes_nothing() {
        for status in ["SUCCESS", "paid", "15", ""] {
            let body = signed(obj(serde_json::json!({"tradeNo": "T1", "status": status})));
            let err = verify_callback(&body, &secret()).unwrap_err();
            if status.is_empty() {
                assert_eq!(err, CallbackError::MissingField("status"));
            } else {
                assert!(
                    matches!(&err, CallbackError::UnknownStatus { status: s, .. } if s == status),
                    "{err:?}"
                );
                assert!(err.to_string().contains("reconcile"), "{err}");
            }
        }
    }
}
