//! Files that decide where money goes and who may approve it (payrun.toml,
//! the allowed-signers file) are only as trustworthy as the people who can
//! write them. A file, or the folder holding it, that anyone on the machine
//! can write, or that belongs to a user other than root or the one running
//! payrun, lets someone else choose the approvers, the gateway, or turn
//! approval off: a real-money run refuses it, as `sshd` refuses such an
//! `authorized_keys`. Writable by the group is only warned about: a
//! user-private group (umask 002, the default on Debian and Ubuntu) makes
//! every new file so, and the group is the operator's to choose.

use std::path::Path;

/// What is wrong with who can write a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Loose {
    /// Anyone could have written it: refuse.
    Refuse(String),
    /// The file's group could have: say so.
    Warn(String),
}

/// Whether `path` (described as `what`) could be changed by someone other
/// than the operator or root; `None` when not, or when it cannot be
/// examined (reading it reports that).
#[cfg(unix)]
pub fn loose(path: &Path, what: &str) -> Option<Loose> {
    use std::os::unix::fs::MetadataExt;
    let file = std::fs::metadata(path).ok()?;
    let shown = path.display();
    // SAFETY: geteuid has no preconditions and cannot fail.
    let me = unsafe { libc::geteuid() };
    if file.uid() != 0 && file.uid() != me {
        return Some(Loose::Refuse(format!(
            "{what} {shown} belongs to user id {}, not to root or to the user running payrun \
             ({me}): its owner can change who approves and where money goes. Nothing was sent. \
             Have root or this user own it.",
            file.uid()
        )));
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let dmode = std::fs::metadata(dir).map_or(0, |f| f.mode() & 0o7777);
    // A sticky folder (/tmp) lets only a file's owner replace it.
    let sticky = dmode & 0o1000 != 0;
    let folder = format!("the folder of {what}");
    writable(file.mode() & 0o7777, what, &shown.to_string())
        .or_else(|| (!sticky).then(|| writable(dmode, &folder, &dir.display().to_string()))?)
}

/// `Refuse` for a mode anyone can write, `Warn` for one the group can.
fn writable(mode: u32, what: &str, shown: &str) -> Option<Loose> {
    let text = |who: &str, then: &str| {
        format!(
            "{what} {shown} can be written by {who} (mode {mode:04o}): whoever can write it \
             chooses the approvers and the gateway.{then} Run: chmod go-w {shown}"
        )
    };
    if mode & 0o002 != 0 {
        Some(Loose::Refuse(text("anyone", " Nothing was sent.")))
    } else if mode & 0o020 != 0 {
        Some(Loose::Warn(text("its group", "")))
    } else {
        None
    }
}

#[cfg(not(unix))]
pub fn loose(_: &Path, _: &str) -> Option<Loose> {
    None
}

#[cfg(test)]
#[cfg(unix)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn chmod(p: &Path, mode: u32) {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
    }

    /// The folder counts too (anyone could replace the file), unless it is
    /// sticky like /tmp; the operator's own 0644 in a 0755 folder is fine.
    #[test]
    fn the_file_and_its_folder() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("etc");
        std::fs::create_dir(&folder).unwrap();
        let f = folder.join("payrun.toml");
        std::fs::write(&f, "").unwrap();
        chmod(&f, 0o644);
        chmod(&folder, 0o755);
        assert_eq!(loose(&f, "the config file"), None);
        chmod(&folder, 0o777);
        let Some(Loose::Refuse(why)) = loose(&f, "the config file") else {
            panic!("a folder anyone can write is refused");
        };
        assert!(
            why.contains("the folder of the config file") && why.contains("0777"),
            "{why}"
        );
        chmod(&folder, 0o1777);
        assert_eq!(loose(&f, "the config file"), None, "sticky");
        chmod(&folder, 0o775);
        assert!(matches!(loose(&f, "x"), Some(Loose::Warn(_))));
        chmod(&folder, 0o755);
        chmod(&f, 0o620);
        assert!(matches!(loose(&f, "x"), Some(Loose::Warn(_))));
        assert_eq!(loose(&folder.join("missing"), "x"), None);
    }
}
