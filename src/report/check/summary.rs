//! The summaries `check` prints: one for people, one for machines.

use crate::text::count;
use crate::validate::{MARK_REPEAT, Severity, Validated, list_rows};
use std::fmt::Write;
use std::path::Path;

/// How many issue lines the human summary prints before pointing at the
/// report; a million-row sheet with a bad column must not flood the terminal.
const MAX_ISSUE_LINES: usize = 200;

/// The human summary: counts, totals per provider, every issue (up to a
/// limit), the digests, and the verdict.
pub fn human_summary(v: &Validated, report: Option<&Path>, strict: bool) -> String {
    human_summary_with(v, report, strict, "")
}

/// The summary with `section` (what changed since the last payroll) before
/// the verdict, which stays the last line: a person reads the last line,
/// cron greps it.
pub fn human_summary_with(
    v: &Validated,
    report: Option<&Path>,
    strict: bool,
    section: &str,
) -> String {
    let mut s = String::new();
    source(&mut s, v);
    counts(&mut s, v);
    issues(&mut s, v);
    digests(&mut s, v, report);
    if !section.is_empty() {
        s.push_str(section);
        let _ = writeln!(s);
    }
    verdict(&mut s, v, strict);
    s
}

/// Which file, worksheet and header row were read, and what intake noted.
fn source(s: &mut String, v: &Validated) {
    let _ = writeln!(s, "payrun check: {}", v.file_name);
    if let Some(name) = &v.sheet.sheet_name {
        let _ = writeln!(
            s,
            "  worksheet {}, header on row {}",
            crate::intake::quoted(name),
            v.sheet.layout.header_row
        );
    } else {
        let _ = writeln!(s, "  header on row {}", v.sheet.layout.header_row);
    }
    for note in &v.sheet.notes {
        // A note that is a warning (a hidden sheet that may be the one to
        // pay) says so itself, and reads as one.
        match note.starts_with("warning:") {
            true => {
                let _ = writeln!(s, "  {note}");
            }
            false => {
                let _ = writeln!(s, "  note: {note}");
            }
        }
    }
}

/// The row counts, the total, and the rows and taka per provider.
fn counts(s: &mut String, v: &Validated) {
    let total = v.total().unwrap_or_default();
    let _ = writeln!(s);
    let _ = writeln!(s, "  rows read  {:>9}", v.sheet.data_rows);
    let _ = writeln!(s, "  valid      {:>9}", v.valid_count());
    let _ = writeln!(s, "  invalid    {:>9}", v.invalid.len());
    let _ = writeln!(s, "  warned     {:>9}", v.warned());
    let _ = writeln!(s, "  total      Tk {total}");
    for t in v.by_provider() {
        let _ = writeln!(
            s,
            "    {:<7} {:>9} row{}  Tk {}",
            t.provider.display_name(),
            t.count,
            if t.count == 1 { " " } else { "s" },
            t.total
        );
    }
}

/// Every row issue (up to [`MAX_ISSUE_LINES`]) and every batch error.
fn issues(s: &mut String, v: &Validated) {
    if !v.issues.is_empty() {
        let errors = v
            .issues
            .iter()
            .filter(|i| i.severity == Severity::Error)
            .count();
        let warnings = v.issues.len() - errors;
        let _ = writeln!(s);
        let _ = writeln!(
            s,
            "issues ({}, {}):",
            count(errors as u64, "error", "errors"),
            count(warnings as u64, "warning", "warnings")
        );
        for i in v.issues.iter().take(MAX_ISSUE_LINES) {
            let _ = writeln!(s, "  {}: {i}", i.severity);
        }
        if v.issues.len() > MAX_ISSUE_LINES {
            let _ = writeln!(
                s,
                "  … and {} more; every issue is in the row-result file",
                v.issues.len() - MAX_ISSUE_LINES
            );
        }
    }
    if !v.batch_errors.is_empty() {
        let _ = writeln!(s);
        for e in &v.batch_errors {
            let _ = writeln!(s, "error: {e}");
        }
    }
}

/// The digests that tie a later `submit` or approval to this very sheet,
/// and where the row results went.
fn digests(s: &mut String, v: &Validated, report: Option<&Path>) {
    let _ = writeln!(s);
    let _ = writeln!(s, "  input sha256    {}", v.sheet.file_sha256);
    let _ = writeln!(s, "  payouts digest  {}", v.digest);
    if let Some(p) = report {
        let _ = writeln!(s, "  row results     {}", p.display());
    }
    let _ = writeln!(s);
}

/// The last line: valid, not valid under `--strict`, or invalid.
fn verdict(s: &mut String, v: &Validated, strict: bool) {
    let _ = writeln!(s, "{}", verdict_line(v, strict));
}

