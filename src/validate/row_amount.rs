//! A row's amount: read as the sheet wrote it, held to the per-payout cap,
//! and the hint when only the amount is wrong: the part of [`super`] that
//! judges the money, apart from the wallet, the provider and the notes.

use super::*;

/// How the poisha advice begins: `validate::hidden` takes it back from a
/// row whose number format shows the amount rounded, which no flag pays.
pub(in crate::validate) const HAS_POISHA: &str = "has poisha (";
/// The amount cell as a figure for the totals check: what Excel's `SUM`
/// counts (a text cell that is no figure counts as unknown, not zero).
pub(super) fn figure(c: Cell<'_>) -> Option<Amount> {
    match c.kind {
        CellKind::Text | CellKind::Number => Amount::figure(c.text),
        CellKind::Date | CellKind::Bool | CellKind::Error | CellKind::Oversized => None,
    }
}

/// A row with an amount but neither wallet nor provider is most often a
/// totals row without a label (a bare `=SUM(...)` under the amounts). It is
/// refused like any unpayable row, and the user is told how to make payrun
/// skip it, because "the wallet cell is empty" alone sends them looking for a
/// missing payee.
pub(super) fn hint_amount_only(cx: &mut Ctx<'_>) {
    let blank = |f: Field| cx.cell(f).is_none_or(|c| clean_text(c.text).is_empty());
    if blank(Field::Wallet) && blank(Field::Provider) && !blank(Field::Amount) {
        cx.issue(
            None,
            None,
            Severity::Error,
            "only the amount is filled in; if this is a totals row, delete it or write Total in one of its cells (payrun then skips it), otherwise enter the payee's wallet and provider".into(),
        );
    }
}

pub(super) fn raw(cx: &Ctx<'_>, field: Field) -> String {
    shown_value(cx.cell(field).map_or("", |c| c.text))
}

pub(super) fn check_amount(
    cx: &mut Ctx<'_>,
    provider: Option<Provider>,
    opts: &CheckOptions,
) -> Option<Amount> {
    let (text, kind) = cx.usable(Field::Amount)?;
    let parsed = match kind {
        CellKind::Date => {
            // Said as the user reads it, not as the reader renders it.
            let (shown, what) = crate::validate::date_words::in_words(text)
                .unwrap_or_else(|| (text.to_string(), "a date"));
            cx.error(
                Field::Amount,
                Some(&shown),
                format!("is {what}, not an amount — format the column as Number and re-enter it"),
            );
            return None;
        }
        CellKind::Bool => Err(crate::money::AmountError::NotANumber),
        _ => Amount::parse(text),
    };
    let amount = match parsed {
        Ok(a) => a,
        Err(crate::money::AmountError::Empty) => {
            cx.error(
                Field::Amount,
                None,
                format!("the amount cell is empty; enter the amount in taka{MERGED_HINT}"),
            );
            return None;
        }
        Err(crate::money::AmountError::TooManyDecimals) if kind == CellKind::Number => {
            cx.error(
                Field::Amount,
                Some(text),
                "is what the cell really holds: a number with more than 2 decimal places, usually a formula result that Excel shows rounded; payrun never rounds money itself — wrap the formula in =ROUND(...,2), or paste the rounded value".into(),
            );
            return None;
        }
        Err(e @ crate::money::AmountError::SpaceGrouping { .. }) => {
            cx.error(Field::Amount, Some(text), e.to_string());
            if let Some(issue) = cx.issues.last_mut() {
                issue.spaces_named = true;
            }
            return None;
        }
        Err(e) => {
            cx.error(Field::Amount, Some(text), e.to_string());
            return None;
        }
    };
    if kind == CellKind::Number && amount.poisha() < 100 {
        // `15%` and `0.5` (a rate) arrive as numbers under one taka. Even
        // with poisha allowed, a payout under Tk 1 from a number cell is a
        // wrong column or a percentage, never a salary.
        cx.error(
            Field::Amount,
            Some(text),
            format!(
                "is less than one taka (Tk {amount}); the cell is probably a percentage or a rate — put the amount in taka in this column"
            ),
        );
        return Some(amount);
    }
    if !opts.allow_fractional && !amount.is_whole_taka() {
        cx.error(
            Field::Amount,
            Some(text),
            format!(
                "{HAS_POISHA}Tk {amount}); payrun pays whole taka because the gateway does not recommend decimals — round it, or pass --allow-poisha"
            ),
        );
    }
    check_cap(cx, text, amount, provider, opts);
    Some(amount)
}

/// The per-row cap: the provider's own, or, when the provider cell is wrong
/// too, the highest of all (said now rather than after the provider is fixed).
fn check_cap(
    cx: &mut Ctx<'_>,
    text: &str,
    amount: Amount,
    provider: Option<Provider>,
    opts: &CheckOptions,
) {
    match provider {
        Some(p) => {
            let cap = opts.cap_for(p);
            if amount > cap {
                cx.error(
                    Field::Amount,
                    Some(text),
                    format!(
                        "is over the per-row cap of Tk {cap} for {p}; split the payment, or raise the cap with --max-amount or --provider-cap {}=TAKA",
                        p.key()
                    ),
                );
            }
        }
        None => {
            let highest = Provider::ALL.into_iter().map(|p| opts.cap_for(p)).max();
            if let Some(cap) = highest.filter(|cap| amount > *cap) {
                cx.error(
                    Field::Amount,
                    Some(text),
                    format!(
                        "is over the per-row cap of every provider (Tk {cap} at most); split the payment, or raise the cap with --max-amount or --provider-cap"
                    ),
                );
            }
        }
    }
}
