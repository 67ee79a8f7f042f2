//! Answers whose layers contradict each other or the payout: another
//! wallet, a deciding key given twice, a 3xx or a 4xx with an accepted
//! body, a refusal whose `data.status` says the money moves.

use super::test_answers::{c, refused_as, unknown_reason};
use super::*;

#[test]
fn an_answer_naming_another_wallet_is_not_applied() {
    use crate::wallet::Provider;
    let answer = |wallet: &str| {
        c(
            200,
            &format!(r#"{{"code":"0000","data":{{"status":"0000","walletId":"{wallet}"}}}}"#),
        )
        .outcome
    };
    let to = |wallet: &str| answer(wallet).to_wallet("01712345678", Provider::Bkash);
    match to("01812345678") {
        Outcome::Unknown { reason, .. } => {
            assert!(
                reason.contains("01812345678") && reason.contains("01712345678"),
                "{reason}"
            )
        }
        got => panic!("{got:?}"),
    }
    // The same number written another way, a masked or unreadable echo, or
    // none at all: no contradiction.
    for same in [
        "01712345678",
        "8801712345678",
        "+880 1712-345678",
        "1712345678",
        "017****5678",
        "",
    ] {
        assert!(matches!(to(same), Outcome::Accepted(_)), "{same:?}");
    }
    let rocket = answer("017123456781").to_wallet("017123456781", Provider::Rocket);
    assert!(matches!(rocket, Outcome::Accepted(_)));
}

#[test]
fn a_deciding_key_given_twice_with_two_values_is_unknown() {
    for (body, key) in [
        (
            r#"{"code":"0000","data":{"status":"00029","status":"0000"}}"#,
            "status",
        ),
        (
            r#"{"code":"1001","code":"0000","data":{"status":"0000"}}"#,
            "code",
        ),
        (
            r#"{"code":"0000","data":{"status":"0015"},"data":{"status":"0000"}}"#,
            "data",
        ),
        (
            r#"{"code":"0000","data":{"tradeNo":"A","status":"0000","tradeNo":"B"}}"#,
            "tradeNo",
        ),
        (
            r#"{"code":"0000","data":"{\"status\":\"0015\",\"amount\":\"1\",\"amount\":\"2\"}"}"#,
            "amount",
        ),
    ] {
        let got = c(200, body);
        let reason = unknown_reason(&got);
        assert!(
            reason.contains(&format!("`{key}` twice")),
            "{body}: {reason}"
        );
        assert!(!reason.contains("base URL"), "{reason}");
    }
    // The same value twice, or a key payrun does not decide by: read.
    for body in [
        r#"{"code":"0000","code":"0000","data":{"status":"0000","status":"0000"}}"#,
        r#"{"code":"0000","msg":"a","msg":"b","data":{"status":"0000","desc":"x","desc":"y"}}"#,
    ] {
        assert!(
            matches!(c(200, body).outcome, Outcome::Accepted(_)),
            "{body}"
        );
    }
}

#[test]
fn a_redirect_or_an_accepted_body_under_4xx_is_unknown_and_a_refusal_under_4xx_is_read() {
    let paid = r#"{"code":"0000","data":{"status":"0000"}}"#;
    let failed = r#"{"code":"0000","data":{"status":"00029"}}"#;
    for (status, body) in [
        (301, paid),
        (302, failed),
        (307, r#"{"code":"1005"}"#),
        (400, paid),
        (404, failed),
    ] {
        let got = c(status, body);
        let reason = unknown_reason(&got);
        assert!(reason.contains(&format!("HTTP {status}")), "{reason}");
        assert!(got.outer_code.is_some(), "the code is still recorded");
    }
    assert_eq!(
        refused_as(c(401, r#"{"code":"1002","msg":"sign error"}"#).outcome),
        Some(RejectClass::Systemic)
    );
}

#[test]
fn a_refusal_whose_data_status_says_the_money_moves_is_unknown() {
    for (body, throttled) in [
        (r#"{"code":"1001","data":{"status":"0000"}}"#, false),
        (r#"{"code":"1007","data":{"status":"0015"}}"#, false),
        (r#"{"code":1006,"data":{"status":15}}"#, true),
    ] {
        match c(200, body).outcome {
            Outcome::Unknown {
                reason,
                throttled: t,
            } => {
                assert!(reason.contains("disagree"), "{reason}");
                assert_eq!(t, throttled, "{body}");
            }
            other => panic!("{body}: {other:?}"),
        }
    }
    // A failed status agrees with the refusal; a systemic refusal still
    // stops; a status that says nothing readable leaves the refusal as is.
    for (body, class) in [
        (
            r#"{"code":"1001","data":{"status":"00029"}}"#,
            RejectClass::InvalidRow,
        ),
        (
            r#"{"code":"1005","data":{"status":"0000"}}"#,
            RejectClass::Systemic,
        ),
        (
            r#"{"code":"1007","data":{"status":""}}"#,
            RejectClass::NotFound,
        ),
        (
            r#"{"code":"1007","data":{"status":"SUCCESS"}}"#,
            RejectClass::NotFound,
        ),
    ] {
        assert_eq!(refused_as(c(200, body).outcome), Some(class), "{body}");
    }
}

/// An answer echoing another merchant's number is about another account:
/// unknown, naming both. The same merchant written as a JSON number (its
/// zeros lost), padded, or not echoed at all is this merchant; a repeated
/// `merchantNo` with two values says two things.
#[test]
fn an_answer_for_another_merchant_is_unknown() {
    let ours = "0000000001";
    let outcome = |body: &str| c(200, body).outcome.for_merchant(ours);
    for other in [
        r#"{"code":"0000","data":{"status":"0000","merchantNo":"0000000002"}}"#,
        r#"{"code":"0000","merchantNo":"M-1","data":{"status":"00029"}}"#,
        r#"{"code":"0000","merchantNo":10,"data":{"status":"0015"}}"#,
    ] {
        match outcome(other) {
            Outcome::Unknown { reason, .. } => {
                assert!(
                    reason.contains("merchant") && reason.contains(ours),
                    "{reason}"
                )
            }
            got => panic!("{other}: {got:?}"),
        }
    }
    for same in [
        r#"{"code":"0000","data":{"status":"0000","merchantNo":"0000000001"}}"#,
        r#"{"code":"0000","data":{"status":"0000","merchantNo":1}}"#,
        r#"{"code":"0000","merchantNo":" 0000000001 ","data":{"status":"0000"}}"#,
        r#"{"code":"0000","data":{"status":"0000","merchantNo":""}}"#,
        r#"{"code":"0000","data":{"status":"0000"}}"#,
    ] {
        assert!(matches!(outcome(same), Outcome::Accepted(_)), "{same}");
    }
    // A refusal names no order: the merchant echo changes nothing.
    let refused = outcome(r#"{"code":"1001","merchantNo":"9","msg":"bad"}"#);
    assert!(matches!(refused, Outcome::Rejected { .. }), "{refused:?}");
    let twice = c(
        200,
        r#"{"code":"0000","data":{"status":"0000","merchantNo":"0000000001","merchantNo":"2"}}"#,
    );
    assert!(unknown_reason(&twice).contains("`merchantNo` twice"));
}

/// The gateway's words are repeated to people (a stop's reason, a failed
/// row's message): line breaks and escape sequences in them come out as
/// escapes, while words in Bengali or Chinese come out as sent.
#[test]
fn the_gateway_s_words_are_kept_whole_but_cannot_write_lines_or_escapes() {
    let refused = c(
        200,
        r#"{"code":"1001","msg":"ওয়ালেট বন্ধ\n钱包已冻结\u001b[2K\u009b31m"}"#,
    );
    let Outcome::Rejected { msg, .. } = refused.outcome else {
        panic!("{:?}", refused.outcome);
    };
    assert_eq!(msg, r"ওয়ালেট বন্ধ\n钱包已冻结\u{1b}[2K\u{9b}31m");
    let failed = c(
        200,
        r#"{"code":"0000","data":{"status":"00029","desc":"rejected\r\nPaid: 1"}}"#,
    );
    let Outcome::Accepted(a) = failed.outcome else {
        panic!("{:?}", failed.outcome);
    };
    assert_eq!(a.desc.as_deref(), Some(r"rejected\r\nPaid: 1"));
}

/// A gateway may echo the merchant's order number under another name than
/// `tradeNo` (`mchOrderNo`, `merchantOrderNo`, `outTradeNo`,
/// `merchantTradeNo`, `outOrderNo`: names other payout APIs use for it). An
/// answer naming another order under any of them is not this payout's; one
/// naming two orders at once is believed neither way. `orderNo` is left
/// alone: gateways use it for their own number as often as for the
/// merchant's.
#[test]
fn an_answer_naming_another_order_under_another_name_is_not_applied() {
    let about = |data: &str| {
        c(
            200,
            &format!(r#"{{"code":"0000","data":{{"status":"0000",{data}}}}}"#),
        )
        .outcome
        .about_order("B1-0001")
    };
    for name in [
        "mchOrderNo",
        "merchantOrderNo",
        "outTradeNo",
        "merchantTradeNo",
        "outOrderNo",
    ] {
        match about(&format!(r#""{name}":"B1-0002""#)) {
            Outcome::Unknown { reason, .. } => {
                assert!(reason.contains("B1-0002"), "{name}: {reason}")
            }
            got => panic!("{name}: {got:?}"),
        }
        match about(&format!(r#""tradeNo":"B1-0001","{name}":"B1-0002""#)) {
            Outcome::Unknown { reason, .. } => assert!(
                reason.contains("B1-0001") && reason.contains("B1-0002") && reason.contains(name),
                "{name}: {reason}"
            ),
            got => panic!("{name}: {got:?}"),
        }
        for same in [r#""tradeNo":"B1-0001","#, ""] {
            let body = format!(r#"{same}"{name}":" b1-0001 ""#);
            assert!(matches!(about(&body), Outcome::Accepted(_)), "{body}");
        }
    }
    assert!(matches!(
        about(r#""orderNo":"P-778812","platFormTradeNo":"P-778812""#),
        Outcome::Accepted(_)
    ));
    // Given twice with two values, like `tradeNo`: believed neither way.
    match about(r#""mchOrderNo":"B1-0002","mchOrderNo":"B1-0001""#) {
        Outcome::Unknown { reason, .. } => assert!(reason.contains("twice"), "{reason}"),
        got => panic!("{got:?}"),
    }
}
