//! A sandbox with a books file is one gateway across restarts: what it was
//! sent, the statuses, the timers and the balance are there after a stop and
//! a start, and one sandbox at a time keeps the file.

use super::*;
use payrun::testing::sandbox::{OrderView, SandboxError};

fn with_books(path: &std::path::Path) -> SandboxHandle {
    sandbox_with(|c| {
        c.books = Some(path.to_path_buf());
        c.settle_after = Duration::from_secs(3600);
    })
}

/// The orders once every paid one has made all its callback attempts (one
/// plus one per delay of `sandbox_with`, to a port where nobody answers).
/// A retry still due could land between an earlier look and the shutdown,
/// and the restarted sandbox rightly remembers one more attempt than that
/// look saw (a loaded machine: 2 against 1).
fn orders_once_callbacks_are_done(sbx: &SandboxHandle) -> Vec<OrderView> {
    let started = Instant::now();
    loop {
        let orders = sbx.orders();
        let done = orders
            .iter()
            .all(|o| o.status != "0000" || o.callback_acked || o.callbacks_sent >= 2);
        if done || started.elapsed() > Duration::from_secs(10) {
            return orders;
        }
        thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn a_restarted_sandbox_knows_its_orders_their_statuses_and_the_balance() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("books.json");
    let sbx = with_books(&path);
    let c = client(&sbx, NOWHERE);
    for (t, w) in [("B-PAID", "01712341111"), ("B-LATER", "01712345678")] {
        assert!(matches!(c.payout(&pay(t, w)).outcome, Outcome::Accepted(_)));
    }
    let before = (orders_once_callbacks_are_done(&sbx), sbx.available());
    // A second sandbox on the same file is refused while the first runs.
    let cfg = SandboxConfig {
        books: Some(path.clone()),
        ..SandboxConfig::default()
    };
    let busy = Sandbox::start(cfg).expect_err("the books are in use");
    assert!(matches!(busy, SandboxError::BooksBusy { .. }), "{busy}");
    // Started again at once: `shutdown` unlocked the books, even while a
    // process another test starts holds a copy of the lock file.
    sbx.shutdown();

    let sbx = with_books(&path);
    assert_eq!((sbx.orders(), sbx.available()), before);
    let c = client(&sbx, NOWHERE);
    let status = |t: &str| match c.query(t).outcome {
        Outcome::Accepted(a) => a.status,
        other => panic!("{t}: {other:?}"),
    };
    assert_eq!(status("B-PAID"), TxStatus::Paid);
    assert_eq!(status("B-LATER"), TxStatus::Processing);
    // A repeated tradeNo is still a duplicate, not a second order.
    let again = c.payout(&pay("B-PAID", "01712341111")).outcome;
    assert!(!matches!(again, Outcome::Accepted(_)), "{again:?}");
    assert_eq!(sbx.orders().len(), 2);
    sbx.shutdown();

    std::fs::write(&path, b"[1, 2").unwrap();
    let cfg = SandboxConfig {
        books: Some(path.clone()),
        ..SandboxConfig::default()
    };
    let err = Sandbox::start(cfg).expect_err("damaged books");
    let text = err.to_string();
    assert!(
        text.contains("books.json") && text.contains("delete"),
        "{text}"
    );
}
