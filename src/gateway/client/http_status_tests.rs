//! Every answer that is not a readable 2xx names its HTTP status and what
//! its body was, so that "HTTP 404, empty body: check the base URL" reaches
//! the operator instead of a JSON parser's "EOF while parsing". The outcome
//! class (unknown, never "not sent") is unchanged.

use super::tests::{cfg, one_shot, req};
use super::*;
use std::io::Write;

/// A server answering one request with `status` and `body`.
fn answering(status: &'static str, body: &'static str) -> String {
    one_shot(move |sock| {
        let _ = write!(
            sock,
            "HTTP/1.1 {status}\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
    })
}

fn payout_reason(status: &'static str, body: &'static str) -> String {
    let client = Client::new(cfg(&answering(status, body))).unwrap();
    let ex = client.payout(&req());
    match ex.outcome {
        Outcome::Unknown { reason, .. } => reason,
        other => panic!("{status} {body:?} must stay unknown: {other:?}"),
    }
}

#[test]
fn a_wrong_base_url_says_http_404_and_what_came_back() {
    let r = payout_reason("404 Not Found", "");
    assert!(
        r.contains("HTTP 404, empty body: check the base URL"),
        "{r}"
    );
    let r = payout_reason("404 Not Found", "<html><body>Not Found</body></html>");
    assert!(r.starts_with("HTTP 404, the body is not JSON"), "{r}");
    assert!(r.contains("<html><body>Not Found"), "{r}");
    assert!(r.ends_with("check the base URL"), "{r}");
    let r = payout_reason("301 Moved Permanently", "");
    assert!(
        r.contains("HTTP 301, empty body: check the base URL"),
        "{r}"
    );
    let r = payout_reason("400 Bad Request", "[1,2]");
    assert!(
        r.contains("HTTP 400, the body is JSON but not an object"),
        "{r}"
    );
}

#[test]
fn unreadable_2xx_and_5xx_answers_name_their_status_too() {
    let r = payout_reason("200 OK", "");
    assert!(r.starts_with("HTTP 200, empty body"), "{r}");
    assert!(!r.contains("base URL"), "{r}");
    let r = payout_reason("200 OK", "OK");
    assert!(r.starts_with("HTTP 200, the body is not JSON"), "{r}");
    let r = payout_reason("502 Bad Gateway", "");
    assert!(r.starts_with("HTTP 502"), "{r}");
    assert!(r.contains("empty body"), "{r}");
}

#[test]
fn the_balance_check_names_the_status_of_an_answer_it_cannot_read() {
    let client = Client::new(cfg(&answering("404 Not Found", ""))).unwrap();
    let e = client.balance().unwrap_err().to_string();
    assert!(
        e.contains("HTTP 404, empty body: check the base URL"),
        "{e}"
    );
    assert!(!e.contains("EOF"), "{e}");
}

#[test]
fn a_refused_balance_check_names_a_non_2xx_status() {
    let body = r#"{"code":"1002","msg":"sign error"}"#;
    let client = Client::new(cfg(&answering("401 Unauthorized", body))).unwrap();
    let e = client.balance().unwrap_err();
    assert!(matches!(e, BalanceError::Systemic { .. }), "{e:?}");
    let e = e.to_string();
    assert!(e.contains("code 1002") && e.contains("HTTP 401"), "{e}");
    // At 200 the status says nothing more.
    let client = Client::new(cfg(&answering("200 OK", body))).unwrap();
    assert!(!client.balance().unwrap_err().to_string().contains("HTTP"));
}

/// `204 No Content` (a gateway, or a proxy in front of it, that took the
/// request and says nothing): the payout may exist, so it is unknown and the
/// query decides; a balance check gets no balance from it, never zero.
#[test]
fn a_204_no_content_is_unknown_and_no_balance() {
    let r = payout_reason("204 No Content", "");
    assert!(r.starts_with("HTTP 204, empty body"), "{r}");
    let client = Client::new(cfg(&answering("204 No Content", ""))).unwrap();
    assert!(
        matches!(client.balance(), Err(BalanceError::Unexpected { .. })),
        "no balance from a 204"
    );
}
