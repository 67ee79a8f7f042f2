//! `payrun check`: read, validate, print the summary, write the row results.
//! Nothing touches the network.

use crate::checkreport;
use crate::cli::CheckArgs;
use crate::error::{Error, exit};
use crate::validate::validate_file;
use std::io::Write;
use std::path::PathBuf;

/// Where the row results go when `--report` is not given.
fn default_report_path(sheet: &std::path::Path) -> PathBuf {
    let stem = sheet
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "sheet".into());
    PathBuf::from("payrun-out").join(format!("{stem}.check.csv"))
}

pub fn run(args: CheckArgs) -> Result<i32, Error> {
    let opts = args.sheet.to_options();
    let report = args
        .report
        .clone()
        .unwrap_or_else(|| default_report_path(&args.sheet.path));
    checkreport::check_report_path(&report).map_err(|e| Error::Usage(e.to_string()))?;
    let validated = validate_file(&args.sheet.path, &opts)?;
    // For `check`, a report that cannot be written is the user's to fix
    // (a path, a permission), and nothing was sent: exit 2, not 1.
    checkreport::write_report(&validated, &report).map_err(|e| Error::Usage(e.to_string()))?;
    let text = if args.json {
        let value = checkreport::json_summary(&validated, Some(&report), opts.strict);
        format!("{value:#}\n")
    } else {
        checkreport::human_summary(&validated, Some(&report), opts.strict)
    };
    // A closed pipe (`payrun check ... | head`) is not a failure of the check.
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        return Err(Error::io("<stdout>", e));
    }
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
