//! Fuzzes the sheet amount parser with any text a cell can hold.
//!
//! Properties, beyond "never panics":
//! - never accepts zero, a negative amount, or `E` notation: an accepted cell
//!   is > 0 poisha and contains no `e`/`E` and no minus sign (a trailing `/-`
//!   is the "only" mark, not a minus);
//! - every form payrun itself writes (`to_wire`, `to_plain_taka`, the grouped
//!   `Display`) parses back to the same poisha;
//! - on plain `digits[.d[d]]` text, the sheet parser and the gateway's
//!   amount reader agree.
#![no_main]

use libfuzzer_sys::fuzz_target;
use payrun::testing::gateway::wire::{Rounding, parse_amount};
use payrun::testing::money::Amount;

fn plain_decimal(s: &str) -> bool {
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && (!s.contains('.') || (1..=2).contains(&frac.len()))
        && frac.bytes().all(|b| b.is_ascii_digit())
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let parsed = Amount::parse(&text);
    if let Ok(a) = parsed {
        assert!(a.poisha() > 0, "{text:?} accepted as {a:?}");
        assert!(
            !text.contains(['e', 'E']),
            "{text:?} has E notation, accepted as {a:?}"
        );
        assert!(
            !text.replace("/-", "").contains(['-', '\u{2212}']),
            "{text:?} has a minus sign, accepted as {a:?}"
        );
        for (form, written) in [
            ("to_wire", a.to_wire()),
            ("to_plain_taka", a.to_plain_taka()),
            ("Display", a.to_string()),
        ] {
            assert_eq!(
                Amount::parse(&written),
                Ok(a),
                "{text:?} -> {a:?} -> {form} {written:?} does not parse back"
            );
        }
        assert_eq!(parse_amount(&a.to_wire(), Rounding::Exact), Some(a));
    }
    if plain_decimal(&text) {
        let wire = parse_amount(&text, Rounding::Exact);
        match wire {
            Some(w) if w.poisha() > 0 => assert_eq!(parsed, Ok(w), "{text:?}"),
            Some(_) => assert!(parsed.is_err(), "{text:?} is zero but accepted"),
            // The gateway reader refuses only on overflow; so must the sheet's.
            None => assert!(parsed.is_err(), "{text:?}: {parsed:?}"),
        }
    }
});
