//! `payrun check`: read, validate, print the summary, write the row results.
//! Nothing touches the network.

use crate::cli::CheckArgs;
use crate::config::Resolved;
use crate::error::Error;
use crate::exit;
use crate::report::check;
use crate::validate::{Validated, validate_file_counted, validate_file_with};
use std::path::PathBuf;

/// Where the row results go when `--report` is not given: named after the
/// whole file name, extension included, and the worksheet when `--sheet`
/// picks one, so `finance.xlsx`, `finance.ods` and `finance.csv` (or two
/// worksheets of one workbook) never overwrite each other's results.
fn default_report_path(sheet: &std::path::Path, worksheet: Option<&str>) -> PathBuf {
    let name = sheet
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "sheet".into());
    let part = worksheet
        .map(|w| format!(".{}", file_safe(w)))
        .unwrap_or_default();
    PathBuf::from("payrun-out").join(format!("{name}{part}.check.csv"))
}

/// A worksheet name as part of a file name: letters, digits, spaces and
/// `-_.` kept, anything else (a `/`, a `:`) as `_`.
fn file_safe(s: &str) -> String {
    s.trim()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// What changed since the last payroll, against the ledger if it exists
/// (read only): the JSON value and the text section, with every change
/// written beside the report. `None` for `v` when the sheet was counted
/// because there was no ledger to compare with.
fn changes(
    s: &Resolved,
    report: &std::path::Path,
    v: Option<&Validated>,
) -> Result<(serde_json::Value, String), Error> {
    let ledger = s.ledger.as_deref();
    let compared = match v {
        Some(v) => super::changes::compare(ledger, s.compare, None, &v.payouts),
        None => Ok(None),
    };
    // A ledger that cannot be read does not make the sheet invalid: say so.
    let c = match compared {
        Ok(Some(c)) => c,
        Ok(None) => {
            let text = super::changes::no_ledger(ledger);
            return Ok((serde_json::Value::Null, text));
        }
        Err(e) => {
            let text = format!("Changes since the last payroll: not compared ({e}).\n");
            return Ok((serde_json::json!({ "error": e.to_string() }), text));
        }
    };
    let details = check::changes_path(report);
    check::write_changes(&details, &c).map_err(|e| Error::Usage(e.to_string()))?;
    Ok((
        crate::changes::render::json(&c, Some(&details)),
        crate::changes::render::section(&c, Some(&details)),
    ))
}

/// Validates the sheet while its row results stream into `report`. Without
/// a ledger to compare with, the payouts are counted, not kept (a
/// million-row sheet then needs about 64 bytes a row, not 300); a sheet
/// whose batch checks need its rows is validated again, keeping them.
/// Returns whether the payouts were kept.
fn validate(
    args: &CheckArgs,
    s: &Resolved,
    opts: &crate::validate::CheckOptions,
    report: &std::path::Path,
) -> Result<(Validated, bool), Error> {
    let usage = |e: crate::report::ReportError| Error::Usage(e.to_string());
    if s.ledger.as_deref().is_none_or(|p| !p.is_file()) {
        let mut streamed = check::StreamingReport::new(report).map_err(usage)?;
        let counted = validate_file_counted(&args.sheet.path, opts, &mut |c| streamed.chunk(c))?;
        // Only a whole streamed report can stand for a counted sheet: there
        // are no payouts to write it again from.
        if let Some(v) = counted.filter(|v| streamed.is_whole() && v.batch_flagged_rows.is_empty())
        {
            streamed.finish(&v).map_err(usage)?;
            return Ok((v, false));
        }
        // Dropped unfinished: its temporary file goes, the target is untouched.
        drop(streamed);
    }
    let mut streamed = check::StreamingReport::new(report).map_err(usage)?;
    let v = validate_file_with(&args.sheet.path, opts, &mut |c| streamed.chunk(c))?;
    streamed.finish(&v).map_err(usage)?;
    Ok((v, true))
}

/// The rows `submit` would hold as paid under another label, by the same
/// rule (`Ledger::repeats`) on the same ledger, read only: each is a batch
/// error, so the verdict and the exit code are the ones `submit --dry-run`
/// gives. No ledger, no earlier payment to repeat.
fn hold_repeats(args: &CheckArgs, s: &Resolved, v: &mut Validated) -> Result<(), Error> {
    use crate::ledger::repeats::{self, Candidate, Repeat};
    let Some(path) = s.ledger.as_deref().filter(|p| p.is_file()) else {
        return Ok(());
    };
    let ledger = crate::ledger::Ledger::open_read_only(path)?;
    lacking_runs(&ledger, v)?;
    if args.allow_repeat_payment {
        return Ok(());
    }
    let rows: Vec<&crate::validate::Payout> = v
        .payouts
        .iter()
        .filter(|p| !repeats::row_confirms(p.repeat_ok, args.sheet.allow_repeat))
        .collect();
    let candidates: Vec<Candidate<'_>> = rows.iter().map(|p| Candidate::of(p)).collect();
    let label = args.batch.as_deref().unwrap_or("");
    let found = ledger.repeats(label, s.repeat_window, &candidates)?;
    let mut held = Vec::new();
    for (p, found) in rows.iter().zip(found) {
        match found {
            Some(Repeat::Held(e)) => {
                held.push(repeats::held_message(p.row, p.reference.as_deref(), &e));
            }
            Some(Repeat::OtherAmount(e)) => crate::log::warn(
                "repeat_other_amount",
                repeats::other_amount_message(p.row, p.amount, &e),
            ),
            None => {}
        }
    }
    if held.is_empty() {
        return Ok(());
    }
    let mut summary = repeats::held_summary(held.len(), s.repeat_window);
    if args.batch.is_none() {
        summary.push_str(
            " Checked as a new batch label's sheet; a corrected sheet for an existing \
             batch: check it with --batch LABEL.",
        );
    }
    // Said once, as submit says it; each held row is a batch error.
    crate::log::error("repeat_payment", summary);
    v.held_repeats = held.len();
    v.batch_errors.extend(held);
    Ok(())
}

/// A ledger that lacks runs (`ledger::lacking`) cannot show what they
/// paid: a batch error, as `submit` refuses the batch.
fn lacking_runs(ledger: &crate::ledger::Ledger, v: &mut Validated) -> Result<(), Error> {
    let runs = ledger.lacking_runs()?;
    if runs.is_empty() {
        return Ok(());
    }
    let message = super::submit::lacking_refusal(ledger, &runs);
    crate::log::error("ledger_lacks_runs", &message);
    v.batch_errors.push(message);
    Ok(())
}

pub fn run(args: CheckArgs, s: &Resolved) -> Result<i32, Error> {
    if let Some(batch) = args.batch.as_deref() {
        super::batch_label(batch)?;
    }
    let opts = args.sheet.to_options(&s.sheet);
    let report = args
        .report
        .clone()
        .unwrap_or_else(|| default_report_path(&args.sheet.path, args.sheet.worksheet.as_deref()));
    super::report_guard::refuse_input_targets(
        s,
        &[(&args.sheet.path, "the sheet being checked")],
        super::report_guard::known_inputs_at(s.ledger.as_deref()),
        &[&report],
        "--report",
    )?;
    // For `check`, a report that cannot be written is the user's to fix
    // (a path, a permission), and nothing was sent: exit 2, not 1.
    let (mut validated, kept) = validate(&args, s, &opts, &report)?;
    if kept {
        hold_repeats(&args, s, &mut validated)?;
    }
    let (changes_json, changes_text) = changes(s, &report, kept.then_some(&validated))?;
    let text = if args.json {
        let mut value = check::json_summary(&validated, Some(&report), opts.strict);
        value["changes"] = changes_json;
        format!("{value:#}\n")
    } else {
        check::human_summary_with(&validated, Some(&report), opts.strict, &changes_text)
    };
    crate::out::write_all(text.as_bytes());
    if crate::log::is_json() {
        super::sheet::log_issues(&validated);
    }
    crate::log::finish_with(&super::sheet::sheet_counts(&validated));
    crate::log::finish_with(&[
        ("held_repeats", validated.held_repeats.into()),
        (
            "verdict",
            check::verdict_line(&validated, opts.strict).into(),
        ),
    ]);
    let code = if validated.passes(opts.strict) {
        exit::OK
    } else {
        exit::INVALID
    };
    // The process exits next; freeing a million payouts one by one would
    // only delay the exit code a cron job is waiting for.
    std::mem::forget(validated);
    Ok(code)
}
