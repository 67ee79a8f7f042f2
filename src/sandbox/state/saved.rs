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
                placed: None,
            });
        }
        Ok(book)
    }
}
