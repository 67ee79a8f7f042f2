use super::*;
use std::time::Duration;

fn new(trade_no: &str, wallet: &str, taka: i64) -> NewOrder {
    NewOrder {
        trade_no: trade_no.to_string(),
        wallet_id: wallet.to_string(),
        way_code: "EWALLET_BKASH".to_string(),
        amount: Amount::from_poisha(taka * 100),
        notify_url: String::new(),
        remark: None,
    }
}

fn t() -> String {
    "2025-01-01 00:00:00".to_string()
}

#[test]
fn a_repeated_trade_no_counts_but_creates_nothing() {
    let mut b = Book::new(Amount::from_poisha(100_000), 10);
    let later = Some(Instant::now() + Duration::from_secs(60));
    assert!(b.place(new("T1", "01712345678", 100), later, t).is_ok());
    assert_eq!(
        b.place(new("T1", "01712345678", 100), later, t),
        Err(Refusal::Duplicate { submissions: 2 })
    );
    assert_eq!(b.views().len(), 1);
    assert_eq!(b.views()[0].submissions, 2);
    assert_eq!(b.money().available, Amount::from_poisha(90_000));
}

/// `accept_duplicates`: the gateway with no duplicate check. A repeated
/// tradeNo is a second order that takes money again, and the tradeNo names
/// the newest order from then on.
#[test]
fn with_accept_duplicates_a_repeated_trade_no_is_a_second_paid_order() {
    let mut b = Book::new(Amount::from_poisha(100_000), 10);
    b.accept_duplicates = true;
    let (first, _) = b.place(new("T1", "01712345678", 100), None, t).unwrap();
    let (second, view) = b.place(new("T1", "01712345678", 100), None, t).unwrap();
    assert_ne!(first, second);
    assert_eq!(view.submissions, 1);
    assert_eq!(b.views().len(), 2);
    assert_eq!(b.money().paid_out, Amount::from_poisha(20_000));
    assert_eq!(b.get("T1").map(|(i, _)| i), Some(second));
}

#[test]
fn balance_refuses_and_failures_refund() {
    let mut b = Book::new(Amount::from_poisha(30_000), 10);
    let now = Instant::now();
    let soon = Some(now);
    b.place(new("A", "01712340000", 200), soon, t).unwrap();
    assert_eq!(
        b.place(new("B", "01712345678", 200), soon, t),
        Err(Refusal::Insufficient {
            available: Amount::from_poisha(10_000)
        })
    );
    let finals = b.settle_due(now + Duration::from_millis(1), t);
    assert_eq!(finals.len(), 1);
    assert_eq!(finals[0].view.status, "00029");
    assert_eq!(b.money().available, Amount::from_poisha(30_000));
    assert_eq!(b.money().frozen, Amount::ZERO);
    b.place(new("B", "01712345678", 200), soon, t).unwrap();
    let finals = b.settle_due(now + Duration::from_millis(1), t);
    assert_eq!(finals[0].view.status, "0000");
    assert!(finals[0].view.success_time.is_some());
    assert_eq!(b.money().paid_out, Amount::from_poisha(20_000));
}

#[test]
fn wallet_rules_and_instant_and_stuck() {
    assert_eq!(final_for("01712340000").0, "00029");
    assert_eq!(final_for("01712340019").0, "0100019");
    assert_eq!(final_for("01712340032").0, "00032");
    assert_eq!(final_for("01712345678").0, "0000");
    let mut b = Book::new(Amount::from_poisha(1_000_000), 10);
    let (_, v) = b.place(new("I", "01712341111", 1), None, t).unwrap();
    assert_eq!(v.status, "0000");
    let (_, v) = b.place(new("F", "01712340000", 1), None, t).unwrap();
    assert_eq!(v.status, "00029");
    let now = Instant::now();
    let (_, v) = b.place(new("S", "01712345555", 1), Some(now), t).unwrap();
    assert_eq!(v.status, "0015");
    assert!(b.settle_due(now + Duration::from_secs(3600), t).is_empty());
    assert_eq!(b.get("S").map(|(_, v)| v.status.clone()).unwrap(), "0015");
}

#[test]
fn the_cap_refuses_new_orders() {
    let mut b = Book::new(Amount::from_poisha(1_000_000), 1);
    b.place(new("A", "01712345678", 1), None, t).unwrap();
    assert_eq!(
        b.place(new("B", "01712345678", 1), None, t),
        Err(Refusal::Full { max: 1 })
    );
}

#[test]
fn forcing_moves_money_and_stops_settling() {
    let mut b = Book::new(Amount::from_poisha(100_000), 10);
    let now = Instant::now();
    b.place(new("A", "01712345678", 100), Some(now), t).unwrap();
    let f = b.force("A", "00029", "forced", t).unwrap();
    assert_eq!(f.view.status, "00029");
    assert_eq!(b.money().available, Amount::from_poisha(100_000));
    assert!(b.settle_due(now + Duration::from_secs(1), t).is_empty());
    b.force("A", "0000", "forced", t).unwrap();
    assert_eq!(b.money().available, Amount::from_poisha(90_000));
    assert_eq!(b.money().paid_out, Amount::from_poisha(10_000));
    assert!(b.force("missing", "0000", "", t).is_none());
}

#[test]
fn an_early_callback_is_not_repeated_at_settling() {
    let mut b = Book::new(Amount::from_poisha(100_000), 10);
    let now = Instant::now();
    let (i, _) = b.place(new("A", "01712340000", 100), Some(now), t).unwrap();
    let early = b.tell_early(i, t).unwrap();
    assert_eq!(early.status, "00029");
    assert_eq!(b.get("A").map(|(_, v)| v.status.clone()).unwrap(), "0015");
    assert!(b.settle_due(now + Duration::from_millis(1), t).is_empty());
    assert_eq!(b.get("A").map(|(_, v)| v.status.clone()).unwrap(), "00029");
}

/// Orders, their states and timers, and the money come back as they
/// were: a timer still running keeps running, one due settles.
#[test]
fn the_books_come_back_from_their_file_as_they_were() {
    let mut b = Book::new(Amount::from_poisha(1_000_000), 10);
    let now = Instant::now();
    b.place(new("PAID", "01712341111", 100), None, t).unwrap();
    b.place(new("SOON", "01712345678", 100), Some(now), t)
        .unwrap();
    b.place(
        new("LATER", "01712340000", 100),
        Some(now + Duration::from_secs(3600)),
        t,
    )
    .unwrap();
    b.place(new("STUCK", "01712345555", 100), Some(now), t)
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
        back.place(new("PAID", "01712341111", 100), None, t),
        Err(Refusal::Duplicate { submissions: 2 })
    ));
    let file: BooksFile = serde_json::from_str(&text).unwrap();
    let err = Book::from_file(file, 3).unwrap_err();
    assert!(err.contains("4 orders, more than the 3"), "{err}");
}
