//! The three gateway endpoints: check the merchant and the sign, validate,
//! then act on the books. Checks run in the order a real gateway would most
//! plausibly run them: merchant, body, sign, fields, duplicate, balance.

use super::faults::Draw;
use super::server::{Shared, local_time, lock, now_ms};
use super::state::{INSTANT_SUFFIX, NewOrder, Refusal};
use crate::gateway::sign_matches;
use crate::gateway::wire::{self, Rounding};
use crate::money::Amount;
use serde_json::{Map, Value, json};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Endpoint {
    Payout,
    Query,
    Balance,
}

/// One answer, before faults may spoil it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Reply {
    pub status: u16,
    pub body: String,
    pub json: bool,
    /// A CSV download (the statement), sent as `text/csv`.
    pub csv: bool,
    pub retry_after: bool,
}

impl Reply {
    pub fn json(status: u16, value: &Value) -> Reply {
        Reply {
            status,
            body: value.to_string(),
            json: true,
            csv: false,
            retry_after: false,
        }
    }

    pub fn html(status: u16, what: &str) -> Reply {
        Reply {
            status,
            body: format!("<html><body><h1>{status}</h1><p>{what}</p></body></html>"),
            json: false,
            csv: false,
            retry_after: false,
        }
    }
}

/// The two-layer answer, with the provider's drifting types: `timestamp` a
/// number, `success` a boolean.
pub(crate) fn envelope(code: &str, msg: &str, data: Option<Value>) -> Reply {
    let mut body = json!({
        "msg": msg,
        "code": code,
        "timestamp": now_ms(),
        "success": code == "0000",
    });
    if let (Some(data), Some(obj)) = (data, body.as_object_mut()) {
        obj.insert("data".to_string(), data);
    }
    Reply::json(200, &body)
}

pub(crate) fn handle(
    sh: &Shared,
    endpoint: Endpoint,
    merchant: Option<&str>,
    body: &[u8],
    draw: &Draw,
) -> Reply {
    if merchant.map(str::trim) != Some(sh.cfg.merchant_no.as_str()) {
        let shown = merchant.unwrap_or("(no merchantNo header)");
        return envelope(
            "1003",
            &format!("unknown or disabled merchant {shown:?}"),
            None,
        );
    }
    let object = match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(o)) => o,
        _ => return envelope("1001", "the body must be a JSON object", None),
    };
    let fields = wire::fields_as_text(&object);
    match fields.get("sign") {
        Some(s) if sign_matches(&fields, s, &sh.cfg.secret) => {}
        Some(_) => return envelope("1002", "signature mismatch", None),
        None => return envelope("1002", "sign is missing", None),
    }
    if let Err(msg) = check_timestamp(&object) {
        return envelope("1001", &msg, None);
    }
    match endpoint {
        Endpoint::Payout => payout(sh, &object, draw),
        Endpoint::Query => query(sh, &object),
        Endpoint::Balance => balance(sh),
    }
}

fn text(o: &Map<String, Value>, name: &str) -> Option<String> {
    wire::first_text(o, &[name]).map(|s| s.trim().to_string())
}

fn check_timestamp(o: &Map<String, Value>) -> Result<(), String> {
    match text(o, "timestamp") {
        Some(t) if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) => Ok(()),
        Some(t) => Err(format!(
            "timestamp {t:?} is not milliseconds since the epoch"
        )),
        None => Err("timestamp is missing".to_string()),
    }
}

/// `^01[3-9]\d{8,9}$`: a mobile number, or a mobile number plus Rocket's
/// check digit.
pub(crate) fn wallet_ok(w: &str) -> bool {
    let b = w.as_bytes();
    (b.len() == 11 || b.len() == 12)
        && b.starts_with(b"01")
        && matches!(b.get(2), Some(b'3'..=b'9'))
        && b.iter().all(u8::is_ascii_digit)
}

