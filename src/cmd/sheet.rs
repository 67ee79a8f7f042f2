//! The validation gate every command that acts on a sheet passes first, so
//! `submit` and `approve` apply exactly the rules of `payrun check` and stop on
//! invalid rows the same way.

use crate::checkreport;
use crate::cli::SheetArgs;
use crate::error::Error;
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
                checkreport::human_summary(&validated, None, sheet.strict)
            ),
        );
        return Ok(None);
    }
    // What `check` prints as notes: above all, rows left out as totals or
    // repeated headers, which must never vanish without a word.
    for note in &validated.sheet.notes {
        if note.contains(" skipped") {
            crate::log::warn("sheet_note", note);
        } else {
            crate::log::info("sheet_note", note);
        }
    }
    Ok(Some(validated))
}
