//! The grace period after a send that was never answered. A fresh order may
//! not show in queries at once, and a gateway that cannot see it yet may say
//! so in words payrun reads as a failure (`0000` with a "not found" code
//! inside `data`, which the provider's rule calls a failure). The real
//! `payrun` binary against a scripted gateway on 127.0.0.1:0.

use super::scripted::{BALANCE, PAYOUT, Run, Scripted, reply, rich_balance, seen_after};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The payout's answer is lost (a 504 from a proxy) while the gateway goes on
/// to make the order, which its queries show only a moment later: until then
/// they answer `0000` with status `1007` inside `data`. Read at once, that
/// "failure" was final, and `--retry-failed` sent the row again under a new
/// tradeNo while the first order paid: paid twice. A failure for a payout
/// the gateway never acknowledged is believed only from a query sent after
/// the grace period, as "not found" is; the order shows by then, paid.
#[test]
fn a_failure_for_an_unanswered_payout_is_believed_only_after_the_grace_period() {
    let sent: Arc<Mutex<Option<Instant>>> = Arc::default();
    let s = Arc::clone(&sent);
    let gw = Scripted::start(move |c| match c.path.as_str() {
        BALANCE => rich_balance(),
        PAYOUT => {
            *s.lock().unwrap() = Some(c.at);
            reply(504, "text/html", "<html>Gateway Timeout</html>")
        }
        _ => seen_after(
            &s,
            c,
            Duration::from_millis(250),
            r#"{"code":"0000","msg":"success","data":{"status":"1007","message":"order not exist"}}"#,
        ),
    });
    let run = Run::new(&gw.url);
    let (code, out) = run.submit("late", &[("E-1", "01712345642", 300)]);
    assert_eq!(run.payout("E-1").0, "paid", "{out}");
    assert_eq!(code, 0, "{out}");
    let (_, out) = run.retry_failed("late");
    assert_eq!(gw.calls(PAYOUT).len(), 1, "paid once: {out}");
}
