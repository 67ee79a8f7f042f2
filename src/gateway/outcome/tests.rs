use super::test_answers::accepted;
use super::*;

fn c(status: u16, body: &str) -> Outcome {
    classify(status, body, &CodeClasses::default()).outcome
}

#[test]
fn paid_processing_failed_come_from_data_status_only() {
    let a = accepted(
        r#"{"msg":"success","code":"0000","timestamp":1729947461317,"success":true,
            "data":{"platFormTradeNo":"8rlf","status":"0000","desc":"ok"}}"#,
    );
    assert_eq!(a.status, TxStatus::Paid);
    assert_eq!(a.platform_trade_no.as_deref(), Some("8rlf"));
    let a = accepted(r#"{"code":"0000","data":{"status":"0015"}}"#);
    assert_eq!(a.status, TxStatus::Processing);
    // The seed's own example: outer success, transaction failed.
    let a = accepted(
        r#"{"msg":"success","code":"0000","timestamp":1729947461317,"success":true,
            "data":{"platFormTradeNo":"8rlfud1oh1ruceq7","status":"0100119","desc":"fail"}}"#,
    );
    assert_eq!(a.status, TxStatus::Failed);
    assert_eq!(a.code, "0100119");
    assert_eq!(a.desc.as_deref(), Some("fail"));
    let a = accepted(r#"{"code":"0000","data":{"status":"00029","message":"rejected"}}"#);
    assert_eq!(
        (a.status, a.desc.as_deref()),
        (TxStatus::Failed, Some("rejected"))
    );
}

#[test]
fn query_fields_are_read_leniently() {
    let a = accepted(
        r#"{"code":0,"success":"true","timestamp":"1","data":{"tradeNo":"t1",
            "platFormTradeNo":"p1","orderAmount":"300.00","status":"0000",
            "successTime":"2025-01-01 10:00:00"}}"#,
    );
    assert_eq!(a.status, TxStatus::Paid);
    assert_eq!(a.trade_no.as_deref(), Some("t1"));
    assert_eq!(a.amount, Some(Amount::from_poisha(30_000)));
    assert_eq!(a.success_time.as_deref(), Some("2025-01-01 10:00:00"));
    // An amount that cannot be read never fails the payout.
    let a = accepted(r#"{"code":"0000","data":{"status":"0000","amount":"lots"}}"#);
    assert_eq!((a.status, a.amount), (TxStatus::Paid, None));
}

