//! The readings of the gateway contract where the provider's documentation is
//! silent or ambiguous (docs/gateway.md, "Readings"), each pinned with the
//! bodies a real gateway might send. Every test name says the reading and
//! what payrun does with it.

use super::test_answers::{accepted, c, refused_as, unthrottled_reason};
use super::*;

#[test]
fn amounts_as_strings_numbers_or_with_decimals_read_the_same() {
    for amount in [r#""100.00""#, "100", r#""100""#, "100.0", r#""100.0000""#] {
        let body = format!(r#"{{"code":"0000","data":{{"status":"0000","amount":{amount}}}}}"#);
        assert_eq!(
            accepted(&body).amount,
            Some(Amount::from_poisha(10_000)),
            "{amount}"
        );
    }
    // Unreadable amounts never fail the payout: they are simply not known.
    for amount in [
        r#""1,000.00""#,
        r#""""#,
        r#""1e2""#,
        r#""100.005""#,
        "null",
        "true",
    ] {
        let body = format!(r#"{{"code":"0000","data":{{"status":"0000","amount":{amount}}}}}"#);
        let a = accepted(&body);
        assert_eq!((a.status, a.amount), (TxStatus::Paid, None), "{amount}");
    }
}

#[test]
fn order_amount_or_pay_amount_stand_in_for_amount() {
    let a = accepted(r#"{"code":"0000","data":{"status":"0015","orderAmount":300}}"#);
    assert_eq!(a.amount, Some(Amount::from_poisha(30_000)));
    let a = accepted(r#"{"code":"0000","data":{"status":"0015","payAmount":"300.50"}}"#);
    assert_eq!(a.amount, Some(Amount::from_poisha(30_050)));
    // `amount` wins when both are present.
    let a = accepted(r#"{"code":"0000","data":{"status":"0015","payAmount":"1","amount":"2"}}"#);
    assert_eq!(a.amount, Some(Amount::from_poisha(200)));
}

#[test]
fn success_false_or_odd_timestamps_never_override_the_outer_code() {
    for extra in [
        r#""success":false"#,
        r#""success":"false""#,
        r#""success":"0""#,
        r#""timestamp":"not a time""#,
        r#""timestamp":null"#,
        r#""msg":"fail""#,
    ] {
        let body = format!(r#"{{{extra},"code":"0000","data":{{"status":"0015"}}}}"#);
        assert_eq!(accepted(&body).status, TxStatus::Processing, "{extra}");
    }
}

#[test]
fn unknown_extra_fields_are_ignored_at_both_layers() {
    let a = accepted(
        r#"{"code":"0000","traceId":"x-1","data":{"status":"0000","platFormTradeNo":"P9",
            "fee":"2.00","channel":{"name":"bkash"},"tags":[1,2],"bankRef":null}}"#,
    );
    assert_eq!(a.status, TxStatus::Paid);
    assert_eq!(a.platform_trade_no.as_deref(), Some("P9"));
    // The other spelling some pages use.
    let a = accepted(r#"{"code":"0000","data":{"status":"0015","platformTradeNo":"P10"}}"#);
    assert_eq!(a.platform_trade_no.as_deref(), Some("P10"));
}

#[test]
fn numeric_codes_regain_their_leading_zeros() {
    let a = accepted(r#"{"code":0,"data":{"status":15}}"#);
    assert_eq!((a.status, a.code.as_str()), (TxStatus::Processing, "0015"));
    let a = accepted(r#"{"code":0,"data":{"status":29}}"#);
    assert_eq!((a.status, a.code.as_str()), (TxStatus::Failed, "0029"));
    let a = accepted(r#"{"code":"0000","data":{"status":100019}}"#);
    assert_eq!(a.status, TxStatus::Failed);
    match c(200, r#"{"code":1004,"msg":"dup"}"#).outcome {
        Outcome::Rejected { class, code, .. } => {
            assert_eq!((class, code.as_str()), (RejectClass::Duplicate, "1004"))
        }
        other => panic!("{other:?}"),
    }
}

/// The provider's rule calls every status but 0000 and 0015 a failure. A
/// value that is not one of its codes at all is not read as a failure: a
/// paid payout marked failed invites paying it again by hand.
#[test]
fn a_status_that_is_not_a_provider_code_is_unknown_not_failed() {
    for status in [
        r#""SUCCESS""#,
        r#""success""#,
        r#""FAILED""#,
        r#""PENDING""#,
        r#""15""#,
        r#""0""#,
        "15.0",
        "-1",
        "true",
        r#""0000 ""#,
    ] {
        let body = format!(r#"{{"code":"0000","data":{{"status":{status}}}}}"#);
        let got = c(200, &body);
        let trimmed_ok = status == r#""0000 ""#;
        if trimmed_ok {
            // Whitespace around a code is not a new code.
            assert!(matches!(got.outcome, Outcome::Accepted(_)), "{status}");
            continue;
        }
        let reason = unthrottled_reason(&got);
        assert!(reason.contains("status_codes"), "{reason}");
        assert!(got.data_status.is_some(), "the raw status is recorded");
    }
    // The documented failure codes stay failures.
    for code in ["0100019", "0100119", "00029", "00032", "9999"] {
        let body = format!(r#"{{"code":"0000","data":{{"status":"{code}"}}}}"#);
        assert_eq!(accepted(&body).status, TxStatus::Failed, "{code}");
    }
}

/// A JSON number loses its zeros (`0015` is sent as `15`), so numbers are
/// read with them put back. But no provider code is one digit other than
/// zero: `1`, `2`, `3` are how gateways that count states write them, where
/// `1` is often "success". Padded to `0001` it was read as failed, and a
/// failed payout may be sent again under a new tradeNo (`--retry-failed`).
/// It is unknown instead, kept as written, so `status_codes` can map it.
#[test]
fn a_one_digit_numeric_status_is_no_provider_code() {
    for n in 1..=9 {
        let got = c(
            200,
            &format!(r#"{{"code":"0000","data":{{"status":{n}}}}}"#),
        );
        let reason = unthrottled_reason(&got);
        assert!(reason.contains("status_codes"), "{n}: {reason}");
        assert_eq!(got.data_status.as_deref(), Some(n.to_string().as_str()));
    }
    let mut classes = CodeClasses::default();
    classes.set_status("1", StatusMeaning::Tx(TxStatus::Paid));
    let got = classify(200, r#"{"code":"0000","data":{"status":1}}"#, &classes);
    assert!(
        matches!(&got.outcome, Outcome::Accepted(a) if a.status == TxStatus::Paid),
        "{got:?}"
    );
    // The numbers that are codes with their zeros lost still read (zero is
    // no proof of payment: `tests::a_zero_status_as_a_number_is_not_read_as_paid`).
    assert_eq!(
        accepted(r#"{"code":0,"data":{"status":15}}"#).status,
        TxStatus::Processing
    );
    assert_eq!(
        accepted(r#"{"code":0,"data":{"status":29}}"#).status,
        TxStatus::Failed
    );
}

#[test]
fn status_words_can_be_mapped_in_configuration() {
    let mut classes = CodeClasses::default();
    classes.set_status("SUCCESS", StatusMeaning::Tx(TxStatus::Paid));
    classes.set_status("PROCESSING", StatusMeaning::Tx(TxStatus::Processing));
    // The provider's own paid and processing codes cannot be turned around.
    classes.set_status("0000", StatusMeaning::Tx(TxStatus::Failed));
    classes.set_status("0015", StatusMeaning::Unknown);
    assert_eq!(classes.status("0000"), StatusMeaning::Tx(TxStatus::Paid));
    assert_eq!(
        classes.status("0015"),
        StatusMeaning::Tx(TxStatus::Processing)
    );
    for (word, want) in [
        ("SUCCESS", TxStatus::Paid),
        ("PROCESSING", TxStatus::Processing),
    ] {
        let body = format!(r#"{{"code":"0000","data":{{"status":"{word}"}}}}"#);
        let got = classify(200, &body, &classes);
        assert!(
            matches!(got.outcome, Outcome::Accepted(Accepted { status, .. }) if status == want),
            "{word}"
        );
    }
    assert_eq!(TxStatus::from_name("paid"), Some(TxStatus::Paid));
    assert_eq!(TxStatus::from_name("SUCCESS"), None);
    for m in StatusMeaning::ALL {
        assert_eq!(StatusMeaning::from_name(m.name()), Some(m));
    }
}

/// A gateway that answers a query for a tradeNo it never saw with `0000`
/// and a "not found" code inside `data`: by the provider's rule that is a
/// failure (final at once, inside the grace period). Mapped to `not_found`,
/// it gets the grace period like outer `1007`.
#[test]
fn a_not_found_status_inside_data_can_be_mapped_to_not_found() {
    let body =
        r#"{"code":"0000","msg":"success","data":{"status":"1007","message":"order not exist"}}"#;
    assert_eq!(
        accepted(body).status,
        TxStatus::Failed,
        "the provider's rule"
    );
    let mut classes = CodeClasses::default();
    classes.set_status("1007", StatusMeaning::NotFound);
    let got = classify(200, body, &classes);
    match got.outcome {
        Outcome::Rejected {
            class: RejectClass::NotFound,
            code,
            msg,
        } => assert_eq!((code.as_str(), msg.as_str()), ("1007", "order not exist")),
        other => panic!("{other:?}"),
    }
    assert_eq!(got.data_status.as_deref(), Some("1007"));
    // Or kept unknown, for a person to look at.
    classes.set_status("1007", StatusMeaning::Unknown);
    assert!(matches!(
        classify(200, body, &classes).outcome,
        Outcome::Unknown { .. }
    ));
}

#[test]
fn another_success_code_can_be_mapped_as_accepted() {
    let body = r#"{"code":200,"msg":"ok","data":{"status":"0000","platFormTradeNo":"P1"}}"#;
    // By default "200" (read as 0200) is not a code payrun knows: a payout
    // answered so is resolved by query, never taken as sent or failed.
    assert_eq!(refused_as(c(200, body).outcome), Some(RejectClass::Unknown));
    let mut classes = CodeClasses::default();
    classes.set("0200", CodeAction::from_name("accepted").unwrap());
    let got = classify(200, body, &classes);
    assert!(matches!(
        got.outcome,
        Outcome::Accepted(Accepted {
            status: TxStatus::Paid,
            ..
        })
    ));
    // A mapped success code still needs data.status to say anything.
    assert!(matches!(
        classify(200, r#"{"code":200,"data":null}"#, &classes).outcome,
        Outcome::Unknown { .. }
    ));
    assert_eq!(CodeAction::Accept.name(), "accepted");
}

#[test]
fn absent_null_empty_or_statusless_data_with_0000_is_unknown() {
    for body in [
        r#"{"code":"0000","msg":"success"}"#,
        r#"{"code":"0000","data":null}"#,
        r#"{"code":"0000","data":{}}"#,
        r#"{"code":"0000","data":""}"#,
        r#"{"code":"0000","data":[]}"#,
        r#"{"code":"0000","data":{"status":""}}"#,
        r#"{"code":"0000","data":{"status":"   "}}"#,
        r#"{"code":"0000","data":{"status":null}}"#,
    ] {
        let got = c(200, body);
        unthrottled_reason(&got);
        assert_eq!(got.outer_code.as_deref(), Some("0000"), "{body}");
    }
}

#[test]
fn data_sent_as_json_text_is_read() {
    let a =
        accepted(r#"{"code":"0000","data":"{\"status\":\"0015\",\"platFormTradeNo\":\"P2\"}"}"#);
    assert_eq!(a.status, TxStatus::Processing);
    assert_eq!(a.platform_trade_no.as_deref(), Some("P2"));
}

#[test]
fn empty_strings_are_absent_values() {
    let got = c(200, r#"{"code":"","msg":"x","data":{"status":"0000"}}"#);
    assert!(unthrottled_reason(&got).contains("no outer `code`"));
    let a = accepted(r#"{"code":"0000","data":{"status":"0015","platFormTradeNo":"","desc":""}}"#);
    assert_eq!((a.platform_trade_no, a.desc), (None, None));
}

#[test]
fn unknown_trade_no_answers_are_not_found_only_when_configured_so() {
    // The sandbox's 1007.
    assert_eq!(
        refused_as(c(200, r#"{"code":"1007","msg":"order not exist"}"#).outcome),
        Some(RejectClass::NotFound)
    );
    // Another gateway's own code for it is not believed until mapped.
    let body = r#"{"code":"2004","msg":"order does not exist","data":null}"#;
    assert_eq!(refused_as(c(200, body).outcome), Some(RejectClass::Unknown));
    let mut classes = CodeClasses::default();
    classes.set("2004", CodeAction::Reject(RejectClass::NotFound));
    assert_eq!(
        refused_as(classify(200, body, &classes).outcome),
        Some(RejectClass::NotFound)
    );
}

#[test]
fn an_answer_about_another_trade_no_or_amount_is_not_applied() {
    let amount = Amount::from_poisha(30_000);
    let a = |body: &str| c(200, body).outcome;
    // Another tradeNo; another amount: unknown, the reason naming both.
    for (body, names) in [
        (
            r#"{"code":"0000","data":{"tradeNo":"B1-0002","status":"0000","amount":"300"}}"#,
            ["B1-0002", "B1-0001"],
        ),
        (
            r#"{"code":"0000","data":{"tradeNo":"B1-0001","status":"0000","amount":"30000"}}"#,
            ["30,000.00", "300.00"],
        ),
    ] {
        match a(body).about("B1-0001", amount) {
            Outcome::Unknown { reason, .. } => {
                assert!(names.iter().all(|n| reason.contains(n)), "{reason}")
            }
            got => panic!("{got:?}"),
        }
    }
    // Matching, absent or unreadable fields are no contradiction.
    for body in [
        r#"{"code":"0000","data":{"tradeNo":"B1-0001","status":"0000","amount":"300.00"}}"#,
        r#"{"code":"0000","data":{"tradeNo":" B1-0001 ","status":"0000","orderAmount":300}}"#,
        r#"{"code":"0000","data":{"status":"0000"}}"#,
        r#"{"code":"0000","data":{"status":"0000","amount":"n/a","tradeNo":""}}"#,
    ] {
        assert!(
            matches!(a(body).about("B1-0001", amount), Outcome::Accepted(_)),
            "{body}"
        );
    }
    // Refusals and unknowns pass through untouched.
    let refused = a(r#"{"code":"1007"}"#);
    assert_eq!(refused.clone().about("B1-0001", amount), refused);
}
