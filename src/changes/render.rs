//! The changes as people and files read them: the concise section of
//! `payrun check` and `submit`, the lines of the approval statement, the
//! rows of the check report's changes CSV, and the JSON summary.
//!
//! Text from the sheet (references, names, labels) is written in quotes
//! with [`q`]: a quote, a backslash, a newline and every invisible character
//! escaped, so a name can never forge a line of the statement a person
//! signs, while Bengali reads as written (Rust's `{:?}` escapes its vowel
//! signs and virama: `"উদ\u{9cd}দিন"`).

use super::{Changes, Payee, WalletChange, same_name};

#[path = "render_same_label.rs"]
mod same_label;
use crate::text::{count, quoted as q};
use serde_json::{Value, json};

/// Wallet changes listed one by one in the statement: each one must be in
/// front of the approver (`refuse_wallet_changes` counts only listed ones).
/// Bounded so the statement fits one spreadsheet cell (32,767 characters).
pub const STATEMENT_WALLET_LINES: usize = 100;
/// Other changes listed one by one in the statement; the rest are counted.
pub const STATEMENT_OTHER_LINES: usize = 8;
/// Wallet changes shown in the check output; the rest are in the report.
pub const SHOWN_WALLET_LINES: usize = 5;

/// The line that lists one wallet change, as the statement holds it. The
/// approval gate looks for exactly this text (see [`covers`]).
pub fn wallet_change_key(w: &WalletChange) -> String {
    format!(
        "wallet changed: reference {}: {} -> {}",
        q(&w.reference),
        w.before,
        w.now
    )
}

/// The key as statements signed before quoting kept Bengali as written
/// (Rust's `{:?}`): an approval signed then still covers its change.
fn wallet_change_key_debug(w: &WalletChange) -> String {
    format!(
        "wallet changed: reference {:?}: {} -> {}",
        w.reference, w.before, w.now
    )
}

/// The change with the name the wallet was last paid under (a new name
/// with a new wallet is the classic fraud) and, when it differs, the
/// sheet's name now.
fn wallet_change_line(w: &WalletChange) -> String {
    wallet_change_line_in(w, &format!("last paid in batch {}", q(&w.before_batch)))
}

/// [`wallet_change_key`], then `(whence, name ...)`: where the old wallet
/// was paid or sent, the name it was paid under and, when it differs, the
/// sheet's name now.
fn wallet_change_line_in(w: &WalletChange, whence: &str) -> String {
    let mut name = w
        .before_name
        .as_deref()
        .map(|n| format!(", name {}", q(n)))
        .unwrap_or_default();
    if let Some(now) = w.name.as_deref()
        && !w.before_name.as_deref().is_some_and(|b| same_name(b, now))
    {
        name.push_str(&format!("; the sheet now names {}", q(now)));
    }
    format!("{} ({whence}{name})", wallet_change_key(w))
}

/// Whether `statement` lists the wallet change `w`.
pub fn covers(statement: &str, w: &WalletChange) -> bool {
    let keys = [wallet_change_key(w), wallet_change_key_debug(w)];
    statement.lines().any(|l| {
        keys.iter().any(|key| {
            l.trim_start()
                .strip_prefix(key.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(" ("))
        })
    })
}

fn who(p: &Payee) -> String {
    let mut s = match (&p.reference, &p.name) {
        (Some(r), Some(n)) => format!("reference {} ({})", q(r), q(n)),
        (Some(r), None) => format!("reference {}", q(r)),
        (None, Some(n)) => q(n),
        (None, None) => "(no reference or name)".to_string(),
    };
    s.push_str(&format!(", {}, Tk {}", p.wallet, p.amount));
    if let Some(b) = &p.batch {
        s.push_str(&format!(", batch {}", q(b)));
    }
    s
}

/// One count line: `2 wallets changed, 1 wallet under two payees, ...`.
pub fn counts(c: &Changes) -> String {
    let n = |len: usize| len as u64;
    format!(
        "{} changed, {} under more than one payee, {} changed, {}, {} no longer paid, {} moved more than {}%",
        count(n(c.wallets_changed.len()), "wallet", "wallets"),
        count(n(c.shared_wallets.len()), "wallet", "wallets"),
        count(n(c.names_changed.len()), "name", "names"),
        count(n(c.new_payees.len()), "new payee", "new payees"),
        c.gone.len(),
        count(n(c.amounts_changed.len()), "amount", "amounts"),
        c.amount_percent
    )
}

