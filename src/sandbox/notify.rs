//! Callbacks: settle orders when their time comes and POST each final status
//! to the merchant's `notifyUrl`, signed, retrying until the answer is exactly
//! `OK` or the schedule runs out.

use super::server::{Shared, local_time, lock, now_ms};
use super::state::OrderView;
use crate::gateway::signed_body;
use crate::secret::Secret;
use std::cmp::{Ordering as CmpOrdering, Reverse};
use std::collections::{BTreeMap, BinaryHeap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// Threads POSTing callbacks, so one slow merchant does not hold the others.
const SENDERS: usize = 4;
/// How often the scheduler looks for orders to settle.
const TICK: Duration = Duration::from_millis(5);
/// How long after the first copy a duplicated callback follows.
const DUPLICATE_AFTER: Duration = Duration::from_millis(50);

#[derive(Debug, Clone)]
struct Delivery {
    index: usize,
    url: String,
    body: String,
    /// 0 for the first POST.
    attempt: usize,
}

struct Delayed {
    at: Instant,
    seq: u64,
    delivery: Delivery,
}

impl PartialEq for Delayed {
    fn eq(&self, other: &Self) -> bool {
        (self.at, self.seq) == (other.at, other.seq)
    }
}
impl Eq for Delayed {}
impl PartialOrd for Delayed {
    fn partial_cmp(&self, other: &Self) -> Option<CmpOrdering> {
        Some(self.cmp(other))
    }
}
impl Ord for Delayed {
    fn cmp(&self, other: &Self) -> CmpOrdering {
        (self.at, self.seq).cmp(&(other.at, other.seq))
    }
}

pub(crate) struct Notifier {
    delayed: Mutex<BinaryHeap<Reverse<Delayed>>>,
    cv: Condvar,
    tx: Mutex<mpsc::Sender<Delivery>>,
    rx: Mutex<mpsc::Receiver<Delivery>>,
    agent: ureq::Agent,
    delays: Vec<Duration>,
    seq: AtomicU64,
}

/// The callback's body: every field a string, signed with the sandbox secret.
pub(crate) fn callback_body(view: &OrderView, secret: &Secret) -> String {
    let mut fields = BTreeMap::new();
    let mut put = |k: &str, v: &str| {
        fields.insert(k.to_string(), v.to_string());
    };
    put("tradeNo", &view.trade_no);
    put("platFormTradeNo", &view.platform_trade_no);
    put("amount", &view.amount.to_wire());
    put("status", &view.status);
    put("message", &view.message);
    put(
        "successTime",
        view.success_time.as_deref().unwrap_or_default(),
    );
    put("remark", view.remark.as_deref().unwrap_or_default());
    put("timestamp", &now_ms().to_string());
    signed_body(&mut fields, secret)
}

impl Notifier {
    pub fn new(delays: Vec<Duration>, timeout: Duration) -> Notifier {
        let (tx, rx) = mpsc::channel();
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(timeout))
            .timeout_connect(Some(timeout.min(Duration::from_secs(5))))
            .max_idle_connections_per_host(SENDERS * 2)
            .user_agent("payrun-sandbox-callback")
            .build()
            .into();
        Notifier {
            delayed: Mutex::new(BinaryHeap::new()),
            cv: Condvar::new(),
            tx: Mutex::new(tx),
            rx: Mutex::new(rx),
            agent,
            delays,
            seq: AtomicU64::new(0),
        }
    }

    pub fn wake(&self) {
        self.cv.notify_all();
    }

    /// Tells the merchant a final status. The first POST goes out now: from
    /// this thread when `sync` (an early callback must arrive before the
    /// payout's answer), else from a sender thread. A duplicate follows when
    /// the dice say so.
    pub fn tell(&self, sh: &Shared, index: usize, view: &OrderView, sync: bool) {
        if view.notify_url.is_empty() {
            return;
        }
        let delivery = Delivery {
            index,
            url: view.notify_url.clone(),
            body: callback_body(view, &sh.cfg.secret),
            attempt: 0,
        };
        let rate = lock(&sh.faults).callback_duplicate_rate;
        if sh.dice.hit(rate) {
            self.later(DUPLICATE_AFTER, delivery.clone());
        }
        if sync {
            self.deliver(sh, delivery);
        } else {
            let _ = lock(&self.tx).send(delivery);
        }
    }

    fn later(&self, after: Duration, delivery: Delivery) {
        let seq = self.seq.fetch_add(1, Ordering::Relaxed);
        lock(&self.delayed).push(Reverse(Delayed {
            at: Instant::now() + after,
            seq,
            delivery,
        }));
        self.cv.notify_all();
    }

    fn deliver(&self, sh: &Shared, d: Delivery) {
        let acked = match self
            .agent
            .post(&d.url)
            .header("Content-Type", "application/json")
            .send(d.body.as_bytes())
        {
            Ok(mut resp) => {
                let ok_status = resp.status().as_u16() == 200;
                let body = resp
                    .body_mut()
                    .with_config()
                    .limit(1024)
                    .read_to_vec()
                    .unwrap_or_default();
                ok_status && body == b"OK"
            }
            Err(_) => false,
        };
        lock(&sh.book).note_callback(d.index, acked);
        if !acked && let Some(delay) = self.delays.get(d.attempt) {
            let next = Delivery {
                attempt: d.attempt + 1,
                ..d
            };
            self.later(*delay, next);
        }
    }

    fn take_due(&self, now: Instant) -> Vec<Delivery> {
        let mut heap = lock(&self.delayed);
        let mut due = Vec::new();
        while heap.peek().is_some_and(|Reverse(d)| d.at <= now) {
            if let Some(Reverse(d)) = heap.pop() {
                due.push(d.delivery);
            }
        }
        due
    }
}

/// Starts the scheduler (returned, to be joined) and the sender threads
/// (detached: a POST in flight may take the whole callback timeout).
pub(crate) fn spawn(shared: &Arc<Shared>) -> Vec<JoinHandle<()>> {
    for n in 0..SENDERS {
        let sh = Arc::clone(shared);
        let _ = thread::Builder::new()
            .name(format!("sandbox-callback-{n}"))
            .spawn(move || sender(&sh));
    }
    let sh = Arc::clone(shared);
    thread::Builder::new()
        .name("sandbox-scheduler".to_string())
        .spawn(move || scheduler(&sh))
        .into_iter()
        .collect()
}

fn scheduler(sh: &Shared) {
    while !sh.stop.load(Ordering::SeqCst) {
        let now = Instant::now();
        let finals = lock(&sh.book).settle_due(now, local_time);
        // A callback tells a final status: the books hold it first.
        if !finals.is_empty() {
            let _ = sh.keep_books();
        }
        for f in finals {
            sh.notifier.tell(sh, f.index, &f.view, false);
        }
        for d in sh.notifier.take_due(now) {
            let _ = lock(&sh.notifier.tx).send(d);
        }
        let guard = lock(&sh.notifier.delayed);
        let _ = sh.notifier.cv.wait_timeout(guard, TICK);
    }
}

fn sender(sh: &Shared) {
    while !sh.stop.load(Ordering::SeqCst) {
        let next = lock(&sh.notifier.rx).recv_timeout(Duration::from_millis(50));
        match next {
            Ok(d) => sh.notifier.deliver(sh, d),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }
}