#[test]
fn every_default_outer_code_has_its_class() {
    let cases = [
        ("1001", RejectClass::InvalidRow),
        ("1002", RejectClass::Systemic),
        ("1003", RejectClass::Systemic),
        ("1004", RejectClass::Duplicate),
        ("1005", RejectClass::Systemic),
        ("1006", RejectClass::Throttled),
        ("1007", RejectClass::NotFound),
        ("4242", RejectClass::Unknown),
    ];
    for (code, want) in cases {
        let body = format!(r#"{{"msg":"m{code}","code":"{code}","success":false}}"#);
        match c(200, &body) {
            Outcome::Rejected {
                class,
                code: got,
                msg,
            } => {
                assert_eq!(class, want, "{code}");
                assert_eq!(got, code);
                assert_eq!(msg, format!("m{code}"));
            }
            other => panic!("{code}: {other:?}"),
        }
    }
}

#[test]
fn outer_5000_is_unknown_by_default_and_configurable() {
    let body = r#"{"msg":"system error","code":"5000"}"#;
    assert!(matches!(
        c(200, body),
        Outcome::Unknown {
            throttled: false,
            ..
        }
    ));
    let mut classes = CodeClasses::default();
    classes.set("5000", CodeAction::Reject(RejectClass::Systemic));
    classes.set("9001", CodeAction::from_name("throttled").unwrap());
    assert!(matches!(
        classify(200, body, &classes).outcome,
        Outcome::Rejected {
            class: RejectClass::Systemic,
            ..
        }
    ));
    assert!(matches!(
        classify(200, r#"{"code":"9001"}"#, &classes).outcome,
        Outcome::Rejected {
            class: RejectClass::Throttled,
            ..
        }
    ));
}

#[test]
fn http_faults_are_unknown() {
    assert_eq!(
        c(429, r#"{"code":"1006"}"#),
        Outcome::Unknown {
            reason: "HTTP 429 Too Many Requests".to_string(),
            throttled: true
        }
    );
    for status in [500, 502, 503, 504] {
        // Even a readable body does not make a 5xx a refusal.
        assert!(matches!(
            c(status, r#"{"code":"1001"}"#),
            Outcome::Unknown {
                throttled: false,
                ..
            }
        ));
    }
    assert!(matches!(
        c(200, "<html>Bad Gateway</html>"),
        Outcome::Unknown { .. }
    ));
    assert!(matches!(c(200, ""), Outcome::Unknown { .. }));
    match c(404, "Not Found") {
        Outcome::Unknown { reason, .. } => assert!(reason.contains("base URL"), "{reason}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn shapes_not_understood_are_unknown() {
    for body in [
        r#"[]"#,
        r#"{"msg":"no code"}"#,
        r#"{"code":"0000"}"#,
        r#"{"code":"0000","data":null}"#,
        r#"{"code":"0000","data":{"desc":"no status"}}"#,
        r#"{"code":"0000","data":"0000"}"#,
    ] {
        assert!(matches!(c(200, body), Outcome::Unknown { .. }), "{body}");
    }
    let got = classify(200, r#"{"code":"0000","data":{}}"#, &CodeClasses::default());
    assert_eq!(got.outer_code.as_deref(), Some("0000"));
    assert_eq!(got.data_status, None);
}

#[test]
fn codes_are_recorded_for_the_ledger() {
    let got = classify(
        200,
        r#"{"code":"0000","data":{"status":"0015"}}"#,
        &CodeClasses::default(),
    );
    assert_eq!(got.outer_code.as_deref(), Some("0000"));
    assert_eq!(got.data_status.as_deref(), Some("0015"));
}

#[test]
fn class_names_round_trip() {
    for class in RejectClass::ALL {
        assert_eq!(RejectClass::from_name(class.name()), Some(class));
    }
    assert_eq!(
        CodeAction::from_name("uncertain"),
        Some(CodeAction::Uncertain)
    );
    assert_eq!(CodeAction::from_name("nope"), None);
}

/// A status word mapped in `status_codes` is matched as written, spaces
/// around it aside: in another letter case it is another word, unknown
/// (asked about) until it is mapped too, never read as the mapped meaning
/// or as failed on a guess.
#[test]
fn a_mapped_status_word_is_matched_as_written() {
    let mut classes = CodeClasses::default();
    classes.set_status("SUCCESS", StatusMeaning::Tx(TxStatus::Paid));
    let read = |status: &str| {
        let body = format!(r#"{{"code":"0000","data":{{"status":"{status}"}}}}"#);
        classify(200, &body, &classes).outcome
    };
    assert!(matches!(
        read(" SUCCESS "),
        Outcome::Accepted(Accepted {
            status: TxStatus::Paid,
            ..
        })
    ));
    for other in ["Success", "success"] {
        assert!(matches!(read(other), Outcome::Unknown { .. }), "{other}");
    }
}

/// A number has lost the provider's leading zeros, so it is read as the
/// provider's code only when it is one: `15` (`0015`), `29` and `32`
/// (`00029`, `00032`), or any number of four digits or more (`0` is no
/// proof of payment: `a_zero_status_as_a_number_is_not_read_as_paid`).
/// Another number under 1,000 is a gateway's own count of states (`10`,
/// `20`, `30`; `200` as HTTP says success): padded to `0020` it read as
/// failed, which `--retry-failed` pays again. It is kept as written,
/// unknown until `status_codes` maps it.
#[test]
fn a_numeric_status_under_1000_is_read_only_as_a_documented_code() {
    for n in [0, 10, 11, 16, 20, 30, 99, 100, 200, 201, 404, 500, 999] {
        let body = format!(r#"{{"code":"0000","data":{{"status":{n}}}}}"#);
        let got = classify(200, &body, &CodeClasses::default());
        match &got.outcome {
            Outcome::Unknown { reason, .. } => assert!(reason.contains("status_codes"), "{n}"),
            other => panic!("{n} read as {other:?}"),
        }
        assert_eq!(got.data_status.as_deref(), Some(n.to_string().as_str()));
    }
    for (n, want, code) in [
        (15, TxStatus::Processing, "0015"),
        (29, TxStatus::Failed, "0029"),
        (32, TxStatus::Failed, "0032"),
        (1000, TxStatus::Failed, "1000"),
        (100019, TxStatus::Failed, "100019"),
    ] {
        let a = accepted(&format!(r#"{{"code":"0000","data":{{"status":{n}}}}}"#));
        assert_eq!((a.status, a.code.as_str()), (want, code), "{n}");
    }
    // Mapped in `status_codes` by its text as written ("20" = "paid"):
    // `gateway::numbers`, end to end.
}

/// `0000` and `0015` written in the five-digit width of the provider's own
/// failure codes (`00029`, `00032`) are the same numbers as its success and
/// processing: unknown, never failed (which `--retry-failed` pays again),
/// until `status_codes` says which. Other five-digit codes fail as before.
#[test]
fn paid_and_processing_codes_written_wider_are_unknown_not_failed() {
    for status in ["00000", "000000", "00015", "000015"] {
        let body = format!(r#"{{"code":"0000","data":{{"status":"{status}"}}}}"#);
        match c(200, &body) {
            Outcome::Unknown { reason, .. } => {
                assert!(reason.contains("status_codes"), "{status}: {reason}")
            }
            other => panic!("{status}: {other:?}"),
        }
    }
    assert_eq!(
        accepted(r#"{"code":"0000","data":{"status":"00029"}}"#).status,
        TxStatus::Failed
    );
    let mut classes = CodeClasses::default();
    classes.set_status("00000", StatusMeaning::Tx(TxStatus::Paid));
    let got = classify(
        200,
        r#"{"code":"0000","data":{"status":"00000"}}"#,
        &classes,
    );
    assert!(
        matches!(&got.outcome, Outcome::Accepted(a) if a.status == TxStatus::Paid),
        "{got:?}"
    );
}

/// `data.status` as the JSON number `0`: the provider's `0000` with its
/// zeros lost, or state 0 of a gateway that counts its states, where 0 is
/// usually "created" (0 created, 1 paying, 2 paid, 3 failed). The spec
/// writes the status as the string `"0000"`; reading the number as paid
/// marks a payout paid that is not, and nothing asks again. It is unknown,
/// kept as `0`, until `status_codes` maps `"0"` (which covers the number
/// and the string). `15`, `29`, `32` still read as the provider's codes:
/// none of them is final in the wrong direction on its own (processing is
/// asked again; a failure of a first send is what the provider says).
#[test]
fn a_zero_status_as_a_number_is_not_read_as_paid() {
    match c(200, r#"{"code":0,"data":{"status":0}}"#) {
        Outcome::Unknown { reason, .. } => assert!(reason.contains("status_codes"), "{reason}"),
        other => panic!("status 0 read as {other:?}"),
    }
    let mut classes = CodeClasses::default();
    classes.set_status("0", StatusMeaning::Tx(TxStatus::Paid));
    let got = classify(200, r#"{"code":0,"data":{"status":0}}"#, &classes);
    assert!(
        matches!(&got.outcome, Outcome::Accepted(a) if a.status == TxStatus::Paid && a.code == "0"),
        "{got:?}"
    );
}
