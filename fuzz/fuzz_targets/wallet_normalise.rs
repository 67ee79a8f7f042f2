//! Fuzzes the wallet normaliser with any text a cell can hold.
//!
//! Input: byte 0 picks the provider, the rest is the cell (lossy UTF-8, as
//! every intake path hands cells over as text).
//!
//! Properties, beyond "never panics":
//! - an accepted id is `01[3-9]` + 8 digits, plus one check digit for Rocket:
//!   never anything but 11 (bKash, Nagad) or 12 (Rocket) ASCII digits;
//! - normalising is idempotent: the normalised id reads back unchanged and
//!   with no warning (the warning is for repairs, and there is none left);
//! - every refusal has a message to show.
#![no_main]

use libfuzzer_sys::fuzz_target;
use payrun::testing::wallet::{Provider, normalize_wallet};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let provider = Provider::ALL[usize::from(selector) % Provider::ALL.len()];
    let raw = String::from_utf8_lossy(rest);
    match normalize_wallet(&raw, provider) {
        Ok(id) => {
            let d = id.digits.as_bytes();
            let want = if provider == Provider::Rocket { 12 } else { 11 };
            assert_eq!(d.len(), want, "{raw:?} -> {:?} for {provider}", id.digits);
            assert!(
                d.iter().all(u8::is_ascii_digit),
                "{raw:?} -> {:?}",
                id.digits
            );
            assert!(
                d.starts_with(b"01") && matches!(d.get(2), Some(b'3'..=b'9')),
                "{raw:?} -> {:?} is not a Bangladeshi mobile number",
                id.digits
            );
            let again = normalize_wallet(&id.digits, provider)
                .unwrap_or_else(|e| panic!("{:?} (from {raw:?}) refused: {e}", id.digits));
            assert_eq!(again.digits, id.digits, "not idempotent on {raw:?}");
            assert_eq!(again.warning, None, "{:?} warned on re-reading", id.digits);
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
});
