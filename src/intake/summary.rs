//! A summary by provider under the grand total: a small table with its own
//! header (`Provider | Count | Amount`, `মাধ্যম | সংখ্যা | টাকা`) and a row
//! per provider (`bKash | 12 | 45,000`), often with its own total.
//!
//! Its header holds names of payrun's fields in other columns than the
//! sheet's header, so it would read as a second header in another order
//! (two exports pasted together), and its rows as payees with an amount in
//! the wallet column. It is neither: its header names no wallet and its rows
//! carry none. So, under a totals row, a header of only provider, count and
//! amount names, followed by rows of a provider (or a totals label), a count
//! and an amount and no wallet anywhere, is a summary: intake leaves its
//! rows out with a note naming them, and hands each row on as a stated
//! total of its own kind, which validate checks against the payee rows of
//! that provider (`validate/summary.rs`). When the row after the block
//! carries a wallet, it is no summary, and the second-header rule refuses
//! it as before.

use super::table::{RowTable, RowView};
use super::totals::{StatedTotal, TotalKind};
use crate::fields::{Field, fold, strip_currency};
use crate::wallet::{Provider, normalize_wallet_any};

/// More rows than this under the header is no summary by provider.
const MAX_ROWS: usize = 12;

/// Folded names of a summary's count column.
const COUNT_NAMES: [&str; 22] = [
    "count",
    "totalcount",
    "no",
    "nos",
    "rows",
    "payees",
    "number",
    "noofpayees",
    "numberofpayees",
    "totalpayees",
    "noofrows",
    "noofemployees",
    "numberofemployees",
    "totalemployees",
    "employees",
    "persons",
    "headcount",
    "qty",
    "সংখ্যা",
    "জন",
    "জনসংখ্যা",
    "কর্মীসংখ্যা",
];

/// Folded names of a summary's amount column beyond the amount's own
/// (each may end in a currency word: `Total Amount (Tk)`).
const AMOUNT_NAMES: [&str; 5] = ["total", "totalamount", "amounttotal", "sum", "মোট"];

/// The columns of a summary's header.
struct Head {
    provider: usize,
    amount: usize,
    count: Option<usize>,
}

/// A summary found at a row: its rows (header first) and what each states.
pub(super) struct Summary {
    /// Rows of the chunk it spans, header included, from its header's.
    pub(super) len: usize,
    pub(super) note: String,
    pub(super) stated: Vec<StatedTotal>,
}

fn head(r: &RowView<'_>, blank: &impl Fn(&str) -> bool) -> Option<Head> {
    let (mut provider, mut amount, mut count) = (None, None, None);
    for c in 0..r.len() {
        let t = r.text(c);
        if blank(t) {
            continue;
        }
        let f = fold(t);
        let money = strip_currency(&f).unwrap_or(&f);
        let field = Field::named(&f).or_else(|| Field::named(money));
        match field {
            Some(Field::Provider) if provider.is_none() => provider = Some(c),
            Some(Field::Amount) if amount.is_none() => amount = Some(c),
            None if amount.is_none() && AMOUNT_NAMES.contains(&money) => amount = Some(c),
            None if count.is_none() && COUNT_NAMES.contains(&f.as_str()) => count = Some(c),
            _ => return None,
        }
    }
    Some(Head {
        provider: provider?,
        amount: amount?,
        count,
    })
}

/// Whether any cell of `r` reads as a wallet number.
pub(super) fn carries_wallet(r: &RowView<'_>) -> bool {
    (0..r.len()).any(|c| {
        let t = r.text(c);
        t.chars()
            .filter(|c| c.is_ascii_digit() || ('০'..='৯').contains(c))
            .count()
            >= 10
            && normalize_wallet_any(t).is_ok()
    })
}

