//! Fuzzes the HTTP layer as it stands after the hyper change: the bytes of
//! one connection go through the same hyper configuration, admission and
//! exchange code as a real socket (`payrun::testing::http::fuzzing`), with `listen`'s
//! limits (16 KiB bodies, 16 KiB heads, 64 headers, close after a refusal).
//!
//! Input: byte 0 picks how the bytes arrive (0: all at once; n: n % 64 + 1
//! bytes per read, so heads, chunk sizes and bodies split anywhere); the
//! rest is what the client sends before closing its side.
//!
//! Properties, beyond "never panics":
//! - the handler never sees a body over the limit;
//! - whatever the server writes is HTTP responses, from its first byte;
//! - every request the handler saw was answered (one final response each),
//!   and every body refused as too large was answered 413;
//! - memory stays bounded: run with `-rss_limit_mb=512 -malloc_limit_mb=64`
//!   (no single allocation grows with the input past the limits).
#![no_main]

use libfuzzer_sys::fuzz_target;
use payrun::testing::http::fuzzing::Exchange;
use std::sync::OnceLock;

const MAX_BODY: usize = 16 * 1024;

static EXCHANGE: OnceLock<Exchange> = OnceLock::new();

/// The status codes of the responses in `out`, in order.
fn statuses(out: &[u8]) -> Vec<u16> {
    let text = String::from_utf8_lossy(out);
    text.match_indices("HTTP/1.")
        .filter_map(|(i, _)| text.get(i + 9..i + 12)?.parse().ok())
        .collect()
}

fuzz_target!(|data: &[u8]| {
    let ex = EXCHANGE.get_or_init(|| Exchange::new(MAX_BODY).expect("a runtime"));
    let (step, input) = match data.split_first() {
        Some((0, rest)) => (usize::MAX, rest),
        Some((b, rest)) => (usize::from(*b) % 64 + 1, rest),
        None => (1, data),
    };
    let out = ex.run(input, step);
    for r in &out.requests {
        assert!(r.body_len <= MAX_BODY, "the handler saw {} bytes", r.body_len);
    }
    if !out.output.is_empty() {
        assert!(out.output.starts_with(b"HTTP/1."), "{:?}", String::from_utf8_lossy(&out.output));
    }
    let codes = statuses(&out.output);
    let finals = codes.iter().filter(|c| **c >= 200).count();
    assert!(
        finals >= out.requests.len() + out.refused,
        "{} requests, {} refused, answers {codes:?}",
        out.requests.len(),
        out.refused
    );
    assert_eq!(codes.iter().filter(|c| **c == 413).count(), out.refused, "{codes:?}");
});
