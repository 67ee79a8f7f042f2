//! A batch sent in another tradeNo form than the one configured, found by
//! a ledger that never sent it (lost, or a new host's).
//!
//! The ledger records each batch's form (`ledger::trade_no_form`), but a
//! lost ledger takes the record with it: a run with another
//! `trade_no_form` plans every row under new tradeNos, and a check that
//! asks only about those finds nothing, so everyone would be paid again,
//! out of reach of the gateway's duplicate check. The ledger-loss check
//! therefore also asks about the first payout of its sample in the other
//! forms (once the gateway said "not found" to every tradeNo it plans: 2
//! more questions, [`ASKED`]), and `--adopt`, which looks under the form
//! configured, asks about its first [`loss_guard::FIRST`] when it found
//! nothing.
//! An order found stops the run before anything is sent (exit 2).

use super::super::RunCtx;
use super::super::adopt::ask_all;
use crate::cmd::shell::shell_word;
use crate::config::TradeNoForm;
use crate::error::Error;
use crate::exit;
use crate::ledger::Ledger;
use crate::ledger::adopt::Adoptable;
use crate::plan::{legacy_form, trade_no};
use crate::submit::loss_guard;

/// Payouts asked about in the other forms: the sample's first (the sheet's
/// first rows this ledger never sent), which a lost ledger that paid the
/// batch paid too. Each costs 2 questions, asked only once the gateway
/// said "not found" to every tradeNo of the sample; on a flaky gateway
/// every question is one more that may go unanswered and stop the run.
pub(super) const ASKED: usize = 1;

/// The tradeNos of payout `(identity_key, revision)` of this batch in every
/// form but `ctx`'s (with `label-hash`'s pre-issue-12 front), each with its
/// form.
pub(super) fn in_other_forms(
    ctx: &RunCtx<'_>,
    identity_key: &str,
    revision: u32,
) -> Vec<(String, TradeNoForm)> {
    let label = &ctx.plan.label;
    let mut out = Vec::new();
    for form in TradeNoForm::ALL.into_iter().filter(|f| *f != ctx.plan.form) {
        let t = trade_no(form, label, identity_key, revision);
        for t in legacy_form(form, label, &t).into_iter().chain([t]) {
            out.push((t, form));
        }
    }
    out
}

/// Why the run stops: the gateway holds payouts of this batch, `found`
/// (`tradeNo (status)` by form), in another form than the one configured.
pub(super) fn message(ctx: &RunCtx<'_>, asked: &str, found: &[(TradeNoForm, String)]) -> String {
    let form = found.first().map_or(TradeNoForm::LabelHash, |(f, _)| *f);
    let shown: Vec<&str> = found.iter().take(5).map(|(_, t)| t.as_str()).collect();
    let label = &ctx.plan.label;
    format!(
        "{asked}; it already holds {} of them in the tradeNo form {form}: {}.\n\
         batch '{label}' was sent with trade_no_form = \"{form}\" through a ledger this one is not, \
         and this run makes its tradeNos in {} (trade_no_form): every row would be a new tradeNo, \
         paid again. Run this batch with trade_no_form = \"{form}\" (--trade-no-form {form}): \
         restore the ledger that sent it, or run `payrun submit SHEET --batch {}{} \
         --trade-no-form {form} --adopt`.\n\
         Nothing was sent (docs/gateway.md, \"tradeNo\").",
        found.len(),
        shown.join(", "),
        ctx.plan.form,
        shell_word(label.as_str()),
        crate::config::selection::flags(),
    )
}

/// `--adopt` found none of `open` under the form configured: asks about
/// the first few in the other forms, and stops (`Some(exit code)`,
/// nothing sent) when the gateway holds one.
pub(in crate::cmd::submit) fn adopt_check(
    ctx: &RunCtx<'_>,
    ledger: &mut Ledger,
    open: &[Adoptable],
) -> Result<Option<i32>, Error> {
    let mut trades = Vec::new();
    let mut form_of = std::collections::HashMap::new();
    for a in open.iter().take(loss_guard::FIRST) {
        for (t, form) in in_other_forms(ctx, &a.identity, a.revision) {
            form_of.insert(t.clone(), form);
            trades.push((t, a.id));
        }
    }
    if trades.is_empty() {
        return Ok(None);
    }
    let known = match ask_all(ctx, ledger, trades)? {
        Ok(known) => known,
        Err(code) => return Ok(Some(code)),
    };
    let found: Vec<(TradeNoForm, String)> = known
        .iter()
        .filter_map(|(t, a)| Some((*form_of.get(t)?, format!("{t} ({})", a.status.name()))))
        .collect();
    if found.is_empty() {
        return Ok(None);
    }
    let asked = format!(
        "--adopt: the gateway holds none of the {} payouts of batch '{}' under tradeNo form {}",
        open.len(),
        ctx.plan.label,
        ctx.plan.form
    );
    crate::log::error("ledger_lost", message(ctx, &asked, &found));
    Ok(Some(exit::INVALID))
}