/// The verdict: valid, not valid under `--strict`, rows held as paid
/// under another label and nothing else wrong (the sheet needs no fix: the
/// repeat options say how to go on), or invalid.
pub fn verdict_line(v: &Validated, strict: bool) -> String {
    const REPEAT: &str = "take them out of this sheet, or, if paying them again is intended, \
                          write yes in their repeat column or pass --allow-repeat-payment \
                          (a corrected sheet of an existing batch: check it with --batch LABEL)";
    let held = v.held_repeats;
    if v.passes(strict) {
        format!(
            "VALID: {}, Tk {}. Nothing was sent.",
            count(v.valid_count() as u64, "payout", "payouts"),
            v.total().unwrap_or_default()
        )
    } else if v.invalid.is_empty() && v.batch_errors.is_empty() {
        format!(
            "NOT VALID under --strict: {} warnings. Nothing was sent.",
            count(v.warned() as u64, "row carries", "rows carry")
        )
    } else if v.invalid.is_empty() && held > 0 && v.batch_errors.len() == held {
        format!(
            "HELD: {} paid (or may have been) under another batch label within the repeat \
             window; the sheet is otherwise valid. To go on, {REPEAT}. Nothing was sent.",
            count(held as u64, "row was", "rows were")
        )
    } else if held > 0 {
        format!(
            "INVALID: {}, {}. {} Of the batch errors, {} paid \
             under another batch label: {REPEAT}. Nothing was sent.",
            count(v.invalid.len() as u64, "invalid row", "invalid rows"),
            count(v.batch_errors.len() as u64, "batch error", "batch errors"),
            fix_words(v, v.batch_errors.len() - held),
            count(held as u64, "row was", "rows were")
        )
    } else {
        format!(
            "INVALID: {}, {}. {} Nothing was sent.",
            count(v.invalid.len() as u64, "invalid row", "invalid rows"),
            count(v.batch_errors.len() as u64, "batch error", "batch errors"),
            fix_words(v, v.batch_errors.len())
        )
    }
}

/// What to do about the invalid rows: fix them, except the rows refused
/// only for repeating another row's wallet, whose fix may be the mark that
/// says the repeat is intended (the sheet may be right). `batch_errors`:
/// those a fix of the sheet must answer.
fn fix_words(v: &Validated, batch_errors: usize) -> String {
    let repeats = &v.repeated_wallets;
    if repeats.is_empty() {
        return "Fix the sheet and check again.".to_string();
    }
    let mark = format!(
        "{} only {} another row's wallet: if paying it again is intended, {MARK_REPEAT}",
        list_rows(repeats),
        if repeats.len() == 1 {
            "repeats"
        } else {
            "repeat"
        }
    );
    let others: Vec<usize> = v
        .invalid
        .iter()
        .map(|r| r.row)
        .filter(|r| repeats.binary_search(r).is_err())
        .collect();
    match (others.is_empty(), batch_errors) {
        (true, 0) => format!(
            "The sheet is otherwise valid: {mark}; otherwise take out the rows not to be paid. \
             Then check again."
        ),
        (true, _) => format!("Fix the batch errors and check again; {mark}."),
        (false, _) => format!("Fix {} and check again; {mark}.", list_rows(&others)),
    }
}

/// The machine summary: exact poisha, stable keys.
pub fn json_summary(v: &Validated, report: Option<&Path>, strict: bool) -> serde_json::Value {
    let providers: Vec<serde_json::Value> = v
        .by_provider()
        .into_iter()
        .map(|t| {
            serde_json::json!({
                "provider": t.provider.key(),
                "way_code": t.provider.default_way_code(),
                "count": t.count,
                "total_poisha": t.total.poisha(),
            })
        })
        .collect();
    let issues: Vec<serde_json::Value> = v
        .issues
        .iter()
        .map(|i| {
            serde_json::json!({
                "row": i.row,
                "column": i.column,
                "value": i.value,
                "severity": i.severity.to_string(),
                "message": i.message,
                "text": i.to_string(),
            })
        })
        .collect();
    serde_json::json!({
        "file": v.file_name,
        "worksheet": v.sheet.sheet_name,
        "header_row": v.sheet.layout.header_row,
        "file_sha256": v.sheet.file_sha256,
        "payouts_digest": v.digest,
        "rows_read": v.sheet.data_rows,
        "valid": v.valid_count(),
        "invalid": v.invalid.len(),
        "warned": v.warned(),
        "total_poisha": v.total().map(|a| a.poisha()),
        "providers": providers,
        "issues": issues,
        "batch_errors": v.batch_errors,
        "notes": v.sheet.notes.iter().map(|n| n.as_str()).collect::<Vec<_>>(),
        // What payrun did not read or could not check, apart, for scripts.
        "limits": v.sheet.notes.iter().filter(|n| n.limits()).map(|n| n.as_str()).collect::<Vec<_>>(),
        "report": report.map(|p| p.display().to_string()),
        "strict": strict,
        "ok": v.passes(strict),
        "held_repeats": v.held_repeats,
        "verdict": verdict_line(v, strict),
    })
}
