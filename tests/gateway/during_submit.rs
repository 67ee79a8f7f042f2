//! Callbacks that land while `submit` runs on the same ledger. `listen`
//! never takes the run lock, so a run decides what to send from what the
//! ledger said when it started, and a callback may contradict that before
//! the send goes out. The real `payrun` binary against a scripted gateway
//! on 127.0.0.1:0, with the real listener in this process.

use super::callback_readings::{Listening, post_to, signed_json};
use super::scripted::{BALANCE, PAYOUT, Run, Scripted, json, reply, rich_balance};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

/// A callback the gateway posts to the listener when `submit` asks the
/// balance (after the run has chosen what to send, before it sends), and
/// the listener's answer to it.
#[derive(Default)]
struct AtBalance {
    post: Option<(SocketAddr, String)>,
    answer: Option<(u16, String)>,
}

/// The first send of the row times out (a 504 from a proxy); the query
/// after the grace period says "not found", so the ledger holds the payout
/// as never created (`planned`) and the next run may send the same tradeNo
/// again. Then the gateway's callback says it paid after all: the listener
/// flags the payout in conflict ("never sent again by payrun"). When that
/// callback landed after the next run had read the ledger, the run still
/// sent the payout: a second payout request for a paid row, which a
/// gateway that does not refuse a repeated tradeNo pays again.
#[test]
fn a_paid_callback_landing_during_a_run_holds_the_send_it_contradicts() {
    let hook: Arc<Mutex<AtBalance>> = Arc::default();
    let h = Arc::clone(&hook);
    let gw = Scripted::start(move |c| match c.path.as_str() {
        BALANCE => {
            let mut h = h.lock().unwrap();
            if let Some((addr, body)) = h.post.take() {
                h.answer = Some(post_to(addr, "application/json", &body));
            }
            rich_balance()
        }
        PAYOUT if c.nth == 1 => reply(504, "text/html", "<html>Gateway Timeout</html>"),
        PAYOUT => json(format!(
            r#"{{"code":"0000","data":{{"status":"0015","platFormTradeNo":"P-{}"}}}}"#,
            c.trade_no
        )),
        _ => json(r#"{"code":"1007","msg":"order not found","success":false}"#),
    });
    let run = Run::new(&gw.url);
    let rows = [("E-1", "01712345642", 300)];
    let (_, out) = run.submit_with("held", &rows, &["--max-attempts", "1"]);
    assert_eq!(
        run.payout("E-1").0,
        "planned",
        "not found after grace: {out}"
    );
    assert_eq!(gw.calls(PAYOUT).len(), 1, "{out}");

    let listening = Listening::start(&run);
    let t = run.trade_no("E-1");
    hook.lock().unwrap().post = Some((
        listening.addr(),
        signed_json(&[
            ("amount", "300"),
            ("message", "success"),
            ("status", "0000"),
            ("timestamp", "1764000000000"),
            ("tradeNo", &t),
        ]),
    ));
    let (code, out) = run.submit_with("held", &rows, &[]);
    drop(listening);
    let answer = hook.lock().unwrap().answer.clone();
    assert_eq!(answer, Some((200, "OK".to_string())), "the callback landed");
    let (state, _, conflict) = run.payout("E-1");
    assert_eq!((state.as_str(), conflict), ("planned", 1), "{out}");
    assert_eq!(
        gw.calls(PAYOUT).len(),
        1,
        "sent again after the gateway said paid: {out}"
    );
    assert_eq!(code, 1, "a conflict is for a person: {out}");
    assert!(out.contains("in conflict"), "{out}");
}