/// The batches compared with: `3 earlier batches ("nov", "oct", "sep")`
/// (each paid, or may have paid, payouts: see `ledger::earlier`).
pub fn compared(c: &Changes) -> String {
    let labels: Vec<String> = c.compared.iter().map(|b| q(&b.label)).collect();
    format!(
        "{} earlier batch{} ({})",
        c.compared.len(),
        if c.compared.len() == 1 { "" } else { "es" },
        labels.join(", ")
    )
}

/// The concise section for `check` and `submit`; `details` is the file
/// with every change.
pub fn section(c: &Changes, details: Option<&std::path::Path>) -> String {
    let mut s = since_last_payroll_section(c);
    if let Some(sl) = &c.same_label {
        s.push_str(&same_label::section(sl, SHOWN_WALLET_LINES));
    }
    if let Some(p) = details.filter(|_| !c.is_empty()) {
        s.push_str(&format!("  Every change: {}\n", p.display()));
    }
    s
}

fn since_last_payroll_section(c: &Changes) -> String {
    if c.compared.is_empty() {
        return match &c.itself_paid {
            Some(label) => format!(
                "Changes since the last payroll: nothing to compare with (the only batch in the ledger that paid, or may have paid, anything is {}, this one, which is not compared with itself).\n",
                q(label)
            ),
            None => "Changes since the last payroll: nothing to compare with (no batch in the ledger paid, or may have paid, anything).\n".into(),
        };
    }
    let mut s = format!(
        "Changes since the last payroll (compared with {}):\n  {}\n",
        compared(c),
        counts(c)
    );
    for w in c.wallets_changed.iter().take(SHOWN_WALLET_LINES) {
        s.push_str(&format!("  {}\n", wallet_change_line(w)));
    }
    if c.wallets_changed.len() > SHOWN_WALLET_LINES {
        s.push_str(&format!(
            "  ... and {} more wallet changes\n",
            c.wallets_changed.len() - SHOWN_WALLET_LINES
        ));
    }
    s
}

fn listed<T>(
    out: &mut Vec<String>,
    title: &str,
    items: &[T],
    limit: usize,
    line: impl Fn(&T) -> String,
) {
    if items.is_empty() {
        return;
    }
    out.push(format!("{title}: {}", items.len()));
    for i in items.iter().take(limit) {
        out.push(format!("  {}", line(i)));
    }
    if items.len() > limit {
        out.push(format!(
            "  ... and {} more, not listed here (see the check report)",
            items.len() - limit
        ));
    }
}

#[cfg(test)]
/// The statement's changes section, one line each.
pub fn statement_lines(c: &Changes) -> Vec<String> {
    statement_lines_within(c, STATEMENT_WALLET_LINES, STATEMENT_OTHER_LINES)
}

/// [`statement_lines`] listing at most `wallets` wallet changes and `other`
/// of each other kind; then what changed against the batch's own earlier
/// content, and what this approval sends.
pub fn statement_lines_within(c: &Changes, wallets: usize, other: usize) -> Vec<String> {
    let mut out = since_last_payroll(c, wallets, other);
    if let Some(s) = &c.same_label {
        out.push(String::new());
        out.extend(same_label::statement_lines(s, wallets, other));
    }
    out
}

fn since_last_payroll(c: &Changes, wallets: usize, other: usize) -> Vec<String> {
    let mut out = Vec::new();
    if c.compared.is_empty() {
        out.push(match &c.itself_paid {
            Some(label) => format!(
                "Changes since the last payroll: none compared (the only batch in the ledger that paid, or may have paid, anything is {}, this one: see below).",
                q(label)
            ),
            None => "Changes since the last payroll: none compared (no batch in the ledger paid, or may have paid, anything).".into(),
        });
        return out;
    }
    out.push(format!(
        "Changes since the last payroll, compared with {}:",
        compared(c)
    ));
    out.push(counts(c));
    listed(
        &mut out,
        "Wallets changed (this approval covers each one listed)",
        &c.wallets_changed,
        wallets,
        wallet_change_line,
    );
    listed(
        &mut out,
        "Wallets under more than one payee",
        &c.shared_wallets,
        other,
        |w| {
            let who: Vec<String> = w.payees.iter().map(who).collect();
            format!("wallet {}: {}", w.wallet, who.join("; "))
        },
    );
    listed(&mut out, "Names changed", &c.names_changed, other, |n| {
        format!(
            "reference {}: {} -> {} (batch {})",
            q(&n.reference),
            q(&n.before),
            q(&n.now),
            q(&n.before_batch)
        )
    });
    listed(&mut out, "New payees", &c.new_payees, other, who);
    listed(&mut out, "No longer paid", &c.gone, other, who);
    listed(&mut out, "Amounts moved", &c.amounts_changed, other, |a| {
        format!(
            "{}: was Tk {} in batch {}",
            who(&a.payee),
            a.before,
            q(&a.before_batch)
        )
    });
    out
}

