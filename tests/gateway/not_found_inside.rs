//! A gateway that answers a query for an order it never got with `0000`
//! and a failure code inside `data` (`"status":"1007"`, "order not
//! found"). By the provider's rule that is a failed order, so the
//! ledger-loss check before a batch's first send reads it as "the gateway
//! already has these payouts" and stops (exit 2, nothing sent). The stop
//! is safe; its message must also name the other reading and the knob for
//! it, since `--adopt`, the only way out it offered, would take the
//! gateway's "not found" for failed payouts.

use super::scripted::{BALANCE, PAYOUT, Run, Scripted, json, rich_balance};
use std::collections::HashSet;
use std::sync::Mutex;

/// Pays at once; a query about an order it never got is `0000` with
/// `data.status` `1007`.
fn not_found_inside() -> Scripted {
    let sent: Mutex<HashSet<String>> = Mutex::default();
    Scripted::answering_every_query(move |c| {
        let known = |status: &str| {
            json(format!(
                r#"{{"code":"0000","data":{{"tradeNo":"{}","status":"{status}","message":"order not found"}}}}"#,
                c.trade_no
            ))
        };
        match c.path.as_str() {
            BALANCE => rich_balance(),
            PAYOUT => {
                sent.lock().unwrap().insert(c.trade_no.clone());
                known("0000")
            }
            _ if sent.lock().unwrap().contains(&c.trade_no) => known("0000"),
            _ => known("1007"),
        }
    })
}

#[test]
fn a_not_found_inside_data_at_the_ledger_loss_check_names_status_codes() {
    let gw = not_found_inside();
    let run = Run::new(&gw.url);
    let rows = [("L-1", "01712345642", 300)];
    let (code, out) = run.submit("inside", &rows);
    assert_eq!(code, 2, "{out}");
    assert!(gw.calls(PAYOUT).is_empty(), "nothing sent");
    assert!(
        out.contains("status_codes") && out.contains("not_found") && out.contains("1007"),
        "the other reading and its knob are named:\n{out}"
    );

    // Mapped, the check reads "not found", and the run pays once.
    let run = run.with_config("[status_codes]\n\"1007\" = \"not_found\"\n");
    let (code, out) = run.submit("inside", &rows);
    assert_eq!(code, 0, "{out}");
    assert_eq!(gw.calls(PAYOUT).len(), 1);
    assert_eq!(run.payout("L-1").0, "paid");
}
