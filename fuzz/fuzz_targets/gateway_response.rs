//! Fuzzes the gateway response classifier: one HTTP status and one body,
//! exactly as the client hands them over (the body read as lossy UTF-8).
//!
//! Input layout: bytes 0-1 the HTTP status (big-endian), byte 2 picks the
//! code-class configuration, the rest is the body.
//!
//! Properties, beyond "never panics":
//! - HTTP 429 and 5xx are Unknown, whatever the body says;
//! - only an outer code of exactly `0000` yields Accepted, and an Accepted
//!   outcome's `data_status` is its code and its status follows the code;
//! - a Rejected outcome carries the outer code and the class configured for it;
//! - a 3xx, an accepted code under a 4xx, and a refusal believed as "no
//!   order" (invalid row, not found, throttled) whose `data.status` says
//!   paid or processing are Unknown (throttled only for HTTP 429 or a
//!   throttled refusal);
//! - an amount read from `data` survives `to_wire` and a re-parse unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;
use payrun::testing::gateway::wire::{self, Rounding};
use payrun::testing::gateway::{Outcome, classify};
use payrun::testing::codes::{CodeAction, CodeClasses, RejectClass, StatusMeaning, TxStatus};

fn classes(selector: u8) -> CodeClasses {
    let mut classes = CodeClasses::default();
    match selector % 4 {
        0 => {}
        // A merchant who remapped codes, including ones near the defaults.
        1 => {
            classes.set("5000", CodeAction::Reject(RejectClass::Unknown));
            classes.set("9999", CodeAction::Uncertain);
            classes.set("1", CodeAction::Reject(RejectClass::Throttled));
        }
        // A configuration that tries to map `0000` itself: classify must still
        // read `data.status` for it.
        2 => classes.set("0000", CodeAction::Reject(RejectClass::Systemic)),
        _ => {
            for class in RejectClass::ALL {
                classes.set(class.name(), CodeAction::Reject(class));
            }
        }
    }
    classes
}

fn check_amount_round_trip(text: &str) {
    let exact = wire::parse_amount(text, Rounding::Exact);
    let toward = wire::parse_amount(text, Rounding::TowardZero);
    if let Some(a) = exact {
        assert_eq!(toward, Some(a), "Exact and TowardZero disagree on {text:?}");
        assert_eq!(
            wire::parse_amount(&a.to_wire(), Rounding::Exact),
            Some(a),
            "{text:?} -> {a:?} -> {:?} does not round-trip",
            a.to_wire()
        );
    }
    if let Some(a) = toward {
        // Dropping sub-poisha digits never moves away from zero past `exact`.
        if let Some(e) = exact {
            assert_eq!(a, e);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 3 {
        return;
    }
    let http_status = u16::from_be_bytes([data[0], data[1]]);
    let classes = classes(data[2]);
    let body = String::from_utf8_lossy(&data[3..]);
    let c = classify(http_status, &body, &classes);

    if http_status == 429 || http_status >= 500 {
        assert!(
            matches!(c.outcome, Outcome::Unknown { .. }),
            "HTTP {http_status} gave {:?}",
            c.outcome
        );
        assert_eq!(c.outer_code, None);
        if let Outcome::Unknown { throttled, .. } = c.outcome {
            assert_eq!(throttled, http_status == 429);
        }
        return;
    }

    match &c.outcome {
        Outcome::Accepted(a) => {
            let outer = c.outer_code.as_deref().unwrap_or_default();
            assert!(
                outer == "0000" || classes.action(outer) == CodeAction::Accept,
                "Accepted without 0000 or a code mapped as accepted"
            );
            assert_eq!(c.data_status.as_deref(), Some(a.code.as_str()));
            assert_eq!(a.status, TxStatus::from_code(&a.code));
            assert!(!a.code.is_empty() && a.code.trim() == a.code);
            if let Some(amount) = a.amount {
                check_amount_round_trip(&amount.to_wire());
            }
        }
        Outcome::Rejected { class, code, .. } => {
            assert!(!(300..400).contains(&http_status), "a 3xx was believed");
            assert_ne!(code, "0000", "outer 0000 was rejected");
            assert_eq!(c.outer_code.as_deref(), Some(code.as_str()));
            assert_eq!(classes.action(code), CodeAction::Reject(*class));
        }
        Outcome::Unknown { throttled, .. } => {
            let action = c.outer_code.as_deref().map(|code| {
                if code == "0000" {
                    CodeAction::Accept
                } else {
                    classes.action(code)
                }
            });
            // data.status says the money moved or moves.
            let moves = c.data_status.as_deref().is_some_and(|s| {
                matches!(
                    classes.status(s),
                    StatusMeaning::Tx(TxStatus::Paid | TxStatus::Processing)
                )
            });
            assert_eq!(
                *throttled,
                moves
                    && action == Some(CodeAction::Reject(RejectClass::Throttled))
                    && !(300..400).contains(&http_status),
                "throttled without HTTP 429 or a throttled refusal"
            );
            if let Some(action) = action
                && !(300..400).contains(&http_status)
            {
                let disagreeing_refusal = moves
                    && matches!(
                        action,
                        CodeAction::Reject(
                            RejectClass::InvalidRow | RejectClass::NotFound | RejectClass::Throttled
                        )
                    );
                assert!(
                    matches!(action, CodeAction::Uncertain | CodeAction::Accept)
                        || disagreeing_refusal,
                    "{action:?} was not believed"
                );
            }
        }
        Outcome::NotSent { .. } => panic!("a response that arrived cannot be NotSent"),
    }

    // The lenient amount reader, on the same text.
    check_amount_round_trip(&body);
});
