//! The sandbox's documented wallet rules: a wallet id's last four digits
//! choose its payout's fate (docs name them; tests and `payrun sandbox`
//! rely on them).

/// The documented wallet rules, by the wallet id's last four digits.
pub const RULES: &[(&str, &str, &str)] = &[
    ("0000", "00029", "rejected by the wallet provider"),
    (
        "0019",
        "0100019",
        "the payee's daily cumulative amount was reached",
    ),
    ("0032", "00032", "unknown error at the wallet provider"),
];
/// Wallets ending in this are paid at once: the payout answer says `0000`.
pub const INSTANT_SUFFIX: &str = "1111";
/// Wallets ending in this stay `0015` until forced through the control API.
pub const STUCK_SUFFIX: &str = "5555";

/// The final status a wallet gets, by rule: success unless its last four
/// digits name a failure.
pub fn final_for(wallet_id: &str) -> (&'static str, &'static str) {
    RULES
        .iter()
        .find(|(suffix, _, _)| wallet_id.ends_with(suffix))
        .map(|(_, code, msg)| (*code, *msg))
        .unwrap_or(("0000", "success"))
}
