//! The ledger file replaced under a running `listen` (a backup restored by
//! renaming it over the ledger): SQLite keeps writing to the file it opened,
//! which nobody opens again, so a callback recorded there and answered `OK`
//! was lost, and the gateway, told `OK`, never sent it again.

use super::proc::{Listening, paid, post_from, processing_ledger};
use std::time::{Duration, Instant};

#[test]
fn a_callback_is_never_answered_ok_into_a_ledger_file_replaced_under_listen() {
    let (env, trades) = processing_ledger(2, "rl");
    let mut l = Listening::start(&env, &[]);
    assert_eq!(post_from(l.addr, 2, &paid(&trades[0])).1, "OK");

    let copy = env.dir.path().join("restored.sqlite");
    let db = rusqlite::Connection::open(&env.ledger).expect("open");
    db.execute("VACUUM INTO ?1", [copy.to_string_lossy()])
        .expect("backup");
    drop(db);
    std::fs::rename(&copy, &env.ledger).expect("restore");
    for side in ["-wal", "-shm"] {
        let mut p = env.ledger.clone().into_os_string();
        p.push(side);
        let _ = std::fs::remove_file(p);
    }

    let (status, body) = post_from(l.addr, 2, &paid(&trades[1]));
    assert!(status.contains(" 503 "), "{status:?} {body:?}");
    let until = Instant::now() + Duration::from_secs(10);
    let code = loop {
        if let Ok(Some(s)) = l.child.try_wait() {
            break s.code();
        }
        assert!(Instant::now() < until, "listen goes on: {}", l.log_text());
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(code, Some(5), "{}", l.log_text());
    assert!(
        l.log_text().contains("was replaced or removed"),
        "{}",
        l.log_text()
    );

    // Started again (systemd's Restart=always), on the file now there.
    let mut l = Listening::start(&env, &[]);
    assert_eq!(post_from(l.addr, 2, &paid(&trades[1])).1, "OK");
    assert!(l.stop());
    assert_eq!(env.state_of(&trades[0]), ("paid".to_string(), 0));
    assert_eq!(env.state_of(&trades[1]), ("paid".to_string(), 0));
}
