//! (d) A dry run answers as the real run would. A gateway that fails the
//! first balance request transiently (a 503, a dropped connection) and
//! answers the next one is retried by the real run, so the dry run must not
//! report "could not start" (exit 5) for it.

use super::*;

/// How a transient failure is answered.
type Blip = fn() -> Reply;

/// A gateway whose first balance request gets `blip`; every later one, and
/// every payout and query, behaves (payouts are paid at once).
fn blip_then_healthy(blip: Blip) -> TinyGateway {
    let balance_asks = AtomicU8::new(0);
    TinyGateway::start(move |path, body| match endpoint(path) {
        "balance" if balance_asks.fetch_add(1, Ordering::SeqCst) == 0 => blip(),
        "balance" => rich(),
        "payout" => ok(json!({"platFormTradeNo": format!("P-{}", body["tradeNo"]),
                              "status": "0000"})),
        _ => Reply::Status(404),
    })
}

fn balance_asks(gw: &TinyGateway) -> usize {
    gw.seen()
        .iter()
        .filter(|s| endpoint(&s.path) == "balance")
        .count()
}

#[test]
fn a_dry_run_retries_a_transient_balance_failure_like_the_real_run() {
    let blips: [(&str, Blip); 2] = [
        ("HTTP 503", || Reply::Status(503)),
        ("a dropped connection", || Reply::Silence(Duration::ZERO)),
    ];
    for (what, blip) in blips {
        let dir = tempfile::tempdir().unwrap();
        let ledger = dir.path().join("ledger.sqlite");
        let s = sheet(dir.path(), "s.csv", &[("E-1", "01712345678", 500)]);

        let gw = blip_then_healthy(blip);
        let (code, out) = submit(&gw.url, &ledger, &s, "nov", &["--dry-run"]);
        assert_eq!(
            code, 0,
            "{what}: the dry run must ask again, not exit 5:\n{out}"
        );
        assert!(out.contains("covers Tk"), "{what}: {out}");
        assert_eq!(balance_asks(&gw), 2, "{what}: asked again once:\n{out}");
        assert!(!ledger.exists(), "{what}: a dry run writes nothing");

        // The real run, against the same kind of gateway, goes on and pays.
        let gw = blip_then_healthy(blip);
        let (code, out) = submit(&gw.url, &ledger, &s, "nov", &[]);
        assert_eq!(code, 0, "{what}: the real run:\n{out}");
        assert_eq!(gw.payouts_for(&trade_of("nov", "E-1")), 1, "{what}");
    }
}
