//! Words for human output: a count and its noun in the right number, so a
//! one-row sheet reads "1 payout", not "1 payouts". Human text only: text
//! stored in the ledger or signed by approvers keeps its own wording.

/// `"1 payout"`, `"3 payouts"`: `one` for exactly one, else `many`.
pub fn count(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(super::count(1, "payout", "payouts"), "1 payout");
        assert_eq!(super::count(0, "payout", "payouts"), "0 payouts");
        assert_eq!(
            super::count(2, "batch error", "batch errors"),
            "2 batch errors"
        );
    }
}
