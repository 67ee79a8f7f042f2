//! What an approval must have shown to count, beside its signature: its
//! statement held to the sheet at hand (unsigned ones too), the wallet
//! changes (`refuse_wallet_changes`) and the payouts another label paid
//! that the operator pays again by lifting the hold.

use crate::approval::statement::{Binding, Header, PaidElsewhere, Role};
use crate::changes::WalletChange;
use crate::changes::render::covers;
use crate::ledger::approvals::Approval;

/// Why an unsigned approval does not bind the content at hand: its
/// statement (what `approve --by` showed) is held to the sheet as a signed
/// one is, so an approval of sheet A never pays sheet B with the same
/// payouts; one recorded without a statement says nothing of the sheet.
/// `None` where no sheet is at hand (another label's, `approve --verify`).
pub(super) fn unsigned_unbound(
    a: &Approval,
    role: Role,
    binding: Option<&Binding>,
) -> Option<String> {
    let b = binding?;
    let Some(statement) = &a.statement else {
        return Some(
            "recorded without a statement, so nothing says which sheet it approved: approve \
             again"
                .into(),
        );
    };
    let header = match Header::parse(statement) {
        Ok(h) => h,
        Err(e) => return Some(e.to_string()),
    };
    if header.role != role {
        return Some(format!(
            "its statement was shown to {}, not to {}",
            header.role.as_str(),
            role.as_str()
        ));
    }
    header.check_binding(b).err().map(|e| e.to_string())
}

/// With `refuse_wallet_changes`, why an approval does not cover the wallet
/// changes (its statement must list every one).
pub(super) fn uncovered(a: &Approval, changes: &[WalletChange]) -> Option<String> {
    let first = changes.first()?;
    let Some(statement) = &a.statement else {
        return Some(format!(
            "recorded without a statement, so it does not list the changed wallet of reference {}",
            crate::text::quoted(&first.reference)
        ));
    };
    let missing: Vec<&WalletChange> = changes.iter().filter(|w| !covers(statement, w)).collect();
    let w = missing.first()?;
    Some(format!(
        "its statement does not list {} of the {} changed wallets, e.g. reference {}: {} -> {} (refuse_wallet_changes = true)",
        missing.len(),
        changes.len(),
        crate::text::quoted(&w.reference),
        w.before,
        w.now
    ))
}

/// Why an approval does not cover paying again the payouts another label
/// paid: its statement does not hold their section as it reads now.
pub(super) fn repeats_unlisted(a: &Approval, r: &PaidElsewhere) -> Option<String> {
    let listed = a.statement.as_deref().is_some_and(|s| r.listed_in(s));
    (!listed).then(|| {
        format!(
            "its statement does not list the {} payouts another label paid (Tk {}) as they \
             stand now, which this run pays again because the hold on them was lifted \
             (--allow-repeat-payment or --allow-same-sheet): an approval given before they \
             were paid never showed them. Write a new statement, which lists them, and \
             approve it",
            r.count, r.total
        )
    })
}
