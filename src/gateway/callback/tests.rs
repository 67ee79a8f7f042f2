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

/// A one-digit status is no provider code (see `wire::status_text`): a
/// signed callback saying `"status":1` changes nothing until `status_codes`
/// says what 1 means.
#[test]
fn a_one_digit_numeric_status_is_unknown_not_failed() {
    let s = sign_texts(&[("amount", "300"), ("status", "1"), ("tradeNo", "T1")]);
    let body = format!(r#"{{"tradeNo":"T1","amount":300,"status":1,"sign":"{s}"}}"#);
    match verify_callback(body.as_bytes(), &secret()) {
        Err(CallbackError::UnknownStatus { status, .. }) => assert_eq!(status, "1"),
        other => panic!("read as {other:?}"),
    }
}

/// A signed callback's numeric status is held to the same rule as
/// `data.status`: a number under 1,000 that is no provider code with its
/// zeros lost (`20`, `200`) is unknown, never applied as a failure.
#[test]
fn a_numeric_status_that_is_no_provider_code_is_unknown_not_failed() {
    // `0` too (a counting gateway's "created"), and the provider's paid
    // and processing codes written wider (`"00000"`, `"00015"`).
    for (n, want) in [
        ("20", None),
        ("200", None),
        ("0", None),
        ("\"00000\"", None),
        ("\"00015\"", None),
        ("29", Some(TxStatus::Failed)),
    ] {
        let text = n.trim_matches('"');
        let s = sign_texts(&[("amount", "300"), ("status", text), ("tradeNo", "T1")]);
        let body = format!(r#"{{"tradeNo":"T1","amount":300,"status":{n},"sign":"{s}"}}"#);
        match (verify_callback(body.as_bytes(), &secret()), want) {
            (Err(CallbackError::UnknownStatus { status, .. }), None) => assert_eq!(status, text),
            (Ok(cb), Some(tx)) => assert_eq!(cb.tx_status(), tx, "{n}"),
            (other, _) => panic!("{n} read as {other:?}"),
        }
    }
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
        "tradeNo": "T1", "status": "00029", "amount": "3", "remark": null, "successTime": null
    })));
    let cb = verify_callback(&body, &secret()).unwrap();
    assert_eq!(cb.tx_status(), TxStatus::Failed);
    assert_eq!((cb.remark, cb.success_time), (None, None));
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

/// The signed string joins `key=value` with no separator, so a captured
/// genuine callback reposted with `amount` folded into another key's
/// name signs the same: `{"amount=50000message": "success", ...}`. It
/// verified, and (with no `amount` to compare) moved a payout to paid
/// with no conflict flag. Field names outside [A-Za-z0-9_] are refused.
#[test]
fn a_field_name_that_folds_another_field_into_it_is_refused() {
    let genuine = obj(serde_json::json!({
        "tradeNo": "T1", "amount": "50000", "message": "success", "status": "0000",
        "timestamp": "1729947461317"
    }));
    let sign = sign(&wire::fields_as_text(&genuine), &secret());
    assert!(verify_callback(&signed(genuine), &secret()).is_ok());
    let forged = serde_json::json!({
        "tradeNo": "T1", "amount=50000message": "success", "status": "0000",
        "timestamp": "1729947461317", "sign": sign
    });
    let err = verify_callback(&serde_json::to_vec(&forged).unwrap(), &secret())
        .expect_err("a folded field name must be refused");
    assert!(err.to_string().contains("amount=50000message"), "{err}");
    for bad in ["a b", "amount.", "trade-no", "", "ämount"] {
        let body = format!(
            r#"{{"tradeNo":"T1","status":"0000","amount":"5","{bad}":"x","sign":"{sign}"}}"#
        );
        assert!(
            verify_callback(body.as_bytes(), &secret()).is_err(),
            "{bad:?}"
        );
    }
}

/// The sign over a callback's four fields, as a signer that saw only the
/// first `status` made it: the repeat tests add a second `status` after.
fn sign_before_a_repeat() -> String {
    let fields = obj(serde_json::json!({
        "tradeNo": "T1", "amount": "500", "status": "00029", "timestamp": "1"
    }));
    sign(&wire::fields_as_text(&fields), &secret())
}

/// A key twice (JSON keeps the last, a form the first, the signer may
/// have seen either): refused, whichever copy the sign covers.
#[test]
fn a_duplicate_key_is_refused() {
    let sign = sign_before_a_repeat();
    let json = format!(
        r#"{{"tradeNo":"T1","amount":"500","status":"00029","timestamp":"1","status":"0000","sign":"{sign}"}}"#
    );
    let err = verify_callback(json.as_bytes(), &secret()).expect_err("duplicate");
    assert!(err.to_string().contains("status"), "{err}");
    let form = format!("tradeNo=T1&amount=500&status=00029&timestamp=1&status=0000&sign={sign}");
    assert!(verify_callback(form.as_bytes(), &secret()).is_err());
}

