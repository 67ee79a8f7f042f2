//! Whether a report can be written at a path at all, asked before any
//! work: a `submit --report afile/r.xlsx` used to pay the whole batch and
//! only then find that `afile` is a file. Nothing is created here but a
//! probe file, removed at once, in the nearest folder that exists.

use super::ReportError;
use std::path::{Path, PathBuf};

/// `Err` naming what stops a report at `target`, or a file written beside
/// it (`beside`: a CSV's companions), from being written, and what to do
/// (`flag`: the option as the user typed it).
pub(super) fn refuse_unwritable(
    target: &Path,
    beside: &[PathBuf],
    flag: &str,
) -> Result<(), ReportError> {
    let refuse = |why: String| {
        ReportError::Unwritable(format!(
            "{}: payrun cannot write a report here: {why}. Nothing was done (nothing was \
             sent). Name a file in a folder payrun can write ({flag} reports/NAME.xlsx)",
            target.display()
        ))
    };
    if let Some(dir) = std::iter::once(target)
        .chain(beside.iter().map(PathBuf::as_path))
        .find(|f| f.is_dir())
    {
        return Err(refuse(format!(
            "{} is a folder; name a file inside it",
            dir.display()
        )));
    }
    let folder = nearest_folder(target).map_err(refuse)?;
    // Named as the writer names its temporary file, so that a name too
    // long for the folder is found now too.
    let name = target
        .file_name()
        .map_or_else(|| "report".into(), |n| n.to_string_lossy().into_owned());
    tempfile::Builder::new()
        .prefix(&super::atomic::temp_prefix(&name))
        .tempfile_in(&folder)
        .map(drop)
        .map_err(|e| {
            refuse(format!(
                "folder {} cannot be written ({e})",
                folder.display()
            ))
        })
}

/// The nearest folder that exists on the way up from `target`'s parent
/// (the writer makes the missing ones in it); `Err` when that way meets a
/// file, or something that cannot be looked at.
fn nearest_folder(target: &Path) -> Result<PathBuf, String> {
    let mut at = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    loop {
        match std::fs::metadata(&at) {
            Ok(m) if m.is_dir() => return Ok(at),
            Ok(_) => return Err(format!("{} is a file, not a folder", at.display())),
            // Not there yet, or a file further up the way (said there).
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
                ) => {}
            Err(e) => return Err(format!("{} cannot be looked at ({e})", at.display())),
        }
        at = match at.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if at == Path::new(".") && !Path::new(".").is_dir() {
            return Err("the current folder is gone".into());
        }
    }
}
