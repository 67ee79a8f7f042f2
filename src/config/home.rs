//! The user's home and data home, found one way for everything payrun keeps
//! there: the default ledger (`$XDG_DATA_HOME/payrun/ledger.sqlite`) and
//! the batch locks (`ledger::data_home`).
//!
//! `HOME` is unset under a systemd unit without `User=`, under `env -i` and
//! in some containers. The batch locks then fell back to the home the
//! password database gives the effective user, as a login would set it,
//! but the default ledger was "no ledger location", so a cron job without
//! `HOME` could not find the ledger the person at the terminal used; and an
//! empty or relative `HOME` made the ledger's path relative, so a run put a
//! new ledger under whatever folder it was started in. Now both follow one
//! rule ([`home_from`]): an absolute `HOME`, else the password database's
//! home; a home that does not exist (a system user's `/nonexistent`) is
//! not payrun's to make, and `/` is no one's home (a service's): either
//! counts as no home, and the caller says so.

use std::ffi::OsString;
use std::path::PathBuf;

/// The data home of the XDG rule: `$XDG_DATA_HOME` when set and absolute,
/// else `<home>/.local/share` of [`home_from`]. `Err`: why there is none.
pub fn data_home() -> Result<PathBuf, String> {
    data_home_from(
        std::env::var_os("HOME"),
        std::env::var_os("XDG_DATA_HOME"),
        passwd_home,
    )
}

/// [`data_home`] from the environment's `home` and `xdg`, and `passwd`.
pub fn data_home_from(
    home: Option<OsString>,
    xdg: Option<OsString>,
    passwd: impl FnOnce() -> Option<PathBuf>,
) -> Result<PathBuf, String> {
    match xdg.map(PathBuf::from).filter(|d| d.is_absolute()) {
        Some(d) => Ok(d),
        None => home_from(home, passwd).map(|h| h.join(".local/share")),
    }
}

/// The user's home folder (see the module doc) from the environment's
/// `home` and `passwd`, the password database's home of the effective user
/// (asked only when `home` is unset, empty or relative). `Err`: why there
/// is none.
pub fn home_from(
    home: Option<OsString>,
    passwd: impl FnOnce() -> Option<PathBuf>,
) -> Result<PathBuf, String> {
    let (home, whence) = match home.map(PathBuf::from).filter(|h| h.is_absolute()) {
        Some(h) => (Some(h), "HOME"),
        None => (
            passwd().filter(|h| h.is_absolute()),
            "the password database",
        ),
    };
    match home {
        Some(h) if h.parent().is_none() => Err(format!(
            "the home folder is {} (from {whence}), the root folder, where payrun keeps nothing",
            h.display()
        )),
        Some(h) if h.is_dir() => Ok(h),
        Some(h) => Err(format!(
            "the home folder {} (from {whence}) does not exist, and payrun does not create it",
            h.display()
        )),
        None => Err(
            "HOME is not set and the password database gives this user no home folder".to_string(),
        ),
    }
}

/// The home directory of the effective user in the password database
/// (`getpwuid_r`), as a login would set `HOME`.
#[cfg(unix)]
pub fn passwd_home() -> Option<PathBuf> {
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
pub fn passwd_home() -> Option<PathBuf> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_home_comes_from_xdg_home_or_the_password_database_never_relative() {
        let dir = tempfile::tempdir().expect("tempdir");
        let real = dir.path().to_path_buf();
        let share = real.join(".local/share");
        let given = |p: &PathBuf| {
            let p = p.clone();
            move || Some(p)
        };
        let none = || None;
        for unset in [None, Some(""), Some("relative/home")] {
            let home = unset.map(OsString::from);
            assert_eq!(
                data_home_from(home, None, given(&real)),
                Ok(share.clone()),
                "HOME={unset:?}: the password database's home"
            );
        }
        let xdg = real.join("xdg");
        assert_eq!(
            data_home_from(None, Some(xdg.clone().into()), none),
            Ok(xdg),
            "XDG_DATA_HOME needs no home"
        );
        assert_eq!(
            data_home_from(None, Some("relative".into()), given(&real)),
            Ok(share),
            "a relative XDG_DATA_HOME is ignored"
        );
        let err = data_home_from(None, None, none).expect_err("no home at all");
        assert!(err.contains("HOME is not set"), "{err}");
        let err = data_home_from(Some("/".into()), None, none).expect_err("/ is no home");
        assert!(err.contains("root folder"), "{err}");
        let err = data_home_from(None, None, || Some("/".into())).expect_err("/ is no home");
        assert!(err.contains("password database"), "{err}");
        let gone = real.join("nonexistent");
        let err = data_home_from(None, None, given(&gone)).expect_err("missing");
        assert!(err.contains("does not exist"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn the_password_database_names_a_home_for_this_user() {
        let home = passwd_home().expect("this user has an entry");
        assert!(home.is_absolute(), "{}", home.display());
    }
}
