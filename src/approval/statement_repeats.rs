//! What a statement says of payouts another label paid recently, and
//! whether a statement said it as it stands now.

/// Payouts of the sheet that the ledger shows paid, or possibly paid, under
/// another batch label within the repeat window: what `submit` holds until
/// the operator lifts the hold (`--allow-repeat-payment`). Said in the
/// statement, because approving the batch approves paying them again, and
/// "0 wallets changed, 0 new payees" reads like any month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaidElsewhere {
    /// The repeat window in words, e.g. `20days`.
    pub window: String,
    pub count: usize,
    pub total: crate::money::Amount,
    /// One line for each of the first payouts: the row and the earlier one.
    pub lines: Vec<String>,
}

impl PaidElsewhere {
    /// Whether `statement` holds this section, every line of it byte for
    /// byte and in order: what the approver read is what is paid again.
    pub fn listed_in(&self, statement: &str) -> bool {
        let want = self.render();
        let lines: Vec<&str> = statement.split('\n').collect();
        lines
            .windows(want.len())
            .any(|w| w.iter().zip(&want).all(|(a, b)| *a == b.as_str()))
    }

    pub(super) fn render(&self) -> Vec<String> {
        let mut out = vec![format!(
            "Paid under another label within {}: {} of these payouts, Tk {} (submit holds them \
             unless --allow-repeat-payment is given or a row's repeat column says yes; approving \
             this batch approves paying them again):",
            self.window, self.count, self.total
        )];
        out.extend(self.lines.iter().map(|l| format!("  {l}")));
        if self.count > self.lines.len() {
            out.push(format!("  ... and {} more", self.count - self.lines.len()));
        }
        out
    }
}
