//! `payrun approve`: write the approval statement, record a person's
//! (signed or, while no allowed-signers file is configured, unsigned)
//! approval of exactly this sheet's payouts for a batch, or check the
//! recorded ones again; and the gate `submit` passes through.

mod after;
mod gate;
mod record;
mod repeats;
#[cfg(test)]
mod same_label_tests;
mod verify;

pub(super) use gate::{Batch, gate};

use super::shell::shell_word;
use crate::approval::signers::AllowedSigners;
use crate::approval::statement::{self, Role};
use crate::cli::{ApproveArgs, SheetArgs};
use crate::config::{Resolved, SheetRules};
use crate::error::Error;
use crate::exit;
use std::path::{Path, PathBuf};

/// What this `payrun approve` does.
enum Mode {
    /// Only write the statement for the approver to sign elsewhere.
    StatementOnly(PathBuf),
    /// Record the signature made by `ssh-keygen -Y sign`.
    Signature(PathBuf),
    /// Sign here (key file or ssh-agent) and record.
    SignWith(PathBuf),
    /// Record an unsigned approval by this name.
    By(String),
}

fn mode(args: &ApproveArgs) -> Result<Mode, Error> {
    if let Some(sig) = &args.signature {
        return Ok(Mode::Signature(sig.clone()));
    }
    if let Some(key) = &args.sign_with {
        return Ok(Mode::SignWith(key.clone()));
    }
    if let Some(by) = &args.by {
        if by.trim().is_empty() {
            return Err(Error::Usage(
                "--by needs the approver's name, e.g. --by rahim".into(),
            ));
        }
        return Ok(Mode::By(by.clone()));
    }
    if let Some(out) = &args.statement_out {
        return Ok(Mode::StatementOnly(out.clone()));
    }
    Err(Error::Usage(
        "say how to approve: --statement-out FILE (then sign it with ssh-keygen -Y sign and record it with --signature FILE.sig), --sign-with KEY, or --by NAME (unsigned, only without an allowed-signers file); or --verify".into(),
    ))
}

pub(super) fn run(args: ApproveArgs, s: &Resolved) -> Result<i32, Error> {
    let label = super::batch_label(&args.batch)?;
    let ledger_path = super::settings::ledger_path(s)?;
    if args.verify {
        let file = args
            .allowed_signers
            .as_deref()
            .or(s.approval.signers.as_deref());
        return verify::run(
            &label,
            &ledger_path,
            load_signers(file)?.as_ref(),
            args.sandbox,
        );
    }
    let signers = load_signers(s.approval.signers.as_deref())?;
    // clap fills in "." when SHEET is left out (so that --verify needs none).
    if args.sheet.path.as_os_str() == "." {
        return Err(Error::Usage(
            "the SHEET to approve is missing (only --verify works without one)".into(),
        ));
    }
    let mode = mode(&args)?;
    match (&mode, &signers) {
        (Mode::By(_), Some(allowed)) => {
            return Err(Error::Usage(format!(
                "unsigned approvals are off: an allowed-signers file is configured ({}). Sign the statement instead:\n  payrun approve {} --batch {label}{f} --statement-out {label}.approval.txt\n  ssh-keygen -Y sign -f ~/.ssh/id_ed25519 -n {} {label}.approval.txt\n  payrun approve {} --batch {label}{f} --signature {label}.approval.txt.sig",
                allowed.path.display(),
                sheet_words(&args.sheet, &s.sheet, args.skip_invalid),
                crate::approval::NAMESPACE,
                sheet_words(&args.sheet, &s.sheet, args.skip_invalid),
                f = crate::config::selection::flags(),
            )));
        }
        (Mode::Signature(_) | Mode::SignWith(_), None) => {
            return Err(Error::Usage(format!(
                "signed approvals need an allowed-signers file to check them against: set approval_signers = \"allowed_signers\" in payrun.toml (see docs/operations.md){}",
                crate::config::selection::profiles_setting("approval_signers")
            )));
        }
        _ => {}
    }
    // The statement (and its signature) go through the report writer: they
    // never replace the sheet approved, nor a sheet the ledger records.
    if let Some(out) = &args.statement_out {
        let sig = PathBuf::from(format!("{}.sig", out.display()));
        super::report_guard::refuse_input_targets(
            s,
            &[(&args.sheet.path, "the sheet being approved")],
            super::report_guard::known_inputs_at(Some(&ledger_path)),
            &[out, &sig],
            "--statement-out",
        )?;
    }
    record::run(&args, s, &label, &ledger_path, mode, signers.as_ref())
}

/// Loads the allowed-signers file the profile names, if any.
pub(super) fn load_signers(path: Option<&Path>) -> Result<Option<AllowedSigners>, Error> {
    path.map(|p| AllowedSigners::load(p).map_err(|e| Error::Usage(e.to_string())))
        .transpose()
}

/// The value a flag of how a sheet was read takes, kept as typed so the
/// statement and a shell command each write it their own way.
enum Value {
    None,
    /// A number or a key, written bare (`--expect-rows 40`).
    Bare(String),
    /// Text the user gave (`--sheet "Nov 2026"`).
    Text(String),
    /// A column mapping (`--map amount="Net Pay"`).
    Map(String, String),
}

