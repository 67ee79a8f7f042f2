//! The sandbox's books: orders, money, and the rules that decide each
//! payout's fate (the wallet rules by last digits in `rules.rs`). They are
//! in memory, behind one mutex; `saved.rs` turns them into what `books.rs`
//! keeps on disk when the sandbox has a file.

use crate::money::Amount;
use serde::{Deserialize, Serialize};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::time::{Duration, Instant};

mod rules;
use rules::STUCK_SUFFIX;
pub use rules::{INSTANT_SUFFIX, RULES, final_for};

/// One order, as tests and `GET /_sandbox/ledger` see it (and as the books
/// file keeps it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderView {
    #[serde(rename = "tradeNo")]
    /// The merchant's tradeNo.
    pub trade_no: String,
    #[serde(rename = "walletId")]
    /// The recipient's wallet.
    pub wallet_id: String,
    #[serde(rename = "wayCode")]
    /// The `wayCode` the order was sent with.
    pub way_code: String,
    #[serde(serialize_with = "poisha", deserialize_with = "from_poisha")]
    /// As sent, exact.
    pub amount: Amount,
    /// The amount as taka text with two decimals, for humans.
    pub amount_taka: String,
    /// The current `data.status`: `0015`, `0000`, or a failure code.
    pub status: String,
    /// The `data.desc` for the current status.
    pub message: String,
    #[serde(rename = "platFormTradeNo")]
    /// The sandbox's own order number.
    pub platform_trade_no: String,
    /// Payout requests that carried this tradeNo: 1, plus one per `1004`.
    pub submissions: u32,
    /// As sent.
    pub remark: Option<String>,
    #[serde(rename = "notifyUrl")]
    /// Where the sandbox posts callbacks for this order.
    pub notify_url: String,
    #[serde(rename = "successTime")]
    /// When it was paid, in the gateway's local time.
    pub success_time: Option<String>,
    /// When the order was placed, in the gateway's local time (the
    /// statement's time for a failed or pending order).
    #[serde(rename = "placedAt")]
    pub placed_at: String,
    /// Callback POSTs made for this order, retries and duplicates included.
    pub callbacks_sent: u32,
    /// Whether a callback was answered `OK`.
    pub callback_acked: bool,
}

fn poisha<S: serde::Serializer>(a: &Amount, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_i64(a.poisha())
}

fn from_poisha<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Amount, D::Error> {
    i64::deserialize(d).map(Amount::from_poisha)
}

/// A new order, validated by the API layer.
#[derive(Debug, Clone)]
pub struct NewOrder {
    pub trade_no: String,
    pub wallet_id: String,
    pub way_code: String,
    pub amount: Amount,
    pub notify_url: String,
    pub remark: Option<String>,
}

/// Why the books refused an order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    Duplicate { submissions: u32 },
    Insufficient { available: Amount },
    Full { max: usize },
}

/// What a final status needs to be told to the merchant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Final {
    pub index: usize,
    pub view: OrderView,
}

#[derive(Debug)]
struct Order {
    view: OrderView,
    /// The status it will settle to.
    planned: (String, String),
    settle_at: Option<Instant>,
    /// A callback already went out early for the planned status.
    told_early: bool,
    /// When this sandbox placed it (`None`: read back from saved books),
    /// for `query_lag_ms`.
    placed: Option<Instant>,
}

/// Where an order's amount sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bucket {
    Available,
    Frozen,
    PaidOut,
}

fn bucket_of(status: &str) -> Bucket {
    match status {
        "0015" => Bucket::Frozen,
        "0000" => Bucket::PaidOut,
        _ => Bucket::Available,
    }
}

/// Balances and totals, for the balance endpoint and the ledger view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Money {
    pub available: Amount,
    pub frozen: Amount,
    pub paid_out: Amount,
}

#[derive(Debug)]
pub struct Book {
    orders: Vec<Order>,
    index: HashMap<String, usize>,
    settle_queue: BinaryHeap<Reverse<(Instant, usize)>>,
    money: Money,
    max_orders: usize,
    /// Bumped by every change, so that a reply waits only for the save
    /// of what it may show (`books.rs`).
    changes: u64,
    /// Place a repeated tradeNo as a new order (see `Faults::accept_duplicates`);
    /// set by the API layer before each payout.
    pub accept_duplicates: bool,
}

