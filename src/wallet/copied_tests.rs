//! Wallet numbers as phones and chat apps copy them (probe12 finding 8):
//! WhatsApp wraps a number in left-to-right embedding marks, Android
//! contacts use a non-breaking hyphen, some keyboards a full-width plus.
//! Marks that can only keep digits in the order they are stored are the
//! same number; a right-to-left mark or override can show the digits in
//! another order than the one paid, so it refuses the cell.

use super::*;

fn read(raw: &str) -> Result<String, WalletError> {
    normalize_wallet(raw, Provider::Bkash).map(|w| w.digits)
}

#[test]
fn numbers_copied_from_phones_and_chat_apps_are_the_same_number() {
    for raw in [
        "\u{202A}+880 1712-345678\u{202C}",
        "+880 1712\u{2011}345678",
        "\u{200E}01712345678",
        "\u{2066}01712345678\u{2069}",
        "\u{202D}01712345678\u{202C}",
        "\u{FF0B}8801712345678",
        "01712\u{2010}345678",
        "01712\u{2014}345678",
        "01712\u{2212}345678",
    ] {
        assert_eq!(read(raw), Ok("01712345678".to_string()), "{raw:?}");
    }
}

#[test]
fn a_right_to_left_mark_or_override_refuses_the_cell_naming_it() {
    // Shown as 01712345610 on screen; stored (and so paid) 01654321710.
    let e = read("\u{202E}01654321710").expect_err("an override shows another number");
    assert_eq!(e, WalletError::BadCharacter('\u{202E}'));
    assert!(e.to_string().contains("U+202E"), "{e}");
    for mark in ['\u{200F}', '\u{202B}', '\u{2067}', '\u{2068}', '\u{061C}'] {
        let raw = format!("01712{mark}345678");
        assert_eq!(read(&raw), Err(WalletError::BadCharacter(mark)), "{raw:?}");
        let shown = format!("U+{:04X}", mark as u32);
        assert!(
            WalletError::BadCharacter(mark).to_string().contains(&shown),
            "{shown}"
        );
    }
}

#[test]
fn a_zero_kept_after_the_country_code_says_to_drop_it() {
    for raw in ["+880 01712345678", "88001712345678", "00880 01712345678"] {
        let e = read(raw).expect_err("880 then 0 is not a written form of one number");
        assert_eq!(e, WalletError::ZeroAfterCountryCode, "{raw:?}");
        assert!(e.to_string().contains("+880 1712345678"), "{e}");
    }
}
