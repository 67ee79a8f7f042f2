//! `wallet_normalise` and `amount_parse`: the nastiest cells tried, with the
//! properties those targets check.

use payrun::testing::gateway::wire::{Rounding, parse_amount};
use payrun::testing::money::Amount;
use payrun::testing::wallet::{Provider, normalize_wallet};

/// Cells that must never become a wallet id, for any provider.
const NEVER_WALLETS: &[&str] = &[
    "",
    "\u{feff}",
    "''",
    "\"\"",
    "+",
    "+88",
    "0088",
    "1.71235E+09",
    "1,71E+09",
    "০১৭১২৩৪৫৬৭৮e১",
    "2026-11-01",
    "01/11/2026",
    "01112345678",
    "01212345678",
    "01012345678",
    "0171234567",
    "017123456789012",
    "+01712345678",
    "٠١٧١٢٣٤٥٦٧٨",
    "０１７１２３４５６７８",
    "0171234567８",
    "01712345678\u{0}",
    "01712\u{202e}345678",
    "017-1234-5678-9-0",
    "1712345678.5",
];

#[test]
fn nasty_cells_never_become_wallets() {
    for raw in NEVER_WALLETS {
        for p in [Provider::Bkash, Provider::Nagad] {
            let r = normalize_wallet(raw, p);
            assert!(r.is_err(), "{raw:?} became {r:?} for {p}");
            if let Err(e) = r {
                assert!(!e.to_string().is_empty());
            }
        }
    }
}

#[test]
fn accepted_wallets_are_canonical_and_idempotent() {
    for (raw, p) in [
        ("+8801712345678", Provider::Bkash),
        ("008801712345678", Provider::Nagad),
        ("'০১৭১২৩৪৫৬৭৮", Provider::Bkash),
        ("\u{a0}(017) 1234-5678\u{200b}", Provider::Nagad),
        ("“01712345678”", Provider::Bkash),
        ("1712345678.0", Provider::Bkash),
        ("017123456789", Provider::Rocket),
        ("+88 017 1234 5678 9", Provider::Rocket),
        ("17123456789", Provider::Rocket),
    ] {
        let id = normalize_wallet(raw, p).unwrap_or_else(|e| panic!("{raw:?} for {p}: {e}"));
        let want = if p == Provider::Rocket { 12 } else { 11 };
        assert_eq!(id.digits.len(), want, "{raw:?}");
        assert!(id.digits.bytes().all(|b| b.is_ascii_digit()));
        assert!(id.digits.starts_with("01"));
        let again = normalize_wallet(&id.digits, p).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((again.digits, again.warning), (id.digits, None), "{raw:?}");
    }
}

#[test]
fn nasty_amounts_are_refused() {
    for raw in [
        "0",
        "0.00",
        "-0",
        "৳0",
        "−500",
        "(500)",
        "Tk -500",
        "- 500",
        "5e2",
        "5E+02",
        "৫e২",
        "1.5E3",
        "1,2e3",
        "500.001",
        "12,50",
        "1,0000",
        ",500",
        "500,",
        "92233720368547758.08",
        "99999999999999999999",
        "Tk",
        "/-",
        ".",
        "..5",
        "5..0",
        "1_000",
        "٥٠٠",
        "Tk Tk Tk 500",
    ] {
        let r = Amount::parse(raw);
        assert!(r.is_err(), "{raw:?} accepted as {r:?}");
    }
}

#[test]
fn accepted_amounts_round_trip_through_every_written_form() {
    for raw in [
        "92233720368547758.07",
        "92,23,37,20,36,85,47,758.07",
        "92,233,720,368,547,758.07",
        "0.01",
        ".5",
        "000000000000000000000001",
        "999999999999999",
        "১,২৩,৪৫৬.৭৮",
        "Tk. 1,00,000/-",
        "500 টাকা",
        "taka 1,00,000.5",
        "'\u{a0}৳ 1,500\u{200b}",
    ] {
        let a = Amount::parse(raw).unwrap_or_else(|e| panic!("{raw:?} refused: {e}"));
        assert!(a.poisha() > 0, "{raw:?}");
        for written in [a.to_wire(), a.to_plain_taka(), a.to_string()] {
            assert_eq!(Amount::parse(&written), Ok(a), "{raw:?} -> {written:?}");
        }
        assert_eq!(parse_amount(&a.to_wire(), Rounding::Exact), Some(a));
    }
    // The largest amount, at least, must be accepted.
    assert_eq!(
        Amount::parse("92233720368547758.07").map(Amount::poisha),
        Ok(i64::MAX)
    );
}
