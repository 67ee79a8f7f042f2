//! A gateway written from gateway.md alone, sharing no code with payrun:
//! it checks every request the way the provider would (the path under a
//! country prefix, `POST`, the `merchantNo` header, JSON of flat strings,
//! the sign redone by the recipe with the `md5` crate directly, the fields
//! each endpoint takes) and answers in the provider's drifting style
//! (`timestamp` a number or a string, `success` a string, `availablAmount`,
//! `orderAmount` as a number, `message` for `desc`, no `remark`). The
//! sandbox signs with payrun's own `sign`, so a change to the recipe (the
//! key order, empty values, the secret's place) would pass every sandbox
//! test and fail at the real gateway: this test fails instead.

use super::scripted::{Call, Run, SECRET, Scripted, json};
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

const PREFIX: &str = "/bd";

/// What is wrong with `c` by gateway.md, or nothing.
fn violations(c: &Call) -> Vec<String> {
    let mut out = Vec::new();
    let mut bad = |what: String| out.push(format!("{} {}: {what}", c.path, c.trade_no));
    if c.method != "POST" {
        bad(format!("method {}", c.method));
    }
    if c.header("merchantNo") != Some("0000000001") {
        bad(format!("merchantNo header {:?}", c.header("merchantNo")));
    }
    let json_type = c
        .header("content-type")
        .is_some_and(|t| t.to_ascii_lowercase().starts_with("application/json"));
    if !json_type {
        bad(format!("Content-Type {:?}", c.header("content-type")));
    }
    let Some(body) = c.body.as_object() else {
        bad("body is not a JSON object".into());
        return out;
    };
    for (k, v) in body {
        if !v.is_string() {
            bad(format!("{k} is {v}, not a JSON string"));
        } else if v.as_str() == Some("") {
            bad(format!("{k} is sent empty"));
        }
    }
    let sign = body.get("sign").and_then(Value::as_str).unwrap_or_default();
    let sign_ok = sign.len() == 32 && sign.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    if !sign_ok || sign != crate::recipe_sign(body, SECRET) {
        bad(format!(
            "sign {sign:?} is not the recipe's {}",
            crate::recipe_sign(body, SECRET)
        ));
    }
    let ms = body
        .get("timestamp")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    let near = ms.parse::<u128>().is_ok_and(|t| t.abs_diff(now) < 600_000);
    if ms.len() != 13 || !near {
        bad(format!("timestamp {ms:?} is not now in milliseconds"));
    }
    let mut keys: Vec<&str> = body.keys().map(String::as_str).collect();
    keys.sort_unstable();
    let want: &[&str] = match c.path.strip_prefix(PREFIX) {
        Some("/v1/paypro/payout") => &[
            "amount",
            "notifyUrl",
            "remark",
            "sign",
            "timestamp",
            "tradeNo",
            "walletId",
            "wayCode",
        ],
        Some("/v1/paypro/queryPayOutResult") => &["sign", "timestamp", "tradeNo"],
        Some("/v1/paypro/queryBalance") => &["sign", "timestamp"],
        _ => &[],
    };
    let unknown = keys.iter().any(|k| !want.contains(k));
    let missing = want.iter().any(|k| *k != "remark" && !keys.contains(k));
    if want.is_empty() {
        bad("no such endpoint".into());
    } else if unknown || missing {
        bad(format!("fields {keys:?}, want {want:?}"));
    }
    out
}

/// The `wayCode`s of the seed, each with its wallet's length.
const SEED_WAYS: &[(&str, usize)] = &[
    ("EWALLET_BKASH", 11),
    ("EWALLET_NAGAD", 11),
    ("EWALLET_ROCKET", 12),
];

