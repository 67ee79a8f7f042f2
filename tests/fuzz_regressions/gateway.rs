//! `gateway_response` and `callback_verify`: the nastiest bodies tried.

use payrun::testing::codes::{CodeClasses, TxStatus};
use payrun::testing::gateway::wire::{Rounding, parse_amount};
use payrun::testing::gateway::{CallbackError, Outcome, classify, sign, verify_callback};
use payrun::testing::money::Amount;
use payrun::testing::secret::Secret;
use std::collections::BTreeMap;

/// Bodies that must never be read as an accepted payout, with why.
const NOT_ACCEPTED: &[(u16, &str)] = &[
    // Not JSON, half JSON, JSON of the wrong shape.
    (200, ""),
    (200, "\u{feff}"),
    (200, "<html>502 Bad Gateway</html>"),
    (200, r#"{"code":"0000","data":{"status":"0000""#),
    (200, "[1,2,3]"),
    (200, "null"),
    (200, r#"{"code":null,"data":{"status":"0000"}}"#),
    (200, r#"{"code":{},"data":{"status":"0000"}}"#),
    (200, r#"{"code":[],"data":{"status":"0000"}}"#),
    // An outer code that only looks like 0000.
    (200, r#"{"code":"00000","data":{"status":"0000"}}"#),
    (200, r#"{"code":"0000\u0000","data":{"status":"0000"}}"#),
    (200, r#"{"code":"O000","data":{"status":"0000"}}"#),
    (200, r#"{"code":0.0,"data":{"status":"0000"}}"#),
    (200, r#"{"code":-0,"data":{"status":"0000"}}"#),
    (200, r#"{"code":true,"data":{"status":"0000"}}"#),
    (
        200,
        r#"{"code":18446744073709551616,"data":{"status":"0000"}}"#,
    ),
    // Accepted, but no status to read.
    (200, r#"{"code":"0000","data":{"status":null}}"#),
    (200, r#"{"code":"0000","data":{"status":"   "}}"#),
    (200, r#"{"code":"0000","data":[{"status":"0000"}]}"#),
    (200, r#"{"code":"0000"}"#),
    // HTTP says otherwise, whatever the body says.
    (429, r#"{"code":"0000","data":{"status":"0000"}}"#),
    (500, r#"{"code":"0000","data":{"status":"0000"}}"#),
    (u16::MAX, r#"{"code":"0000","data":{"status":"0000"}}"#),
];

#[test]
fn nasty_bodies_are_never_accepted() {
    let classes = CodeClasses::default();
    for &(status, body) in NOT_ACCEPTED {
        let c = classify(status, body, &classes);
        assert!(
            !matches!(c.outcome, Outcome::Accepted(_)),
            "HTTP {status} {body:?} was accepted: {c:?}"
        );
        if status == 429 || status >= 500 {
            assert_eq!(c.outer_code, None);
        }
    }
}

#[test]
fn a_lone_surrogate_or_huge_number_is_unknown_not_a_panic() {
    let classes = CodeClasses::default();
    for body in [
        r#"{"code":"0000","data":{"status":"\ud800"}}"#,
        r#"{"code":"0000","data":{"status":"0000","amount":1e400}}"#,
    ] {
        let c = classify(200, body, &classes);
        assert!(
            matches!(c.outcome, Outcome::Unknown { .. }),
            "{body:?}: {c:?}"
        );
    }
}

#[test]
fn drifting_types_still_read_the_two_layers() {
    let classes = CodeClasses::default();
    let c = classify(
        200,
        "\u{feff}{\"code\":0,\"data\":{\"status\":15,\"amount\":300.5}}",
        &classes,
    );
    let Outcome::Accepted(a) = c.outcome else {
        panic!("numeric 0000 with status 15 was not accepted: {c:?}");
    };
    assert_eq!(a.status, TxStatus::Processing);
    assert_eq!(a.amount, Some(Amount::from_poisha(30_050)));
    // An amount past a poisha is dropped, not rounded into the record.
    let c = classify(
        200,
        r#"{"code":"0000","data":{"status":"0000","amount":"-12.005"}}"#,
        &classes,
    );
    let Outcome::Accepted(a) = c.outcome else {
        panic!("{c:?}");
    };
    assert_eq!((a.status, a.amount), (TxStatus::Paid, None));
}

#[test]
fn amount_reader_round_trips_at_the_edges() {
    for text in [
        "92233720368547758.07",
        "-92233720368547758.07",
        "0.00",
        "-0",
        "+1.5",
        "00000000000000000000001",
    ] {
        let Some(a) = parse_amount(text, Rounding::Exact) else {
            panic!("{text:?} did not parse");
        };
        assert_eq!(
            parse_amount(&a.to_wire(), Rounding::Exact),
            Some(a),
            "{text:?}"
        );
        assert_eq!(
            parse_amount(text, Rounding::TowardZero),
            Some(a),
            "{text:?}"
        );
    }
    for text in ["92233720368547758.08", "-", "+", ".", "1.", "١٢", "1_000"] {
        assert_eq!(parse_amount(text, Rounding::Exact), None, "{text:?}");
    }
}

fn secret() -> Secret {
    Secret::new("fuzz-secret-0001".to_string())
}

fn signed(pairs: &[(&str, &str)]) -> (BTreeMap<String, String>, Vec<u8>) {
    let fields: BTreeMap<String, String> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let mut object: serde_json::Map<String, serde_json::Value> = fields
        .iter()
        .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
        .collect();
    object.insert(
        "sign".to_string(),
        serde_json::Value::String(sign(&fields, &secret())),
    );
    let body = serde_json::to_vec(&object).unwrap_or_default();
    (fields, body)
}

#[test]
fn malformed_callbacks_are_refused_cleanly() {
    for body in [
        &b""[..],
        b"\xff\xfe\xfd",
        b"\xef\xbb\xbf",
        b"{",
        b"[]",
        b"\"sign\"",
        br#"{"sign":null,"tradeNo":"T1","status":"0000"}"#,
        br#"{"sign":"","tradeNo":"T1","status":"0000"}"#,
        br#"{"sign":{},"tradeNo":"T1","status":"0000"}"#,
        br#"{"sign":"\ud800","tradeNo":"T1"}"#,
        br#"{"sign":"a7b666d3bbc5a0a55a47eb0f8d4733c1 ","tradeNo":"T1","status":"0000"}"#,
    ] {
        let r = verify_callback(body, &secret());
        assert!(r.is_err(), "{:?} verified", String::from_utf8_lossy(body));
    }
}

#[test]
fn unusual_but_signed_callbacks_verify_and_any_change_breaks_them() {
    let cases: &[&[(&str, &str)]] = &[
        &[("tradeNo", "T1"), ("status", "0000"), ("amount", "300")],
        &[("tradeNo", "T1"), ("status", " 0015 ")],
        &[
            ("tradeNo", "ট্রেড"),
            ("status", "00029"),
            ("amount", "1"),
            ("message", "\u{0}\u{feff}"),
        ],
        &[
            ("tradeNo", "T1"),
            ("status", "0000"),
            ("amount", "300.00"),
            ("remark", ""),
        ],
    ];
    // Signed, yet refused (issue 12): a field name outside [A-Za-z0-9_] can
    // fold another field into itself ("a=b" signs like a field a = "b...").
    for bad in [("", "empty key"), ("a=b", "c")] {
        let (_, body) = signed(&[("tradeNo", "T1"), ("status", "0015"), bad]);
        assert_eq!(
            verify_callback(&body, &secret()),
            Err(CallbackError::BadFieldName(bad.0.to_string()))
        );
    }
    for pairs in cases {
        let (fields, body) = signed(pairs);
        let cb = verify_callback(&body, &secret())
            .unwrap_or_else(|e| panic!("{pairs:?} did not verify: {e}"));
        assert_eq!(cb.status, fields["status"].trim());
        for (key, value) in &fields {
            if value.is_empty() {
                continue;
            }
            let mut tampered = fields.clone();
            tampered.insert(key.clone(), format!("{value}x"));
            let mut object: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
            object[key.as_str()] = serde_json::Value::String(tampered[key].clone());
            let tampered_body = serde_json::to_vec(&object).unwrap_or_default();
            assert!(
                matches!(
                    verify_callback(&tampered_body, &secret()),
                    Err(CallbackError::BadSign { .. })
                ),
                "{key} changed but still verified"
            );
        }
    }
    // Without tradeNo or status, a good sign still names what is missing.
    let (_, body) = signed(&[("status", "0000")]);
    assert_eq!(
        verify_callback(&body, &secret()),
        Err(CallbackError::MissingField("tradeNo"))
    );
}
