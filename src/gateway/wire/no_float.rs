//! Amounts never pass through a float. serde_json reads a JSON number with
//! a fraction or an exponent as an `f64`; taking an amount from that float's
//! text rounds wherever the float cannot hold the decimal the gateway wrote.

use crate::codes::CodeClasses;
use crate::gateway::client::Raw;
use crate::gateway::{Outcome, classify, sign, verify_callback};
use crate::secret::Secret;
use std::collections::BTreeMap;

fn response_amount(json: &str) -> Option<i64> {
    let body = format!(r#"{{"code":"0000","data":{{"status":"0000","amount":{json}}}}}"#);
    match classify(200, &body, &CodeClasses::default()).outcome {
        Outcome::Accepted(a) => a.amount.map(|a| a.poisha()),
        other => panic!("{json}: {other:?}"),
    }
}

/// `data` sent as JSON text inside a string, as some gateways do.
fn response_amount_in_string_data(json: &str) -> Option<i64> {
    let inner = format!(r#"{{"status":"0000","amount":{json}}}"#);
    let body = serde_json::json!({"code": "0000", "data": inner}).to_string();
    match classify(200, &body, &CodeClasses::default()).outcome {
        Outcome::Accepted(a) => a.amount.map(|a| a.poisha()),
        other => panic!("{json}: {other:?}"),
    }
}

fn callback_amount(json: &str) -> Option<i64> {
    let secret = Secret::new("no-float".to_string());
    let mut f = BTreeMap::new();
    f.insert("tradeNo".to_string(), "T1".to_string());
    f.insert("status".to_string(), "0015".to_string());
    f.insert("amount".to_string(), json.to_string());
    let s = sign(&f, &secret);
    let body = format!(r#"{{"tradeNo":"T1","status":"0015","amount":{json},"sign":"{s}"}}"#);
    let cb = verify_callback(body.as_bytes(), &secret).unwrap_or_else(|e| panic!("{json}: {e}"));
    cb.amount.map(|a| a.poisha())
}

fn available(json: &str) -> Option<i64> {
    let body = format!(r#"{{"code":"0000","data":{{"availableAmount":{json}}}}}"#);
    let raw = Raw::answered(200, &body);
    let classes = CodeClasses::default();
    let c = classify(200, &body, &classes);
    crate::gateway::balance::balance_from(&raw, &c.outcome, &classes)
        .ok()
        .map(|b| b.available.poisha())
}

/// Each reads the same: (JSON number, exact amount in poisha, balance read
/// toward zero).
const CASES: &[(&str, Option<i64>, Option<i64>)] = &[
    // A float holds 300.00 but not 300.0000000000000001: it is not a whole
    // number of poisha, so it is no amount (as the string "300.0000000000000001" is not).
    ("300.0000000000000001", None, Some(30_000)),
    // The float of 9999.999999999999999 is 10000.0: a balance read from it
    // is a poisha more than there is.
    ("9999.999999999999999", None, Some(999_999)),
    // 2^53 + 1 taka: the float is 2^53 + 2.
    (
        "9007199254740993.00",
        Some(900_719_925_474_099_300),
        Some(900_719_925_474_099_300),
    ),
    (
        "9007199254740993.5e0",
        Some(900_719_925_474_099_350),
        Some(900_719_925_474_099_350),
    ),
    // i64::MAX poisha, as the string "92233720368547758.07" always read;
    // its float overflowed an amount, so it read as none. A poisha more
    // is past any amount either way.
    ("92233720368547758.07", Some(i64::MAX), Some(i64::MAX)),
    ("92233720368547758.08", None, None),
    // What a float holds exactly reads as before.
    ("50000.10", Some(5_000_010), Some(5_000_010)),
    ("1e3", Some(100_000), Some(100_000)),
    ("1.5E+2", Some(15_000), Some(15_000)),
    ("25e-2", Some(25), Some(25)),
    ("-0", Some(0), Some(0)),
    ("1.005", None, Some(100)),
    ("12345678901234567890", None, None),
];

#[test]
fn response_and_callback_amounts_are_read_from_the_number_as_written() {
    for &(json, exact, toward_zero) in CASES {
        assert_eq!(response_amount(json), exact, "response {json}");
        assert_eq!(
            response_amount_in_string_data(json),
            exact,
            "string data {json}"
        );
        assert_eq!(callback_amount(json), exact, "callback {json}");
        assert_eq!(available(json), toward_zero, "balance {json}");
    }
}
