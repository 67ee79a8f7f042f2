//! The sandbox held to gateway.md, the provider's contract, rather than to
//! payrun's own reading of it: the checks a payout meets, and what a client
//! and a receiver written from the spec alone see.

use super::*;

/// gateway.md: a bKash or Nagad `walletId` is the 11-digit mobile number,
/// a Rocket one 12 digits. The sandbox took either length for any
/// `wayCode`, so a client that sent a Rocket account as bKash (or dropped
/// Rocket's check digit) was paid by the sandbox and refused, or paid to
/// another account, at the real gateway. Each is `1001` now, and no order.
#[test]
fn a_wallet_id_of_the_wrong_length_for_its_way_code_is_refused() {
    let sbx = sandbox_with(|_| {});
    let c = client(&sbx, NOWHERE);
    let cases = [
        ("SB-W-1", "017123456789", Provider::Bkash, false),
        ("SB-W-2", "017123456789", Provider::Nagad, false),
        ("SB-W-3", "01712345678", Provider::Rocket, false),
        ("SB-W-4", "01712345678", Provider::Bkash, true),
        ("SB-W-5", "017123456789", Provider::Rocket, true),
    ];
    for (trade_no, wallet, provider, accepted) in cases {
        let req = PayoutRequest {
            provider,
            ..pay(trade_no, wallet)
        };
        match (c.payout(&req).outcome, accepted) {
            (Outcome::Accepted(_), true) => {}
            (Outcome::Rejected { code, msg, .. }, false) if code == "1001" => {
                assert!(msg.contains(wallet), "{trade_no}: {msg}");
            }
            (other, _) => panic!("{trade_no} {wallet} as {provider:?}: {other:?}"),
        }
    }
    let orders = ledger(&sbx);
    let made: Vec<&str> = orders["orders"]
        .as_array()
        .map(|o| o.iter().filter_map(|x| x["tradeNo"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(made, ["SB-W-4", "SB-W-5"], "{orders:#}");
}

/// The sandbox is the gateway a new user's own client meets first, and it
/// verifies with payrun's own `sign`: held here to gateway.md instead. Its
/// first test vector (the sandbox's secret) passes the sign check and is
/// refused only for its wallet (`011`, not in use); a payout signed by the
/// recipe alone is placed; and the callback it posts verifies by the recipe
/// alone, every field a string, the remark echoed.
#[test]
fn a_client_and_a_receiver_written_from_the_spec_alone_agree_with_the_sandbox() {
    let sbx = sandbox_with(|_| {});
    let secret = "sandbox-secret-0001";
    let vector = r#"{"amount":"300","notifyUrl":"https://google.com","remark":"test","timestamp":"1728611780130","tradeNo":"test_00000001","walletId":"01123456789","wayCode":"EWALLET_BKASH","sign":"e4f9e4cccd7bd5f35d59c8b9535491ea"}"#;
    let (_, v) = call(&sbx, "POST", "/v1/paypro/payout", Some(vector));
    assert_eq!(
        v["code"], "1001",
        "the sign verified, the wallet did not: {v}"
    );
    assert!(
        v["msg"].as_str().is_some_and(|m| m.contains("01123456789")),
        "{v}"
    );
    let (url, rx) = receiver();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    let mut body = json!({
        "amount": "300", "notifyUrl": url, "remark": "test", "timestamp": now.to_string(),
        "tradeNo": "SPEC-0001", "walletId": "01712341111", "wayCode": "EWALLET_BKASH",
    });
    let sign = crate::recipe_sign(body.as_object().unwrap(), secret);
    body["sign"] = Value::String(sign);
    let (_, v) = call(&sbx, "POST", "/v1/paypro/payout", Some(&body.to_string()));
    assert_eq!(
        (v["code"].as_str(), v["data"]["status"].as_str()),
        (Some("0000"), Some("0000")),
        "{v}"
    );
    let (_, posted) = rx.recv_timeout(Duration::from_secs(5)).expect("a callback");
    let cb: Value = serde_json::from_slice(&posted).expect("JSON");
    let fields = cb.as_object().expect("an object");
    assert!(fields.values().all(Value::is_string), "{cb}");
    assert_eq!(
        fields.get("sign").and_then(Value::as_str),
        Some(crate::recipe_sign(fields, secret).as_str()),
        "{cb}"
    );
    for (k, want) in [
        ("tradeNo", "SPEC-0001"),
        ("amount", "300"),
        ("status", "0000"),
        ("remark", "test"),
    ] {
        assert_eq!(
            fields.get(k).and_then(Value::as_str),
            Some(want),
            "{k}: {cb}"
        );
    }
    for k in ["platFormTradeNo", "message", "successTime", "timestamp"] {
        assert!(
            fields
                .get(k)
                .and_then(Value::as_str)
                .is_some_and(|t| !t.is_empty()),
            "{k}: {cb}"
        );
    }
}
