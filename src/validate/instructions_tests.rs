//! Which column `--pay-despite` names.

use super::*;

#[test]
fn pay_despite_names_a_column_as_written_or_folded() {
    assert!(named("Status", "STATUS"));
    assert!(named("pay?", "Pay?"));
    assert!(named("pay", "Pay?"));
    assert!(named(" Paid ", "Paid"));
    assert!(!named("Sttaus", "Status"));
    assert!(!named("?", "!"));
}