/// gateway.md's payout fields, as the provider states them; `ways` are the
/// `wayCode`s this gateway takes, each with its wallet's length.
fn payout_violations(body: &Value, ways: &[(&str, usize)]) -> Vec<String> {
    let text = |k: &str| {
        body.get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let mut out = Vec::new();
    let trade_no = text("tradeNo");
    let trade_ok = (1..=32).contains(&trade_no.len())
        && trade_no
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if !trade_ok {
        out.push(format!("tradeNo {trade_no:?}"));
    }
    let amount = text("amount");
    if amount.is_empty() || !amount.bytes().all(|b| b.is_ascii_digit()) || amount.starts_with('0') {
        out.push(format!(
            "amount {amount:?} is not whole taka as plain digits"
        ));
    }
    let way = text("wayCode");
    let wallet_len = match ways.iter().find(|(w, _)| *w == way) {
        Some((_, len)) => *len,
        None => {
            out.push(format!("wayCode {way:?}"));
            0
        }
    };
    let wallet = text("walletId");
    if wallet.len() != wallet_len
        || !wallet.starts_with("01")
        || !wallet.bytes().all(|b| b.is_ascii_digit())
    {
        out.push(format!("walletId {wallet:?} for {}", text("wayCode")));
    }
    if text("notifyUrl") != "http://127.0.0.1:9/callback" {
        out.push(format!("notifyUrl {:?}", text("notifyUrl")));
    }
    out
}

/// What the gateway knows of one order: (platFormTradeNo, amount, final).
type Orders = BTreeMap<String, (String, String, bool)>;

/// Answers `c` as the provider would; what was wrong with it goes to `seen`.
fn answer(
    c: &Call,
    ways: &[(&str, usize)],
    orders: &Mutex<Orders>,
    seen: &Mutex<Vec<String>>,
) -> super::scripted::Reply {
    let mut wrong = violations(c);
    let endpoint = c.path.strip_prefix(PREFIX).unwrap_or_default();
    if endpoint == "/v1/paypro/payout" {
        wrong.extend(payout_violations(&c.body, ways));
    }
    let refused = !wrong.is_empty();
    seen.lock().unwrap().extend(wrong);
    if refused {
        return json(
            r#"{"code":"1002","msg":"sign error","success":"false","timestamp":"1729947461317"}"#,
        );
    }
    let mut orders = orders.lock().unwrap();
    match endpoint {
        "/v1/paypro/queryBalance" => json(
            r#"{"msg":"success","code":"0000","timestamp":"1729947461317","success":"true","data":{"availablAmount":"9998989.0000","freezeAmount":0,"unsettledAmount":"0.0000"}}"#,
        ),
        "/v1/paypro/payout" => {
            let amount = c.body["amount"].as_str().unwrap_or_default().to_string();
            // Nagad settles later, the others at once.
            let now = !c.body["wayCode"]
                .as_str()
                .unwrap_or_default()
                .ends_with("NAGAD");
            let platform = format!("P{:04}", orders.len() + 1);
            orders.insert(c.trade_no.clone(), (platform.clone(), amount, now));
            let (status, desc) = if now {
                ("0000", "success")
            } else {
                ("0015", "processing")
            };
            json(format!(
                r#"{{"msg":"success","code":"0000","timestamp":1729947461317,"success":true,"data":{{"platFormTradeNo":"{platform}","status":"{status}","desc":"{desc}"}}}}"#
            ))
        }
        _ => match orders.get_mut(&c.trade_no) {
            None => json(
                r#"{"code":"1007","msg":"order not found","success":false,"timestamp":1729947461317}"#,
            ),
            Some((platform, amount, done)) => {
                *done = true;
                let taka: u64 = amount.parse().unwrap_or_default();
                json(format!(
                    r#"{{"code":"0000","msg":"success","success":"true","timestamp":"1729947461317","data":{{"tradeNo":"{}","platFormTradeNo":"{platform}","orderAmount":{taka},"status":"0000","message":"paid","successTime":"2026-12-06 09:00:00"}}}}"#,
                    c.trade_no
                ))
            }
        },
    }
}

/// Pays wallets.md's sheet through a gateway that takes `ways`, with
/// `config` as payrun.toml; returns the (walletId, wayCode, amount, remark)
/// of each payout request, in order. Every request must meet the contract
/// and every row end paid.
fn pay_through(ways: &'static [(&'static str, usize)], config: &str) -> Vec<[String; 4]> {
    let orders: Arc<Mutex<Orders>> = Arc::default();
    let seen: Arc<Mutex<Vec<String>>> = Arc::default();
    let (o, s) = (Arc::clone(&orders), Arc::clone(&seen));
    let g = Scripted::answering_every_query(move |c| answer(c, ways, &o, &s));
    let run = Run::new(&format!("{}{PREFIX}", g.url)).with_config(config);
    let sheet = run.dir.path().join("spec.csv");
    std::fs::write(
        &sheet,
        "reference,name,provider,wallet,amount,remark\n\
         E1,Rahim,bKash,+880 1712-345678,\"Tk 1,500\",November pay\n\
         E2,Karim,NAGAD,01812345678,300,\n\
         E3,Salma,রকেট,017123456789,৳2000,বোনাস ঈদ\n",
    )
    .unwrap();
    let sheet = sheet.to_string_lossy().into_owned();
    let common = [
        "--rate",
        "unlimited",
        "--concurrency",
        "1",
        "--request-timeout",
        "5s",
    ];
    let mut submit = vec!["submit", &sheet, "--batch", "spec-wire", "--grace", "300ms"];
    submit.extend_from_slice(&common);
    let (code, out) = run.payrun(&submit);
    assert_eq!(seen.lock().unwrap().clone(), Vec::<String>::new(), "{out}");
    assert_eq!(code, 0, "{out}");
    let mut reconcile = vec!["reconcile", "--batch", "spec-wire"];
    reconcile.extend_from_slice(&common);
    let (code, out) = run.payrun(&reconcile);
    assert_eq!(seen.lock().unwrap().clone(), Vec::<String>::new(), "{out}");
    assert_eq!(code, 0, "{out}");
    for reference in ["E1", "E2", "E3"] {
        assert_eq!(run.payout(reference).0, "paid", "{reference}: {out}");
    }
    assert!(
        !g.calls(&format!("{PREFIX}/v1/paypro/queryBalance"))
            .is_empty(),
        "balance checked first"
    );
    g.calls(&format!("{PREFIX}/v1/paypro/payout"))
        .iter()
        .map(|c| {
            ["walletId", "wayCode", "amount", "remark"]
                .map(|k| c.body[k].as_str().unwrap_or_default().to_string())
        })
        .collect()
}

