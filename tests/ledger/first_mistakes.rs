//! A first run that reached no gateway with a payout (a wrong base URL, a
//! merchant number the gateway refuses) leaves its label free: fixing the
//! setting and running the same command again works, and the same sheet
//! under another label is not "already submitted". Once one payout request
//! was made, the label stays bound to its gateway and the sheet to its label.

use super::*;
use crate::money_safety::gw::{Reply, TinyGateway, ok, refuse, rich};
use serde_json::json;

#[test]
fn after_a_wrong_gateway_url_the_same_command_with_the_right_one_pays() {
    let lab = Lab::new();
    let rows = rows(4);
    let sheet = lab.sheet("pay.csv", &rows);
    let wrong = crate::closed_port();
    let (code, out) = lab.submit(&sheet, "nov", &["--gateway", &wrong.url]);
    assert_eq!(code, 5, "{out}");
    let (code, out) = lab.submit(&sheet, "nov", &["--dry-run"]);
    assert_eq!(code, 0, "a dry run with the right URL:\n{out}");
    let (code, out) = lab.submit(&sheet, "nov", &[]);
    assert_eq!(code, 0, "the same command with the right URL:\n{out}");
    assert_eq!(lab.sandbox.payout_requests(), rows.len() as u64, "{out}");
    lab.assert_nobody_paid_twice(&rows);
    // Now it was paid there: the wrong URL is refused, nothing is sent.
    let (code, out) = lab.submit(&sheet, "nov", &["--gateway", &wrong.url]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("never mixes gateways"), "{out}");
}

#[test]
fn after_a_merchant_the_gateway_refused_the_right_merchant_pays() {
    let lab = Lab::new();
    let rows = rows(3);
    let sheet = lab.sheet("pay.csv", &rows);
    let (code, out) = lab.submit(&sheet, "nov", &["--merchant", "0000000002"]);
    assert_eq!(code, 3, "the gateway refuses the merchant (1003):\n{out}");
    assert_eq!(lab.sandbox.payout_requests(), 0);
    let (code, out) = lab.submit(&sheet, "nov", &[]);
    assert_eq!(code, 0, "the same command with the right merchant:\n{out}");
    assert_eq!(lab.sandbox.payout_requests(), rows.len() as u64, "{out}");
    lab.assert_nobody_paid_twice(&rows);
}

#[test]
fn a_sheet_whose_first_label_sent_nothing_is_not_already_submitted() {
    let lab = Lab::new();
    let rows = rows(3);
    let sheet = lab.sheet("pay.csv", &rows);
    let wrong = crate::closed_port();
    let (code, out) = lab.submit(&sheet, "nov", &["--gateway", &wrong.url]);
    assert_eq!(code, 5, "{out}");
    let (code, out) = lab.submit(&sheet, "nov-b", &[]);
    assert_eq!(code, 0, "nothing was ever sent under 'nov':\n{out}");
    assert!(!out.contains("already submitted"), "{out}");
    assert_eq!(lab.sandbox.payout_requests(), rows.len() as u64);
    // The first label, which never sent them, must not pay them again now.
    let (code, out) = lab.submit(&sheet, "nov", &[]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("'nov-b'"), "{out}");
    assert_eq!(lab.sandbox.payout_requests(), rows.len() as u64, "{out}");
    lab.assert_nobody_paid_twice(&rows);
}

/// A gateway that accepts the first payout request (processing) and refuses
/// every later one for insufficient balance (a systemic stop, exit 3).
fn one_then_broke() -> TinyGateway {
    let accepted = std::sync::Mutex::new(Vec::<(String, String)>::new());
    TinyGateway::start(move |path, body| {
        let t = body["tradeNo"].as_str().unwrap_or("?").to_string();
        let mut accepted = accepted.lock().unwrap();
        if path.ends_with("/queryBalance") {
            rich()
        } else if path.ends_with("/payout") && accepted.is_empty() {
            let amount = body["amount"].as_str().unwrap_or("0").to_string();
            accepted.push((t.clone(), amount));
            ok(json!({"platFormTradeNo": format!("P-{t}"), "status": "0015"}))
        } else if path.ends_with("/payout") {
            refuse("1005", "insufficient balance")
        } else if let Some((_, amount)) = accepted.iter().find(|(a, _)| *a == t) {
            ok(
                json!({"tradeNo": t, "platFormTradeNo": format!("P-{t}"), "amount": amount,
                      "status": "0015", "message": "processing"}),
            )
        } else {
            refuse("1007", "order not found")
        }
    })
}

#[test]
fn once_one_payout_was_sent_the_label_and_the_sheet_stay_bound() {
    let lab = Lab::new();
    let rows = rows(3);
    let sheet = lab.sheet("pay.csv", &rows);
    let gw = one_then_broke();
    let (code, out) = lab.submit(&sheet, "nov", &["--gateway", &gw.url, "--concurrency", "1"]);
    assert_eq!(code, 3, "{out}");
    assert_eq!(gw.payout_trade_nos().len(), 2, "one accepted, one refused");
    let (code, out) = lab.submit(&sheet, "nov", &[]);
    assert_eq!(code, 2, "another gateway for a batch that sent:\n{out}");
    assert!(out.contains("never mixes gateways"), "{out}");
    let (code, out) = lab.submit(&sheet, "nov-b", &[]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("already submitted under batch 'nov'"), "{out}");
    let (code, out) = lab.submit(&sheet, "nov-b", &["--dry-run"]);
    assert_eq!(code, 2, "{out}");
    assert_eq!(
        lab.sandbox.payout_requests(),
        0,
        "nothing reached the sandbox"
    );
    drop(gw);
}

#[test]
fn a_payout_request_answered_with_a_refusal_binds_the_label_too() {
    let lab = Lab::new();
    let sheet = lab.sheet("pay.csv", &rows(2));
    // The balance check passes; the payout request itself is refused.
    let gw = TinyGateway::start(|path, _| match path {
        p if p.ends_with("/queryBalance") => rich(),
        p if p.ends_with("/payout") => refuse("1003", "merchant not found"),
        _ => Reply::Status(404),
    });
    let (code, out) = lab.submit(&sheet, "nov", &["--gateway", &gw.url, "--concurrency", "1"]);
    assert_eq!(code, 3, "{out}");
    let (code, out) = lab.submit(&sheet, "nov", &[]);
    assert_eq!(code, 2, "a payout request was made there:\n{out}");
    assert!(out.contains("never mixes gateways"), "{out}");
    assert_eq!(lab.sandbox.payout_requests(), 0);
}
