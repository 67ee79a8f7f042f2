use super::*;
use proptest::prelude::*;

fn ok(raw: &str, p: Provider) -> String {
    match normalize_wallet(raw, p) {
        Ok(w) => {
            assert!(
                w.warning.is_none(),
                "{raw:?} should not warn: {:?}",
                w.warning
            );
            w.digits
        }
        Err(e) => panic!("{raw:?} for {p}: {e}"),
    }
}

fn err(raw: &str, p: Provider) -> WalletError {
    match normalize_wallet(raw, p) {
        Ok(w) => panic!("{raw:?} for {p} was accepted as {}", w.digits),
        Err(e) => e,
    }
}

#[test]
fn written_forms_of_one_number() {
    for raw in [
        "01712345678",
        "+8801712345678",
        "8801712345678",
        "008801712345678",
        "01712-345678",
        "0171 234 5678",
        "(017) 12345678",
        "0171.234.5678",
        "০১৭১২৩৪৫৬৭৮",
        "+৮৮০১৭১২৩৪৫৬৭৮",
        "\u{00A0}01712345678\u{200B}",
        "017\u{200B}12345678",
        "\"01712345678\"",
        "'01712345678",
        "“01712345678”",
        " +88 017-1234-5678 ",
    ] {
        assert_eq!(ok(raw, Provider::Bkash), "01712345678", "{raw:?}");
        assert_eq!(ok(raw, Provider::Nagad), "01712345678", "{raw:?}");
    }
}

#[test]
fn bengali_digits_are_mapped_explicitly() {
    assert!('৭'.is_numeric());
    assert_eq!('৭'.to_digit(10), None, "why the explicit mapping exists");
    assert_eq!(ascii_digit('৭'), Some('7'));
    assert_eq!(ascii_digit('০'), Some('0'));
    assert_eq!(ascii_digit('৯'), Some('9'));
    assert_eq!(
        ascii_digit('٣'),
        None,
        "Arabic-Indic digits are not Bengali"
    );
    assert!(matches!(
        err("٠١٧١٢٣٤٥٦٧٨", Provider::Bkash),
        WalletError::BadCharacter(_)
    ));
}

#[test]
fn every_operator_digit_3_to_9() {
    for d in 3..=9 {
        let w = format!("01{d}12345678");
        assert_eq!(ok(&w, Provider::Bkash), w);
    }
}

#[test]
fn lost_leading_zero_is_restored_with_a_warning() {
    for raw in ["1712345678", "1712345678.0", "1712345678.00"] {
        let w = normalize_wallet(raw, Provider::Bkash).unwrap();
        assert_eq!(w.digits, "01712345678");
        let warning = w.warning.expect("a repair must warn");
        assert!(warning.contains("leading zero"), "{warning}");
        assert!(warning.contains("01712345678"), "{warning}");
    }
    let w = normalize_wallet("17123456789", Provider::Rocket).unwrap();
    assert_eq!(w.digits, "017123456789");
    assert!(w.warning.is_some());
    // 10 digits that do not start 1[3-9] are not a lost zero.
    assert!(matches!(
        err("1212345678", Provider::Bkash),
        WalletError::MobileLength(10, _)
    ));
}

#[test]
fn scientific_notation_is_refused_with_the_reason() {
    for raw in [
        "1.71235E+09",
        "1.7E9",
        "1,71235E+09",
        "1.71235e+09",
        "8.80171E+12",
    ] {
        let e = err(raw, Provider::Bkash);
        assert_eq!(e, WalletError::Scientific, "{raw}");
        assert!(e.to_string().contains("the digits are lost"));
        assert!(e.to_string().contains("format the column as Text"));
    }
}

#[test]
fn unused_prefixes_are_refused_with_the_reason() {
    let e = err("01112345678", Provider::Bkash);
    assert_eq!(e, WalletError::UnusedPrefix("011"));
    assert!(e.to_string().contains("Citycell"));
    use Provider::{Bkash, Nagad, Rocket};
    use WalletError::*;
    for (cell, provider, want) in [
        ("01212345678", Nagad, UnusedPrefix("012")),
        ("011123456789", Rocket, UnusedPrefix("011")),
        ("01012345678", Bkash, NotMobile),
        ("02712345678", Bkash, NotMobile),
    ] {
        assert_eq!(err(cell, provider), want, "{cell:?}");
    }
}