impl Book {
    pub fn new(balance: Amount, max_orders: usize) -> Book {
        Book {
            orders: Vec::new(),
            index: HashMap::new(),
            settle_queue: BinaryHeap::new(),
            money: Money {
                available: balance,
                ..Money::default()
            },
            max_orders,
            changes: 0,
            accept_duplicates: false,
        }
    }

    /// How many changes the books have had since they were loaded.
    pub fn changes(&self) -> u64 {
        self.changes
    }

    pub fn money(&self) -> Money {
        self.money
    }

    pub fn set_available(&mut self, available: Amount) {
        self.changes += 1;
        self.money.available = available;
    }

    /// Places an order, or refuses it. A repeated tradeNo only counts one
    /// more submission and creates nothing, unless [`Book::accept_duplicates`]
    /// is on: then it is a new order, and the tradeNo names the newest one.
    pub fn place(
        &mut self,
        new: NewOrder,
        settle_at: Option<Instant>,
        success_time: impl Fn() -> String,
    ) -> Result<(usize, OrderView), Refusal> {
        if let Some(&i) = self.index.get(&new.trade_no)
            && !self.accept_duplicates
        {
            let order = self.orders.get_mut(i).ok_or(Refusal::Full { max: 0 })?;
            self.changes += 1;
            order.view.submissions = order.view.submissions.saturating_add(1);
            return Err(Refusal::Duplicate {
                submissions: order.view.submissions,
            });
        }
        if self.orders.len() >= self.max_orders {
            return Err(Refusal::Full {
                max: self.max_orders,
            });
        }
        if new.amount > self.money.available {
            return Err(Refusal::Insufficient {
                available: self.money.available,
            });
        }
        self.changes += 1;
        let (code, msg) = final_for(&new.wallet_id);
        let stuck = new.wallet_id.ends_with(STUCK_SUFFIX);
        let instant = settle_at.is_none() && !stuck;
        let seq = self.orders.len() + 1;
        let (status, message) = if instant {
            (code, msg)
        } else {
            ("0015", "processing")
        };
        let view = OrderView {
            platform_trade_no: format!("SBX{seq:013}"),
            amount_taka: new.amount.to_plain_taka(),
            trade_no: new.trade_no,
            wallet_id: new.wallet_id,
            way_code: new.way_code,
            amount: new.amount,
            status: status.to_string(),
            message: message.to_string(),
            submissions: 1,
            remark: new.remark,
            notify_url: new.notify_url,
            success_time: (status == "0000").then(&success_time),
            placed_at: success_time(),
            callbacks_sent: 0,
            callback_acked: false,
        };
        self.shift(Bucket::Available, bucket_of(status), view.amount);
        let i = self.orders.len();
        self.index.insert(view.trade_no.clone(), i);
        let settle_at = if stuck || instant { None } else { settle_at };
        if let Some(at) = settle_at {
            self.settle_queue.push(Reverse((at, i)));
        }
        self.orders.push(Order {
            view: view.clone(),
            planned: (code.to_string(), msg.to_string()),
            settle_at,
            told_early: false,
            placed: Some(Instant::now()),
        });
        Ok((i, view))
    }

    /// The planned final status, for an early callback; marks it told.
    pub fn tell_early(&mut self, i: usize, success_time: impl Fn() -> String) -> Option<OrderView> {
        let order = self.orders.get_mut(i)?;
        order.settle_at?;
        order.told_early = true;
        self.changes += 1;
        let mut view = order.view.clone();
        view.status = order.planned.0.clone();
        view.message = order.planned.1.clone();
        view.success_time = (view.status == "0000").then(success_time);
        Some(view)
    }

    /// Whether queries may see order `i` at `now`: a lagging query index
    /// finds an order only `lag` after it was placed. Orders read back from
    /// saved books were placed before this sandbox started: seen.
    pub fn seen_by_queries(&self, i: usize, lag: Duration, now: Instant) -> bool {
        match self.orders.get(i).and_then(|o| o.placed) {
            Some(placed) => now.saturating_duration_since(placed) >= lag,
            None => true,
        }
    }

