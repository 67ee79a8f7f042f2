//! `payrun submit --dry-run`: everything up to sending (plan, history,
//! balance) and a list of what would happen to each row. Writes nothing.

use super::super::connect::Connection;
use super::balance::Verdict;
use crate::cli::SubmitArgs;
use crate::config::Resolved;
use crate::error::Error;
use crate::exit;
use crate::ledger::batch_lock;
use crate::ledger::history::{self, Decision, Existing};
use crate::ledger::revise_failed::Failures;
use crate::ledger::{Ledger, LedgerError, State};
use crate::money::Amount;
use crate::plan::{Plan, PlannedRow};
use crate::text::count;
use crate::validate::Validated;
use std::collections::HashMap;
use std::path::Path;

pub(super) fn run(
    args: &SubmitArgs,
    s: &Resolved,
    conn: &Connection,
    ledger_path: &Path,
    plan: &Plan,
    validated: &Validated,
) -> Result<i32, Error> {
    let (existing, unresolved, failures) = history_of(conn, ledger_path, plan, args)?;
    let decisions = decide(args, s, ledger_path, plan, &existing, &failures)?;
    let would = list(plan, &decisions, &existing);
    let skipped = skipped(args, ledger_path, plan, &decisions, validated);
    let total = Amount::checked_sum(would.send.iter().copied())
        .ok_or_else(|| Error::Usage("the total to send overflows".into()))?;
    println!(
        "\nDry run for batch '{}' ({}): would send {}, Tk {total}; ask the gateway about {}; skip {} already recorded; refuse {}; {}.",
        plan.label,
        validated.file_name,
        count(would.send.len() as u64, "payout", "payouts"),
        would.ask + unresolved,
        would.skip,
        would.refused,
        count(
            validated.invalid.len() as u64,
            "invalid row",
            "invalid rows"
        ),
    );
    // Exit 0 means every row of the sheet would be paid or processing.
    let mut code = if skipped == 0 {
        exit::OK
    } else {
        exit::INCOMPLETE
    };
    if !would.send.is_empty() {
        code = balance(conn, total).unwrap_or(code);
    }
    if would.refused > 0 && !args.skip_invalid {
        code = exit::INVALID;
    }
    println!("Nothing was sent and nothing was written (dry run).");
    Ok(code)
}

/// What a real run would decide for each row: the batch's history, then
/// `--retry-failed`, then the rows it would hold as paid under another label.
fn decide(
    args: &SubmitArgs,
    s: &Resolved,
    ledger_path: &Path,
    plan: &Plan,
    existing: &[Existing],
    failures: &Failures,
) -> Result<Vec<Decision>, Error> {
    let decisions = history::decide(plan, existing);
    let mut decisions =
        super::revise_failed::apply(args, plan.label.as_str(), decisions, existing, failures);
    if ledger_path.exists() {
        // What a real run would hold: rows paid under another label.
        super::repeats::hold(
            args,
            s.repeat_window,
            &Ledger::open(ledger_path)?,
            plan,
            &mut decisions,
        )?;
    }
    Ok(decisions)
}

/// What the dry run found it would do, counted.
#[derive(Default)]
struct Would {
    /// The amount of each payout it would send.
    send: Vec<Amount>,
    /// Payouts it would ask the gateway about first.
    ask: usize,
    /// Payouts already recorded (paid, processing, ...).
    skip: usize,
    /// Rows the batch's history refuses.
    refused: usize,
}

/// Prints one line per row of the plan: what a real run would do with it.
fn list(plan: &Plan, decisions: &[Decision], existing: &[Existing]) -> Would {
    let by_id: HashMap<i64, &Existing> = existing.iter().map(|e| (e.id, e)).collect();
    let mut would = Would::default();
    println!("row\treference\tprovider\twallet\tamount\ttradeNo\taction");
    for (row, d) in plan.rows.iter().zip(decisions) {
        let p = &row.payout;
        let (trade, action) = action(plan, row, d, &by_id, &mut would);
        println!(
            "{}\t{}\t{}\t{}\t{}\t{trade}\t{action}",
            p.row,
            p.reference.as_deref().unwrap_or(""),
            p.provider.key(),
            p.wallet,
            p.amount.to_plain_taka()
        );
    }
    would
}