#[test]
fn rocket_is_exactly_twelve_digits() {
    assert_eq!(ok("017123456789", Provider::Rocket), "017123456789");
    assert_eq!(ok("+88017123456789", Provider::Rocket), "017123456789");
    assert_eq!(ok("01712-345678-9", Provider::Rocket), "017123456789");
    let e = err("01712345678", Provider::Rocket);
    assert_eq!(e, WalletError::MissingRocketCheckDigit);
    assert!(e.to_string().contains("missing the Rocket check digit"));
    assert_eq!(
        err("0171234567891", Provider::Rocket),
        WalletError::RocketLength(13)
    );
    assert_eq!(
        err("017123456789", Provider::Bkash),
        WalletError::LooksLikeRocket("bKash")
    );
}

#[test]
fn other_garbage_is_refused() {
    use Provider::{Bkash, Nagad};
    use WalletError::*;
    for (cell, provider, want) in [
        ("", Bkash, Empty),
        ("  \u{00A0} ", Bkash, Empty),
        ("''", Bkash, Empty),
        ("0171234567O", Bkash, BadCharacter('O')),
        ("0171234567", Bkash, MobileLength(10, "bKash")),
        ("017123456789012", Nagad, MobileLength(15, "Nagad")),
        ("2026-11-01", Bkash, LooksLikeDate),
        ("01/11/2026", Bkash, LooksLikeDate),
        ("+4401712345678", Bkash, BadCharacter('+')),
        ("0171+2345678", Bkash, BadCharacter('+')),
        ("-", Bkash, NotMobile),
    ] {
        assert_eq!(err(cell, provider), want, "{cell:?}");
    }
}

#[test]
fn provider_aliases() {
    for (s, p) in [
        ("EWALLET_BKASH", Provider::Bkash),
        ("BKASH", Provider::Bkash),
        ("bKash", Provider::Bkash),
        ("bkash", Provider::Bkash),
        (" বিকাশ ", Provider::Bkash),
        ("b-Kash", Provider::Bkash),
        ("EWALLET_NAGAD", Provider::Nagad),
        ("NAGAD", Provider::Nagad),
        ("Nagad", Provider::Nagad),
        ("নগদ", Provider::Nagad),
        ("EWALLET_ROCKET", Provider::Rocket),
        ("ROCKET", Provider::Rocket),
        ("Rocket", Provider::Rocket),
        ("DBBL", Provider::Rocket),
        ("dbbl", Provider::Rocket),
        ("রকেট", Provider::Rocket),
        ("Dutch-Bangla Bank", Provider::Rocket),
    ] {
        assert_eq!(Provider::parse_alias(s), Some(p), "{s:?}");
    }
    for s in ["", "upay", "bank", "bkash2", "EWALLET", "nagad rocket"] {
        assert_eq!(Provider::parse_alias(s), None, "{s:?}");
    }
    for p in Provider::ALL {
        assert_eq!(Provider::parse_alias(p.default_way_code()), Some(p));
        assert_eq!(Provider::parse_alias(p.key()), Some(p));
        assert_eq!(Provider::parse_alias(p.display_name()), Some(p));
        assert_eq!(Provider::from_key(p.key()), Some(p));
    }
}

/// A correct mobile number for bKash/Nagad, or with a check digit for Rocket.
fn valid_id(p: Provider) -> impl Strategy<Value = String> {
    let len = if p == Provider::Rocket { 9 } else { 8 };
    (3u8..=9, proptest::collection::vec(0u8..=9, len)).prop_map(|(op, rest)| {
        let mut s = format!("01{op}");
        s.extend(rest.into_iter().map(|d| char::from(b'0' + d)));
        s
    })
}

fn provider() -> impl Strategy<Value = Provider> {
    prop_oneof![
        Just(Provider::Bkash),
        Just(Provider::Nagad),
        Just(Provider::Rocket)
    ]
}

/// The shape every accepted id has, checked independently of the normaliser.
fn well_formed(d: &str, p: Provider) -> bool {
    let b = d.as_bytes();
    let len = if p == Provider::Rocket { 12 } else { 11 };
    b.len() == len
        && b.iter().all(u8::is_ascii_digit)
        && b.first() == Some(&b'0')
        && b.get(1) == Some(&b'1')
        && matches!(b.get(2), Some(b'3'..=b'9'))
}

