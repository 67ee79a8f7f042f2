//! Which order an answer is about, beyond its tradeNo: the gateway's own
//! order number (`platFormTradeNo`) and the merchant it names. The real
//! `payrun` binary against a scripted gateway on 127.0.0.1:0.

use super::edges::by_wallet;
use super::readings::reconcile;
use super::scripted::{PAYOUT, QUERY, Run, json};

/// One row per wallet the scripted gateways below answer by.
const ROWS: [(&str, &str, u32); 3] = [
    ("E-1", "01712345642", 300),
    ("E-2", "01712345643", 400),
    ("E-3", "01712345644", 500),
];

/// The gateway gave the payout an order number when it accepted it. A query
/// answer for the same tradeNo naming another order number is about another
/// order (or a second order for the same tradeNo, on a gateway that does not
/// refuse a repeated one): its "paid" is not this order's. Not applied,
/// flagged for a person; the same number written with spaces is the same
/// order, and an answer without one is no contradiction.
#[test]
fn a_query_answer_naming_another_platform_order_is_a_conflict_not_a_payment() {
    let gw = by_wallet(
        |wallet, c| {
            json(format!(
                r#"{{"code":"0000","data":{{"tradeNo":"{}","status":"0015","platFormTradeNo":"P-{wallet}"}}}}"#,
                c.trade_no
            ))
        },
        |wallet, c| {
            let platform = match wallet {
                "01712345642" => r#","platFormTradeNo":"P-ELSEWHERE""#.to_string(),
                "01712345643" => format!(r#","platFormTradeNo":" P-{wallet} ""#),
                _ => String::new(),
            };
            json(format!(
                r#"{{"code":"0000","data":{{"tradeNo":"{}","status":"0000"{platform}}}}}"#,
                c.trade_no
            ))
        },
    );
    let run = Run::new(&gw.url);
    let (code, out) = run.submit("orders", &ROWS);
    assert_eq!(code, 0, "all three accepted, processing: {out}");
    let (code, out) = reconcile(&run, "orders");
    assert_eq!(code, 1, "a conflict for a person: {out}");
    let (state, platform, conflict) = run.payout("E-1");
    assert_eq!(
        (state.as_str(), conflict),
        ("processing", 1),
        "another order's 'paid' is not applied"
    );
    assert_eq!(platform.as_deref(), Some("P-01712345642"));
    assert_eq!(run.payout("E-2").0, "paid", "the same order, padded");
    assert_eq!(
        run.payout("E-3").0,
        "paid",
        "no order number: no contradiction"
    );
    assert_eq!(gw.calls(PAYOUT).len(), 3, "each sent once");
}

/// Requests carry the merchant number in a header. An answer that echoes
/// another merchant's number (in `data` or beside `code`) answers for
/// someone else's account: not applied, the query is asked, and its answer
/// naming another merchant is not applied either. The same number written
/// as a JSON number (its leading zeros lost) is this merchant.
#[test]
fn an_answer_naming_another_merchant_is_not_applied() {
    let gw = by_wallet(
        |wallet, _| match wallet {
            "01712345642" => json(
                r#"{"code":"0000","data":{"status":"0000","merchantNo":"0000000002","platFormTradeNo":"P1"}}"#,
            ),
            "01712345643" => json(
                r#"{"code":"0000","data":{"status":"0000","merchantNo":1,"platFormTradeNo":"P2"}}"#,
            ),
            _ => json(
                r#"{"code":"0000","merchantNo":" 0000000001 ","data":{"status":"0000","platFormTradeNo":"P3"}}"#,
            ),
        },
        |_, c| {
            json(format!(
                r#"{{"code":"0000","merchantNo":"0000000002","data":{{"tradeNo":"{}","status":"0000"}}}}"#,
                c.trade_no
            ))
        },
    );
    let run = Run::new(&gw.url);
    let (code, out) = run.submit("merchant", &ROWS);
    assert_eq!(code, 1, "E-1 stays uncertain: {out}");
    assert_eq!(run.payout("E-1").0, "unknown");
    assert_eq!(run.payout("E-2").0, "paid");
    assert_eq!(run.payout("E-3").0, "paid");
    let attempts = run.attempts("E-1");
    assert!(
        attempts.iter().any(|a| a.contains("merchant 0000000002")),
        "the attempt names the merchant: {attempts:#?}"
    );
    assert!(!gw.calls(QUERY).is_empty(), "E-1 was asked about");
    assert_eq!(gw.calls(PAYOUT).len(), 3, "each sent once");
}

/// A gateway that keeps order numbers in capitals echoes payrun's tradeNo
/// (`case-3f1c...`) as `CASE-3F1C...`. Letter case does not tell two of
/// payrun's orders apart (no two tradeNos it makes differ only in case), so
/// the echo is about this order: the payout's answer and the query's settle
/// it, instead of leaving every payout unknown.
#[test]
fn an_answer_echoing_the_trade_no_in_capitals_is_about_this_order() {
    let paid = |c: &super::scripted::Call| {
        json(format!(
            r#"{{"code":"0000","data":{{"tradeNo":"{}","status":"0000","platFormTradeNo":"P1"}}}}"#,
            c.trade_no.to_uppercase()
        ))
    };
    let gw = by_wallet(
        move |wallet, c| match wallet {
            "01712345642" => paid(c),
            _ => super::scripted::reply(502, "text/html", "<html>Bad Gateway</html>"),
        },
        move |_, c| paid(c),
    );
    let run = Run::new(&gw.url);
    let (code, out) = run.submit("case", &ROWS[..2]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(run.payout("E-1").0, "paid", "the payout's own answer");
    assert_eq!(run.payout("E-2").0, "paid", "the query's answer");
    assert_eq!(gw.calls(PAYOUT).len(), 2, "each sent once");
}
