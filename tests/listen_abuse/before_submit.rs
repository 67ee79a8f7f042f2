//! `payrun listen` started before the first `submit` (a fresh install whose
//! service manager starts the receiver first) used to exit "no ledger here",
//! and the first batch's callbacks were refused until someone restarted it.
//! Now it serves, answers signed callbacks 503 (never `OK`: nothing was
//! recorded) until `submit` creates the ledger, then records them.

use super::proc::{Listening, paid, post_from};
use crate::settle::Env;
use std::time::{Duration, Instant};

#[test]
fn listen_started_before_the_first_submit_records_callbacks_once_the_ledger_exists() {
    let env = Env::new(false, |c| c.settle_after = Duration::from_secs(3600));
    assert!(!env.ledger.exists());
    let mut l = Listening::start(&env, &[]);

    // A signed callback before there is a ledger: not OK, retried later.
    let early = paid("PR-EARLY-1");
    let (status, body) = post_from(l.addr, 2, &early);
    assert!(status.contains(" 503 "), "{status:?} {body:?}");
    assert_ne!(body, "OK");
    assert!(!env.ledger.exists(), "listen created a ledger");
    // A forged one is still refused as forged.
    let forged = early.replace("\"sign\":\"", "\"sign\":\"0");
    assert!(post_from(l.addr, 2, &forged).0.contains(" 401 "));
    assert!(
        l.child.try_wait().expect("wait").is_none(),
        "listen stays up"
    );

    // The first submit creates the ledger (wallets ending 5555 stay processing).
    assert_eq!(
        env.submit("first", &[("AB-0", "Payee", "01710005555", 100)]),
        0
    );
    let trade = env.trade_no_of("AB-0");
    assert_eq!(env.state_of(&trade).0, "processing");

    // The gateway's retries: answered 503 until listen has opened the
    // ledger (it looks every second), then recorded and answered OK.
    let until = Instant::now() + Duration::from_secs(10);
    let (status, body) = loop {
        let (status, body) = post_from(l.addr, 2, &paid(&trade));
        if !status.contains(" 503 ") || Instant::now() > until {
            break (status, body);
        }
        assert_ne!(body, "OK");
        std::thread::sleep(Duration::from_millis(200));
    };
    assert_eq!(
        (status.as_str(), body.as_str()),
        ("HTTP/1.1 200 OK", "OK"),
        "{}",
        l.log_text()
    );
    assert_eq!(env.state_of(&trade).0, "paid", "recorded when answered OK");
    assert!(l.stop(), "listen stops on SIGTERM");
    let log = l.log_text();
    for said in [
        "answered 503 (retry later), not recorded: no ledger at",
        "is there now",
    ] {
        assert!(log.contains(said), "the log lacks {said}:\n{log}");
    }
    // Nothing it answered 503 was recorded; listen's own run was.
    let recorded =
        env.count("SELECT COUNT(*) FROM events WHERE source = 'callback' AND verified = 1");
    assert_eq!(recorded, 1);
    assert_eq!(
        env.count("SELECT COUNT(*) FROM runs WHERE command = 'listen'"),
        1
    );
    let (_, help, _) = env.run(&["listen", "--help"]);
    assert!(
        help.contains("Started before the first submit") && help.contains("never `OK`"),
        "listen --help does not say it:\n{help}"
    );
}
