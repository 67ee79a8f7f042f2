//! Answers a real gateway may give where the provider's page is silent and
//! that no earlier reading covered: a key written twice, a body that says
//! "accepted" under an HTTP status that says otherwise, and an answer that
//! names another wallet. The real `payrun` binary against a scripted gateway
//! on 127.0.0.1:0; the truth about what was sent comes from its record.

use super::scripted::{
    BALANCE, Call, PAYOUT, QUERY, Reply, Run, Scripted, json, reply, rich_balance,
};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// A gateway that answers each payout by the wallet it was sent to
/// (`payout(wallet, call)`) and each query by the wallet of the payout
/// asked about (`query(wallet, call)`).
pub(crate) fn by_wallet(
    payout: impl Fn(&str, &Call) -> Reply + Send + 'static,
    query: impl Fn(&str, &Call) -> Reply + Send + 'static,
) -> Scripted {
    let wallets: Arc<Mutex<HashMap<String, String>>> = Arc::default();
    Scripted::start(move |c| match c.path.as_str() {
        BALANCE => rich_balance(),
        PAYOUT => {
            let wallet = c
                .body
                .get("walletId")
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string();
            wallets
                .lock()
                .unwrap()
                .insert(c.trade_no.clone(), wallet.clone());
            payout(&wallet, c)
        }
        _ => {
            let wallet = wallets
                .lock()
                .unwrap()
                .get(&c.trade_no)
                .cloned()
                .unwrap_or_default();
            query(&wallet, c)
        }
    })
}

/// JSON parsers disagree on a repeated key (serde, Jackson and fastjson keep
/// the last, others the first or refuse), so an answer holding `status` or
/// `code` twice with two values says two things. Neither is believed: the
/// payout is asked about, never marked paid or failed on one of the two.
#[test]
fn an_answer_that_gives_a_deciding_key_twice_is_believed_neither_way() {
    let gw = by_wallet(
        |wallet, _| match wallet {
            // Failed, then paid, in one `data`: last-wins reads "paid".
            "01712345642" => json(
                r#"{"code":"0000","msg":"success","data":{"status":"00029","platFormTradeNo":"P1","status":"0000"}}"#,
            ),
            // Accepted as processing, then refused with a failed status:
            // last-wins reads a refused row, "failed".
            _ => json(
                r#"{"code":"0000","msg":"success","data":{"status":"0015"},"code":"1001","data":{"status":"00029"}}"#,
            ),
        },
        |wallet, c| match wallet {
            // E-1's query answer is just as double; E-2's is plain.
            "01712345642" => json(format!(
                r#"{{"code":"0000","data":{{"tradeNo":"{t}","status":"0000","amount":"300","status":"00029"}}}}"#,
                t = c.trade_no
            )),
            _ => json(format!(
                r#"{{"code":"0000","data":{{"tradeNo":"{t}","status":"0015","amount":"400"}}}}"#,
                t = c.trade_no
            )),
        },
    );
    let run = Run::new(&gw.url);
    let (code, out) = run.submit(
        "twice",
        &[("E-1", "01712345642", 300), ("E-2", "01712345643", 400)],
    );
    assert_eq!(code, 1, "E-1 stays uncertain: {out}");
    assert_eq!(gw.calls(PAYOUT).len(), 2, "each sent once");
    assert_eq!(
        run.payout("E-1").0,
        "unknown",
        "neither 'paid' nor 'failed' of a doubled status is believed"
    );
    assert_eq!(
        run.payout("E-2").0,
        "processing",
        "a doubled outer code is asked about; the plain query answer settles it"
    );
    let attempts = run.attempts("E-1");
    assert!(
        attempts.iter().any(|a| a.contains("`status` twice")),
        "the attempt says what the gateway did: {attempts:#?}"
    );
    assert!(!gw.calls(QUERY).is_empty());
}

/// The outer code says "accepted" but the HTTP status says the answer came
/// from elsewhere: a redirect (which payrun never follows) or a 4xx. The two
/// layers disagree, so neither "paid" nor "failed" is taken from the body:
/// the payout is asked about, and the query's plain answer decides.
#[test]
fn an_accepted_body_under_a_redirect_or_4xx_status_is_asked_about() {
    let gw = by_wallet(
        |wallet, _| {
            let paid = r#"{"code":"0000","msg":"success","data":{"status":"0000","platFormTradeNo":"P1"}}"#;
            let failed =
                r#"{"code":"0000","msg":"success","data":{"status":"00029","desc":"rejected"}}"#;
            match wallet {
                "01712345642" => reply(302, "application/json", paid),
                "01712345643" => reply(404, "application/json", failed),
                _ => reply(401, "application/json", paid),
            }
        },
        |_, c| {
            json(format!(
                r#"{{"code":"0000","data":{{"tradeNo":"{}","platFormTradeNo":"P1","status":"0015"}}}}"#,
                c.trade_no
            ))
        },
    );
    let run = Run::new(&gw.url);
    let (code, out) = run.submit(
        "layers",
        &[
            ("E-1", "01712345642", 300),
            ("E-2", "01712345643", 400),
            ("E-3", "01712345644", 500),
        ],
    );
    assert_eq!(code, 0, "all processing, by the query: {out}");
    for reference in ["E-1", "E-2", "E-3"] {
        assert_eq!(
            run.payout(reference).0,
            "processing",
            "{reference}: the query's word, not the body under a non-2xx status"
        );
        let attempts = run.attempts(reference);
        assert!(
            attempts
                .first()
                .is_some_and(|a| a.starts_with("payout unknown") && a.contains("HTTP ")),
            "{reference}: {attempts:#?}"
        );
    }
    assert_eq!(gw.calls(PAYOUT).len(), 3, "each sent once");
}

