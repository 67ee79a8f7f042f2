//! `payrun statement`: the statements `payrun match` imported, and the
//! withdrawal of one imported by mistake (`ledger::statements::withdraw`),
//! after which each batch it was matched against is matched again without
//! it. Nothing here sends anything or changes a payout.

use super::report::open_existing;
use super::settings::ledger_path;
use crate::cli::{StatementAction, StatementArgs};
use crate::config::Resolved;
use crate::error::Error;
use crate::exit;
use crate::ledger::statements::StoredStatement;
use crate::ledger::statements::withdraw::Withdrawal;
use crate::ledger::{Ledger, LedgerError, RunLock};
use crate::matching::run;

pub fn run(args: StatementArgs, s: &Resolved) -> Result<i32, Error> {
    let path = ledger_path(s)?;
    let read = open_existing(&path, args.sandbox)?;
    match args.action {
        StatementAction::List => list(&read),
        StatementAction::Withdraw => {
            drop(read);
            let _lock =
                RunLock::acquire(&path, "payrun statement withdraw").map_err(LedgerError::from)?;
            let mut ledger = Ledger::open(&path)?;
            withdraw(&mut ledger, &args)
        }
    }
}

fn list(ledger: &Ledger) -> Result<i32, Error> {
    let all = ledger.all_statements()?;
    if all.is_empty() {
        println!("No statement imported yet (payrun match imports one).");
    }
    for (st, batches) in &all {
        println!(
            "{:>4}  {}  {}  imported {}  {} lines  batches: {}",
            st.id,
            st.file_name,
            st.file_sha256,
            st.imported_at,
            st.lines,
            if batches.is_empty() {
                "-".to_string()
            } else {
                batches.join(", ")
            }
        );
        if let Some((by, at, why)) = ledger.withdrawal(st.id)? {
            println!("      WITHDRAWN by {by} at {at}: {why}");
        }
    }
    Ok(exit::OK)
}

/// The import the user named: by id, or by its SHA-256 or a prefix of it.
fn find(ledger: &Ledger, named: &str) -> Result<StoredStatement, Error> {
    let all: Vec<StoredStatement> = ledger
        .all_statements()?
        .into_iter()
        .map(|(s, _)| s)
        .collect();
    let lower = named.trim().to_ascii_lowercase();
    let hits: Vec<&StoredStatement> = match lower.parse::<i64>() {
        Ok(id) if lower.len() < 8 => all.iter().filter(|s| s.id == id).collect(),
        _ if lower.len() >= 8 => all
            .iter()
            .filter(|s| s.file_sha256.starts_with(&lower))
            .collect(),
        _ => Vec::new(),
    };
    match hits[..] {
        [one] => Ok(one.clone()),
        [] => Err(Error::Usage(format!(
            "{}: no statement import {} (give its id, or at least 8 characters of its \
             SHA-256; payrun statement list shows them). Nothing was changed",
            ledger.path().display(),
            crate::text::quoted(named)
        ))),
        _ => Err(Error::Usage(format!(
            "{} names {} imports; give more of the SHA-256, or the id. Nothing was changed",
            crate::text::quoted(named),
            hits.len()
        ))),
    }
}

fn withdraw(ledger: &mut Ledger, args: &StatementArgs) -> Result<i32, Error> {
    let said = |v: &Option<String>, flag: &str| -> Result<String, Error> {
        v.as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .ok_or_else(|| Error::Usage(format!("{flag} must not be empty. Nothing was changed")))
    };
    let (by, reason) = (said(&args.by, "--by")?, said(&args.reason, "--reason")?);
    let st = find(ledger, args.import.as_deref().unwrap_or_default())?;
    let Some(w) = ledger.withdraw_statement(st.id, &by, &reason)? else {
        let (by, at, why) = ledger.withdrawal(st.id)?.unwrap_or_default();
        return Err(Error::Usage(format!(
            "statement {} ({}) was withdrawn already, by {by} at {at}: {why}. Nothing was changed",
            st.id, st.file_name
        )));
    };
    crate::log::info(
        "statement_withdrawn",
        format!(
            "statement {} ({}, SHA-256 {}) withdrawn by {} at {}: {}",
            st.id, st.file_name, w.file_sha256, w.withdrawn_by, w.withdrawn_at, w.reason
        ),
    );
    println!(
        "Withdrawn: statement {} ({}) by {} at {}; it stays in the ledger for the audit \
         trail and no match weighs it again. Nothing was sent.",
        st.id, st.file_name, w.withdrawn_by, w.withdrawn_at
    );
    rematch(ledger, &w)?;
    if !w.flagged.is_empty() {
        println!(
            "Still flagged conflict (it flagged them; clearing a flag could let payrun send a \
             payout that may have moved money): {}. Check each and record what you found: \
             payrun conflict resolve TRADENO --by NAME --note TEXT{}",
            w.flagged.join(", "),
            crate::config::selection::flags()
        );
    }
    Ok(exit::OK)
}

/// Matches each batch the statement was matched against again, against
/// the statements that remain; one with none is left unmatched.
fn rematch(ledger: &mut Ledger, w: &Withdrawal) -> Result<(), Error> {
    for (_, label) in &w.batches {
        let batch = crate::report::from_ledger::find_batch(ledger, label)?;
        let Some(current) = ledger.statements_matched(&[batch.id])?.last().copied() else {
            println!("Batch {label}: no other statement; not matched until the next payrun match.");
            continue;
        };
        let found = run::run(ledger, std::slice::from_ref(&batch), current)?;
        let record = run::record(&found, current, super::match_cmd::summary_json(&found));
        ledger.record_match(&record)?;
        println!(
            "Batch {label}: matched again against the statements that remain{}.",
            if found.needs_attention() {
                format!(
                    " (something needs attention: payrun status --batch {}{})",
                    super::shell::shell_word(label),
                    crate::config::selection::flags()
                )
            } else {
                String::new()
            }
        );
    }
    Ok(())
}
