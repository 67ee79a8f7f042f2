//! What `--mask-wallets` hides, and what it must leave readable.

use super::*;

#[test]
fn keeps_only_the_last_four_digits() {
    assert_eq!(mask_digits("01712345678"), "*******5678");
    assert_eq!(mask_digits("017123456789"), "********6789");
    assert_eq!(mask_digits("+880 1712-345678"), "+*** ****-**5678");
    assert_eq!(mask_digits("০১৭১২৩৪৫৬৭৮"), "*******৫৬৭৮");
    assert_eq!(mask_digits("123"), "123");
}

#[test]
fn notes_lose_long_numbers_but_keep_the_reason() {
    let note = "Wallet: '01712-345678' has 10 digits; fix row 12";
    let masked = mask_text(note);
    assert!(!masked.contains("345678"), "{masked}");
    assert!(masked.contains("5678"));
    assert!(masked.contains("row 12"));
    assert!(masked.contains("10 digits"));
}

/// Every written form of a wallet id (wallets.md) is masked wherever it
/// stands in a text, a name included.
#[test]
fn every_written_form_of_a_wallet_is_masked() {
    for (text, want) in [
        ("01712345678", "*******5678"),
        ("Rahim +8801712345678", "Rahim +*********5678"),
        ("8801712345678", "*********5678"),
        ("008801712345678", "***********5678"),
        ("call 0171 234 5678 today", "call **** *** 5678 today"),
        ("(017) 12345678", "(***) ****5678"),
        ("+880 1712-345678", "+*** ****-**5678"),
        ("Rocket 017123456789", "Rocket ********6789"),
        ("lost zero: 1712345678", "lost zero: ******5678"),
        ("numeric cell 1712345678.0", "numeric cell ******5678.0"),
        ("০১৭১২৩৪৫৬৭৮", "*******৫৬৭৮"),
        ("row 12 0171 234 5678", "row 12 **** *** 5678"),
        (
            "scientific notation 1.71235E+09",
            "scientific notation *.***35E+09",
        ),
        (
            "Wallet '0171234567' has 10 digits",
            "Wallet '******4567' has 10 digits",
        ),
    ] {
        assert_eq!(mask_text(text), want, "{text}");
    }
}

/// Amounts, counts, row numbers and dates are not wallets: they stay.
#[test]
fn amounts_and_other_numbers_stay_readable() {
    for text in [
        "over the per-row cap of Tk 50,000.00: Tk 12,34,500.00",
        "amount as written: 123456",
        "amount as written: 1,23,456/-",
        "Tk 2,59,655.00 requested in rows 2-40",
        "paid 2026-11-23 10:00:00",
        "tradeNo 0042B0001",
        "amount as written: 1.2E+05",
    ] {
        assert_eq!(mask_text(text), text);
    }
}