/// Row `r` as a summary row under `h`: what it states, or `None`.
fn row(
    r: &RowView<'_>,
    h: &Head,
    blank: &impl Fn(&str) -> bool,
    total_label: &impl Fn(&str) -> bool,
) -> Option<StatedTotal> {
    let named = r.text(h.provider).trim();
    let provider = Provider::parse_alias(named);
    let ours = |c: usize| c == h.provider || c == h.amount || Some(c) == h.count;
    let others_blank = (0..r.len()).all(|c| ours(c) || blank(r.text(c)));
    let counted = h.count.is_none_or(|c| {
        r.text(c)
            .trim()
            .chars()
            .all(|ch| ch.is_ascii_digit() || ch == '.')
    });
    let ok = (provider.is_some() || total_label(named))
        && !blank(r.text(h.amount))
        && others_blank
        && counted
        && !carries_wallet(r);
    ok.then(|| StatedTotal {
        row: r.number(),
        label: named.to_string(),
        amount: r.text(h.amount).trim().to_string(),
        after: Vec::new(),
        kind: TotalKind::Summary {
            provider,
            count: h.count.map(|c| r.text(c).trim().to_string()),
        },
    })
}

/// The summary by provider whose header is row `i` of `rows`, if it is one
/// (see the module's rule); `stated` is what the sheet stated above it.
pub(super) fn at(
    rows: &RowTable,
    i: usize,
    stated: &[StatedTotal],
    blank: impl Fn(&str) -> bool,
    total_label: impl Fn(&str) -> bool,
) -> Option<Summary> {
    if !stated.iter().any(|t| t.kind == TotalKind::Total) {
        return None;
    }
    let header = rows.row(i)?;
    let h = head(&header, &blank)?;
    let mut found = Vec::new();
    let mut j = i + 1;
    while let Some(r) = rows.row(j).filter(|_| found.len() < MAX_ROWS) {
        match row(&r, &h, &blank, &total_label) {
            Some(t) => found.push(t),
            None => break,
        }
        j += 1;
    }
    let last = found.last()?.row;
    if rows.row(j).is_some_and(|r| carries_wallet(&r)) {
        return None;
    }
    let cells: Vec<&str> = (0..header.len())
        .map(|c| header.text(c).trim())
        .filter(|t| !t.is_empty())
        .collect();
    let note = format!(
        "rows {}-{last} skipped: a summary by provider (its header {} on row {}) under the \
         sheet's total, not payouts; each of its figures is checked against the payee rows",
        header.number(),
        super::quoted(&cells.join(" | ")),
        header.number(),
    );
    Some(Summary {
        len: j - i,
        note,
        stated: found,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::intake::CellKind;

    fn heads(cells: &[&str]) -> Option<(usize, usize, Option<usize>)> {
        let mut t = RowTable::new();
        t.begin_row(9);
        for c in cells {
            t.push_cell(c, CellKind::Text);
        }
        t.end_row();
        let r = t.row(0)?;
        let blank = |s: &str| s.trim().is_empty();
        head(&r, &blank).map(|h| (h.provider, h.amount, h.count))
    }

    /// A summary's header holds provider, count and amount names only.
    #[test]
    fn a_summary_header_is_provider_count_and_amount() {
        assert_eq!(
            heads(&["Provider", "Count", "Amount"]),
            Some((0, 2, Some(1)))
        );
        assert_eq!(
            heads(&["MFS", "No. of Employees", "Total Amount (Tk)"]),
            Some((0, 2, Some(1)))
        );
        assert_eq!(heads(&["মাধ্যম", "সংখ্যা", "টাকা"]), Some((0, 2, Some(1))));
        assert_eq!(heads(&["", "Provider", "Total"]), Some((1, 2, None)));
        // A header with a wallet or a name is no summary's.
        assert_eq!(heads(&["Provider", "Wallet", "Amount"]), None);
        assert_eq!(heads(&["Name", "Provider", "Amount"]), None);
        assert_eq!(heads(&["Provider", "Count"]), None);
    }
}
