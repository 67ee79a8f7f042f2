//! The readings of an answer by its HTTP status and the form of its body:
//! a provider code decides at 200 and at 4xx alike, a 4xx or 5xx without
//! one is unknown, and a body that is not JSON at 200 is unknown
//! (docs/gateway.md, "Readings").

use super::test_answers::{accepted, c, unthrottled_reason};
use super::*;

#[test]
fn an_error_body_is_classified_by_its_code_whether_http_200_or_4xx() {
    let cases = [
        (200, "1001", RejectClass::InvalidRow),
        (400, "1001", RejectClass::InvalidRow),
        (401, "1002", RejectClass::Systemic),
        (403, "1003", RejectClass::Systemic),
        (409, "1004", RejectClass::Duplicate),
        (404, "1007", RejectClass::NotFound),
        (422, "9999", RejectClass::Unknown),
    ];
    for (http, code, want) in cases {
        let body = format!(r#"{{"code":"{code}","msg":"m","success":false,"data":null}}"#);
        match c(http, &body).outcome {
            Outcome::Rejected { class, .. } => assert_eq!(class, want, "{http} {code}"),
            other => panic!("{http} {code}: {other:?}"),
        }
    }
}

#[test]
fn a_4xx_or_5xx_without_a_provider_code_is_unknown() {
    for (http, body) in [
        (404, "Not Found"),
        (404, ""),
        (
            404,
            r#"{"timestamp":"2025-01-01T00:00:00","status":404,"error":"Not Found","path":"/v1/paypro/queryPayOutResult"}"#,
        ),
        (400, "<html><body>400 Bad Request</body></html>"),
        (403, "Forbidden by WAF"),
        (500, r#"{"code":"1007","msg":"not found"}"#),
        (502, "<html>Bad Gateway</html>"),
        (503, r#"{"code":"0000","data":{"status":"0000"}}"#),
    ] {
        let got = c(http, body);
        let reason = unthrottled_reason(&got);
        assert!(reason.contains(&http.to_string()), "{http}: {reason}");
    }
}

#[test]
fn non_json_bodies_at_http_200_are_unknown() {
    for body in [
        "",
        "OK",
        "success",
        "<html>ok</html>",
        "0000",
        "{\"code\":\"0000\"",
        "\u{feff}",
    ] {
        assert!(
            matches!(c(200, body).outcome, Outcome::Unknown { .. }),
            "{body:?}"
        );
    }
    // A byte-order mark before good JSON is not a reason to doubt it.
    assert_eq!(
        accepted("\u{feff}{\"code\":\"0000\",\"data\":{\"status\":\"0015\"}}").status,
        TxStatus::Processing
    );
}