/// The requests [`pay_through`] must see for wallets.md's sheet, the
/// `wayCode`s aside.
fn sent_as(ways: [&str; 3]) -> Vec<[String; 4]> {
    [
        ["01712345678", ways[0], "1500", "November pay"],
        ["01812345678", ways[1], "300", ""],
        ["017123456789", ways[2], "2000", "বোনাস ঈদ"],
    ]
    .iter()
    .map(|r| r.map(str::to_string))
    .collect()
}

/// A sheet in the forms wallets.md names, paid through a gateway that
/// checks every request by gateway.md alone and answers in its drifting
/// style: nothing it receives breaks the contract (a Bengali remark signed
/// as its UTF-8 bytes, an empty one left out), and every row ends paid, the
/// Nagad one by a query answered with `orderAmount` as a number.
#[test]
fn a_gateway_written_from_the_spec_alone_accepts_every_request_and_pays_every_row() {
    let sent = pay_through(SEED_WAYS, "");
    let want = sent_as(["EWALLET_BKASH", "EWALLET_NAGAD", "EWALLET_ROCKET"]);
    assert_eq!(
        sent, want,
        "one request a row, each in the gateway's own terms"
    );
}

/// gateway.md: another page of the provider lists `BKASH` and `NAGAD`, so
/// the names sent are configuration. A gateway that takes only those is
/// paid every row once payrun.toml's `[way_codes]` says so; the unit tests
/// set the codes on the client, this one through the file a merchant edits.
#[test]
fn way_codes_set_in_payrun_toml_are_the_ones_sent() {
    const OTHER_PAGE: &[(&str, usize)] = &[("BKASH", 11), ("NAGAD", 11), ("EWALLET_ROCKET", 12)];
    let config = "[way_codes]\nbkash = \"BKASH\"\nnagad = \"NAGAD\"\n";
    let sent = pay_through(OTHER_PAGE, config);
    assert_eq!(sent, sent_as(["BKASH", "NAGAD", "EWALLET_ROCKET"]));
}
