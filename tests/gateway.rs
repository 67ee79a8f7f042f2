//! The gateway client against the real sandbox on 127.0.0.1:0: every outcome
//! class the issue lists, end to end over HTTP.

use payrun::testing::codes::{RejectClass, TxStatus};
use payrun::testing::gateway::{
    Accepted, BalanceError, Client, ClientConfig, Outcome, PayoutRequest,
};
use payrun::testing::money::Amount;
use payrun::testing::sandbox::{Faults, Sandbox, SandboxConfig, SandboxHandle, ThrottleMode};
use payrun::testing::secret::Secret;
use payrun::testing::wallet::Provider;
use std::thread;
use std::time::{Duration, Instant};

mod balance;
mod callback;
mod callback_envelopes;
mod callback_merchant;
mod callback_readings;
mod during_submit;
mod edges;
mod grace;
mod not_found_codes;
mod not_found_inside;
mod numbers;
mod orders;
mod pacing;
mod printed_commands;
mod readings;
mod resent;
mod scripted;
mod shown;
mod spec_wire;
mod trade_no_form;
mod unmapped_refusal;
mod unread_told;
mod wire_edges;

/// A sandbox that settles fast and retries callbacks quickly.
fn sandbox_with(f: impl FnOnce(&mut SandboxConfig)) -> SandboxHandle {
    let mut cfg = SandboxConfig {
        settle_after: Duration::from_millis(100),
        callback_delays: vec![Duration::from_millis(50), Duration::from_millis(50)],
        callback_timeout: Duration::from_secs(2),
        threads: 4,
        ..SandboxConfig::default()
    };
    f(&mut cfg);
    Sandbox::start(cfg).expect("sandbox starts on 127.0.0.1:0")
}

fn sandbox() -> SandboxHandle {
    sandbox_with(|_| {})
}

/// Nothing listens on port 9 (discard) on a test machine; callbacks to it fail fast.
const NOWHERE: &str = "http://127.0.0.1:9/notify";

fn client(sbx: &SandboxHandle, notify: &str) -> Client {
    client_with(sbx, notify, |_| {})
}

fn client_with(sbx: &SandboxHandle, notify: &str, f: impl FnOnce(&mut ClientConfig)) -> Client {
    let mut cfg = ClientConfig::new(sbx.url(), sbx.merchant_no(), sbx.secret(), notify);
    cfg.connect_timeout = Duration::from_secs(1);
    cfg.request_timeout = Duration::from_secs(2);
    f(&mut cfg);
    Client::new(cfg).expect("client builds")
}

fn pay<'a>(trade_no: &'a str, wallet: &'a str, taka: i64) -> PayoutRequest<'a> {
    PayoutRequest {
        trade_no,
        amount: Amount::from_poisha(taka * 100),
        wallet_id: wallet,
        provider: Provider::Bkash,
        remark: Some("march salary"),
    }
}

fn accepted(outcome: &Outcome) -> &Accepted {
    match outcome {
        Outcome::Accepted(a) => a,
        other => panic!("expected accepted, got {other:?}"),
    }
}

fn rejected(outcome: &Outcome) -> (RejectClass, &str) {
    match outcome {
        Outcome::Rejected { class, code, .. } => (*class, code.as_str()),
        other => panic!("expected rejected, got {other:?}"),
    }
}

