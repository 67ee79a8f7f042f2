//! `GET /_sandbox/statement?from=YYYY-MM-DD&to=YYYY-MM-DD`: the statement a
//! merchant portal would export, as CSV, in a plausible portal shape: a
//! title block, the portal's own column names, one line per order (debits,
//! failed and pending orders, reversals as their own credit lines), a fee
//! column, a running balance, and a closing-balance row.
//!
//! The statement faults plant what an auditor must catch: a missing debit,
//! a debit for 10 taka more, a reversal after paid, debits for orders no
//! client sent, a fee per order. Which order gets which is drawn from the
//! seed and the tradeNo alone, so every fetch of the statement says the same
//! and a longer period only adds lines. `GET /_sandbox/ledger` lists them.

use super::api::Reply;
use super::faults::Faults;
use super::server::{Shared, local_time, lock};
use super::state::OrderView;
use crate::money::Amount;
use serde_json::json;
use sha2::{Digest, Sha256};

/// What a statement fault did to one paid order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Plant {
    Missing,
    Amount,
    Reversed,
}

impl Plant {
    pub(crate) const fn key(self) -> &'static str {
        match self {
            Plant::Missing => "missing",
            Plant::Amount => "amount",
            Plant::Reversed => "reversed",
        }
    }
}

/// How much more an `amount` plant debits: 10 taka.
const AMOUNT_OFF: Amount = Amount::from_poisha(1_000);

/// A fraction in [0, 1) from the seed, the knob and the tradeNo only.
fn draw(seed: u64, knob: &str, trade_no: &str) -> f64 {
    let mut h = Sha256::new();
    h.update(seed.to_le_bytes());
    h.update(knob.as_bytes());
    h.update([0]);
    h.update(trade_no.as_bytes());
    let d = h.finalize();
    let mut b = [0u8; 8];
    b.copy_from_slice(d.get(..8).unwrap_or(&[0; 8]));
    (u64::from_le_bytes(b) >> 11) as f64 / (1u64 << 53) as f64
}

/// The plant for a paid order, if any; one per order, tried in this order.
pub(crate) fn plant_for(f: &Faults, trade_no: &str) -> Option<Plant> {
    [
        (Plant::Missing, f.statement_missing_rate),
        (Plant::Amount, f.statement_amount_rate),
        (Plant::Reversed, f.statement_reversal_rate),
    ]
    .into_iter()
    .find(|(p, rate)| *rate > 0.0 && draw(f.seed, p.key(), trade_no) < *rate)
    .map(|(p, _)| p)
}

/// The tradeNos of the planted debits for orders nobody sent.
pub(crate) fn extra_trade_nos(f: &Faults) -> Vec<String> {
    (1..=f.statement_extra_debits)
        .map(|i| format!("SBXEXTRA-{}-{i:04}", f.seed))
        .collect()
}

/// One statement line.
#[derive(Debug, Clone)]
struct Line {
    time: String,
    platform_no: String,
    trade_no: String,
    wallet: String,
    kind: &'static str,
    debit: Amount,
    credit: Amount,
    fee: Amount,
    status: &'static str,
}

fn line(o: &OrderView, time: &str, kind: &'static str, status: &'static str) -> Line {
    Line {
        time: time.to_string(),
        platform_no: o.platform_trade_no.clone(),
        trade_no: o.trade_no.clone(),
        wallet: o.wallet_id.clone(),
        kind,
        debit: Amount::ZERO,
        credit: Amount::ZERO,
        fee: Amount::ZERO,
        status,
    }
}

/// A minute after `time` (`YYYY-MM-DD HH:MM:SS`), for a reversal.
fn minute_after(time: &str) -> String {
    chrono::NaiveDateTime::parse_from_str(time, "%Y-%m-%d %H:%M:%S")
        .map(|t| {
            (t + chrono::Duration::minutes(1))
                .format("%Y-%m-%d %H:%M:%S")
                .to_string()
        })
        .unwrap_or_else(|_| time.to_string())
}

