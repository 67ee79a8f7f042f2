//! A resend of a tradeNo whose earlier send may have placed an order. The
//! provider does not say how a gateway answers a tradeNo it has seen: `1004`
//! is the sandbox's choice, and a real one may refuse the repeat with its
//! generic "parameter" code. The real `payrun` binary against a scripted
//! gateway on 127.0.0.1:0.

use super::scripted::{BALANCE, PAYOUT, Run, Scripted, json, reply, rich_balance, seen_after};
use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The first send's answer is lost (a 504) while the gateway makes the order,
/// which its queries show only half a second later: past payrun's grace
/// period, the query's "not found" sends the same tradeNo again, and the
/// gateway refuses the repeat as `1001` "tradeNo already exists". Read as a
/// refusal of the row, that was final (failed), so `--retry-failed` paid the
/// row again under a new tradeNo while the first order paid. A refusal of a
/// resend is no word about the earlier send: the query decides.
#[test]
fn a_row_refusal_of_a_resend_is_asked_about_never_failed() {
    paid_once_whatever_the_resend_hears(
        r#"{"code":"1001","msg":"tradeNo already exists","data":null}"#,
    );
}

/// The same, with the repeat refused the way the seed's own example answers
/// a failure: the request accepted (`0000`), the transaction failed
/// (`data.status` another code, "duplicate tradeNo"). Read as this order's
/// failure, it was final, and `--retry-failed` paid the row again.
#[test]
fn a_failed_status_answering_a_resend_is_asked_about_never_final() {
    paid_once_whatever_the_resend_hears(
        r#"{"code":"0000","msg":"success","success":true,"data":{"platFormTradeNo":"","status":"0100119","desc":"duplicate tradeNo"}}"#,
    );
}

/// Sends one row: its first send is answered 504 while the order is made
/// (seen by queries from 450 ms on), a resend of that tradeNo is answered
/// `resend`, a new tradeNo is paid at once. Then `--retry-failed`. The row
/// must end paid, by one tradeNo.
fn paid_once_whatever_the_resend_hears(resend: &'static str) {
    let first: Arc<Mutex<Option<Instant>>> = Arc::default();
    let f = Arc::clone(&first);
    let gw = Scripted::start(move |c| match c.path.as_str() {
        BALANCE => rich_balance(),
        PAYOUT if c.nth == 1 => {
            let mut first = f.lock().unwrap();
            if first.is_none() {
                *first = Some(c.at);
                return reply(504, "text/html", "<html>Gateway Timeout</html>");
            }
            // A later tradeNo for the same row: a new order, paid.
            json(format!(
                r#"{{"code":"0000","data":{{"tradeNo":"{}","status":"0000"}}}}"#,
                c.trade_no
            ))
        }
        PAYOUT => json(resend),
        _ => seen_after(
            &f,
            c,
            Duration::from_millis(450),
            r#"{"code":"1007","msg":"order not found"}"#,
        ),
    });
    let run = Run::new(&gw.url);
    let (_, out) = run.submit("dup", &[("E-1", "01712345642", 300)]);
    let state = run.payout("E-1").0;
    assert_ne!(state, "failed", "{out}\n{:#?}", run.attempts("E-1"));
    let (_, out) = run.retry_failed("dup");
    let trade_nos: BTreeSet<String> = gw.calls(PAYOUT).into_iter().map(|c| c.trade_no).collect();
    assert_eq!(trade_nos.len(), 1, "one order for one row: {out}");
    assert_eq!(run.payout("E-1").0, "paid", "{out}");
}
