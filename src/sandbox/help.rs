//! The text under `payrun sandbox --help`, kept beside the rules it describes.

/// Under `-h`.
pub const CLI_EXAMPLES: &str = "\
Examples:
  payrun sandbox                                  # http://127.0.0.1:8080, no faults
  payrun sandbox --bind 127.0.0.1:0               # any free port; the URL is printed
  payrun sandbox --settle-after 200ms --drop-rate 0.05 --seed 42
  payrun sandbox --rate-limit 50 --throttle-with 429 --latency 10ms..80ms
  payrun sandbox --state books.json               # remembers its orders across restarts

More with --help: wallet rules, control endpoints, callbacks.";

/// Under `--help`.
pub const CLI_LONG_HELP: &str = "\
Examples:
  # The quick start: a gateway on 127.0.0.1:8080 that pays everything after 2 s.
  payrun sandbox

  # One gateway across restarts, as a real one: orders, their statuses and
  # timers, and the balance kept in books.json (its balance wins over --balance).
  payrun sandbox --state books.json

  # Any free port, settling fast, 5% of answers lost after processing, reproducible.
  payrun sandbox --bind 127.0.0.1:0 --settle-after 200ms --drop-rate 0.05 --seed 42

  # A throttled, slow, flaky gateway.
  payrun sandbox --rate-limit 50 --throttle-with 429 --latency 10ms..80ms \\
                 --error-rate 0.02 --garbage-rate 0.01

  # No duplicate check: a repeated tradeNo is paid again as a new order.
  payrun sandbox --accept-duplicates

  # The worst gateway for a resend: no duplicate check, and a new order shows
  # in queries only 40 s after it was placed (choose --grace above that).
  payrun sandbox --accept-duplicates --query-lag 40s

  # Callbacks twice, or before the payout's answer, and retried every second.
  payrun sandbox --callback-duplicate-rate 0.2 --callback-early-rate 0.1 \\
                 --callback-retries 1s,1s,1s

  # A statement an auditor must catch: 10% of debits missing, 10% off by
  # Tk 10, 10% reversed after paid, 2 debits nobody sent, Tk 5 fee per order.
  payrun sandbox --statement-missing-rate 0.1 --statement-amount-rate 0.1 \\
                 --statement-reversal-rate 0.1 --statement-extra-debits 2 \\
                 --statement-fee-poisha 500

  # For a test machine on a trusted network only: every interface. The
  # /_sandbox/* controls take no password, so this needs --public.
  payrun sandbox --bind 0.0.0.0:8080 --public

Credentials (public test values, printed at start):
  merchantNo 0000000001 (--merchant-no), secret sandbox-secret-0001
  (or $PAYRUN_SANDBOX_SECRET; a secret is never a command-line flag).

Wallet rules, by the walletId's last four digits:
  0000  fails with data.status 00029 (rejected)
  0019  fails with data.status 0100019 (daily cumulative amount reached)
  0032  fails with data.status 00032 (unknown error)
  1111  paid at once: the payout's answer already says 0000
  5555  stays 0015 (processing) until forced through the control API
  other paid (0000) after --settle-after
  Failures and processing payouts give their amount back to the balance.

Checks, in order (outer codes): merchantNo header (1003), JSON body (1001),
sign (1002), timestamp and fields (1001: walletId ^01[3-9]\\d{8,9}$, a known
wayCode, a whole-taka amount within limits, an http(s) notifyUrl, a tradeNo of
1-32 of [A-Za-z0-9_-]), repeated tradeNo (1004, no new order; with --accept-duplicates a new order,
paid again), balance (1005).
Unknown tradeNo on query: 1007. Over --max-orders: 5000.

Callbacks: each final status is POSTed, signed, to the payout's notifyUrl. An
answer other than HTTP 200 with the body exactly OK is retried per
--callback-retries.

Control endpoints (no sign needed; JSON):
  GET  /_sandbox/ledger             every order (tradeNo, walletId, wayCode, amount,
                                    status, platFormTradeNo, submissions), totals
                                    (repeated_orders, payout_requests, ...), balance
  GET  /_sandbox/faults             the fault knobs now
  POST /_sandbox/faults             replace them: {\"drop_rate\":0.1,\"seed\":7}
                                    (absent knobs reset to no fault)
  POST /_sandbox/balance            {\"available\":\"5000\"} in taka
  POST /_sandbox/orders/{tradeNo}   force a status: {\"status\":\"00029\",\"callback\":true}
                                    (a reversal after paid: {\"status\":\"REVERSED\"}; told
                                    by callback, or only by query for
                                    payrun reconcile --recheck-final)
  GET  /_sandbox/statement?from=YYYY-MM-DD&to=YYYY-MM-DD
                                    the merchant-portal statement (CSV): title rows,
                                    one line per order (debits, failed and pending
                                    orders, reversals), fees, running balance; days
                                    are the sandbox's local time, both ends included.
                                    The statement faults plant what `payrun match`
                                    must catch; GET /_sandbox/ledger lists them under
                                    statement_plants and statement_extras.

Example: curl -s http://127.0.0.1:8080/_sandbox/ledger | jq .totals

Connections: each has its own thread and is read the moment it opens; keep-alive,
Content-Length or chunked bodies up to 256 KiB. Over --max-connections a connection gets 503.
--drop-rate closes the connection right after processing (--drop-with close), or
keeps it open and never answers (--drop-with silence).

Ctrl-C stops it. Without --state its books live in memory only and are gone
when it stops; with --state FILE they are read at start and saved (the file
replaced whole, then synced) before every answer that shows a change, so a
restarted sandbox answers queries about the orders it was sent, as a real
gateway does. A damaged FILE stops the start with an error naming it: delete it
to start afresh (every order and the balance forgotten). One sandbox at a time
may use a FILE (FILE.lock beside it). The `--sandbox` of submit and reconcile
keeps its books this way in sandbox-gateway.json beside the sandbox ledger.";

/// Reads `--latency`: `50ms` or `10ms..200ms`, as (low, high) milliseconds.
pub fn parse_latency(text: &str) -> Result<(u64, u64), String> {
    let one = |t: &str| {
        crate::time::duration(t)
            .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
            .map_err(|e| format!("--latency {text:?}: {e}; e.g. 50ms or 10ms..200ms"))
    };
    match text.split_once("..") {
        Some((lo, hi)) => {
            let (lo, hi) = (one(lo)?, one(hi)?);
            if lo > hi {
                return Err(format!("--latency {text:?}: the range runs backwards"));
            }
            Ok((lo, hi))
        }
        None => one(text).map(|ms| (ms, ms)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latency_is_fixed_or_a_range() {
        assert_eq!(parse_latency("50ms"), Ok((50, 50)));
        assert_eq!(parse_latency("0ms"), Ok((0, 0)));
        assert_eq!(parse_latency("10ms..1s"), Ok((10, 1000)));
        assert!(parse_latency("1s..10ms").is_err());
        assert!(parse_latency("fast").unwrap_err().contains("--latency"));
    }
}
