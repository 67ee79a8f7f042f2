//! What every command that writes a report asks first: would it replace a
//! file payrun reads (`report::guard`)? Asked before any work, so that a
//! refused path costs nothing and changes nothing (exit 2).

use crate::error::Error;
use crate::ledger::Ledger;
use crate::ledger::inputs::KnownInput;
use crate::report::guard;
use std::path::Path;

/// Protects the files this run reads (`reading`: path and what it is) and
/// the inputs a ledger records (`known`), then refuses any report in
/// `targets` that would replace one of them. `flag` names the report option.
pub(super) fn refuse_input_targets(
    reading: &[(&Path, &str)],
    known: Vec<KnownInput>,
    targets: &[&Path],
    flag: &str,
) -> Result<(), Error> {
    for (path, role) in reading {
        guard::protect_file(path, role);
    }
    guard::protect_inputs(known);
    guard::refuse_targets(targets, flag).map_err(Error::from)
}

/// The inputs recorded by the ledger at `path`, and the ledger itself, for
/// a command that has not opened it yet. A ledger that is not there or
/// cannot be read records nothing here; the command says so itself if it
/// needs one.
pub(super) fn known_inputs_at(path: Option<&Path>) -> Vec<KnownInput> {
    let Some(path) = path.filter(|p| p.is_file()) else {
        return Vec::new();
    };
    guard::protect_file(path, "the ledger");
    Ledger::open_read_only(path)
        .and_then(|l| l.known_inputs())
        .unwrap_or_default()
}

/// The inputs `ledger` records, and the ledger file itself.
pub(super) fn known_inputs(ledger: &Ledger) -> Result<Vec<KnownInput>, Error> {
    guard::protect_file(ledger.path(), "the ledger");
    Ok(ledger.known_inputs()?)
}

/// Refuses, before anything is sent, a batch report whose name gives no
/// format payrun writes (`--report r.txt`, `--report adir`): found only
/// after paying, it used to leave a paid batch without its report.
pub(super) fn batch_report_format(path: &Path) -> Result<(), Error> {
    crate::report::ReportFormat::from_path(path)
        .map(drop)
        .map_err(|e| Error::Usage(format!("{e}. Nothing was done (nothing was sent)")))
}
