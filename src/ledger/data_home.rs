//! Where the user's batch records are kept (`super::batch_lock`): the data
//! home of the XDG rule, found without trusting `HOME` to be set or real,
//! by `config::home`'s one rule, which the default ledger follows too (a
//! cron job without `HOME` finds the same ledger and the same locks as the
//! person at the terminal).
//!
//! `HOME` is unset under a systemd unit without `User=`, under `env -i` and
//! in some containers: the run then took no batch lock, kept no batch mark
//! and said nothing. So a missing `HOME` falls back to the home the password
//! database gives the effective user, as a login would set it. And a home
//! that does not exist (a system user's `/nonexistent`) is not payrun's to
//! make, folders and all, as root, nor is `/`: either counts as no home,
//! and the caller says so.

use crate::config::home::{home_from, passwd_home};
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
/// is unset, empty or relative): `config::home`'s one rule, which the
/// default ledger follows too.
fn folders_from(
    home: Option<OsString>,
    xdg: Option<OsString>,
    passwd: impl FnOnce() -> Option<PathBuf>,
) -> Result<(PathBuf, Option<PathBuf>), String> {
    let old = home_from(home, passwd).map(|h| h.join(".local/share").join(SUB));
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
}