    pub fn get(&self, trade_no: &str) -> Option<(usize, &OrderView)> {
        let &i = self.index.get(trade_no)?;
        self.orders.get(i).map(|o| (i, &o.view))
    }

    /// Settles every order due by `now`; returns those whose merchant must
    /// still be told (not those already told early).
    pub fn settle_due(&mut self, now: Instant, success_time: impl Fn() -> String) -> Vec<Final> {
        let mut out = Vec::new();
        while let Some(Reverse((at, i))) = self.settle_queue.peek().copied() {
            if at > now {
                break;
            }
            self.settle_queue.pop();
            if let Some(f) = self.settle(i, &success_time) {
                out.push(f);
            }
        }
        out
    }

    /// Settles one order now if it is due (a query must see what a callback
    /// may already have said).
    pub fn settle_if_due(
        &mut self,
        i: usize,
        now: Instant,
        success_time: impl Fn() -> String,
    ) -> Option<Final> {
        let due = self
            .orders
            .get(i)
            .and_then(|o| o.settle_at)
            .is_some_and(|at| at <= now);
        if due {
            self.settle(i, &success_time)
        } else {
            None
        }
    }

    fn settle(&mut self, i: usize, success_time: &impl Fn() -> String) -> Option<Final> {
        let order = self.orders.get_mut(i)?;
        order.settle_at.take()?;
        self.changes += 1;
        let (code, msg) = order.planned.clone();
        let told = order.told_early;
        let amount = order.view.amount;
        let old = std::mem::replace(&mut order.view.status, code);
        order.view.message = msg;
        if order.view.status == "0000" {
            order.view.success_time = Some(success_time());
        }
        let view = order.view.clone();
        self.shift(bucket_of(&old), bucket_of(&view.status), amount);
        (!told).then_some(Final { index: i, view })
    }

    /// Forces a status (for conflict tests); the order no longer settles by
    /// itself. Money follows the status.
    pub fn force(
        &mut self,
        trade_no: &str,
        status: &str,
        message: &str,
        success_time: impl Fn() -> String,
    ) -> Option<Final> {
        let &i = self.index.get(trade_no)?;
        let order = self.orders.get_mut(i)?;
        self.changes += 1;
        order.settle_at = None;
        let amount = order.view.amount;
        let old = std::mem::replace(&mut order.view.status, status.to_string());
        order.view.message = message.to_string();
        order.view.success_time = (status == "0000").then(success_time);
        let view = order.view.clone();
        self.shift(bucket_of(&old), bucket_of(status), amount);
        Some(Final { index: i, view })
    }

    /// Counts a callback attempt and its answer.
    pub fn note_callback(&mut self, i: usize, acked: bool) {
        if let Some(o) = self.orders.get_mut(i) {
            self.changes += 1;
            o.view.callbacks_sent = o.view.callbacks_sent.saturating_add(1);
            o.view.callback_acked |= acked;
        }
    }

    pub fn views(&self) -> Vec<OrderView> {
        self.orders.iter().map(|o| o.view.clone()).collect()
    }

    fn shift(&mut self, from: Bucket, to: Bucket, amount: Amount) {
        if from == to {
            return;
        }
        let m = &mut self.money;
        let get = |m: &Money, b: Bucket| match b {
            Bucket::Available => m.available,
            Bucket::Frozen => m.frozen,
            Bucket::PaidOut => m.paid_out,
        };
        let (Some(f), Some(t)) = (
            get(m, from).checked_sub(amount),
            get(m, to).checked_add(amount),
        ) else {
            return;
        };
        for (b, v) in [(from, f), (to, t)] {
            match b {
                Bucket::Available => m.available = v,
                Bucket::Frozen => m.frozen = v,
                Bucket::PaidOut => m.paid_out = v,
            }
        }
    }
}

mod saved;
pub use saved::BooksFile;

#[cfg(test)]
mod tests;
