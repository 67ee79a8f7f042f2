//! `payrun match`: read the provider's statement, record it in the ledger,
//! match it against the batch (or every batch of a period), record the
//! result, write the match report.

use super::report::open_existing;
use crate::cli::MatchArgs;
use crate::config::Resolved;
use crate::error::Error;
use crate::exit;
use crate::ledger::statements::{NewStatement, Recorded, StoredStatement};
use crate::ledger::{Batch, Ledger, LedgerError, RunLock};
use crate::matching::run::{self, MatchRun};
use crate::report::from_ledger::find_batch;
use crate::report::match_report::{self, MatchReport};
use crate::statement::{self, Statement, StatementError};
use serde_json::json;

pub fn run(args: MatchArgs, s: &Resolved) -> Result<i32, Error> {
    if let Some(out) = &args.out {
        crate::report::ReportFormat::from_path(out)?;
    }
    let stmt = read(&args)?;
    let path = super::settings::ledger_path(s)?;
    if !path.exists() {
        // Never create an empty ledger at a typo'd path (open_existing's rule).
        open_existing(&path, args.sandbox)?;
    }
    let _lock = RunLock::acquire(&path, "payrun match").map_err(LedgerError::from)?;
    let mut ledger = Ledger::open(&path)?;
    let batches = scope(&ledger, &args)?;
    same_merchant(&stmt, &batches)?;
    let period = args.from.clone().zip(args.to.clone());
    let labels = args.batch.join("+");
    let out = args.out.clone().unwrap_or_else(|| {
        match_report::default_path(
            &path,
            (!labels.is_empty()).then_some(labels.as_str()),
            period.as_ref().map(|(f, t)| (f.as_str(), t.as_str())),
        )
    });
    super::report_guard::refuse_input_targets(
        s,
        &[(&args.statement, "the provider statement being matched")],
        super::report_guard::known_inputs(&ledger)?,
        &[&out],
        "--out",
    )?;
    let stored = import(&mut ledger, &stmt)?;
    refuse_withdrawn(&ledger, &stored)?;
    let mut found = run::run(&ledger, &batches, stored.id)?;
    let record = run::record(&found, stored.id, summary_json(&found));
    let recorded = ledger.record_match(&record)?;
    mark_flagged(&mut found, &record.flags);
    let used = statements_used(&ledger, &batches, &stored)?;
    let report = match_report::build(&found, &stored, &used, period);
    log_finished(&found, &report);
    let written = match_report::write(&out, &report)?;
    print!("{}", match_report::text::render(&report));
    print_recorded(recorded, &written);
    Ok(exit_code(&report))
}

/// The provider's statement, its reading notes logged.
fn read(args: &MatchArgs) -> Result<Statement, Error> {
    let opts = statement::ReadOptions {
        sheet: args.worksheet.clone(),
        maps: args.maps.clone(),
        status_words: args.status_words.clone(),
    };
    let stmt = statement::read(&args.statement, &opts).map_err(unreadable)?;
    for note in &stmt.notes {
        crate::log::info("statement_note", format!("{}: {note}", stmt.file_name));
    }
    Ok(stmt)
}

/// The statement as stored in the ledger (the same file imported again is
/// the one stored before, and said so).
fn import(ledger: &mut Ledger, stmt: &Statement) -> Result<StoredStatement, Error> {
    let stored = ledger.import_statement(&to_new(stmt))?;
    if !stored.new {
        crate::log::info(
            "statement_known",
            format!(
                "{}: the same file (SHA-256 {}) was imported at {}; matching it again",
                stmt.file_name, stored.file_sha256, stored.imported_at
            ),
        );
    }
    Ok(stored)
}

/// A file withdrawn (`payrun statement withdraw`) is not matched again.
fn refuse_withdrawn(ledger: &Ledger, stored: &StoredStatement) -> Result<(), Error> {
    match ledger.withdrawal(stored.id)? {
        None => Ok(()),
        Some((by, at, why)) => Err(Error::Usage(format!(
            "{}: this file (SHA-256 {}) was imported as statement {} and withdrawn by {by} at \
             {at} ({why}); it is not matched again. Export the statement again (another file), \
             or see payrun statement list",
            stored.file_name, stored.file_sha256, stored.id
        ))),
    }
}

/// The `finished` event: the count per class, and whether all matched.
fn log_finished(found: &MatchRun, report: &MatchReport) {
    let counts = counts(found);
    let mut fields: Vec<(&str, serde_json::Value)> = counts
        .iter()
        .map(|(k, v)| (k.as_str(), v.clone()))
        .collect();
    fields.push(("all_matched", report.summary.all_matched.into()));
    crate::log::finish_with(&fields);
}

