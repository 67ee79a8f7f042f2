//! The validation gate every command that acts on a sheet passes first, so
//! `submit` and `approve` apply exactly the rules of `payrun check` and stop on
//! invalid rows the same way.

use crate::cli::SheetArgs;
use crate::config::SheetRules;
use crate::error::Error;
use crate::report::check;
use crate::validate::{Validated, validate_file};

/// What a command tells a person whose sheet it stopped on, after the
/// verdict.
pub(super) struct Advice {
    /// For invalid rows: fix them, or what `--skip-invalid` does.
    pub invalid: &'static str,
    /// For rows refused only for repeating a wallet, unmarked: mark them
    /// (the verdict says how); `--skip-invalid` would leave them out.
    pub repeats: &'static str,
}

/// Validates the sheet. `Ok(None)` means the sheet has invalid rows (or batch
/// errors) that `--skip-invalid` may not skip: the summary has been logged,
/// ending with `advice` (what to do next), and the caller exits 2.
pub(super) fn validate_or_stop(
    sheet: &SheetArgs,
    rules: &SheetRules,
    skip_invalid: bool,
    advice: &Advice,
) -> Result<Option<Validated>, Error> {
    let validated = validate_file(&sheet.path, &sheet.to_options(rules))?;
    let skippable = skip_invalid && validated.batch_errors.is_empty();
    if !validated.passes(sheet.strict) && !skippable {
        // `--skip-invalid` skips rows, never a batch error (a control
        // total, a hidden payee row): do not offer it when it cannot help.
        // Nor as the way on when every invalid row only repeats a wallet.
        let advice = if !validated.batch_errors.is_empty() {
            "--skip-invalid does not skip the batch errors above; fix the sheet (or pass the flag an error names) and run again."
        } else if !validated.invalid.is_empty()
            && validated.repeated_wallets.len() == validated.invalid.len()
        {
            advice.repeats
        } else {
            advice.invalid
        };
        if crate::log::is_json() {
            // Each issue as its own event with its fields, for log parsers;
            // the text is in invalid_sheet's message below, for people.
            for e in &validated.batch_errors {
                crate::log::error("batch_error", e);
            }
            log_issues(&validated);
        }
        crate::log::emit(
            crate::log::Level::Error,
            "invalid_sheet",
            &format!(
                "{}{advice}",
                check::human_summary(&validated, None, sheet.strict)
            ),
            &sheet_counts(&validated),
        );
        crate::log::finish_with(&sheet_counts(&validated));
        return Ok(None);
    }
    // What `check` prints as notes. Those that say what payrun did not read
    // or could not check (rows left out as totals, a column without a
    // header, a total not compared, hidden rows it cannot see) are warnings,
    // which --quiet never drops: they limit what the run can promise.
    for note in &validated.sheet.notes {
        let level = if note.limits() {
            crate::log::Level::Warn
        } else {
            crate::log::Level::Info
        };
        let limits = serde_json::Value::Bool(note.limits());
        crate::log::emit(level, "sheet_note", note.as_str(), &[("limits", limits)]);
    }
    Ok(Some(validated))
}

/// Row issues written on stderr at most; `payrun check`'s row results hold
/// them all.
const ISSUES_SHOWN: usize = 50;

/// Each row issue as one event: `error` for a row that cannot be paid,
/// `warn` for a warning, with `row`, `column`, `value` and `severity` as
/// fields; at most [`ISSUES_SHOWN`], then how many more and where they are.
pub(super) fn log_issues(v: &Validated) {
    use crate::log::Level;
    use crate::validate::Severity;
    for i in v.issues.iter().take(ISSUES_SHOWN) {
        let level = match i.severity {
            Severity::Error => Level::Error,
            Severity::Warning => Level::Warn,
        };
        let fields = [
            ("row", i.row.into()),
            ("column", i.column.clone().into()),
            ("value", i.value.clone().into()),
            ("severity", i.severity.to_string().into()),
        ];
        crate::log::emit(level, "row_issue", &format!("{}: {i}", i.severity), &fields);
    }
    if v.issues.len() > ISSUES_SHOWN {
        let more = v.issues.len() - ISSUES_SHOWN;
        crate::log::emit(
            Level::Warn,
            "row_issues_more",
            &format!("... and {more} more (run `payrun check` for the full list)"),
            &[("more", more.into())],
        );
    }
}

/// A validated sheet's counts, for its events and the final event.
pub(super) fn sheet_counts(v: &Validated) -> Vec<(&'static str, serde_json::Value)> {
    vec![
        ("rows_read", v.sheet.data_rows.into()),
        ("valid", v.valid_count().into()),
        ("invalid", v.invalid.len().into()),
        ("warned", v.warned().into()),
        ("batch_errors", v.batch_errors.len().into()),
        ("valid_poisha", v.total().map(|t| t.poisha()).into()),
    ]
}
