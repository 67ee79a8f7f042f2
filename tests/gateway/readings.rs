//! The real `payrun` binary against a scripted gateway that answers in the
//! ways the provider's documentation leaves open (docs/gateway.md,
//! "Readings"). Each test pins what payrun does end to end: which payouts
//! are sent how often (from the gateway's own record of calls) and what the
//! ledger says afterwards.

use super::scripted::{BALANCE, PAYOUT, QUERY, Run, Scripted, json, reply, rich_balance};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

const GRACE: &str = "300ms";

/// `payrun reconcile --batch LABEL`, unpaced, with the tests' grace period.
pub(crate) fn reconcile(run: &Run, label: &str) -> (i32, String) {
    run.payrun(&[
        "reconcile",
        "--batch",
        label,
        "--grace",
        GRACE,
        "--rate",
        "unlimited",
    ])
}

#[test]
fn a_query_answered_404_or_0000_without_data_never_makes_a_payout_resendable() {
    let gw = Scripted::start(|c| match c.path.as_str() {
        BALANCE => rich_balance(),
        PAYOUT => reply(200, "text/html", "<html>upstream hiccup</html>"),
        _ => match c.nth % 8 {
            1 => reply(404, "text/plain", "Not Found"),
            6 => json(r#"{"code":"1001","msg":"tradeNo is required"}"#),
            7 => json(r#"{"code":"9999","msg":"order does not exist"}"#),
            2 => json(r#"{"code":"0000","msg":"success","data":null}"#),
            3 => json(r#"{"code":"0000","data":{}}"#),
            4 => json(r#"{"code":"0000","data":{"status":""}}"#),
            5 => reply(200, "application/json", ""),
            _ => reply(
                404,
                "application/json",
                r#"{"status":404,"error":"Not Found","path":"/v1/paypro/queryPayOutResult"}"#,
            ),
        },
    });
    let run = Run::new(&gw.url);
    let (code, out) = run.submit("r404", &[("E-1", "01712345642", 300)]);
    assert_eq!(code, 1, "{out}");
    // submit asks 5 times; each reconcile once more, until every answer
    // above was given at least once.
    for _ in 0..3 {
        let (code, out) = reconcile(&run, "r404");
        assert_eq!(code, 1, "{out}");
    }
    assert_eq!(gw.calls(PAYOUT).len(), 1, "sent once, never again");
    assert!(gw.calls(QUERY).len() >= 8, "every answer was given");
    assert_eq!(run.payout("E-1").0, "unknown");
    let attempts = run.attempts("E-1");
    assert!(
        attempts.iter().all(|a| !a.contains("not_found")),
        "{attempts:#?}"
    );
    assert!(
        attempts.iter().any(|a| a.contains("HTTP 404")),
        "{attempts:#?}"
    );
}

#[test]
fn a_resend_answered_idempotently_with_the_original_order_is_paid_once() {
    let gw = Scripted::start(|c| match (c.path.as_str(), c.nth) {
        (BALANCE, _) => rich_balance(),
        (PAYOUT, 1) => reply(502, "text/html", "<html>Bad Gateway</html>"),
        // The gateway dedupes by tradeNo and answers with the first order.
        (PAYOUT, _) => json(
            r#"{"code":"0000","msg":"success","data":{"platFormTradeNo":"P-ORIG","status":"0000"}}"#,
        ),
        _ => json(r#"{"code":"1007","msg":"order not exist"}"#),
    });
    let run = Run::new(&gw.url);
    let (code, out) = run.submit("idem", &[("E-1", "01712345642", 300)]);
    assert_eq!(code, 0, "{out}");
    let sends = gw.calls(PAYOUT);
    assert_eq!(sends.len(), 2, "one resend after not found past the grace");
    assert_eq!(sends[0].trade_no, sends[1].trade_no, "the same tradeNo");
    assert_eq!(sends[0].body.get("amount"), sends[1].body.get("amount"));
    let (state, platform, conflict) = run.payout("E-1");
    assert_eq!(
        (state.as_str(), platform.as_deref(), conflict),
        ("paid", Some("P-ORIG"), 0)
    );
}

#[test]
fn a_duplicate_refusal_followed_by_not_found_stays_unknown_instead_of_resending() {
    let gw = Scripted::start(|c| match c.path.as_str() {
        BALANCE => rich_balance(),
        PAYOUT => json(r#"{"code":"1004","msg":"tradeNo already exists","data":null}"#),
        _ => json(r#"{"code":"1007","msg":"order not exist"}"#),
    });
    let run = Run::new(&gw.url);
    let (code, out) = run.submit("dup", &[("E-1", "01712345642", 300)]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        gw.calls(PAYOUT).len(),
        1,
        "the gateway said it holds the tradeNo: a \"not found\" contradicts it, so no resend"
    );
    assert!(!gw.calls(QUERY).is_empty());
    assert_eq!(run.payout("E-1").0, "unknown");
    let attempts = run.attempts("E-1");
    assert!(
        attempts
            .first()
            .is_some_and(|a| a.contains("rejected:duplicate")),
        "{attempts:#?}"
    );
}

#[test]
fn a_query_answer_about_another_trade_no_or_amount_is_not_applied_and_a_wrong_amount_is_a_conflict()
{
    let wallets: Arc<Mutex<HashMap<String, String>>> = Arc::default();
    let w = Arc::clone(&wallets);
    let gw = Scripted::start(move |c| match c.path.as_str() {
        BALANCE => rich_balance(),
        PAYOUT => {
            let wallet = c
                .body
                .get("walletId")
                .and_then(|v| v.as_str())
                .unwrap_or("");
            w.lock()
                .unwrap()
                .insert(c.trade_no.clone(), wallet.to_string());
            json(r#"{"code":"0000","msg":"success","data":null}"#)
        }
        _ => {
            let wallet = w
                .lock()
                .unwrap()
                .get(&c.trade_no)
                .cloned()
                .unwrap_or_default();
            let t = &c.trade_no;
            if wallet.ends_with("42") {
                json(format!(
                    r#"{{"code":"0000","data":{{"tradeNo":"{t}-OTHER","status":"0000","amount":"300.00"}}}}"#
                ))
            } else {
                json(format!(
                    r#"{{"code":"0000","data":{{"tradeNo":"{t}","status":"00029","amount":"1.00"}}}}"#
                ))
            }
        }
    });
    let run = Run::new(&gw.url);
    let (code, out) = run.submit(
        "about",
        &[("E-1", "01712345642", 300), ("E-2", "01712345643", 400)],
    );
    assert_eq!(code, 1, "{out}");
    assert_eq!(gw.calls(PAYOUT).len(), 2, "each sent once");
    // Another order's answer is not applied, and the attempt says why.
    assert_eq!(run.payout("E-1").0, "unknown");
    assert_eq!(
        run.payout("E-1").2,
        0,
        "not a conflict: it was not about E-1"
    );
    let attempts = run.attempts("E-1");
    assert!(
        attempts.iter().any(|a| a.contains("names tradeNo")),
        "{attempts:#?}"
    );
    // An answer about E-2 with another amount is a contradiction about E-2:
    // not applied, and flagged for a person.
    let (state, _, conflict) = run.payout("E-2");
    assert_eq!((state.as_str(), conflict), ("unknown", 1));
}

#[test]
fn a_status_word_is_unknown_until_mapped_then_settles() {
    let gw = Scripted::start(|c| match c.path.as_str() {
        BALANCE => rich_balance(),
        PAYOUT => json(r#"{"code":"0000","data":{"platFormTradeNo":"P1","status":"SUCCESS"}}"#),
        _ => json(format!(
            r#"{{"code":"0000","data":{{"tradeNo":"{}","platFormTradeNo":"P1","status":"SUCCESS","amount":"300.00"}}}}"#,
            c.trade_no
        )),
    });
    let run = Run::new(&gw.url);
    let (code, out) = run.submit("word", &[("E-1", "01712345642", 300)]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        run.payout("E-1").0,
        "unknown",
        "SUCCESS is not a provider code: never guessed as failed (or paid)"
    );
    let attempts = run.attempts("E-1");
    assert!(
        attempts.iter().any(|a| a.contains("status_codes")),
        "the error says which knob: {attempts:#?}"
    );
    let run = run.with_config("[status_codes]\n\"SUCCESS\" = \"paid\"\n");
    let (code, out) = reconcile(&run, "word");
    assert_eq!(code, 0, "{out}");
    assert_eq!(run.payout("E-1").0, "paid");
    assert_eq!(gw.calls(PAYOUT).len(), 1);
}

#[test]
fn content_types_and_number_types_do_not_change_the_reading() {
    let gw = Scripted::start(|c| match c.path.as_str() {
        BALANCE => reply(
            200,
            "text/plain;charset=GBK",
            r#"{"code":0,"success":"true","data":{"availableAmount":9998989.5}}"#,
        ),
        PAYOUT => reply(
            200,
            "text/html; charset=utf-8",
            r#"{"code":0,"success":"true","timestamp":"1","data":{"platFormTradeNo":"P1","status":15}}"#,
        ),
        _ => reply(
            200,
            "text/plain",
            format!(
                r#"{{"code":"0000","timestamp":1729947461317,"data":{{"tradeNo":"{}","orderAmount":300,"status":0,"successTime":1729947461317,"extra":{{"x":1}}}}}}"#,
                c.trade_no
            ),
        ),
    });
    let run = Run::new(&gw.url);
    let (code, out) = run.submit("types", &[("E-1", "01712345642", 300)]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(run.payout("E-1").0, "processing");
    // `"status":0` is no proof of payment (a gateway's state 0 is usually
    // "created"): it changes nothing until `status_codes` maps it.
    let (code, out) = reconcile(&run, "types");
    // Still processing: open, exit 1.
    assert_eq!(code, 1, "{out}");
    assert_eq!(run.payout("E-1").0, "processing");
    let run = run.with_config("[status_codes]\n\"0\" = \"paid\"\n");
    let (code, out) = reconcile(&run, "types");
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        run.payout("E-1"),
        ("paid".to_string(), Some("P1".to_string()), 0)
    );
}

#[test]
fn an_http_400_with_a_provider_refusal_fails_that_row_and_the_rest_go_on() {
    let gw = Scripted::start(|c| match c.path.as_str() {
        BALANCE => rich_balance(),
        PAYOUT if c.body.get("walletId").and_then(|v| v.as_str()) == Some("01712345643") => reply(
            400,
            "application/json;charset=UTF-8",
            r#"{"code":"1001","msg":"walletId is not registered","success":false}"#,
        ),
        PAYOUT => json(r#"{"code":"0000","data":{"status":"0015"}}"#),
        _ => json(r#"{"code":"1007"}"#),
    });
    let run = Run::new(&gw.url);
    let (code, out) = run.submit(
        "bad400",
        &[("E-1", "01712345642", 300), ("E-2", "01712345643", 400)],
    );
    assert_eq!(code, 1, "{out}");
    assert_eq!(run.payout("E-1").0, "processing");
    assert_eq!(run.payout("E-2").0, "failed");
    assert_eq!(gw.calls(PAYOUT).len(), 2);
}

#[test]
fn a_balance_answer_without_data_stops_before_anything_is_sent() {
    let gw = Scripted::start(|c| match c.path.as_str() {
        BALANCE => json(r#"{"code":"0000","msg":"success","data":null}"#),
        _ => json(r#"{"code":"0000","data":{"status":"0000"}}"#),
    });
    let run = Run::new(&gw.url);
    let (code, out) = run.submit("nobal", &[("E-1", "01712345642", 300)]);
    // Exit 5, could not start (issue 15); this asserted 1, "some payouts
    // failed", before exit 5 existed.
    assert_eq!(code, 5, "{out}");
    assert!(
        out.contains("without a `data` object") && out.contains("nothing was sent"),
        "{out}"
    );
    assert!(gw.calls(PAYOUT).is_empty(), "nothing sent");
}

#[test]
fn an_unmapped_outer_code_on_a_payout_is_asked_about_never_failed_or_resent() {
    let gw = Scripted::start(|c| match c.path.as_str() {
        BALANCE => rich_balance(),
        // A gateway whose success code is "200": not a code payrun knows.
        PAYOUT => json(r#"{"code":"200","msg":"success","data":{"status":"0015"}}"#),
        _ => json(format!(
            r#"{{"code":"0000","data":{{"tradeNo":"{}","status":"0015","amount":"300.00"}}}}"#,
            c.trade_no
        )),
    });
    let run = Run::new(&gw.url);
    let (code, out) = run.submit("unmapped", &[("E-1", "01712345642", 300)]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        run.payout("E-1").0,
        "processing",
        "the query said where it stands"
    );
    assert_eq!(gw.calls(PAYOUT).len(), 1);
    let attempts = run.attempts("E-1");
    assert!(
        attempts
            .first()
            .is_some_and(|a| a.starts_with("payout rejected:unknown")),
        "{attempts:#?}"
    );
}

/// A gateway that says "no such order" with `0000` and a code inside
/// `data`. By the provider's rule that is a failure, final at once, inside
/// the grace period; mapped to `not_found`, it is treated like `1007`.
#[test]
fn a_not_found_status_inside_data_fails_by_default_and_waits_out_the_grace_when_mapped() {
    let script = |c: &super::scripted::Call| match (c.path.as_str(), c.nth) {
        (BALANCE, _) => rich_balance(),
        (PAYOUT, 1) => reply(504, "text/html", "<html>Gateway Timeout</html>"),
        (PAYOUT, _) => json(r#"{"code":"0000","data":{"platFormTradeNo":"P2","status":"0015"}}"#),
        _ => json(
            r#"{"code":"0000","msg":"success","data":{"status":"1007","message":"order not exist"}}"#,
        ),
    };
    let gw = Scripted::start(script);
    let run = Run::new(&gw.url);
    let (code, out) = run.submit("nf", &[("E-1", "01712345642", 300)]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        run.payout("E-1").0,
        "failed",
        "the provider's rule, unmapped"
    );
    assert_eq!(gw.calls(PAYOUT).len(), 1);

    let gw = Scripted::start(script);
    let run = Run::new(&gw.url).with_config("[status_codes]\n\"1007\" = \"not_found\"\n");
    let (code, out) = run.submit("nf", &[("E-1", "01712345642", 300)]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(run.payout("E-1").0, "processing");
    let sends = gw.calls(PAYOUT);
    assert_eq!(
        sends.len(),
        2,
        "resent once, after not found past the grace"
    );
    assert_eq!(sends[0].trade_no, sends[1].trade_no);
    let attempts = run.attempts("E-1");
    assert!(
        attempts
            .iter()
            .any(|a| a.starts_with("query rejected:not_found")),
        "{attempts:#?}"
    );
}

/// The gateway accepted a payout (0015) and later answers its query "not
/// found": it contradicts itself. Not resent, not failed: a conflict, and
/// reconcile exits 1 so that cron and finance see it.
#[test]
fn a_processing_payout_the_gateway_later_cannot_find_is_a_conflict() {
    let gw = Scripted::start(|c| match c.path.as_str() {
        BALANCE => rich_balance(),
        PAYOUT => json(format!(
            r#"{{"code":"0000","data":{{"tradeNo":"{}","platFormTradeNo":"P1","status":"0015"}}}}"#,
            c.trade_no
        )),
        _ => json(r#"{"code":"1007","msg":"order not found"}"#),
    });
    let run = Run::new(&gw.url);
    let (code, out) = run.submit("lost", &[("E-1", "01712345642", 300)]);
    assert_eq!(code, 0, "accepted, processing: {out}");
    assert_eq!(run.payout("E-1").0, "processing");
    std::thread::sleep(std::time::Duration::from_millis(400)); // past the grace
    let (code, out) = reconcile(&run, "lost");
    assert_eq!(code, 1, "{out}");
    let (state, _, conflict) = run.payout("E-1");
    assert_eq!((state.as_str(), conflict), ("processing", 1));
    let (code, _) = reconcile(&run, "lost");
    assert_eq!(code, 1, "still in conflict");
    assert_eq!(gw.calls(PAYOUT).len(), 1, "never sent again");
}