/// What recording the match changed, and where the report went.
fn print_recorded(recorded: Recorded, written: &[std::path::PathBuf]) {
    println!(
        "Recorded: {} payout results changed, {} new flags (reversal or conflict){}",
        recorded.verdicts_changed,
        recorded.flags_new,
        if recorded == Default::default() {
            " - nothing new"
        } else {
            ""
        }
    );
    for p in written {
        println!("Report: {}", p.display());
    }
}

/// A statement that cannot be read is invalid input (exit 2).
fn unreadable(e: StatementError) -> Error {
    match e {
        StatementError::Intake(i) => Error::Intake(i),
        other => Error::Usage(other.to_string()),
    }
}

fn exit_code(report: &MatchReport) -> i32 {
    if report.summary.all_matched {
        exit::OK
    } else {
        exit::INCOMPLETE
    }
}

/// The batches to match: those named (each once), or every batch of the
/// period.
fn scope(ledger: &Ledger, args: &MatchArgs) -> Result<Vec<Batch>, Error> {
    if !args.batch.is_empty() {
        let mut batches: Vec<Batch> = Vec::with_capacity(args.batch.len());
        for label in &args.batch {
            let b = find_batch(ledger, label)?;
            if !batches.iter().any(|known| known.id == b.id) {
                batches.push(b);
            }
        }
        return Ok(batches);
    }
    let (Some(from), Some(to)) = (&args.from, &args.to) else {
        return Err(Error::Usage(
            "say which payouts to match: --batch LABEL, or --from DATE --to DATE".into(),
        ));
    };
    if from > to {
        return Err(Error::Usage(format!("--from {from} is after --to {to}")));
    }
    let batches = ledger.batches_in_period(from, to)?;
    if batches.is_empty() {
        return Err(Error::Usage(format!(
            "{}: no batch was created or sent from {from} to {to} (UTC); check the dates or --ledger",
            ledger.path().display()
        )));
    }
    Ok(batches)
}

/// Refuses a statement whose title block names another merchant than the
/// one a batch was sent as: another account's statement proves nothing
/// about this batch, and nothing of it is recorded.
fn same_merchant(stmt: &Statement, batches: &[Batch]) -> Result<(), Error> {
    let Some((row, theirs)) = &stmt.merchant_no else {
        return Ok(());
    };
    let Some(b) = batches
        .iter()
        .find(|b| !crate::codes::same_merchant(theirs, &b.merchant_no))
    else {
        return Ok(());
    };
    Err(Error::Usage(format!(
        "{}: row {row} says the statement is of merchant {theirs}, but batch {} was sent as merchant {}; \
         nothing was matched or recorded. Export the statement of merchant {} from the portal and match that",
        stmt.file_name,
        crate::text::quoted(&b.label),
        b.merchant_no,
        b.merchant_no
    )))
}

fn to_new(s: &Statement) -> NewStatement {
    NewStatement {
        file_name: s.file_name.clone(),
        file_sha256: s.file_sha256.clone(),
        sheet_name: s.sheet_name.clone(),
        lines: s
            .lines
            .iter()
            .map(|l| l.clone().with_effect(statement::Effect::key))
            .collect(),
    }
}

/// The count of findings per class, by the class's key, in class order:
/// the `finished` event's fields and the recorded summary's counts.
fn counts(run: &MatchRun) -> Vec<(String, serde_json::Value)> {
    run.counts()
        .into_iter()
        .map(|(c, n)| (c.key().to_string(), n.into()))
        .collect()
}

/// What `status` shows of the last match: the count per class and the
/// equations, without any time, so that the same match records the same.
pub(super) fn summary_json(run: &MatchRun) -> String {
    let counts: serde_json::Map<String, serde_json::Value> = counts(run).into_iter().collect();
    json!({
        "counts": counts,
        "all_matched": !run.needs_attention(),
        "equations": run.equations,
    })
    .to_string()
}

/// A payout flagged just now shows as `conflict` in this report already.
fn mark_flagged(run: &mut MatchRun, flags: &[crate::ledger::statements::StatementFlag]) {
    for p in &mut run.payouts {
        if flags.iter().any(|f| f.payout_id == p.detail.id) {
            p.detail.conflict = true;
        }
    }
}

fn statements_used(
    ledger: &Ledger,
    batches: &[Batch],
    current: &StoredStatement,
) -> Result<Vec<StoredStatement>, Error> {
    let ids: Vec<i64> = batches.iter().map(|b| b.id).collect();
    let mut used = ledger.statements(&ledger.statements_matched(&ids)?)?;
    if !used.iter().any(|s| s.id == current.id) {
        used.push(current.clone());
    }
    Ok(used)
}
