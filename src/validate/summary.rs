//! A summary by provider under the grand total (`Provider | Count |
//! Amount`, then `bKash | 12 | 45,000`), which intake leaves out of the
//! payees (`intake/summary.rs`), is checked like the sheet's own totals: each
//! provider's figure must be what that provider's payee rows add up to (and
//! its count their number, when it has one), and its total row what every
//! payee row adds up to. A figure the rows do not make refuses the batch: a
//! payee row may be missing, changed, under another provider or extra, or
//! the summary is out of date. Figures count as a `SUM` counts them, the
//! amounts of refused rows included; a refused row whose provider is
//! unreadable makes the per-provider figures unknown, said in a note.

use super::Validated;
use crate::intake::{Note, StatedTotal, TotalKind, quoted};
use crate::money::Amount;
use crate::wallet::Provider;

/// The figures of the rows of one provider (`None`: every row).
fn rows_of(v: &Validated, provider: Option<Provider>) -> (usize, Option<Amount>) {
    let paid = v
        .payouts
        .iter()
        .filter(|p| provider.is_none_or(|x| p.provider == x))
        .map(|p| Some(p.amount));
    let refused = v
        .invalid
        .iter()
        .filter(|r| provider.is_none_or(|x| r.provider == Some(x)))
        .map(|r| r.figure);
    let all: Vec<Option<Amount>> = paid.chain(refused).collect();
    let sum = all
        .iter()
        .copied()
        .collect::<Option<Vec<Amount>>>()
        .and_then(Amount::checked_sum);
    (all.len(), sum)
}

/// Checks every row of a summary by provider in `stated`.
pub(super) fn check_summary(v: &mut Validated, stated: &[StatedTotal]) {
    // A refused row of an unknown provider may belong to any of them.
    let unknown = v
        .invalid
        .iter()
        .any(|r| r.provider.is_none() && r.figure.is_some_and(|f| f != Amount::ZERO));
    for t in stated {
        let TotalKind::Summary { provider, count } = &t.kind else {
            continue;
        };
        let Some(figure) = Amount::figure(&t.amount) else {
            v.sheet.notes.push(Note::limit(format!(
                "row {} of the summary by provider has no readable amount ({}); it was not \
                 compared with the rows",
                t.row,
                quoted(&t.amount)
            )));
            continue;
        };
        if unknown && provider.is_some() {
            v.sheet.notes.push(Note::limit(format!(
                "row {} of the summary by provider ({}) was not compared with the rows: some \
                 refused rows have no readable provider",
                t.row,
                quoted(&t.label)
            )));
            continue;
        }
        let (n, sum) = rows_of(v, *provider);
        let Some(sum) = sum else {
            v.sheet.notes.push(Note::limit(format!(
                "row {} of the summary by provider ({}) was not compared with the rows: some of \
                 its rows have no readable amount",
                t.row,
                quoted(&t.label)
            )));
            continue;
        };
        let stated_count = count
            .as_deref()
            .map(|c| c.trim_end_matches(".0"))
            .and_then(|c| c.parse::<usize>().ok());
        if sum == figure && stated_count.is_none_or(|c| c == n) {
            continue;
        }
        let error = mismatch(t, *provider, (figure, stated_count), (sum, n));
        v.batch_errors.push(error);
    }
}

/// Why a summary row is not what the rows make: what it says (`figure`
/// over `count` rows) and what the rows add up to (`sum` over `n`).
fn mismatch(
    t: &StatedTotal,
    provider: Option<Provider>,
    (figure, count): (Amount, Option<usize>),
    (sum, n): (Amount, usize),
) -> String {
    let (what, whose) = match provider {
        Some(p) => (p.to_string(), format!("the {p} payee rows")),
        None => (quoted(&t.label), "the payee rows".to_string()),
    };
    let plural = |k: usize| if k == 1 { "" } else { "s" };
    let counted = count.map_or(String::new(), |c| format!(" over {c} row{}", plural(c)));
    format!(
        "row {} of the summary by provider says {what} is Tk {figure}{counted} ({}), but \
         {whose} add up to Tk {sum} over {n} row{}: a payee row may be missing, changed, under \
         another provider or extra, or the summary is out of date. Check the sheet against \
         the approved list and correct the summary, or delete it if it is stale",
        t.row,
        quoted(&t.amount),
        plural(n),
    )
}