/// gateway.md: bKash and Nagad wallets are the 11-digit mobile number,
/// Rocket's 12 (the number and a check digit). A gateway that took either
/// length for any `wayCode` would pay a client that sent a Rocket account
/// as bKash, which the provider refuses or pays to another account. A
/// configured `wayCode` that names no provider keeps [`wallet_ok`] alone.
fn check_wallet_for_way(wallet_id: &str, way_code: &str) -> Result<(), String> {
    let want = match crate::wallet::Provider::parse_alias(way_code) {
        Some(crate::wallet::Provider::Rocket) => 12,
        Some(crate::wallet::Provider::Bkash | crate::wallet::Provider::Nagad) => 11,
        None => return Ok(()),
    };
    if wallet_id.len() == want {
        Ok(())
    } else {
        Err(format!(
            "walletId {wallet_id:?} has {} digits; a {way_code} wallet has {want}",
            wallet_id.len()
        ))
    }
}

fn trade_no_ok(t: &str) -> bool {
    !t.is_empty()
        && t.len() <= 32
        && t.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

fn validate(sh: &Shared, o: &Map<String, Value>) -> Result<NewOrder, String> {
    let cfg = &sh.cfg;
    let trade_no = text(o, "tradeNo").ok_or("tradeNo is missing")?;
    if !trade_no_ok(&trade_no) {
        return Err(format!(
            "tradeNo {trade_no:?} must be 1 to 32 characters of A-Z, a-z, 0-9, _ and -"
        ));
    }
    let amount_text = text(o, "amount").ok_or("amount is missing")?;
    let amount = wire::parse_amount(&amount_text, Rounding::Exact)
        .filter(|a| a.poisha() > 0)
        .ok_or_else(|| format!("amount {amount_text:?} is not a positive amount in taka"))?;
    if !cfg.allow_decimals && (amount_text.contains('.') || !amount.is_whole_taka()) {
        return Err(format!(
            "amount {amount_text:?} has decimals; whole taka only (decimals are not recommended)"
        ));
    }
    if amount < cfg.min_amount || amount > cfg.max_amount {
        return Err(format!(
            "amount {amount_text:?} is outside the limits {} to {} taka",
            cfg.min_amount, cfg.max_amount
        ));
    }
    let wallet_id = text(o, "walletId").ok_or("walletId is missing")?;
    if !wallet_ok(&wallet_id) {
        return Err(format!(
            "walletId {wallet_id:?} is not a wallet id (^01[3-9]\\d{{8,9}}$)"
        ));
    }
    let way_code = text(o, "wayCode").ok_or("wayCode is missing")?;
    if !cfg.way_codes.contains(&way_code) {
        return Err(format!(
            "wayCode {way_code:?} is not one of {}",
            cfg.way_codes.join(", ")
        ));
    }
    check_wallet_for_way(&wallet_id, &way_code)?;
    let notify_url = text(o, "notifyUrl").ok_or("notifyUrl is missing")?;
    if !(notify_url.starts_with("http://") || notify_url.starts_with("https://")) {
        return Err(format!("notifyUrl {notify_url:?} is not an http(s) URL"));
    }
    Ok(NewOrder {
        trade_no,
        wallet_id,
        way_code,
        amount,
        notify_url,
        remark: text(o, "remark").filter(|r| !r.is_empty()),
    })
}

fn payout(sh: &Shared, o: &Map<String, Value>, draw: &Draw) -> Reply {
    let new = match validate(sh, o) {
        Ok(n) => n,
        Err(msg) => return envelope("1001", &msg, None),
    };
    let alphabet = lock(&sh.faults).trade_no_alphabet;
    if let Err(msg) = alphabet.check(&new.trade_no) {
        return envelope("1001", &msg, None);
    }
    let trade_no = new.trade_no.clone();
    let now = Instant::now();
    let instant = sh.cfg.instant || new.wallet_id.ends_with(INSTANT_SUFFIX);
    let settle_at = (!instant).then(|| now + sh.cfg.settle_after);
    let placed = {
        let mut book = lock(&sh.book);
        book.accept_duplicates = draw.accept_duplicates;
        book.place(new, settle_at, local_time)
    };
    let (index, view) = match placed {
        Ok(p) => p,
        Err(Refusal::Duplicate { submissions }) => {
            let msg = format!(
                "duplicate tradeNo {trade_no}: already submitted ({submissions} submissions); \
                 query it instead"
            );
            return envelope("1004", &msg, None);
        }
        Err(Refusal::Insufficient { available }) => {
            let msg = format!("insufficient balance: {available} taka available");
            return envelope("1005", &msg, None);
        }
        Err(Refusal::Full { max }) => {
            crate::log::warn(
                "sandbox_full",
                format!(
                    "payrun sandbox: order cap reached ({max}); refusing new payouts with 5000"
                ),
            );
            let msg = format!("system error: the sandbox holds its maximum of {max} orders");
            return envelope("5000", &msg, None);
        }
    };
    // A callback is a client seeing the order: the books hold it first.
    // (A failed save is logged; the reply then says 500.)
    let _ = sh.keep_books();
    if view.status != "0015" {
        sh.notifier.tell(sh, index, &view, false);
    } else if draw.early_callback {
        let early = lock(&sh.book).tell_early(index, local_time);
        if let Some(early) = early {
            // Sent before this answer leaves, from this thread.
            sh.notifier.tell(sh, index, &early, true);
        }
    }
    let mut data = json!({
        "platFormTradeNo": view.platform_trade_no,
        "status": view.status,
        "desc": view.message,
    });
    if let (Some(remark), Some(obj)) = (&view.remark, data.as_object_mut()) {
        obj.insert("remark".to_string(), Value::String(remark.clone()));
    }
    envelope("0000", "success", Some(data))
}

fn query(sh: &Shared, o: &Map<String, Value>) -> Reply {
    let Some(trade_no) = text(o, "tradeNo").filter(|t| !t.is_empty()) else {
        return envelope("1001", "tradeNo is missing", None);
    };
    let lag = Duration::from_millis(lock(&sh.faults).query_lag_ms);
    let (view, settled) = {
        let mut book = lock(&sh.book);
        let Some((index, _)) = book
            .get(&trade_no)
            .filter(|(i, _)| book.seen_by_queries(*i, lag, Instant::now()))
        else {
            drop(book);
            return envelope("1007", &format!("order {trade_no} not found"), None);
        };
        let settled = book.settle_if_due(index, Instant::now(), local_time);
        let view = book.get(&trade_no).map(|(_, v)| v.clone());
        (view, settled)
    };
    if let Some(f) = settled {
        let _ = sh.keep_books();
        sh.notifier.tell(sh, f.index, &f.view, false);
    }
    let Some(view) = view else {
        return envelope("1007", &format!("order {trade_no} not found"), None);
    };
    let mut data = json!({
        "tradeNo": view.trade_no,
        "platFormTradeNo": view.platform_trade_no,
        "amount": view.amount.to_plain_taka(),
        "status": view.status,
        "message": view.message,
    });
    if let (Some(t), Some(obj)) = (&view.success_time, data.as_object_mut()) {
        obj.insert("successTime".to_string(), Value::String(t.clone()));
    }
    if let (true, Some(obj)) = (sh.cfg.echo_wallet, data.as_object_mut()) {
        obj.insert(
            "walletId".to_string(),
            Value::String(view.wallet_id.clone()),
        );
    }
    envelope("0000", "success", Some(data))
}

/// Four decimals, as the provider's example shows (`"9998989.0000"`).
pub(crate) fn four_decimals(a: Amount) -> String {
    format!("{}00", a.to_plain_taka())
}

fn balance(sh: &Shared) -> Reply {
    let money = lock(&sh.book).money();
    let data = json!({
        "availableAmount": four_decimals(money.available),
        "freezeAmount": four_decimals(money.frozen),
        "unsettledAmount": four_decimals(Amount::ZERO),
    });
    envelope("0000", "success", Some(data))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wallet_rule_is_the_documented_pattern() {
        for ok in ["01712345678", "01312345678", "019123456789"] {
            assert!(wallet_ok(ok), "{ok}");
        }
        for bad in [
            "01123456789",
            "01212345678",
            "0171234567",
            "0171234567890",
            "+8801712345678",
            "0171234567x",
            "",
        ] {
            assert!(!wallet_ok(bad), "{bad}");
        }
    }

    #[test]
    fn trade_numbers_are_short_and_plain() {
        assert!(trade_no_ok("B-2025_03-0001"));
        assert!(!trade_no_ok(""));
        assert!(!trade_no_ok("has space"));
        assert!(!trade_no_ok(&"x".repeat(33)));
    }

    #[test]
    fn balances_have_four_decimals() {
        assert_eq!(
            four_decimals(Amount::from_poisha(999_898_900)),
            "9998989.0000"
        );
    }
}
