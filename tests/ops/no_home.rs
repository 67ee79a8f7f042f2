//! Cron without `HOME` (`env -i`, a systemd unit without `User=`) finds the
//! ledger the person at the terminal used: the default ledger comes from
//! the same home as the batch locks (`HOME`, else the password database's
//! home of the user). Before, an unset `HOME` was "no ledger location",
//! and an empty or relative one put the ledger under the current folder.

use super::*;

/// The home the password database gives this user, as a login sets `HOME`.
#[cfg(unix)]
fn passwd_home() -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    // SAFETY: getpwuid returns a pointer into static storage or null; the
    // test reads it at once, on one thread.
    let dir = unsafe {
        let pw = libc::getpwuid(libc::geteuid());
        assert!(!pw.is_null(), "this user has a password entry");
        std::ffi::CStr::from_ptr((*pw).pw_dir)
    };
    PathBuf::from(std::ffi::OsStr::from_bytes(dir.to_bytes()))
}

#[cfg(unix)]
#[test]
fn without_home_the_default_ledger_is_the_one_the_terminal_uses() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let home = passwd_home();
    assert!(home.is_dir(), "{}", home.display());
    // `status` only reads, and names the ledger it looked for.
    let status = |home: Option<&std::ffi::OsStr>| {
        let mut c = payrun(d);
        c.arg("status");
        match home {
            Some(h) => c.env("HOME", h),
            None => c.env_remove("HOME"),
        };
        let out = run(&mut c);
        (code(&out), stdout(&out), stderr(&out))
    };
    let at_terminal = status(Some(home.as_os_str()));
    for unset in [None, Some(""), Some("relative/home")] {
        let under_cron = status(unset.map(std::ffi::OsStr::new));
        assert_eq!(
            under_cron,
            at_terminal,
            "HOME={unset:?} looks for another ledger than HOME={}",
            home.display()
        );
    }
    let made: Vec<_> = std::fs::read_dir(d).expect("read dir").flatten().collect();
    assert!(
        made.is_empty(),
        "files made in the current folder: {made:?}"
    );
}
