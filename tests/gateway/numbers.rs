//! `data.status` sent as a JSON number. A number loses the provider's
//! leading zeros (`0015` arrives as `15`), so payrun puts them back, but
//! only where the number is one of the provider's codes: a gateway that
//! numbers its own states (`10`, `20`, `30`, or `200` for success, as HTTP
//! does) would otherwise have its "success" padded to `0020` and read as
//! failed, which `--retry-failed` pays again. The real `payrun` binary
//! against a scripted gateway on 127.0.0.1:0.

use super::scripted::{BALANCE, PAYOUT, Run, Scripted, json, rich_balance};

/// A gateway whose payout and query answers both say `"status":20` (its own
/// "success"): the payout is not failed, so no run pays it again, and once
/// `status_codes` maps `"20"` the next reconcile settles it as paid.
#[test]
fn a_numeric_status_that_is_no_provider_code_is_never_failed_and_never_paid_again() {
    let gw = Scripted::start(|c| match c.path.as_str() {
        BALANCE => rich_balance(),
        _ => json(format!(
            r#"{{"code":"0000","data":{{"tradeNo":"{}","status":20,"platFormTradeNo":"P1"}}}}"#,
            c.trade_no
        )),
    });
    let run = Run::new(&gw.url);
    let rows = [("N-1", "01712345642", 300)];
    let (code, out) = run.submit("numbers", &rows);
    assert_eq!(code, 1, "uncertain: {out}");
    assert_eq!(
        run.payout("N-1").0,
        "unknown",
        "status 20 is not the provider's failure code 0020"
    );
    let sheet = run.dir.path().join("numbers.csv");
    let sheet = sheet.to_string_lossy();
    let (_, out) = run.payrun(&[
        "submit",
        &sheet,
        "--batch",
        "numbers",
        "--retry-failed",
        "--rate",
        "unlimited",
        "--concurrency",
        "1",
        "--grace",
        "300ms",
    ]);
    assert_eq!(gw.calls(PAYOUT).len(), 1, "never paid again: {out}");

    let run = run.with_config("[status_codes]\n\"20\" = \"paid\"\n");
    let (code, out) = run.payrun(&["reconcile", "--batch", "numbers", "--rate", "unlimited"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(run.payout("N-1").0, "paid");
    assert_eq!(gw.calls(PAYOUT).len(), 1);
}

/// The provider's own failure codes have five digits (`00029`, `00032`), so
/// a gateway may write success and processing in that width too: `00000`,
/// `00015`. Read by "any other code is a failure", both were failed, final,
/// and `--retry-failed` sent each row again under a new tradeNo (a second
/// payment of a paid row). They are the provider's paid and processing
/// codes zero-padded, or a failure: payrun cannot tell, so they are unknown
/// until `status_codes` says which, and then `reconcile` settles them.
#[test]
fn success_and_processing_codes_padded_to_five_digits_are_never_failed() {
    let answer = |wallet: &str, c: &super::scripted::Call| {
        let status = if wallet == "01712345642" {
            "00000"
        } else {
            "00015"
        };
        json(format!(
            r#"{{"code":"0000","data":{{"tradeNo":"{}","status":"{status}"}}}}"#,
            c.trade_no
        ))
    };
    let gw = super::edges::by_wallet(answer, answer);
    let run = Run::new(&gw.url);
    let rows = [("Z-1", "01712345642", 300), ("Z-2", "01712345643", 400)];
    let (code, out) = run.submit("padded", &rows);
    assert_eq!(code, 1, "uncertain: {out}");
    assert_eq!(run.payout("Z-1").0, "unknown", "00000 is not a failure");
    assert_eq!(run.payout("Z-2").0, "unknown", "00015 is not a failure");
    let (_, out) = run.retry_failed("padded");
    assert_eq!(gw.calls(PAYOUT).len(), 2, "never paid again: {out}");

    let run = run.with_config("[status_codes]\n\"00000\" = \"paid\"\n\"00015\" = \"processing\"\n");
    let (code, out) = run.payrun(&["reconcile", "--batch", "padded", "--rate", "unlimited"]);
    // Z-2 stays processing (never failed): open, listed, and exit 0 as
    // the exit table has it (paid or processing).
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Open payouts"), "{out}");
    assert_eq!(run.payout("Z-1").0, "paid");
    assert_eq!(run.payout("Z-2").0, "processing");
    assert_eq!(gw.calls(PAYOUT).len(), 2);
}
