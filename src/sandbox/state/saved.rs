//! The books as the sandbox keeps them on disk: every order with the status
//! it will settle to and when (a wall-clock time, since an `Instant` means
//! nothing to the next process), and the balance. What a query, the balance
//! endpoint, the statement and `GET /_sandbox/ledger` read is all here, so a
//! sandbox started on the file answers as the one that wrote it would have.

use super::{Book, Money, Order, OrderView};
use crate::money::Amount;
use serde::{Deserialize, Serialize};
use std::cmp::Reverse;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// What the file says it is, so that another JSON file is never read as
/// books.
const FORMAT: &str = "payrun-sandbox-books";
const VERSION: u32 = 1;
/// Orders a books file may hold, whatever `--max-orders` says: past it a
/// file is not this sandbox's (each save writes the whole file).
pub const ORDERS_MAX: usize = 1_000_000;

/// The file's content.
#[derive(Debug, Serialize, Deserialize)]
pub struct BooksFile {
    format: String,
    version: u32,
    /// The merchant the orders were placed for.
    pub merchant_no: String,
    #[serde(with = "poisha")]
    available: Amount,
    #[serde(with = "poisha")]
    frozen: Amount,
    #[serde(with = "poisha")]
    paid_out: Amount,
    orders: Vec<SavedOrder>,
}

#[derive(Debug, Serialize, Deserialize)]
struct SavedOrder {
    #[serde(flatten)]
    view: OrderView,
    planned_status: String,
    planned_message: String,
    /// Milliseconds since the epoch when it settles; none once it settled
    /// (or never will, like a stuck wallet's).
    settle_at_ms: Option<u64>,
    told_early: bool,
}

mod poisha {
    use crate::money::Amount;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(a: &Amount, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(a.poisha())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Amount, D::Error> {
        i64::deserialize(d).map(Amount::from_poisha)
    }
}

fn wall_ms(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

impl Book {
    /// The books as the file keeps them.
    pub fn to_file(&self, merchant_no: &str) -> BooksFile {
        let (now, wall) = (Instant::now(), wall_ms(SystemTime::now()));
        let orders = self
            .orders
            .iter()
            .map(|o| SavedOrder {
                view: o.view.clone(),
                planned_status: o.planned.0.clone(),
                planned_message: o.planned.1.clone(),
                settle_at_ms: o.settle_at.map(|at| {
                    let left = at.saturating_duration_since(now).as_millis();
                    wall.saturating_add(u64::try_from(left).unwrap_or(u64::MAX))
                }),
                told_early: o.told_early,
            })
            .collect();
        BooksFile {
            format: FORMAT.to_string(),
            version: VERSION,
            merchant_no: merchant_no.to_string(),
            available: self.money.available,
            frozen: self.money.frozen,
            paid_out: self.money.paid_out,
            orders,
        }
    }

    /// The books a file kept, or why they cannot be: a file that is not
    /// books, or one that breaks their rules (`max_orders`, money below
    /// zero). An order due while no sandbox ran settles at once.
    pub fn from_file(file: BooksFile, max_orders: usize) -> Result<Book, String> {
        if file.format != FORMAT || file.version != VERSION {
            return Err(format!(
                "it is not the sandbox's books (format {:?} version {}; expected {FORMAT:?} \
                 version {VERSION})",
                file.format, file.version
            ));
        }
        let limit = max_orders.min(ORDERS_MAX);
        if file.orders.len() > limit {
            return Err(format!(
                "it holds {} orders, more than the {limit} this sandbox keeps (--max-orders)",
                file.orders.len()
            ));
        }
        let negative = [file.available, file.frozen, file.paid_out]
            .iter()
            .any(|a| a.poisha() < 0);
        if negative || file.orders.iter().any(|o| o.view.amount.poisha() <= 0) {
            return Err("it holds an amount below zero".to_string());
        }
        let money = Money {
            available: file.available,
            frozen: file.frozen,
            paid_out: file.paid_out,
        };
        let mut book = Book::new(money.available, max_orders);
        book.money = money;
        let (now, wall) = (Instant::now(), wall_ms(SystemTime::now()));
        for (i, o) in file.orders.into_iter().enumerate() {
            let settle_at = o.settle_at_ms.map(|ms| {
                now.checked_add(Duration::from_millis(ms.saturating_sub(wall)))
                    .unwrap_or(now)
            });
            if let Some(at) = settle_at {
                book.settle_queue.push(Reverse((at, i)));
            }
            // A repeated tradeNo (accept_duplicates) names its newest order.
            book.index.insert(o.view.trade_no.clone(), i);
            book.orders.push(Order {
                view: o.view,
                planned: (o.planned_status, o.planned_message),
                settle_at,
                told_early: o.told_early,
            });
        }
        Ok(book)
    }
}

#[cfg(test)]
mod tests {
    use super::super::NewOrder;
    use super::*;

    fn order(trade_no: &str, wallet: &str) -> NewOrder {
        NewOrder {
            trade_no: trade_no.to_string(),
            wallet_id: wallet.to_string(),
            way_code: "EWALLET_BKASH".to_string(),
            amount: Amount::from_poisha(10_000),
            notify_url: String::new(),
            remark: None,
        }
    }

    fn t() -> String {
        "2026-12-05 10:00:00".to_string()
    }

    /// Orders, their states and timers, and the money come back as they
    /// were: a timer still running keeps running, one due settles.
    #[test]
    fn the_books_come_back_from_their_file_as_they_were() {
        let mut b = Book::new(Amount::from_poisha(1_000_000), 10);
        let now = Instant::now();
        b.place(order("PAID", "01712341111"), None, t).unwrap();
        b.place(order("SOON", "01712345678"), Some(now), t).unwrap();
        b.place(
            order("LATER", "01712340000"),
            Some(now + Duration::from_secs(3600)),
            t,
        )
        .unwrap();
        b.place(order("STUCK", "01712345555"), Some(now), t)
            .unwrap();
        let text = serde_json::to_string(&b.to_file("0000000001")).unwrap();
        let file: BooksFile = serde_json::from_str(&text).unwrap();
        assert_eq!(file.merchant_no, "0000000001");
        let mut back = Book::from_file(file, 10).unwrap();
        assert_eq!(back.views(), b.views());
        assert_eq!(back.money(), b.money());
        let finals = back.settle_due(Instant::now(), t);
        let settled: Vec<&str> = finals.iter().map(|f| f.view.trade_no.as_str()).collect();
        assert_eq!(settled, ["SOON"]);
        let status = |b: &Book, t: &str| b.get(t).map(|(_, v)| v.status.clone());
        assert_eq!(status(&back, "LATER").as_deref(), Some("0015"));
        assert_eq!(status(&back, "STUCK").as_deref(), Some("0015"));
        assert!(matches!(
            back.place(order("PAID", "01712341111"), None, t),
            Err(super::super::Refusal::Duplicate { submissions: 2 })
        ));
        let file: BooksFile = serde_json::from_str(&text).unwrap();
        let err = Book::from_file(file, 3).unwrap_err();
        assert!(err.contains("4 orders, more than the 3"), "{err}");
    }
}
