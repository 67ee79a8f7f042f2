//! `payrun conflict`: list the payouts in conflict, or record a person's
//! check of one (`ledger::reviews`). Nothing here sends, resends or changes
//! a payout.

use super::report::open_existing;
use super::settings::ledger_path;
use crate::cli::{ConflictAction, ConflictArgs};
use crate::config::Resolved;
use crate::error::Error;
use crate::exit;
use crate::ledger::Ledger;
use crate::ledger::reviews::{ConflictEntry, NewReview};
use crate::report::from_ledger::find_batch;

pub fn run(args: ConflictArgs, s: &Resolved) -> Result<i32, Error> {
    let path = ledger_path(s)?;
    let read = open_existing(&path, args.sandbox)?;
    match args.action {
        ConflictAction::List => list(&read, args.batch.as_deref()),
        ConflictAction::Resolve => {
            let trade_no = target_trade_no(&read, &args)?;
            drop(read);
            let mut ledger = Ledger::open(&path)?;
            resolve(&mut ledger, &args, &trade_no)
        }
    }
}

/// Every conflict (of the batch), with its reasons and its reviews; exit 1
/// while one is not checked.
fn list(ledger: &Ledger, batch: Option<&str>) -> Result<i32, Error> {
    let batch_id = batch
        .map(|l| find_batch(ledger, l))
        .transpose()?
        .map(|b| b.id);
    let entries = ledger.conflict_entries(batch_id)?;
    if entries.is_empty() {
        println!("No payout is in conflict.");
        return Ok(exit::OK);
    }
    let mut open = 0usize;
    for e in &entries {
        let reviews = ledger.conflict_reviews(e.payout_id)?;
        let covering = reviews.iter().rev().find(|r| r.detail_reviewed == e.detail);
        open += usize::from(covering.is_none());
        let mark = if covering.is_some() {
            "CHECKED"
        } else {
            "OPEN   "
        };
        let at = row_and_trade(e);
        println!("{mark} {} {at} (ledger keeps {})", e.batch_label, e.state);
        println!("        reasons: {}", e.detail);
        for r in &reviews {
            let lapsed = if r.detail_reviewed == e.detail {
                ""
            } else {
                " (before a later reason: check again)"
            };
            let account = account_words(ledger.review_account(r.id)?);
            println!(
                "        checked by {}{account} at {}: found {}; {}{lapsed}",
                r.reviewed_by, r.reviewed_at, r.outcome, r.note
            );
        }
    }
    println!(
        "\n{} in conflict, {open} not checked yet{}",
        crate::text::count(entries.len() as u64, "payout", "payouts"),
        if open > 0 {
            ": check each with the provider, then payrun conflict resolve TRADENO --by NAME --note TEXT"
        } else {
            ""
        }
    );
    Ok(if open > 0 { exit::INCOMPLETE } else { exit::OK })
}

fn row_and_trade(e: &ConflictEntry) -> String {
    match e.row_no {
        Some(n) => format!("row {n} {}", e.trade_no),
        None => e.trade_no.clone(),
    }
}

/// The tradeNo the user named: as given, or the payout in conflict at
/// `ROW` of `--batch`.
fn target_trade_no(ledger: &Ledger, args: &ConflictArgs) -> Result<String, Error> {
    let target = args.target.as_deref().map(str::trim).unwrap_or_default();
    let Ok(row) = target.parse::<usize>() else {
        return Ok(target.to_string());
    };
    let Some(label) = args.batch.as_deref() else {
        return Err(Error::Usage(format!(
            "{target} reads as a row number: add --batch LABEL to say whose row, or give the \
             payout's tradeNo (payrun conflict list shows both)"
        )));
    };
    let batch = find_batch(ledger, label)?;
    let at_row: Vec<ConflictEntry> = ledger
        .conflict_entries(Some(batch.id))?
        .into_iter()
        .filter(|e| e.row_no == Some(row))
        .collect();
    match &at_row[..] {
        [one] => Ok(one.trade_no.clone()),
        [] => Err(Error::Usage(format!(
            "batch {label}: no payout in conflict at row {row}; payrun conflict list --batch \
             {label} shows the ones that are. Nothing was recorded"
        ))),
        _ => Err(Error::Usage(format!(
            "batch {label}: row {row} has {} payouts in conflict (revisions of the row): name \
             one by its tradeNo ({}). Nothing was recorded",
            at_row.len(),
            at_row
                .iter()
                .map(|e| e.trade_no.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// A flag's text, which must say something.
fn said<'a>(v: &'a Option<String>, flag: &str) -> Result<&'a str, Error> {
    v.as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| Error::Usage(format!("{flag} must not be empty. Nothing was recorded")))
}

/// Records the review; the payout itself is not touched.
fn resolve(ledger: &mut Ledger, args: &ConflictArgs, trade_no: &str) -> Result<i32, Error> {
    let review = NewReview {
        trade_no,
        by: said(&args.by, "--by")?,
        finding: args.outcome,
        note: said(&args.note, "--note")?,
    };
    let Some(r) = ledger.record_conflict_review(&review)? else {
        return Err(Error::Usage(format!(
            "{}: no payout in conflict has tradeNo {trade_no}; payrun conflict list shows the \
             ones that are. Nothing was recorded",
            ledger.path().display()
        )));
    };
    crate::log::info(
        "conflict_checked",
        format!(
            "{trade_no}: checked by {} at {} (found {}): recorded; the payout and its conflict \
             flag are unchanged, nothing was sent",
            r.reviewed_by, r.reviewed_at, r.outcome
        ),
    );
    let account = account_words(ledger.review_account(r.id)?);
    println!(
        "Recorded: {trade_no} checked by {}{account} at {}, found {} ({}). The payout (ledger keeps {}) \
         and its conflict's reasons stay as they were; nothing was sent.",
        r.reviewed_by, r.reviewed_at, r.outcome, r.note, r.state_at_review
    );
    Ok(exit::OK)
}

/// ` [OS account uid 1000 (login "karim")]`: the account that ran the
/// review (`--by` is free text); nothing for a review recorded before
/// payrun kept it.
fn account_words(account: Option<String>) -> String {
    account.map_or(String::new(), |a| format!(" [OS account {a}]"))
}
