//! Page totals as running sums: a `Carried forward` figure is the sum of
//! every payee row above it (since the sheet's start), and a `Brought
//! forward` figure is the one carried forward before it (or, on a sheet
//! that has none, the sum of every row above it). Intake leaves both rows
//! out (`intake/forward.rs`); a figure that is not what it says refuses the
//! batch, as a wrong total does: a payee row may be missing, changed or
//! extra, or the page total is stale. Every figure counts as a `SUM` counts
//! it, the amounts of refused rows included (`stated.rs`).

use super::Validated;
use super::stated::{Figures, not_compared, split_whole};
use crate::intake::{StatedTotal, TotalKind, quoted};
use crate::money::Amount;

/// Checks every page total in `stated` (sheet order) against the rows.
pub(super) fn check_page_totals(v: &mut Validated, stated: &[StatedTotal]) {
    let pages: Vec<&StatedTotal> = stated
        .iter()
        .filter(|t| {
            matches!(
                t.kind,
                TotalKind::CarriedForward | TotalKind::BroughtForward
            )
        })
        .collect();
    if pages.is_empty() {
        return;
    }
    let figures = Figures::of(v, &[]);
    // The last carried-forward figure: its row, label and amount.
    let mut carried: Option<(&StatedTotal, Amount)> = None;
    for t in pages {
        let Some(stated_amount) = Amount::figure(&t.amount).filter(|_| !t.amount.is_empty()) else {
            v.sheet.notes.push(not_compared(t));
            continue;
        };
        let above = figures.sum(0, t.row);
        let whole = split_whole(t).filter(|w| Some(w.amount) == above);
        let amount = match &whole {
            Some(w) if Some(stated_amount) != above => {
                v.sheet.notes.push(w.note(t));
                w.amount
            }
            _ => stated_amount,
        };
        let error = figure_error(t, amount, above, carried, &figures);
        let error = error.or_else(|| held_back(t, amount, above, stated, &figures));
        v.batch_errors.extend(error);
        if t.kind == TotalKind::CarriedForward {
            carried = Some((t, amount));
        }
    }
    rows_after_the_last_carried(v, stated, &figures);
}

/// What is wrong with page total `t` (its figure `amount`; the rows above
/// it add up to `above`), given the last carried-forward figure before it.
fn figure_error(
    t: &StatedTotal,
    amount: Amount,
    above: Option<Amount>,
    carried: Option<(&StatedTotal, Amount)>,
    figures: &Figures,
) -> Option<String> {
    match (&t.kind, carried) {
        (TotalKind::BroughtForward, Some((c, figure))) if figure != amount => Some(format!(
            "row {} {} brings Tk {amount} forward ({}), but row {} {} carried Tk {figure} \
             forward: one of the two page totals is wrong, or a row between them was added \
             or deleted. Check the sheet against the approved list and correct the page \
             totals",
            t.row,
            quoted(&t.label),
            quoted(&t.amount),
            c.row,
            quoted(&c.label),
        )),
        // The same figure, but rows came between the two page totals: in
        // neither, so in no total the sheet shows.
        (TotalKind::BroughtForward, Some((c, _))) if above != Some(amount) => {
            between_pages(c, t, amount, &figures.rows(c.row, t.row))
        }
        (TotalKind::BroughtForward, Some(_)) => None,
        (kind, _) if above != Some(amount) => Some(format!(
            "row {} {} {} Tk {amount} forward ({}), but the payee rows above it add up to \
             {}: a page total is the sum of every payee row above it, so a payee row may \
             be missing, changed or extra, or the page total is out of date. Check the \
             sheet against the approved list and correct the page total{}",
            t.row,
            quoted(&t.label),
            match kind {
                TotalKind::CarriedForward => "carries",
                _ => "brings",
            },
            quoted(&t.amount),
            above.map_or("nothing".to_string(), |a| format!("Tk {a}")),
            arrears_hint(kind, above),
        )),
        _ => None,
    }
}

