//! Words for human output: a count and its noun in the right number, so a
//! one-row sheet reads "1 payout", not "1 payouts". Human text only: text
//! stored in the ledger or signed by approvers keeps its own wording.

/// The taka of the rows payrun pays (a batch's valid rows, its payouts):
/// one name for one figure, in the batch report's equation and in the
/// match's. What the whole sheet asked for, invalid rows included, is
/// "taka requested in sheet"; the two differ by the invalid rows.
pub const VALID_ROWS_REQUESTED: &str = "valid rows requested";

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