/// Queries until the status is final, for at most 3 s.
fn wait_final(client: &Client, trade_no: &str) -> Accepted {
    let deadline = Instant::now() + Duration::from_secs(3);
    loop {
        let ex = client.query(trade_no);
        let a = accepted(&ex.outcome).clone();
        if a.status != TxStatus::Processing || Instant::now() > deadline {
            return a;
        }
        thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn success_goes_processing_then_paid() {
    let sbx = sandbox();
    let c = client(&sbx, NOWHERE);
    let before = c.balance().unwrap().available;
    let ex = c.payout(&pay("GW-OK-1", "01712345678", 500));
    let a = accepted(&ex.outcome);
    assert_eq!(a.status, TxStatus::Processing);
    assert_eq!(ex.http_status, Some(200));
    assert_eq!(ex.outer_code.as_deref(), Some("0000"));
    assert_eq!(ex.data_status.as_deref(), Some("0015"));
    let platform = a.platform_trade_no.clone().unwrap();
    assert!(!ex.request_body.contains("sandbox-secret-0001"));

    let fin = wait_final(&c, "GW-OK-1");
    assert_eq!(fin.status, TxStatus::Paid);
    assert_eq!(fin.code, "0000");
    assert_eq!(fin.trade_no.as_deref(), Some("GW-OK-1"));
    assert_eq!(fin.platform_trade_no.as_deref(), Some(platform.as_str()));
    assert_eq!(fin.amount, Some(Amount::from_poisha(50_000)));
    assert!(fin.success_time.is_some());
    let after = c.balance().unwrap().available;
    assert_eq!(before.checked_sub(after), Some(Amount::from_poisha(50_000)));

    let orders = sbx.orders();
    assert_eq!(orders.len(), 1);
    assert_eq!(
        (orders[0].submissions, orders[0].status.as_str()),
        (1, "0000")
    );
    assert_eq!(orders[0].remark.as_deref(), Some("march salary"));
}

#[test]
fn instant_wallet_is_paid_in_the_answer() {
    let sbx = sandbox();
    let c = client(&sbx, NOWHERE);
    let ex = c.payout(&pay("GW-INSTANT", "01712341111", 100));
    assert_eq!(accepted(&ex.outcome).status, TxStatus::Paid);
}

#[test]
fn failure_wallet_fails_after_processing_and_refunds() {
    let sbx = sandbox();
    let c = client(&sbx, NOWHERE);
    let before = c.balance().unwrap().available;
    let ex = c.payout(&pay("GW-FAIL-1", "01712340000", 700));
    assert_eq!(accepted(&ex.outcome).status, TxStatus::Processing);
    let fin = wait_final(&c, "GW-FAIL-1");
    assert_eq!((fin.status, fin.code.as_str()), (TxStatus::Failed, "00029"));
    assert!(fin.desc.is_some_and(|d| !d.is_empty()));
    assert_eq!(c.balance().unwrap().available, before);

    let ex = c.payout(&pay("GW-FAIL-2", "01712340019", 700));
    assert_eq!(accepted(&ex.outcome).status, TxStatus::Processing);
    assert_eq!(wait_final(&c, "GW-FAIL-2").code, "0100019");
}

#[test]
fn duplicate_trade_no_is_refused_and_creates_nothing() {
    let sbx = sandbox();
    let c = client(&sbx, NOWHERE);
    accepted(&c.payout(&pay("GW-DUP", "01712345678", 100)).outcome);
    let again = c.payout(&pay("GW-DUP", "01812345678", 900));
    assert_eq!(rejected(&again.outcome), (RejectClass::Duplicate, "1004"));
    let orders = sbx.orders();
    assert_eq!(orders.len(), 1);
    assert_eq!(orders[0].submissions, 2);
    assert_eq!(orders[0].amount, Amount::from_poisha(10_000));
    // The query tells what became of the original.
    assert_eq!(
        accepted(&c.query("GW-DUP").outcome).trade_no.as_deref(),
        Some("GW-DUP")
    );
}

#[test]
fn wrong_secret_or_merchant_is_systemic() {
    let sbx = sandbox();
    let bad = client_with(&sbx, NOWHERE, |c| {
        c.secret = Secret::new("not-the-secret".to_string())
    });
    let ex = bad.payout(&pay("GW-SIGN", "01712345678", 100));
    assert_eq!(rejected(&ex.outcome), (RejectClass::Systemic, "1002"));
    assert!(!ex.request_body.contains("not-the-secret"));
    assert!(matches!(
        bad.balance(),
        Err(BalanceError::Systemic { code, .. }) if code == "1002"
    ));
    let stranger = client_with(&sbx, NOWHERE, |c| c.merchant_no = "9999999999".to_string());
    let ex = stranger.payout(&pay("GW-MERCH", "01712345678", 100));
    assert_eq!(rejected(&ex.outcome), (RejectClass::Systemic, "1003"));
    assert!(sbx.orders().is_empty());
}

#[test]
fn insufficient_balance_is_systemic() {
    let sbx = sandbox_with(|c| c.balance = Amount::from_poisha(30_000));
    let c = client(&sbx, NOWHERE);
    assert_eq!(c.balance().unwrap().available, Amount::from_poisha(30_000));
    accepted(&c.payout(&pay("GW-BAL-1", "01712345678", 200)).outcome);
    let ex = c.payout(&pay("GW-BAL-2", "01712345678", 200));
    assert_eq!(rejected(&ex.outcome), (RejectClass::Systemic, "1005"));
    assert_eq!(sbx.orders().len(), 1);
    sbx.set_balance(Amount::from_poisha(1_000_000));
    accepted(&c.payout(&pay("GW-BAL-2", "01712345678", 200)).outcome);
}

#[test]
fn invalid_rows_and_unknown_orders() {
    let sbx = sandbox();
    let c = client(&sbx, NOWHERE);
    for (trade_no, wallet, poisha) in [
        ("GW-BAD-1", "01123456789", 10_000),        // 011 is not in use
        ("GW-BAD-2", "01712345678", 10_050),        // decimals
        ("GW-BAD-3", "01712345678", 100 * 100_000), // over the limit
        ("GW BAD 4", "01712345678", 10_000),        // tradeNo charset
    ] {
        let r = PayoutRequest {
            amount: Amount::from_poisha(poisha),
            ..pay(trade_no, wallet, 0)
        };
        let ex = c.payout(&r);
        assert_eq!(
            rejected(&ex.outcome),
            (RejectClass::InvalidRow, "1001"),
            "{trade_no}"
        );
    }
    assert!(sbx.orders().is_empty());
    assert_eq!(
        rejected(&c.query("GW-NEVER").outcome),
        (RejectClass::NotFound, "1007")
    );
}

#[test]
fn throttling_by_code_and_by_http_429() {
    let sbx = sandbox();
    let c = client(&sbx, NOWHERE);
    sbx.set_faults(Faults {
        rate_limit: 2,
        throttle_with: ThrottleMode::Code1006,
        ..Faults::default()
    });
    let outcomes: Vec<Outcome> = (0..6)
        .map(|i| {
            c.payout(&pay(&format!("GW-THR-{i}"), "01712345678", 100))
                .outcome
        })
        .collect();
    let throttled = outcomes
        .iter()
        .filter(|o| matches!(o, Outcome::Rejected { class: RejectClass::Throttled, code, .. } if code == "1006"))
        .count();
    let placed = outcomes
        .iter()
        .filter(|o| matches!(o, Outcome::Accepted(_)))
        .count();
    assert!(throttled >= 3, "{outcomes:?}");
    assert_eq!(
        sbx.orders().len(),
        placed,
        "a throttled request places nothing"
    );

    sbx.set_faults(Faults {
        rate_limit: 1,
        throttle_with: ThrottleMode::Http429,
        ..Faults::default()
    });
    let outcomes: Vec<Outcome> = (0..4).map(|_| c.query("GW-THR-0").outcome).collect();
    assert!(
        outcomes.iter().any(|o| matches!(
            o,
            Outcome::Unknown {
                throttled: true,
                ..
            }
        )),
        "{outcomes:?}"
    );
}

#[test]
fn dropped_response_is_unknown_then_the_query_finds_the_order() {
    let sbx = sandbox();
    let c = client_with(&sbx, NOWHERE, |c| {
        c.request_timeout = Duration::from_millis(400)
    });
    sbx.set_faults(Faults {
        drop_rate: 1.0,
        ..Faults::default()
    });
    let ex = c.payout(&pay("GW-DROP", "01712345678", 300));
    match &ex.outcome {
        Outcome::Unknown { throttled, .. } => assert!(!throttled),
        other => panic!("a dropped answer must be unknown, never not-sent: {other:?}"),
    }
    assert_eq!(ex.http_status, None);
    sbx.set_faults(Faults::default());
    let found = accepted(&c.query("GW-DROP").outcome).clone();
    assert_eq!(found.trade_no.as_deref(), Some("GW-DROP"));
    assert_eq!(sbx.orders().len(), 1, "the dropped request was processed");
    assert_eq!(wait_final(&c, "GW-DROP").status, TxStatus::Paid);
}

#[test]
fn server_errors_and_garbage_are_unknown() {
    let sbx = sandbox();
    let c = client(&sbx, NOWHERE);
    sbx.set_faults(Faults {
        error_rate: 1.0,
        error_status: 502,
        ..Faults::default()
    });
    let ex = c.payout(&pay("GW-5XX", "01712345678", 100));
    assert!(
        matches!(
            ex.outcome,
            Outcome::Unknown {
                throttled: false,
                ..
            }
        ),
        "{:?}",
        ex.outcome
    );
    assert_eq!(ex.http_status, Some(502));
    assert!(sbx.orders().is_empty(), "5xx faults act before processing");

    sbx.set_faults(Faults {
        garbage_rate: 1.0,
        ..Faults::default()
    });
    let ex = c.payout(&pay("GW-HTML", "01712345678", 100));
    assert!(
        matches!(ex.outcome, Outcome::Unknown { .. }),
        "{:?}",
        ex.outcome
    );
    assert!(ex.body.as_deref().unwrap_or_default().starts_with('<'));
    assert_eq!(
        sbx.orders().len(),
        1,
        "garbage answers come after processing"
    );
}

#[test]
fn a_stopped_sandbox_is_not_sent() {
    let sbx = sandbox();
    let c = client(&sbx, NOWHERE);
    sbx.shutdown();
    let ex = c.payout(&pay("GW-GONE", "01712345678", 100));
    assert!(
        matches!(ex.outcome, Outcome::NotSent { .. }),
        "{:?}",
        ex.outcome
    );
}
