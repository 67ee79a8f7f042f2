//! Room for the sockets `listen` may hold. Every connection served and
//! every one waiting for a place is an open file; the usual soft limit is
//! 1024 (systemd's default for a service, with a hard limit far higher).
//! As servers commonly do, `listen` raises its soft limit toward the hard
//! one, as far as its limits need; where the hard limit is lower, the
//! queue is made smaller to fit, and the log says so, rather than `accept`
//! failing for want of a descriptor.

use super::ListenLimits;

/// Descriptors besides the connections: the ledger's files per connection
/// (database, -wal, -shm), the log, the listening socket, the runtime's.
const SPARE: usize = 64;

/// `limits`, with `max_waiting` cut to what the open-file limit allows
/// once raised as far as it may be; the warning to log when it was cut.
pub fn fit(mut limits: ListenLimits) -> (ListenLimits, Option<String>) {
    let need = limits.max_connections + limits.max_waiting + SPARE;
    let Some(have) = raise_to(need as u64) else {
        return (limits, None);
    };
    let have = usize::try_from(have).unwrap_or(usize::MAX);
    if have >= need {
        return (limits, None);
    }
    let fits = have.saturating_sub(limits.max_connections + SPARE);
    let said = format!(
        "listen: the open-file limit is {have} (ulimit -n; LimitNOFILE= under systemd), too few \
         for {} connections and {} waiting: at most {fits} wait for a place. Raise the limit \
         to {need}, or lower --max-connections",
        limits.max_connections, limits.max_waiting
    );
    limits.max_waiting = fits.min(limits.max_waiting);
    (limits, Some(said))
}

/// Raises the soft open-file limit to `want`, or to the hard limit if
/// lower; the soft limit then. `None` where it cannot be read.
#[cfg(unix)]
fn raise_to(want: u64) -> Option<u64> {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit and setrlimit with a valid pointer to a local.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) != 0 {
            return None;
        }
        let cur: u64 = lim.rlim_cur;
        if cur >= want {
            return Some(cur);
        }
        let target = want.min(lim.rlim_max);
        let raised = libc::rlimit {
            rlim_cur: target,
            rlim_max: lim.rlim_max,
        };
        if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
            Some(target)
        } else {
            Some(cur)
        }
    }
}

#[cfg(not(unix))]
fn raise_to(_want: u64) -> Option<u64> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_queue_shrinks_to_what_the_open_file_limit_allows_never_below_zero() {
        let limits = ListenLimits::default();
        let (fitted, said) = fit(limits.clone());
        // This process may raise its limit (the tests raise it themselves);
        // whatever it is, what listen may hold fits in it.
        let have = raise_to(0).expect("readable") as usize;
        if said.is_none() {
            assert_eq!(fitted, limits);
        } else {
            assert!(fitted.max_connections + fitted.max_waiting + SPARE <= have.max(SPARE));
        }
        let huge = ListenLimits {
            max_waiting: usize::MAX / 4,
            ..ListenLimits::default()
        };
        let (fitted, said) = fit(huge);
        assert!(said.is_some_and(|s| s.contains("ulimit -n")));
        assert!(fitted.max_waiting < usize::MAX / 4);
    }
}
