//! `payrun template`, `payrun completions` and `payrun man`: files generated
//! from payrun's own definitions, so they never drift from the real CLI.

use crate::cli::{Cli, CompletionsArgs, ManArgs, TemplateArgs};
use crate::error::Error;
use crate::exit;
use clap::CommandFactory;

pub(super) fn template(args: TemplateArgs) -> Result<i32, Error> {
    crate::template::write(&args.out).map_err(|e| match e {
        crate::template::TemplateError::Io { path, cause } => unwritable(&path, "template", &cause),
        e => Error::Usage(e.to_string()),
    })?;
    println!(
        "Wrote {}. Fill one row per payout, then: payrun check {}",
        args.out.display(),
        args.out.display()
    );
    Ok(exit::OK)
}

pub(super) fn completions(args: CompletionsArgs) -> Result<i32, Error> {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "payrun", &mut out);
    write_stdout(&out)
}

pub(super) fn man(args: ManArgs) -> Result<i32, Error> {
    let cmd = Cli::command();
    if let Some(dir) = args.out_dir {
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        clap_mangen::generate_to(cmd, &dir).map_err(|e| Error::io(&dir, e))?;
        println!("Wrote the man pages into {}", dir.display());
        return Ok(exit::OK);
    }
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd)
        .render(&mut out)
        .map_err(|e| Error::io("<man page>", e))?;
    write_stdout(&out)
}

/// Generated text on stdout; a closed pipe (`payrun man | head`) is not a
/// failure (see [`crate::out`]).
fn write_stdout(bytes: &[u8]) -> Result<i32, Error> {
    crate::out::write_all(bytes);
    Ok(exit::OK)
}

/// A file the user named (`--out`) that cannot be written: bad input, exit
/// 2 (nothing was sent), said once with the path and what to do.
pub(super) fn unwritable(path: &std::path::Path, what: &str, cause: &std::io::Error) -> Error {
    Error::Usage(format!(
        "{}: cannot write the {what}: {cause}. Pass --out a path in a folder you can write",
        path.display()
    ))
}
