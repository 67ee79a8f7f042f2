//! A signed callback that names another merchant than the one its payout
//! was sent as, posted to the real listener.

use super::callback_envelopes::{json_of, post_json, states};
use super::callback_readings::{Listening, THREE_ROWS, processing, sign_of};

/// The secret signs for an account, and one provider account may hold
/// several merchant numbers. A signed callback that names another merchant
/// (in its body, or in the `merchantNo` header the requests carry) is about
/// that merchant's order: refused (403), nothing changed, no conflict
/// raised. The same number as a JSON number, without its leading zeros, is
/// this merchant.
#[test]
fn a_signed_callback_for_another_merchant_changes_nothing() {
    let (_gw, run) = processing(&THREE_ROWS);
    let listening = Listening::start(&run);
    let t1 = run.trade_no("E-1");
    let pairs = [
        ("amount", "300"),
        ("merchantNo", "0000000002"),
        ("status", "0000"),
        ("tradeNo", &t1),
    ];
    let (status, answer) = post_json(
        listening.addr(),
        &[],
        json_of(&pairs, Some(&sign_of(&pairs))).as_bytes(),
    );
    assert_eq!(status, 403, "{answer}");
    assert!(
        answer.contains("0000000002") && answer.contains("0000000001"),
        "{answer}"
    );

    let t2 = run.trade_no("E-2");
    let pairs = [("amount", "400"), ("status", "0000"), ("tradeNo", &t2)];
    let (status, answer) = post_json(
        listening.addr(),
        &["merchantNo: 0000000009"],
        json_of(&pairs, Some(&sign_of(&pairs))).as_bytes(),
    );
    assert_eq!(status, 403, "{answer}");

    let t3 = run.trade_no("E-3");
    let pairs = [
        ("amount", "500"),
        ("merchantNo", "1"),
        ("status", "0000"),
        ("tradeNo", &t3),
    ];
    let s = sign_of(&pairs);
    let body = format!(
        r#"{{"amount":"500","merchantNo":1,"status":"0000","tradeNo":"{t3}","sign":"{s}"}}"#
    );
    let got = post_json(
        listening.addr(),
        &["merchantNo: 0000000001"],
        body.as_bytes(),
    );
    assert_eq!(got, (200, "OK".to_string()), "this merchant, as a number");
    drop(listening);
    let (paid, processing) = (("paid".to_string(), 0), ("processing".to_string(), 0));
    assert_eq!(
        states(&run, &["E-1", "E-2", "E-3"]),
        [processing.clone(), processing, paid],
        "nothing changed, nothing flagged"
    );
    let events = run.callback_events();
    assert_eq!(events.len(), 3, "{events:?}");
    assert!(
        events[0].0 && events[0].1.contains("merchant"),
        "{events:?}"
    );
}
