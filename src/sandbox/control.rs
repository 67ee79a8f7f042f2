//! `/_sandbox/*`: the truth for tests and the knobs they turn. No sign and
//! no merchant check: the sandbox is a test tool, bound to loopback.

use super::api::{Reply, four_decimals};
use super::faults::Faults;
use super::server::{Shared, lock};
use super::state::OrderView;
use crate::gateway::wire::{self, Rounding};
use crate::money::Amount;
use serde_json::{Value, json};

pub(crate) fn handle(sh: &Shared, method: &str, path: &str, query: &str, body: &[u8]) -> Reply {
    match (method, path) {
        ("GET", "/_sandbox/ledger") => ledger(sh),
        ("GET", "/_sandbox/statement") => super::statement::handle(sh, query),
        ("GET", "/_sandbox/faults") => Reply::json(200, &json!(*lock(&sh.faults))),
        ("POST", "/_sandbox/faults") => set_faults(sh, body),
        ("POST", "/_sandbox/balance") => set_balance(sh, body),
        ("POST", p) if p.starts_with("/_sandbox/orders/") => {
            force(sh, p.trim_start_matches("/_sandbox/orders/"), body)
        }
        _ => error(
            404,
            &format!(
                "no control endpoint {method} {path}; try GET /_sandbox/ledger, GET or POST \
                 /_sandbox/faults, POST /_sandbox/balance, POST /_sandbox/orders/{{tradeNo}}, \
                 GET /_sandbox/statement?from=YYYY-MM-DD&to=YYYY-MM-DD"
            ),
        ),
    }
}

fn error(status: u16, msg: &str) -> Reply {
    Reply::json(status, &json!({ "error": msg }))
}

#[derive(Default)]
struct Tally {
    count: u64,
    amount: Amount,
}

impl Tally {
    fn add(&mut self, a: Amount) {
        self.count += 1;
        self.amount = self.amount.checked_add(a).unwrap_or(self.amount);
    }

    fn json(&self) -> Value {
        json!({
            "count": self.count,
            "amount_poisha": self.amount.poisha(),
            "amount_taka": self.amount.to_plain_taka(),
        })
    }
}

/// Every order, with totals by status and the balance. `duplicates` counts
/// payout requests refused with `1004`; `repeated_orders` counts orders placed
/// for a tradeNo that already had one (only with `accept_duplicates`): each is
/// a payment made twice.
fn ledger(sh: &Shared) -> Reply {
    let (orders, money): (Vec<OrderView>, _) = {
        let book = lock(&sh.book);
        (book.views(), book.money())
    };
    let (mut paid, mut failed, mut processing) =
        (Tally::default(), Tally::default(), Tally::default());
    let mut duplicates: u64 = 0;
    let mut seen = std::collections::HashSet::new();
    let mut repeated: u64 = 0;
    for o in &orders {
        if !seen.insert(o.trade_no.as_str()) {
            repeated += 1;
        }
        match o.status.as_str() {
            "0000" => paid.add(o.amount),
            "0015" => processing.add(o.amount),
            _ => failed.add(o.amount),
        }
        duplicates += u64::from(o.submissions.saturating_sub(1));
    }
    let faults = lock(&sh.faults).clone();
    // What the statement faults did to each paid order, for tests to check
    // that `payrun match` reports every plant and nothing else.
    let plants: serde_json::Map<String, Value> = orders
        .iter()
        .filter(|o| o.status == "0000")
        .filter_map(|o| {
            let p = super::statement::plant_for(&faults, &o.trade_no)?;
            Some((o.trade_no.clone(), Value::from(p.key())))
        })
        .collect();
    let body = json!({
        "statement_plants": plants,
        "statement_extras": super::statement::extra_trade_nos(&faults),
        "orders": orders,
        "totals": {
            "orders": orders.len(),
            "duplicates": duplicates,
            "repeated_orders": repeated,
            "api_requests": sh.api_requests.load(std::sync::atomic::Ordering::SeqCst),
            "payout_requests": sh.payout_requests.load(std::sync::atomic::Ordering::SeqCst),
            "query_requests": sh.query_requests.load(std::sync::atomic::Ordering::SeqCst),
            "paid": paid.json(),
            "failed": failed.json(),
            "processing": processing.json(),
        },
        "balance": {
            "available": four_decimals(money.available),
            "available_poisha": money.available.poisha(),
            "frozen": four_decimals(money.frozen),
            "frozen_poisha": money.frozen.poisha(),
            "paid_out": four_decimals(money.paid_out),
            "paid_out_poisha": money.paid_out.poisha(),
        },
    });
    Reply::json(200, &body)
}

fn set_faults(sh: &Shared, body: &[u8]) -> Reply {
    let faults: Faults = match serde_json::from_slice(body) {
        Ok(f) => f,
        Err(e) => {
            return error(
                400,
                &format!("faults must be a JSON object of knobs, e.g. {{\"drop_rate\":0.1}}: {e}"),
            );
        }
    };
    if let Err(msg) = faults.validate() {
        return error(400, &msg);
    }
    sh.set_faults(faults.clone());
    Reply::json(200, &json!(faults))
}

/// `{"available": "5000"}` in taka (a string or a number).
fn set_balance(sh: &Shared, body: &[u8]) -> Reply {
    let value: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let amount = value
        .get("available")
        .and_then(wire::scalar_text)
        .and_then(|t| wire::parse_amount(&t, Rounding::Exact));
    match amount {
        Some(a) => {
            lock(&sh.book).set_available(a);
            Reply::json(200, &json!({ "available": four_decimals(a) }))
        }
        None => error(400, "send {\"available\": \"5000\"}: the balance in taka"),
    }
}

/// `{"status": "00029", "message": "...", "callback": true}`: the order
/// takes that status and keeps it; with `callback`, the merchant is told.
fn force(sh: &Shared, trade_no: &str, body: &[u8]) -> Reply {
    let value: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let Some(status) = value.get("status").and_then(wire::code_text) else {
        return error(400, "send {\"status\": \"0000\"} (or 0015, 00029, ...)");
    };
    let message = value
        .get("message")
        .and_then(wire::scalar_text)
        .unwrap_or_else(|| format!("forced to {status}"));
    let callback = value
        .get("callback")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    if sh.force(trade_no, &status, &message, callback) {
        let view = lock(&sh.book).get(trade_no).map(|(_, v)| v.clone());
        Reply::json(200, &json!(view))
    } else {
        error(404, &format!("no order {trade_no}"))
    }
}
