//! The validation gate every command that acts on a sheet passes first, so
//! `submit` and `approve` apply exactly the rules of `payrun check` and stop on
//! invalid rows the same way.

use crate::cli::SheetArgs;
use crate::error::Error;
use crate::report::check;
use crate::validate::{Validated, validate_file};

/// Validates the sheet. `Ok(None)` means the sheet has invalid rows (or batch
/// errors) that `--skip-invalid` may not skip: the summary has been logged,
/// ending with `advice` (what to do next), and the caller exits 2.
pub(super) fn validate_or_stop(
    sheet: &SheetArgs,
    skip_invalid: bool,
    advice: &str,
) -> Result<Option<Validated>, Error> {
    let validated = validate_file(&sheet.path, &sheet.to_options())?;
    let skippable = skip_invalid && validated.batch_errors.is_empty();
    if !validated.passes(sheet.strict) && !skippable {
        // `--skip-invalid` skips rows, never a batch error (a control
        // total, a hidden payee row): do not offer it when it cannot help.
        let advice = if validated.batch_errors.is_empty() {
            advice
        } else {
            "--skip-invalid does not skip the batch errors above; fix the sheet (or pass the flag an error names) and run again."
        };
        crate::log::error(
            "invalid_sheet",
            format!(
                "{}{advice}",
                check::human_summary(&validated, None, sheet.strict)
            ),
        );
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