proptest! {
    #[test]
    fn normaliser_is_idempotent(raw in "\\PC{0,20}", p in provider()) {
        if let Ok(w) = normalize_wallet(&raw, p) {
            let again = normalize_wallet(&w.digits, p).expect("a normalised id must pass again");
            prop_assert_eq!(&again.digits, &w.digits);
            prop_assert!(again.warning.is_none(), "a normalised id needs no repair");
        }
    }

    #[test]
    fn never_accepts_a_malformed_id(raw in "[0-9০-৯+() .\\-eE,a-z'\"]{0,18}", p in provider()) {
        if let Ok(w) = normalize_wallet(&raw, p) {
            prop_assert!(well_formed(&w.digits, p), "{:?} -> {:?}", raw, w.digits);
            prop_assert!(!raw.chars().any(|c| c.is_ascii_alphabetic()), "letters accepted: {:?}", raw);
        }
    }

    #[test]
    fn decorated_forms_normalise_to_the_same_id(
        id in provider().prop_flat_map(|p| (Just(p), valid_id(p))),
        prefix in prop_oneof![Just(""), Just("+88"), Just("88"), Just("0088"), Just("+88 ")],
        sep in prop_oneof![Just(""), Just(" "), Just("-"), Just(".")],
        bengali in any::<bool>(),
        wrap in prop_oneof![Just(("", "")), Just(("\"", "\"")), Just(("'", "")), Just(("\u{00A0}", "\u{200B}"))],
    ) {
        let (p, digits) = id;
        let mut body = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i == 5 { body.push_str(sep); }
            body.push(if bengali {
                char::from_u32(c as u32 - u32::from(b'0') + 0x09E6).unwrap_or(c)
            } else { c });
        }
        let raw = format!("{}{prefix}{body}{}", wrap.0, wrap.1);
        let w = normalize_wallet(&raw, p).map_err(|e| TestCaseError::fail(format!("{raw:?}: {e}")))?;
        prop_assert_eq!(w.digits, digits);
        prop_assert!(w.warning.is_none());
    }

    #[test]
    fn a_dropped_zero_always_warns(id in provider().prop_flat_map(|p| (Just(p), valid_id(p)))) {
        let (p, digits) = id;
        let w = normalize_wallet(&digits[1..], p).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(w.digits, digits);
        prop_assert!(w.warning.is_some());
    }

    #[test]
    fn scientific_forms_are_always_refused(m in 1u32..10, frac in 0u32..100_000, exp in 1u32..15) {
        let raw = format!("{m}.{frac}E+{exp:02}");
        prop_assert_eq!(normalize_wallet(&raw, Provider::Bkash), Err(WalletError::Scientific));
    }
}

#[test]
fn provider_labels_with_account_words() {
    use super::ProviderError;
    for (s, p) in [
        ("bKash Personal", Provider::Bkash),
        ("DBBL Rocket", Provider::Rocket),
        ("Rocket (DBBL)", Provider::Rocket),
        ("Dutch Bangla Bank Rocket", Provider::Rocket),
        ("e-wallet: Nagad", Provider::Nagad),
        ("বিকাশ ব্যক্তিগত", Provider::Bkash),
        ("বিকাশ পার্সোনাল", Provider::Bkash),
        ("নগদ একাউন্ট", Provider::Nagad),
        ("bKash A/C", Provider::Bkash),
    ] {
        assert_eq!(Provider::read_cell(s), Ok(p), "{s:?}");
    }
    assert_eq!(
        Provider::read_cell("Nagad Merchant"),
        Err(ProviderError::NotPersonal(
            Provider::Nagad,
            "merchant".into()
        ))
    );
    assert_eq!(
        Provider::read_cell("bkash / nagad"),
        Err(ProviderError::TwoProviders(
            Provider::Bkash,
            Provider::Nagad
        ))
    );
    for s in [
        "",
        "bank",
        "personal",
        "bkash2 personal",
        "upay",
        "bKash or cash",
        "DBBL bank account",
        "Nagad bank",
    ] {
        assert_eq!(Provider::read_cell(s), Err(ProviderError::Unknown), "{s:?}");
    }
    // The strict reader behind `--provider-cap` is unchanged.
    assert_eq!(Provider::parse_alias("DBBL Rocket"), None);
}

#[test]
fn bad_characters_are_shown_readably() {
    let e = normalize_wallet("০১৭১২৩৪৫৬৭৮ি", Provider::Bkash).unwrap_err();
    assert_eq!(
        e.to_string(),
        "contains 'ি', which cannot be part of a wallet number"
    );
    let e = normalize_wallet("0171234567\u{3000}8", Provider::Bkash).unwrap_err();
    assert!(e.to_string().contains("invisible character U+3000"), "{e}");
}

#[test]
fn csv_force_text_formula_is_the_number_inside() {
    assert_eq!(ok("=\"01712345678\"", Provider::Bkash), "01712345678");
    assert_eq!(ok(" =\"০১৭১২৩৪৫৬৭৮\" ", Provider::Nagad), "01712345678");
    // Anything else with `=` is still not a wallet.
    assert!(normalize_wallet("=01712345678", Provider::Bkash).is_err());
    assert!(normalize_wallet("=\"0171\"&\"2345678\"", Provider::Bkash).is_err());
}