/// A repeat spelt differently is the same key once read: a JSON escape
/// (`st\u0061tus`) or a form escape (`st%61tus`).
#[test]
fn a_duplicate_key_spelt_with_an_escape_is_refused() {
    let sign = sign_before_a_repeat();
    let json = format!(
        r#"{{"tradeNo":"T1","amount":"500","status":"00029","timestamp":"1","st\u0061tus":"0000","sign":"{sign}"}}"#
    );
    let err = verify_callback(json.as_bytes(), &secret()).expect_err("duplicate");
    assert_eq!(err, CallbackError::DuplicateField("status".to_string()));
    let form = format!("tradeNo=T1&amount=500&status=00029&timestamp=1&st%61tus=0000&sign={sign}");
    let err = verify_callback(form.as_bytes(), &secret()).expect_err("duplicate");
    assert_eq!(err, CallbackError::DuplicateField("status".to_string()));
}

/// A final status is applied only with the amount it is for: without a
/// readable amount nothing can show the answer is about this payout's money.
#[test]
fn a_final_status_without_a_readable_amount_is_refused() {
    for amount in [None, Some("five hundred"), Some("")] {
        let mut v = serde_json::json!({"tradeNo": "T1", "status": "0000", "timestamp": "1"});
        if let Some(a) = amount {
            v["amount"] = a.into();
        }
        let err = verify_callback(&signed(obj(v)), &secret()).expect_err("no amount");
        assert!(err.to_string().contains("amount"), "{amount:?}: {err}");
    }
    // Processing carries no money yet: accepted without one.
    let v = serde_json::json!({"tradeNo": "T1", "status": "0015", "timestamp": "1"});
    assert!(verify_callback(&signed(obj(v)), &secret()).is_ok());
}

/// Each field payrun reads, written inside another field's value (or key),
/// makes the signed text readable as another body: refused, whichever body
/// arrives. An `=` that spells no such field still verifies.
#[test]
fn a_read_field_spelt_inside_another_field_is_refused() {
    let base = serde_json::json!({"tradeNo": "T1", "amount": "300", "status": "0000"});
    for key in READ_KEYS {
        let mut o = obj(base.clone());
        o.insert("remark".into(), Value::String(format!("x{key}=1")));
        let got = verify_callback(&signed(o), &secret());
        assert_eq!(got, Err(CallbackError::Ambiguous(key)), "{key}");
    }
    let mut o = obj(base.clone());
    o.insert("zstatus".into(), Value::String("1".into()));
    let got = verify_callback(&signed(o), &secret());
    assert_eq!(got, Err(CallbackError::Ambiguous("status")));

    let mut o = obj(base);
    o.insert("message".into(), Value::String("limit=5000 a=b".into()));
    let cb = verify_callback(&signed(o), &secret()).expect("no read field spelt");
    assert_eq!(cb.tx_status(), TxStatus::Paid);
}

/// Copies of one callback are counted by what its sign covers: the same in
/// other bytes (spaces, member order, a number for a string, an empty field
/// the recipe leaves out, another case of the sign's hex) is the same
/// callback; another status is another one, also when it is unknown.
#[test]
fn one_callback_in_other_bytes_has_one_signed_digest() {
    let fields = [("amount", "500"), ("status", "0000"), ("tradeNo", "T1")];
    let text: BTreeMap<String, String> = fields
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let s = sign(&text, &secret());
    let upper = s.to_uppercase();
    let digest = |body: String| {
        let cb = verify_callback(body.as_bytes(), &secret()).expect(&body);
        cb.signed_sha256()
    };
    let first = digest(format!(
        r#"{{"tradeNo":"T1","amount":"500","status":"0000","sign":"{s}"}}"#
    ));
    for other in [
        format!(r#"{{ "sign" : "{s}" , "status":"0000",  "amount":500, "tradeNo":"T1"}}"#),
        format!(r#"{{"tradeNo":"T1","amount":"500","status":"0000","x":"","sign":"{upper}"}}"#),
        format!("tradeNo=T1&status=0000&amount=500&sign={s}"),
    ] {
        assert_eq!(digest(other.clone()), first, "{other}");
    }
    let failed = signed(obj(
        serde_json::json!({"tradeNo": "T1", "amount": "500", "status": "00029"}),
    ));
    let failed = verify_callback(&failed, &secret()).expect("failed");
    assert_ne!(failed.signed_sha256(), first);
    let word = signed(obj(
        serde_json::json!({"tradeNo": "T1", "amount": "500", "status": "SUCCESS"}),
    ));
    match verify_callback(&word, &secret()) {
        Err(CallbackError::UnknownStatus { signed_sha256, .. }) => {
            assert_ne!(signed_sha256, first);
            assert_eq!(signed_sha256.len(), 64);
        }
        other => panic!("{other:?}"),
    }
}