/// An answer that echoes a `walletId` other than the one sent says that this
/// tradeNo's money went (or goes) to someone else. It is not applied: the
/// payout answer is asked about, and a query answer naming the other wallet
/// flags the payout for a person, as another amount does. The same number
/// written another way (`880...`, `+880 ...`) is the same wallet, and a
/// masked one (`017****5644`) cannot contradict.
#[test]
fn an_answer_naming_another_wallet_is_not_applied_and_is_a_conflict() {
    let echo = |wallet: &str| -> String {
        match wallet {
            "01712345642" => "01999999999".to_string(),
            "01712345643" => "+880 1712-345643".to_string(),
            _ => "017****5644".to_string(),
        }
    };
    let gw = by_wallet(
        move |wallet, c| {
            json(format!(
                r#"{{"code":"0000","data":{{"tradeNo":"{}","walletId":"{}","status":"0000","platFormTradeNo":"P1"}}}}"#,
                c.trade_no,
                echo(wallet)
            ))
        },
        move |wallet, c| {
            json(format!(
                r#"{{"code":"0000","data":{{"tradeNo":"{}","walletId":"{}","status":"0000","platFormTradeNo":"P1"}}}}"#,
                c.trade_no,
                echo(wallet)
            ))
        },
    );
    let run = Run::new(&gw.url);
    let (code, out) = run.submit(
        "wallets",
        &[
            ("E-1", "01712345642", 300),
            ("E-2", "01712345643", 400),
            ("E-3", "01712345644", 500),
        ],
    );
    assert_eq!(code, 1, "E-1 is for a person: {out}");
    let (state, _, conflict) = run.payout("E-1");
    assert_eq!(
        (state.as_str(), conflict),
        ("unknown", 1),
        "paid to another wallet is not 'paid' for this row"
    );
    let attempts = run.attempts("E-1");
    assert!(
        attempts.iter().any(|a| a.contains("01999999999")),
        "the attempt names the wallet the gateway gave: {attempts:#?}"
    );
    assert_eq!(run.payout("E-2").0, "paid");
    assert_eq!(run.payout("E-3").0, "paid");
    assert_eq!(gw.calls(PAYOUT).len(), 3, "each sent once, never resent");
}

/// The outer code refuses ("no order placed"), but `data.status` in the same
/// body says paid or processing: the seed calls `data.status` the field to
/// act on, the contract the outer code. Neither layer is believed: a row is
/// never failed (whose correction would be paid again) on such an answer,
/// and a "not found" that carries a processing status never makes a payout
/// resendable.
#[test]
fn a_refusal_whose_data_status_says_paid_or_processing_is_asked_about() {
    let gw = by_wallet(
        |wallet, _| match wallet {
            "01712345642" => json(
                r#"{"code":"1001","msg":"tradeNo exists","data":{"status":"0000","platFormTradeNo":"P9"}}"#,
            ),
            _ => reply(504, "text/html", "<html>Gateway Timeout</html>"),
        },
        |wallet, c| match wallet {
            "01712345642" => json(format!(
                r#"{{"code":"0000","data":{{"tradeNo":"{}","platFormTradeNo":"P9","status":"0000","amount":"300"}}}}"#,
                c.trade_no
            )),
            // "Not found", yet processing.
            _ => json(format!(
                r#"{{"code":"1007","msg":"order not found","data":{{"tradeNo":"{}","status":"0015"}}}}"#,
                c.trade_no
            )),
        },
    );
    let run = Run::new(&gw.url);
    let (code, out) = run.submit(
        "layers2",
        &[("E-1", "01712345642", 300), ("E-2", "01712345643", 400)],
    );
    assert_eq!(code, 1, "E-2 stays uncertain: {out}");
    assert_eq!(
        run.payout("E-1").0,
        "paid",
        "asked about, and the query's plain answer settles it; never failed"
    );
    assert_eq!(run.payout("E-2").0, "unknown");
    let sends = gw.calls(PAYOUT);
    assert_eq!(
        sends.len(),
        2,
        "each sent once, E-2 never resent: {sends:#?}"
    );
    let attempts = run.attempts("E-1");
    assert!(
        attempts
            .first()
            .is_some_and(|a| a.starts_with("payout unknown") && a.contains("1001")),
        "{attempts:#?}"
    );
}

/// A gateway that keeps tradeNos in a fixed-width column echoes them padded
/// with spaces. The payout's own answer already took the padded echo as this
/// order; the query's answer, which settles it, must too.
#[test]
fn a_query_answer_echoing_the_trade_no_padded_with_spaces_settles_the_payout() {
    let gw = by_wallet(
        |_, _| reply(502, "text/html", "<html>Bad Gateway</html>"),
        |_, c| {
            json(format!(
                r#"{{"code":"0000","data":{{"tradeNo":"{:<40}","platFormTradeNo":"P1","status":"0000","amount":"300.00"}}}}"#,
                c.trade_no
            ))
        },
    );
    let run = Run::new(&gw.url);
    let (code, out) = run.submit("padded", &[("E-1", "01712345642", 300)]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        run.payout("E-1"),
        ("paid".to_string(), Some("P1".to_string()), 0)
    );
    assert_eq!(gw.calls(PAYOUT).len(), 1);
}