/// A `Brought forward` with no payee row above it is how arrears are
/// written as often as a page total (`Brought forward | 500`, the money a
/// payee is owed from last month): a row with a wallet is a payee's row and
/// is paid as one, so the refusal says so.
fn arrears_hint(kind: &TotalKind, above: Option<Amount>) -> &'static str {
    match (kind, above) {
        (TotalKind::BroughtForward, None) => {
            "; if it is money owed to a payee (arrears), give the row their wallet and \
             provider, and payrun pays it as that payee's row"
        }
        _ => "",
    }
}

/// Payee rows `between` a carried-forward row `c` and the brought-forward
/// row `t` that repeats its figure: in neither page total. `None` when
/// there are none (the figures differ for another reason, already said).
fn between_pages(
    c: &StatedTotal,
    t: &StatedTotal,
    amount: Amount,
    between: &[usize],
) -> Option<String> {
    if between.is_empty() {
        return None;
    }
    let (is, it) = match between.len() {
        1 => ("is", "it"),
        _ => ("are", "them"),
    };
    Some(format!(
        "{} between row {} {} and row {} {} {is} in neither page total (Tk {amount} carried \
         and brought forward): added after the page was totalled, so no one who checked the \
         sheet by its totals saw {it}. Move {it} into a page and correct its totals, or \
         delete {it} if not to be paid (`--skip-invalid` does not skip this)",
        super::types::list_rows(between),
        c.row,
        quoted(&c.label),
        t.row,
        quoted(&t.label),
    ))
}

/// Payee rows under the sheet's last `Carried forward` with no `Brought
/// forward` or total after them: in no figure the sheet shows (a page total
/// sums the rows above it), so no one who checked the sheet by its totals
/// saw them. Refused, as rows after the last total are
/// (`after_total.rs`); [`held_back`] has already named rows that add up
/// to the carried figure.
fn rows_after_the_last_carried(v: &mut Validated, stated: &[StatedTotal], figures: &Figures) {
    let Some(last) = stated.iter().rev().find(|t| t.kind != TotalKind::SignOff) else {
        return;
    };
    if last.kind != TotalKind::CarriedForward {
        return;
    }
    let after = figures.rows(last.row, usize::MAX);
    let figure = Amount::figure(&last.amount);
    if after.is_empty() || (figure.is_some() && figures.sum(last.row, usize::MAX) == figure) {
        return;
    }
    let (it, they, is) = match after.len() {
        1 => ("it", "it", "is"),
        _ => ("them", "they", "are"),
    };
    v.batch_errors.push(format!(
        "{} {is} under row {} {}, the last page total, with no \"Brought forward\" or total \
         after {it}: {they} {is} in no figure the sheet shows, so no one who checked the sheet \
         by its totals saw {it}. Add the \"Brought forward\" row and the grand total, or \
         delete {it} if not to be paid (`--skip-invalid` does not skip this)",
        super::types::list_rows(&after),
        last.row,
        quoted(&last.label),
    ));
}

/// A carried-forward figure that the rows under it (to the next stated
/// row) also make, with no `Brought forward` next: as much a title holding
/// those rows back with their subtotal (`Carried forward` is a hold-back
/// phrase, `pay_words.rs`) as a page total. Refused rather than paid on a
/// guess.
fn held_back(
    t: &StatedTotal,
    amount: Amount,
    above: Option<Amount>,
    stated: &[StatedTotal],
    figures: &Figures,
) -> Option<String> {
    if t.kind != TotalKind::CarriedForward || above != Some(amount) {
        return None;
    }
    let next = stated.iter().find(|n| n.row > t.row);
    if next.is_some_and(|n| n.kind == TotalKind::BroughtForward) {
        return None;
    }
    let to = next.map_or(usize::MAX, |n| n.row);
    if figures.sum(t.row, to) != Some(amount) {
        return None;
    }
    let under = figures.rows(t.row, to);
    Some(format!(
        "row {} {} (Tk {amount}) is both the sum of the rows above it and of {} under it, and \
         no \"Brought forward\" follows it: it may be a title holding the rows under it back \
         to a later payroll as much as a page total. Nothing is paid while it is unclear: if it \
         is a page total, add the \"Brought forward\" row at the head of the next page; if it \
         holds the rows under it back, delete those rows",
        t.row,
        quoted(&t.label),
        super::types::list_rows(&under),
    ))
}