/// The tradeNo and the action for one row, counted into `would`.
fn action(
    plan: &Plan,
    row: &PlannedRow,
    d: &Decision,
    by_id: &HashMap<i64, &Existing>,
    would: &mut Would,
) -> (String, String) {
    let amount = row.payout.amount;
    match d {
        Decision::New { revision } => {
            would.send.push(amount);
            (plan.trade_no(&row.key, *revision), "send".to_string())
        }
        Decision::Revise { replaces, revision } => {
            would.send.push(amount);
            let old = by_id.get(replaces);
            let old_trade = old.map_or("?", |e| e.trade_no.as_str());
            let retry = old.is_some_and(|e| e.state == State::Failed && e.content == row.content());
            (
                plan.trade_no(&row.key, *revision),
                if retry {
                    format!("send again (retries failed {old_trade}, which is superseded)")
                } else {
                    format!("send (corrects {old_trade}, which is superseded)")
                },
            )
        }
        Decision::Reuse { id, state } => {
            let trade = by_id
                .get(id)
                .map_or_else(String::new, |e| e.trade_no.clone());
            let action = match state {
                State::Planned => {
                    would.send.push(amount);
                    "send".to_string()
                }
                State::Sending | State::Unknown => {
                    would.ask += 1;
                    "ask the gateway first, then send only if it never arrived".to_string()
                }
                other => {
                    would.skip += 1;
                    format!("skip: already {}", other.word())
                }
            };
            (trade, action)
        }
        Decision::Refuse { message } => {
            would.refused += 1;
            (String::new(), format!("REFUSED: {message}"))
        }
    }
}

/// The balance check a real run makes (the same rule: `balance::verdict`),
/// said; `Some(code)` when a real run would stop on it.
fn balance(conn: &Connection, total: Amount) -> Option<i32> {
    match super::balance::verdict(conn, total, &std::sync::atomic::AtomicBool::new(false)) {
        Verdict::Covers(b) => {
            println!("Balance: Tk {} available covers Tk {total}.", b.available);
            None
        }
        Verdict::Short(b) => {
            println!(
                "Balance: Tk {} available is less than Tk {total} to send: a real run would stop before sending (exit 3).",
                b.available
            );
            Some(exit::SYSTEMIC)
        }
        Verdict::Refused(e) => {
            println!("Balance: {e}: a real run would stop before sending (exit 3).");
            Some(exit::SYSTEMIC)
        }
        // The gateway did not answer as a gateway: a real run could not
        // start, nothing sent (exit 5; see not_started).
        Verdict::NoAnswer(e) => {
            println!(
                "Balance could not be checked: {e}: a real run would stop before sending (exit 5)."
            );
            Some(exit::NOT_STARTED)
        }
    }
}

/// With `--skip-invalid`, the rows a real run would record instead of
/// paying (invalid, or refused by the batch's history), listed as it lists
/// them; how many.
fn skipped(
    args: &SubmitArgs,
    ledger_path: &Path,
    plan: &Plan,
    decisions: &[Decision],
    validated: &Validated,
) -> usize {
    if !args.skip_invalid {
        return 0;
    }
    let mut skipped = super::rows::invalid_rows(validated);
    skipped.extend(super::rows::refused_rows(plan, decisions));
    let report = args.report.clone().unwrap_or_else(|| {
        crate::report::from_ledger::default_report_path(ledger_path, plan.label.as_str())
    });
    super::rows::print_skipped_dry(&skipped, &report);
    skipped.len()
}

