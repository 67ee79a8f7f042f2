//! The scripted gateway: each failure mode exactly, with counts.

use crate::codes::{RejectClass, TxStatus};
use crate::engine::Gateway;
use crate::gateway::{Accepted, Exchange, Outcome, PayoutRequest};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// How the scripted gateway misbehaves.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Script {
    /// Every payout is created and answered paid.
    Fine,
    /// Every payout is refused as systemic (bad signature).
    Systemic,
    /// The first send of each tradeNo creates the order, but the answer is lost.
    DropAfterCreate,
    /// The first send of each tradeNo is lost before the gateway sees it.
    LostBeforeCreate,
    /// The first send creates the order, the answer is lost, and the order
    /// stays invisible to queries for a while.
    InvisibleFor(Duration),
    /// Nothing can connect.
    Refused,
    /// Payouts are lost before creation and queries never answer.
    Dark,
    /// The first two sends of each tradeNo are throttled (1006).
    Throttle2,
    /// The `n`-th payout request panics (a broken contract inside a step).
    PanicAt(u32),
    /// The first `n` payout requests the gateway receives are lost before
    /// creation (an uncertain answer, then "not found"); every other request
    /// is paid at once.
    FirstLost(u32),
}

/// tradeNo -> (payout requests carrying it, created at).
type Orders = HashMap<String, (u32, Option<Instant>)>;

pub(super) struct Sim {
    script: Script,
    /// tradeNo -> (payout requests carrying it, created at)
    pub orders: Mutex<Orders>,
    pub seen: Mutex<HashMap<String, u32>>,
    pub payouts: AtomicU32,
    pub queries: AtomicU32,
}

fn paid(trade_no: &str) -> Outcome {
    Outcome::Accepted(Accepted {
        trade_no: Some(trade_no.into()),
        platform_trade_no: Some(format!("P-{trade_no}")),
        ..Accepted::bare(TxStatus::Paid, "0000")
    })
}

fn rejected(class: RejectClass, code: &str) -> Outcome {
    Outcome::Rejected {
        class,
        code: code.into(),
        msg: "scripted".into(),
    }
}

fn unknown() -> Outcome {
    Outcome::Unknown {
        reason: "scripted: response dropped".into(),
        throttled: false,
    }
}

impl Sim {
    pub fn new(script: Script) -> Sim {
        Sim {
            script,
            orders: Mutex::new(HashMap::new()),
            seen: Mutex::new(HashMap::new()),
            payouts: AtomicU32::new(0),
            queries: AtomicU32::new(0),
        }
    }

    pub fn created(&self) -> usize {
        self.orders.lock().unwrap_or_else(|p| p.into_inner()).len()
    }

    pub fn payouts(&self) -> u32 {
        self.payouts.load(Ordering::SeqCst)
    }

    /// How many payout requests have carried tradeNo `t`, this one counted.
    fn seen_again(&self, t: &str) -> u32 {
        let mut s = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        let n = s.entry(t.to_string()).or_insert(0);
        *n += 1;
        *n
    }

    /// `Script::PanicAt(n)`: the `n`-th payout request panics; any other is
    /// created and paid.
    fn panic_at<'a>(
        &'a self,
        n: u32,
        order_no: u32,
        mut orders: MutexGuard<'a, Orders>,
        t: &str,
    ) -> Exchange {
        assert_ne!(order_no, n, "scripted: a broken contract");
        if order_no > n {
            // Requests that raced the panic answer late, as a slow
            // gateway would: the panicking worker trips the stop in
            // the meantime however the machine schedules it, so the
            // count of requests after the panic does not depend on
            // the load (it did: a loaded machine let the others
            // send a few rounds first).
            drop(orders);
            std::thread::sleep(std::time::Duration::from_millis(500));
            orders = self.orders.lock().unwrap_or_else(|p| p.into_inner());
        }
        orders.insert(t.to_string(), (1, Some(Instant::now())));
        Exchange::scripted(paid(t))
    }
}

impl Gateway for Sim {
    fn payout(&self, req: &PayoutRequest<'_>) -> Exchange {
        // This request's number, from 1, in the order the gateway received them.
        let order_no = self.payouts.fetch_add(1, Ordering::SeqCst) + 1;
        let t = req.trade_no.to_string();
        let nth = self.seen_again(&t);
        let mut orders = self.orders.lock().unwrap_or_else(|p| p.into_inner());
        if orders.contains_key(&t) {
            // The gateway's own duplicate check.
            return Exchange::scripted(rejected(RejectClass::Duplicate, "1004"));
        }
        let create = |orders: &mut Orders| {
            orders.insert(t.clone(), (1, Some(Instant::now())));
        };
        Exchange::scripted(match self.script {
            Script::Fine => {
                create(&mut orders);
                paid(&t)
            }
            Script::Systemic => rejected(RejectClass::Systemic, "1002"),
            Script::DropAfterCreate | Script::InvisibleFor(_) => {
                create(&mut orders);
                if nth == 1 { unknown() } else { paid(&t) }
            }
            Script::LostBeforeCreate => {
                if nth == 1 {
                    unknown()
                } else {
                    create(&mut orders);
                    paid(&t)
                }
            }
            Script::Refused => Outcome::NotSent {
                reason: "scripted: connection refused".into(),
            },
            Script::Dark => unknown(),
            Script::PanicAt(n) => return self.panic_at(n, order_no, orders, &t),
            Script::FirstLost(n) => {
                if order_no <= n && nth == 1 {
                    unknown()
                } else {
                    create(&mut orders);
                    paid(&t)
                }
            }
            Script::Throttle2 => {
                if nth <= 2 {
                    rejected(RejectClass::Throttled, "1006")
                } else {
                    create(&mut orders);
                    paid(&t)
                }
            }
        })
    }

    fn query(&self, trade_no: &str) -> Exchange {
        self.queries.fetch_add(1, Ordering::SeqCst);
        if self.script == Script::Dark {
            return Exchange::scripted(unknown());
        }
        let orders = self.orders.lock().unwrap_or_else(|p| p.into_inner());
        Exchange::scripted(match orders.get(trade_no) {
            Some((_, Some(at))) => match self.script {
                Script::InvisibleFor(d) if at.elapsed() < d => {
                    rejected(RejectClass::NotFound, "1007")
                }
                _ => paid(trade_no),
            },
            _ => rejected(RejectClass::NotFound, "1007"),
        })
    }
}