/// One flag of how a sheet was read, and `true` when it comes from
/// payrun.toml's `[columns]` (no command line gives it).
type Flag = (&'static str, Value, bool);

/// A flag given on the command line.
fn given(flag: &'static str, value: Value) -> Flag {
    (flag, value, false)
}

/// Every flag that changes which payouts a sheet holds, as given: what
/// approve and submit must both be told to read the same payouts.
fn reading_flags(sheet: &SheetArgs, rules: &SheetRules, skip_invalid: bool) -> Vec<Flag> {
    let mut out: Vec<Flag> = Vec::new();
    if let Some(p) = sheet.provider {
        out.push(given("--provider", Value::Bare(p.key().to_string())));
    }
    if let Some(w) = &sheet.worksheet {
        out.push(given("--sheet", Value::Text(w.clone())));
    }
    for m in &sheet.to_options(rules).maps {
        let map = Value::Map(m.field.to_string(), m.header.clone());
        out.push(("--map", map, m.alias));
    }
    if sheet.allow_repeat {
        out.push(given("--allow-repeat", Value::None));
    }
    if sheet.include_hidden_rows {
        out.push(given("--include-hidden-rows", Value::None));
    }
    for c in &sheet.pay_despite {
        out.push(given("--pay-despite", Value::Text(c.clone())));
    }
    if skip_invalid {
        out.push(given("--skip-invalid", Value::None));
    }
    if let Some(n) = sheet.expect_rows {
        out.push(given("--expect-rows", Value::Bare(n.to_string())));
    }
    if let Some(t) = sheet.expect_total {
        out.push(given("--expect-total", Value::Bare(t.to_plain_taka())));
    }
    out
}

/// How the sheet was read, as the flags a person would type: what the
/// statement's `reading:` line shows.
fn reading(sheet: &SheetArgs, rules: &SheetRules, skip_invalid: bool) -> Vec<String> {
    reading_flags(sheet, rules, skip_invalid)
        .into_iter()
        .map(|(flag, value, alias)| {
            let flag = if alias { "[columns]" } else { flag };
            match value {
                Value::None => flag.to_string(),
                Value::Bare(v) => format!("{flag} {v}"),
                Value::Text(v) => format!("{flag} {}", crate::text::quoted(&v)),
                Value::Map(field, header) => {
                    format!("{flag} {field}={}", crate::text::quoted(&header))
                }
            }
        })
        .collect()
}

/// The role the flags ask for.
fn role(args: &ApproveArgs) -> Role {
    if args.prepare {
        Role::Prepare
    } else {
        Role::Approve
    }
}

/// The statement's date: minutes, UTC.
fn today() -> String {
    chrono::Utc::now().format("%Y-%m-%d %H:%M UTC").to_string()
}

/// The statement a signature goes with: `--statement`, else the signature's
/// path without `.sig` (where `ssh-keygen -Y sign FILE` put it).
fn statement_for(args: &ApproveArgs, sig: &Path) -> Result<PathBuf, Error> {
    if let Some(s) = &args.statement {
        return Ok(s.clone());
    }
    let name = sig.to_string_lossy();
    match name.strip_suffix(".sig") {
        Some(s) => Ok(PathBuf::from(s)),
        None => Err(Error::Usage(format!(
            "{}: does not end in .sig; pass the signed statement with --statement FILE",
            sig.display()
        ))),
    }
}

/// Reads a small text file (a statement or a signature), bounded.
fn read_small(path: &Path, what: &str, max: u64) -> Result<String, Error> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path.display().to_string(), e))?;
    if meta.len() > max {
        return Err(Error::Usage(format!(
            "{}: {} bytes is too big for {what}",
            path.display(),
            meta.len()
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(path.display().to_string(), e))?;
    String::from_utf8(bytes)
        .map_err(|_| Error::Usage(format!("{}: {what} is not UTF-8 text", path.display())))
}

/// The statement of `path` as payrun reads it back.
fn read_statement(path: &Path) -> Result<String, Error> {
    read_small(
        path,
        "an approval statement",
        statement::MAX_STATEMENT_BYTES,
    )
}

/// The sheet as a command that reads it again needs it, ready for a
/// shell: its path and every flag that changes which payouts it holds
/// ([`reading_flags`]), so that the approver's command approves the very
/// payouts submit read. A mapping from payrun.toml is left out: both read
/// the same file.
pub(in crate::cmd) fn sheet_words(
    sheet: &SheetArgs,
    rules: &SheetRules,
    skip_invalid: bool,
) -> String {
    let mut words = shell_word(&sheet.path.display().to_string());
    for (flag, value, alias) in reading_flags(sheet, rules, skip_invalid) {
        if alias {
            continue;
        }
        words.push(' ');
        words.push_str(flag);
        let value = match value {
            Value::None => continue,
            Value::Bare(v) | Value::Text(v) => v,
            Value::Map(field, header) => format!("{field}={header}"),
        };
        words.push(' ');
        words.push_str(&shell_word(&value));
    }
    words
}

/// Writes `text` to `path` privately, whole or not at all: the report
/// layer's one atomic writer (0600, folder synced after the rename).
fn write_private(path: &Path, text: &str) -> Result<(), Error> {
    crate::report::atomic::write_file(path, text.as_bytes())
        .map_err(|e| Error::io(path.display().to_string(), e))
}

/// Exit code for "the statement was written, nothing recorded".
const WRITTEN: i32 = exit::OK;
