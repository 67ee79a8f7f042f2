//! Where the user's batch records are kept (`super::batch_lock`): the data
//! home of the XDG rule, found without trusting `HOME` to be set or real.
//!
//! `HOME` is unset under a systemd unit without `User=`, under `env -i` and
//! in some containers: the run then took no batch lock, kept no batch mark
//! and said nothing. So a missing `HOME` falls back to the home the password
//! database gives the effective user, as a login would set it. And a home
//! that does not exist (a system user's `/nonexistent`) is not payrun's to
//! make, folders and all, as root: it counts as no home, and the caller
//! says so.

use std::ffi::OsString;
use std::path::PathBuf;

const SUB: &str = "payrun/batch-locks";

/// The folders of batch locks: where they are kept, and where an older
/// payrun kept them when that is another place (`$HOME/.local/share`
/// while `XDG_DATA_HOME` names another). `Err`: why there is none.
pub(super) fn folders() -> Result<(PathBuf, Option<PathBuf>), String> {
    folders_from(
        std::env::var_os("HOME"),
        std::env::var_os("XDG_DATA_HOME"),
        passwd_home,
    )
}

/// [`folders`] from the environment's `home` and `xdg`, and `passwd`, the
/// password database's home of the effective user (asked only when `home`
/// is unset, empty or relative).
fn folders_from(
    home: Option<OsString>,
    xdg: Option<OsString>,
    passwd: impl FnOnce() -> Option<PathBuf>,
) -> Result<(PathBuf, Option<PathBuf>), String> {
    let (home, whence) = match home.map(PathBuf::from).filter(|h| h.is_absolute()) {
        Some(h) => (Some(h), "HOME"),
        None => (
            passwd().filter(|h| h.is_absolute()),
            "the password database",
        ),
    };
    let old = match &home {
        Some(h) if h.is_dir() => Ok(h.join(".local/share").join(SUB)),
        Some(h) => Err(format!(
            "the home folder {} (from {whence}) does not exist, and payrun does not create it",
            h.display()
        )),
        None => Err(
            "HOME is not set and the password database gives this user no home folder".to_string(),
        ),
    };
    let xdg = xdg
        .map(PathBuf::from)
        .filter(|d| d.is_absolute())
        .map(|d| d.join(SUB));
    match (xdg, old) {
        (Some(x), Ok(o)) if x != o => Ok((x, Some(o))),
        (Some(x), _) => Ok((x, None)),
        (None, Ok(o)) => Ok((o, None)),
        (None, Err(why)) => Err(why),
    }
}

/// The home directory of the effective user in the password database
/// (`getpwuid_r`), as a login would set `HOME`.
#[cfg(unix)]
fn passwd_home() -> Option<PathBuf> {
    use std::ffi::CStr;
    use std::os::unix::ffi::OsStrExt;
    // A buffer for the entry's strings, doubled while too small, bounded.
    let mut size = 1024usize;
    while size <= 1 << 20 {
        let mut buf = vec![0 as libc::c_char; size];
        // SAFETY: a zeroed passwd is a valid value to be filled in.
        let mut pwd: libc::passwd = unsafe { std::mem::zeroed() };
        let mut found: *mut libc::passwd = std::ptr::null_mut();
        // SAFETY: every pointer is to live memory of the size given, and
        // geteuid cannot fail.
        let rc = unsafe {
            libc::getpwuid_r(
                libc::geteuid(),
                &mut pwd,
                buf.as_mut_ptr(),
                buf.len(),
                &mut found,
            )
        };
        if rc == libc::ERANGE {
            size *= 2;
            continue;
        }
        if rc != 0 || found.is_null() || pwd.pw_dir.is_null() {
            return None;
        }
        // SAFETY: on success pw_dir points to a NUL-terminated string in buf.
        let dir = unsafe { CStr::from_ptr(pwd.pw_dir) };
        let dir = std::ffi::OsStr::from_bytes(dir.to_bytes());
        return (!dir.is_empty()).then(|| PathBuf::from(dir));
    }
    None
}

#[cfg(not(unix))]
fn passwd_home() -> Option<PathBuf> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_home_the_password_database_gives_it_and_a_missing_one_is_none() {
        let dir = tempfile::tempdir().expect("tempdir");
        let real = dir.path().to_path_buf();
        let locks = real.join(".local/share").join(SUB);
        let none = || None;
        let given = |p: &PathBuf| {
            let p = p.clone();
            move || Some(p)
        };
        assert_eq!(
            folders_from(None, None, given(&real)),
            Ok((locks.clone(), None)),
            "HOME unset: the password database's home"
        );
        assert_eq!(
            folders_from(Some("relative".into()), None, given(&real)),
            Ok((locks.clone(), None))
        );
        let gone = real.join("nonexistent");
        let err = folders_from(Some(gone.clone().into()), None, none).expect_err("missing");
        assert!(err.contains("does not exist"), "{err}");
        assert!(err.contains(&gone.display().to_string()), "{err}");
        let err = folders_from(None, None, given(&gone)).expect_err("missing");
        assert!(err.contains("password database"), "{err}");
        let err = folders_from(None, None, none).expect_err("no home at all");
        assert!(err.contains("HOME is not set"), "{err}");
        // XDG_DATA_HOME still holds the locks; a missing home has no old place.
        let xdg = real.join("xdg");
        assert_eq!(
            folders_from(Some(gone.into()), Some(xdg.clone().into()), none),
            Ok((xdg.join(SUB), None))
        );
        assert_eq!(
            folders_from(Some(real.into()), Some(xdg.clone().into()), none),
            Ok((xdg.join(SUB), Some(locks)))
        );
    }

    #[cfg(unix)]
    #[test]
    fn the_password_database_names_a_home_for_this_user() {
        let home = passwd_home().expect("this user has an entry");
        assert!(home.is_absolute(), "{}", home.display());
    }
}
