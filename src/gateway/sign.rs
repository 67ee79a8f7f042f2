//! The one signing recipe, shared by requests, callbacks and the sandbox.
//!
//! The provider's pages show the last step (the secret appended at the end)
//! only on a clone's overview, so the whole recipe lives in this one file:
//! if the provider turns out to differ, the fix is here and nowhere else.

use crate::secret::Secret;
use std::collections::BTreeMap;

/// The string that is signed, without the secret: every field except `sign`
/// whose value is not empty, sorted by byte order (a `BTreeMap<String, _>`
/// sorts exactly like Java's `Collections.sort` on ASCII keys), joined as
/// `key=value` with no separator. Public so tests and audits can show it.
pub fn string_to_sign(fields: &BTreeMap<String, String>) -> String {
    let mut out = String::with_capacity(fields.len() * 24);
    for (key, value) in fields {
        if key == "sign" || value.is_empty() {
            continue;
        }
        out.push_str(key);
        out.push('=');
        out.push_str(value);
    }
    out
}

/// `sign` = lowercase hex MD5 of [`string_to_sign`] followed by the secret.
pub fn sign(fields: &BTreeMap<String, String>, secret: &Secret) -> String {
    let mut ctx = md5::Context::new();
    ctx.consume(string_to_sign(fields).as_bytes());
    ctx.consume(secret.expose_for_signing());
    format!("{:x}", ctx.finalize())
}

/// Compares a received sign with the expected one. Case-insensitive because
/// hex case carries no meaning, and in constant time so that a forger probing
/// the callback endpoint learns nothing from timing.
pub fn sign_matches(fields: &BTreeMap<String, String>, received: &str, secret: &Secret) -> bool {
    let expected = sign(fields, secret);
    let received = received.trim().to_ascii_lowercase();
    if expected.len() != received.len() {
        return false;
    }
    expected
        .bytes()
        .zip(received.bytes())
        .fold(0u8, |acc, (a, b)| acc | (a ^ b))
        == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fields of gateway.md's test vectors.
    fn vector_fields() -> BTreeMap<String, String> {
        [
            ("amount", "300"),
            ("notifyUrl", "https://google.com"),
            ("remark", "test"),
            ("timestamp", "1728611780130"),
            ("tradeNo", "test_00000001"),
            ("walletId", "01123456789"),
            ("wayCode", "EWALLET_BKASH"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    }

    #[test]
    fn string_to_sign_matches_gateway_md() {
        assert_eq!(
            string_to_sign(&vector_fields()),
            "amount=300notifyUrl=https://google.comremark=testtimestamp=1728611780130\
             tradeNo=test_00000001walletId=01123456789wayCode=EWALLET_BKASH"
        );
    }

    /// gateway.md's test vectors: one request, signed with each secret.
    #[test]
    fn the_vectors_of_gateway_md() {
        for (secret, want) in [
            ("SECRET", "a7b666d3bbc5a0a55a47eb0f8d4733c1"),
            ("sandbox-secret-0001", "e4f9e4cccd7bd5f35d59c8b9535491ea"),
        ] {
            let secret = Secret::new(secret.to_string());
            assert_eq!(sign(&vector_fields(), &secret), want);
        }
    }

    #[test]
    fn sign_field_and_empty_values_are_ignored() {
        let secret = Secret::new("SECRET".to_string());
        let mut fields = vector_fields();
        fields.insert("sign".to_string(), "whatever".to_string());
        fields.insert("extra".to_string(), String::new());
        assert_eq!(sign(&fields, &secret), "a7b666d3bbc5a0a55a47eb0f8d4733c1");
    }

    #[test]
    fn keys_sort_by_byte_order_not_alphabetically() {
        // Upper-case sorts before lower-case in byte order.
        let fields: BTreeMap<String, String> = [("b", "1"), ("B", "2"), ("a", "3")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert_eq!(string_to_sign(&fields), "B=2a=3b=1");
    }

    #[test]
    fn matching_is_case_insensitive_and_rejects_other_signs() {
        let secret = Secret::new("SECRET".to_string());
        let f = vector_fields();
        assert!(sign_matches(
            &f,
            "A7B666D3BBC5A0A55A47EB0F8D4733C1",
            &secret
        ));
        assert!(!sign_matches(
            &f,
            "a7b666d3bbc5a0a55a47eb0f8d4733c2",
            &secret
        ));
        assert!(!sign_matches(&f, "", &secret));
        assert!(!sign_matches(
            &f,
            "a7b666d3bbc5a0a55a47eb0f8d4733c1",
            &Secret::new("other".to_string())
        ));
    }
}