/// The header of the changes CSV.
pub const CSV_HEADER: [&str; 10] = [
    "change",
    "reference",
    "name",
    "wallet_before",
    "wallet_now",
    "amount_before_poisha",
    "amount_now_poisha",
    "batch_before",
    "name_before",
    "detail",
];

/// One row of the changes CSV by its columns' names ([`CSV_HEADER`]); a
/// column a change does not fill stays empty.
#[derive(Default)]
struct CsvRow {
    change: &'static str,
    reference: String,
    name: String,
    wallet_before: String,
    wallet_now: String,
    amount_before: String,
    amount_now: String,
    batch_before: String,
    name_before: String,
    detail: String,
}

impl CsvRow {
    /// A payee's cells (reference, name, wallet, amount) on the side it
    /// stands: the sheet (`now`) or an earlier batch (before, with that
    /// batch's label).
    fn payee(change: &'static str, p: &Payee, now: bool) -> CsvRow {
        let mut row = CsvRow {
            change,
            reference: text(&p.reference),
            name: text(&p.name),
            ..CsvRow::default()
        };
        let (wallet, amount) = (p.wallet.to_string(), p.amount.poisha().to_string());
        if now {
            (row.wallet_now, row.amount_now) = (wallet, amount);
        } else {
            (row.wallet_before, row.amount_before) = (wallet, amount);
            row.batch_before = text(&p.batch);
        }
        row
    }

    /// The cells in [`CSV_HEADER`]'s order.
    fn cells(self) -> [String; 10] {
        [
            self.change.to_string(),
            self.reference,
            self.name,
            self.wallet_before,
            self.wallet_now,
            self.amount_before,
            self.amount_now,
            self.batch_before,
            self.name_before,
            self.detail,
        ]
    }
}

fn text(o: &Option<String>) -> String {
    o.clone().unwrap_or_default()
}

/// Every change as a CSV row (text cells; the writer neutralises formulas).
pub fn csv_rows(c: &Changes) -> Vec<[String; 10]> {
    let mut rows = Vec::new();
    for w in &c.wallets_changed {
        rows.push(CsvRow {
            change: "wallet_changed",
            reference: w.reference.clone(),
            name: text(&w.name),
            wallet_before: w.before.to_string(),
            wallet_now: w.now.to_string(),
            batch_before: w.before_batch.clone(),
            name_before: text(&w.before_name),
            ..CsvRow::default()
        });
    }
    for w in &c.shared_wallets {
        for p in &w.payees {
            rows.push(CsvRow {
                detail: format!("{} payees share wallet {}", w.payees.len(), w.wallet),
                ..CsvRow::payee("wallet_shared", p, p.batch.is_none())
            });
        }
    }
    for n in &c.names_changed {
        rows.push(CsvRow {
            change: "name_changed",
            reference: n.reference.clone(),
            name: n.now.clone(),
            batch_before: n.before_batch.clone(),
            name_before: n.before.clone(),
            ..CsvRow::default()
        });
    }
    for p in &c.new_payees {
        rows.push(CsvRow::payee("new_payee", p, true));
    }
    for p in &c.gone {
        rows.push(CsvRow::payee("no_longer_paid", p, false));
    }
    for a in &c.amounts_changed {
        rows.push(CsvRow {
            amount_before: a.before.poisha().to_string(),
            batch_before: a.before_batch.clone(),
            detail: format!("moved more than {}%", c.amount_percent),
            ..CsvRow::payee("amount_changed", &a.payee, true)
        });
    }
    rows.into_iter().map(CsvRow::cells).collect()
}

/// The JSON summary: counts, the batches compared with, and wallet changes.
pub fn json(c: &Changes, details: Option<&std::path::Path>) -> Value {
    json!({
        "compared_with": c.compared.iter().map(|b| json!({"batch": b.label, "created_at": b.created_at, "paid": b.paid})).collect::<Vec<_>>(),
        "amount_change_percent": c.amount_percent,
        "wallets_changed": c.wallets_changed.len(),
        "wallets_shared": c.shared_wallets.len(),
        "names_changed": c.names_changed.len(),
        "new_payees": c.new_payees.len(),
        "no_longer_paid": c.gone.len(),
        "amounts_changed": c.amounts_changed.len(),
        "wallet_changes": c.wallets_changed.iter().map(|w| json!({"reference": w.reference, "name": w.name, "name_before": w.before_name, "before": w.before.to_string(), "now": w.now.to_string(), "before_batch": w.before_batch})).collect::<Vec<_>>(),
        "details": details.map(|p| p.display().to_string()),
    })
}
