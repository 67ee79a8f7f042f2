//! The statement's lines for a corrected sheet approved again under the
//! same label: what changed against what the batch already sent (wallets
//! first), and exactly what this approval sends.

use super::{listed, q, wallet_change_line_in, who};
use crate::changes::same_label::{Before, SameLabel};
use crate::text::count;

fn was(b: &Before) -> String {
    format!("{}: {}", who(&b.payee), b.words())
}

/// The section, one line each; at most `wallets` wallet changes and
/// `other` of each other kind listed (all are counted).
pub fn statement_lines(s: &SameLabel, wallets: usize, other: usize) -> Vec<String> {
    let mut out = vec![format!(
        "Changes in batch {} since it was sent (the ledger holds {} of its payouts): {} changed, {} changed, {} added, {} removed",
        q(&s.label),
        s.held,
        count(s.wallets_changed.len() as u64, "wallet", "wallets"),
        count(s.amounts_changed.len() as u64, "amount", "amounts"),
        count(s.added.len() as u64, "row", "rows"),
        count(s.removed.len() as u64, "row", "rows"),
    )];
    listed(
        &mut out,
        "Wallets changed in this batch (this approval covers each one listed)",
        &s.wallets_changed,
        wallets,
        |(w, b)| wallet_change_line_in(w, &format!("sent before in this batch as {}", b.words())),
    );
    listed(
        &mut out,
        "Amounts changed in this batch",
        &s.amounts_changed,
        other,
        |(p, b)| format!("{}: was Tk {} ({})", who(p), b.payee.amount, b.words()),
    );
    listed(&mut out, "Rows added to this batch", &s.added, other, who);
    listed(
        &mut out,
        "Rows removed (what was sent for them stays as it is)",
        &s.removed,
        other,
        was,
    );
    out.push(format!("This approval sends {}.", sends(s)));
    let not_sent = [
        (
            &s.already,
            "already paid, or may be (processing or unknown), never sent again",
        ),
        (
            &s.stays_failed,
            "failed and unchanged: they stay failed unless submit --retry-failed",
        ),
        (
            &s.refused,
            "refused by submit (changed after they may have moved money, or a second payout to a wallet this batch paid)",
        ),
    ];
    for (t, why) in not_sent.into_iter().filter(|(t, _)| t.payouts() > 0) {
        let n = t.payouts();
        out.push(format!(
            "{} of the sheet {} {why}: Tk {}.",
            count(n, "payout", "payouts"),
            if n == 1 { "is" } else { "are" },
            t.total()
        ));
    }
    out
}

/// What the next submit sends, in words: `1 payout: bkash Tk 1,800.00 in 1 (total Tk 1,800.00)`.
pub fn sends(s: &SameLabel) -> String {
    let t = &s.sends;
    if t.payouts() == 0 {
        return "nothing".into();
    }
    format!(
        "{}: {} (total Tk {})",
        count(t.payouts(), "payout", "payouts"),
        t.per_provider(),
        t.total()
    )
}

/// The lines `check` and `submit` show: the counts, the first wallet
/// changes, and what the sheet sends.
pub fn section(s: &SameLabel, shown: usize) -> String {
    let mut lines = statement_lines(s, shown, 0);
    lines.retain(|l| !l.starts_with("  ... and") && !l.ends_with(": 0"));
    let mut out = String::new();
    for l in lines.iter().filter(|l| {
        !l.starts_with("Amounts changed")
            && !l.starts_with("Rows added")
            && !l.starts_with("Rows removed")
    }) {
        out.push_str(&format!(
            "  {}\n",
            l.replace("This approval sends", "The sheet sends")
        ));
    }
    out
}
