//! Which order an answer is about, beyond its tradeNo: the gateway's own
//! order number (`platFormTradeNo`) and the merchant it names. The real
//! `payrun` binary against a scripted gateway on 127.0.0.1:0.

use super::callback_readings::{Listening, signed_json};
use super::edges::by_wallet;
use super::readings::reconcile;
use super::scripted::{BALANCE, PAYOUT, QUERY, Run, Scripted, json, reply, rich_balance};

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
            _ => reply(502, "text/html", "<html>Bad Gateway</html>"),
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

/// The provider does not say that a repeated tradeNo is refused. On a
/// gateway that takes it as a new order, the one way payrun sends a tradeNo
/// twice (an unanswered send, then "not found" past the grace period, then
/// the same tradeNo again) can make two orders, if the first was only slow
/// to show. Each order has its own number; the first order's signed
/// callback names it, and is not taken for the second's: the payout is
/// flagged for a person, who may find the wallet paid twice.
#[test]
fn a_second_order_for_one_trade_no_is_flagged_when_the_first_reports() {
    let gw = Scripted::start(|c| match (c.path.as_str(), c.nth) {
        (BALANCE, _) => rich_balance(),
        (PAYOUT, 1) => reply(504, "text/html", "<html>Gateway Timeout</html>"),
        (PAYOUT, _) => json(r#"{"code":"0000","data":{"status":"0015","platFormTradeNo":"P2"}}"#),
        _ => json(r#"{"code":"1007","msg":"order not found"}"#),
    });
    let run = Run::new(&gw.url);
    let (code, out) = run.submit("twice", &ROWS[..1]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        gw.calls(PAYOUT).len(),
        2,
        "resent after not found past the grace"
    );
    assert_eq!(run.payout("E-1").0, "processing");
    let listening = Listening::start(&run);
    let t = run.trade_no("E-1");
    let post = |platform: &str| {
        let body = signed_json(&[
            ("amount", "300"),
            ("platFormTradeNo", platform),
            ("status", "0000"),
            ("tradeNo", &t),
        ]);
        listening.post("application/json", &body)
    };
    assert_eq!(post("P1").0, 200, "the first order, paid late");
    assert_eq!(post("P2").0, 200, "the second order, paid");
    drop(listening);
    let (state, platform, conflict) = run.payout("E-1");
    assert_eq!((state.as_str(), conflict), ("paid", 1));
    assert_eq!(platform.as_deref(), Some("P2"));
}

/// The query side of the same case (probe8 finding 4a): the first send's
/// answer is lost, the gateway's query index lags past payrun's grace
/// period, so "not found" sends the same tradeNo again, and a gateway that
/// does not refuse a repeated tradeNo makes a second order (P2). When the
/// lagging index later shows the first order (P1) in a query, its "paid"
/// is not taken for P2's: the payout is flagged for a person, who may find
/// the wallet paid twice. No silent second payment; no warning beyond the
/// conflict is needed, since the conflict is what stops the exit code at 0.
#[test]
fn a_query_showing_the_first_order_after_a_resend_is_a_conflict() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let sends = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&sends);
    let gw = Scripted::start(move |c| match (c.path.as_str(), c.nth) {
        (BALANCE, _) => rich_balance(),
        (PAYOUT, n) => {
            seen.store(n, Ordering::SeqCst);
            if n == 1 {
                reply(504, "text/html", "<html>Gateway Timeout</html>")
            } else {
                json(r#"{"code":"0000","data":{"status":"0015","platFormTradeNo":"P2"}}"#)
            }
        }
        // Until the resend, the index does not show the first order; after
        // it, only the first order (P1) shows, paid.
        _ if seen.load(Ordering::SeqCst) < 2 => json(r#"{"code":"1007","msg":"order not found"}"#),
        _ => json(format!(
            r#"{{"code":"0000","data":{{"tradeNo":"{}","status":"0000","amount":"300","platFormTradeNo":"P1"}}}}"#,
            c.trade_no
        )),
    });
    let run = Run::new(&gw.url);
    let (code, out) = run.submit("lagging", &ROWS[..1]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(gw.calls(PAYOUT).len(), 2, "resent after not found");
    assert!(out.contains("1 resent after \"not found\""), "{out}");
    let (code, out) = reconcile(&run, "lagging");
    assert_eq!(code, 1, "a conflict for a person: {out}");
    let (state, platform, conflict) = run.payout("E-1");
    assert_eq!(
        (state.as_str(), platform.as_deref(), conflict),
        ("processing", Some("P2"), 1),
        "the first order's paid is not taken for the second's"
    );
    assert!(sends.load(Ordering::SeqCst) == 2, "never a third send");
}

/// A gateway that echoes the merchant's order number under another name
/// than `tradeNo` (`mchOrderNo`, `outTradeNo`, `merchantOrderNo`, as other
/// payout APIs do). A query answer naming another order under such a name
/// says nothing of this payout: before, it was applied, and a "paid" about
/// someone else's order marked the row paid. The same order under such a
/// name settles it.
#[test]
fn a_query_answer_naming_another_order_under_another_name_is_not_applied() {
    let gw = by_wallet(
        |_, _| reply(504, "text/html", "<html>Gateway Timeout</html>"),
        |wallet, c| {
            let echo = match wallet {
                "01712345642" => r#""mchOrderNo":"SOMEONE-ELSE-0001""#.to_string(),
                "01712345643" => format!(r#""tradeNo":"{}","outTradeNo":"OTHER-7""#, c.trade_no),
                _ => format!(r#""merchantOrderNo":"{}""#, c.trade_no),
            };
            json(format!(
                r#"{{"code":"0000","data":{{{echo},"status":"0000"}}}}"#
            ))
        },
    );
    let run = Run::new(&gw.url);
    let (code, out) = run.submit("echoes", &ROWS);
    assert_eq!(code, 1, "two payouts stay unknown: {out}");
    assert_eq!(run.payout("E-1").0, "unknown", "another order's 'paid'");
    assert_eq!(run.payout("E-2").0, "unknown", "two orders named at once");
    assert_eq!(
        run.payout("E-3").0,
        "paid",
        "this order, under another name"
    );
    assert_eq!(gw.calls(PAYOUT).len(), 3, "each sent once, never again");
    let attempts = run.attempts("E-1");
    assert!(
        attempts.iter().any(|a| a.contains("SOMEONE-ELSE-0001")),
        "{attempts:#?}"
    );
}
