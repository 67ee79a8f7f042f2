//! Fuzzes the callback verifier two ways.
//!
//! 1. The raw bytes as a callback body: never panics; whatever verifies must
//!    carry a sign that matches its own fields, a non-empty tradeNo and status.
//! 2. The bytes as `key=value` lines, signed with the real recipe: the signed
//!    body verifies (or names the missing field), and changing one character
//!    of one value, the sign, the secret, or adding a field makes it fail.
#![no_main]

use libfuzzer_sys::fuzz_target;
use payrun::testing::gateway::{CallbackError, sign, sign_matches, verify_callback};
use payrun::testing::secret::Secret;
use payrun::testing::codes::TxStatus;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

const SECRET: &str = "fuzz-secret-0001";

fn raw_body(data: &[u8], secret: &Secret) {
    if let Ok(cb) = verify_callback(data, secret) {
        let received = cb
            .fields
            .get("sign")
            .expect("a verified callback has a sign");
        assert!(sign_matches(&cb.fields, received, secret));
        assert!(!cb.trade_no.trim().is_empty());
        assert!(!cb.status.trim().is_empty());
    }
}

/// `key=value` lines; a line without `=` is a key with an empty value.
fn fields_from(data: &[u8]) -> BTreeMap<String, String> {
    let text = String::from_utf8_lossy(data);
    let mut fields = BTreeMap::new();
    for line in text.split('\n').take(32) {
        let (k, v) = line.split_once('=').unwrap_or((line, ""));
        if k == "sign" {
            continue;
        }
        fields.insert(k.to_string(), v.to_string());
    }
    fields
}

fn body(fields: &BTreeMap<String, String>, sign: &str) -> Vec<u8> {
    let mut object: Map<String, Value> = fields
        .iter()
        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
        .collect();
    object.insert("sign".to_string(), Value::String(sign.to_string()));
    serde_json::to_vec(&Value::Object(object)).expect("a map of strings serialises")
}

fn present(fields: &BTreeMap<String, String>, key: &str) -> bool {
    fields.get(key).is_some_and(|v| !v.trim().is_empty())
}

fn round_trip(data: &[u8], secret: &Secret) {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let mut fields = fields_from(rest);
    // Usually give it the two required fields, so the Ok path gets fuzzed too.
    if selector & 1 == 0 {
        fields
            .entry("tradeNo".to_string())
            .or_insert_with(|| "T1".to_string());
    }
    if selector & 2 == 0 {
        fields
            .entry("status".to_string())
            .or_insert_with(|| "0000".to_string());
    }
    let good_sign = sign(&fields, secret);
    let result = verify_callback(&body(&fields, &good_sign), secret);
    match (present(&fields, "tradeNo"), present(&fields, "status")) {
        // A status that is not one of the provider's codes verifies but is
        // refused: it must never be read as a failure.
        (true, true) if TxStatus::recognise(fields["status"].trim()).is_none() => assert!(
            matches!(result, Err(CallbackError::UnknownStatus { .. })),
            "status {:?}: expected UnknownStatus, got {result:?}",
            fields["status"]
        ),
        (true, true) => {
            let cb = result.unwrap_or_else(|e| panic!("a correctly signed callback failed: {e}"));
            assert_eq!(cb.trade_no, fields["tradeNo"]);
            assert_eq!(cb.status, fields["status"].trim());
        }
        (false, _) => assert_eq!(result, Err(CallbackError::MissingField("tradeNo"))),
        (true, false) => assert_eq!(result, Err(CallbackError::MissingField("status"))),
    }

    let bad = |f: &BTreeMap<String, String>, s: &str, sec: &Secret, what: &str| {
        let r = verify_callback(&body(f, s), sec);
        assert!(
            matches!(r, Err(CallbackError::BadSign { .. })),
            "{what}: expected BadSign, got {r:?}"
        );
    };

    // Change one character of one non-empty value.
    let non_empty: Vec<&String> = fields
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, _)| k)
        .collect();
    if !non_empty.is_empty() {
        let key = non_empty[usize::from(selector >> 2) % non_empty.len()].clone();
        let value = &fields[&key];
        let chars: Vec<char> = value.chars().collect();
        let at = usize::from(selector) % chars.len();
        let mut changed: Vec<char> = chars.clone();
        changed[at] = if chars[at] == 'x' { 'y' } else { 'x' };
        let mut tampered = fields.clone();
        tampered.insert(key.clone(), changed.into_iter().collect());
        bad(&tampered, &good_sign, secret, "one value changed");

        // Emptying a value drops it from the signed string: also a change.
        let mut emptied = fields.clone();
        emptied.insert(key, String::new());
        bad(&emptied, &good_sign, secret, "one value emptied");
    }

    // A field added.
    let mut added = fields.clone();
    if !added.contains_key("zzExtra") {
        added.insert("zzExtra".to_string(), "1".to_string());
        bad(&added, &good_sign, secret, "one field added");
    }

    // One hex digit of the sign changed.
    let mut forged: Vec<u8> = good_sign.clone().into_bytes();
    let at = usize::from(selector) % forged.len();
    forged[at] = if forged[at] == b'0' { b'1' } else { b'0' };
    let forged = String::from_utf8(forged).expect("hex is ASCII");
    bad(&fields, &forged, secret, "sign changed");

    // The right sign for another secret.
    let other = Secret::new(format!("{SECRET}-other"));
    bad(&fields, &good_sign, &other, "other secret");
}

fuzz_target!(|data: &[u8]| {
    let secret = Secret::new(SECRET.to_string());
    raw_body(data, &secret);
    round_trip(data, &secret);
});