/// The batch's payouts, how many unresolved ones are not in this sheet, and
/// its failed payouts (for `--retry-failed`).
/// A missing ledger is an empty history: a dry run creates nothing. A
/// ledger a real run would refuse is refused here too.
fn history_of(
    conn: &Connection,
    ledger_path: &Path,
    plan: &Plan,
    args: &SubmitArgs,
) -> Result<(Vec<Existing>, usize, Failures), Error> {
    let adopt = args.adopt;
    // A real run through another ledger than the batch's would be refused.
    let real = crate::ledger::identity::real_path(ledger_path)?;
    let label = plan.label.as_str();
    let mut batch_mark = None;
    if conn.sandbox.is_none() {
        let (gateway, merchant) = (&conn.gateway_id, &conn.merchant_no);
        if let Some(refused) = batch_lock::refusal_for(gateway, merchant, label, &real, adopt) {
            return Err(Error::Usage(refused));
        }
        batch_mark = batch_lock::mark_file_for(gateway, merchant, label);
    }
    if !ledger_path.exists() {
        // A real run would refuse the ledger it made where one was used. One
        // made new for a batch its own mark says was sent is not refused: the
        // real run asks the gateway about every payout first.
        match Ledger::gone_from(ledger_path)? {
            Some(gone) if !adopt => return Err(super::lacking::went_back(gone, args)),
            _ => {
                if let Some(file) = batch_mark.as_deref().filter(|f| f.exists()) {
                    crate::log::warn(
                        "batch_sent_before",
                        format!(
                            "A ledger sent batch '{label}' before (its mark: {}), and there is \
                             no ledger at {}: the real run asks the gateway about every payout \
                             before sending anything, and stops if it knows any of them.",
                            file.display(),
                            real.display()
                        ),
                    );
                }
                return Ok((Vec::new(), 0, Failures::default()));
            }
        }
    }
    let mut ledger = Ledger::open(ledger_path)?;
    ledger.quick_check()?;
    // As in a real run: a ledger that went back (allowed with --adopt)
    // cannot show that nothing was sent.
    let for_batch = match &batch_mark {
        Some(file) => ledger.check_batch_mark(file, label).map(|_| ()),
        None => Ok(()),
    };
    let trusted = match ledger.check_continuity().and(for_batch) {
        Ok(()) => true,
        Err(LedgerError::WentBack { .. } | LedgerError::BatchWentBack { .. }) if adopt => false,
        Err(e) => return Err(super::lacking::went_back(e, args)),
    };
    let lacking = super::lacking::gate(&ledger, label, adopt, args.acknowledge_missing_runs)?;
    super::lacking::dry_acknowledge(&lacking, args.acknowledge_missing_runs);
    let Some(batch) = ledger.batch(plan.label.as_str())? else {
        return Ok((Vec::new(), 0, Failures::default()));
    };
    check_binding(&ledger, &batch, conn, trusted)?;
    ledger
        .check_trade_no_form(batch.id, label, plan.form)
        .map_err(|e| Error::Usage(e.to_string()))?;
    let existing = ledger.existing(batch.id)?;
    let keys: std::collections::HashSet<&str> = plan.rows.iter().map(|r| r.key.as_str()).collect();
    let unresolved = existing
        .iter()
        .filter(|e| matches!(e.state, State::Sending | State::Unknown))
        .filter(|e| !keys.contains(e.identity.as_str()))
        .count();
    let failures = ledger.failures(batch.id)?;
    Ok((existing, unresolved, failures))
}

/// The refusal a real run would meet for a batch bound to another merchant
/// or gateway: none if it reached no gateway and the ledger is `trusted`
/// to show that (a real run then moves it: `ledger::binding`).
fn check_binding(
    ledger: &Ledger,
    batch: &crate::ledger::Batch,
    conn: &Connection,
    trusted: bool,
) -> Result<(), Error> {
    let (merchant, gateway) = (&conn.merchant_no, &conn.gateway_id);
    if batch.merchant_no == *merchant && batch.gateway_url == *gateway {
        return Ok(());
    }
    if !trusted || ledger.reached_gateway(batch.id)? {
        return Err(Error::Usage(
            LedgerError::BatchMismatch {
                label: batch.label.clone(),
                recorded_merchant: batch.merchant_no.clone(),
                recorded_gateway: batch.gateway_url.clone(),
                merchant: merchant.clone(),
                gateway: gateway.clone(),
            }
            .to_string(),
        ));
    }
    crate::log::info(
        "batch_moved",
        format!(
            "batch '{}' was started against merchant {} at {}, but nothing of it reached that \
             gateway: a real run moves it to merchant {merchant} at {gateway}",
            batch.label, batch.merchant_no, batch.gateway_url
        ),
    );
    Ok(())
}