/// Every line the gateway's books give, in time order.
fn lines(orders: &[OrderView], f: &Faults, now: &str) -> Vec<Line> {
    let fee = Amount::from_poisha(i64::try_from(f.statement_fee_poisha).unwrap_or(0));
    let mut out = Vec::new();
    for o in orders {
        match o.status.as_str() {
            "0000" => {
                let time = o
                    .success_time
                    .clone()
                    .unwrap_or_else(|| o.placed_at.clone());
                let plant = plant_for(f, &o.trade_no);
                if plant == Some(Plant::Missing) {
                    continue;
                }
                let mut d = line(o, &time, "Payout", "Completed");
                d.debit = o.amount;
                if plant == Some(Plant::Amount) {
                    d.debit = o.amount.checked_add(AMOUNT_OFF).unwrap_or(o.amount);
                }
                d.fee = fee;
                out.push(d);
                if plant == Some(Plant::Reversed) {
                    let mut r = line(o, &minute_after(&time), "Reversal", "Completed");
                    r.platform_no = format!("{}R", o.platform_trade_no);
                    r.credit = o.amount;
                    out.push(r);
                }
            }
            "0015" => {
                let mut p = line(o, &o.placed_at, "Payout", "Processing");
                p.debit = o.amount;
                out.push(p);
            }
            _ => {
                let mut p = line(o, &o.placed_at, "Payout", "Failed");
                p.debit = o.amount;
                out.push(p);
            }
        }
    }
    for (i, trade_no) in extra_trade_nos(f).into_iter().enumerate() {
        let n = i as i64 + 1;
        out.push(Line {
            time: now.to_string(),
            platform_no: format!("SBX9{n:012}"),
            trade_no,
            wallet: format!("0171{:07}", 9_000_000 + n),
            kind: "Payout",
            debit: Amount::from_poisha(11_100 * n),
            credit: Amount::ZERO,
            fee,
            status: "Completed",
        });
    }
    out.sort_by(|a, b| a.time.cmp(&b.time));
    out
}

/// `1234567.5` as `1,234,567.50`, as portals print money.
fn money(a: Amount) -> String {
    let plain = a.to_plain_taka();
    let (sign, plain) = plain
        .strip_prefix('-')
        .map_or(("", plain.as_str()), |p| ("-", p));
    let (int, frac) = plain.split_once('.').unwrap_or((plain, "00"));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}{grouped}.{frac}")
}

fn day(query: &str, key: &str) -> Result<Option<String>, String> {
    let Some(v) = query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
    else {
        return Ok(None);
    };
    chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d")
        .map(|d| Some(d.format("%Y-%m-%d").to_string()))
        .map_err(|_| format!("{key}={v:?} is not a day; use YYYY-MM-DD"))
}

pub(crate) fn handle(sh: &Shared, query: &str) -> Reply {
    let (from, to) = match (day(query, "from"), day(query, "to")) {
        (Ok(f), Ok(t)) => (f, t),
        (Err(e), _) | (_, Err(e)) => {
            return Reply::json(400, &json!({ "error": e }));
        }
    };
    let orders = lock(&sh.book).views();
    let faults = lock(&sh.faults).clone();
    let now = local_time();
    let period = Period {
        opening: sh.cfg.balance,
        merchant_no: &sh.cfg.merchant_no,
        now: &now,
        from,
        to,
    };
    match render(&orders, &faults, &period) {
        Ok(body) => Reply {
            status: 200,
            body,
            json: false,
            csv: true,
            retry_after: false,
        },
        Err(e) => Reply::json(500, &json!({ "error": e })),
    }
}

/// What the statement is for: the sandbox's opening balance and merchant,
/// when it is made, and the days it covers.
struct Period<'a> {
    opening: Amount,
    merchant_no: &'a str,
    now: &'a str,
    from: Option<String>,
    to: Option<String>,
}

impl Period<'_> {
    fn covers(&self, time: &str) -> bool {
        let d = time.get(..10).unwrap_or(time);
        self.from.as_deref().is_none_or(|f| d >= f) && self.to.as_deref().is_none_or(|t| d <= t)
    }
}

type Csv = csv::Writer<Vec<u8>>;

fn csv_err(e: csv::Error) -> String {
    e.to_string()
}

/// The portal's title block and the header row.
fn title(w: &mut Csv, p: &Period<'_>) -> Result<(), String> {
    let period = format!(
        "{} to {}",
        p.from.as_deref().unwrap_or("(start)"),
        p.to.as_deref().unwrap_or("(now)")
    );
    w.write_record(["PaySandbox Merchant Portal"])
        .map_err(csv_err)?;
    w.write_record(["Merchant Account Statement"])
        .map_err(csv_err)?;
    w.write_record(["Merchant No", p.merchant_no])
        .map_err(csv_err)?;
    w.write_record(["Period", period.as_str()])
        .map_err(csv_err)?;
    w.write_record(["Generated", p.now]).map_err(csv_err)?;
    w.write_record([""]).map_err(csv_err)?;
    w.write_record([
        "Txn Time",
        "Transaction ID",
        "Merchant Order No",
        "Receiver Wallet",
        "Type",
        "Debit (BDT)",
        "Credit (BDT)",
        "Fee (BDT)",
        "Status",
        "Balance (BDT)",
    ])
    .map_err(csv_err)
}

fn render(orders: &[OrderView], f: &Faults, p: &Period<'_>) -> Result<String, String> {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    title(&mut w, p)?;
    let mut balance = p.opening.poisha();
    let mut totals = [0i64; 3];
    let cell = |a: Amount| {
        if a == Amount::ZERO {
            String::new()
        } else {
            money(a)
        }
    };
    for l in lines(orders, f, p.now) {
        let moved = l.status == "Completed";
        if moved {
            balance = balance - l.debit.poisha() - l.fee.poisha() + l.credit.poisha();
        }
        if !p.covers(&l.time) {
            continue;
        }
        if moved {
            totals[0] += l.debit.poisha();
            totals[1] += l.credit.poisha();
            totals[2] += l.fee.poisha();
        }
        let bal = money(Amount::from_poisha(balance));
        let (d, c, fee) = (cell(l.debit), cell(l.credit), cell(l.fee));
        let rec = [
            &l.time,
            &l.platform_no,
            &l.trade_no,
            &l.wallet,
            l.kind,
            &d,
            &c,
            &fee,
            l.status,
            &bal,
        ];
        w.write_record(rec).map_err(csv_err)?;
    }
    let t = |p: i64| money(Amount::from_poisha(p));
    let (d, c, fee, bal) = (t(totals[0]), t(totals[1]), t(totals[2]), t(balance));
    w.write_record(["Total", "", "", "", "", &d, &c, &fee, "", ""])
        .map_err(csv_err)?;
    w.write_record(["Closing Balance", "", "", "", "", "", "", "", "", &bal])
        .map_err(csv_err)?;
    String::from_utf8(w.into_inner().map_err(|e| e.to_string())?).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_depend_on_seed_knob_and_trade_no_only() {
        let a = draw(1, "missing", "T-1");
        assert_eq!(a, draw(1, "missing", "T-1"));
        assert_ne!(a, draw(2, "missing", "T-1"));
        assert_ne!(a, draw(1, "amount", "T-1"));
        assert!((0.0..1.0).contains(&a));
        let hits = (0..1000)
            .filter(|i| draw(7, "missing", &format!("T-{i}")) < 0.25)
            .count();
        assert!((180..=320).contains(&hits), "{hits} of 1000 at 0.25");
    }

    #[test]
    fn one_plant_per_order_and_rates_of_one_are_exact() {
        let f = Faults {
            statement_missing_rate: 1.0,
            statement_amount_rate: 1.0,
            ..Faults::default()
        };
        assert_eq!(plant_for(&f, "T-1"), Some(Plant::Missing));
        assert_eq!(plant_for(&Faults::default(), "T-1"), None);
    }

    #[test]
    fn portal_money() {
        assert_eq!(money(Amount::from_poisha(123_456_750)), "1,234,567.50");
        assert_eq!(money(Amount::from_poisha(50_000)), "500.00");
        assert_eq!(money(Amount::from_poisha(-100_000)), "-1,000.00");
    }
}
